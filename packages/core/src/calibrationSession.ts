// Calibration sessions: a committee's pass over some departments of a cycle, open → finalised, and the adjustments it records.
import { z } from 'zod';
import {
  type CalibratedRating,
  CalibrationAdjustmentSchema,
  CalibrationSummarySchema,
  calibrationSummary,
} from './calibration.ts';
import { type Id, IdSchema, IsoDateTimeSchema } from './common.ts';
import type { Phase } from './cycle.ts';
import { TEXT_LIMITS } from './limits.ts';
import type { Org } from './org.ts';
import { type DomainError, type Err, err, ok, type Result } from './result.ts';

export const SessionStateSchema = z.enum(['open', 'finalised']);
export type SessionState = z.infer<typeof SessionStateSchema>;

/** A calibration session over some departments of a cycle: open → finalised. */
export const CalibrationSessionSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  name: z.string().trim().min(1).max(TEXT_LIMITS.name),
  departmentIds: z.array(IdSchema).min(1).max(200),
  state: SessionStateSchema,
  createdBy: IdSchema,
  finalisedAt: IsoDateTimeSchema.nullable(),
  finalisedBy: IdSchema.nullable(),
  /** core calibrationSummary of the session's people, recorded on finalise. */
  summary: CalibrationSummarySchema.nullable(),
});
export type CalibrationSession = z.infer<typeof CalibrationSessionSchema>;

/** A CalibrationAdjustment with what it is about: the session it was made in, the cycle and the person. */
export const StoredAdjustmentSchema = CalibrationAdjustmentSchema.extend({
  id: IdSchema,
  sessionId: IdSchema,
  cycleId: IdSchema,
  subjectId: IdSchema,
});
export type StoredAdjustment = z.infer<typeof StoredAdjustmentSchema>;

/** Sessions are opened, adjusted and finalised while the cycle calibrates. */
export const CALIBRATION_SESSION_PHASES: readonly Phase[] = Object.freeze(['calibrate']);

/** What whoever opens a session decides; the rest of a new session (open, no summary) follows. */
export type CalibrationSessionDraft = Pick<
  CalibrationSession,
  'id' | 'cycleId' | 'name' | 'departmentIds' | 'createdBy'
>;

/** The departments with all their sub-departments (breadth first, unique; unknown ids are dropped). */
export function expandDepartments(
  org: Pick<Org, 'department' | 'childDepartments'>,
  departmentIds: readonly Id[],
): Set<Id> {
  const out = new Set<Id>();
  const queue = departmentIds.filter((id) => org.department(id) !== undefined);
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as Id;
    if (out.has(id)) continue;
    out.add(id);
    queue.push(...org.childDepartments(id));
  }
  return out;
}

export type CalibrationSessionErrorCode = 'session_overlap' | 'session_finalised';

/**
 * Why a session was not opened (session_overlap: `sessionId` is the open session in the way,
 * `details.departmentIds` the departments both cover) or not changed (session_finalised:
 * `details.finalisedAt`). A type alias for details keeps it assignable to DomainError's.
 */
export type CalibrationSessionRefusalDetails =
  | { sessionId: Id; departmentIds: Id[] }
  | { finalisedAt: string | null };

export interface CalibrationSessionRefusal extends DomainError<CalibrationSessionErrorCode> {
  sessionId: Id;
  details: CalibrationSessionRefusalDetails;
}

function refuse(
  code: CalibrationSessionErrorCode,
  message: string,
  sessionId: Id,
  details: CalibrationSessionRefusalDetails,
): Err<CalibrationSessionRefusal> {
  return err({ code, message, sessionId, details });
}

/**
 * A new open session over the draft's departments (duplicates dropped, order kept), unless a
 * department it covers (with sub-departments) is already covered by an open session of the same
 * cycle: session_overlap naming the first such session in `existing` order and the shared
 * departments. Finalised sessions and other cycles' sessions never overlap.
 */
export function openCalibrationSession(
  org: Pick<Org, 'department' | 'childDepartments'>,
  draft: CalibrationSessionDraft,
  existing: readonly CalibrationSession[],
): Result<CalibrationSession, CalibrationSessionRefusal> {
  const departmentIds = [...new Set(draft.departmentIds)];
  const covered = expandDepartments(org, departmentIds);
  for (const other of existing) {
    if (other.state !== 'open' || other.cycleId !== draft.cycleId || other.id === draft.id) continue;
    const shared = [...expandDepartments(org, other.departmentIds)].filter((d) => covered.has(d));
    if (shared.length > 0) {
      return refuse(
        'session_overlap',
        `Open session ${other.id} already calibrates ${shared.join(', ')} in this cycle.`,
        other.id,
        { sessionId: other.id, departmentIds: shared },
      );
    }
  }
  return ok({
    ...draft,
    departmentIds,
    state: 'open',
    finalisedAt: null,
    finalisedBy: null,
    summary: null,
  });
}

/** The session when its ratings may still change (open); session_finalised otherwise. */
export function requireOpenSession(
  session: CalibrationSession,
): Result<CalibrationSession, CalibrationSessionRefusal> {
  if (session.state === 'open') return ok(session);
  return refuse(
    'session_finalised',
    'The calibration session is finalised; its ratings no longer change.',
    session.id,
    { finalisedAt: session.finalisedAt },
  );
}

/**
 * Finalise an open session `by` someone `at` a time, recording calibrationSummary of `rated` (the
 * calibrated ratings of the people it covers); session_finalised when it already is.
 */
export function finaliseSession(
  session: CalibrationSession,
  rated: readonly CalibratedRating[],
  by: Id,
  at: string,
): Result<CalibrationSession, CalibrationSessionRefusal> {
  const open = requireOpenSession(session);
  if (!open.ok) return open;
  return ok({
    ...session,
    state: 'finalised',
    finalisedAt: at,
    finalisedBy: by,
    summary: calibrationSummary(rated),
  });
}
