// computeResults: core's apply functions composed over final ratings, with warnings for what is missing.
import { policyFromPreset } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { computeResults, type RatedPerson, type ResultsInput } from './compute.ts';

const policy = policyFromPreset('incentive');
const person = (personId: string, rating: number, achievement: number): RatedPerson => ({
  personId,
  managerId: 'boss',
  departmentId: 'dep',
  score: rating,
  rating: { value: rating, label: String(rating) },
  goals: [
    {
      goalId: `g.${personId}`,
      title: `Goal ${personId}`,
      kind: 'kpi',
      weight: 100,
      achievement,
      score: rating,
    },
  ],
});
const input = (over: Partial<ResultsInput> = {}): ResultsInput => ({
  cycleId: 'cyc',
  policy,
  options: {
    poolCents: 1_000_000,
    meritBudgetCents: 500_000,
    mode: 'fit',
    startsOn: '2026-08-03',
    promotionInputs: [],
  },
  people: [person('ann', 5, 1.5), person('bob', 1, 0.2), person('cy', 2, 0.6)],
  unrated: [{ personId: 'dee', code: 'no_scorable_goals', message: 'no scorable goals' }],
  compensation: new Map([
    ['ann', { salaryCents: 5_000_000, bandMidpointCents: 5_000_000, targetBonusCents: 500_000 }],
  ]),
  potential: new Map([
    ['ann', 3],
    ['cy', 3],
  ]),
  attributions: [
    { subjectId: 'bob', goalId: 'g.bob', factors: [{ factor: 'external_environment', share: 1 }] },
  ],
  ...over,
});

describe('computeResults', () => {
  it('pays only people with compensation inputs and lists what is missing', () => {
    const out = computeResults(input());
    if (!out.ok) throw new Error('failed');
    const { people, warnings } = out.value;
    expect(people.map((p) => [p.personId, p.bonus?.amountCents ?? null])).toEqual([
      ['ann', 900_000],
      ['bob', null],
      ['cy', null],
    ]);
    expect(Object.fromEntries(warnings.map((w) => [w.code, w.personIds]))).toEqual({
      not_rated: ['dee'],
      compensation_missing: ['bob', 'cy'],
      potential_missing: ['bob'],
      months_in_role_unknown: ['ann', 'cy'],
    });
  });

  it('names among the unrated those whose every goal was cancelled', () => {
    const unrated = [
      { personId: 'dee', code: 'no_scorable_goals', message: 'no scorable goals' },
      { personId: 'eve', code: 'all_goals_cancelled', message: 'every goal cancelled' },
      { personId: 'fay', code: 'all_goals_cancelled', message: 'every goal cancelled' },
    ];
    const out = computeResults(input({ unrated }));
    if (!out.ok) throw new Error('failed');
    const byCode = new Map(out.value.warnings.map((w) => [w.code, w]));
    expect(byCode.get('not_rated')?.personIds).toEqual(['dee', 'eve', 'fay']);
    expect(byCode.get('all_goals_cancelled')).toEqual({
      code: 'all_goals_cancelled',
      message: '2 people of the cycle had every goal of their plan cancelled: no score, so no result.',
      personIds: ['eve', 'fay'],
    });
    // None of them gets a line.
    expect(out.value.people.map((p) => p.personId)).toEqual(['ann', 'bob', 'cy']);
    const none = computeResults(input());
    if (!none.ok) throw new Error('failed');
    expect(none.value.warnings.map((w) => w.code)).not.toContain('all_goals_cancelled');
  });

  it('does not penalise the uncontrollable: an external-only shortfall gets a target review', () => {
    const out = computeResults(input());
    if (!out.ok) throw new Error('failed');
    const bob = out.value.people.find((p) => p.personId === 'bob');
    expect(bob?.improvementPlan).toBeNull();
    expect(bob?.targetReview?.recommendation).toBe('target_review');
    const cy = out.value.people.find((p) => p.personId === 'cy');
    expect(cy?.improvementPlan?.focusGoals).toEqual([
      expect.objectContaining({ goalId: 'g.cy', factor: null }),
    ]);
  });

  it('checks months in role only when given', () => {
    const out = computeResults(
      input({ options: { ...input().options, promotionInputs: [{ personId: 'ann', monthsInRole: 6 }] } }),
    );
    if (!out.ok) throw new Error('failed');
    const ann = out.value.people.find((p) => p.personId === 'ann');
    expect(ann?.promotion).toMatchObject({
      status: 'not_yet',
      unmet: ['months_in_role'],
      minMonthsInRole: 12,
    });
    const cy = out.value.people.find((p) => p.personId === 'cy');
    expect(cy?.promotion?.reasons.at(-1)).toContain('not checked');
    // Unchecked, the minimum is null (a client says "not checked" from it); the other minimums are the policy's.
    expect(cy?.promotion).toMatchObject({
      minMonthsInRole: null,
      minRating: policy.promotion.minRating,
      minPotential: policy.promotion.minPotential,
    });
  });

  it('a policy without a bonus pool allocates none, with a warning', () => {
    const noPool = policyFromPreset('control', {
      bonusPool: { enabled: false, multipliers: {}, capMultiple: 1 },
    });
    const out = computeResults(input({ policy: noPool }));
    if (!out.ok) throw new Error('failed');
    expect(out.value.bonus).toBeNull();
    expect(out.value.warnings.map((w) => w.code)).toContain('bonus_pool_disabled');
  });
});
