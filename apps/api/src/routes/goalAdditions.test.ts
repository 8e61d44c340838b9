// POST /v1/goals after `plan`: HR's new person goal changes what its owner is scored from, so it needs a reason, is audited and shows in the explanation.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { readAudit, readFeed } from '../testing/auditFeed.ts';
import { kpi, seedCycle, seedGoal } from './loop/testCycle.ts';

type GoalJson = { id: string; title: string; weight: number; version: number };
type Problem = {
  code: string;
  detail: string;
  errors?: { path: string; code: string; location: string }[];
  details?: { fields?: string[]; min?: number; phase?: string };
};
type Step = {
  id: string;
  kind?: string;
  title?: string;
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
  trace: { goals: { goalId: string; corrections?: Step[] }[] };
};

const REASON = 'Paul took over the partner integrations from Sam in April.';
const CYCLE = 'cyc_ga';

/** A KPI person goal body for `ownerId` in `cycleId`, as POST /v1/goals takes it. */
const body = (cycleId: string, ownerId: string | null, extra: Record<string, unknown> = {}) => ({
  cycleId,
  level: 'person',
  ownerId,
  kind: 'kpi',
  title: 'Partner integrations',
  weight: 20,
  unit: 'integrations',
  direction: 'higher_is_better',
  baseline: 0,
  target: 10,
  actual: 8,
  ...extra,
});

