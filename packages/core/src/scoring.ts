// Appraisal scoring: reviews, per-goal and per-person scores with a full explanation trace.
import { z } from 'zod';
import { clamp, IdSchema, IsoDateTimeSchema, round, toEpochMs } from './common.ts';
import type { WithheldComponent } from './feedbackAnonymity.ts';
import { correctionText, type GoalCorrectionStep } from './goalCorrectionTrace.ts';
import type { AnchorReached, Curve, Direction, Goal } from './goals.ts';
import { achievementToScore, GoalSchema, kpiAchievement } from './goals.ts';
import { TEXT_LIMITS } from './limits.ts';
import type { Component, Policy, RatingScale } from './policy.ts';
import { ComponentSchema, ratingFor, scaleBounds } from './policy.ts';
import { type RatingChangeStep, ratingChangeText } from './ratingChangeTrace.ts';
import { type DomainError, err, fail, ok, type Result } from './result.ts';
import type { GoalTargetAdjustmentTrace } from './targetAdjustmentTrace.ts';

/** The appraisal components in their fixed reporting order. */
const COMPONENTS: readonly Component[] = ComponentSchema.options;

/** One rating of one goal inside a review. */
export const ReviewRatingSchema = z.strictObject({
  goalId: IdSchema,
  /** A level value of the policy's rating scale (checked by `reviewIssues`). */
  rating: z.number().finite(),
  comment: z.string().max(TEXT_LIMITS.ratingText).default(''),
  /** Facts backing the rating; extreme ratings need enough of it (see calibration `evidenceIssues`). */
  evidence: z.string().max(TEXT_LIMITS.ratingText).default(''),
});
export type ReviewRating = z.infer<typeof ReviewRatingSchema>;

/** A submitted appraisal review of one subject by one reviewer in one component. */
export const ReviewSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  subjectId: IdSchema,
  reviewerId: IdSchema,
  component: ComponentSchema,
  ratings: z.array(ReviewRatingSchema).max(500),
  summary: z.string().max(TEXT_LIMITS.reviewSummary).default(''),
  submittedAt: IsoDateTimeSchema,
});
export type Review = z.infer<typeof ReviewSchema>;
export type ReviewInput = z.input<typeof ReviewSchema>;

/** Everything needed to score one person: their plan (goals) and the reviews about them. */
export const ScoreInputSchema = z.strictObject({
  subjectId: IdSchema,
  goals: z.array(GoalSchema).max(500),
  reviews: z.array(ReviewSchema).max(5_000).default([]),
});
export type ScoreInput = z.infer<typeof ScoreInputSchema>;

export type ReviewIssueCode = 'rating_not_on_scale' | 'duplicate_goal_rating';

/** Problems with a review against a scale: ratings that are not level values, goals rated twice. */
export function reviewIssues(
  review: Pick<Review, 'ratings'>,
  scale: RatingScale,
): DomainError<ReviewIssueCode>[] {
  const values = new Set(scale.levels.map((l) => l.value));
  const issues: DomainError<ReviewIssueCode>[] = [];
  const seen = new Set<string>();
  review.ratings.forEach((r, i) => {
    if (!values.has(r.rating)) {
      issues.push({
        code: 'rating_not_on_scale',
        message: `Rating ${r.rating} for goal ${r.goalId} is not a level of the scale (${[...values].join(', ')}).`,
        path: ['ratings', i, 'rating'],
        details: { goalId: r.goalId, rating: r.rating, levels: [...values] },
      });
    }
    if (seen.has(r.goalId)) {
      issues.push({
        code: 'duplicate_goal_rating',
        message: `Goal ${r.goalId} is rated more than once in this review.`,
        path: ['ratings', i, 'goalId'],
        details: { goalId: r.goalId },
      });
    }
    seen.add(r.goalId);
  });
  return issues;
}

export type ScoreWarningCode =
  | 'missing_actual'
  | 'unrated_goal'
  | 'manager_review_missing'
  | 'unknown_goal'
  | 'invalid_rating'
  | 'duplicate_goal_rating'
  | 'superseded_review'
  | 'other_subject_review'
  | 'cycle_mismatch';

/** One component's share in a competency goal's score. */
export interface ComponentTrace {
  component: Component;
  /** Reviewers of this component who rated the goal. */
  raters: number;
  /** Mean of those reviewers' ratings. */
  mean: number;
  /** The policy's component weight. */
  weight: number;
  /** Percent of the goal score after renormalising over the components present (0 for weight-0 components). */
  effectiveWeight: number;
}

/** How one goal was scored. Anchor fields are null for competency goals. */
export interface GoalTrace {
  goalId: string;
  title: string;
  kind: Goal['kind'];
  /** Plan weight. */
  weight: number;
  /** Percent of the final score after renormalising over the counted goals (0 when not counted). */
  effectiveWeight: number;
  counted: boolean;
  /** Why the goal is not counted (null when counted). */
  excluded: 'missing_actual' | 'unrated_goal' | null;
  actual: number | null;
  baseline: number | null;
  threshold: number | null;
  target: number | null;
  stretch: number | null;
  direction: Direction | null;
  curve: Curve | null;
  reached: AnchorReached | null;
  achievement: number | null;
  /** Goal score on the rating scale (null when not counted). */
  score: number | null;
  /** effectiveWeight × score / 100: the goal's part of the final score. */
  contribution: number;
  /** Competency goals: one entry per component that rated the goal, in component order (empty for KPIs). */
  components: readonly ComponentTrace[];
  /**
   * KPI goals whose target was relieved by an approved target adjustment: the original and adjusted
   * anchors, the factor and reason, and what the original target would have given (`withTargetAdjustments`).
   */
  targetAdjustment?: GoalTargetAdjustmentTrace;
  /**
   * Changes to what the goal is scored from made after its plan was agreed (weight, anchors, curve…), oldest
   * first: fields with before and after values, the reason, who and when (`withGoalCorrections`).
   */
  corrections?: readonly GoalCorrectionStep[];
  /**
   * Only in the view of the person reviewed while a peer or upward component that weighs in their score is withheld
   * (`ScoreTrace.withheld.pooled`): this counted competency goal is scored together with the others — its `score`
   * null, `contribution` 0 and `components` empty, as they would give the withheld ratings away.
   */
  pooled?: boolean;
}

