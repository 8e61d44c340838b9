// Review rules the routes share: who sees a review (and whether anonymously), rating checks against the plan, evidence on submit.
import {
  type Goal,
  type Phase,
  type Policy,
  type RatingScale,
  type ReviewRating,
  ratingEvidenceShortfalls,
  reviewIssues,
} from '@perfloop/core';
import type { DomainErrorLike } from '../../errors.ts';
import { reached } from './cycleContext.ts';
import type { StoredReview } from './storedReview.ts';

/** How a caller sees a review: in full, without the reviewer (peer/upward reviews shown to their subject), or not at all. */
export type ReviewView = 'full' | 'anonymous' | null;

export interface Viewer {
  personId: string | null;
  canManage(personId: string): boolean;
}

/**
 * Whether the viewer sees who wrote every review of this subject: the subject's managers, department heads and
 * HR (`canManage`), never the subject themselves, HR included. Anyone else — above all the subject — gets the anonymous view of peer and upward
 * reviews, here and wherever a review's reviewer could show (score warnings and explanations: `scoreForReader`).
 */
export function seesReviewers(viewer: Viewer, subjectId: string): boolean {
  // Never about oneself: HR's reach (`canManage` holds for everyone) does not unmask their own peer reviewers.
  return viewer.personId !== null && viewer.personId !== subjectId && viewer.canManage(subjectId);
}

/**
 * The reviewer sees their own review (draft or submitted). Others only see submitted reviews: the
 * subject's managers, department heads and HR all of them; the subject, from the `feedback` phase
 * on, with peer and upward reviewers kept anonymous.
 */
export function reviewView(viewer: Viewer, review: StoredReview, phase: Phase): ReviewView {
  const me = viewer.personId;
  if (me === null) return null;
  if (review.reviewerId === me) return 'full';
  if (review.submittedAt === null) return null;
  if (seesReviewers(viewer, review.subjectId)) return 'full';
  if (review.subjectId === me && reached({ phase }, 'feedback')) {
    return review.component === 'peer' || review.component === 'upward' ? 'anonymous' : 'full';
  }
  return null;
}

/**
 * Problems with a review's ratings: core reviewIssues (levels of the scale, a goal rated twice)
 * and ratings of goals that are not live goals of the subject's plan in the cycle (`unknown_goal`).
 * Paths are `ratings.<i>.<field>`.
 */
export function ratingIssues(
  ratings: readonly ReviewRating[],
  goals: readonly Pick<Goal, 'id' | 'status'>[],
  scale: RatingScale,
): DomainErrorLike[] {
  const live = new Set(goals.filter((g) => g.status !== 'cancelled').map((g) => g.id));
  const issues: DomainErrorLike[] = [];
  ratings.forEach((r, i) => {
    if (!live.has(r.goalId)) {
      issues.push({
        code: 'unknown_goal',
        message: `Goal ${r.goalId} is not a live goal of this person's plan in the cycle.`,
        path: ['ratings', i, 'goalId'],
        details: { goalId: r.goalId },
      });
    }
  });
  issues.push(...reviewIssues({ ratings: [...ratings] }, scale));
  return issues.sort((a, b) => String(a.path).localeCompare(String(b.path), 'en', { numeric: true }));
}

/**
 * What a review needs before it is submitted (every component): core ratingEvidenceShortfalls — each lowest or
 * highest rating needs written evidence (or a comment) of `policy.calibration.evidenceMinChars` characters. The
 * calibrate guard (`evidence_missing`) refuses to leave calibration while any counted review lacks it, and a submitted
 * review no longer changes, so it is refused at submit: one `evidence_required` error per rating, at
 * `ratings.<i>.evidence`, with the counts in `details`.
 */
export function evidenceProblems(
  ratings: readonly ReviewRating[],
  policy: Pick<Policy, 'calibration' | 'ratingScale'>,
): DomainErrorLike[] {
  return ratingEvidenceShortfalls(ratings, policy).map((s) => ({
    code: 'evidence_required',
    message: `Rating ${s.rating} is the lowest or highest level: write evidence (or a comment) of at least ${s.required} characters (${s.chars} so far).`,
    path: ['ratings', s.index, 'evidence'],
    details: { goalId: s.goalId, rating: s.rating, chars: s.chars, required: s.required },
  }));
}
