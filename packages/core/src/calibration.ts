// Calibration: the fairness pass over ratings — distribution, rater bias, normalisation, 9-box, adjustments.
import { z } from 'zod';
import {
  charCount,
  clamp,
  IdSchema,
  IsoDateTimeSchema,
  largestRemainder,
  round,
  toEpochMs,
} from './common.ts';
import { MIN_JUSTIFICATION_CHARS, TEXT_LIMITS } from './limits.ts';
import type { Policy, RatingLevel, RatingScale } from './policy.ts';
import { policyWarnings, scaleBounds } from './policy.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';
import { currentReviews, type Review } from './scoring.ts';

// ---------------------------------------------------------------------------------------------
// Rating distribution against the guideline
// ---------------------------------------------------------------------------------------------

/** One rating level of a distribution compared with the policy guideline. */
export interface LevelShare {
  value: number;
  label: string;
  count: number;
  /** Share of the (on-scale) ratings at this level, percent, 2 decimals. */
  percent: number;
  /** Guideline percent for this level (0 when the guideline does not name it). */
  guideline: number;
  /** percent − guideline, in percentage points, 2 decimals. */
  delta: number;
  /** |delta| exceeds the policy tolerance. */
  flagged: boolean;
}

export interface RatingDistribution {
  levels: LevelShare[];
  /** Ratings counted (on-scale). */
  total: number;
  /** Ratings that are not a level value of the scale (left out of `total`). */
  offScale: number;
  /** No level is flagged (an empty distribution is within the guideline: there is nothing to judge). */
  withinGuideline: boolean;
}

/** Count ratings per level and compare each level's share with the guideline distribution. */
export function ratingDistribution(ratings: readonly number[], policy: Policy): RatingDistribution {
  const levels = policy.ratingScale.levels;
  const index = new Map<number, number>();
  for (let i = 0; i < levels.length; i++) index.set((levels[i] as RatingLevel).value, i);
  const counts = new Array<number>(levels.length).fill(0);
  let offScale = 0;
  for (let i = 0; i < ratings.length; i++) {
    const at = index.get(ratings[i] as number);
    if (at === undefined) offScale++;
    else counts[at] = (counts[at] ?? 0) + 1;
  }
  const total = ratings.length - offScale;
  const { guideline, tolerance } = policy.distribution;
  let within = true;
  const out = levels.map((l, i): LevelShare => {
    const count = counts[i] ?? 0;
    const exact = total > 0 ? (count * 100) / total : 0;
    const want = guideline[String(l.value)] ?? 0;
    const flagged = total > 0 && Math.abs(exact - want) > tolerance;
    if (flagged) within = false;
    return {
      value: l.value,
      label: l.label,
      count,
      percent: round(exact, 2),
      guideline: want,
      delta: round(exact - want, 2),
      flagged,
    };
  });
  return { levels: out, total, offScale, withinGuideline: within };
}

// ---------------------------------------------------------------------------------------------
// Rater statistics with shrinkage
// ---------------------------------------------------------------------------------------------

/** One score a rater (usually the manager) gave a subject. */
export const RaterEntrySchema = z.strictObject({
  raterId: IdSchema,
  subjectId: IdSchema,
  score: z.number().finite(),
});
export type RaterEntry = z.infer<typeof RaterEntrySchema>;

export type RaterFlag = 'lenient' | 'severe' | 'central_tendency';

export interface RaterStat {
  raterId: string;
  n: number;
  mean: number;
  /** Population standard deviation of the rater's scores (0 for one score). */
  sd: number;
  /** (n·mean + k·popMean) / (n + k): the mean pulled toward the population by prior strength k. */
  shrunkMean: number;
  /** (n·sd + k·popSd) / (n + k). */
  shrunkSd: number;
  /** shrunkMean − popMean (positive = lenient). */
  leniency: number;
  /** shrunkSd / popSd (1 when the population has no spread). */
  spreadRatio: number;
  flags: RaterFlag[];
}

export interface PopulationStat {
  n: number;
  mean: number;
  sd: number;
}

export interface RaterStatistics {
  /** By raterId. */
  raters: RaterStat[];
  population: PopulationStat;
}

