// Resolving an appeal as changed, storage side: the person's rating moved on appeal (an `appeal` rating move beside the calibration adjustments).
import {
  type AppealAdjustment,
  type AppealCorrection,
  checkAppealRating,
  correctOnAppeal,
  type FeedbackMeeting,
  type ResolveAppealInput,
  requireRatingUnchanged,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { Conflict } from '../../errors.ts';
import { domainProblem, newId, type Write } from '../../kit/index.ts';
import { scoreCyclePeople } from '../appraise/cycleScores.ts';
import { type CycleContext, listWhere } from '../loop/cycle.ts';

/** Rating moves share the calibration adjustments' id prefix and record kind (`kind: 'appeal'` tells them apart). */
const ADJUSTMENT_PREFIX = 'adj';

/** What the resolution asks of the rating: `toRating` and `fromRating` with `changed`, neither with `upheld`. */
export interface AppealRatingRequest {
  outcome: ResolveAppealInput['outcome'];
  note: string;
  toRating?: number | undefined;
  fromRating?: number | undefined;
}

/** 422 `rating_required` / `rating_not_allowed` (on the field) when the rating does not fit the outcome. */
export function requireAppealRatingShape(body: AppealRatingRequest): void {
  const shape = checkAppealRating(body);
  if (!shape.ok) throw domainProblem([shape.error]);
}

/**
 * In the resolution's transaction, for `changed`: moves the person's rating to `toRating` and records the move (an
 * `appeal` rating move with the meeting, HR and the note; audit entry and feed event with it). Refused, with nothing
 * written, when they have no score (422 with the scoring's code), when their rating is no longer `fromRating` (409
 * `rating_changed`, like calibration), or when core refuses the move (422: `justification_required`,
 * `evidence_required`, `rating_not_on_scale`, `no_change`). Moves of one person are decided one at a time (a lock on
 * the person's rating in the cycle). Returns the correction and, when results were already applied for the person,
 * their result record (the caller re-applies it: results/appealReapply).
 */
export async function correctRatingOnAppeal(
  w: Write,
  args: {
    ctx: CycleContext;
    meeting: FeedbackMeeting;
    toRating: number;
    fromRating: number;
    note: string;
    actorId: string;
    at: string;
  },
): Promise<{ correction: AppealCorrection; applied: ResourceRecord | null }> {
  const { ctx, meeting } = args;
  const cycleId = ctx.cycle.id;
  const subjectId = meeting.subjectId;
  await w.tx.lock(`rating:${cycleId}:${subjectId}`, 'exclusive');
  const applied = (await listWhere(w.tx, 'results', w.orgId, { cycleId, subjectId }))[0] ?? null;
  const scoring = await scoreCyclePeople(w.tx, w.orgId, ctx.cycle, [subjectId]);
  const scored = scoring.scores.get(subjectId);
  if (!scored) {
    const failure = scoring.failures.find((f) => f.subjectId === subjectId);
    throw domainProblem([
      {
        code: failure?.code ?? 'no_scorable_goals',
        message: failure?.message ?? `${subjectId} has no score to change.`,
        path: ['toRating'],
      },
    ]);
  }
  const unchanged = requireRatingUnchanged(scored.calibrated, args.fromRating);
  if (!unchanged.ok) {
    throw new Conflict(unchanged.error.message, {
      code: unchanged.error.code,
      details: unchanged.error.details,
    });
  }
  const moved = correctOnAppeal(
    scored.calibrated,
    { toRating: args.toRating, note: args.note, actorId: args.actorId, at: args.at },
    ctx.policy,
  );
  if (!moved.ok) throw domainProblem([moved.error]);
  const last = moved.value.adjustments.at(-1);
  if (!last) throw new Error('correctOnAppeal returned no move');
  const adjustment: AppealAdjustment = {
    ...last,
    id: newId(ADJUSTMENT_PREFIX),
    kind: 'appeal',
    meetingId: meeting.id,
    cycleId,
    subjectId,
  };
  await w.create(
    'calibration_adjustments',
    { id: adjustment.id, cycleId, subjectId, parentId: meeting.id, data: adjustment },
    { action: 'calibration_adjustment.appeal' },
  );
  return { correction: { from: adjustment.from, to: adjustment.to, adjustmentId: adjustment.id }, applied };
}
