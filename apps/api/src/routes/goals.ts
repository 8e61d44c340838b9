// /v1/goals: scoped list and get; create, patch (by phase) and delete (plan phase), each keeping the owner's plan agreement honest.
import { createRoute } from '@hono/zod-openapi';
import { type Goal, PHASES } from '@perfloop/core';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { Conflict, Forbidden, UnprocessableEntity } from '../errors.ts';
import {
  createdResponse,
  etag,
  getVisible,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  newId,
  problems,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { createBatch } from './cycles/batch.ts';
import { loadCycle, referencedCycle, requirePhase, type StoredCycle } from './cycles/cycleRecord.ts';
import { scanVisible } from './cycles/scan.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';
import { correctionChange, correctionRecord, planAddition, planCorrection } from './goals/goalCorrections.ts';
import {
  assertAlignment,
  assertCancellationAllowed,
  assertGoalChangeAllowed,
  changedFields,
  goalWriter,
  validateGoal,
} from './goals/goalRules.ts';
import {
  GOAL_ID_PREFIX,
  GoalCreate,
  type GoalCreateInput,
  GoalPage,
  GoalPatch,
  GoalQuery,
  GoalResource,
  goalBody,
  goalColumns,
  parseGoal,
} from './goals/goalSchemas.ts';
import { syncPlan } from './plans/planRecord.ts';

const tags = ['goals'];
/** HR may still add goals in every phase before the cycle closes. */
const OPEN_PHASES = PHASES.filter((p) => p !== 'closed');
const location = (id: string) => `${V1_PREFIX}/goals/${id}`;

function placementError(path: string, code: string, message: string): UnprocessableEntity {
  return new UnprocessableEntity(message, { code, errors: [{ path, message, code, location: 'body' }] });
}

/**
 * Where a new goal sits and whether the caller may create it there: organisation goals by HR;
 * department goals by HR or the department's head; person goals by the owner's manager chain
 * (or department heads) and HR, or by the owner for their own plan. The owner must take part in the cycle.
 */
function placeGoal(
  access: Access,
  cycle: StoredCycle,
  body: GoalCreateInput,
): { ownerId: string | null; departmentId: string | null } {
  if (body.level === 'organisation') {
    if ((body.ownerId ?? null) !== null)
      throw placementError('ownerId', 'placement_invalid', 'Organisation goals have no owner.');
    if ((body.departmentId ?? null) !== null)
      throw placementError('departmentId', 'placement_invalid', 'Organisation goals have no department.');
    access.requireHr();
    return { ownerId: null, departmentId: null };
  }
  if (body.level === 'department') {
    if ((body.ownerId ?? null) !== null)
      throw placementError('ownerId', 'placement_invalid', 'Department goals have no owner.');
    const departmentId = body.departmentId ?? null;
    if (departmentId === null)
      throw placementError(
        'departmentId',
        'department_required',
        'A department goal needs its departmentId.',
      );
    if (!access.snapshot.departments.has(departmentId))
      throw placementError(
        'departmentId',
        'unknown_department',
        `Department ${departmentId} does not exist.`,
      );
    if (!access.isHr && !access.headedDepartments().has(departmentId)) {
      throw new Forbidden("Only HR or the department's head may set department goals.");
    }
    return { ownerId: null, departmentId };
  }
  const ownerId = body.ownerId ?? null;
  if (ownerId === null) throw placementError('ownerId', 'owner_required', 'A person goal needs its ownerId.');
  const owner = access.seePerson(ownerId).entity;
  if (!access.isSelf(ownerId) && !access.canManage(ownerId)) {
    throw new Forbidden("Only the person, their manager chain or HR may set this person's goals.");
  }
  if (body.departmentId != null && body.departmentId !== owner.departmentId) {
    throw placementError(
      'departmentId',
      'department_mismatch',
      `A person goal belongs to its owner's department (${owner.departmentId}).`,
    );
  }
  refuseWithdrawn(access, cycle, ownerId);
  if (!cycle.participants.includes(ownerId)) {
    throw placementError('ownerId', 'not_participant', `${ownerId} does not take part in this cycle.`);
  }
  return { ownerId, departmentId: owner.departmentId };
}

export function goalsRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List the goals you may see',
    description:
      'Organisation and department goals are visible to everyone; person goals to the people who may see their owner. Filter by cycle and owner to keep it fast.',
    request: { query: GoalQuery },
    responses: { 200: jsonResponse(GoalPage, 'A page of goals, by id'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a goal',
    request: { params: IdParams },
    responses: { 200: resourceResponse(GoalResource, 'The goal'), ...problems(400, 403, 404) },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Create a goal',
    description:
      "Organisation goals: HR. Department goals: HR or the department's head. Person goals: the owner's manager chain, department heads or HR, or the owner for their own plan. Only while the cycle is in `plan` (HR: until it closes, except for their own goals, which they write as their owner). KPI targets out of order → 422 `kpi_anchors_invalid`; a goal of the owner's plan resets the plan's agreement. A person goal HR adds after `plan` changes what the owner's result is scored from: it is a correction of the agreed plan and needs `correctionReason` (422 `correction_reason_required` without one, nothing created); it is audited as `goal.corrected` (kind `added`), kept as a goal correction and shown in the owner's score explanation. Department and organisation goals, and goals added in `plan`, need no reason. " +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: GoalCreate } } },
    },
    responses: {
      201: createdResponse(GoalResource, 'Created'),
      ...problems(400, 403, 404, 409, 422),
    },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Change a goal',
    description:
      'In `plan` every field (the plan’s agreement resets when agreed fields change); in `coach` only actual, status and description (owner, manager, `sync:notion`); later only HR, and never on their own goals (HR writes those as their owner). 409 `wrong_phase` otherwise. After `plan`, a change to what a person goal is scored from (weight, direction, baseline, threshold, target, stretch, curve, and a status into or out of `cancelled`) is a correction of the agreed plan: it needs `correctionReason` (422 `correction_reason_required` without one, nothing changed) and is audited as `goal.corrected` with the fields, before and after values and the reason, kept as a goal correction and shown in the owner’s score explanation. Cancelling a person goal after `plan`, or restoring it: never its owner (403 `own_goal_cancel`) nor an API key (403 `goal_cancel_by_person`); the manager chain (in `coach`) or HR, with `correctionReason`. Relief for the external environment is a target adjustment (`/v1/target-adjustments`), not a correction. ' +
      WITHDRAWN_WORDS,
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: GoalPatch } } },
    },
    responses: {
      200: resourceResponse(GoalResource, 'Updated'),
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });
  const remove = createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    summary: 'Delete a goal (plan phase)',
    description: `Refused with 409 \`goal_has_aligned_goals\` while other goals align to it. ${WITHDRAWN_WORDS}`,
    request: { params: IdParams, headers: IfMatchHeaders },
    responses: { 204: { description: 'Deleted' }, ...problems(400, 403, 404, 409, 412, 428) },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      const query = c.req.valid('query');
      const page = await scanVisible(
        kit.store,
        access,
        'goals',
        {
          ...(query.cycleId !== undefined ? { cycleId: query.cycleId } : {}),
          ...(query.ownerId !== undefined ? { subjectId: query.ownerId } : {}),
        },
        (r) =>
          (query.level === undefined || r.data.level === query.level) &&
          (query.departmentId === undefined || r.data.departmentId === query.departmentId),
        query,
      );
      return c.json(
        { items: page.items.map((r) => goalBody(r, parseGoal(r))), nextCursor: page.nextCursor },
        200,
      );
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      const record = await getVisible(kit.store, access, 'goals', c.req.valid('param').id);
      return c.json(goalBody(record, parseGoal(record)), 200, { ETag: etag(record) });
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { correctionReason, ...body } = c.req.valid('json');
      const { cycle } = await referencedCycle(kit.store, access.orgId, body.cycleId);
      const placed = placeGoal(access, cycle, body);
      // HR's reach past `plan` never covers their own goals (what their own result is scored from).
      const ownGoal = placed.ownerId !== null && access.isSelf(placed.ownerId);
      const phases = access.isHr && !ownGoal ? OPEN_PHASES : (['plan'] as const);
      requirePhase(cycle, phases, 'goals can be created');
      const goal = validateGoal({ ...body, ...placed, id: newId(GOAL_ID_PREFIX) });
      const result = await kit.writeReply(c, async (w) => {
        // The phase as of this transaction: a person goal added after `plan` is a correction with its reason.
        const { cycle: current } = await loadCycle(w.tx, w.orgId, goal.cycleId);
        if (goal.ownerId !== null) refuseWithdrawn(access, current, goal.ownerId);
        requirePhase(current, phases, 'goals can be created');
        const correction = planAddition(goal, current.phase, correctionReason, w.actor);
        await assertAlignment(w.tx, w.orgId, goal);
        const b = createBatch(w);
        const record = await b.create(
          'goals',
          { id: goal.id, ...goalColumns(goal), data: goal },
          correction ? correctionChange(correction, goal) : {},
        );
        if (correction) await b.create('goal_corrections', correctionRecord(correction));
        if (goal.ownerId !== null) await syncPlan(b, goal.cycleId, goal.ownerId);
        await b.flush();
        return reply(201, goalBody(record, goal), { ETag: etag(record), Location: location(goal.id) });
      });
      return send(c, result);
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      const { id } = c.req.valid('param');
      const current = await getVisible(kit.store, access, 'goals', id);
      const before = parseGoal(current);
      const writer = goalWriter(access, before);
      if (writer === null) throw new Forbidden('You may see this goal but not change it.');
      const expectedVersion = requireIfMatch(c, current.version);
      const { correctionReason, ...changes } = c.req.valid('json');
      const next: Goal = validateGoal({ ...before, ...changes });
      const fields = changedFields(before, next);
      const result = await kit.writeReply(c, async (w) => {
        const { cycle } = await loadCycle(w.tx, w.orgId, before.cycleId);
        if (before.ownerId !== null) refuseWithdrawn(access, cycle, before.ownerId);
        assertGoalChangeAllowed(access, writer, cycle.phase, fields);
        assertCancellationAllowed(access, writer, cycle.phase, before, next);
        const correction = planCorrection(before, next, cycle.phase, correctionReason, w.actor);
        if (fields.includes('alignedTo')) await assertAlignment(w.tx, w.orgId, next);
        const b = createBatch(w);
        const record = await b.update(
          'goals',
          id,
          { expectedVersion, data: next, ...goalColumns(next) },
          correction ? correctionChange(correction) : {},
        );
        if (correction) await b.create('goal_corrections', correctionRecord(correction));
        if (next.ownerId !== null) await syncPlan(b, next.cycleId, next.ownerId);
        await b.flush();
        return reply(200, goalBody(record, next), { ETag: etag(record) });
      });
      return send(c, result);
    })
    .openapi(remove, async (c) => {
      const access = await kit.access(c);
      const { id } = c.req.valid('param');
      const current = await getVisible(kit.store, access, 'goals', id);
      const goal = parseGoal(current);
      const writer = goalWriter(access, goal);
      if (writer === null || writer === 'service')
        throw new Forbidden('You may see this goal but not delete it.');
      const expectedVersion = requireIfMatch(c, current.version);
      await kit.writeTx(c, async (w) => {
        const { cycle } = await loadCycle(w.tx, w.orgId, goal.cycleId);
        if (goal.ownerId !== null) refuseWithdrawn(access, cycle, goal.ownerId);
        requirePhase(cycle, ['plan'], 'goals can be deleted (cancel it instead: status "cancelled")');
        const children = await w.tx.resources('goals').list(w.orgId, { parentId: id, limit: 1 });
        if (children.records.length > 0) {
          throw new Conflict('Other goals align to this goal; re-align or delete them first.', {
            code: 'goal_has_aligned_goals',
          });
        }
        const b = createBatch(w);
        await b.remove('goals', id, expectedVersion, { summary: { deleted: { title: goal.title } } });
        if (goal.ownerId !== null) await syncPlan(b, goal.cycleId, goal.ownerId);
        await b.flush();
      });
      return c.body(null, 204);
    });
  return { path: '/goals', router };
}
