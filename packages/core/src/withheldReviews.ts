// Withheld peer and upward reviews in a score's explanation: what the person reviewed sees of a component below the anonymity threshold.
import { round } from './common.ts';
import type { WithheldComponent } from './feedbackAnonymity.ts';
import type { Component } from './policy.ts';
import type { GoalTrace, PooledGoals, RenormalisationNote, ScoreTrace } from './scoring.ts';

/** A scoring warning as a response or a stored explanation carries it. */
interface WarningFacts {
  code: string;
  details?: Record<string, unknown> | undefined;
}

/** Details fields that point at a review. */
const REVIEW_FIELDS: readonly string[] = ['reviewId', 'supersededBy'];

/**
 * Whether a warning is about a review of a withheld component (its `details.component`), and so is not shown to the
 * person reviewed: it could carry what the review says (`invalid_rating` its rating) or which goals it rated. A
 * warning about a review whose component it does not say (kept by an older version) is never trusted to be shown
 * while anything is withheld. Warnings about no review are kept.
 */
export function namesWithheldReview(warning: WarningFacts, withheld: readonly WithheldComponent[]): boolean {
  if (withheld.length === 0) return false;
  const d = warning.details;
  if (d === undefined || !REVIEW_FIELDS.some((field) => field in d)) return false;
  const component = d.component;
  if (typeof component !== 'string') return true;
  return withheld.some((w) => w.component === component);
}

/** The counted competency goals together (null when there is none). */
function pool(goals: readonly GoalTrace[]): PooledGoals | null {
  const counted = goals.filter((g) => g.kind === 'competency' && g.counted && g.score !== null);
  if (counted.length === 0) return null;
  let weight = 0;
  let weighted = 0;
  let effectiveWeight = 0;
  let contribution = 0;
  for (const g of counted) {
    weight += g.weight;
    weighted += g.weight * (g.score ?? 0);
    effectiveWeight += g.effectiveWeight;
    contribution += g.contribution;
  }
  return {
    goalIds: counted.map((g) => g.goalId),
    weight,
    effectiveWeight: round(effectiveWeight, 4),
    // Weights of 0 only: the goals add nothing; say their plain mean rather than divide by 0.
    score: round(
      weight > 0 ? weighted / weight : counted.reduce((a, g) => a + (g.score ?? 0), 0) / counted.length,
      4,
    ),
    contribution: round(contribution, 4),
  };
}

/**
 * A score's trace as the person reviewed may see it while `withheld` components are withheld from them. The score and
 * everything it counts stay as they are — withheld reviews count, as the policy's component weights say — but no
 * per-review rating of a withheld component can be read or worked out from it:
 *
 * - When a withheld component weighs in the score (a positive-weight component that rated a competency goal), every
 *   counted competency goal is `pooled` — its score, contribution and per-component ratings left out, since the
 *   goal's score less the ratings the person can read (their own, their manager's) would give the withheld ones — and
 *   `withheld.pooled` gives those goals together: weights, share, weighted mean score and contribution. All of them,
 *   not only those the withheld component rated, so which goals a withheld reviewer rated is not told either. The
 *   renormalisation notes on a goal rated by only some components (`goal_components_partial`) go for the same reason.
 * - Otherwise (a withheld component of weight 0, or one that rated no competency goal) the goals lose only the
 *   withheld components' entries; the scores do not depend on them.
 *
 * The component summary (how many reviewers of each component) stays: that much the person is told anyway. What is
 * left of a withheld component is its part in the pooled score — with a single competency goal, that goal's score.
 * A trace already made so (`withheld` present) is returned as it is.
 */
export function withheldTrace(trace: ScoreTrace, withheld: readonly WithheldComponent[]): ScoreTrace {
  if (withheld.length === 0 || trace.withheld !== undefined) return trace;
  const hidden = new Set<Component>(withheld.map((w) => w.component));
  const weighs = trace.goals.some((g) => g.components.some((c) => hidden.has(c.component) && c.weight > 0));
  const pooled = weighs ? pool(trace.goals) : null;
  const inPool = new Set(pooled?.goalIds ?? []);
  const goals = trace.goals.map((g): GoalTrace => {
    if (inPool.has(g.goalId)) return { ...g, score: null, contribution: 0, components: [], pooled: true };
    if (!g.components.some((c) => hidden.has(c.component))) return g;
    return { ...g, components: g.components.filter((c) => !hidden.has(c.component)) };
  });
  let renormalised = trace.renormalised;
  let renormalisation = trace.renormalisation;
  if (pooled !== null) {
    const notes: readonly RenormalisationNote[] = Array.isArray(renormalisation) ? renormalisation : [];
    const keep = notes.map((n) => n.code !== 'goal_components_partial');
    renormalisation = notes.filter((_, i) => keep[i]);
    // The English notes go with the coded ones (each carries its text too, should the two lists not line up).
    renormalised =
      notes.length === trace.renormalised.length
        ? trace.renormalised.filter((_, i) => keep[i])
        : renormalisation.map((n) => n.text);
  }
  return {
    ...trace,
    goals,
    renormalised,
    renormalisation,
    withheld: { components: withheld.map((w) => ({ ...w })), pooled },
  };
}
