// A person whose every goal was cancelled after plan: no score, said as `all_goals_cancelled` with the cancelled goals and why, by the score routes, calibration and results (never a 5xx).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { kpi, seedCycle, seedGoal, setPhase } from './loop/testCycle.ts';

type Step = {
  fields: string[];
  before: Record<string, unknown>;
  after: Record<string, unknown>;
  reason: string;
};
type Problem = {
  status: number;
  code: string;
  detail: string;
  details?: {
    subjectId?: string;
    reason?: string;
    cancelledGoals?: { goalId: string; title: string; kind: string; weight: number; corrections: Step[] }[];
    explanation?: string;
  };
  errors?: { path: string; code: string }[];
};
type Failure = { subjectId: string; code: string; message: string };

const REASON = 'The customer programme these goals measured was stopped in March.';
const CYCLE = 'cyc_allgone';

describe.each(ENGINES)('a plan whose every goal was cancelled on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    await seedCycle(h, org, { id: CYCLE, phase: 'coach', participants: [f.id.paul, f.id.pia, f.id.sam] });
    await seedGoal(h, org, kpi('g.ag.a', CYCLE, f.id.paul, 60, 80));
    await seedGoal(h, org, kpi('g.ag.b', CYCLE, f.id.paul, 40, 90));
    await seedGoal(h, org, kpi('g.ag.pia', CYCLE, f.id.pia, 100, 100));
    await seedGoal(h, org, kpi('g.ag.sam', CYCLE, f.id.sam, 100, 150));
    // Paul's manager cancels both of his goals in coach, each as a correction with its reason.
    for (const id of ['g.ag.a', 'g.ag.b']) {
      const goal = await h.call<{ version: number }>('GET', `/v1/goals/${id}`, { as: f.email.pia });
      const res = await h.call('PATCH', `/v1/goals/${id}`, {
        as: f.email.pia,
        json: { status: 'cancelled', correctionReason: REASON },
        headers: { 'If-Match': `"${goal.body.version}"` },
      });
      if (res.status !== 200) throw new Error(`cancel ${id}: ${res.status}`);
    }
    await setPhase(h, org, CYCLE, 'appraise');
  });
  afterAll(async () => {
    await h.close();
  });

  const scoreOf = (personId: string, as: string, explain = false) =>
    h.call<Problem>('GET', `/v1/cycles/${CYCLE}/scores/${personId}${explain ? '?explain=true' : ''}`, { as });

  it('the cycle’s scores list the others and say why Paul has none', async () => {
    const res = await h.call<{ items: { subjectId: string }[]; failures: Failure[] }>(
      'GET',
      `/v1/cycles/${CYCLE}/scores?explain=true`,
      { as: f.email.hal },
    );
    expect(res.status).toBe(200);
    expect(res.body.items.map((s) => s.subjectId).sort()).toEqual([f.id.pia, f.id.sam].sort());
    expect(res.body.failures).toEqual([
      {
        subjectId: f.id.paul,
        code: 'all_goals_cancelled',
        message: `Every goal of ${f.id.paul}'s plan is cancelled (2: "Goal g.ag.a", "Goal g.ag.b"): nothing is left to score, so there is no score or rating. Restore a goal or add one (a correction of the plan, with its reason) to score them.`,
      },
    ]);
  });

  it('Paul’s score: 422 all_goals_cancelled with each cancelled goal and why; with explain=true, in words', async () => {
    const res = await scoreOf(f.id.paul, f.email.pia);
    expect([res.status, res.body.code]).toEqual([422, 'all_goals_cancelled']);
    expect(res.body.detail).toContain('nothing is left to score');
    const cancelledGoals = [
      {
        goalId: 'g.ag.a',
        title: 'Goal g.ag.a',
        kind: 'kpi',
        weight: 60,
        corrections: [
          expect.objectContaining({
            fields: ['status'],
            before: { status: 'active' },
            after: { status: 'cancelled' },
            reason: REASON,
            correctedBy: f.id.pia,
          }),
        ],
      },
      expect.objectContaining({ goalId: 'g.ag.b', weight: 40, corrections: [expect.anything()] }),
    ];
    expect(res.body.details).toEqual({ subjectId: f.id.paul, reason: 'all_goals_cancelled', cancelledGoals });
    const explained = await scoreOf(f.id.paul, f.email.hal, true);
    expect(explained.status).toBe(422);
    expect(explained.body.details?.cancelledGoals).toEqual(cancelledGoals);
    const text = explained.body.details?.explanation ?? '';
    expect(text.split('\n').slice(0, 4)).toEqual([
      `No score for ${f.id.paul}: every goal of the plan is cancelled, so nothing is left to score and there is no rating. Restore a goal or add one (a correction of the plan, with its reason) to score them.`,
      'Cancelled goals (not counted):',
      '  - Goal g.ag.a [kpi, weight 60]',
      expect.stringMatching(
        new RegExp(
          `^ {4}Corrected after the plan was agreed \\(coach, [0-9-]+, by ${f.id.pia}\\): status active → cancelled — ${REASON}$`,
        ),
      ),
    ]);
    // Someone else's score is unchanged, and someone who may not see Paul learns nothing of it, as before.
    expect((await scoreOf(f.id.sam, f.email.hal)).status).toBe(200);
    const hidden = await scoreOf(f.id.paul, f.email.sam);
    expect([hidden.status, hidden.body.details]).toEqual([404, undefined]);
  });

  it('calibration: the distribution counts Paul as unscored with the reason; moving his rating is 422', async () => {
    await setPhase(h, org, CYCLE, 'calibrate');
    const session = await h.call<{ id: string }>('POST', '/v1/calibration-sessions', {
      as: f.email.hal,
      json: { cycleId: CYCLE, departmentIds: [f.dept.eng], name: 'Engineering' },
    });
    expect(session.status).toBe(201);
    const distribution = await h.call<{ people: string[]; unscored: Failure[] }>(
      'GET',
      `/v1/calibration-sessions/${session.body.id}/distribution`,
      { as: f.email.hal },
    );
    expect(distribution.status).toBe(200);
    expect(distribution.body.unscored.map((u) => [u.subjectId, u.code])).toEqual([
      [f.id.paul, 'all_goals_cancelled'],
    ]);
    for (const view of ['rater-bias', 'nine-box', 'evidence', 'forced-distribution']) {
      const res = await h.call('GET', `/v1/calibration-sessions/${session.body.id}/${view}`, {
        as: f.email.hal,
      });
      expect([view, res.status]).toEqual([view, 200]);
    }
    const move = await h.call<Problem>('POST', `/v1/calibration-sessions/${session.body.id}/adjustments`, {
      as: f.email.hal,
      json: {
        personId: f.id.paul,
        fromRating: 3,
        toRating: 4,
        justification: 'Paul carried the team through the migration in May.',
      },
    });
    expect([move.status, move.body.code]).toEqual([422, 'all_goals_cancelled']);
    expect(move.body.errors?.map((e) => [e.path, e.code])).toEqual([['personId', 'all_goals_cancelled']]);
  });

  it('results: the preview gives Paul no result and says why', async () => {
    await setPhase(h, org, CYCLE, 'apply');
    const res = await h.call<{
      people: { personId: string }[];
      warnings: { code: string; message: string; personIds: string[] }[];
    }>('POST', `/v1/cycles/${CYCLE}/results/preview`, {
      as: f.email.hal,
      json: { poolCents: 1_000_000, meritBudgetCents: 500_000, mode: 'fit', startsOn: '2026-08-03' },
    });
    expect(res.status).toBe(200);
    expect(res.body.people.map((p) => p.personId)).not.toContain(f.id.paul);
    const byCode = new Map(res.body.warnings.map((w) => [w.code, w]));
    expect(byCode.get('not_rated')?.personIds).toEqual([f.id.paul]);
    expect(byCode.get('all_goals_cancelled')).toEqual({
      code: 'all_goals_cancelled',
      message: '1 person of the cycle had every goal of their plan cancelled: no score, so no result.',
      personIds: [f.id.paul],
    });
  });
});