/**
 * A goal cancelled after its plan was agreed: not scored, so not in `goals`, but listed with its corrections
 * (the cancellation, who made it, when and why) so the explanation shows what left the score.
 */
export interface CancelledGoalTrace {
  goalId: string;
  title: string;
  kind: Goal['kind'];
  /** Its plan weight (not counted). */
  weight: number;
  corrections: readonly GoalCorrectionStep[];
}

/** Component presence for the person. */
export interface ComponentSummary {
  component: Component;
  policyWeight: number;
  present: boolean;
  /** Distinct reviewers of this component whose review counted. */
  reviewers: number;
}

/**
 * One renormalisation with the facts its English `text` names (the same text as in `renormalised`), so a
 * client can say it in its own language: positive-weight components that rated nothing (`missing`, with
 * their policy weights) and those that did (`present`); a competency goal rated by only some of the
 * person's components; a goal not counted, its weight shared by the counted goals' total.
 */
export type RenormalisationNote =
  | {
      code: 'components_missing';
      text: string;
      missing: readonly { component: Component; weight: number }[];
      present: readonly Component[];
    }
  | {
      code: 'goal_components_partial';
      text: string;
      goalId: string;
      title: string;
      components: readonly Component[];
    }
  | {
      code: 'goal_not_counted';
      text: string;
      goalId: string;
      title: string;
      kind: Goal['kind'];
      weight: number;
      countedWeight: number;
    };

export interface ScoreTrace {
  goals: GoalTrace[];
  components: readonly ComponentSummary[];
  /** Plain notes on every renormalisation (missing components, excluded goals). */
  renormalised: readonly string[];
  /** The same notes, in the same order, each with its code and facts. */
  renormalisation: readonly RenormalisationNote[];
  /**
   * The arithmetic of the final score in one line, e.g.
   * `score = Σ weight × goal score / Σ counted weight = 320 / 100 = 3.2` (the terms are in `goals`;
   * `expandedFormula` writes them out).
   */
  formula: string;
  /** With an approved target adjustment: the score every goal's original target would have given. */
  unadjustedScore?: number;
  /** Goals cancelled after the plan was agreed, with the corrections that say why (`withGoalCorrections`). */
  cancelledGoals?: readonly CancelledGoalTrace[];
  /**
   * Only in the view of the person reviewed (`anonymousExplanation` with withheld components): the peer and upward
   * components whose reviews they are not shown, and how their competency goals are shown instead.
   */
  withheld?: WithheldTrace;
  /**
   * How the rating was moved after scoring (`withRatingChanges`), oldest first: calibration moves and corrections on
   * appeal. The rest of the trace explains the score and rating as scored; absent when nobody moved it.
   */
  ratingChanges?: readonly RatingChangeStep[];
}

/** What the person reviewed is told of withheld anonymous reviews in their score's trace. */
export interface WithheldTrace {
  /** The components withheld (fewer reviewers than the policy's `anonymousMinReviews`). */
  components: readonly WithheldComponent[];
  /**
   * The counted competency goals together, when a withheld component weighs in the score (null when none does, or
   * no competency goal is counted): each of them is `pooled`, and only their combined part of the score is shown.
   */
  pooled: PooledGoals | null;
}

/** Counted competency goals shown as one: their plan weights, shares, weighted mean score and contribution summed. */
export interface PooledGoals {
  goalIds: readonly string[];
  /** Their plan weights together. */
  weight: number;
  /** Their percent of the final score together. */
  effectiveWeight: number;
  /** Σ weight × goal score / Σ weight, rounded to 4 decimals. */
  score: number;
  /** Their part of the final score together. */
  contribution: number;
}

/** A person's score and rating without the trace (see `rateCycle`). */
export interface PersonRating {
  subjectId: string;
  /** Continuous score on the rating scale, rounded to 4 decimals. */
  score: number;
  rating: { value: number; label: string };
  warnings: readonly DomainError<ScoreWarningCode>[];
}

/** A person's score, rating and full explanation trace. */
export interface PersonScore extends PersonRating {
  trace: ScoreTrace;
}

/**
 * What an explanation is said from: a PersonScore, or the same facts as a response or a stored explanation
 * keeps them (warnings with any code).
 */
export interface ExplainableScore {
  subjectId: string;
  score: number;
  rating: { value: number; label: string };
  trace: ScoreTrace;
  warnings: readonly { code: string; message: string }[];
}

/**
 * Why a person has no score: `all_goals_cancelled` — every goal of their plan is cancelled, so nothing is left to
 * score (details: `cancelledGoals`, each goal's id, title, kind and weight); `no_scorable_goals` — no goal at all, or
 * none with an actual (KPI) or a usable rating (competency) yet, or only weight-0 ones.
 */
export type ScoreErrorCode = 'no_scorable_goals' | 'all_goals_cancelled';

/** Per-policy constants computed once per call (not per person). */
interface Ctx {
  policy: Policy;
  scale: RatingScale;
  min: number;
  max: number;
  levelValues: Set<number>;
  weights: Float64Array;
  ratings: Map<number, { value: number; label: string }>;
  notes: Map<number, RenormalisationNote | null>;
  summaries: Map<number, readonly ComponentSummary[]>;
  breakdowns: Map<number, readonly ComponentTrace[]>;
  noteLists: Map<string, NoteLists>;
  numbers: Map<number, string>;
}

function makeCtx(policy: Policy): Ctx {
  const scale = policy.ratingScale;
  const { min, max } = scaleBounds(scale);
  const cw = policy.componentWeights;
  const ratings = new Map<number, { value: number; label: string }>();
  for (const l of scale.levels) ratings.set(l.value, Object.freeze({ value: l.value, label: l.label }));
  return {
    policy,
    scale,
    min,
    max,
    levelValues: new Set(scale.levels.map((l) => l.value)),
    weights: Float64Array.from([cw.self, cw.manager, cw.peer, cw.upward]),
    ratings,
    notes: new Map(),
    summaries: new Map(),
    breakdowns: new Map(),
    noteLists: new Map(),
    numbers: new Map(),
  };
}

const COMPONENT_INDEX: Record<Component, number> = { self: 0, manager: 1, peer: 2, upward: 3 };
const NC = 4;

