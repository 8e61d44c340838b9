// /v1/target-adjustments: fair relief on a KPI target for the external environment — requested, decided by HR or the head, audited.
import { createRoute, z } from '@hono/zod-openapi';
import {
  decideTargetAdjustment,
  FactorSchema,
  IdSchema,
  MIN_JUSTIFICATION_CHARS,
  requestTargetAdjustment,
  TargetAdjustmentStateSchema,
  TEXT_LIMITS,
  withdrawTargetAdjustment,
} from '@perfloop/core';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { type ApiError, Conflict, type DomainErrorLike, Forbidden } from '../errors.ts';
import {
  createdResponse,
  domainProblem,
  etag,
  getVisible,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  newId,
  PageQuery,
  pageSchema,
  problems,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { createBatch } from './cycles/batch.ts';
import { loadCycle, requirePhase } from './cycles/cycleRecord.ts';
import { scanVisible } from './cycles/scan.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';
import { listWhere, nowIso } from './loop/cycle.ts';
import {
  ADJUSTMENT_ID_PREFIX,
  ADJUSTMENT_KIND,
  parseTargetAdjustment,
  TargetAdjustmentResource,
  targetAdjustmentBody,
  targetAdjustmentData,
} from './targets/adjustmentRecord.ts';
import {
  ADJUSTMENT_PHASES,
  assertMayDecide,
  assertMayRequest,
  DECISION_FORBIDDEN,
  goalOf,
  unknownGoal,
  writeApproval,
} from './targets/adjustmentRules.ts';

const tags = ['target adjustments'];
const KIND = ADJUSTMENT_KIND;
const location = (id: string) => `${V1_PREFIX}/target-adjustments/${id}`;

const AnchorInput = z.number().finite();
const AdjustmentCreate = z
  .strictObject({
    goalId: IdSchema,
    factor: FactorSchema,
    proposed: z
      .strictObject({
        threshold: AnchorInput.nullable().optional(),
        target: AnchorInput.optional(),
        stretch: AnchorInput.nullable().optional(),
      })
      .openapi({ description: 'The anchors to move; one left out keeps its current value.' }),
    reason: z.string().trim().min(MIN_JUSTIFICATION_CHARS).max(TEXT_LIMITS.adjustmentReason),
    evidence: z.string().trim().max(TEXT_LIMITS.adjustmentEvidence).optional(),
  })
  .openapi('TargetAdjustmentCreate', {
    description:
      'Relief only (no anchor more demanding than now, in the goal’s direction), anchors in order, the same anchors present, at least one changed. Only `external_environment` qualifies.',
  });
const Decision = z
  .strictObject({
    decision: z.enum(['approve', 'reject']),
    note: z
      .string()
      .trim()
      .max(TEXT_LIMITS.adjustmentReason)
      .optional()
      .openapi({
        description: `Required to reject (at least ${MIN_JUSTIFICATION_CHARS} characters); optional to approve.`,
      }),
  })
  .openapi('TargetAdjustmentDecision');
const ActionHeaders = IdempotencyHeaders.extend(IfMatchHeaders.shape);
const AdjustmentQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
  goalId: IdSchema.optional().openapi({ param: { name: 'goalId', in: 'query' } }),
  subjectId: IdSchema.optional().openapi({
    param: { name: 'subjectId', in: 'query' },
    description: "The goal owner's person id: one person's requests.",
  }),
  state: TargetAdjustmentStateSchema.optional().openapi({ param: { name: 'state', in: 'query' } }),
});
const AdjustmentPage = pageSchema(TargetAdjustmentResource, 'TargetAdjustmentPage');

/** A refused withdrawal or decision: recusals 403, a missing note 422, the rest (not open, target changed) 409. */
function decisionProblem(e: DomainErrorLike): ApiError {
  if (DECISION_FORBIDDEN.has(e.code)) return new Forbidden(e.message, { code: e.code, details: e.details });
  if (e.code === 'note_required') return domainProblem([e]);
  return new Conflict(e.message, { code: e.code, ...(e.details ? { details: e.details } : {}) });
}

