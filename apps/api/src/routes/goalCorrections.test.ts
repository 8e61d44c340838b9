// PATCH /v1/goals/{id} after `plan`: HR's change to what a person goal is scored from needs a reason, is audited and shows in the explanation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { readAudit, readFeed } from '../testing/auditFeed.ts';
import { kpi, seedCycle, seedGoal, setPhase } from './loop/testCycle.ts';

type GoalJson = { id: string; weight: number; target: number; version: number; description: string };
type Problem = {
  code: string;
  detail: string;
  errors?: { path: string; code: string; location: string }[];
  details?: { fields?: string[]; min?: number };
};
type Step = {
  id: string;
  phase: string;
  fields: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string;
  correctedBy: string;
  correctedAt: string;
};
type ScoreJson = {
  score: number;
  explanation: string;
  trace: { goals: { goalId: string; target: number | null; corrections?: Step[] }[] };
};

const REASON = 'The agreed target carried a typo: 1000 instead of 100.';

describe.each(ENGINES)('goal corrections after plan on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;
  const CYCLE = 'cyc_gc';

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    await seedCycle(h, org, { id: CYCLE, phase: 'appraise', participants: [f.id.paul, f.id.sam, f.id.hal] });
    await seedGoal(h, org, kpi('g.gc.paul', CYCLE, f.id.paul, 100, 60));
    await seedGoal(h, org, kpi('g.gc.sam', CYCLE, f.id.sam, 100, 60));
    await seedGoal(h, org, kpi('g.gc.hal', CYCLE, f.id.hal, 100, 60));
    await seedGoal(h, org, {
      ...kpi('g.gc.dept', CYCLE, f.id.paul, 100, 60),
      level: 'department',
      ownerId: null,
      departmentId: f.dept.eng,
    });
    await seedCycle(h, org, { id: 'cyc_gc_plan', phase: 'plan', participants: [f.id.paul] });
    await seedGoal(h, org, kpi('g.gc.plan', 'cyc_gc_plan', f.id.paul, 100, null));
    await seedCycle(h, org, { id: 'cyc_gc_coach', phase: 'coach', participants: [f.id.paul] });
    await seedGoal(h, org, kpi('g.gc.coach', 'cyc_gc_coach', f.id.paul, 100, null));
  });
  afterAll(async () => {
    await h.close();
  });

  const goal = async (id: string) =>
    (await h.call<GoalJson>('GET', `/v1/goals/${id}`, { as: f.email.hal })).body;
  const patch = async (id: string, json: Record<string, unknown>, as = f.email.hal) =>
    h.call<GoalJson & Problem>('PATCH', `/v1/goals/${id}`, {
      as,
      json,
      headers: { 'If-Match': `"${(await goal(id)).version}"` },
    });
  const audit = () => readAudit(h, f.email.hal);
  const events = () => readFeed(h, f.email.hal);
  const corrections = async () =>
    (await h.store.resources('goal_corrections').list(org, { cycleId: CYCLE, limit: 100 })).records;
  const score = async (personId: string, as = f.email.hal) =>
    h.call<ScoreJson>('GET', `/v1/cycles/${CYCLE}/scores/${personId}?explain=true`, { as });

  it('422 correction_reason_required without a reason, or a short one; nothing changes', async () => {
    const before = await goal('g.gc.paul');
    const auditBefore = (await audit()).length;
    const eventsBefore = (await events()).length;
    for (const json of [
      { target: 80 },
      { target: 80, correctionReason: 'typo' },
      { weight: 90, correctionReason: '   ' },
    ]) {
      const res = await patch('g.gc.paul', json);
      expect([res.status, res.body.code]).toEqual([422, 'correction_reason_required']);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: 'correctionReason',
          code: 'correction_reason_required',
          location: 'body',
        }),
      ]);
      expect(res.body.details).toMatchObject({ min: 20 });
      expect(res.body.detail).toContain('target adjustment');
      expect(res.body.detail).toContain('/v1/target-adjustments');
    }
    expect(await goal('g.gc.paul')).toEqual(before);
    expect((await audit()).length).toBe(auditBefore);
    expect((await events()).length).toBe(eventsBefore);
    expect(await corrections()).toEqual([]);
  });

  it('with a reason: the change, a goal.corrected audit entry, the feed event and the stored correction, in one write', async () => {
    const before = await goal('g.gc.paul');
    const res = await patch('g.gc.paul', {
      target: 80,
      description: 'Fixed typo',
      correctionReason: `  ${REASON} `,
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ target: 80, description: 'Fixed typo', version: before.version + 1 });
    expect(res.body).not.toHaveProperty('correctionReason');
    const stored = await h.store.resources('goals').get(org, 'g.gc.paul');
    expect(stored?.data).not.toHaveProperty('correctionReason');

    const entry = (await audit()).find((e) => e.action === 'goal.corrected' && e.resourceId === 'g.gc.paul');
    expect(entry?.actor).toBe(f.id.hal);
    expect(entry?.data).toMatchObject({
      goalId: 'g.gc.paul',
      subjectId: f.id.paul,
      cycleId: CYCLE,
      phase: 'appraise',
      fields: ['target'],
      before: { target: 100 },
      after: { target: 80 },
      reason: REASON,
    });
    const feed = await events();
    expect(feed).toContainEqual(
      expect.objectContaining({
        kind: 'goals',
        resourceId: 'g.gc.paul',
        op: 'update',
        version: before.version + 1,
      }),
    );
    const records = await corrections();
    expect(records).toHaveLength(1);
    expect(records[0]?.data).toMatchObject({
      id: entry?.data.correctionId,
      goalId: 'g.gc.paul',
      subjectId: f.id.paul,
      fields: ['target'],
      reason: REASON,
      correctedBy: f.id.hal,
    });
    expect(records[0]?.subjectId).toBe(f.id.paul);
    expect(records[0]?.parentId).toBe('g.gc.paul');
  });

  it("the owner's score explanation lists the correction (trace and plain text): for HR, in the cycle's list, and the owner from feedback on", async () => {
    await setPhase(h, org, CYCLE, 'feedback');
    for (const as of [f.email.hal, f.email.paul]) {
      const res = await score(f.id.paul, as);
      expect(res.status).toBe(200);
      const g = res.body.trace.goals.find((x) => x.goalId === 'g.gc.paul');
      expect(g?.target).toBe(80);
      expect(g?.corrections).toEqual([
        expect.objectContaining({
          phase: 'appraise',
          fields: ['target'],
          before: { target: 100 },
          after: { target: 80 },
          reason: REASON,
          correctedBy: f.id.hal,
        }),
      ]);
      expect(res.body.explanation).toContain(
        `Corrected after the plan was agreed (appraise, ${g?.corrections?.[0]?.correctedAt.slice(0, 10)}, by ${f.id.hal}): target 100 → 80 — ${REASON}`,
      );
    }
    const list = await h.call<{ items: ScoreJson[] & { subjectId: string }[] }>(
      'GET',
      `/v1/cycles/${CYCLE}/scores?explain=true`,
      { as: f.email.hal },
    );
    const sam = (list.body.items as unknown as (ScoreJson & { subjectId: string })[]).find(
      (s) => s.subjectId === f.id.sam,
    );
    expect(sam?.trace.goals.every((g) => g.corrections === undefined)).toBe(true);
    expect(sam?.explanation).not.toContain('Corrected after');
    const paul = (list.body.items as unknown as (ScoreJson & { subjectId: string })[]).find(
      (s) => s.subjectId === f.id.paul,
    );
    expect(paul?.trace.goals.find((g) => g.goalId === 'g.gc.paul')?.corrections).toHaveLength(1);
    await setPhase(h, org, CYCLE, 'appraise');
  });

  it('non-scoring fields keep working without a reason; a reason sent with them is ignored', async () => {
    const count = (await corrections()).length;
    expect(
      (await patch('g.gc.sam', { description: 'Context', actual: 70, status: 'active', title: 'Sales' }))
        .status,
    ).toBe(200);
    expect((await patch('g.gc.sam', { description: 'More context', correctionReason: REASON })).status).toBe(
      200,
    );
    expect((await corrections()).length).toBe(count);
    expect(
      (await audit()).filter((e) => e.action === 'goal.corrected' && e.resourceId === 'g.gc.sam'),
    ).toEqual([]);
  });

  it('in plan nothing is a correction: scoring fields change without a reason', async () => {
    const res = await patch('g.gc.plan', { target: 90, weight: 100 }, f.email.hal);
    expect([res.status, res.body.target]).toEqual([200, 90]);
    expect(await h.store.resources('goal_corrections').list(org, { cycleId: 'cyc_gc_plan' })).toMatchObject({
      records: [],
    });
  });

  it('in coach too HR needs a reason; department goals are not a correction; a body of only the reason is 400', async () => {
    expect((await patch('g.gc.coach', { weight: 90 })).body.code).toBe('correction_reason_required');
    expect((await patch('g.gc.coach', { weight: 90, correctionReason: REASON })).status).toBe(200);
    expect(
      (await h.store.resources('goal_corrections').list(org, { cycleId: 'cyc_gc_coach' })).records,
    ).toHaveLength(1);
    expect((await patch('g.gc.dept', { target: 90 })).status).toBe(200);
    const empty = await patch('g.gc.sam', { correctionReason: REASON });
    expect([empty.status, empty.body.code]).toEqual([400, 'validation_failed']);
  });

  it('other roles are unaffected: after plan they stay refused (409), reason or not; HR on their own goal is the owner', async () => {
    for (const as of [f.email.paul, f.email.pia]) {
      const res = await patch('g.gc.paul', { target: 70, correctionReason: REASON }, as);
      expect([res.status, res.body.code]).toEqual([409, 'wrong_phase']);
    }
    const own = await patch('g.gc.hal', { target: 70, correctionReason: REASON });
    expect([own.status, own.body.code]).toEqual([409, 'wrong_phase']);
    const key = await h.apiKey(org, ['sync:notion']);
    const viaKey = await h.call<Problem>('PATCH', '/v1/goals/g.gc.coach', {
      key,
      json: { target: 70, correctionReason: REASON },
      headers: { 'If-Match': `"${(await goal('g.gc.coach')).version}"` },
    });
    expect(viaKey.status).toBe(403);
  });
});
