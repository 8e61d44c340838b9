// Goals: KPI goals with flexible targets and scoring curves, rated competency goals, plan weights.
import { z } from 'zod';
import { clamp, IdSchema, IsoDateSchema, round } from './common.ts';
import { TEXT_LIMITS } from './limits.ts';
import type { Policy, RatingScale } from './policy.ts';
import { scaleBounds } from './policy.ts';
import { type DomainError, err, ok, type Result } from './result.ts';
import { addRuleIssue, type RuleIssue } from './ruleIssue.ts';

export const DirectionSchema = z.enum(['higher_is_better', 'lower_is_better']);
export type Direction = z.infer<typeof DirectionSchema>;

/**
 * How a KPI's actual becomes an achievement (1 = target met):
 * - `linear`: straight lines through threshold → target → stretch (or baseline → target when
 *   there is no threshold); nothing below threshold; never above the stretch achievement.
 * - `stepped`: only whole anchors count — below threshold 0, then threshold, target, stretch.
 * - `capped`: linear, but achievement never exceeds `cap` (e.g. 1 = no credit beyond target).
 */
export const CurveSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('linear') }),
  z.strictObject({ type: z.literal('stepped') }),
  z.strictObject({ type: z.literal('capped'), cap: z.number().min(0).max(5) }),
]);
export type Curve = z.infer<typeof CurveSchema>;

export const GoalLevelSchema = z.enum(['organisation', 'department', 'person']);
export type GoalLevel = z.infer<typeof GoalLevelSchema>;

export const GoalStatusSchema = z.enum(['draft', 'active', 'done', 'cancelled']);
export type GoalStatus = z.infer<typeof GoalStatusSchema>;

const goalBase = {
  id: IdSchema,
  cycleId: IdSchema,
  title: z.string().trim().min(1).max(TEXT_LIMITS.name),
  description: z.string().max(TEXT_LIMITS.goalText).default(''),
  level: GoalLevelSchema,
  /** The person who owns a person-level goal (null for organisation and department goals). */
  ownerId: IdSchema.nullable(),
  departmentId: IdSchema.nullable(),
  /** Weight within the owner's plan (person goals total 100); for alignment roll-up otherwise. */
  weight: z.number().min(0).max(100),
  /** The parent goal this goal supports (organisation → department → person cascade). */
  alignedTo: IdSchema.nullable(),
  status: GoalStatusSchema.default('active'),
  dueDate: IsoDateSchema.nullable().default(null),
};

const finite = z.number().finite();

export const KpiGoalSchema = z
  .strictObject({
    ...goalBase,
    kind: z.literal('kpi'),
    unit: z.string().trim().max(TEXT_LIMITS.goalUnit).default(''),
    direction: DirectionSchema,
    baseline: finite,
    threshold: finite.nullable().default(null),
    target: finite,
    stretch: finite.nullable().default(null),
    curve: CurveSchema.default({ type: 'linear' }),
    actual: finite.nullable().default(null),
  })
  .superRefine((g, ctx) => {
    for (const issue of kpiAnchorIssues(g)) addRuleIssue(ctx, issue);
  });
export type KpiGoal = z.infer<typeof KpiGoalSchema>;

export const CompetencyGoalSchema = z.strictObject({
  ...goalBase,
  kind: z.literal('competency'),
  /** What "meets expectations" looks like for this behaviour or competency. */
  expectations: z.string().max(TEXT_LIMITS.goalText).default(''),
});
export type CompetencyGoal = z.infer<typeof CompetencyGoalSchema>;

export const GoalSchema = z.discriminatedUnion('kind', [KpiGoalSchema, CompetencyGoalSchema]);
export type Goal = z.infer<typeof GoalSchema>;
export type GoalInput = z.input<typeof GoalSchema>;

type Anchors = Pick<KpiGoal, 'direction' | 'baseline' | 'threshold' | 'target' | 'stretch'>;

/** A KPI anchor out of order: rule `kpi_anchors_invalid`; `anchor` must lie `relation` (above / below) `than`. */
export interface KpiAnchorIssue extends RuleIssue {
  path: ['target' | 'threshold' | 'stretch'];
  rule: 'kpi_anchors_invalid';
  facts: {
    anchor: 'target' | 'threshold' | 'stretch';
    relation: 'above' | 'below';
    than: 'baseline' | 'target';
  };
}

/** Problems with a KPI's anchors: they must be ordered in the goal's direction. */
export function kpiAnchorIssues(g: Anchors): KpiAnchorIssue[] {
  const issues: KpiAnchorIssue[] = [];
  const better = g.direction === 'higher_is_better' ? 1 : -1;
  const word = g.direction === 'higher_is_better' ? 'below' : 'above';
  const up = g.direction === 'higher_is_better' ? 'above' : 'below';
  const issue = (
    anchor: KpiAnchorIssue['facts']['anchor'],
    relation: KpiAnchorIssue['facts']['relation'],
    than: KpiAnchorIssue['facts']['than'],
    message: string,
  ): KpiAnchorIssue => ({
    path: [anchor],
    message,
    rule: 'kpi_anchors_invalid',
    facts: { anchor, relation, than },
  });
  if ((g.target - g.baseline) * better <= 0) {
    issues.push(issue('target', up, 'baseline', `target must be better than baseline (${word} it is worse)`));
  }
  if (g.threshold !== null && (g.target - g.threshold) * better <= 0) {
    issues.push(issue('threshold', word, 'target', `threshold must be ${word} target`));
  }
  if (g.stretch !== null && (g.stretch - g.target) * better <= 0) {
    issues.push(issue('stretch', up, 'target', 'stretch must be better than target'));
  }
  return issues;
}

