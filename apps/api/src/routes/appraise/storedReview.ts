// The stored shape of a review: core's Review, drafts included.
import type { z } from '@hono/zod-openapi';
import { IsoDateTimeSchema, ReviewSchema } from '@perfloop/core';

/**
 * A review as stored: core's Review, except that a draft has `submittedAt: null` until it is
 * submitted (core's ReviewSchema has no draft state). The linked feedback request is the record's parent_id.
 */
export const StoredReviewSchema = ReviewSchema.extend({ submittedAt: IsoDateTimeSchema.nullable() });
export type StoredReview = z.infer<typeof StoredReviewSchema>;