/**
 * Per-rater leniency and spread, shrunk toward the population.
 *
 * Why shrink: a manager with two reports who both happen to be excellent has a high raw mean
 * that says almost nothing about the manager. Treating the population as a prior worth `k`
 * ratings (policy.calibration.shrinkage) means a rater's own numbers only dominate once they
 * rest on many ratings, so small teams are not flagged lenient, severe or "central" on noise,
 * while large teams with a real bias still are. k = 0 uses the raw figures.
 */
export function raterStatistics(entries: readonly RaterEntry[], policy: Policy): RaterStatistics {
  const n = entries.length;
  const groups = new Map<string, { n: number; sum: number; sq: number }>();
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i] as RaterEntry;
    sum += e.score;
    const g = groups.get(e.raterId);
    if (g) {
      g.n++;
      g.sum += e.score;
    } else groups.set(e.raterId, { n: 1, sum: e.score, sq: 0 });
  }
  const popMean = n > 0 ? sum / n : 0;
  // Second pass for squared deviations (numerically stabler than sum of squares).
  let popSq = 0;
  for (let i = 0; i < n; i++) {
    const e = entries[i] as RaterEntry;
    popSq += (e.score - popMean) ** 2;
    const g = groups.get(e.raterId);
    if (g) g.sq += (e.score - g.sum / g.n) ** 2;
  }
  const popSd = n > 0 ? Math.sqrt(popSq / n) : 0;
  const { shrinkage: k, biasThreshold, centralTendencyRatio } = policy.calibration;
  const raters: RaterStat[] = [];
  for (const [raterId, g] of groups) {
    const mean = g.sum / g.n;
    const sd = Math.sqrt(g.sq / g.n);
    // Written as mean + share·(pop − mean) so k = 0 gives the raw figures exactly.
    const pull = k / (g.n + k);
    const shrunkMean = mean + pull * (popMean - mean);
    const shrunkSd = sd + pull * (popSd - sd);
    const leniency = shrunkMean - popMean;
    const spreadRatio = popSd > 0 ? shrunkSd / popSd : 1;
    const flags: RaterFlag[] = [];
    if (leniency > biasThreshold) flags.push('lenient');
    else if (leniency < -biasThreshold) flags.push('severe');
    if (g.n >= 3 && spreadRatio < centralTendencyRatio) flags.push('central_tendency');
    raters.push({
      raterId,
      n: g.n,
      mean: round(mean, 6),
      sd: round(sd, 6),
      shrunkMean: round(shrunkMean, 6),
      shrunkSd: round(shrunkSd, 6),
      leniency: round(leniency, 6),
      spreadRatio: round(spreadRatio, 6),
      flags,
    });
  }
  raters.sort((a, b) => (a.raterId < b.raterId ? -1 : a.raterId > b.raterId ? 1 : 0));
  return { raters, population: { n, mean: round(popMean, 6), sd: round(popSd, 6) } };
}

// ---------------------------------------------------------------------------------------------
// Normalisation (an optional view)
// ---------------------------------------------------------------------------------------------

export interface NormalisedScore {
  subjectId: string;
  raterId: string;
  score: number;
  /** popMean + (score − shrunkMean) × popSd / shrunkSd, clamped to the scale. */
  normalised: number;
  /** normalised − score. */
  delta: number;
  /** False when the rater has no statistics (the score is passed through unchanged). */
  adjusted: boolean;
}

/**
 * What each score would be if every rater had the population's (shrunk) mean and spread. This is
 * an optional view for the calibration meeting: it never changes a rating by itself.
 * Within one rater the mapping is increasing (order is never inverted); it is strict except
 * where scores are clamped at the scale bounds. A rater with no spread (shrunkSd 0) is only shifted.
 * One result per entry, in input order (deterministic, and no sort cost for a 100,000-person cycle).
 */
export function normaliseScores(
  entries: readonly RaterEntry[],
  stats: RaterStatistics,
  policy: Policy,
): NormalisedScore[] {
  const { min, max } = scaleBounds(policy.ratingScale);
  const byRater = new Map<string, RaterStat>();
  for (const r of stats.raters) byRater.set(r.raterId, r);
  const { mean: popMean, sd: popSd } = stats.population;
  const out: NormalisedScore[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const e = entries[i] as RaterEntry;
    const r = byRater.get(e.raterId);
    const normalised = r ? normaliseOne(e.score, r, popMean, popSd, min, max).normalised : e.score;
    out[i] = {
      subjectId: e.subjectId,
      raterId: e.raterId,
      score: e.score,
      normalised,
      delta: round(normalised - e.score, 6),
      adjusted: r !== undefined,
    };
  }
  return out;
}

