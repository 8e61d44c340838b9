// Plausibility of a KPI actual: the wrong sign, far beyond every anchor, past a capped curve — warnings, and none for
// an actual that is surprising but ordinary (below threshold, above stretch, zero).
import { describe, expect, it } from 'vitest';
import { actualPlausibility, PLAUSIBLE_FACTOR, type PlausibilityGoal } from './actualPlausibility.ts';

const revenue: PlausibilityGoal = {
  direction: 'higher_is_better',
  baseline: 100,
  threshold: 110,
  target: 120,
  stretch: 150,
};
const flexible = { enabled: true, thresholdAchievement: 0.5, stretchAchievement: 1.5 };
const codes = (goal: PlausibilityGoal, actual: number, options = {}) =>
  actualPlausibility(goal, actual, options).map((i) => i.code);

describe('actualPlausibility', () => {
  it('says nothing about ordinary actuals: below the threshold, past the stretch, zero, up to the factor', () => {
    for (const actual of [0, 50, 100, 119.5, 120, 180, 1_500]) expect(codes(revenue, actual)).toEqual([]);
    expect(PLAUSIBLE_FACTOR).toBe(10);
  });

  it('asks about more than 10× the anchor largest in size, naming it and its value', () => {
    expect(actualPlausibility(revenue, 1_501)).toEqual([
      { code: 'far_beyond', facts: { factor: 10, anchor: 'stretch', value: 150 } },
    ]);
    // Without a stretch, the target; a lower-is-better goal by size too (its baseline is the largest).
    expect(actualPlausibility({ ...revenue, stretch: null }, 1_500)).toEqual([
      { code: 'far_beyond', facts: { factor: 10, anchor: 'target', value: 120 } },
    ]);
    const churn: PlausibilityGoal = {
      direction: 'lower_is_better',
      baseline: 8,
      threshold: 6,
      target: 5,
      stretch: 3,
    };
    expect(codes(churn, 81)).toEqual(['far_beyond']);
    expect(codes(churn, 80)).toEqual([]);
    // Another factor when asked; every anchor 0 gives nothing to compare with.
    expect(codes(revenue, 451, { factor: 3 })).toEqual(['far_beyond']);
    expect(codes(revenue, 450, { factor: 3 })).toEqual([]);
    const zero: PlausibilityGoal = { ...revenue, baseline: 0, threshold: null, target: 0, stretch: null };
    expect(codes(zero, 1e9)).toEqual([]);
  });

  it('asks about the wrong sign when the anchors agree on one', () => {
    expect(actualPlausibility(revenue, -120)).toEqual([{ code: 'wrong_sign', facts: { sign: 'negative' } }]);
    const loss: PlausibilityGoal = {
      direction: 'higher_is_better',
      baseline: -50,
      threshold: null,
      target: -10,
      stretch: 0,
    };
    expect(actualPlausibility(loss, 20)).toEqual([{ code: 'wrong_sign', facts: { sign: 'positive' } }]);
    expect(codes(loss, -30)).toEqual([]);
    // Anchors on both sides of zero (a margin from -5 to +5): either sign is plausible.
    const margin: PlausibilityGoal = { ...loss, baseline: -5, target: 5, stretch: null };
    expect(codes(margin, -3)).toEqual([]);
    expect(codes(margin, 4)).toEqual([]);
    // Both at once: a sign and a size.
    expect(codes(revenue, -2_000)).toEqual(['wrong_sign', 'far_beyond']);
  });

  it('asks about an actual past a capped curve’s cap, under the policy’s flexible targets', () => {
    const capped: PlausibilityGoal = { ...revenue, curve: { type: 'capped', cap: 1 } };
    expect(codes(capped, 120, { flexible })).toEqual([]);
    expect(actualPlausibility(capped, 135, { flexible })).toEqual([
      { code: 'beyond_cap', facts: { cap: 1, achievement: 1.25 } },
    ]);
    // Linear curves, and a cap the policy's stretch achievement never reaches, are not asked about.
    expect(codes({ ...revenue, curve: { type: 'linear' } }, 200, { flexible })).toEqual([]);
    expect(codes({ ...revenue, curve: { type: 'capped', cap: 2 } }, 200, { flexible })).toEqual([]);
    // Without the policy's flexible targets the cap is not judged.
    expect(codes(capped, 135)).toEqual([]);
  });

  it('leaves what is not a number to the form', () => {
    expect(codes(revenue, Number.NaN)).toEqual([]);
    expect(codes(revenue, Number.POSITIVE_INFINITY)).toEqual([]);
  });
});
