// Review formality at the API edge: core screenReviews over a cycle's reviews as the caller may see them; who sees the flags.
import {
  type FormalityIssue,
  isScreenedReview,
  type Policy,
  type ReviewToScreen,
  screeningSet,
  screenReviews,
} from '@perfloop/core';
import type { Access, ResourceSource } from '../../authz/index.ts';
import { keepMatches } from '../feedback/formalityMatches.ts';
import { listAllWhere } from './cycleContext.ts';
import { seesReviewers } from './reviewRules.ts';
import { type StoredReview, StoredReviewSchema } from './storedReview.ts';

/**
 * Who sees a review's formality screening: its reviewer, and whoever sees every reviewer of the subject
 * (`seesReviewers`: their managers, department heads and HR — whoever calibrates them). Not the subject,
 * whom peer and upward reviewers stay anonymous to, HR included, and never for a self review (not screened).
 */
export function seesScreening(
  access: Access,
  review: Pick<StoredReview, 'reviewerId' | 'subjectId' | 'component'>,
): boolean {
  if (!isScreenedReview(review) || access.personId === null) return false;
  return review.reviewerId === access.personId || seesReviewers(access, review.subjectId);
}

/** A stored review as the screening reads it, with the subject's name to mask. */
export function toScreen(access: Access, review: StoredReview): ReviewToScreen {
  const name = access.snapshot.people.get(review.subjectId)?.entity.name;
  return { ...review, ...(name !== undefined ? { subjectName: name } : {}) };
}

/**
 * Near-duplicate matches name other reviews by the same reviewer and their subjects: the reviewer sees
 * all of theirs (they wrote them); anyone else only those about people whose every reviewer they see
 * (`seesReviewers`: people they manage or head, for HR everyone else) — whose reviews they may read in full
 * anyway. Not merely people they may see, nor themselves: a subject, HR included, must not learn from a
 * match that a peer reviewed them. `matchCount` still counts every match.
 */
export function issuesFor(
  access: Access,
  review: Pick<StoredReview, 'reviewerId'>,
  issues: readonly FormalityIssue[],
): FormalityIssue[] {
  if (review.reviewerId === access.personId) return [...issues];
  return keepMatches(issues, (subjectId) => seesReviewers(access, subjectId));
}

/**
 * The formality issues of `reviews` as the caller sees them (absent for a review they do not see the
 * screening of): core screenReviews once per cycle over that cycle's submitted reviews and the caller's
 * own drafts, read through `source` (the store, or the transaction that just wrote).
 */
export async function reviewFormality(
  source: ResourceSource,
  access: Access,
  reviews: readonly StoredReview[],
  policyOf: (cycleId: string) => Promise<Pick<Policy, 'feedback'>>,
): Promise<Map<string, FormalityIssue[]>> {
  const out = new Map<string, FormalityIssue[]>();
  const cycles = new Set(reviews.filter((r) => seesScreening(access, r)).map((r) => r.cycleId));
  for (const cycleId of cycles) {
    const records = await listAllWhere(source, 'reviews', access.orgId, { cycleId });
    const all = screeningSet(
      records.map((r) => StoredReviewSchema.parse(r.data)),
      access.personId,
    ).map((r) => toScreen(access, r));
    const issues = screenReviews(all, await policyOf(cycleId));
    for (const review of reviews) {
      if (review.cycleId !== cycleId || !seesScreening(access, review)) continue;
      out.set(review.id, issuesFor(access, review, issues.get(review.id) ?? []));
    }
  }
  return out;
}