// Scratch buffers reused across people (the core is synchronous, so this is safe and saves allocations).
let sums = new Float64Array(64 * NC);
let counts = new Int32Array(64 * NC);
let stamps = new Int32Array(64);
let goalScores = new Float64Array(64);
let achievements = new Float64Array(64);
let masks = new Int32Array(64);
let wsums = new Float64Array(64);
const reachedScratch: AnchorReached[] = [];
const reviewerScratch = new Int32Array(NC);
const FORMULA_HEAD = 'score = Σ weight × goal score / Σ counted weight = ';
const warningScratch: DomainError<ScoreWarningCode>[] = [];
const noteScratch: RenormalisationNote[] = [];
const NO_WARNINGS: readonly DomainError<ScoreWarningCode>[] = Object.freeze([]);

/** A person's renormalisation notes as texts and as coded notes. */
interface NoteLists {
  renormalised: readonly string[];
  renormalisation: readonly RenormalisationNote[];
}
const NO_NOTES: NoteLists = Object.freeze({
  renormalised: Object.freeze([]),
  renormalisation: Object.freeze([]),
});

/** A person's renormalisation notes; a lone shared note (e.g. "no upward reviews") gives shared lists. */
function noteLists(notes: RenormalisationNote[], ctx: Ctx): NoteLists {
  if (notes.length === 0) return NO_NOTES;
  if (notes.length > 1) return { renormalised: notes.map((n) => n.text), renormalisation: notes.slice() };
  const only = notes[0] as RenormalisationNote;
  // The text names everything but a goal's id.
  const key = 'goalId' in only ? `${only.goalId}\u0000${only.text}` : only.text;
  const hit = ctx.noteLists.get(key);
  if (hit) return hit;
  const lists: NoteLists = Object.freeze({
    renormalised: Object.freeze([only.text]),
    renormalisation: Object.freeze([only]),
  });
  if (ctx.noteLists.size < CACHE_LIMIT) ctx.noteLists.set(key, lists);
  return lists;
}

function ensureScratch(goals: number): void {
  if (stamps.length >= goals) return;
  const size = Math.max(goals, stamps.length * 2);
  sums = new Float64Array(size * NC);
  counts = new Int32Array(size * NC);
  stamps = new Int32Array(size);
  goalScores = new Float64Array(size);
  achievements = new Float64Array(size);
  masks = new Int32Array(size);
  wsums = new Float64Array(size);
}

function warn(
  list: DomainError<ScoreWarningCode>[],
  code: ScoreWarningCode,
  message: string,
  details: Record<string, unknown>,
): void {
  list.push({ code, message, details });
}

const MANAGER = COMPONENT_INDEX.manager;

/**
 * `manager_review_missing`: the policy weighs the manager's appraisal, the plan has live competency goals, and no
 * manager rated any of them — so they rest on the other weighted components that did (`ratedBy`: e.g. the
 * self-appraisal alone), or, when none did, are left out (each also `unrated_goal`). KPI goals are objective: a plan of
 * KPIs only never needs a manager rating. Details: `weight` (the manager's policy weight), `goalIds` (the competency
 * goals), `ratedBy` (the weighted components that rated them instead, in component order).
 */
function noteManagerMissing(
  warnings: DomainError<ScoreWarningCode>[],
  goals: readonly Goal[],
  personMask: number,
  weights: Float64Array,
): void {
  const weight = weights[MANAGER] ?? 0;
  if (weight <= 0 || (personMask & (1 << MANAGER)) !== 0) return;
  const goalIds: string[] = [];
  for (const g of goals) if (g.kind === 'competency') goalIds.push(g.id);
  if (goalIds.length === 0) return;
  const ratedBy = maskComponents(personMask);
  warn(
    warnings,
    'manager_review_missing',
    ratedBy.length === 0
      ? `No manager appraisal (weight ${fmt(weight)}) rates the competency goals, and no other rating does: they are left out of the score.`
      : ratedBy.length === 1 && ratedBy[0] === 'self'
        ? `No manager appraisal (weight ${fmt(weight)}) rates the competency goals: they rest on the self-appraisal alone.`
        : `No manager appraisal (weight ${fmt(weight)}) rates the competency goals: they rest on ${ratedBy.join(', ')} alone.`,
    { weight, goalIds, ratedBy },
  );
}

/** True when review `a` replaces review `b` from the same reviewer and component (later wins, then id). */
function supersedes(a: Review, b: Review): boolean {
  if (a.submittedAt !== b.submittedAt) {
    const ta = toEpochMs(a.submittedAt);
    const tb = toEpochMs(b.submittedAt);
    if (ta !== tb) return ta > tb;
  }
  return a.id > b.id;
}

/**
 * The reviews that count: one per (component, reviewer), the latest submission winning, so a
 * resubmitted review never doubles a reviewer's weight. Keeps the input order otherwise.
 */
function latestReviews(
  reviews: readonly Review[],
  warnings: DomainError<ScoreWarningCode>[],
): readonly Review[] {
  const n = reviews.length;
  if (n < 2 || !hasRepeatReviewer(reviews)) return reviews;
  const keep: (Review | null)[] = reviews.slice();
  let dropped = false;
  if (n <= 16) {
    for (let i = 0; i < n; i++) {
      const a = keep[i];
      if (!a) continue;
      for (let j = i + 1; j < n; j++) {
        const b = keep[j];
        if (!b || b.reviewerId !== a.reviewerId || b.component !== a.component) continue;
        dropped = true;
        if (supersedes(b, keep[i] as Review)) {
          noteSuperseded(warnings, keep[i] as Review, b);
          keep[i] = null;
          break;
        }
        noteSuperseded(warnings, b, keep[i] as Review);
        keep[j] = null;
      }
    }
  } else {
    const byKey = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const r = reviews[i] as Review;
      const key = `${r.component}\u0000${r.reviewerId}`;
      const j = byKey.get(key);
      if (j === undefined) {
        byKey.set(key, i);
        continue;
      }
      dropped = true;
      const prev = keep[j] as Review;
      if (supersedes(r, prev)) {
        noteSuperseded(warnings, prev, r);
        keep[j] = null;
        byKey.set(key, i);
      } else {
        noteSuperseded(warnings, r, prev);
        keep[i] = null;
      }
    }
  }
  return dropped ? keep.filter((r): r is Review => r !== null) : reviews;
}

