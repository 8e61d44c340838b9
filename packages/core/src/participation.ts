// Participation: who a running cycle appraises — people added mid-cycle, withdrawn with a reason, reinstated.
import { z } from 'zod';
import { compareIds, type Id, IdSchema, IsoDateTimeSchema } from './common.ts';
import { OVERRIDE_REASON_MIN_CHARS, PHASES, type Phase } from './cycle.ts';
import { TEXT_LIMITS } from './limits.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';

/** Why a person stops being a participant. */
export const WithdrawalKindSchema = z.enum(['left_organisation', 'leave_of_absence', 'role_change', 'other']);
export type WithdrawalKind = z.infer<typeof WithdrawalKindSchema>;

/** A withdrawal reason: as long as an override reason at least (it is what HR answers for). */
export const WithdrawalReasonSchema = z
  .string()
  .trim()
  .min(OVERRIDE_REASON_MIN_CHARS)
  .max(TEXT_LIMITS.reason);

/**
 * One person withdrawn from a cycle: they are no longer appraised in it (the guards, scoring,
 * calibration and results leave them out) but every record about them is kept.
 */
export const ParticipantWithdrawalSchema = z.strictObject({
  personId: IdSchema,
  kind: WithdrawalKindSchema,
  reason: WithdrawalReasonSchema,
  at: IsoDateTimeSchema,
  /** Who withdrew them (a person id). */
  by: IdSchema,
});
export type ParticipantWithdrawal = z.infer<typeof ParticipantWithdrawalSchema>;

/** A cycle's participation: who is appraised (sorted) and who was withdrawn (and not reinstated since). */
export interface Participation {
  participants: readonly Id[];
  withdrawn: readonly ParticipantWithdrawal[];
}

/** New people join only while they can still be appraised fairly: plan, coach and appraise. */
export const ADD_PARTICIPANT_PHASES: readonly Phase[] = Object.freeze(['plan', 'coach', 'appraise']);
/** A withdrawal is undone (their kept records count again) in any phase but closed. */
export const REINSTATE_PHASES: readonly Phase[] = Object.freeze(PHASES.filter((p) => p !== 'closed'));
/** A participant is withdrawn in any phase but closed, until their result is applied. */
export const WITHDRAW_PHASES: readonly Phase[] = Object.freeze(PHASES.filter((p) => p !== 'closed'));

export type ParticipationErrorCode =
  | 'wrong_phase'
  | 'already_participant'
  | 'duplicate_person'
  | 'not_a_participant'
  | 'already_withdrawn'
  | 'result_applied';

export type ParticipationError = DomainError<ParticipationErrorCode>;

const sorted = (ids: Iterable<Id>): Id[] => [...new Set(ids)].sort(compareIds);

function wrongPhase(phase: Phase, allowed: readonly Phase[], what: string): ParticipationError {
  return {
    code: 'wrong_phase',
    message: `The cycle is in ${phase}: ${what} only in the ${allowed.join(' or ')} phase${allowed.length === 1 ? '' : 's'}.`,
    details: { phase, allowed: [...allowed] },
  };
}

export interface AddedParticipants {
  participation: Participation;
  /** People who take part for the first time, sorted. */
  added: Id[];
  /** People withdrawn before who take part again, sorted. */
  reinstated: Id[];
}

/**
 * Adds `personIds` (already checked to be active people of the organisation) to the participants.
 * A person withdrawn before is reinstated (their withdrawal removed) in any phase but closed; a new
 * person joins only in plan, coach or appraise. Every problem is returned (one error per person, with
 * `path` ['personIds', i]); nothing changes unless there is none.
 */
