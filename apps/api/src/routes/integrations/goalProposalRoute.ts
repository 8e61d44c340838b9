// POST /v1/integrations/{integration}/goals: a person goal proposed from the integrated tool while the cycle is in plan, for a person who may set it.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { V1_PREFIX } from '../../app.ts';
import { createAccess } from '../../authz/index.ts';
import type { AppEnv } from '../../context.ts';
import { Forbidden, UnprocessableEntity } from '../../errors.ts';
import {
  createdResponse,
  etag,
  IdempotencyHeaders,
  type Kit,
  newId,
  problems,
  reply,
  send,
} from '../../kit/index.ts';
import { createBatch } from '../cycles/batch.ts';
import { referencedCycle, requirePhase } from '../cycles/cycleRecord.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from '../cycles/withdrawnGuard.ts';
import { assertAlignment, validateGoal } from '../goals/goalRules.ts';
import { GOAL_ID_PREFIX, GoalCreate, GoalResource, goalBody, goalColumns } from '../goals/goalSchemas.ts';
import { syncPlan } from '../plans/planRecord.ts';
import { requireIntegration } from './integrationAccess.ts';
import { IntegrationParams } from './stateSchemas.ts';

const GoalProposal = z
  .strictObject({
    requestedBy: z.string().min(1).max(128).openapi({
      description:
        'The Perfloop person id of whoever added the goal in the integrated tool (the integration maps its user to a person, e.g. by e-mail); an unknown id is 422 unknown_person. They must be allowed to set the owner’s goals.',
    }),
    ref: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .openapi({ description: 'Where it came from, e.g. the Notion page id.' }),
    goal: GoalCreate,
  })
  .openapi('IntegrationGoalProposal');

function unprocessable(path: string, code: string, message: string): UnprocessableEntity {
  return new UnprocessableEntity(message, { code, errors: [{ path, message, code, location: 'body' }] });
}

export function addGoalProposalRoute(router: OpenAPIHono<AppEnv>, kit: Kit): void {
  const route = createRoute({
    method: 'post',
    path: '/{integration}/goals',
    tags: ['integrations'],
    summary: 'Propose a person goal (plan phase)',
    description:
      "For a key whose scope may create goals. The goal is a person goal of a cycle in `plan`; `requestedBy` must be the owner, in the owner's manager chain, a head of their department or HR (403 otherwise). Like any new goal it resets the owner's plan agreement, so both sides agree again in Perfloop. Honours Idempotency-Key. " +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      params: IntegrationParams,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: GoalProposal } } },
    },
    responses: {
      201: createdResponse(GoalResource, 'Created'),
      ...problems(400, 403, 404, 409, 422),
    },
  });
  router.openapi(route, async (c) => {
    const access = await kit.access(c);
    const { integration } = c.req.valid('param');
    const grants = requireIntegration(access, integration);
    const key = access.principal;
    if (key.kind !== 'service') throw new Forbidden('Only an integration key may propose goals.');
    if (!grants.some((g) => g.create?.includes('goals'))) {
      throw new Forbidden('This API key may not propose goals.');
    }
    const { requestedBy, ref, goal: body } = c.req.valid('json');
    if (body.level !== 'person') {
      throw unprocessable('goal.level', 'level_not_allowed', 'Only person goals can be proposed.');
    }
    const ownerId = body.ownerId ?? null;
    if (ownerId === null)
      throw unprocessable('goal.ownerId', 'owner_required', 'A person goal needs its ownerId.');
    const owner = access.snapshot.people.get(ownerId)?.entity;
    if (!owner?.active) {
      throw unprocessable('goal.ownerId', 'unknown_person', `${ownerId} is not an active person here.`);
    }
    const requester = access.snapshot.people.get(requestedBy)?.entity;
    if (!requester?.active) {
      throw unprocessable('requestedBy', 'unknown_person', `${requestedBy} is not an active person here.`);
    }
    // The key acting for the requester: the same rule as their own POST /v1/goals, and the audit
    // records both (`<requester id>@api_key:<key id>`).
    const asRequester = createAccess(
      {
        kind: 'addon',
        via: 'api_key',
        apiKeyId: key.apiKeyId,
        user: {
          kind: 'user',
          orgId: access.orgId,
          personId: requester.id,
          roles: requester.roles,
          via: 'integration',
        },
      },
      access.snapshot,
    );
    if (!asRequester.isSelf(ownerId) && !asRequester.canManage(ownerId)) {
      throw new Forbidden(`${requester.name} may not set ${owner.name}'s goals.`);
    }
    if (body.departmentId != null && body.departmentId !== owner.departmentId) {
      throw unprocessable(
        'goal.departmentId',
        'department_mismatch',
        `A person goal belongs to its owner's department (${owner.departmentId}).`,
      );
    }
    const { cycle } = await referencedCycle(kit.store, access.orgId, body.cycleId, 'goal.cycleId');
    refuseWithdrawn(asRequester, cycle, ownerId);
    requirePhase(cycle, ['plan'], 'goals can be proposed');
    if (!cycle.participants.includes(ownerId)) {
      throw unprocessable('goal.ownerId', 'not_participant', `${ownerId} does not take part in this cycle.`);
    }
    const goal = validateGoal({
      ...body,
      ownerId,
      departmentId: owner.departmentId,
      id: newId(GOAL_ID_PREFIX),
    });
    const result = await kit.writeReply(
      c,
      async (w) => {
        await assertAlignment(w.tx, w.orgId, goal);
        const b = createBatch(w);
        const record = await b.create(
          'goals',
          { id: goal.id, ...goalColumns(goal), data: goal },
          { summary: { created: goal, proposedBy: requestedBy, via: integration, ref } },
        );
        await syncPlan(b, goal.cycleId, ownerId);
        await b.flush();
        return reply(201, goalBody(record, goal), {
          ETag: etag(record),
          Location: `${V1_PREFIX}/goals/${goal.id}`,
        });
      },
      { actor: asRequester.actor },
    );
    return send(c, result);
  });
}
