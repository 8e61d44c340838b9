// The gate into feedback: appraisals_missing holds the move while a participant's self or manager appraisal is missing, and the readiness and the refusal name those people (at most five, then how many more).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import type { ProblemJson } from './cycles/testCycle.ts';
import { seedCycle, seedReview } from './loop/testCycle.ts';

type Reason = { code: string; count: number; ids: string[]; message: string };
type Readiness = { next: string | null; ready: boolean; reasons: Reason[] };

describe.each(ENGINES)('the gate into feedback on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;
  const CYCLE = `cyc_fbgate_${engine}`;

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    const everyone = (['cat', 'hana', 'sam', 'erin', 'mo', 'pia', 'paul'] as const).map((n) => f.id[n]);
    await seedCycle(h, org, { id: CYCLE, phase: 'calibrate', participants: everyone });
    // Only Sam has both appraisals (the policy weighs the self-appraisal); the six others lack one or both.
    const at = '2026-04-01T09:00:00Z';
    await seedReview(h, org, {
      id: 'rv_gate_sam_self',
      cycleId: CYCLE,
      subjectId: f.id.sam,
      reviewerId: f.id.sam,
      component: 'self',
      ratings: [],
      submittedAt: at,
    });
    await seedReview(h, org, {
      id: 'rv_gate_sam_mgr',
      cycleId: CYCLE,
      subjectId: f.id.sam,
      reviewerId: f.id.hana,
      component: 'manager',
      ratings: [],
      submittedAt: at,
    });
    await seedReview(h, org, {
      id: 'rv_gate_paul_mgr',
      cycleId: CYCLE,
      subjectId: f.id.paul,
      reviewerId: f.id.pia,
      component: 'manager',
      ratings: [],
      submittedAt: at,
    });
    const session = await h.call<{ id: string; version: number }>('POST', '/v1/calibration-sessions', {
      as: f.email.hal,
      json: { cycleId: CYCLE, departmentIds: [f.dept.root], name: 'Everyone' },
    });
    expect(session.status).toBe(201);
    const finalised = await h.call('POST', `/v1/calibration-sessions/${session.body.id}/finalise`, {
      as: f.email.hal,
      headers: { 'If-Match': `"${session.body.version}"` },
    });
    expect(finalised.status).toBe(200);
  });
  afterAll(async () => {
    await h.close();
  });

  const missing = (f: Fixture) =>
    (['cat', 'hana', 'erin', 'mo', 'pia', 'paul'] as const).map((n) => f.id[n]).sort();

  it('readiness names the people (five, then how many more); a manager reads only hers, named', async () => {
    const hr = await h.call<Readiness>('GET', `/v1/cycles/${CYCLE}/readiness`, { as: f.email.hal });
    expect(hr.status).toBe(200);
    expect([hr.body.next, hr.body.ready]).toEqual(['feedback', false]);
    expect(hr.body.reasons.map((r) => [r.code, r.count, r.ids])).toEqual([
      ['appraisals_missing', 6, missing(f)],
    ]);
    expect(hr.body.reasons[0]?.message).toMatch(
      /^6 people have a self or manager appraisal still missing: their result would be discussed in feedback without it: .+ and 1 more$/,
    );
    // Pia manages Paul: she reads the two of them, by name.
    const pia = await h.call<Readiness>('GET', `/v1/cycles/${CYCLE}/readiness`, { as: f.email.pia });
    expect(pia.body.reasons).toEqual([
      {
        code: 'appraisals_missing',
        count: 2,
        ids: [f.id.paul, f.id.pia].sort(),
        message:
          '2 people have a self or manager appraisal still missing: their result would be discussed in feedback without it: Paul Dev and Pia Lead',
      },
    ]);
  });

  it('the move is refused naming them; an override records the reason without names', async () => {
    const refused = await h.call<ProblemJson & { details: { reasons: Reason[] } }>(
      'POST',
      `/v1/cycles/${CYCLE}/transitions`,
      { as: f.email.hal, json: { to: 'feedback' } },
    );
    expect([refused.status, refused.body.code]).toEqual([409, 'transition_refused']);
    const [reason] = refused.body.details.reasons;
    expect([reason?.code, reason?.count, reason?.ids]).toEqual(['appraisals_missing', 6, missing(f)]);
    expect(refused.body.detail).toContain('Cat Chief');
    expect(refused.body.detail).toContain('and 1 more');
    const moved = await h.call<{
      phase: string;
      history: { override: { refusals: Reason[] } | null }[];
    }>('POST', `/v1/cycles/${CYCLE}/transitions`, {
      as: f.email.hal,
      json: {
        to: 'feedback',
        override: { reason: 'Appraisals of the leave cohort are waived by the board.' },
      },
    });
    expect([moved.status, moved.body.phase]).toEqual([200, 'feedback']);
    const refusals = moved.body.history.at(-1)?.override?.refusals ?? [];
    expect(refusals.map((r) => [r.code, r.count])).toEqual([['appraisals_missing', 6]]);
    expect(refusals[0]?.message).not.toContain('Cat Chief');
  });
});