export function addParticipants(
  current: Participation,
  phase: Phase,
  personIds: readonly Id[],
): Result<AddedParticipants, ParticipationError[]> {
  const taking = new Set(current.participants);
  const withdrawn = new Map(current.withdrawn.map((w) => [w.personId, w] as const));
  const errors: ParticipationError[] = [];
  const seen = new Set<Id>();
  const added: Id[] = [];
  const reinstated: Id[] = [];
  personIds.forEach((id, i) => {
    const path = ['personIds', i];
    if (seen.has(id)) {
      errors.push({ code: 'duplicate_person', message: `${id} is listed twice.`, path });
      return;
    }
    seen.add(id);
    if (taking.has(id)) {
      errors.push({ code: 'already_participant', message: `${id} already takes part in this cycle.`, path });
      return;
    }
    if (withdrawn.has(id)) reinstated.push(id);
    else added.push(id);
  });
  if (errors.length > 0) return { ok: false, error: errors };
  if (reinstated.length > 0 && !REINSTATE_PHASES.includes(phase)) {
    return {
      ok: false,
      error: [wrongPhase(phase, REINSTATE_PHASES, 'a withdrawn participant is reinstated')],
    };
  }
  if (added.length > 0 && !ADD_PARTICIPANT_PHASES.includes(phase)) {
    return {
      ok: false,
      error: [
        wrongPhase(
          phase,
          ADD_PARTICIPANT_PHASES,
          'people join a cycle (later they could not be appraised fairly; withdrawn participants may still be reinstated)',
        ),
      ],
    };
  }
  const back = new Set(reinstated);
  return ok({
    participation: {
      participants: sorted([...current.participants, ...added, ...reinstated]),
      withdrawn: current.withdrawn.filter((w) => !back.has(w.personId)),
    },
    added: sorted(added),
    reinstated: sorted(reinstated),
  });
}

/**
 * Withdraws a participant: they leave `participants` and their withdrawal is kept (the latest per
 * person). Refused in closed (`wrong_phase`), for someone withdrawn already (`already_withdrawn`) or
 * not taking part (`not_a_participant`), and once their result is applied (`result_applied`).
 */
export function withdrawParticipant(
  current: Participation,
  phase: Phase,
  withdrawal: ParticipantWithdrawal,
  resultApplied: boolean,
): Result<Participation, ParticipationError> {
  const { personId } = withdrawal;
  if (!WITHDRAW_PHASES.includes(phase)) {
    return fail('wrong_phase', wrongPhase(phase, WITHDRAW_PHASES, 'participants are withdrawn').message, {
      details: { phase, allowed: [...WITHDRAW_PHASES] },
    });
  }
  if (current.withdrawn.some((w) => w.personId === personId)) {
    return fail('already_withdrawn', `${personId} was already withdrawn from this cycle.`, {
      path: ['personId'],
    });
  }
  if (!current.participants.includes(personId)) {
    return fail('not_a_participant', `${personId} does not take part in this cycle.`, { path: ['personId'] });
  }
  if (resultApplied) {
    return fail(
      'result_applied',
      `${personId}'s result is applied: they were appraised in this cycle to the end and can no longer be withdrawn.`,
      { path: ['personId'], details: { personId } },
    );
  }
  return ok({
    participants: current.participants.filter((id) => id !== personId),
    withdrawn: [...current.withdrawn, withdrawal],
  });
}

/**
 * How much of a withdrawal a reader sees: `full` (HR and those who manage the person: kind, reason,
 * when, by whom), `own` (the person: kind and when, not the reason HR wrote), `none` (anyone else:
 * only that the person no longer takes part).
 */
export type WithdrawalView = 'full' | 'own' | 'none';

/** A withdrawal as a reader may see it. */
export type VisibleWithdrawal =
  | ParticipantWithdrawal
  | Pick<ParticipantWithdrawal, 'personId' | 'kind' | 'at'>
  | Pick<ParticipantWithdrawal, 'personId'>;

export function redactWithdrawal(withdrawal: ParticipantWithdrawal, view: WithdrawalView): VisibleWithdrawal {
  if (view === 'full') return { ...withdrawal };
  if (view === 'own') return { personId: withdrawal.personId, kind: withdrawal.kind, at: withdrawal.at };
  return { personId: withdrawal.personId };
}

/**
 * A write about a person of a cycle they were withdrawn from: refused while they are withdrawn (goals, plan
 * agreement, check-ins, appraisals, feedback requests, target adjustments… about them), until HR reinstates them.
 */
export type ParticipantWithdrawnError = DomainError<'participant_withdrawn'>;

