// Formality screening of appraisal reviews (obstacle 3): manager, peer and upward texts by one author across subjects.
import {
  detectFormality,
  type FormalityCode,
  type FormalityIssue,
  type FormalityPolicy,
  type FormalityText,
} from './feedback.ts';
import type { Component, Policy } from './policy.ts';

/** The components whose text is feedback to someone else; a self review is the subject's own view and is not screened. */
export const SCREENED_COMPONENTS: readonly Component[] = Object.freeze(['manager', 'peer', 'upward']);

/** What the screening reads of a review (core Review, drafts with `submittedAt: null`). */
export interface ReviewToScreen {
  id: string;
  reviewerId: string;
  subjectId: string;
  component: Component;
  summary: string;
  ratings: readonly { goalId: string; comment?: string; evidence?: string }[];
  submittedAt: string | null;
  /** The subject's name, masked so a copy with the name swapped still counts as a copy. */
  subjectName?: string;
}

/** Whether a review's text is screened for mere formality (manager, peer and upward reviews). */
export function isScreenedReview(review: Pick<ReviewToScreen, 'component'>): boolean {
  return SCREENED_COMPONENTS.includes(review.component);
}

/**
 * The text screened: what the reviewer wrote about the person — the summary, then each rating's
 * comment and evidence in rating order, blank parts left out, one per line.
 */
export function reviewText(review: Pick<ReviewToScreen, 'summary' | 'ratings'>): string {
  const parts = [review.summary];
  for (const r of review.ratings) parts.push(r.comment ?? '', r.evidence ?? '');
  return parts.filter((p) => p.trim() !== '').join('\n');
}

/**
 * The reviews a viewer's screening runs over: every submitted review, and drafts only of their own
 * (a draft is its reviewer's alone, so it may only be compared with for them).
 */
export function screeningSet<R extends Pick<ReviewToScreen, 'reviewerId' | 'submittedAt'>>(
  reviews: readonly R[],
  viewerId: string | null,
): R[] {
  return reviews.filter((r) => r.submittedAt !== null || r.reviewerId === viewerId);
}

/**
 * Formality issues per review id (only reviews with issues have an entry): core `detectFormality`
 * over the screened reviews given (pass one cycle's), so `near_duplicate` compares each review with
 * the same reviewer's reviews of other people — `empty`, `too_short` (`policy.feedback.minChars`) and
 * `near_duplicate` (`policy.feedback.similarityThreshold`) as there. Self reviews are skipped.
 */
export function screenReviews(
  reviews: readonly ReviewToScreen[],
  policy: FormalityPolicy,
): Map<string, FormalityIssue[]> {
  const texts: FormalityText[] = [];
  for (const r of reviews) {
    if (!isScreenedReview(r)) continue;
    texts.push({
      id: r.id,
      authorId: r.reviewerId,
      subjectId: r.subjectId,
      text: reviewText(r),
      ...(r.subjectName !== undefined ? { subjectName: r.subjectName } : {}),
    });
  }
  const out = new Map<string, FormalityIssue[]>();
  for (const issue of detectFormality(texts, policy)) {
    const list = out.get(issue.id);
    if (list) list.push(issue);
    else out.set(issue.id, [issue]);
  }
  return out;
}

/** A submitted review flagged as a mere formality, with its issues (codes in issue order). */
export interface FlaggedReview {
  reviewId: string;
  subjectId: string;
  reviewerId: string;
  component: Component;
  submittedAt: string;
  codes: FormalityCode[];
  issues: FormalityIssue[];
}

export interface ReviewFormalityReport {
  /** Submitted manager, peer and upward reviews in scope. */
  screened: number;
  /** Of those, how many carry at least one issue. */
  flagged: number;
  /** Flagged reviews per issue code (a review with two codes counts under both). */
  byCode: Record<FormalityCode, number>;
  /** The flagged reviews, by reviewer then review id. */
  reviews: FlaggedReview[];
}

/**
 * The cycle's formality report (for calibration, obstacles 1 and 3): every submitted manager, peer and
 * upward review is screened against the same reviewer's other submitted reviews — also those about
 * people outside `inScope`, since a copy is a copy — and the reviews `inScope` accepts are counted and
 * the flagged ones listed. Drafts are left out: nobody but their reviewer sees them.
 */
export function reviewFormalityReport(
  reviews: readonly ReviewToScreen[],
  policy: Pick<Policy, 'feedback'>,
  inScope: (review: ReviewToScreen) => boolean = () => true,
): ReviewFormalityReport {
  const submitted = reviews.filter((r) => r.submittedAt !== null && isScreenedReview(r));
  const issues = screenReviews(submitted, policy);
  const byCode: Record<FormalityCode, number> = { empty: 0, too_short: 0, near_duplicate: 0 };
  const flagged: FlaggedReview[] = [];
  let screened = 0;
  for (const r of submitted) {
    if (!inScope(r)) continue;
    screened++;
    const found = issues.get(r.id);
    if (!found) continue;
    const codes = [...new Set(found.map((i) => i.code))];
    for (const code of codes) byCode[code]++;
    flagged.push({
      reviewId: r.id,
      subjectId: r.subjectId,
      reviewerId: r.reviewerId,
      component: r.component,
      submittedAt: r.submittedAt as string,
      codes,
      issues: found,
    });
  }
  flagged.sort((a, b) =>
    a.reviewerId !== b.reviewerId
      ? a.reviewerId < b.reviewerId
        ? -1
        : 1
      : a.reviewId < b.reviewId
        ? -1
        : a.reviewId > b.reviewId
          ? 1
          : 0,
  );
  return { screened, flagged: flagged.length, byCode, reviews: flagged };
}