/** Whether some reviewer has more than one review in the same component (no allocation for small lists). */
function hasRepeatReviewer(reviews: readonly Review[]): boolean {
  const n = reviews.length;
  if (n > 16) return true;
  for (let i = 0; i < n; i++) {
    const a = reviews[i] as Review;
    for (let j = i + 1; j < n; j++) {
      const b = reviews[j] as Review;
      if (b.reviewerId === a.reviewerId && b.component === a.component) return true;
    }
  }
  return false;
}

/**
 * The reviews that count across many subjects: one per (subject, component, reviewer), the latest
 * submission winning (then the larger id). Input order is kept. O(n).
 */
export function currentReviews(reviews: readonly Review[]): Review[] {
  const winner = new Map<string, Review>();
  for (const r of reviews) {
    const key = `${r.subjectId}\u0000${r.component}\u0000${r.reviewerId}`;
    const prev = winner.get(key);
    if (!prev || supersedes(r, prev)) winner.set(key, r);
  }
  if (winner.size === reviews.length) return reviews.slice();
  const keep = new Set(winner.values());
  return reviews.filter((r) => keep.has(r));
}

function noteSuperseded(warnings: DomainError<ScoreWarningCode>[], old: Review, by: Review): void {
  warn(
    warnings,
    'superseded_review',
    `Review ${old.id} by ${old.reviewerId} (${old.component}) is replaced by their later review ${by.id}.`,
    { reviewId: old.id, supersededBy: by.id, reviewerId: old.reviewerId, component: old.component },
  );
}

const fmt = (n: number): string => String(round(n, 4));
const NO_COMPONENTS: readonly ComponentTrace[] = Object.freeze([]);

