// What a review form checks while it is written, with the core functions the API runs: evidence of extreme ratings (a submit refusal) and "mere formality" (a warning).
import {
  type RatingEvidenceShortfall,
  type ReviewToScreen,
  ratingEvidenceShortfalls,
  screenReviews,
} from '@perfloop/core';
import type { FormalityWarning, Policy, Review, ReviewComponent, ReviewRating } from '../api/types.ts';

/** Who writes the review about whom, and the reviewer's other reviews of the cycle to compare it with (near-duplicates). */
export interface ReviewScreening {
  component: ReviewComponent;
  reviewerId: string;
  subjectId: string;
  subjectName?: string | undefined;
  /** The reviewer's own reviews in the cycle (drafts and submitted), as GET /v1/reviews?reviewerId= lists them. */
  others: readonly Review[];
  /** Names of the other reviews' subjects, masked by the screening as the API does. */
  nameOf?: (personId: string) => string | undefined;
}

/** The id the form's unsaved text is screened under (never a stored review's id). */
const UNSAVED = 'rev_unsaved';

/** Core ratingEvidenceShortfalls (the rule `POST /v1/reviews/{id}/submit` refuses with `evidence_required`), by goal. */
export function evidenceShortfalls(
  ratings: readonly ReviewRating[],
  policy: Pick<Policy, 'calibration' | 'ratingScale'>,
): Map<string, RatingEvidenceShortfall> {
  return new Map(ratingEvidenceShortfalls(ratings, policy).map((s) => [s.goalId, s]));
}

/**
 * Core screenReviews over the form's text and the reviewer's other reviews, as the API screens it for the reviewer
 * (`formality`): empty, too short, or near-identical to their review of someone else. None for a self review.
 */
export function draftFormality(
  draft: { ratings: readonly ReviewRating[]; summary: string },
  existingId: string | null,
  screening: ReviewScreening,
  policy: Pick<Policy, 'feedback'>,
): FormalityWarning[] {
  const id = existingId ?? UNSAVED;
  const mine: ReviewToScreen = {
    id,
    reviewerId: screening.reviewerId,
    subjectId: screening.subjectId,
    component: screening.component,
    summary: draft.summary,
    ratings: draft.ratings,
    submittedAt: null,
    ...(screening.subjectName !== undefined ? { subjectName: screening.subjectName } : {}),
  };
  const others: ReviewToScreen[] = [];
  for (const r of screening.others) {
    if (r.id === id || r.reviewerId !== screening.reviewerId) continue;
    const name = screening.nameOf?.(r.subjectId);
    others.push({
      id: r.id,
      reviewerId: r.reviewerId,
      subjectId: r.subjectId,
      component: r.component,
      summary: r.summary,
      ratings: r.ratings,
      submittedAt: r.submittedAt,
      ...(name !== undefined ? { subjectName: name } : {}),
    });
  }
  return (
    screenReviews([mine, ...others], {
      feedback: {
        minChars: policy.feedback.minChars,
        similarityThreshold: policy.feedback.similarityThreshold ?? DEFAULT_SIMILARITY,
      },
    }).get(id) ?? []
  );
}

/** The policy default, for an API that does not send the threshold. */
const DEFAULT_SIMILARITY = 0.8;