/** One rater's score onto the population: the spread factor, the value before clamping and after. */
export function normaliseOne(
  score: number,
  rater: Pick<RaterStat, 'shrunkMean' | 'shrunkSd'>,
  popMean: number,
  popSd: number,
  min: number,
  max: number,
): { factor: number; unclamped: number; normalised: number } {
  const factor = rater.shrunkSd > 0 && popSd > 0 ? popSd / rater.shrunkSd : 1;
  const unclamped = popMean + (score - rater.shrunkMean) * factor;
  return { factor, unclamped, normalised: round(clamp(unclamped, min, max), 6) };
}

// ---------------------------------------------------------------------------------------------
// 9-box
// ---------------------------------------------------------------------------------------------

export type PerformanceBand = 'low' | 'moderate' | 'high';

export interface NineBox {
  performance: PerformanceBand;
  potential: 1 | 2 | 3;
  /** 1 (low performance, low potential) … 9 (high, high); box = (potential − 1) × 3 + band + 1. */
  box: number;
  label: string;
}

/** Box labels by [potential − 1][band] with band low = 0, moderate = 1, high = 2. */
export const NINE_BOX_LABELS: readonly (readonly string[])[] = [
  ['Risk', 'Effective contributor', 'Trusted professional'],
  ['Inconsistent player', 'Core player', 'High performer'],
  ['Rough diamond', 'Growth talent', 'Future star'],
];

/**
 * Place a person on the 9-box grid: performance low / moderate / high = rating below / at /
 * above the scale's `meets` level; potential 1–3 as assessed by the manager.
 */
export function nineBox(
  performanceRating: number,
  potential: number,
  scale: RatingScale,
): Result<NineBox, DomainError<'invalid_potential' | 'rating_not_on_scale'>> {
  if (!Number.isInteger(potential) || potential < 1 || potential > 3) {
    return fail('invalid_potential', `Potential must be 1, 2 or 3 (got ${potential}).`, {
      details: { potential },
    });
  }
  if (!scale.levels.some((l) => l.value === performanceRating)) {
    return fail('rating_not_on_scale', `Rating ${performanceRating} is not a level of the scale.`, {
      details: { rating: performanceRating },
    });
  }
  const band = performanceRating < scale.meets ? 0 : performanceRating === scale.meets ? 1 : 2;
  const performance: PerformanceBand = band === 0 ? 'low' : band === 1 ? 'moderate' : 'high';
  const p = potential as 1 | 2 | 3;
  return ok({
    performance,
    potential: p,
    box: (p - 1) * 3 + band + 1,
    label: NINE_BOX_LABELS[p - 1]?.[band] ?? '',
  });
}

// ---------------------------------------------------------------------------------------------
// Forced distribution (suggestions only)
// ---------------------------------------------------------------------------------------------

export interface ScoredRating {
  subjectId: string;
  score: number;
  rating: number;
}

export interface LevelTarget {
  value: number;
  label: string;
  /** People the guideline would put at this level. */
  target: number;
  /** People at this level now. */
  current: number;
}

export interface RatingSuggestion {
  subjectId: string;
  score: number;
  /** 1 = highest score. */
  rank: number;
  from: number;
  to: number;
  change: 'up' | 'down';
}

export interface ForcedDistribution {
  enabled: boolean;
  targets: LevelTarget[];
  suggestions: RatingSuggestion[];
  warnings: DomainError<'team_stability' | 'distribution_levels_mismatch'>[];
}

/**
 * When the policy forces its distribution: rank people by score (ties by subjectId), give each
 * level its guideline count (largest remainder; rounding ties favour the higher level) and list
 * the rating changes that would need. Suggestions only: nothing is applied, and a
 * `team_stability` warning always comes with them. Returns `enabled: false` when not forced.
 */