/** Score one person with the precomputed policy context (a PersonScore, or the error). */
function scoreWith(
  subjectId: string,
  allGoals: readonly Goal[],
  allReviews: readonly Review[],
  ctx: Ctx,
  withTrace: boolean,
): PersonScore | PersonRating | DomainError<ScoreErrorCode> {
  const warnings = warningScratch;
  warnings.length = 0;
  const { policy, scale, weights } = ctx;
  const flex = policy.flexibleTargets;

  // Live goals (cancelled goals are ignored entirely).
  let goals = allGoals;
  for (let i = 0; i < goals.length; i++) {
    if ((goals[i] as Goal).status === 'cancelled') {
      goals = goals.filter((g) => g.status !== 'cancelled');
      break;
    }
  }
  const ng = goals.length;
  ensureScratch(ng);
  sums.fill(0, 0, ng * NC);
  counts.fill(0, 0, ng * NC);
  stamps.fill(-1, 0, ng);
  const index = ng > 16 ? new Map(goals.map((g, i) => [g.id, i])) : null;

  // Reviews: only this subject's, one per (component, reviewer).
  let reviews = allReviews;
  for (let i = 0; i < reviews.length; i++) {
    if ((reviews[i] as Review).subjectId !== subjectId) {
      for (const r of reviews) {
        if (r.subjectId !== subjectId) {
          warn(
            warnings,
            'other_subject_review',
            `Review ${r.id} is about ${r.subjectId}, not ${subjectId}; ignored.`,
            {
              reviewId: r.id,
              subjectId: r.subjectId,
              component: r.component,
            },
          );
        }
      }
      reviews = reviews.filter((r) => r.subjectId === subjectId);
      break;
    }
  }
  reviews = latestReviews(reviews, warnings);

  const reviewers = reviewerScratch;
  reviewers.fill(0);
  let hint = 0;
  for (let ri = 0; ri < reviews.length; ri++) {
    const review = reviews[ri] as Review;
    const c = COMPONENT_INDEX[review.component];
    reviewers[c] = (reviewers[c] ?? 0) + 1;
    const rs = review.ratings;
    for (let k = 0; k < rs.length; k++) {
      const r = rs[k] as ReviewRating;
      let gi = -1;
      if (index) gi = index.get(r.goalId) ?? -1;
      else {
        // Ratings usually follow plan order: start after the previous match and wrap around.
        for (let step = 0, j = hint; step < ng; step++, j = j + 1 === ng ? 0 : j + 1) {
          if ((goals[j] as Goal).id === r.goalId) {
            gi = j;
            hint = j + 1 === ng ? 0 : j + 1;
            break;
          }
        }
      }
      if (gi < 0) {
        warn(
          warnings,
          'unknown_goal',
          `Review ${review.id} rates goal ${r.goalId}, which is not a live goal of the plan; ignored.`,
          {
            reviewId: review.id,
            goalId: r.goalId,
            component: review.component,
          },
        );
        continue;
      }
      const goal = goals[gi] as Goal;
      // KPI goals are objective: their score comes from the actual, whoever reviews.
      if (goal.kind === 'kpi') continue;
      if (goal.cycleId !== review.cycleId) {
        warn(
          warnings,
          'cycle_mismatch',
          `Review ${review.id} belongs to cycle ${review.cycleId}, goal ${goal.id} to ${goal.cycleId}; rating ignored.`,
          {
            reviewId: review.id,
            goalId: goal.id,
            reviewCycleId: review.cycleId,
            goalCycleId: goal.cycleId,
            component: review.component,
          },
        );
        continue;
      }
      if (stamps[gi] === ri) {
        warn(
          warnings,
          'duplicate_goal_rating',
          `Review ${review.id} rates goal ${goal.id} more than once; only the first counts.`,
          {
            reviewId: review.id,
            goalId: goal.id,
            component: review.component,
          },
        );
        continue;
      }
      stamps[gi] = ri;
      if (!ctx.levelValues.has(r.rating)) {
        warn(
          warnings,
          'invalid_rating',
          `Review ${review.id} gives goal ${goal.id} the rating ${r.rating}, which is not a scale level; ignored.`,
          {
            reviewId: review.id,
            goalId: goal.id,
            rating: r.rating,
            component: review.component,
          },
        );
        continue;
      }
      const slot = gi * NC + c;
      sums[slot] = (sums[slot] ?? 0) + r.rating;
      counts[slot] = (counts[slot] ?? 0) + 1;
    }
  }

  // Which weighted components rated any competency goal (the person's baseline for notes).
  let personMask = 0;
  for (let gi = 0; gi < ng; gi++) {
    for (let c = 0; c < NC; c++)
      if ((counts[gi * NC + c] ?? 0) > 0 && (weights[c] ?? 0) > 0) personMask |= 1 << c;
  }
  noteManagerMissing(warnings, goals, personMask, weights);

  // Pass 1: every goal's score (NaN = not counted) and the counted weight.
  let countedWeight = 0;
  let weighted = 0;
  let counted = 0;
  for (let gi = 0; gi < ng; gi++) {
    const goal = goals[gi] as Goal;
    let s = Number.NaN;
    if (goal.kind === 'kpi') {
      if (goal.actual === null) {
        warn(
          warnings,
          'missing_actual',
          `Goal "${goal.title}" has no actual yet; it is left out and its weight renormalised.`,
          { goalId: goal.id, title: goal.title },
        );
      } else {
        const a = kpiAchievement(goal, goal.actual, flex);
        achievements[gi] = a.achievement;
        reachedScratch[gi] = a.reached;
        s = achievementToScore(a.achievement, scale, flex);
      }
    } else {
      let wsum = 0;
      let acc = 0;
      let mask = 0;
      for (let c = 0; c < NC; c++) {
        const n = counts[gi * NC + c] ?? 0;
        const w = weights[c] ?? 0;
        if (n > 0 && w > 0) {
          wsum += w;
          acc += (w * (sums[gi * NC + c] ?? 0)) / n;
          mask |= 1 << c;
        }
      }
      masks[gi] = mask;
      wsums[gi] = wsum;
      if (wsum > 0) s = clamp(acc / wsum, ctx.min, ctx.max);
      else {
        let rated = false;
        for (let c = 0; c < NC; c++) if ((counts[gi * NC + c] ?? 0) > 0) rated = true;
        warn(
          warnings,
          'unrated_goal',
          `Goal "${goal.title}" has no rating${rated ? ' from a weighted component' : ''}; it is left out and its weight renormalised.`,
          { goalId: goal.id, title: goal.title, rated },
        );
      }
    }
    goalScores[gi] = s;
    if (!Number.isNaN(s)) {
      counted++;
      countedWeight += goal.weight;
      weighted += goal.weight * s;
    }
  }

  if (ng === 0 && allGoals.length > 0) return allCancelled(subjectId, allGoals, warnings);
  if (counted === 0 || countedWeight <= 0) {
    return fail(
      'no_scorable_goals',
      ng === 0
        ? `${subjectId} has no goal in the plan: nothing to score.`
        : counted === 0
          ? `No goal of ${subjectId} can be scored yet: KPI goals need actuals and competency goals need ratings.`
          : `The goals of ${subjectId} that can be scored all have weight 0.`,
      { details: { subjectId, goals: ng, counted, warnings: warnings.slice() } },
    ).error;
  }

  const score = round(clamp(weighted / countedWeight, ctx.min, ctx.max), 4);
  const level = ratingFor(score, scale);
  const rating = ctx.ratings.get(level.value) ?? { value: level.value, label: level.label };
  if (!withTrace) {
    return { subjectId, score, rating, warnings: warnings.length === 0 ? NO_WARNINGS : warnings.slice() };
  }

  // Pass 2: the trace, built once with its final numbers.
  const traces: GoalTrace[] = new Array(ng);
  const renormalised = noteScratch;
  renormalised.length = 0;
  for (let gi = 0; gi < ng; gi++) {
    const goal = goals[gi] as Goal;
    const raw = goalScores[gi] as number;
    const isCounted = !Number.isNaN(raw);
    const ew = isCounted ? (goal.weight / countedWeight) * 100 : 0;
    if (goal.kind === 'kpi') {
      traces[gi] = {
        goalId: goal.id,
        title: goal.title,
        kind: 'kpi',
        weight: goal.weight,
        effectiveWeight: isCounted ? round(ew, 4) : 0,
        counted: isCounted,
        excluded: isCounted ? null : 'missing_actual',
        actual: goal.actual,
        baseline: goal.baseline,
        threshold: goal.threshold,
        target: goal.target,
        stretch: goal.stretch,
        direction: goal.direction,
        curve: goal.curve,
        reached: isCounted ? (reachedScratch[gi] as AnchorReached) : null,
        achievement: isCounted ? (achievements[gi] as number) : null,
        score: isCounted ? raw : null,
        contribution: isCounted ? round((ew * raw) / 100, 4) : 0,
        components: NO_COMPONENTS,
      };
    } else {
      const mask = masks[gi] as number;
      if (isCounted && mask !== personMask) {
        renormalised.push({
          code: 'goal_components_partial',
          text: `"${goal.title}" was rated by ${maskNames(mask)} only: its component weights are renormalised over those.`,
          goalId: goal.id,
          title: goal.title,
          components: maskComponents(mask),
        });
      }
      const rounded = isCounted ? round(raw, 6) : 0;
      traces[gi] = {
        goalId: goal.id,
        title: goal.title,
        kind: 'competency',
        weight: goal.weight,
        effectiveWeight: isCounted ? round(ew, 4) : 0,
        counted: isCounted,
        excluded: isCounted ? null : 'unrated_goal',
        actual: null,
        baseline: null,
        threshold: null,
        target: null,
        stretch: null,
        direction: null,
        curve: null,
        reached: null,
        achievement: null,
        score: isCounted ? rounded : null,
        contribution: isCounted ? round((ew * rounded) / 100, 4) : 0,
        components: componentTraces(gi, mask, wsums[gi] as number, ctx),
      };
    }
    if (!isCounted) {
      renormalised.push({
        code: 'goal_not_counted',
        text: `"${goal.title}" is not counted (${goal.kind === 'kpi' ? 'no actual' : 'no rating'}): its weight ${fmt(goal.weight)} is shared by the counted goals (total ${fmt(countedWeight)}).`,
        goalId: goal.id,
        title: goal.title,
        kind: goal.kind,
        weight: goal.weight,
        countedWeight,
      });
    }
  }
  const note = missingComponentsNote(personMask, ctx);
  if (note !== null) renormalised.unshift(note);
  const formula = `${FORMULA_HEAD}${numText(round(weighted, 4), ctx)} / ${numText(countedWeight, ctx)} = ${numText(score, ctx)}`;
  const notes = noteLists(renormalised, ctx);
  return {
    subjectId,
    score,
    rating,
    trace: {
      goals: traces,
      components: componentSummary(reviewers, ctx),
      renormalised: notes.renormalised,
      renormalisation: notes.renormalisation,
      formula,
    },
    warnings: warnings.length === 0 ? NO_WARNINGS : warnings.slice(),
  };
}

