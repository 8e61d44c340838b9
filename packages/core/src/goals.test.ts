import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  achievementToScore,
  goalMixWarning,
  type KpiGoal,
  KpiGoalSchema,
  kpiAchievement,
  kpiProgress,
  validatePlanWeights,
} from './goals.ts';
import { DEFAULT_RATING_SCALE, POLICY_PRESETS } from './policy.ts';

const flex = POLICY_PRESETS.incentive.flexibleTargets; // threshold → 0.5, stretch → 1.5

const revenue = KpiGoalSchema.parse({
  id: 'g1',
  cycleId: 'c1',
  title: 'Revenue',
  level: 'person',
  ownerId: 'p1',
  departmentId: null,
  weight: 40,
  alignedTo: null,
  kind: 'kpi',
  unit: 'kEUR',
  direction: 'higher_is_better',
  baseline: 0,
  threshold: 80,
  target: 100,
  stretch: 120,
});

const defects: KpiGoal = {
  ...revenue,
  id: 'g2',
  title: 'Escaped defects',
  direction: 'lower_is_better',
  baseline: 20,
  threshold: 12,
  target: 10,
  stretch: 5,
};

describe('kpiAchievement (linear)', () => {
  it('interpolates threshold → target → stretch', () => {
    // 90 is halfway from threshold 80 to target 100: 0.5 + 0.5 × (1 − 0.5) = 0.75
    expect(kpiAchievement(revenue, 90, flex)).toEqual({ achievement: 0.75, reached: 'threshold' });
    // 110 is halfway from target 100 to stretch 120: 1 + 0.5 × (1.5 − 1) = 1.25
    expect(kpiAchievement(revenue, 110, flex)).toEqual({ achievement: 1.25, reached: 'target' });
    expect(kpiAchievement(revenue, 100, flex).achievement).toBe(1);
    expect(kpiAchievement(revenue, 79.9, flex)).toEqual({ achievement: 0, reached: 'below_threshold' });
    // capped at the stretch achievement
    expect(kpiAchievement(revenue, 500, flex)).toEqual({ achievement: 1.5, reached: 'stretch' });
  });
  it('handles lower-is-better goals', () => {
    // 11 defects: halfway from threshold 12 to target 10 → 0.75
    expect(kpiAchievement(defects, 11, flex).achievement).toBe(0.75);
    // 7.5 defects: halfway from target 10 to stretch 5 → 1.25
    expect(kpiAchievement(defects, 7.5, flex).achievement).toBe(1.25);
    expect(kpiAchievement(defects, 13, flex).achievement).toBe(0);
  });
  it('without a threshold runs from baseline to target', () => {
    const g = { ...revenue, threshold: null, stretch: null };
    // 60 of 100 from baseline 0 → 0.6; above target, extends the slope: 110 → 1.1
    expect(kpiAchievement(g, 60, flex).achievement).toBe(0.6);
    expect(kpiAchievement(g, 110, flex).achievement).toBe(1.1);
  });
  it('ignores threshold and stretch when flexible targets are off', () => {
    const off = { ...flex, enabled: false };
    // linear baseline 0 → target 100: 90 → 0.9; above target capped at 1
    expect(kpiAchievement(revenue, 90, off).achievement).toBe(0.9);
    expect(kpiAchievement(revenue, 130, off).achievement).toBe(1);
  });
});

describe('kpiAchievement (stepped and capped)', () => {
  it('stepped credits only whole anchors', () => {
    const g = { ...revenue, curve: { type: 'stepped' as const } };
    expect(kpiAchievement(g, 99, flex).achievement).toBe(0.5);
    expect(kpiAchievement(g, 119, flex).achievement).toBe(1);
    expect(kpiAchievement(g, 120, flex).achievement).toBe(1.5);
    expect(kpiAchievement(g, 10, flex).achievement).toBe(0);
  });
  it('capped stops at the cap', () => {
    const g = { ...revenue, curve: { type: 'capped' as const, cap: 1.1 } };
    // 110 would be 1.25 linear; capped at 1.1
    expect(kpiAchievement(g, 110, flex).achievement).toBe(1.1);
    expect(kpiAchievement(g, 90, flex).achievement).toBe(0.75);
  });
  it('achievement never decreases as the actual improves', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<KpiGoal['curve']>(
          { type: 'linear' },
          { type: 'stepped' },
          { type: 'capped', cap: 1.2 },
        ),
        fc.double({ min: -50, max: 300, noNaN: true }),
        fc.double({ min: -50, max: 300, noNaN: true }),
        (curve, x, y) => {
          const [lo, hi] = x <= y ? [x, y] : [y, x];
          const g = { ...revenue, curve };
          expect(kpiAchievement(g, lo, flex).achievement).toBeLessThanOrEqual(
            kpiAchievement(g, hi, flex).achievement,
          );
          const d = { ...defects, curve };
          // for lower-is-better, a lower actual is better
          expect(kpiAchievement(d, hi, flex).achievement).toBeLessThanOrEqual(
            kpiAchievement(d, lo, flex).achievement,
          );
        },
      ),
    );
  });
});