export function forcedDistributionSuggestions(
  scores: readonly ScoredRating[],
  policy: Policy,
): ForcedDistribution {
  if (!policy.distribution.forced) return { enabled: false, targets: [], suggestions: [], warnings: [] };
  const warnings = policyWarnings(policy).filter(
    (w): w is DomainError<'team_stability' | 'distribution_levels_mismatch'> =>
      w.code === 'team_stability' || w.code === 'distribution_levels_mismatch',
  );
  const desc = policy.ratingScale.levels.slice().reverse();
  const shares = desc.map((l) => policy.distribution.guideline[String(l.value)] ?? 0);
  const parts = largestRemainder(scores.length, shares);
  const assigned = parts.reduce((a, b) => a + b, 0);
  const currentCounts = new Map<number, number>();
  for (const s of scores) currentCounts.set(s.rating, (currentCounts.get(s.rating) ?? 0) + 1);
  const targets = desc
    .map((l, i) => ({
      value: l.value,
      label: l.label,
      target: parts[i] ?? 0,
      current: currentCounts.get(l.value) ?? 0,
    }))
    .reverse();
  if (assigned !== scores.length) return { enabled: true, targets, suggestions: [], warnings };

  const ranked = scores
    .slice()
    .sort(
      (a, b) => b.score - a.score || (a.subjectId < b.subjectId ? -1 : a.subjectId > b.subjectId ? 1 : 0),
    );
  const suggestions: RatingSuggestion[] = [];
  let level = 0;
  let left = parts[0] ?? 0;
  for (let i = 0; i < ranked.length; i++) {
    while (left === 0 && level < desc.length - 1) left = parts[++level] ?? 0;
    left--;
    const s = ranked[i] as ScoredRating;
    const to = (desc[level] as { value: number }).value;
    if (to !== s.rating) {
      suggestions.push({
        subjectId: s.subjectId,
        score: s.score,
        rank: i + 1,
        from: s.rating,
        to,
        change: to > s.rating ? 'up' : 'down',
      });
    }
  }
  return { enabled: true, targets, suggestions, warnings };
}

// ---------------------------------------------------------------------------------------------
// Evidence for extreme ratings
// ---------------------------------------------------------------------------------------------

export interface EvidenceIssue {
  reviewId: string;
  subjectId: string;
  reviewerId: string;
  goalId: string;
  rating: number;
  /** Characters of the longer of evidence and comment (trimmed). */
  chars: number;
  required: number;
}

/** One rating of a review short of the evidence its lowest or highest level needs. */
export interface RatingEvidenceShortfall {
  /** Position of the rating in the list given. */
  index: number;
  goalId: string;
  rating: number;
  /** Characters of the longer of evidence and comment (trimmed, code points). */
  chars: number;
  required: number;
}

/** What the evidence rule reads of one rating (stored ratings have both texts; a form's may lack them). */
export interface RatingToEvidence {
  goalId: string;
  rating: number;
  comment?: string;
  evidence?: string;
}

/** What the evidence rule reads of a policy (a client holding only part of the policy can run it too). */
export interface EvidencePolicy {
  calibration: Pick<Policy['calibration'], 'evidenceMinChars'>;
  ratingScale: { readonly levels: readonly { value: number }[] };
}

/**
 * The evidence rule for one review's ratings: each rating at the lowest or highest level of the
 * scale whose written evidence (or, failing that, comment) is shorter than
 * policy.calibration.evidenceMinChars, in rating order. None when the policy asks for no evidence.
 * `evidenceIssues` (the calibrate guard) applies exactly this to every counted review; check it
 * before a review is submitted, since a submitted review no longer changes.
 */
export function ratingEvidenceShortfalls(
  ratings: readonly RatingToEvidence[],
  policy: EvidencePolicy,
): RatingEvidenceShortfall[] {
  const required = policy.calibration.evidenceMinChars;
  const out: RatingEvidenceShortfall[] = [];
  if (required <= 0) return out;
  const { min, max } = scaleBounds(policy.ratingScale);
  ratings.forEach((r, index) => {
    if (r.rating !== min && r.rating !== max) return;
    const chars = Math.max(charCount((r.evidence ?? '').trim()), charCount((r.comment ?? '').trim()));
    if (chars < required) out.push({ index, goalId: r.goalId, rating: r.rating, chars, required });
  });
  return out;
}

