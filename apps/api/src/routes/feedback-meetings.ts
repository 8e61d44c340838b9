// /v1/feedback-meetings: the result meeting (manager chain, feedback phase) with quality checks and formality warnings; acknowledge, appeal, resolve (a changed result moves the rating).
import { createRoute, z } from '@hono/zod-openapi';
import {
  AcknowledgeInputSchema,
  type AcknowledgementState,
  AppealInputSchema,
  AppealOutcomeSchema,
  acknowledge,
  appeal,
  type DomainError,
  type FeedbackMeeting,
  FeedbackMeetingSchema,
  IdSchema,
  MAX_AGREED_ACTIONS,
  type Phase,
  type Result,
  requireCountingMeeting,
  resolveAppeal,
  resultSharedAt,
  TEXT_LIMITS,
} from '@perfloop/core';
import type { Context } from 'hono';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import { type Access, type ResourceSource, recuse } from '../authz/index.ts';
import type { AppEnv } from '../context.ts';
import { BadRequest, Conflict, Forbidden, NotFound, UnprocessableEntity } from '../errors.ts';
import {
  canRead,
  createdResponse,
  domainProblem,
  etag,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  listVisible,
  newId,
  PageQuery,
  pageSchema,
  problems,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
  type Write,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { fieldErrors } from '../validation.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';
import { correctRatingOnAppeal, requireAppealRatingShape } from './feedback/appealCorrection.ts';
import {
  FeedbackMeetingResource,
  MEETING_ID_PREFIX,
  meetingBody,
  meetingData,
  parseMeeting,
  type StoredMeeting,
  screenMeetings,
  visibleIssues,
} from './feedback/meetingRecord.ts';
import {
  bodyCycle,
  type CycleContext,
  isParticipant,
  listWhere,
  nowIso,
  optionalIfMatch,
  pathCycle,
  requirePhase,
} from './loop/cycle.ts';
import { reapplyOnAppeal } from './results/appealReapply.ts';

const tags = ['feedback'];
const KIND = 'feedback_meetings';
const location = (id: string) => `${V1_PREFIX}/feedback-meetings/${id}`;
const M = FeedbackMeetingSchema.shape;

/** Phases in which each action fits (the meeting itself is held in `feedback`). */
const MEETING_PHASES: readonly Phase[] = ['feedback'];
const ACKNOWLEDGE_PHASES: readonly Phase[] = ['feedback', 'apply', 'improve'];
const APPEAL_PHASES: readonly Phase[] = ['feedback', 'apply'];

const MeetingCreate = z
  .strictObject({
    cycleId: IdSchema,
    subjectId: IdSchema,
    managerId: IdSchema.optional().openapi({
      description:
        'Who held the meeting: defaults to you; only HR may record a meeting held by someone else.',
    }),
    heldAt: M.heldAt,
    summary: M.summary,
    strengths: M.strengths,
    improvements: M.improvements,
    agreedActions: M.agreedActions,
  })
  .openapi('FeedbackMeetingCreate');
const MeetingPatch = z
  .strictObject({
    heldAt: M.heldAt.optional(),
    summary: M.summary.optional(),
    strengths: z.string().trim().max(TEXT_LIMITS.meetingText).optional(),
    improvements: z.string().trim().max(TEXT_LIMITS.meetingText).optional(),
    agreedActions: z
      .array(z.string().trim().min(1).max(TEXT_LIMITS.agreedAction))
      .max(MAX_AGREED_ACTIONS)
      .optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' })
  .openapi('FeedbackMeetingPatch');
const AcknowledgeBody = z
  .strictObject({ comment: AcknowledgeInputSchema.shape.comment })
  .openapi('AcknowledgeResult');
const AppealBody = z.strictObject({ reason: AppealInputSchema.shape.reason }).openapi('AppealResult');
const ResolveAppealBody = z
  .strictObject({
    outcome: AppealOutcomeSchema,
    note: z.string().trim().min(1, 'explain the resolution').max(TEXT_LIMITS.appealText).openapi({
      description:
        'What the employee reads. With `changed` it is the justification of the new rating: at least 20 characters, and the policy’s evidence length (`calibration.evidenceMinChars`) for the lowest or highest rating.',
    }),
    toRating: z.number().int().optional().openapi({
      description:
        '`changed` only (422 `rating_required` without it, `rating_not_allowed` with `upheld`): the corrected rating, a level of the cycle’s scale other than the current one.',
    }),
    fromRating: z.number().int().optional().openapi({
      description:
        '`changed` only: the person’s current (final) rating as you saw it; when it has moved since, 409 `rating_changed` and nothing is recorded.',
    }),
    overBudget: z.enum(['refuse', 'cap']).optional().openapi({
      description:
        '`changed` after results were applied for the person, when their corrected bonus or merit needs more than the pool or merit budget has left: `refuse` (default) answers 409 `over_budget` naming what is needed and what is left (`details.bonus`, `details.merit`), nothing recorded; `cap` pays what is left and records the shortfall on the result.',
    }),
  })
  .openapi('ResolveAppeal');
const MeetingQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
  subjectId: IdSchema.optional().openapi({ param: { name: 'subjectId', in: 'query' } }),
  managerId: IdSchema.optional().openapi({ param: { name: 'managerId', in: 'query' } }),
});
const MeetingPage = pageSchema(FeedbackMeetingResource, 'FeedbackMeetingPage');

/** Formality warnings for `meetings`, computed once per (cycle, manager) over all of that manager's meetings there. */
async function warningsFor(
  source: ResourceSource,
  access: Access,
  meetings: readonly StoredMeeting[],
  policyOf: (cycleId: string) => Promise<CycleContext>,
): Promise<Map<string, ReturnType<typeof visibleIssues>>> {
  const out = new Map<string, ReturnType<typeof visibleIssues>>();
  const byCycle = new Map<string, FeedbackMeeting[]>();
  const nameOf = (id: string) => access.snapshot.people.get(id)?.entity.name;
  const done = new Set<string>();
  for (const { meeting } of meetings) {
    const group = `${meeting.cycleId}\u0000${meeting.managerId}`;
    if (done.has(group)) continue;
    done.add(group);
    let all = byCycle.get(meeting.cycleId);
    if (!all) {
      const records = await listWhere(source, KIND, access.orgId, { cycleId: meeting.cycleId });
      all = records.map((r) => parseMeeting(r).meeting);
      byCycle.set(meeting.cycleId, all);
    }
    const ctx = await policyOf(meeting.cycleId);
    const mine = all.filter((m) => m.managerId === meeting.managerId);
    for (const [id, issues] of screenMeetings(mine, ctx.policy, nameOf))
      out.set(id, visibleIssues(issues, access));
  }
  return out;
}

/** Loads cycles once per request. */
function cycleCache(source: ResourceSource, orgId: string): (cycleId: string) => Promise<CycleContext> {
  const cache = new Map<string, Promise<CycleContext>>();
  return (cycleId) => {
    let p = cache.get(cycleId);
    if (!p) {
      p = pathCycle(source, orgId, cycleId);
      cache.set(cycleId, p);
    }
    return p;
  };
}

/** The meeting when the caller may see it (its subject is visible); 404 otherwise. */
async function visibleMeeting(kit: Kit, access: Access, id: string): Promise<StoredMeeting> {
  const record = await kit.store.resources(KIND).get(access.orgId, id);
  if (!record || access.isService || !canRead(access, KIND, record)) {
    throw new NotFound('The feedback meeting was not found.');
  }
  return parseMeeting(record);
}

/** A single meeting's body with its warnings, read through `source` (the store, or a transaction). */
async function singleBody(source: ResourceSource, access: Access, stored: StoredMeeting, ctx: CycleContext) {
  const warnings = await warningsFor(source, access, [stored], async () => ctx);
  return meetingBody(stored, ctx.policy, warnings.get(stored.meeting.id) ?? []);
}

/** Acknowledgement failures: a decided state or a meeting that does not count is a conflict; other domain rules are 422. */
function ackProblem(error: DomainError): Error {
  return domainProblem([error], (code) =>
    code === 'invalid_state' || code === 'meeting_not_counted' ? 409 : 422,
  );
}

/** The subject cannot act on a result that has not been shared yet (the meeting is still ahead). */
function requireHeld(meeting: FeedbackMeeting, at: string): void {
  if (Date.parse(at) < Date.parse(meeting.heldAt)) {
    throw new Conflict(
      `The meeting is scheduled for ${meeting.heldAt}; the result is shared there, not before.`,
      { code: 'meeting_not_held', details: { heldAt: meeting.heldAt } },
    );
  }
}

export function feedbackMeetingsRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List the feedback meetings you may see',
    description:
      'Meetings about the people you may see (yourself, your reports, your departments; HR: everyone), by id.',
    request: { query: MeetingQuery },
    responses: { 200: jsonResponse(MeetingPage, 'A page of meetings'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a feedback meeting',
    request: { params: IdParams },
    responses: { 200: resourceResponse(FeedbackMeetingResource, 'The meeting'), ...problems(400, 403, 404) },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Record a feedback meeting (the subject’s manager chain; feedback phase)',
    description:
      'The response carries the meeting quality checklist and "mere formality" warnings over your meetings in the cycle (empty, too short, near-identical text given to several people). Only in the `feedback` phase (409 `wrong_phase`). Never about yourself, HR included (403 `own_meeting`). ' +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: MeetingCreate } } },
    },
    responses: {
      201: createdResponse(FeedbackMeetingResource, 'Recorded'),
      ...problems(400, 403, 404, 409, 422),
    },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Correct a feedback meeting (the manager who held it, or HR; feedback phase)',
    description:
      'The manager’s correction of the meeting record (e.g. the meeting held properly after one that failed the checklist): the same meeting is changed, never a new one recorded. If-Match is required (428 without, 412 `stale_version` when it moved). The change, its audit entry (`feedback_meeting.correct`, a field diff) and its feed event are one transaction; `correctedAt` is set, and the appeal window runs from it. Refused with 409 `acknowledgement_recorded` once the employee acknowledged or appealed the result. Never a meeting about yourself, HR included (403 `own_meeting`).' +
      ' ' +
      WITHDRAWN_WORDS,
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: MeetingPatch } } },
    },
    responses: {
      200: resourceResponse(FeedbackMeetingResource, 'Updated'),
      ...problems(400, 403, 404, 409, 412, 428),
    },
  });
  const action = <S extends z.ZodType>(path: string, summary: string, description: string, schema: S) =>
    createRoute({
      method: 'post',
      path,
      tags,
      summary,
      description: `${description} If-Match is optional; when sent it must be current (412). ${WITHDRAWN_WORDS}`,
      middleware: [kit.idempotent] as const,
      request: {
        params: IdParams,
        headers: IdempotencyHeaders.merge(IfMatchHeaders),
        body: { required: true, content: { 'application/json': { schema } } },
      },
      responses: {
        200: resourceResponse(FeedbackMeetingResource, 'The meeting with its new acknowledgement state'),
        ...problems(400, 403, 404, 409, 412, 422),
      },
    });
  const ackRoute = action(
    '/{id}/acknowledge',
    'Acknowledge the result (the subject)',
    'From `pending` only (409 `invalid_state`); in the feedback, apply or improve phase. Only a meeting that passes the checklist (`quality.passed`) shares the result: acknowledging one that fails it is 409 `meeting_not_counted`, whose `details.failed` names the failed checklist items (`details.checks` each one). The employee then waits for the manager to hold the meeting properly (their to-do asks for it; the correction is a PATCH of this meeting) and may appeal meanwhile.',
    AcknowledgeBody,
  );
  const appealRoute = action(
    '/{id}/appeal',
    'Appeal the result (the subject, within the appeal window)',
    'From `pending` only, within the policy’s appeal window from when the meeting shared the result (`heldAt`, or `correctedAt` when the record was corrected later; see `appealDeadline`): 422 `appeal_window_closed` after it. A meeting that fails the checklist shares nothing yet, so no window runs and the appeal is open (an employee is never stuck: they appeal, or wait for the meeting held properly). In the feedback or apply phase.',
    AppealBody,
  );
  const resolveRoute = action(
    '/{id}/resolve-appeal',
    'Resolve an appeal (HR, not the subject)',
    'From `appealed` only (409 `invalid_state`); the result is upheld or changed. In the feedback or apply phase. Never an appeal about your own result (403 `own_appeal`). `upheld` keeps the rating and takes none (422 `rating_not_allowed`). `changed` moves the person’s final rating in the same transaction: `toRating` (the corrected level) and `fromRating` (the rating you saw) are required (422 `rating_required`); the note is the justification, checked as a calibration move’s (422 `justification_required`, `evidence_required`, `rating_not_on_scale`, `no_change`, on the field); a rating moved meanwhile is 409 `rating_changed` (`details.currentRating`). The move is recorded as a rating move of kind `appeal` (the meeting, HR, the note) that scores, explanations, calibration views and results read; `acknowledgement.correction` names it. When results were already applied for the person, their result is re-applied at the corrected rating in the same transaction — rating, bonus and merit at the apply’s own scale, promotion, improvement plan — and nobody else’s is recomputed: a raise takes only what the pool and merit budget have left (409 `over_budget` unless `overBudget: cap`); the result lists the correction (`corrections`, with trace lines) and `acknowledgement.correction.resultId` names it.',
    ResolveAppealBody,
  );

  /** Shared by the three acknowledgement actions: loads, authorises, transitions and stores the state. */
  async function transition(
    c: Context<AppEnv>,
    options: {
      authorise: (access: Access, meeting: FeedbackMeeting) => void;
      phases: readonly Phase[];
      what: string;
      auditAction: string;
      next: (
        state: AcknowledgementState,
        at: string,
        stored: StoredMeeting,
        ctx: CycleContext,
        access: Access,
        w: Write,
      ) => Result<AcknowledgementState, DomainError> | Promise<Result<AcknowledgementState, DomainError>>;
    },
  ) {
    const access = await kit.access(c);
    access.requireUser();
    const id = c.req.param('id') ?? '';
    const stored = await visibleMeeting(kit, access, id);
    options.authorise(access, stored.meeting);
    const expectedVersion = optionalIfMatch(c, stored.record.version);
    const ctx = await pathCycle(kit.store, access.orgId, stored.meeting.cycleId);
    refuseWithdrawn(access, ctx.cycle, stored.meeting.subjectId);
    requirePhase(ctx.cycle, options.phases, options.what);
    const at = nowIso();
    requireHeld(stored.meeting, at);
    const result = await kit.writeReply(c, async (w) => {
      // One answer to a meeting at a time: holding its row (PostgreSQL FOR UPDATE; SQLite has one writer) until
      // commit, a concurrent action waits and then sees the state this one leaves.
      await w.tx.resources(KIND).version(w.orgId, id, { exclusive: true });
      const current = await w.tx.resources(KIND).get(w.orgId, id);
      if (!current) throw new NotFound('The feedback meeting was not found.');
      const fresh = parseMeeting(current);
      const next = await options.next(fresh.acknowledgement, at, fresh, ctx, access, w);
      if (!next.ok) throw ackProblem(next.error);
      const record = await w.update(
        KIND,
        id,
        { expectedVersion, data: meetingData(fresh.meeting, next.value, fresh.correctedAt) },
        {
          action: options.auditAction,
          summary: { subjectId: fresh.meeting.subjectId, from: fresh.acknowledgement.status, to: next.value },
        },
      );
      const body = await singleBody(
        w.tx,
        access,
        { record, meeting: fresh.meeting, acknowledgement: next.value, correctedAt: fresh.correctedAt },
        ctx,
      );
      return reply(200, body, { ETag: etag(record) });
    });
    return send(c, result);
  }

  const onlySubject = (what: string) => (access: Access, meeting: FeedbackMeeting) => {
    if (!access.isSelf(meeting.subjectId))
      throw new Forbidden(`Only the employee the result is about may ${what}.`);
  };

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const query = c.req.valid('query');
      const page = await listVisible(
        kit.store,
        access,
        KIND,
        {
          ...(query.cycleId !== undefined ? { cycleId: query.cycleId } : {}),
          ...(query.subjectId !== undefined ? { subjectId: query.subjectId } : {}),
        },
        query,
      );
      const stored = page.items
        .map(parseMeeting)
        .filter((m) => query.managerId === undefined || m.meeting.managerId === query.managerId);
      const cycles = cycleCache(kit.store, access.orgId);
      const warnings = await warningsFor(kit.store, access, stored, cycles);
      const items = [];
      for (const m of stored) {
        const ctx = await cycles(m.meeting.cycleId);
        items.push(meetingBody(m, ctx.policy, warnings.get(m.meeting.id) ?? []));
      }
      return c.json({ items, nextCursor: page.nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const stored = await visibleMeeting(kit, access, c.req.valid('param').id);
      const ctx = await pathCycle(kit.store, access.orgId, stored.meeting.cycleId);
      return c.json(await singleBody(kit.store, access, stored, ctx), 200, { ETag: etag(stored.record) });
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const input = c.req.valid('json');
      const ctx = await bodyCycle(kit.store, access.orgId, input.cycleId);
      access.managePerson(input.subjectId);
      const managerId = input.managerId ?? me.id;
      if (managerId !== me.id && !access.isHr) {
        throw new Forbidden(
          'Record the meetings you held yourself; only HR may record one held by someone else.',
        );
      }
      recuse(access, 'feedback_meeting', input.subjectId, { path: 'subjectId', location: 'body' });
      if (!access.snapshot.people.has(managerId)) {
        throw new UnprocessableEntity(`Person ${managerId} does not exist.`, {
          code: 'unknown_person',
          errors: [
            { path: 'managerId', message: 'no such person', code: 'unknown_person', location: 'body' },
          ],
        });
      }
      refuseWithdrawn(access, ctx.cycle, input.subjectId);
      requirePhase(ctx.cycle, MEETING_PHASES, 'feedback meetings are recorded');
      if (!isParticipant(ctx, input.subjectId)) {
        throw new UnprocessableEntity(`Person ${input.subjectId} is not appraised in this cycle.`, {
          code: 'not_participant',
          errors: [
            {
              path: 'subjectId',
              message: 'not a participant of the cycle',
              code: 'not_participant',
              location: 'body',
            },
          ],
        });
      }
      const parsed = FeedbackMeetingSchema.safeParse({
        ...input,
        id: newId(MEETING_ID_PREFIX),
        managerId,
      });
      if (!parsed.success) {
        throw new BadRequest('The meeting is invalid.', {
          code: 'validation_failed',
          errors: fieldErrors(parsed.error, 'body'),
        });
      }
      const meeting = parsed.data;
      const pending: AcknowledgementState = { status: 'pending' };
      const result = await kit.writeReply(c, async (w) => {
        const record = await w.create(KIND, {
          id: meeting.id,
          cycleId: meeting.cycleId,
          subjectId: meeting.subjectId,
          data: meetingData(meeting, pending),
        });
        const body = await singleBody(
          w.tx,
          access,
          { record, meeting, acknowledgement: pending, correctedAt: null },
          ctx,
        );
        return reply(201, body, { ETag: etag(record), Location: location(meeting.id) });
      });
      return send(c, result);
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id } = c.req.valid('param');
      const stored = await visibleMeeting(kit, access, id);
      if (stored.meeting.managerId !== me.id && !access.isHr) {
        throw new Forbidden('Only the manager who held the meeting, or HR, may change it.');
      }
      recuse(access, 'feedback_meeting', stored.meeting.subjectId);
      const expectedVersion = requireIfMatch(c, stored.record.version);
      const ctx = await pathCycle(kit.store, access.orgId, stored.meeting.cycleId);
      refuseWithdrawn(access, ctx.cycle, stored.meeting.subjectId);
      requirePhase(ctx.cycle, MEETING_PHASES, 'feedback meetings are changed');
      if (stored.acknowledgement.status !== 'pending') {
        throw new Conflict(
          `The employee has already answered this meeting (${stored.acknowledgement.status.replace('_', ' ')}); record a new meeting instead.`,
          { code: 'acknowledgement_recorded', details: { status: stored.acknowledgement.status } },
        );
      }
      const parsed = FeedbackMeetingSchema.safeParse({ ...stored.meeting, ...c.req.valid('json') });
      if (!parsed.success) {
        throw new BadRequest('The changed meeting is invalid.', {
          code: 'validation_failed',
          errors: fieldErrors(parsed.error, 'body'),
        });
      }
      const next = parsed.data;
      // The employee reads the corrected record from now on: the appeal window runs from here (core meetingShare).
      const correctedAt = nowIso();
      const result = await kit.writeReply(c, async (w) => {
        const record = await w.update(
          KIND,
          id,
          { expectedVersion, data: meetingData(next, stored.acknowledgement, correctedAt) },
          { action: 'feedback_meeting.correct' },
        );
        const body = await singleBody(
          w.tx,
          access,
          { record, meeting: next, acknowledgement: stored.acknowledgement, correctedAt },
          ctx,
        );
        return reply(200, body, { ETag: etag(record) });
      });
      return send(c, result);
    })
    .openapi(ackRoute, async (c) => {
      const { comment } = c.req.valid('json');
      return transition(c, {
        authorise: onlySubject('acknowledge it'),
        phases: ACKNOWLEDGE_PHASES,
        what: 'results are acknowledged',
        auditAction: 'feedback_meeting.acknowledge',
        // The state first (409 invalid_state once answered), then whether the meeting counts (409 meeting_not_counted).
        next: (state, at, stored, ctx) => {
          const acked = acknowledge(state, { at, comment });
          if (!acked.ok) return acked;
          const counts = requireCountingMeeting(stored.meeting, ctx.policy);
          return counts.ok ? acked : counts;
        },
      });
    })
    .openapi(appealRoute, async (c) => {
      const { reason } = c.req.valid('json');
      return transition(c, {
        authorise: onlySubject('appeal it'),
        phases: APPEAL_PHASES,
        what: 'results are appealed',
        auditAction: 'feedback_meeting.appeal',
        next: (state, at, stored, ctx) =>
          appeal(
            state,
            { at, reason, resultSharedAt: resultSharedAt(stored.meeting, ctx.policy, stored.correctedAt) },
            ctx.policy,
          ),
      });
    })
    .openapi(resolveRoute, async (c) => {
      const body = c.req.valid('json');
      const { outcome, note } = body;
      return transition(c, {
        authorise: (access, meeting) => {
          access.requireHr();
          recuse(access, 'resolve_appeal', meeting.subjectId);
        },
        phases: APPEAL_PHASES,
        what: 'appeals are resolved',
        auditAction: 'feedback_meeting.resolve_appeal',
        next: async (state, at, { meeting }, ctx, access, w) => {
          const by = access.personId ?? '';
          const input = { at, by, outcome, note, subjectId: meeting.subjectId };
          // The state first (409 once resolved), then the rating the outcome takes (422), then the move.
          const decided = resolveAppeal(state, input);
          if (!decided.ok) return decided;
          requireAppealRatingShape(body);
          if (outcome === 'upheld' || body.toRating === undefined || body.fromRating === undefined) {
            return decided;
          }
          const { correction, applied } = await correctRatingOnAppeal(w, {
            ctx,
            meeting,
            toRating: body.toRating,
            fromRating: body.fromRating,
            note,
            actorId: by,
            at,
          });
          if (applied === null) return resolveAppeal(state, { ...input, correction });
          // Results already applied: that person's result is re-applied at the corrected rating, in this transaction.
          const resultId = await reapplyOnAppeal(w, {
            ctx,
            access,
            record: applied,
            meetingId: meeting.id,
            adjustmentId: correction.adjustmentId,
            actorId: by,
            at,
            overBudget: body.overBudget ?? 'refuse',
          });
          return resolveAppeal(state, { ...input, correction: { ...correction, resultId } });
        },
      });
    });
  return { path: '/feedback-meetings', router };
}
