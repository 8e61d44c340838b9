// Guard facts from storage: other modules' records (reviews, sessions, meetings, results, drafts) read by their core fields.
import { POLICY_PRESETS } from '@perfloop/core';
import type { ResourceKind } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ApiHarness, createApiHarness, ENGINES } from '../../testing/apiHarness.ts';
import { StoredCycleSchema } from './cycleRecord.ts';
import { cycleGuardState, leavingPhases, loadCycleFacts } from './facts.ts';

describe.each(ENGINES)('cycle facts on %s', (engine) => {
  let h: ApiHarness;
  const orgId = 'org_facts';
  const cycle = StoredCycleSchema.parse({
    id: 'cyc_f',
    name: 'F',
    policyName: POLICY_PRESETS.incentive.name,
    startsOn: '2026-01-01',
    endsOn: '2026-06-30',
    phase: 'feedback',
    history: [
      {
        from: 'plan',
        to: 'feedback',
        at: '2026-01-02T00:00:00Z',
        actorId: 'per_hr',
        override: { reason: 'seeded for the test', refusals: [] },
        skipped: ['coach', 'appraise', 'calibrate'],
      },
    ],
    policyId: 'pol_1',
    policy: POLICY_PRESETS.incentive,
    participants: ['per_a', 'per_b', 'per_c'],
  });

  async function put(
    kind: ResourceKind,
    id: string,
    subjectId: string | null,
    data: Record<string, unknown>,
  ) {
    await h.store.transaction(orgId, (tx) =>
      tx.resources(kind).create(orgId, { id, cycleId: cycle.id, subjectId, data }),
    );
  }

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    await h.store.organisations.create({ id: orgId, name: 'Facts', slug: 'facts' });
    const review = (id: string, subjectId: string, component: string, submittedAt: string | null) => ({
      id,
      cycleId: cycle.id,
      subjectId,
      reviewerId: 'per_m',
      component,
      ratings: [{ goalId: 'g1', rating: 5, comment: '', evidence: '' }],
      summary: '',
      submittedAt,
      requestId: null,
    });
    await put('reviews', 'rev_1', 'per_a', review('rev_1', 'per_a', 'manager', '2026-03-01T00:00:00Z'));
    await put('reviews', 'rev_2', 'per_b', review('rev_2', 'per_b', 'manager', null));
    await put('calibration_sessions', 'cal_1', null, { id: 'cal_1', status: 'finalised' });
    await put('calibration_sessions', 'cal_2', null, { id: 'cal_2', status: 'open' });
    const meeting = (id: string, subjectId: string, acknowledgement: unknown) => ({
      id,
      cycleId: cycle.id,
      subjectId,
      managerId: 'per_m',
      heldAt: '2026-04-01T00:00:00Z',
      summary: 'x'.repeat(200),
      strengths: 'Very strong at closing complex enterprise deals with clear, measurable results this half.',
      improvements: 'Could improve forecasting accuracy by reviewing the pipeline weekly with the team.',
      agreedActions: ['Weekly pipeline review'],
      acknowledgement,
    });
    await put(
      'feedback_meetings',
      'fbm_1',
      'per_a',
      meeting('fbm_1', 'per_a', { status: 'acknowledged', at: '2026-04-02T00:00:00Z', comment: '' }),
    );
    await put(
      'feedback_meetings',
      'fbm_2',
      'per_b',
      meeting('fbm_2', 'per_b', {
        status: 'appealed',
        at: '2026-04-02T00:00:00Z',
        reason: 'I disagree with the rating given for Q1.',
      }),
    );
    await put('results', 'res_1', 'per_a', { personId: 'per_a' });
    await put('improvement_plans', 'imp_1', 'per_b', { personId: 'per_b' });
    await put('next_cycle_drafts', 'ncd_1', null, { subjectId: 'per_c' });
  });
  afterAll(async () => {
    await h.close();
  });

  describe('leavingPhases', () => {
    it('the phase left and every skipped phase; nothing for backward moves', () => {
      expect(leavingPhases('plan', 'coach')).toEqual(['plan']);
      expect(leavingPhases('coach', 'calibrate')).toEqual(['coach', 'appraise']);
      expect(leavingPhases('coach', 'plan')).toEqual([]);
    });
  });

  describe('loadCycleFacts', () => {
    it('reads only the kinds the phases need', async () => {
      const facts = await loadCycleFacts(h.store, orgId, cycle, ['plan']);
      expect(facts.reviews).toEqual([]);
      expect(facts.feedbackMeetings).toEqual([]);
      expect(facts.participants).toEqual(cycle.participants);
    });

    it("maps other modules' records onto core facts", async () => {
      const facts = await loadCycleFacts(h.store, orgId, cycle, [
        'appraise',
        'calibrate',
        'feedback',
        'apply',
        'improve',
      ]);
      expect(facts.reviews.map((r) => r.id)).toEqual(['rev_1']);
      expect(facts.calibrationFinalised).toBe(false);
      expect(facts.feedbackMeetings.map((m) => m.id)).toEqual(['fbm_1', 'fbm_2']);
      expect(facts.acknowledgements.map((a) => [a.personId, a.state.status]).sort()).toEqual([
        ['per_a', 'acknowledged'],
        ['per_b', 'appealed'],
      ]);
      expect(facts.resultsApplied).toEqual(['per_a']);
      expect(facts.improvementGaps).toEqual(['per_b']);
      expect(facts.improvementDrafts).toEqual(['per_c']);
    });

    it('feeds core cycleSnapshot', async () => {
      const { snapshot } = await cycleGuardState(h.store, orgId, cycle, [
        'appraise',
        'feedback',
        'apply',
        'improve',
      ]);
      expect(snapshot.managerAppraisalsMissing).toEqual(['per_b', 'per_c']);
      expect(snapshot.extremeRatingsWithoutEvidence).toEqual(['per_a']);
      expect(snapshot.acknowledgementsPending).toEqual(['per_c']);
      expect(snapshot.appealsOpen).toEqual(['per_b']);
      expect(snapshot.resultsNotApplied).toEqual(['per_b', 'per_c']);
      expect(snapshot.improvementDraftsMissing).toEqual(['per_b']);
    });
  });
});