/** The person's current withdrawal from the cycle (null when they are not withdrawn). */
export function withdrawalOf(
  current: Pick<Participation, 'withdrawn'>,
  personId: Id,
): ParticipantWithdrawal | null {
  return current.withdrawn.find((w) => w.personId === personId) ?? null;
}

/**
 * Refuses a write about `personId` while they are withdrawn from the cycle (`participant_withdrawn`, naming them
 * by `name` when given, and how the write becomes possible again: HR reinstates them). Their records stay
 * readable; only new records and changes about them in this cycle are refused. Ok when they are not withdrawn.
 */
export function requireNotWithdrawn(
  current: Pick<Participation, 'withdrawn'>,
  personId: Id,
  name?: string,
): Result<null, ParticipantWithdrawnError> {
  if (withdrawalOf(current, personId) === null) return ok(null);
  const who = name === undefined || name === '' ? personId : `${name} (${personId})`;
  return fail(
    'participant_withdrawn',
    `${who} was withdrawn from this cycle: nothing about them is recorded or changed in it any more (what was recorded stays readable). To change that, HR reinstates them in the cycle (adds them back as a participant).`,
    { details: { personId } },
  );
}

/** One change of a person's participation, as the cycle keeps it: withdrawn (kind, reason) or reinstated. */
export const ParticipationEventSchema = z.strictObject({
  personId: IdSchema,
  action: z.enum(['withdrawn', 'reinstated']),
  at: IsoDateTimeSchema,
  /** Who withdrew or reinstated them (a person id). */
  by: IdSchema,
  /** Withdrawn: why they stopped taking part. */
  kind: WithdrawalKindSchema.optional(),
  /** Withdrawn: HR's reason; reinstated: HR's reason when one was given. */
  reason: z.string().trim().min(1).max(2000).optional(),
});
export type ParticipationEvent = z.infer<typeof ParticipationEventSchema>;

/** The event a withdrawal adds to the history. */
export function withdrawalEvent(withdrawal: ParticipantWithdrawal): ParticipationEvent {
  const { personId, kind, reason, at, by } = withdrawal;
  return { personId, action: 'withdrawn', at, by, kind, reason };
}

/** The events reinstating `personIds` adds to the history (one each, in the order given). */
export function reinstatementEvents(
  personIds: readonly Id[],
  at: string,
  by: Id,
  reason?: string,
): ParticipationEvent[] {
  const why = reason?.trim();
  return personIds.map((personId) => ({
    personId,
    action: 'reinstated' as const,
    at,
    by,
    ...(why ? { reason: why } : {}),
  }));
}

/**
 * Each person's withdrawals and reinstatements, oldest first: the kept `history`, and a current withdrawal the
 * history does not hold (made before the cycle kept one) added from `withdrawn`. Keyed by person id; people never
 * withdrawn have no entry.
 */
export function participationHistory(
  history: readonly ParticipationEvent[],
  withdrawn: readonly ParticipantWithdrawal[],
): Map<Id, ParticipationEvent[]> {
  const byPerson = new Map<Id, ParticipationEvent[]>();
  const push = (e: ParticipationEvent) => {
    const list = byPerson.get(e.personId);
    if (list) list.push(e);
    else byPerson.set(e.personId, [e]);
  };
  for (const e of history) push({ ...e });
  for (const w of withdrawn) {
    const kept = byPerson.get(w.personId) ?? [];
    if (!kept.some((e) => e.action === 'withdrawn' && e.at === w.at)) push(withdrawalEvent(w));
  }
  for (const list of byPerson.values()) list.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  return byPerson;
}

/** An event as a reader may see it: `full` all of it; `own` (the person) what happened and when, and the kind. */
export function redactParticipationEvent(
  event: ParticipationEvent,
  view: Exclude<WithdrawalView, 'none'>,
): ParticipationEvent | Pick<ParticipationEvent, 'personId' | 'action' | 'at' | 'kind'> {
  if (view === 'full') return { ...event };
  const { personId, action, at, kind } = event;
  return { personId, action, at, ...(kind !== undefined ? { kind } : {}) };
}
