// /v1/cycles: list and get (everyone), create and patch (HR), guarded phase transitions (HR) and readiness.
import { createRoute, z } from '@hono/zod-openapi';
import {
  CycleScheduleSchema,
  daysBetween,
  evaluateTransition,
  GuardReasonSchema,
  IdSchema,
  IsoDateSchema,
  nameGuardReasons,
  nameTransitionRefusal,
  nextPhase,
  PhaseSchema,
  PolicySchema,
  phaseDueOn,
  ruleOf,
  TEXT_LIMITS,
  transitionCycle,
} from '@perfloop/core';
import type { z as zod } from 'zod';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { BadRequest, type DomainErrorStatus, type FieldError, UnprocessableEntity } from '../errors.ts';
import { nowIso } from '../kit/clock.ts';
import {
  createdResponse,
  domainProblem,
  etag,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  newId,
  PageQuery,
  pageSchema,
  paginate,
  problems,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { fieldErrors } from '../validation.ts';
import {
  CYCLE_ID_PREFIX,
  listAllWhere,
  loadCycle,
  parseCycle,
  requirePhase,
  type StoredCycle,
  StoredCycleSchema,
  todayUtc,
} from './cycles/cycleRecord.ts';
import { allInactiveParticipants, CycleResource, cycleBody } from './cycles/cycleView.ts';
import { cycleGuardState, leavingPhases } from './cycles/facts.ts';
import { scopeReasons } from './cycles/readiness.ts';

const tags = ['cycles'];

export { CycleResource };

const CyclePage = pageSchema(CycleResource, 'CyclePage');

const ScheduleBody = CycleScheduleSchema.extend({}).openapi('CycleSchedule', {
  description:
    'Stage due dates (UTC days) from a quarter before startsOn (92 days) to half a year after endsOn (183 days), in loop order (a date may share a day with the stage before it; peer feedback and the self-appraisal both come before the manager appraisal). Each dates the matching to-do items: planDue complete_plan and agree_plan, peerFeedbackDue feedback_request, selfAppraisalDue self_review, managerAppraisalDue manager_review, calibrationDue open_calibration and finalise_calibration, feedbackDue hold_feedback_meeting (a scheduled meeting keeps its own day), applyDue apply_results, improveDue review_next_cycle_drafts. Every date optional. A broken rule is 422 `schedule_invalid` with field errors `schedule_out_of_range` (params earliest, latest) or `schedule_out_of_order` (params after, afterOn).',
});

const CycleCreate = z
  .strictObject({
    name: z.string().trim().min(1).max(TEXT_LIMITS.name),
    policyId: IdSchema.describe('A stored policy; it is snapshotted into the cycle.'),
    startsOn: IsoDateSchema,
    endsOn: IsoDateSchema,
    schedule: ScheduleBody.optional(),
    departmentIds: z.array(IdSchema).max(1000).optional().openapi({
      description: 'Participants: the active members of these departments (with their sub-departments).',
    }),
    personIds: z.array(IdSchema).max(100_000).optional().openapi({
      description:
        'Participants: these active people (added to the departments’ members). Without either list, every active person.',
    }),
  })
  .openapi('CycleCreate');
const CyclePatch = z
  .strictObject({
    name: z.string().trim().min(1).max(TEXT_LIMITS.name).optional(),
    startsOn: IsoDateSchema.optional(),
    endsOn: IsoDateSchema.optional(),
    schedule: ScheduleBody.optional().openapi({
      description:
        'Replaces the whole schedule (`{}` clears it). Unlike the name and dates it can change in any phase but closed (a deadline moved mid-cycle).',
    }),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' })
  .openapi('CyclePatch');
const CycleQuery = PageQuery.extend({
  phase: PhaseSchema.optional().openapi({ param: { name: 'phase', in: 'query' } }),
});
const TransitionBody = z
  .strictObject({
    to: PhaseSchema,
    override: z
      .strictObject({ reason: z.string().max(TEXT_LIMITS.reason) })
      .optional()
      .openapi({
        description:
          'Push past failed guards or skip phases (at least 10 characters of reason); recorded in the cycle history and the audit log.',
      }),
  })
  .openapi('CycleTransition');
const Readiness = z
  .object({
    cycleId: z.string(),
    phase: PhaseSchema,
    next: PhaseSchema.nullable(),
    ready: z.boolean().openapi({ description: 'True when nothing blocks the move to `next`.' }),
    dueOn: z.string().nullable().openapi({
      description:
        'When the current phase is due by the cycle schedule (the latest date of its stages); null when unscheduled.',
    }),
    overdueByDays: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Whole days the current phase is past `dueOn` (≥ 1), else null.' }),
    reasons: z.array(GuardReasonSchema.extend({})).openapi({
      description:
        'What blocks the move (typed codes, counts, person ids; goal ids for kpi_actuals_missing), narrowed to the people you may see. A reason about people names them after its words, at most five ("… : Ann Lee, Bob Ma and 3 more"); `count` and `ids` always hold them all. Leaving calibrate, `appraisals_missing` names the people whose self or manager appraisal is missing: their result would be discussed in feedback without it.',
    }),
  })
  .openapi('CycleReadiness');

const location = (id: string) => `${V1_PREFIX}/cycles/${id}`;

function unprocessable(code: string, message: string, errors: FieldError[]): UnprocessableEntity {
  return new UnprocessableEntity(message, { code, errors });
}

/** The participants of a new cycle: every active person, or the active people of the given departments and ids. */
function resolveParticipants(
  access: Access,
  body: { departmentIds?: string[] | undefined; personIds?: string[] | undefined },
): string[] {
  const { org } = access;
  if (body.departmentIds === undefined && body.personIds === undefined) {
    return org
      .people()
      .filter((p) => p.active)
      .map((p) => p.id);
  }
  const ids = new Set<string>();
  const errors: FieldError[] = [];
  (body.departmentIds ?? []).forEach((departmentId, i) => {
    if (!org.department(departmentId)) {
      errors.push({
        path: `departmentIds.${i}`,
        message: `Department ${departmentId} does not exist.`,
        code: 'unknown_department',
        location: 'body',
      });
      return;
    }
    for (const id of org.departmentMembers(departmentId, { includeSubdepartments: true })) {
      if (org.person(id)?.active) ids.add(id);
    }
  });
  (body.personIds ?? []).forEach((personId, i) => {
    const person = org.person(personId);
    if (!person?.active) {
      errors.push({
        path: `personIds.${i}`,
        message: person ? `${personId} is not active.` : `Person ${personId} does not exist.`,
        code: person ? 'person_inactive' : 'unknown_person',
        location: 'body',
      });
      return;
    }
    ids.add(personId);
  });
  const first = errors[0];
  if (first) throw unprocessable(first.code, first.message, errors);
  if (ids.size === 0) {
    throw unprocessable('no_participants', 'The cycle would have no participants.', [
      { path: '', message: 'no active people selected', code: 'no_participants', location: 'body' },
    ]);
  }
  return [...ids].sort();
}

/**
 * A cycle that fails the core rules: 422 `schedule_invalid` when only its schedule breaks them (dates outside the
 * period or out of stage order, one field error per date), else 400 `validation_failed` as before.
 */
function invalidCycle(error: zod.ZodError, message: string): BadRequest | UnprocessableEntity {
  const errors = fieldErrors(error, 'body');
  if (error.issues.every((i) => i.path[0] === 'schedule' && ruleOf(i) !== null)) {
    return unprocessable(
      'schedule_invalid',
      `The schedule is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}).`,
      errors,
    );
  }
  return new BadRequest(message, { code: 'validation_failed', errors });
}

/** What may change in which phase: the name and period only in plan, the schedule until the cycle is closed. */
const PERIOD_FIELDS = ['name', 'startsOn', 'endsOn'] as const;

/** A person's name as a guard reason says it (their id when the organisation no longer knows them). */
const nameOf =
  (access: Access) =>
  (id: string): string =>
    access.org.person(id)?.name ?? id;

const REFUSAL_STATUS = (code: string): DomainErrorStatus => (code === 'override_reason_required' ? 422 : 409);

export function cyclesRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List cycles',
    request: { query: CycleQuery },
    responses: { 200: jsonResponse(CyclePage, 'A page of cycles, by id'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a cycle',
    request: { params: IdParams },
    responses: { 200: resourceResponse(CycleResource, 'The cycle'), ...problems(400, 403, 404) },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Start a cycle (HR)',
    description:
      'Snapshots the policy into the cycle; participants are every active person unless departments or people are given. The cycle starts in `plan`.',
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: CycleCreate } } },
    },
    responses: { 201: createdResponse(CycleResource, 'Created'), ...problems(400, 403, 422) },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Rename, re-date or reschedule a cycle (HR)',
    description:
      'The name and period change only in plan (409 `wrong_phase` after); the stage schedule in any phase but closed. Dates outside the period or out of stage order are 422 `schedule_invalid` with a field error per date; nothing is changed.',
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: CyclePatch } } },
    },
    responses: {
      200: resourceResponse(CycleResource, 'Updated'),
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });
  const transition = createRoute({
    method: 'post',
    path: '/{id}/transitions',
    tags,
    summary: 'Move the cycle to another phase (HR)',
    description:
      'Checks the guards of the phase left (and of skipped phases). Refused: 409 `transition_refused` with `details.reasons` (codes, counts, person ids; each reason about people names at most five of them in its message, `count` and `ids` hold them all — the history keeps the reasons without names); 409 `invalid_transition` for backward moves; 422 `override_reason_required`. An override with a reason pushes past the guards and is recorded in the cycle history and the audit log. If-Match is optional here (412 when stale).',
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      headers: IdempotencyHeaders.extend(IfMatchHeaders.shape),
      body: { required: true, content: { 'application/json': { schema: TransitionBody } } },
    },
    responses: {
      200: resourceResponse(CycleResource, 'Moved'),
      ...problems(400, 403, 404, 409, 412, 422),
    },
  });
  const readiness = createRoute({
    method: 'get',
    path: '/{id}/readiness',
    tags,
    summary: 'What blocks the next transition',
    description:
      'HR sees every reason; others only the people they may see. `dueOn` / `overdueByDays`: the current phase against the cycle schedule.',
    request: { params: IdParams },
    responses: { 200: jsonResponse(Readiness, 'Readiness of the next move'), ...problems(400, 403, 404) },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const query = c.req.valid('query');
      const records = await listAllWhere(kit.store, 'cycles', access.orgId);
      const items = records
        .map((r) => cycleBody(r, parseCycle(r), access))
        .filter((cy) => query.phase === undefined || cy.phase === query.phase);
      const page = paginate(items, (cy) => cy.id, query);
      return c.json({ items: page.items, nextCursor: page.nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { record, cycle } = await loadCycle(kit.store, access.orgId, c.req.valid('param').id);
      return c.json(cycleBody(record, cycle, access), 200, { ETag: etag(record) });
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      const body = c.req.valid('json');
      const policyRecord = await kit.store.resources('policies').get(access.orgId, body.policyId);
      if (!policyRecord) {
        throw unprocessable('unknown_policy', `Policy ${body.policyId} does not exist.`, [
          { path: 'policyId', message: 'no such policy', code: 'unknown_policy', location: 'body' },
        ]);
      }
      const participants = resolveParticipants(access, body);
      const { id: _id, ...storedPolicy } = policyRecord.data;
      const parsedPolicy = PolicySchema.parse(storedPolicy);
      const parsed = StoredCycleSchema.safeParse({
        id: newId(CYCLE_ID_PREFIX),
        name: body.name,
        policyName: parsedPolicy.name,
        startsOn: body.startsOn,
        endsOn: body.endsOn,
        policyId: body.policyId,
        policy: parsedPolicy,
        participants,
        ...(body.schedule !== undefined && Object.keys(body.schedule).length > 0
          ? { schedule: body.schedule }
          : {}),
      });
      if (!parsed.success) throw invalidCycle(parsed.error, 'The cycle is invalid.');
      const cycle = parsed.data;
      const result = await kit.writeReply(c, async (w) => {
        const record = await w.create('cycles', { id: cycle.id, cycleId: cycle.id, data: cycle });
        return reply(201, cycleBody(record, cycle, access), {
          ETag: etag(record),
          Location: location(cycle.id),
        });
      });
      return send(c, result);
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const current = await loadCycle(kit.store, access.orgId, id);
      access.requireHr();
      const expectedVersion = requireIfMatch(c, current.record.version);
      const body = c.req.valid('json');
      if (PERIOD_FIELDS.some((k) => body[k] !== undefined)) {
        requirePhase(current.cycle, ['plan'], 'the name and dates can be changed');
      }
      if (body.schedule !== undefined) {
        requirePhase(
          current.cycle,
          PhaseSchema.options.filter((p) => p !== 'closed'),
          'the schedule can be changed',
        );
      }
      const { schedule, ...rest } = body;
      const { schedule: _old, ...unscheduled } = current.cycle;
      // An empty schedule clears it: the stored cycle is then as an undated one.
      const nextSchedule = schedule === undefined ? current.cycle.schedule : schedule;
      const next = StoredCycleSchema.safeParse({
        ...unscheduled,
        ...rest,
        ...(nextSchedule !== undefined && Object.keys(nextSchedule).length > 0
          ? { schedule: nextSchedule }
          : {}),
      });
      if (!next.success) throw invalidCycle(next.error, 'The changed cycle is invalid.');
      const result = await kit.writeReply(c, async (w) => {
        const record = await w.update('cycles', id, { expectedVersion, data: next.data });
        return reply(200, cycleBody(record, next.data, access), { ETag: etag(record) });
      });
      return send(c, result);
    })
    .openapi(transition, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      await loadCycle(kit.store, access.orgId, id);
      access.requireHr();
      const actorId = access.personId ?? access.actor;
      const body = c.req.valid('json');
      const result = await kit.writeReply(c, async (w) => {
        const { record, cycle } = await loadCycle(w.tx, w.orgId, id);
        // If-Match is optional: the compare-and-set below already catches a concurrent change.
        if (c.req.header('If-Match') !== undefined) requireIfMatch(c, record.version);
        const { snapshot } = await cycleGuardState(
          w.tx,
          w.orgId,
          cycle,
          leavingPhases(cycle.phase, body.to),
          allInactiveParticipants(access, cycle),
        );
        const moved = transitionCycle(cycle, body.to, snapshot, cycle.policy, {
          actorId,
          at: nowIso(),
          ...(body.override ? { override: body.override } : {}),
        });
        // The refusal names the people each reason is about (HR sees everyone); the history keeps no names.
        if (!moved.ok)
          throw domainProblem([nameTransitionRefusal(moved.error, nameOf(access))], REFUSAL_STATUS);
        const next: StoredCycle = { ...cycle, phase: moved.value.phase, history: moved.value.history };
        const entry = moved.value.history.at(-1);
        const updated = await w.update(
          'cycles',
          id,
          { expectedVersion: record.version, data: next },
          {
            action: 'cycle.transition',
            summary: {
              from: cycle.phase,
              to: next.phase,
              skipped: entry?.skipped ?? [],
              override: entry?.override ?? null,
            },
          },
        );
        return reply(200, cycleBody(updated, next, access), { ETag: etag(updated) });
      });
      return send(c, result);
    })
    .openapi(readiness, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { cycle } = await loadCycle(kit.store, access.orgId, c.req.valid('param').id);
      const next = nextPhase(cycle.phase);
      const dueOn = phaseDueOn(cycle.schedule, cycle.phase);
      const late = dueOn === null ? 0 : daysBetween(dueOn, todayUtc());
      const due = { dueOn, overdueByDays: late > 0 ? late : null };
      if (next === null) {
        return c.json(
          { cycleId: cycle.id, phase: cycle.phase, next, ready: false, ...due, reasons: [] },
          200,
        );
      }
      const { facts, snapshot } = await cycleGuardState(
        kit.store,
        access.orgId,
        cycle,
        [cycle.phase],
        allInactiveParticipants(access, cycle),
      );
      const evaluation = evaluateTransition(cycle, next, snapshot, cycle.policy);
      const goalOwner = new Map(facts.goals.map((g) => [g.id, g.ownerId] as const));
      const scoped = access.isHr
        ? evaluation.reasons
        : scopeReasons(evaluation.reasons, (p) => access.canSee(p), goalOwner);
      // Each reason names the people it is about (only ones the caller may see are left).
      const reasons = nameGuardReasons(scoped, nameOf(access));
      return c.json(
        { cycleId: cycle.id, phase: cycle.phase, next, ready: evaluation.allowed, ...due, reasons },
        200,
      );
    });
  return { path: '/cycles', router };
}