/** The error for a plan whose every goal is cancelled, naming those goals (in plan order). */
function allCancelled(
  subjectId: string,
  goals: readonly Goal[],
  warnings: readonly DomainError<ScoreWarningCode>[],
): DomainError<'all_goals_cancelled'> {
  const titles = goals.map((g) => `"${g.title}"`).join(', ');
  return fail(
    'all_goals_cancelled',
    `Every goal of ${subjectId}'s plan is cancelled (${goals.length}: ${titles}): nothing is left to score, so there ` +
      'is no score or rating. Restore a goal or add one (a correction of the plan, with its reason) to score them.',
    {
      details: {
        subjectId,
        goals: 0,
        counted: 0,
        cancelledGoals: goals.map((g) => ({ goalId: g.id, title: g.title, kind: g.kind, weight: g.weight })),
        warnings: warnings.slice(),
      },
    },
  ).error;
}

const CACHE_LIMIT = 50_000;

/** `fmt` with a per-call cache: weights and common scores repeat across a large cycle. */
function numText(n: number, ctx: Ctx): string {
  const hit = ctx.numbers.get(n);
  if (hit !== undefined) return hit;
  const text = fmt(n);
  if (ctx.numbers.size < CACHE_LIMIT) ctx.numbers.set(n, text);
  return text;
}

/**
 * A goal's per-component breakdown. Identical breakdowns (same components, rater counts and rating
 * sums) are shared, frozen, between the people of one call: a large cycle has few distinct ones.
 */
function componentTraces(gi: number, mask: number, wsum: number, ctx: Ctx): readonly ComponentTrace[] {
  // Cache key: the mask, then 12 bits per component (rater count < 16, integer rating sum < 256);
  // 4 + 4 × 12 = 52 bits fits a double exactly. Anything larger is built without the cache.
  let key = mask;
  let any = false;
  for (let c = 0; c < NC; c++) {
    const n = counts[gi * NC + c] ?? 0;
    const sum = sums[gi * NC + c] ?? 0;
    if (n > 0) any = true;
    if (key >= 0 && n < 16 && sum >= 0 && sum < 256 && Number.isInteger(sum))
      key = key * 4096 + n * 256 + sum;
    else key = -1;
  }
  if (!any) return NO_COMPONENTS;
  if (key >= 0) {
    const hit = ctx.breakdowns.get(key);
    if (hit) return hit;
  }
  const list: ComponentTrace[] = [];
  for (let c = 0; c < NC; c++) {
    const n = counts[gi * NC + c] ?? 0;
    if (n === 0) continue;
    const w = ctx.weights[c] ?? 0;
    list.push(
      Object.freeze({
        component: COMPONENTS[c] as Component,
        raters: n,
        mean: round((sums[gi * NC + c] ?? 0) / n, 4),
        weight: w,
        effectiveWeight: w > 0 && wsum > 0 ? round((w / wsum) * 100, 4) : 0,
      }),
    );
  }
  Object.freeze(list);
  if (key >= 0 && ctx.breakdowns.size < CACHE_LIMIT) ctx.breakdowns.set(key, list);
  return list;
}

/** The note for positive-weight components that rated nothing (cached, frozen, per presence mask). */
function missingComponentsNote(personMask: number, ctx: Ctx): RenormalisationNote | null {
  if (personMask === 0) return null;
  const cached = ctx.notes.get(personMask);
  if (cached !== undefined) return cached;
  const missing: { component: Component; weight: number }[] = [];
  for (let c = 0; c < NC; c++) {
    const w = ctx.weights[c] ?? 0;
    if (w > 0 && (personMask & (1 << c)) === 0)
      missing.push(Object.freeze({ component: COMPONENTS[c] as Component, weight: w }));
  }
  const note: RenormalisationNote | null =
    missing.length === 0
      ? null
      : Object.freeze({
          code: 'components_missing',
          text: `No ratings from ${missing.map((m) => `${m.component} (${fmt(m.weight)})`).join(', ')}: competency goals renormalise the component weights over ${maskNames(personMask)}.`,
          missing: Object.freeze(missing),
          present: maskComponents(personMask),
        });
  ctx.notes.set(personMask, note);
  return note;
}

/**
 * The per-component summary. Identical summaries are shared (frozen) between people of one call,
 * which keeps a 100,000-person cycle light; treat score objects as read-only views.
 */
function componentSummary(reviewers: Int32Array, ctx: Ctx): readonly ComponentSummary[] {
  let key = 0;
  for (let c = 0; c < NC; c++) {
    const n = reviewers[c] ?? 0;
    if (n > 255) {
      key = -1;
      break;
    }
    key = key * 256 + n;
  }
  const cached = key >= 0 ? ctx.summaries.get(key) : undefined;
  if (cached) return cached;
  const list: ComponentSummary[] = new Array(NC);
  for (let c = 0; c < NC; c++) {
    const n = reviewers[c] ?? 0;
    list[c] = Object.freeze({
      component: COMPONENTS[c] as Component,
      policyWeight: ctx.weights[c] ?? 0,
      present: n > 0,
      reviewers: n,
    });
  }
  Object.freeze(list);
  if (key >= 0) ctx.summaries.set(key, list);
  return list;
}

function maskNames(mask: number): string {
  return maskComponents(mask).join(', ');
}

/** The components of a presence mask, in component order (frozen). */
function maskComponents(mask: number): readonly Component[] {
  const names: Component[] = [];
  for (let c = 0; c < NC; c++) if (mask & (1 << c)) names.push(COMPONENTS[c] as Component);
  return Object.freeze(names);
}

/**
 * Score one person. KPI goals score from their actual (objective); competency goals average each
 * component's ratings, then combine components with the policy weights renormalised over those
 * present. Goals without an actual or rating are left out with a warning and their weight
 * renormalised. Fails with `all_goals_cancelled` when every goal of the plan is cancelled, and with
 * `no_scorable_goals` when nothing else can be scored.
 */
export function scorePerson(
  input: { subjectId: string; goals: readonly Goal[]; reviews: readonly Review[] },
  policy: Policy,
): Result<PersonScore, DomainError<ScoreErrorCode>> {
  const out = scoreWith(input.subjectId, input.goals, input.reviews, makeCtx(policy), true);
  return 'code' in out ? err(out) : ok(out as PersonScore);
}