/**
 * Ratings at the lowest or highest level whose written evidence (or, failing that, comment) is
 * shorter than policy.calibration.evidenceMinChars — one of the guards against unfair appraisal
 * (`ratingEvidenceShortfalls` per review). Only reviews that count are checked (a resubmission
 * replaces the earlier review, as in scoring). Sorted by subjectId, reviewId, goalId.
 */
export function evidenceIssues(reviews: readonly Review[], policy: Policy): EvidenceIssue[] {
  const out: EvidenceIssue[] = [];
  if (policy.calibration.evidenceMinChars <= 0) return out;
  for (const review of currentReviews(reviews)) {
    for (const s of ratingEvidenceShortfalls(review.ratings, policy)) {
      out.push({
        reviewId: review.id,
        subjectId: review.subjectId,
        reviewerId: review.reviewerId,
        goalId: s.goalId,
        rating: s.rating,
        chars: s.chars,
        required: s.required,
      });
    }
  }
  const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
  return out.sort(
    (a, b) => cmp(a.subjectId, b.subjectId) || cmp(a.reviewId, b.reviewId) || cmp(a.goalId, b.goalId),
  );
}

// ---------------------------------------------------------------------------------------------
// Calibration adjustments
// ---------------------------------------------------------------------------------------------

const ScoreAndRatingSchema = z.strictObject({ score: z.number().finite(), rating: z.number().int() });

/**
 * One change made in calibration: who moved the rating, from what to what, why and when. This is the shape of a
 * recorded change, read back as written: the justification minimum is a rule of making the change (`calibrate`,
 * counted with charCount), not of reading it, so a record an earlier rule accepted (before 2026-12-07 the minimum
 * counted UTF-16 units, and 21 units of emoji passed as 20 characters) still reads instead of failing every read of
 * its cycle.
 */
export const CalibrationAdjustmentSchema = z.strictObject({
  from: z.number().int(),
  to: z.number().int(),
  actorId: IdSchema,
  justification: z.string().min(1).max(TEXT_LIMITS.justification),
  at: IsoDateTimeSchema,
});
export type CalibrationAdjustment = z.infer<typeof CalibrationAdjustmentSchema>;

/** A person's rating through calibration: the original is always kept beside the current one. */
export const CalibratedRatingSchema = z.strictObject({
  subjectId: IdSchema,
  original: ScoreAndRatingSchema,
  current: ScoreAndRatingSchema,
  adjustments: z.array(CalibrationAdjustmentSchema),
});
export type CalibratedRating = z.infer<typeof CalibratedRatingSchema>;

/** A calibration decision to apply to one person. */
export const CalibrationInputSchema = z.strictObject({
  toRating: z.number().int(),
  actorId: IdSchema,
  justification: z.string().max(TEXT_LIMITS.justification),
  at: IsoDateTimeSchema,
});
export type CalibrationInput = z.infer<typeof CalibrationInputSchema>;

/** The starting point of calibration for a scored person (no adjustments yet). */
export function toCalibratedRating(scored: {
  subjectId: string;
  score: number;
  rating: number | { value: number };
}): CalibratedRating {
  const rating = typeof scored.rating === 'number' ? scored.rating : scored.rating.value;
  return {
    subjectId: scored.subjectId,
    original: { score: scored.score, rating },
    current: { score: scored.score, rating },
    adjustments: [],
  };
}

export type CalibrationErrorCode =
  | 'invalid_input'
  | 'justification_required'
  | 'evidence_required'
  | 'rating_not_on_scale'
  | 'no_change'
  | 'out_of_order';

/**
 * Move a person's rating in calibration. Needs a written justification (≥ 20 characters; moving
 * to the lowest or highest level needs at least policy.calibration.evidenceMinChars), a scale
 * level, a real change, and a time not before the previous adjustment. The original score and
 * rating are kept; the score is not recomputed (the adjustment is recorded beside it).
 */
