// Stored shapes of the appraise/calibrate resources core has no entity for (feedback requests, sessions, potential), and draft reviews.
import { z } from '@hono/zod-openapi';
import { CalibrationAdjustmentSchema, IdSchema, IsoDateTimeSchema, ReviewSchema } from '@perfloop/core';

export const FeedbackComponentSchema = z.enum(['peer', 'upward']);
export const FeedbackRequestStateSchema = z.enum(['pending', 'submitted', 'declined', 'cancelled']);
export type FeedbackRequestState = z.infer<typeof FeedbackRequestStateSchema>;

/** A request for peer or upward feedback: pending → submitted (a review answered it) | declined | cancelled. */
export const FeedbackRequestSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  subjectId: IdSchema,
  reviewerId: IdSchema,
  component: FeedbackComponentSchema,
  message: z.string().max(5_000),
  requestedBy: IdSchema,
  state: FeedbackRequestStateSchema,
  /** The review that answered the request (state `submitted`). */
  reviewId: IdSchema.nullable(),
  /** Why the reviewer declined, or why it was cancelled. */
  reason: z.string().nullable(),
  closedAt: IsoDateTimeSchema.nullable(),
  closedBy: IdSchema.nullable(),
});
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

/**
 * A review as stored: core's Review, except that a draft has `submittedAt: null` until it is
 * submitted (core's ReviewSchema has no draft state). The linked feedback request is the record's parent_id.
 */
export const StoredReviewSchema = ReviewSchema.extend({ submittedAt: IsoDateTimeSchema.nullable() });
export type StoredReview = z.infer<typeof StoredReviewSchema>;

/** core's CalibrationSummary (an interface there). */
export const CalibrationSummarySchema = z.object({
  total: z.number().int(),
  changed: z.number().int(),
  up: z.number().int(),
  down: z.number().int(),
  unchanged: z.number().int(),
  adjustments: z.number().int(),
  moves: z.array(z.object({ from: z.number(), to: z.number(), count: z.number().int() })),
});

export const SessionStateSchema = z.enum(['open', 'finalised']);

/** A calibration session over some departments of a cycle: open → finalised. */
export const CalibrationSessionSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  name: z.string().trim().min(1).max(200),
  departmentIds: z.array(IdSchema).min(1).max(200),
  state: SessionStateSchema,
  createdBy: IdSchema,
  finalisedAt: IsoDateTimeSchema.nullable(),
  finalisedBy: IdSchema.nullable(),
  /** core calibrationSummary of the session's people, recorded on finalise. */
  summary: CalibrationSummarySchema.nullable(),
});
export type CalibrationSession = z.infer<typeof CalibrationSessionSchema>;

/** core's CalibrationAdjustment with what it is about: the session (parent_id), cycle and person. */
export const StoredAdjustmentSchema = CalibrationAdjustmentSchema.extend({
  id: IdSchema,
  sessionId: IdSchema,
  cycleId: IdSchema,
  subjectId: IdSchema,
});
export type StoredAdjustment = z.infer<typeof StoredAdjustmentSchema>;

/** A manager's (or HR's) assessment of a person's potential in a cycle, for the 9-box. */
export const PotentialAssessmentSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  subjectId: IdSchema,
  potential: z.number().int().min(1).max(3),
  note: z.string().max(2_000),
  assessedBy: IdSchema,
  assessedAt: IsoDateTimeSchema,
});
export type PotentialAssessment = z.infer<typeof PotentialAssessmentSchema>;