/** One person of a cycle; reviews may be given here, in the shared list, or both. */
export interface CycleScoreInput {
  subjectId: string;
  goals: readonly Goal[];
  reviews?: readonly Review[];
}

export interface CycleResult<T> {
  /** Results in input order (deterministic; sorting 100,000 ids is left to callers that need it). */
  scores: T[];
  /** People who could not be scored (or were listed twice), in input order. */
  failures: { subjectId: string; error: DomainError<ScoreErrorCode | 'duplicate_subject'> }[];
  /** Ids of shared-list reviews whose subject is not among the inputs, sorted. */
  unmatchedReviews: string[];
}

export type CycleScores = CycleResult<PersonScore>;

/**
 * A cycle score whose explanation trace is built on first read (then kept): a cycle-wide pass
 * costs what `rateCycle` costs, and a trace is only paid for when someone looks at it. The trace
 * is exactly what `scorePerson` gives for the same plan, reviews and policy; `toJSON` includes it.
 */
class LazyPersonScore implements PersonScore {
  readonly subjectId: string;
  readonly score: number;
  readonly rating: { value: number; label: string };
  readonly warnings: readonly DomainError<ScoreWarningCode>[];
  #goals: readonly Goal[];
  #reviews: readonly Review[];
  #ctx: Ctx;
  #trace: ScoreTrace | undefined;

  constructor(rated: PersonRating, goals: readonly Goal[], reviews: readonly Review[], ctx: Ctx) {
    this.subjectId = rated.subjectId;
    this.score = rated.score;
    this.rating = rated.rating;
    this.warnings = rated.warnings;
    this.#goals = goals;
    this.#reviews = reviews;
    this.#ctx = ctx;
  }

