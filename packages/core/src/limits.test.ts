// The text limits are the schemas' own: a field takes exactly its TEXT_LIMITS characters and refuses one more.
import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { CheckInSchema, CoachingFormSchema } from './coaching.ts';
import { AcknowledgeInputSchema, AppealInputSchema, FeedbackMeetingSchema } from './feedback.ts';
import { FeedbackRequestSchema } from './feedbackRequest.ts';
import { MAX_CORRECTION_REASON_CHARS } from './goalCorrection.ts';
import { CompetencyGoalSchema, KpiGoalSchema } from './goals.ts';
import { TEXT_LIMITS, type TextLimit } from './limits.ts';
import { WithdrawalReasonSchema } from './participation.ts';
import { ReviewRatingSchema, ReviewSchema } from './scoring.ts';
import { TargetAdjustmentSchema } from './targetAdjustment.ts';

/** Whether `schema` takes a text of `n` characters (at least `min` long, so a minimum never decides). */
const takes = (schema: z.ZodType, n: number) => schema.safeParse('x'.repeat(n)).success;

const FIELDS: [string, z.ZodType, TextLimit][] = [
  ['check-in notes', CheckInSchema.shape.notes, 'checkInNotes'],
  ['coaching form strengths', CoachingFormSchema.shape.strengths, 'coachingForm'],
  ['coaching form next steps', CoachingFormSchema.shape.nextSteps, 'coachingForm'],
  ['meeting summary', FeedbackMeetingSchema.shape.summary, 'meetingText'],
  ['acknowledgement comment', AcknowledgeInputSchema.shape.comment, 'acknowledgementComment'],
  ['appeal reason', AppealInputSchema.shape.reason, 'appealText'],
  ['feedback request message', FeedbackRequestSchema.shape.message, 'feedbackMessage'],
  ['goal title', KpiGoalSchema.shape.title, 'name'],
  ['goal unit', KpiGoalSchema.shape.unit, 'goalUnit'],
  ['competency expectations', CompetencyGoalSchema.shape.expectations, 'goalText'],
  ['withdrawal reason', WithdrawalReasonSchema, 'reason'],
  ['rating evidence', ReviewRatingSchema.shape.evidence, 'ratingText'],
  ['review summary', ReviewSchema.shape.summary, 'reviewSummary'],
  ['adjustment reason', TargetAdjustmentSchema.shape.reason, 'adjustmentReason'],
  ['adjustment evidence', TargetAdjustmentSchema.shape.evidence, 'adjustmentEvidence'],
];

describe('TEXT_LIMITS', () => {
  it.each(FIELDS)('%s takes its limit and refuses one character more', (_, schema, limit) => {
    expect(takes(schema, TEXT_LIMITS[limit])).toBe(true);
    expect(takes(schema, TEXT_LIMITS[limit] + 1)).toBe(false);
  });

  it('a goal correction reason is a reason', () => {
    expect(MAX_CORRECTION_REASON_CHARS).toBe(TEXT_LIMITS.reason);
  });

  it('cannot be changed at run time', () => {
    expect(Object.isFrozen(TEXT_LIMITS)).toBe(true);
  });
});
