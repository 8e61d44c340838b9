// Whether a KPI actual looks mistyped against its goal (the wrong sign, far beyond every anchor, past the curve's cap):
// warnings a form asks to confirm, never a refusal — an actual can be surprising and true.
import { type Curve, type KpiGoal, kpiAchievement } from './goals.ts';
import type { Policy } from './policy.ts';

/** An actual more than this many times the largest anchor (in size) is asked about. */
export const PLAUSIBLE_FACTOR = 10;

type Anchor = 'baseline' | 'threshold' | 'target' | 'stretch';

/** One reason an actual looks implausible, with the facts a form says it with. */
export type PlausibilityIssue =
  /** Every anchor is zero or above and the actual below zero (or the reverse): a minus sign typed or missed. */
  | { code: 'wrong_sign'; facts: { sign: 'negative' | 'positive' } }
  /** More than `factor` times the anchor largest in size (`anchor`, `value`): a digit or a unit too many. */
  | { code: 'far_beyond'; facts: { factor: number; anchor: Anchor; value: number } }
  /** Past the point where the goal's capped curve stops crediting (`cap`): it would reach `achievement` uncapped. */
  | { code: 'beyond_cap'; facts: { cap: number; achievement: number } };

export type PlausibilityGoal = Pick<
  KpiGoal,
  'direction' | 'baseline' | 'threshold' | 'target' | 'stretch'
> & {
  curve?: Curve | undefined;
};

/**
 * The plausibility of `actual` for a KPI goal, as warnings (empty when it looks right, or is not a finite number —
 * that is the form's own error). The wrong sign only when the anchors agree on one; the size against the anchor
 * largest in size (none when every anchor is 0); the cap only for a `capped` curve, under the policy's flexible
 * targets (without them, the cap is not checked).
 */
export function actualPlausibility(
  goal: PlausibilityGoal,
  actual: number,
  options: { flexible?: Policy['flexibleTargets'] | undefined; factor?: number } = {},
): PlausibilityIssue[] {
  if (!Number.isFinite(actual)) return [];
  const factor = options.factor ?? PLAUSIBLE_FACTOR;
  const anchors: [Anchor, number][] = [
    ['baseline', goal.baseline],
    ['threshold', goal.threshold],
    ['target', goal.target],
    ['stretch', goal.stretch],
  ].filter((a): a is [Anchor, number] => typeof a[1] === 'number' && Number.isFinite(a[1]));
  const issues: PlausibilityIssue[] = [];
  const values = anchors.map(([, v]) => v);
  if (actual < 0 && values.every((v) => v >= 0) && values.some((v) => v > 0)) {
    issues.push({ code: 'wrong_sign', facts: { sign: 'negative' } });
  } else if (actual > 0 && values.every((v) => v <= 0) && values.some((v) => v < 0)) {
    issues.push({ code: 'wrong_sign', facts: { sign: 'positive' } });
  }
  // The largest in size; on a tie the later anchor (stretch before target), which a person thinks of first.
  let largest: [Anchor, number] | null = null;
  for (const a of anchors) if (largest === null || Math.abs(a[1]) >= Math.abs(largest[1])) largest = a;
  if (largest !== null && largest[1] !== 0 && Math.abs(actual) > factor * Math.abs(largest[1])) {
    issues.push({ code: 'far_beyond', facts: { factor, anchor: largest[0], value: largest[1] } });
  }
  const curve = goal.curve;
  if (curve?.type === 'capped' && options.flexible) {
    const anchorsOnly = {
      direction: goal.direction,
      baseline: goal.baseline,
      threshold: goal.threshold,
      target: goal.target,
      stretch: goal.stretch,
    };
    const uncapped = kpiAchievement({ ...anchorsOnly, curve: { type: 'linear' } }, actual, options.flexible);
    if (uncapped.achievement > curve.cap) {
      issues.push({ code: 'beyond_cap', facts: { cap: curve.cap, achievement: uncapped.achievement } });
    }
  }
  return issues;
}