  get trace(): ScoreTrace {
    if (this.#trace === undefined) {
      const full = scoreWith(this.subjectId, this.#goals, this.#reviews, this.#ctx, true);
      // The same inputs scored once already, so this cannot fail; guard anyway.
      if ('code' in full || !('trace' in full)) throw new Error(`trace for ${this.subjectId} failed`);
      this.#trace = full.trace;
    }
    return this.#trace;
  }

  toJSON(): PersonScore {
    return {
      subjectId: this.subjectId,
      score: this.score,
      rating: this.rating,
      trace: this.trace,
      warnings: this.warnings,
    };
  }
}

/**
 * Score a whole cycle in O(goals + reviews): the shared `reviews` list is grouped by subject in
 * one pass and merged with each person's own reviews. Every score carries its full explanation
 * trace, built lazily on first read (see `LazyPersonScore`).
 */
export function scoreCycle(
  inputs: readonly CycleScoreInput[],
  policy: Policy,
  reviews: readonly Review[] = [],
): CycleScores {
  return runCycle(inputs, policy, reviews, true) as CycleScores;
}

/**
 * `scoreCycle` without traces: the same scores, ratings and warnings at roughly half the cost,
 * for steps that only need the numbers (bonus pool, merit, distribution). Explain one person
 * with `scorePerson` when asked.
 */
export function rateCycle(
  inputs: readonly CycleScoreInput[],
  policy: Policy,
  reviews: readonly Review[] = [],
): CycleResult<PersonRating> {
  return runCycle(inputs, policy, reviews, false);
}

function runCycle(
  inputs: readonly CycleScoreInput[],
  policy: Policy,
  reviews: readonly Review[],
  withTrace: boolean,
): CycleResult<PersonRating> {
  const ctx = makeCtx(policy);
  // One map serves three purposes: shared reviews by subject, "already scored" (CLAIMED) and,
  // at the end, the reviews nobody claimed.
  const bySubject = new Map<string, Review[]>();
  for (let i = 0; i < reviews.length; i++) {
    const r = reviews[i] as Review;
    const list = bySubject.get(r.subjectId);
    if (list) list.push(r);
    else bySubject.set(r.subjectId, [r]);
  }
  const scores: PersonRating[] = [];
  const failures: CycleResult<PersonRating>['failures'] = [];
  for (let i = 0; i < inputs.length; i++) {
    const input = inputs[i] as CycleScoreInput;
    const { subjectId } = input;
    const shared = bySubject.get(subjectId);
    if (shared === CLAIMED) {
      failures.push({
        subjectId,
        error: {
          code: 'duplicate_subject',
          message: `${subjectId} is listed more than once; only the first is scored.`,
        },
      });
      continue;
    }
    bySubject.set(subjectId, CLAIMED);
    const own = input.reviews ?? NO_REVIEWS;
    const all = shared ? (own.length > 0 ? own.concat(shared) : shared) : own;
    const out = scoreWith(subjectId, input.goals, all, ctx, false);
    if ('code' in out) failures.push({ subjectId, error: out });
    else scores.push(withTrace ? new LazyPersonScore(out, input.goals, all, ctx) : out);
  }
  const unmatchedReviews: string[] = [];
  for (const list of bySubject.values()) {
    if (list !== CLAIMED) for (const r of list) unmatchedReviews.push(r.id);
  }
  unmatchedReviews.sort();
  return { scores, failures, unmatchedReviews };
}

const CLAIMED: Review[] = [];
const NO_REVIEWS: readonly Review[] = Object.freeze([]);

const CURVE_TEXT = (c: Curve): string => (c.type === 'capped' ? `capped at ${c.cap}` : c.type);

/** The final score's arithmetic written out goal by goal, e.g. `(40 × 4 + 60 × 3) / 100 = 3.4`. */
export function expandedFormula(ps: Pick<ExplainableScore, 'score' | 'trace'>): string {
  let total = 0;
  const terms: string[] = [];
  for (const g of ps.trace.goals) {
    if (g.score === null) continue;
    total += g.weight;
    terms.push(`${fmt(g.weight)} × ${fmt(g.score)}`);
  }
  // Competency goals shown together (withheld reviews): one term, their weights and weighted mean score.
  const pooled = ps.trace.withheld?.pooled;
  if (pooled) {
    total += pooled.weight;
    terms.push(`${fmt(pooled.weight)} × ${fmt(pooled.score)}`);
  }
  return `(${terms.join(' + ')}) / ${fmt(total)} = ${fmt(ps.score)}`;
}

/** What moved: the target bare (`120 → 100`), the threshold and stretch named after it when they moved too. */
function anchorChange(
  from: GoalTargetAdjustmentTrace['original'],
  to: GoalTargetAdjustmentTrace['original'],
): string {
  const others: string[] = [];
  for (const anchor of ['threshold', 'stretch'] as const) {
    const a = from[anchor];
    const b = to[anchor];
    if (a !== null && b !== null && a !== b) others.push(`${anchor} ${fmt(a)} → ${fmt(b)}`);
  }
  const target = `${fmt(from.target)} → ${fmt(to.target)}`;
  return others.length === 0 ? target : `${target} (${others.join(', ')})`;
}

/** One line on a relieved target: the factor, original → adjusted anchors, the reason and the original score. */
function adjustmentText(t: GoalTargetAdjustmentTrace): string {
  const factor = t.factor.replace('_', ' ');
  const was =
    t.originalScore === null
      ? ''
      : ` (the original target would have given achievement ${fmt(t.originalAchievement ?? 0)}, score ${fmt(t.originalScore)})`;
  return `Target adjusted for the ${factor}: ${anchorChange(t.original, t.adjusted)} — ${t.reason}${was}`;
}

/** One withheld component in the explanation: how many reviews, the threshold, and that they still count. */
function withheldText(w: WithheldComponent, pooled: boolean): string {
  const reviews = `${w.reviewers} ${w.component} review${w.reviewers === 1 ? '' : 's'}`;
  const how = pooled ? ', with the competency goals shown together' : '';
  return `${reviews}: not shown, as fewer than ${w.minReviews} people gave one and their authors could be recognised; counted in the score${how}`;
}

/** A plain-text, multi-line explanation of a person's score (for the demo, the API and people). */
export function explainScore(ps: ExplainableScore): string {
  const lines: string[] = [];
  lines.push(`Score for ${ps.subjectId}: ${fmt(ps.score)} → ${ps.rating.value} (${ps.rating.label})`);
  lines.push(`How: weighted mean of the counted goals = ${expandedFormula(ps)}`);
  lines.push('Goals:');
  for (const g of ps.trace.goals) {
    const head = `  - ${g.title} [${g.kind}, weight ${fmt(g.weight)}`;
    if (g.pooled) {
      lines.push(`${head} → ${fmt(g.effectiveWeight)}%]: scored with the other competency goals together`);
      for (const c of g.corrections ?? []) lines.push(`    ${correctionText(c)}`);
      continue;
    }
    if (!g.counted || g.score === null) {
      lines.push(
        `${head}]: not counted (${g.excluded === 'missing_actual' ? 'no actual yet' : 'no usable rating'})`,
      );
      for (const c of g.corrections ?? []) lines.push(`    ${correctionText(c)}`);
      continue;
    }
    const share = `${head} → ${fmt(g.effectiveWeight)}%]`;
    let how: string;
    if (g.kind === 'kpi') {
      const anchors = [
        g.threshold === null ? null : `threshold ${fmt(g.threshold)}`,
        g.target === null ? null : `target ${fmt(g.target)}`,
        g.stretch === null ? null : `stretch ${fmt(g.stretch)}`,
      ]
        .filter((s) => s !== null)
        .join(', ');
      const dir = g.direction === 'lower_is_better' ? 'lower is better' : 'higher is better';
      const curve = g.curve ? CURVE_TEXT(g.curve) : 'linear';
      how =
        `actual ${fmt(g.actual ?? 0)} (baseline ${fmt(g.baseline ?? 0)}, ${anchors}; ${dir}, ${curve} curve)` +
        ` reached ${(g.reached ?? 'below_threshold').replace('_', ' ')}, achievement ${fmt(g.achievement ?? 0)}`;
    } else {
      how = g.components
        .map(
          (c) =>
            `${c.component} ${fmt(c.mean)} (${c.raters} rater${c.raters === 1 ? '' : 's'}, ${fmt(c.effectiveWeight)}%)`,
        )
        .join(' + ');
    }
    lines.push(`${share}: ${how} → score ${fmt(g.score)}, contributes ${fmt(g.contribution)}`);
    if (g.targetAdjustment) lines.push(`    ${adjustmentText(g.targetAdjustment)}`);
    for (const c of g.corrections ?? []) lines.push(`    ${correctionText(c)}`);
  }
  const withheld = ps.trace.withheld;
  if (withheld?.pooled) {
    const p = withheld.pooled;
    lines.push(
      `  - Competency goals together [weight ${fmt(p.weight)} → ${fmt(p.effectiveWeight)}%]: score ${fmt(p.score)}, contributes ${fmt(p.contribution)}`,
    );
  }
  if (ps.trace.cancelledGoals && ps.trace.cancelledGoals.length > 0) {
    lines.push('Cancelled after the plan was agreed (not counted):');
    for (const g of ps.trace.cancelledGoals) {
      lines.push(`  - ${g.title} [${g.kind}, weight ${fmt(g.weight)}]`);
      for (const c of g.corrections) lines.push(`    ${correctionText(c)}`);
    }
  }
  if (ps.trace.unadjustedScore !== undefined) {
    lines.push(`Without the target adjustments the score would be ${fmt(ps.trace.unadjustedScore)}.`);
  }
  lines.push(
    `Components: ${ps.trace.components
      .map(
        (c) =>
          `${c.component} ${fmt(c.policyWeight)} (${c.present ? `${c.reviewers} review${c.reviewers === 1 ? '' : 's'}` : 'none'})`,
      )
      .join(', ')}`,
  );
  if (withheld && withheld.components.length > 0) {
    lines.push('Withheld (too few reviewers to stay anonymous):');
    for (const w of withheld.components) lines.push(`  - ${withheldText(w, withheld.pooled !== null)}`);
  }
  if (ps.trace.renormalised.length > 0) {
    lines.push('Renormalised:');
    for (const n of ps.trace.renormalised) lines.push(`  - ${n}`);
  }
  if (ps.warnings.length > 0) {
    lines.push('Warnings:');
    for (const w of ps.warnings) lines.push(`  - [${w.code}] ${w.message}`);
  }
  const moves = ps.trace.ratingChanges ?? [];
  if (moves.length > 0) {
    lines.push('Rating changed after scoring:');
    for (const m of moves) lines.push(`  - ${ratingChangeText(m)}`);
  }
  return lines.join('\n');
}
