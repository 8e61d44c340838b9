// Writing a review: a new one is one POST (draft or submitted); a draft is PATCHed with If-Match, then submitted.
import type { ApiClient, Reader } from './client.ts';
import type { Review, ReviewComponent, ReviewRating } from './types.ts';

export interface ReviewWrite {
  cycleId: string;
  subjectId: string;
  component: ReviewComponent;
  ratings: ReviewRating[];
  summary: string;
  /** Peer/upward: the feedback request the review answers (sent with the first save only). */
  feedbackRequestId?: string;
}

export async function saveReview(
  client: ApiClient,
  existing: Review | null,
  write: ReviewWrite,
  submit: boolean,
): Promise<Review> {
  if (!existing) return client.post<Review>('/v1/reviews', { ...write, submit });
  const patched = await client.patch<Review>(
    `/v1/reviews/${encodeURIComponent(existing.id)}`,
    { ratings: write.ratings, summary: write.summary },
    existing.version,
  );
  if (!submit) return patched;
  return client.post<Review>(
    `/v1/reviews/${encodeURIComponent(existing.id)}/submit`,
    {},
    { version: patched.version },
  );
}

/** The caller's own review of a subject in a cycle (draft or submitted), if any. */
export async function myReview(
  client: Reader,
  cycleId: string,
  subjectId: string,
  reviewerId: string,
  component: ReviewComponent,
): Promise<Review | null> {
  const items = await client.all<Review>('/v1/reviews', { cycleId, subjectId, reviewerId, component });
  return items.find((r) => r.reviewerId === reviewerId && r.component === component) ?? null;
}
