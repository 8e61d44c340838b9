// Appeals upheld as "changed": the corrected rating, checked like a calibration move, and recorded as a rating move from the appeal.
import { z } from 'zod';
import {
  type CalibratedRating,
  CalibrationAdjustmentSchema,
  type CalibrationErrorCode,
  calibrate,
} from './calibration.ts';
import { type StoredAdjustment, StoredAdjustmentSchema } from './calibrationSession.ts';
import { IdSchema } from './common.ts';
import type { AppealOutcome } from './feedback.ts';
import type { Policy } from './policy.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';

/**
 * A rating moved because an appeal was resolved as `changed`: the same facts as a calibration move (from, to, who,
 * the justification — HR's note to the employee —, when), with the feedback meeting whose appeal it resolved in place
 * of a session. Stored beside the calibration adjustments (`kind: 'appeal'` tells them apart), so everything that
 * reads a person's final rating through their moves reads it too.
 */
export const AppealAdjustmentSchema = CalibrationAdjustmentSchema.extend({
  id: IdSchema,
  kind: z.literal('appeal'),
  /** The feedback meeting whose appeal was resolved with this change. */
  meetingId: IdSchema,
  cycleId: IdSchema,
  subjectId: IdSchema,
});
export type AppealAdjustment = z.infer<typeof AppealAdjustmentSchema>;

/** Any recorded move of a person's rating after scoring: a calibration session's adjustment, or an appeal's. */
export const RatingMoveSchema = z.union([StoredAdjustmentSchema, AppealAdjustmentSchema]);
export type RatingMove = StoredAdjustment | AppealAdjustment;

/** Whether a move came from an appeal (else from a calibration session). */
export function isAppealMove(move: RatingMove): move is AppealAdjustment {
  return 'kind' in move && move.kind === 'appeal';
}

export type AppealRatingErrorCode = 'rating_required' | 'rating_not_allowed';

/**
 * The shape of a resolution's rating: `changed` names the corrected rating (`toRating`) and the rating HR saw and
 * corrects (`fromRating`); `upheld` keeps the rating and names none.
 */
export function checkAppealRating(input: {
  outcome: AppealOutcome;
  toRating?: number | undefined;
  fromRating?: number | undefined;
}): Result<null, DomainError<AppealRatingErrorCode>> {
  const fields = ['toRating', 'fromRating'] as const;
  if (input.outcome === 'upheld') {
    const sent = fields.find((f) => input[f] !== undefined);
    if (sent === undefined) return ok(null);
    return fail('rating_not_allowed', 'An upheld appeal keeps the rating: send no rating with it.', {
      path: [sent],
    });
  }
  const missing = fields.find((f) => input[f] === undefined);
  if (missing === undefined) return ok(null);
  return fail(
    'rating_required',
    missing === 'toRating'
      ? 'An appeal resolved as changed needs the corrected rating (toRating).'
      : 'An appeal resolved as changed needs the rating you saw and correct (fromRating).',
    { path: [missing] },
  );
}

/** What HR decides when an appeal changes the result. */
export interface AppealCorrectionInput {
  toRating: number;
  /** HR's note to the employee: the justification of the move. */
  note: string;
  actorId: string;
  at: string;
}

/**
 * Moves a person's rating on appeal: core `calibrate` with the note as the justification, so the same rules hold —
 * at least 20 characters (`justification_required`), the policy's evidence length for the lowest or highest rating
 * (`evidence_required`), a level of the scale (`rating_not_on_scale`), a rating other than the current one
 * (`no_change`). Errors about the justification point at `note`.
 */
export function correctOnAppeal(
  rated: CalibratedRating,
  input: AppealCorrectionInput,
  policy: Policy,
): Result<CalibratedRating, DomainError<CalibrationErrorCode>> {
  const moved = calibrate(
    rated,
    { toRating: input.toRating, actorId: input.actorId, justification: input.note, at: input.at },
    policy,
  );
  if (moved.ok) return moved;
  const { path } = moved.error;
  if (path?.[0] !== 'justification') return moved;
  const message = moved.error.message.replace('A calibration change needs', 'A changed result needs');
  return { ok: false, error: { ...moved.error, message, path: ['note', ...path.slice(1)] } };
}
