// The relief in a score's explanation: per adjusted goal the original and adjusted anchors, and what the original would have given.
import { clamp, round } from './common.ts';
import type { Factor } from './diagnosis.ts';
import { achievementToScore, kpiAchievement } from './goals.ts';
import type { Policy } from './policy.ts';
import { scaleBounds } from './policy.ts';
import type { GoalTrace, PersonScore } from './scoring.ts';
import type { TargetAdjustment, TargetAnchors } from './targetAdjustment.ts';

/** One approved adjustment of a goal, as the explanation shows it. */
export interface TargetAdjustmentStep {
  id: string;
  factor: Factor;
  reason: string;
  evidence: string;
  from: TargetAnchors;
  to: TargetAnchors;
  requestedBy: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string;
}

/** How an approved target adjustment changed one goal's score (a field of the goal's trace). */
export interface GoalTargetAdjustmentTrace {
  /** The anchors before the first approved adjustment: the target the plan set. */
  original: TargetAnchors;
  /** The anchors the goal was scored against. */
  adjusted: TargetAnchors;
  /** The factor and reason of the latest approved adjustment. */
  factor: Factor;
  reason: string;
  /** Every approved adjustment of the goal, oldest decision first. */
  steps: readonly TargetAdjustmentStep[];
  /** What the actual would have given against the original anchors (null when the goal is not counted). */
  originalReached: GoalTrace['reached'];
  originalAchievement: number | null;
  originalScore: number | null;
}

const byDecision = (a: TargetAdjustment, b: TargetAdjustment): number => {
  const x = a.decidedAt ?? '';
  const y = b.decidedAt ?? '';
  return x < y ? -1 : x > y ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
};

/**
 * `ps` with the relief shown: each KPI goal with approved adjustments gets `targetAdjustment` in its
 * trace, and the trace gets `unadjustedScore`, the person's score had every goal kept its original
 * anchors (same counted goals and weights). Adjustments that are not approved, or of goals not in the
 * trace, are ignored. Without any approved adjustment `ps` is returned unchanged.
 */
export function withTargetAdjustments(
  ps: PersonScore,
  adjustments: readonly TargetAdjustment[],
  policy: Policy,
): PersonScore {
  const byGoal = new Map<string, TargetAdjustment[]>();
  for (const a of adjustments) {
    if (a.state !== 'approved' || a.subjectId !== ps.subjectId) continue;
    const list = byGoal.get(a.goalId);
    if (list) list.push(a);
    else byGoal.set(a.goalId, [a]);
  }
  if (byGoal.size === 0) return ps;
  const flex = policy.flexibleTargets;
  let shown = false;
  let countedWeight = 0;
  let weighted = 0;
  const goals = ps.trace.goals.map((g): GoalTrace => {
    const list = g.kind === 'kpi' ? byGoal.get(g.goalId) : undefined;
    let score = g.score;
    let traced = g;
    if (list && g.target !== null && g.direction !== null && g.baseline !== null) {
      list.sort(byDecision);
      const first = list[0] as TargetAdjustment;
      const last = list[list.length - 1] as TargetAdjustment;
      const original = first.current;
      let originalReached: GoalTrace['reached'] = null;
      let originalAchievement: number | null = null;
      let originalScore: number | null = null;
      if (g.counted && g.actual !== null) {
        const a = kpiAchievement(
          {
            direction: g.direction,
            baseline: g.baseline,
            ...original,
            curve: g.curve ?? { type: 'linear' },
          },
          g.actual,
          flex,
        );
        originalReached = a.reached;
        originalAchievement = a.achievement;
        originalScore = achievementToScore(a.achievement, policy.ratingScale, flex);
        score = originalScore;
      }
      traced = {
        ...g,
        targetAdjustment: {
          original,
          adjusted: { threshold: g.threshold, target: g.target, stretch: g.stretch },
          factor: last.factor,
          reason: last.reason,
          steps: list.map((a) => ({
            id: a.id,
            factor: a.factor,
            reason: a.reason,
            evidence: a.evidence,
            from: a.current,
            to: a.proposed,
            requestedBy: a.requestedBy,
            decidedBy: a.decidedBy,
            decidedAt: a.decidedAt,
            decisionNote: a.decisionNote,
          })),
          originalReached,
          originalAchievement,
          originalScore,
        },
      };
      shown = true;
    }
    if (g.counted && score !== null) {
      countedWeight += g.weight;
      weighted += g.weight * score;
    }
    return traced;
  });
  if (!shown) return ps;
  const { min, max } = scaleBounds(policy.ratingScale);
  const unadjustedScore = countedWeight > 0 ? round(clamp(weighted / countedWeight, min, max), 4) : ps.score;
  return { ...ps, trace: { ...ps.trace, goals, unadjustedScore } };
}