describe.each(ENGINES)('person goals added after plan on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    await seedCycle(h, org, { id: CYCLE, phase: 'appraise', participants: [f.id.paul, f.id.sam, f.id.hal] });
    await seedGoal(h, org, kpi('g.ga.paul', CYCLE, f.id.paul, 80, 60));
    await seedGoal(h, org, kpi('g.ga.sam', CYCLE, f.id.sam, 100, 60));
    await seedCycle(h, org, { id: 'cyc_ga_plan', phase: 'plan', participants: [f.id.paul] });
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (json: Record<string, unknown>, as = f.email.hal) =>
    h.call<GoalJson & Problem>('POST', '/v1/goals', { as, json });
  const goalsOf = async (cycleId: string) =>
    (await h.store.resources('goals').list(org, { cycleId, limit: 500 })).records;
  const audit = () => readAudit(h, f.email.hal);
  const events = () => readFeed(h, f.email.hal);
  const corrections = async (cycleId = CYCLE) =>
    (await h.store.resources('goal_corrections').list(org, { cycleId, limit: 100 })).records;

  it('422 correction_reason_required without a reason, or a short one; nothing is created', async () => {
    const goalsBefore = (await goalsOf(CYCLE)).length;
    const auditBefore = (await audit()).length;
    const eventsBefore = (await events()).length;
    for (const extra of [{}, { correctionReason: 'new work' }, { correctionReason: '    ' }]) {
      const res = await post(body(CYCLE, f.id.paul, extra));
      expect([res.status, res.body.code]).toEqual([422, 'correction_reason_required']);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: 'correctionReason',
          code: 'correction_reason_required',
          location: 'body',
        }),
      ]);
      expect(res.body.details).toMatchObject({ min: 20, phase: 'appraise' });
      expect(res.body.details?.fields).toContain('weight');
      expect(res.body.detail).toContain('Adding "Partner integrations"');
    }
    expect((await goalsOf(CYCLE)).length).toBe(goalsBefore);
    expect((await audit()).length).toBe(auditBefore);
    expect((await events()).length).toBe(eventsBefore);
    expect(await corrections()).toEqual([]);
  });

  it('with a reason: the goal, a goal.corrected audit entry, its feed event and the stored correction, in one write', async () => {
    const res = await post(body(CYCLE, f.id.paul, { correctionReason: `  ${REASON} ` }));
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ title: 'Partner integrations', weight: 20, version: 1 });
    expect(res.body).not.toHaveProperty('correctionReason');
    const id = res.body.id;
    const stored = await h.store.resources('goals').get(org, id);
    expect(stored?.data).not.toHaveProperty('correctionReason');

    const entry = (await audit()).find((e) => e.action === 'goal.corrected' && e.resourceId === id);
    expect(entry?.actor).toBe(f.id.hal);
    expect(entry?.data).toMatchObject({
      kind: 'added',
      goalId: id,
      subjectId: f.id.paul,
      cycleId: CYCLE,
      phase: 'appraise',
      before: { weight: null, target: null },
      after: { weight: 20, target: 10 },
      reason: REASON,
      created: expect.objectContaining({ id, title: 'Partner integrations', ownerId: f.id.paul }),
    });
    expect(await events()).toContainEqual(
      expect.objectContaining({ kind: 'goals', resourceId: id, op: 'create', version: 1 }),
    );
    const records = await corrections();
    expect(records).toHaveLength(1);
    expect(records[0]?.data).toMatchObject({
      id: entry?.data.correctionId,
      kind: 'added',
      title: 'Partner integrations',
      goalId: id,
      subjectId: f.id.paul,
      fields: ['weight', 'kind', 'direction', 'baseline', 'target', 'curve'],
      reason: REASON,
      correctedBy: f.id.hal,
    });
    expect([records[0]?.subjectId, records[0]?.parentId]).toEqual([f.id.paul, id]);

    // The owner's explanation names the addition: the trace step and the plain-text line.
    const score = await h.call<ScoreJson>('GET', `/v1/cycles/${CYCLE}/scores/${f.id.paul}?explain=true`, {
      as: f.email.hal,
    });
    expect(score.status).toBe(200);
    const step = score.body.trace.goals.find((g) => g.goalId === id)?.corrections?.[0];
    expect(step).toMatchObject({
      kind: 'added',
      title: 'Partner integrations',
      phase: 'appraise',
      after: expect.objectContaining({ weight: 20 }),
      reason: REASON,
      correctedBy: f.id.hal,
    });
    expect(score.body.explanation).toContain(
      `Added after the plan was agreed (appraise, ${step?.correctedAt.slice(0, 10)}, by ${f.id.hal}): ` +
        `Partner integrations, weight 20 — ${REASON}`,
    );
    expect(score.body.trace.goals.find((g) => g.goalId === 'g.ga.paul')?.corrections).toBeUndefined();
  });

  it('in plan adding a goal is drafting the plan: no reason needed, no correction', async () => {
    const count = (await goalsOf('cyc_ga_plan')).length;
    expect((await post(body('cyc_ga_plan', f.id.paul))).status).toBe(201);
    expect((await post(body('cyc_ga_plan', f.id.paul), f.email.pia)).status).toBe(201);
    expect((await goalsOf('cyc_ga_plan')).length).toBe(count + 2);
    expect(await corrections('cyc_ga_plan')).toEqual([]);
  });

  it('department and organisation goals after plan need no reason and make no correction', async () => {
    const before = (await corrections()).length;
    const dept = await post(body(CYCLE, null, { level: 'department', departmentId: f.dept.eng }));
    expect(dept.status).toBe(201);
    const organisation = await post(body(CYCLE, null, { level: 'organisation' }));
    expect(organisation.status).toBe(201);
    expect((await corrections()).length).toBe(before);
    const entries = (await audit()).filter(
      (e) =>
        e.action === 'goal.corrected' && [dept.body.id, organisation.body.id].includes(String(e.resourceId)),
    );
    expect(entries).toEqual([]);
  });

  it('who may add goals after plan is unchanged: managers and HR for their own goals stay refused (409), reason or not', async () => {
    const withReason = { correctionReason: REASON };
    const manager = await post(body(CYCLE, f.id.paul, withReason), f.email.pia);
    expect([manager.status, manager.body.code]).toEqual([409, 'wrong_phase']);
    const own = await post(body(CYCLE, f.id.hal, withReason));
    expect([own.status, own.body.code]).toEqual([409, 'wrong_phase']);
    const tooLong = await post(body(CYCLE, f.id.sam, { correctionReason: 'x'.repeat(2001) }));
    expect([tooLong.status, tooLong.body.code]).toEqual([400, 'validation_failed']);
  });
});