export function calibrate(
  rated: CalibratedRating,
  input: CalibrationInput,
  policy: Policy,
): Result<CalibratedRating, DomainError<CalibrationErrorCode>> {
  const parsed = CalibrationInputSchema.safeParse(input);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail('invalid_input', issue?.message ?? 'Invalid calibration input.', {
      path: (issue?.path ?? []).filter((p): p is string | number => typeof p !== 'symbol'),
    });
  }
  const { toRating, actorId, at } = parsed.data;
  const justification = parsed.data.justification.trim();
  const chars = charCount(justification);
  if (chars < MIN_JUSTIFICATION_CHARS) {
    return fail(
      'justification_required',
      `A calibration change needs a written justification of at least ${MIN_JUSTIFICATION_CHARS} characters.`,
      {
        path: ['justification'],
        details: { minChars: MIN_JUSTIFICATION_CHARS, chars },
      },
    );
  }
  const scale = policy.ratingScale;
  if (!scale.levels.some((l) => l.value === toRating)) {
    return fail('rating_not_on_scale', `Rating ${toRating} is not a level of the scale.`, {
      path: ['toRating'],
      details: { rating: toRating, levels: scale.levels.map((l) => l.value) },
    });
  }
  if (toRating === rated.current.rating) {
    return fail('no_change', `${rated.subjectId} is already rated ${toRating}.`, { path: ['toRating'] });
  }
  const { min, max } = scaleBounds(scale);
  const needed = Math.max(MIN_JUSTIFICATION_CHARS, policy.calibration.evidenceMinChars);
  if ((toRating === min || toRating === max) && chars < needed) {
    return fail(
      'evidence_required',
      `Moving to the ${toRating === min ? 'lowest' : 'highest'} rating needs a justification of at least ${needed} characters.`,
      { path: ['justification'], details: { minChars: needed, chars } },
    );
  }
  const last = rated.adjustments[rated.adjustments.length - 1];
  if (last && toEpochMs(at) < toEpochMs(last.at)) {
    return fail('out_of_order', `The change at ${at} is earlier than the previous one (${last.at}).`, {
      path: ['at'],
      details: { previous: last.at },
    });
  }
  return ok({
    subjectId: rated.subjectId,
    original: { ...rated.original },
    current: { score: rated.current.score, rating: toRating },
    adjustments: [
      ...rated.adjustments,
      { from: rated.current.rating, to: toRating, actorId, justification, at },
    ],
  });
}

/**
 * A calibration move is decided against the rating its author saw: when the person's current rating
 * is no longer `fromRating` (someone moved it meanwhile), the justification was written for another
 * rating and the move is refused (rating_changed, naming the current rating) instead of recorded.
 */
export function requireRatingUnchanged(
  rated: CalibratedRating,
  fromRating: number,
): Result<CalibratedRating, DomainError<'rating_changed'>> {
  const currentRating = rated.current.rating;
  if (currentRating === fromRating) return ok(rated);
  return fail(
    'rating_changed',
    `${rated.subjectId} is rated ${currentRating} now, not ${fromRating}: someone moved the rating meanwhile. Reload and decide again.`,
    { path: ['fromRating'], details: { subjectId: rated.subjectId, fromRating, currentRating } },
  );
}

/** The committee's record of a calibration pass. Not strict: the published API shape has never been closed. */
export const CalibrationSummarySchema = z.object({
  total: z.number().int(),
  /** Current rating differs from the original. */
  changed: z.number().int(),
  up: z.number().int(),
  down: z.number().int(),
  unchanged: z.number().int(),
  /** Adjustments recorded, including ones later reversed. */
  adjustments: z.number().int(),
  /** Net moves original → current, sorted by from then to. */
  moves: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
});
export type CalibrationSummary = z.infer<typeof CalibrationSummarySchema>;

/** Counts of calibration changes (current vs original) for the committee's record. */
export function calibrationSummary(items: readonly CalibratedRating[]): CalibrationSummary {
  let up = 0;
  let down = 0;
  let adjustments = 0;
  const moves = new Map<string, { from: number; to: number; count: number }>();
  for (const it of items) {
    adjustments += it.adjustments.length;
    const from = it.original.rating;
    const to = it.current.rating;
    if (to === from) continue;
    if (to > from) up++;
    else down++;
    const key = `${from}>${to}`;
    const m = moves.get(key);
    if (m) m.count++;
    else moves.set(key, { from, to, count: 1 });
  }
  return {
    total: items.length,
    changed: up + down,
    up,
    down,
    unchanged: items.length - up - down,
    adjustments,
    moves: [...moves.values()].sort((a, b) => a.from - b.from || a.to - b.to),
  };
}
