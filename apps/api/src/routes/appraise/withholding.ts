// The anonymity threshold at the API: which of a person's peer and upward reviews in a cycle are withheld from them, and each cycle's threshold.
import {
  DEFAULT_ANONYMOUS_MIN_REVIEWS,
  type Policy,
  PolicySchema,
  reviewerCounts,
  type WithheldComponent,
  withheldComponents,
} from '@perfloop/core';
import type { ResourceSource } from '../../authz/index.ts';
import { listAllWhere } from './cycleContext.ts';
import { StoredReviewSchema } from './storedReview.ts';

/** A cycle's anonymity threshold (`feedback.anonymousMinReviews` of its policy), by cycle id. */
export type MinReviewsOf = (cycleId: string) => number;

/** The anonymity threshold of a policy: reviews of a peer or upward component are shown to their subject from this many reviewers. */
export function minReviewsOf(policy: Pick<Policy, 'feedback'>): number {
  return policy.feedback.anonymousMinReviews;
}

/**
 * The threshold of each of these cycles, read from their stored policy snapshots in one query. A cycle that is not
 * stored (or whose policy cannot be read) reads as the default, 3.
 */
export async function cycleThresholds(
  source: ResourceSource,
  orgId: string,
  cycleIds: Iterable<string>,
): Promise<MinReviewsOf> {
  const ids = [...new Set(cycleIds)];
  const out = new Map<string, number>();
  if (ids.length > 0) {
    const { records } = await source
      .resources('cycles')
      .list(orgId, { ids, includeDeleted: true, limit: ids.length });
    for (const r of records) {
      const policy = PolicySchema.safeParse((r.data as { policy?: unknown }).policy);
      if (policy.success) out.set(r.id, minReviewsOf(policy.data));
    }
  }
  return (cycleId) => out.get(cycleId) ?? DEFAULT_ANONYMOUS_MIN_REVIEWS;
}

/**
 * The peer and upward components withheld from `subjectId` in the cycle: fewer people than `minReviews` submitted a
 * review of it about them (core `withheldComponents`; drafts never count). Reads the person's reviews in the cycle.
 */
export async function withheldFor(
  source: ResourceSource,
  orgId: string,
  cycleId: string,
  subjectId: string,
  minReviews: number,
): Promise<WithheldComponent[]> {
  const reviews = (await listAllWhere(source, 'reviews', orgId, { cycleId, subjectId })).map((r) =>
    StoredReviewSchema.parse(r.data),
  );
  return withheldComponents(reviewerCounts(reviews), minReviews);
}
