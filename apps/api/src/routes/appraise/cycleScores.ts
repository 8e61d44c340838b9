// Scores of a cycle's people: core scoreCycle over their goals and submitted reviews, with their rating moves (calibration, appeals) applied.
import {
  type CalibratedRating,
  type Goal,
  type GoalCorrection,
  GoalCorrectionSchema,
  GoalSchema,
  type PersonScore,
  type RatingMove,
  RatingMoveSchema,
  type Review,
  ReviewSchema,
  type ScoreErrorCode,
  scoreCycle,
  type TargetAdjustment,
  TargetAdjustmentSchema,
  toCalibratedRating,
  type UnscoredExplanation,
  unscoredExplanation,
} from '@perfloop/core';
import type { ResourceSource } from '../../authz/index.ts';
import { listAllWhere, type StoredCycle } from './cycleContext.ts';
import { type StoredReview, StoredReviewSchema } from './storedReview.ts';

export interface CalibratedScore {
  subjectId: string;
  /** core's score with its (lazily built) explanation trace. */
  score: PersonScore;
  /** The rating through calibration: `original` is the scored rating, `current` the calibrated one. */
  calibrated: CalibratedRating;
  /** The stored moves of this person's rating (calibration adjustments and corrections on appeal), oldest first. */
  adjustments: RatingMove[];
  /** The approved target adjustments of this person's goals (the relief their explanation shows). */
  targetAdjustments: TargetAdjustment[];
  /** The corrections of this person's goals made after their plan was agreed (shown in their explanation). */
  goalCorrections: GoalCorrection[];
  /** This person's cancelled goals (not scored): those cancelled after `plan` are listed with their correction. */
  cancelledGoals: Goal[];
}

export interface ScoreFailure {
  subjectId: string;
  code: ScoreErrorCode | 'duplicate_subject';
  message: string;
}

export interface CycleScoring {
  scores: Map<string, CalibratedScore>;
  failures: ScoreFailure[];
  /**
   * Why each person in `failures` (but one listed twice) has no score, explained: for a plan whose every goal is
   * cancelled, those goals with the corrections that cancelled them (core unscoredExplanation).
   */
  unscored: Map<string, UnscoredExplanation>;
  /** The submitted reviews about these people (every review, the superseded ones too). */
  reviews: Review[];
}

/** Submitted reviews only: a draft (`submittedAt: null`) never counts. */
export function submittedReview(stored: StoredReview): Review | null {
  if (stored.submittedAt === null) return null;
  return ReviewSchema.parse(stored);
}

/** A person's rating moves applied in order to their scored rating (each one was checked by core calibrate when made). */
export function applyAdjustments(
  scored: { subjectId: string; score: number; rating: { value: number } },
  adjustments: readonly RatingMove[],
): CalibratedRating {
  const start = toCalibratedRating(scored);
  const last = adjustments.at(-1);
  return {
    ...start,
    current: { score: start.current.score, rating: last ? last.to : start.current.rating },
    adjustments: adjustments.map(({ from, to, actorId, justification, at }) => ({
      from,
      to,
      actorId,
      justification,
      at,
    })),
  };
}

const byTime = (a: RatingMove, b: RatingMove): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/**
 * The cycle's stored rating moves by person, oldest first: calibration sessions' adjustments and the corrections of
 * appeals resolved as changed (`kind: 'appeal'`), both kept as `calibration_adjustments` records.
 */
export async function adjustmentsByPerson(
  source: ResourceSource,
  orgId: string,
  cycleId: string,
): Promise<Map<string, RatingMove[]>> {
  const out = new Map<string, RatingMove[]>();
  for (const record of await listAllWhere(source, 'calibration_adjustments', orgId, { cycleId })) {
    const adjustment: RatingMove = RatingMoveSchema.parse(record.data);
    const list = out.get(adjustment.subjectId);
    if (list) list.push(adjustment);
    else out.set(adjustment.subjectId, [adjustment]);
  }
  for (const list of out.values()) list.sort(byTime);
  return out;
}

