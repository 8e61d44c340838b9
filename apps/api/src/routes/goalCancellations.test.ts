// PATCH /v1/goals/{id} status into or out of `cancelled` after `plan`: never by the owner or an API key; the manager chain and HR with a reason, as a correction.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { readAudit } from '../testing/auditFeed.ts';
import { kpi, seedCycle, seedGoal, setPhase } from './loop/testCycle.ts';

type GoalJson = { id: string; status: string; version: number };
type Problem = {
  code: string;
  detail: string;
  errors?: { path: string; code: string; location: string }[];
  details?: { fields?: string[] };
};
type Step = {
  fields: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string;
};
type ScoreJson = {
  explanation: string;
  trace: {
    goals: { goalId: string; corrections?: Step[] }[];
    cancelledGoals?: { goalId: string; title: string; weight: number; corrections: Step[] }[];
  };
};

const REASON = 'The customer programme this goal measured was stopped in March.';
const BACK = 'The programme was restarted after all, so the goal counts again.';

describe.each(ENGINES)('cancelling a goal after plan on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;
  const COACH = 'cyc_cx_coach';
  const PLAN = 'cyc_cx_plan';

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    await seedCycle(h, org, { id: COACH, phase: 'coach', participants: [f.id.paul, f.id.hal] });
    await seedGoal(h, org, kpi('g.cx.a', COACH, f.id.paul, 40, 50));
    await seedGoal(h, org, kpi('g.cx.b', COACH, f.id.paul, 30, 80));
    await seedGoal(h, org, kpi('g.cx.c', COACH, f.id.paul, 30, 90));
    await seedGoal(h, org, { ...kpi('g.cx.gone', COACH, f.id.paul, 20, 10), status: 'cancelled' });
    await seedGoal(h, org, kpi('g.cx.hal', COACH, f.id.hal, 100, 60));
    await seedCycle(h, org, { id: PLAN, phase: 'plan', participants: [f.id.paul] });
    await seedGoal(h, org, kpi('g.cx.plan', PLAN, f.id.paul, 100, null));
  });
  afterAll(async () => {
    await h.close();
  });

  const goal = async (id: string) =>
    (await h.call<GoalJson>('GET', `/v1/goals/${id}`, { as: f.email.hal })).body;
  const patch = async (id: string, json: Record<string, unknown>, as: string) =>
    h.call<GoalJson & Problem>('PATCH', `/v1/goals/${id}`, {
      as,
      json,
      headers: { 'If-Match': `"${(await goal(id)).version}"` },
    });
  const audit = () => readAudit(h, f.email.hal);
  const corrections = async (cycleId = COACH) =>
    (await h.store.resources('goal_corrections').list(org, { cycleId, limit: 100 })).records;

  it('the owner may not cancel their own goal, nor restore a cancelled one: 403 own_goal_cancel, nothing changed', async () => {
    const before = [await goal('g.cx.a'), await goal('g.cx.gone')];
    const auditBefore = (await audit()).length;
    for (const [id, status] of [
      ['g.cx.a', 'cancelled'],
      ['g.cx.gone', 'active'],
    ] as const) {
      const res = await patch(id, { status, correctionReason: REASON }, f.email.paul);
      expect([res.status, res.body.code]).toEqual([403, 'own_goal_cancel']);
      expect(res.body.detail).toContain('manager or HR');
      expect(res.body.errors?.map((e) => [e.path, e.code])).toEqual([['status', 'own_goal_cancel']]);
    }
    // HR's own goal is theirs as its owner: the same recusal.
    const own = await patch('g.cx.hal', { status: 'cancelled', correctionReason: REASON }, f.email.hal);
    expect([own.status, own.body.code]).toEqual([403, 'own_goal_cancel']);
    expect([await goal('g.cx.a'), await goal('g.cx.gone')]).toEqual(before);
    expect((await audit()).length).toBe(auditBefore);
    expect(await corrections()).toEqual([]);
  });

  it('other status changes stay free in coach, for the owner and the manager, and record no correction', async () => {
    expect((await patch('g.cx.b', { status: 'done' }, f.email.paul)).status).toBe(200);
    expect((await patch('g.cx.b', { status: 'active' }, f.email.pia)).status).toBe(200);
    // A reason sent with a change that is no cancellation is ignored.
    expect((await patch('g.cx.b', { status: 'done', correctionReason: REASON }, f.email.pia)).status).toBe(
      200,
    );
    expect(await corrections()).toEqual([]);
  });

  it('the manager without a reason: 422 correction_reason_required, nothing changed', async () => {
    const before = await goal('g.cx.a');
    const auditBefore = (await audit()).length;
    for (const json of [{ status: 'cancelled' }, { status: 'cancelled', correctionReason: 'too short' }]) {
      const res = await patch('g.cx.a', json, f.email.pia);
      expect([res.status, res.body.code]).toEqual([422, 'correction_reason_required']);
      expect(res.body.details?.fields).toEqual(['status']);
      expect(res.body.errors?.map((e) => e.path)).toEqual(['correctionReason']);
      expect(res.body.detail).toContain('Cancelling "Goal g.cx.a"');
    }
    expect(await goal('g.cx.a')).toEqual(before);
    expect((await audit()).length).toBe(auditBefore);
    expect(await corrections()).toEqual([]);
  });

  it('an API key may not cancel after plan (403 goal_cancel_by_person) but still moves other statuses', async () => {
    const key = await h.apiKey(org, ['sync:notion']);
    const viaKey = async (id: string, json: Record<string, unknown>) =>
      h.call<Problem>('PATCH', `/v1/goals/${id}`, {
        key,
        json,
        headers: { 'If-Match': `"${(await goal(id)).version}"` },
      });
    const refused = await viaKey('g.cx.c', { status: 'cancelled', correctionReason: REASON });
    expect([refused.status, refused.body.code]).toEqual([403, 'goal_cancel_by_person']);
    expect(refused.body.detail).toContain("owner's manager or HR");
    expect((await goal('g.cx.c')).status).toBe('active');
    expect((await viaKey('g.cx.c', { status: 'done' })).status).toBe(200);
    expect((await viaKey('g.cx.c', { status: 'active' })).status).toBe(200);
  });

  it('the manager with a reason: cancelled, audited goal.corrected and kept as a correction', async () => {
    const before = await goal('g.cx.a');
    const res = await patch('g.cx.a', { status: 'cancelled', correctionReason: REASON }, f.email.pia);
    expect([res.status, res.body.status, res.body.version]).toEqual([200, 'cancelled', before.version + 1]);
    const entry = (await audit()).find((e) => e.action === 'goal.corrected' && e.resourceId === 'g.cx.a');
    expect(entry?.actor).toBe(f.id.pia);
    expect(entry?.data).toMatchObject({
      fields: ['status'],
      before: { status: 'active' },
      after: { status: 'cancelled' },
      reason: REASON,
      phase: 'coach',
      subjectId: f.id.paul,
    });
    const records = await corrections();
    expect(records.map((r) => r.data)).toEqual([
      expect.objectContaining({
        goalId: 'g.cx.a',
        fields: ['status'],
        correctedBy: f.id.pia,
        reason: REASON,
      }),
    ]);
  });

  it('HR restores a cancelled goal with a reason in appraise; both show in the explanation', async () => {
    await setPhase(h, org, COACH, 'appraise');
    // The manager is past their phase; HR corrects.
    const late = await patch('g.cx.gone', { status: 'active', correctionReason: BACK }, f.email.pia);
    expect([late.status, late.body.code]).toEqual([409, 'wrong_phase']);
    const bare = await patch('g.cx.gone', { status: 'active' }, f.email.hal);
    expect([bare.status, bare.body.code]).toEqual([422, 'correction_reason_required']);
    expect(bare.body.detail).toContain('Restoring the cancelled goal');
    const res = await patch('g.cx.gone', { status: 'active', correctionReason: BACK }, f.email.hal);
    expect([res.status, res.body.status]).toEqual([200, 'active']);

    const score = await h.call<ScoreJson>('GET', `/v1/cycles/${COACH}/scores/${f.id.paul}?explain=true`, {
      as: f.email.hal,
    });
    expect(score.status).toBe(200);
    expect(score.body.trace.cancelledGoals).toEqual([
      {
        goalId: 'g.cx.a',
        title: 'Goal g.cx.a',
        kind: 'kpi',
        weight: 40,
        corrections: [expect.objectContaining({ fields: ['status'], reason: REASON })],
      },
    ]);
    expect(score.body.trace.goals.map((g) => g.goalId)).not.toContain('g.cx.a');
    const restored = score.body.trace.goals.find((g) => g.goalId === 'g.cx.gone');
    expect(restored?.corrections).toEqual([
      expect.objectContaining({ before: { status: 'cancelled' }, after: { status: 'active' }, reason: BACK }),
    ]);
    expect(score.body.explanation).toContain('Cancelled after the plan was agreed (not counted):');
    expect(score.body.explanation).toMatch(
      new RegExp(
        `Goal g\\.cx\\.a \\[kpi, weight 40\\]\\n {4}Corrected after the plan was agreed \\(coach, [0-9-]+, by ${f.id.pia}\\): status active → cancelled — ${REASON}`,
      ),
    );
    expect(score.body.explanation).toContain(`status cancelled → active — ${BACK}`);
    await setPhase(h, org, COACH, 'coach');
  });

  it('in plan cancelling is part of drafting: the owner may, without a reason, and nothing is a correction', async () => {
    const res = await patch('g.cx.plan', { status: 'cancelled' }, f.email.paul);
    expect([res.status, res.body.status]).toEqual([200, 'cancelled']);
    expect((await patch('g.cx.plan', { status: 'active' }, f.email.paul)).status).toBe(200);
    expect(await corrections(PLAN)).toEqual([]);
  });
});
