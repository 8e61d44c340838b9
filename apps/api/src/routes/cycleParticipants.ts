// /v1/cycles/{id}/participants and /withdrawals: who takes part and each person's withdrawals and reinstatements (read); HR adds, reinstates and withdraws, with a reason.
import { createRoute, z } from '@hono/zod-openapi';
import {
  ADD_PARTICIPANT_PHASES,
  addParticipants,
  IdSchema,
  OVERRIDE_REASON_MIN_CHARS,
  type ParticipantWithdrawal,
  type ParticipationError,
  type ParticipationEvent,
  REINSTATE_PHASES,
  reinstatementEvents,
  TEXT_LIMITS,
  WITHDRAW_PHASES,
  WithdrawalKindSchema,
  withdrawalEvent,
  withdrawParticipant,
} from '@perfloop/core';
import type { RouteModule } from '../app.ts';
import { type Access, recuse } from '../authz/index.ts';
import { type ApiError, Conflict, type FieldError, joinPath, UnprocessableEntity } from '../errors.ts';
import { nowIso } from '../kit/clock.ts';
import {
  etag,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  problems,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { listAllWhere, loadCycle, participationOf, type StoredCycle } from './cycles/cycleRecord.ts';
import { CycleResource, cycleBody } from './cycles/cycleView.ts';
import { ParticipantsPage, ParticipantsQuery, participantsPage } from './cycles/participantsView.ts';
import { WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';

const tags = ['cycles'];

const AddBody = z
  .strictObject({
    personIds: z.array(IdSchema).min(1).max(1000).openapi({
      description:
        'Active people of the organisation who do not take part yet, or who were withdrawn (they are reinstated).',
    }),
    reason: z.string().trim().min(1).max(2000).optional().openapi({
      description:
        'Why the withdrawn people among them are reinstated (optional): kept in their participation history, seen by HR and those who manage them.',
    }),
  })
  .openapi('CycleParticipantsAdd');

const WithdrawBody = z
  .strictObject({
    personId: IdSchema.describe('A participant of the cycle.'),
    kind: z.enum(WithdrawalKindSchema.options).openapi({
      description:
        'left_organisation, leave_of_absence, role_change (e.g. moved to a role appraised elsewhere) or other.',
    }),
    reason: z
      .string()
      .trim()
      .min(OVERRIDE_REASON_MIN_CHARS)
      .max(TEXT_LIMITS.reason)
      .openapi({
        description: `Why (at least ${OVERRIDE_REASON_MIN_CHARS} characters, as an override reason). Seen only by HR and those who manage the person.`,
      }),
  })
  .openapi('CycleWithdrawalCreate');

const PERSON_PROBLEMS: Record<string, 409 | 422> = {
  wrong_phase: 409,
  already_withdrawn: 409,
  result_applied: 409,
};

/** Core participation errors as one problem: 409 for the cycle's state, else 422 with a field error per person. */
function participationProblem(errors: readonly ParticipationError[], extra: FieldError[] = []): ApiError {
  const fieldErrors: FieldError[] = [
    ...extra,
    ...errors.map((e) => ({
      path: joinPath(e.path ?? []),
      message: e.message,
      code: e.code,
      location: 'body' as const,
    })),
  ].sort((a, b) => a.path.localeCompare(b.path, 'en', { numeric: true }));
  const first = errors.find((e) => PERSON_PROBLEMS[e.code] === 409) ?? fieldErrors[0];
  if (!first) return new UnprocessableEntity('The request cannot be processed.');
  const status = PERSON_PROBLEMS[first.code] ?? 422;
  const details = 'details' in first ? first.details : undefined;
  if (status === 409)
    return new Conflict(first.message, { code: first.code, ...(details ? { details } : {}) });
  return new UnprocessableEntity(first.message, { code: first.code, errors: fieldErrors });
}

/** 422 field errors for ids that are not active people of the caller's organisation (others' ids included). */
function personErrors(access: Access, personIds: readonly string[]): FieldError[] {
  const errors: FieldError[] = [];
  personIds.forEach((personId, i) => {
    const person = access.org.person(personId);
    if (person?.active) return;
    errors.push({
      path: `personIds.${i}`,
      message: person ? `${personId} is not active.` : `Person ${personId} does not exist.`,
      code: person ? 'person_inactive' : 'unknown_person',
      location: 'body',
    });
  });
  return errors;
}

export function cycleParticipantsRoutes(kit: Kit): RouteModule {
  const add = createRoute({
    method: 'post',
    path: '/{id}/participants',
    tags,
    summary: 'Add people to a running cycle, or reinstate withdrawn ones (HR)',
    description: `New people join in ${ADD_PARTICIPANT_PHASES.join(', ')} (later they could not be appraised fairly: 409 \`wrong_phase\`); a withdrawn participant is reinstated (their withdrawal removed, their kept records counting again) in any phase but closed (${REINSTATE_PHASES.join(', ')}). Ids that are not active people of the organisation (\`unknown_person\`, also another organisation's; \`person_inactive\`), already participants (\`already_participant\`) or listed twice (\`duplicate_person\`) are 422 with a field error each; nothing changes. Nobody adds or reinstates themselves, HR included (403 \`own_participation\`, before any role check). If-Match with the cycle's ETag (428 / 412); Idempotency-Key honoured. The change, its audit entry (\`cycle.participants_add\`, with \`reason\`) and its feed event commit together; each reinstatement is kept in the person's participation history (\`GET /v1/cycles/{id}/participants\`).`,
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      headers: IdempotencyHeaders.extend(IfMatchHeaders.shape),
      body: { required: true, content: { 'application/json': { schema: AddBody } } },
    },
    responses: {
      200: resourceResponse(CycleResource, 'The cycle with its new participants'),
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });
  const withdraw = createRoute({
    method: 'post',
    path: '/{id}/withdrawals',
    tags,
    summary: 'Withdraw a participant from a running cycle, with a reason (HR)',
    description: `The person stops being a participant: the guards, scores, calibration, results, reports and to-do lists leave them out; their goals, check-ins, reviews and other records are kept (they still read them) and no write about them is accepted in this cycle until they are reinstated (409 \`participant_withdrawn\`, naming them and the call that reinstates them). Allowed in ${WITHDRAW_PHASES.join(', ')} until their result is applied (409 \`result_applied\`; closed: 409 \`wrong_phase\`). Someone not taking part is 422 \`not_a_participant\`, someone withdrawn already 409 \`already_withdrawn\`; nobody withdraws themselves, HR included (403 \`own_participation\`, before any role check). Reinstate with \`POST /v1/cycles/{id}/participants\`. If-Match with the cycle's ETag (428 / 412); Idempotency-Key honoured. The change, its audit entry (\`cycle.participant_withdraw\`, with the kind and reason) and its feed event commit together; the withdrawal is kept in the person's participation history (\`GET /v1/cycles/{id}/participants\`), also after a reinstatement.`,
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      headers: IdempotencyHeaders.extend(IfMatchHeaders.shape),
      body: { required: true, content: { 'application/json': { schema: WithdrawBody } } },
    },
    responses: {
      200: resourceResponse(CycleResource, 'The cycle without the person among its participants'),
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });

  const read = createRoute({
    method: 'get',
    path: '/{id}/participants',
    tags,
    summary: 'Who takes part, and each person’s withdrawals and reinstatements',
    description: `The people of the cycle the caller may see (HR: everyone; managers and heads: the people they manage; everyone: themselves), by person id: participants and people withdrawn, each with \`status\`, their current withdrawal and their participation \`history\` (every withdrawal and reinstatement, oldest first, also once reinstated), as far as the caller may see it: HR and those who manage the person read who, when, the kind and the reason; the person reads what happened, when and the kind, never HR's reason nor who. \`departmentId\` keeps the people of that department and its sub-departments (a department dashboard). ${WITHDRAWN_WORDS}`,
    request: { params: IdParams, query: ParticipantsQuery },
    responses: {
      200: jsonResponse(ParticipantsPage, 'A page of the cycle’s people, by person id'),
      ...problems(400, 403, 404),
    },
  });

  const router = createRouter()
    .openapi(read, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const query = c.req.valid('query');
      const { cycle } = await loadCycle(kit.store, access.orgId, id);
      if (query.departmentId !== undefined) access.department(query.departmentId);
      return c.json(participantsPage(access, cycle, query), 200);
    })
    .openapi(add, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id } = c.req.valid('param');
      const current = await loadCycle(kit.store, access.orgId, id);
      const { personIds, reason } = c.req.valid('json');
      // Nobody changes their own participation, whatever their role (the recusal says so before the role does).
      personIds.forEach((personId, i) => {
        recuse(access, 'change_own_participation', personId, { path: `personIds.${i}`, location: 'body' });
      });
      access.requireHr();
      requireIfMatch(c, current.record.version);
      const invalid = personErrors(access, personIds);
      const result = await kit.writeReply(c, async (w) => {
        const { record, cycle } = await loadCycle(w.tx, w.orgId, id);
        const expectedVersion = requireIfMatch(c, record.version);
        const outcome = addParticipants(participationOf(cycle), cycle.phase, personIds);
        if (!outcome.ok) throw participationProblem(outcome.error, invalid);
        if (invalid.length > 0) throw participationProblem([], invalid);
        const { participation, added, reinstated } = outcome.value;
        const events = reinstatementEvents(reinstated, nowIso(), me.id, reason);
        const next = withParticipation(cycle, participation.participants, participation.withdrawn, events);
        const updated = await w.update(
          'cycles',
          id,
          { expectedVersion, data: next },
          {
            action: 'cycle.participants_add',
            summary: {
              phase: cycle.phase,
              added,
              reinstated,
              participants: participation.participants.length,
              ...(reinstated.length > 0 && reason !== undefined ? { reason } : {}),
            },
          },
        );
        return reply(200, cycleBody(updated, next, access), { ETag: etag(updated) });
      });
      return send(c, result);
    })
    .openapi(withdraw, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id } = c.req.valid('param');
      const current = await loadCycle(kit.store, access.orgId, id);
      const body = c.req.valid('json');
      recuse(access, 'change_own_participation', body.personId, { path: 'personId', location: 'body' });
      access.requireHr();
      requireIfMatch(c, current.record.version);
      const result = await kit.writeReply(c, async (w) => {
        const { record, cycle } = await loadCycle(w.tx, w.orgId, id);
        const expectedVersion = requireIfMatch(c, record.version);
        const applied = await listAllWhere(w.tx, 'results', w.orgId, {
          cycleId: id,
          subjectId: body.personId,
        });
        const withdrawal: ParticipantWithdrawal = {
          personId: body.personId,
          kind: body.kind,
          reason: body.reason,
          at: nowIso(),
          by: me.id,
        };
        const outcome = withdrawParticipant(
          participationOf(cycle),
          cycle.phase,
          withdrawal,
          applied.length > 0,
        );
        if (!outcome.ok) throw participationProblem([outcome.error]);
        const next = withParticipation(cycle, outcome.value.participants, outcome.value.withdrawn, [
          withdrawalEvent(withdrawal),
        ]);
        const updated = await w.update(
          'cycles',
          id,
          { expectedVersion, data: next },
          {
            action: 'cycle.participant_withdraw',
            summary: { phase: cycle.phase, personId: body.personId, kind: body.kind, reason: body.reason },
          },
        );
        return reply(200, cycleBody(updated, next, access), { ETag: etag(updated) });
      });
      return send(c, result);
    });
  return { path: '/cycles', router };
}

/**
 * The cycle with these participants and withdrawals (no `withdrawn` field while nobody is withdrawn) and `events`
 * added to its participation history.
 */
function withParticipation(
  cycle: StoredCycle,
  participants: readonly string[],
  withdrawn: readonly ParticipantWithdrawal[],
  events: readonly ParticipationEvent[],
): StoredCycle {
  const { withdrawn: _old, participationHistory: kept = [], ...rest } = cycle;
  const history = [...kept, ...events];
  return {
    ...rest,
    participants: [...participants],
    ...(withdrawn.length > 0 ? { withdrawn: [...withdrawn] } : {}),
    ...(history.length > 0 ? { participationHistory: history } : {}),
  };
}