/** The cycle's approved target adjustments by goal owner. */
export async function approvedTargetAdjustments(
  source: ResourceSource,
  orgId: string,
  cycleId: string,
): Promise<Map<string, TargetAdjustment[]>> {
  const out = new Map<string, TargetAdjustment[]>();
  for (const record of await listAllWhere(source, 'target_adjustments', orgId, { cycleId })) {
    const adjustment = TargetAdjustmentSchema.parse(record.data);
    if (adjustment.state !== 'approved') continue;
    const list = out.get(adjustment.subjectId);
    if (list) list.push(adjustment);
    else out.set(adjustment.subjectId, [adjustment]);
  }
  return out;
}

/** The cycle's goal corrections (changes to scoring fields after `plan`, with their reasons) by goal owner. */
export async function goalCorrectionsByPerson(
  source: ResourceSource,
  orgId: string,
  cycleId: string,
): Promise<Map<string, GoalCorrection[]>> {
  const out = new Map<string, GoalCorrection[]>();
  for (const record of await listAllWhere(source, 'goal_corrections', orgId, { cycleId })) {
    const correction = GoalCorrectionSchema.parse(record.data);
    const list = out.get(correction.subjectId);
    if (list) list.push(correction);
    else out.set(correction.subjectId, [correction]);
  }
  return out;
}

/**
 * Scores `people` (participants of the cycle) from their person goals in the cycle and the
 * submitted reviews about them, under the cycle's policy; the rating is the calibrated one where
 * an adjustment exists (the original is kept in `calibrated.original`).
 */
export async function scoreCyclePeople(
  source: ResourceSource,
  orgId: string,
  cycle: StoredCycle,
  people: readonly string[],
): Promise<CycleScoring> {
  const cycleId = cycle.id;
  const wanted = new Set(people);
  const goalsBy = new Map<string, Goal[]>();
  for (const record of await listAllWhere(source, 'goals', orgId, { cycleId })) {
    const goal = GoalSchema.parse(record.data);
    if (goal.ownerId === null || !wanted.has(goal.ownerId)) continue;
    const list = goalsBy.get(goal.ownerId);
    if (list) list.push(goal);
    else goalsBy.set(goal.ownerId, [goal]);
  }
  const reviews: Review[] = [];
  for (const record of await listAllWhere(source, 'reviews', orgId, { cycleId })) {
    if (record.subjectId === null || !wanted.has(record.subjectId)) continue;
    const review = submittedReview(StoredReviewSchema.parse(record.data));
    if (review) reviews.push(review);
  }
  const adjustments = await adjustmentsByPerson(source, orgId, cycleId);
  const relief = await approvedTargetAdjustments(source, orgId, cycleId);
  const corrections = await goalCorrectionsByPerson(source, orgId, cycleId);
  const result = scoreCycle(
    people.map((subjectId) => ({ subjectId, goals: goalsBy.get(subjectId) ?? [] })),
    cycle.policy,
    reviews,
  );
  const scores = new Map<string, CalibratedScore>();
  for (const score of result.scores) {
    const own = adjustments.get(score.subjectId) ?? [];
    scores.set(score.subjectId, {
      subjectId: score.subjectId,
      score,
      calibrated: applyAdjustments(score, own),
      adjustments: own,
      targetAdjustments: relief.get(score.subjectId) ?? [],
      goalCorrections: corrections.get(score.subjectId) ?? [],
      cancelledGoals: (goalsBy.get(score.subjectId) ?? []).filter((g) => g.status === 'cancelled'),
    });
  }
  const failures = result.failures.map((f) => ({
    subjectId: f.subjectId,
    code: f.error.code,
    message: f.error.message,
  }));
  const unscored = new Map<string, UnscoredExplanation>();
  for (const { subjectId, error } of result.failures) {
    if (error.code === 'duplicate_subject') continue;
    const explained = unscoredExplanation(
      subjectId,
      { ...error, code: error.code },
      goalsBy.get(subjectId) ?? [],
      corrections.get(subjectId) ?? [],
    );
    unscored.set(subjectId, explained);
  }
  return { scores, failures, unscored, reviews };
}