export function targetAdjustmentsRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List target adjustments about the people you may see',
    request: { query: AdjustmentQuery },
    responses: { 200: jsonResponse(AdjustmentPage, 'A page, by id'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a target adjustment',
    request: { params: IdParams },
    responses: {
      200: resourceResponse(TargetAdjustmentResource, 'The target adjustment'),
      ...problems(400, 403, 404),
    },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Ask for a KPI target to be relieved (the owner or their manager chain)',
    description:
      'While the cycle is in `coach` or `appraise` (409 `wrong_phase`). One open request per goal (409 `adjustment_open`). A goal that does not exist or that you may not see: 422 `unknown_goal`; the relief rules: 422 with per-field errors (`more_demanding`, `kpi_anchors_invalid`, `anchor_presence_changed`, `anchors_unchanged`, `factor_not_eligible`, `not_kpi_goal`, `not_person_goal`). ' +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: AdjustmentCreate } } },
    },
    responses: {
      201: createdResponse(TargetAdjustmentResource, 'Requested'),
      ...problems(400, 403, 409, 422),
    },
  });
  const withdraw = createRoute({
    method: 'post',
    path: '/{id}/withdraw',
    tags,
    summary: 'Withdraw your open request',
    description:
      'Only its requester (403), only while `requested` (409 `adjustment_not_open`). A request about a person withdrawn from the cycle may still be withdrawn: that closes it.',
    middleware: [kit.idempotent] as const,
    request: { params: IdParams, headers: ActionHeaders },
    responses: {
      200: resourceResponse(TargetAdjustmentResource, 'Withdrawn'),
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });
  const decide = createRoute({
    method: 'post',
    path: '/{id}/decision',
    tags,
    summary: 'Approve or reject a request (HR or the head of the owner’s department)',
    description:
      'Never the goal’s owner (403 `own_target`) nor the requester (403 `own_target_request`). While the cycle is in `coach` or `appraise` (409 `wrong_phase`); only an open request (409 `adjustment_not_open`). Approval sets the goal’s anchors in the same transaction (audited as `goal.target_adjusted`, a goal feed event), keeps an agreed plan agreed, and is refused with 409 `target_changed` when the goal’s anchors changed since the request. A rejection needs a note (422 `note_required`). ' +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      headers: ActionHeaders,
      body: { required: true, content: { 'application/json': { schema: Decision } } },
    },
    responses: {
      200: resourceResponse(TargetAdjustmentResource, 'Decided'),
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });

  /** The adjustment when the caller may see its subject (404 otherwise). */
  async function visible(access: Access, id: string) {
    const record = await getVisible(kit.store, access, KIND, id);
    return { record, adjustment: parseTargetAdjustment(record) };
  }

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const q = c.req.valid('query');
      const page = await scanVisible(
        kit.store,
        access,
        KIND,
        {
          ...(q.cycleId !== undefined ? { cycleId: q.cycleId } : {}),
          ...(q.goalId !== undefined ? { parentId: q.goalId } : {}),
          ...(q.subjectId !== undefined ? { subjectId: q.subjectId } : {}),
        },
        (r) => q.state === undefined || r.data.state === q.state,
        q,
      );
      return c.json({ items: page.items.map(targetAdjustmentBody), nextCursor: page.nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { record } = await visible(access, c.req.valid('param').id);
      return c.json(targetAdjustmentBody(record), 200, { ETag: etag(record) });
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const input = c.req.valid('json');
      const goalRecord = await kit.store.resources('goals').get(access.orgId, input.goalId);
      const goal = goalOf(goalRecord);
      if (!goal) throw unknownGoal(input.goalId);
      // A person goal: 422 as if it did not exist when its owner is hidden, 403 outside their manager chain.
      if (goal.ownerId !== null) {
        if (!access.canSee(goal.ownerId)) throw unknownGoal(input.goalId);
        assertMayRequest(access, goal.ownerId);
      }
      const { cycle } = await loadCycle(kit.store, access.orgId, goal.cycleId);
      if (goal.ownerId !== null) refuseWithdrawn(access, cycle, goal.ownerId);
      requirePhase(cycle, ADJUSTMENT_PHASES, 'target adjustments can be requested');
      const result = await kit.writeReply(c, async (w) => {
        await w.tx.lock(`target_adjustment:${goal.id}`, 'exclusive');
        // The goal as committed now: the request records the anchors it relieves.
        const now = goalOf(await w.tx.resources('goals').get(w.orgId, goal.id));
        if (!now) throw unknownGoal(goal.id);
        const open = (await listWhere(w.tx, KIND, w.orgId, { parentId: goal.id }))
          .map(parseTargetAdjustment)
          .find((a) => a.state === 'requested');
        if (open) {
          throw new Conflict(
            'This goal already has an open target adjustment: decide or withdraw it first.',
            {
              code: 'adjustment_open',
              details: { id: open.id },
            },
          );
        }
        const current = now.kind === 'kpi' ? now : null;
        const requested = requestTargetAdjustment(now, {
          id: newId(ADJUSTMENT_ID_PREFIX),
          factor: input.factor,
          proposed: {
            threshold:
              input.proposed.threshold === undefined
                ? (current?.threshold ?? null)
                : input.proposed.threshold,
            target: input.proposed.target ?? current?.target ?? 0,
            stretch:
              input.proposed.stretch === undefined ? (current?.stretch ?? null) : input.proposed.stretch,
          },
          reason: input.reason,
          ...(input.evidence !== undefined ? { evidence: input.evidence } : {}),
          requestedBy: me.id,
          at: nowIso(),
        });
        if (!requested.ok) throw domainProblem(requested.error);
        const adjustment = requested.value;
        const record = await w.create(KIND, {
          id: adjustment.id,
          cycleId: adjustment.cycleId,
          subjectId: adjustment.subjectId,
          parentId: adjustment.goalId,
          data: targetAdjustmentData(adjustment),
        });
        return reply(201, targetAdjustmentBody(record), {
          ETag: etag(record),
          Location: location(adjustment.id),
        });
      });
      return send(c, result);
    })
    .openapi(withdraw, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { record, adjustment } = await visible(access, c.req.valid('param').id);
      if (adjustment.requestedBy !== me.id) {
        throw new Forbidden('Only the person who requested a target adjustment may withdraw it.');
      }
      const expectedVersion = requireIfMatch(c, record.version);
      const withdrawn = withdrawTargetAdjustment(adjustment, me.id, nowIso());
      if (!withdrawn.ok) throw decisionProblem(withdrawn.error);
      const result = await kit.writeReply(c, async (w) => {
        const updated = await w.update(
          KIND,
          adjustment.id,
          { expectedVersion, data: targetAdjustmentData(withdrawn.value) },
          { action: 'target_adjustment.withdraw' },
        );
        return reply(200, targetAdjustmentBody(updated), { ETag: etag(updated) });
      });
      return send(c, result);
    })
    .openapi(decide, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id } = c.req.valid('param');
      const { record, adjustment } = await visible(access, id);
      assertMayDecide(access, adjustment);
      const expectedVersion = requireIfMatch(c, record.version);
      const body = c.req.valid('json');
      const approve = body.decision === 'approve';
      const result = await kit.writeReply(c, async (w) => {
        const { cycle } = await loadCycle(w.tx, w.orgId, adjustment.cycleId);
        refuseWithdrawn(access, cycle, adjustment.subjectId);
        requirePhase(cycle, ADJUSTMENT_PHASES, 'target adjustments can be decided');
        const goalRecord = await w.tx.resources('goals').get(w.orgId, adjustment.goalId);
        const goal = goalOf(goalRecord);
        if (!goalRecord || goal?.kind !== 'kpi') {
          throw new Conflict('The goal of this request is no longer a KPI goal.', { code: 'target_changed' });
        }
        const decided = decideTargetAdjustment(adjustment, goal, {
          approve,
          by: me.id,
          at: nowIso(),
          ...(body.note !== undefined ? { note: body.note } : {}),
        });
        if (!decided.ok) throw decisionProblem(decided.error);
        const next = decided.value.adjustment;
        if (!approve) {
          const updated = await w.update(
            KIND,
            id,
            { expectedVersion, data: targetAdjustmentData(next) },
            { action: 'target_adjustment.reject' },
          );
          return reply(200, targetAdjustmentBody(updated), { ETag: etag(updated) });
        }
        const b = createBatch(w);
        const written = await writeApproval(
          b,
          { next, expectedVersion },
          { record: goalRecord, before: goal, after: decided.value.goal },
        );
        await b.flush();
        return reply(200, targetAdjustmentBody(written.adjustment), { ETag: etag(written.adjustment) });
      });
      return send(c, result);
    });

  return { path: '/target-adjustments', router };
}