export type AnchorReached = 'below_threshold' | 'threshold' | 'target' | 'stretch';

export interface Achievement {
  /** 1 = target met exactly; 0 = nothing credited; capped by the curve and policy. */
  achievement: number;
  /** The highest anchor the actual reached. */
  reached: AnchorReached;
}

/**
 * Achievement of a KPI actual under its curve. Works on "progress in the better direction", so
 * lower-is-better goals use the same maths with the sign flipped.
 */
export function kpiAchievement(
  goal: Anchors & { curve: Curve },
  actual: number,
  flexible: Policy['flexibleTargets'],
): Achievement {
  const s = goal.direction === 'higher_is_better' ? 1 : -1;
  const a = actual * s;
  const target = goal.target * s;
  const baseline = goal.baseline * s;
  const useFlex = flexible.enabled;
  const threshold = useFlex && goal.threshold !== null ? goal.threshold * s : null;
  const stretch = useFlex && goal.stretch !== null ? goal.stretch * s : null;
  const tA = flexible.thresholdAchievement;
  const sA = flexible.stretchAchievement;

  const reached: AnchorReached =
    stretch !== null && a >= stretch
      ? 'stretch'
      : a >= target
        ? 'target'
        : threshold !== null && a >= threshold
          ? 'threshold'
          : 'below_threshold';

  if (goal.curve.type === 'stepped') {
    const achievement =
      reached === 'stretch' ? sA : reached === 'target' ? 1 : reached === 'threshold' ? tA : 0;
    return { achievement, reached };
  }

  let achievement: number;
  if (a >= target) {
    // Above target: towards stretch (or, without stretch, the baseline→target slope) up to sA.
    if (stretch !== null) achievement = 1 + ((a - target) / (stretch - target)) * (sA - 1);
    else achievement = 1 + (a - target) / (target - baseline);
    achievement = Math.min(achievement, useFlex ? sA : 1);
  } else if (threshold !== null) {
    achievement = a < threshold ? 0 : tA + ((a - threshold) / (target - threshold)) * (1 - tA);
  } else {
    achievement = clamp((a - baseline) / (target - baseline), 0, 1);
  }
  if (goal.curve.type === 'capped') achievement = Math.min(achievement, goal.curve.cap);
  return { achievement: round(achievement, 6), reached };
}

/**
 * Map an achievement onto the rating scale: 0 → lowest level, 1 → the `meets` level, the stretch
 * achievement → highest level, straight lines in between.
 */
export function achievementToScore(
  achievement: number,
  scale: RatingScale,
  flexible: Policy['flexibleTargets'],
): number {
  const { min, max } = scaleBounds(scale);
  const meets = scale.meets;
  const top = flexible.enabled ? flexible.stretchAchievement : 1;
  if (achievement <= 1) return round(min + clamp(achievement, 0, 1) * (meets - min), 6);
  if (top <= 1) return meets;
  return round(meets + ((clamp(achievement, 1, top) - 1) / (top - 1)) * (max - meets), 6);
}

/** Progress toward target in [0, 1] (for dashboards and alignment roll-up; not a score). */
export function kpiProgress(goal: Anchors, actual: number | null): number {
  if (actual === null) return 0;
  return round(clamp((actual - goal.baseline) / (goal.target - goal.baseline), 0, 1), 6);
}

export type WeightErrorCode = 'weights_not_100' | 'no_goals' | 'goal_mix_off_guideline';

/**
 * Validate one person's plan weights: they must total exactly 100 (the error names the actual
 * sum). Cancelled goals carry no weight.
 */
export function validatePlanWeights(
  goals: readonly Pick<Goal, 'weight' | 'status' | 'id'>[],
): Result<{ total: number }, DomainError<WeightErrorCode>> {
  const live = goals.filter((g) => g.status !== 'cancelled');
  if (live.length === 0) return err({ code: 'no_goals', message: 'The plan has no goals.' });
  // Sum in hundredths so 33.33 + 33.33 + 33.34 is exactly 100.
  const hundredths = live.reduce((acc, g) => acc + Math.round(g.weight * 100), 0);
  const total = hundredths / 100;
  if (hundredths !== 10_000) {
    return err({
      code: 'weights_not_100',
      message: `Goal weights total ${total}, not 100.`,
      details: { total, goals: live.length },
    });
  }
  return ok({ total });
}

/**
 * Advice when a plan's KPI/competency split is outside the policy's guideline (never a refusal). The English message
 * names what `details` holds: the KPI weight, the guideline ± tolerance and the policy's management theme.
 */
export function goalMixWarning(
  goals: readonly Pick<Goal, 'weight' | 'status' | 'kind'>[],
  policy: Policy,
): DomainError<'goal_mix_off_guideline'> | null {
  const kpi = goals
    .filter((g) => g.status !== 'cancelled' && g.kind === 'kpi')
    .reduce((a, g) => a + g.weight, 0);
  const { kpi: want, tolerance } = policy.goalMix;
  if (Math.abs(kpi - want) <= tolerance) return null;
  return {
    code: 'goal_mix_off_guideline',
    message: `KPI goals carry ${round(kpi, 2)}% of the plan; the ${policy.theme} policy suggests ${want}% ± ${tolerance}.`,
    details: { kpiWeight: round(kpi, 2), guideline: want, tolerance, theme: policy.theme },
  };
}