describe('achievementToScore', () => {
  it('maps 0 → 1, threshold → 2, target → 3, stretch → 5 on the default scale', () => {
    // 0..1 maps linearly onto 1..3; 1..1.5 onto 3..5.
    expect(achievementToScore(0, DEFAULT_RATING_SCALE, flex)).toBe(1);
    expect(achievementToScore(0.5, DEFAULT_RATING_SCALE, flex)).toBe(2);
    expect(achievementToScore(1, DEFAULT_RATING_SCALE, flex)).toBe(3);
    expect(achievementToScore(1.25, DEFAULT_RATING_SCALE, flex)).toBe(4);
    expect(achievementToScore(1.5, DEFAULT_RATING_SCALE, flex)).toBe(5);
    expect(achievementToScore(9, DEFAULT_RATING_SCALE, flex)).toBe(5);
  });
});

describe('anchors and progress', () => {
  it('rejects anchors out of order with the field named', () => {
    const r = KpiGoalSchema.safeParse({ ...revenue, threshold: 110, stretch: 90 });
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path.join('.'))).toEqual(['threshold', 'stretch']);
  });
  it('progress is the share of the way from baseline to target', () => {
    expect(kpiProgress(revenue, 25)).toBe(0.25);
    expect(kpiProgress(defects, 15)).toBe(0.5); // 20 → 10, at 15 halfway
    expect(kpiProgress(revenue, null)).toBe(0);
  });
});

describe('validatePlanWeights', () => {
  it('names the actual sum', () => {
    const r = validatePlanWeights([
      { id: 'a', weight: 40, status: 'active' },
      { id: 'b', weight: 55, status: 'active' },
      { id: 'c', weight: 30, status: 'cancelled' },
    ]);
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'weights_not_100',
        message: 'Goal weights total 95, not 100.',
        details: { total: 95, goals: 2 },
      },
    });
  });
  it('accepts exact decimal splits', () => {
    const r = validatePlanWeights(
      ['a', 'b', 'c'].map((id, i) => ({ id, weight: i === 2 ? 33.34 : 33.33, status: 'active' as const })),
    );
    expect(r.ok).toBe(true);
  });
  it('accepts exactly the weight vectors that total 100', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 0, max: 10_000 }), { minLength: 1, maxLength: 12 }),
        (hundredths) => {
          const goals = hundredths.map((h, i) => ({
            id: `g${i}`,
            weight: h / 100,
            status: 'active' as const,
          }));
          const total = hundredths.reduce((a, b) => a + b, 0);
          expect(validatePlanWeights(goals).ok).toBe(total === 10_000);
        },
      ),
    );
  });
  it('warns when the goal mix is off the policy guideline', () => {
    const goals = [
      { weight: 90, status: 'active' as const, kind: 'kpi' as const },
      { weight: 10, status: 'active' as const, kind: 'competency' as const },
    ];
    expect(goalMixWarning(goals, POLICY_PRESETS.control)?.message).toBe(
      'KPI goals carry 90% of the plan; the control policy suggests 40% ± 10.',
    );
    // …and in details, for clients that say it in another language.
    expect(goalMixWarning(goals, POLICY_PRESETS.control)?.details).toEqual({
      kpiWeight: 90,
      guideline: 40,
      tolerance: 10,
      theme: 'control',
    });
    expect(
      goalMixWarning(
        goals.map((g) => ({ ...g, weight: g.kind === 'kpi' ? 70 : 30 })),
        POLICY_PRESETS.incentive,
      ),
    ).toBeNull();
  });
});
