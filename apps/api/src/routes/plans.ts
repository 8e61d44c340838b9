// /v1/cycles/{cycleId}/plans: each participant's plan (goals, weights, goal mix, agreement) and the two-sided agreement.
import { createRoute, z } from '@hono/zod-openapi';
import {
  agreePlan,
  draftPlan,
  type Goal,
  goalMixWarning,
  IdSchema,
  type Plan,
  PlanSchema,
  PlanSideSchema,
  PlanStatusSchema,
  type Policy,
  validatePlanWeights,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import { type Access, recuse } from '../authz/index.ts';
import { Forbidden } from '../errors.ts';
import { nowIso } from '../kit/clock.ts';
import {
  domainProblem,
  IdempotencyHeaders,
  jsonResponse,
  type Kit,
  PageQuery,
  pageCursor,
  pageSchema,
  problems,
  reply,
  requireIfMatchTags,
  send,
  staleTag,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { loadCycle, requirePhase } from './cycles/cycleRecord.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';
import { GoalResource, goalBody } from './goals/goalSchemas.ts';
import { loadPlan, lockPlan, planETag, planGoals, planId } from './plans/planRecord.ts';

const tags = ['plans'];

const Advice = z
  .object({
    code: z.string(),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional().openapi({
      description:
        'What the English `message` names (goal_mix_off_guideline: `kpiWeight`, `guideline`, `tolerance`, the policy’s `theme`).',
    }),
  })
  .openapi('PlanAdvice');
const PlanView = PlanSchema.extend({
  goals: z.array(GoalResource),
  weightsTotal: z.number().openapi({ description: 'Sum of the live (not cancelled) goal weights.' }),
  weightsValid: z.boolean().openapi({ description: 'True when the live weights total exactly 100.' }),
  goalMixWarning: Advice.nullable().openapi({
    description: 'KPI share outside the policy guideline (advice).',
  }),
  version: z
    .number()
    .int()
    .min(0)
    .openapi({ description: 'The plan record version; 0 before anyone agreed.' }),
  etag: z.string().openapi({
    description:
      'The ETag of the plan as read (also the ETag header): send it as If-Match to agree. It covers the plan record and each goal (id and version), so it moves when a goal is added, edited, cancelled or deleted.',
    example: '"p2-0a1b2c3d4e5f6a7b"',
  }),
}).openapi('Plan');
type PlanViewBody = z.infer<typeof PlanView>;
// Built from the shape, not `PlanView.extend`: that renders as allOf [Plan, {warnings}], and Plan's
// additionalProperties: false would then refuse `warnings` in every answer the document describes.
const AgreeResult = z
  .strictObject({
    ...PlanView.shape,
    warnings: z
      .array(Advice)
      .openapi({ description: 'Goal mix off guideline; the other side must agree again.' }),
  })
  .openapi('PlanAgreement');
const PlanSummary = z
  .object({
    personId: z.string(),
    status: PlanStatusSchema,
    employeeAgreedAt: z.string().nullable(),
    managerAgreedAt: z.string().nullable(),
    goals: z.number().int(),
    weightsTotal: z.number(),
    weightsValid: z.boolean(),
  })
  .openapi('PlanSummary');
const PlanSummaryPage = pageSchema(PlanSummary, 'PlanSummaryPage');
/** The ETag of the plan as read: its record version and its goals (the agreement's If-Match). */
const PlanEtagHeaders = z.object({
  ETag: z.string().openapi({
    description:
      'Fingerprint of the plan record and its goals (`"p<plan version>-<hash of the goal id:version pairs>"`); send it as If-Match to agree.',
    example: '"p2-0a1b2c3d4e5f6a7b"',
  }),
});
/** Agreeing requires the ETag of the plan the caller read. */
const AgreeHeaders = IdempotencyHeaders.extend({
  'if-match': z.string().optional().openapi({
    description:
      'Required (428 without it): the ETag of the plan you read (GET …/plans/{personId}). 412 `stale_version` when the plan or any of its goals changed since; nothing is agreed then.',
    example: '"p0-0a1b2c3d4e5f6a7b"',
  }),
});

const CycleParams = z.strictObject({
  cycleId: IdSchema.min(1).openapi({
    param: { name: 'cycleId', in: 'path' },
    example: 'cyc_0abc123def456ghi',
  }),
});
const PlanParams = CycleParams.extend({
  personId: IdSchema.min(1).openapi({
    param: { name: 'personId', in: 'path' },
    example: 'per_0abc123def456ghi',
  }),
});
const AgreeBody = z
  .strictObject({
    side: PlanSideSchema.optional().openapi({
      description: "'employee' (the person) or 'manager' (their manager chain or HR); default: yours.",
    }),
  })
  .openapi('PlanAgree');
const PlansQuery = PageQuery.extend({
  status: PlanStatusSchema.optional().openapi({ param: { name: 'status', in: 'query' } }),
});

function weights(goals: readonly Goal[]): { total: number; valid: boolean } {
  const checked = validatePlanWeights(goals);
  if (checked.ok) return { total: checked.value.total, valid: true };
  const live = goals.filter((g) => g.status !== 'cancelled');
  return { total: live.reduce((a, g) => a + Math.round(g.weight * 100), 0) / 100, valid: false };
}

function planView(
  plan: Plan,
  record: ResourceRecord | null,
  goals: readonly { record: ResourceRecord; goal: Goal }[],
  policy: Policy,
): PlanViewBody {
  const list = goals.map((g) => g.goal);
  const w = weights(list);
  return {
    ...plan,
    goals: goals.map((g) => goalBody(g.record, g.goal)),
    weightsTotal: w.total,
    weightsValid: w.valid,
    goalMixWarning: list.length === 0 ? null : goalMixWarning(list, policy),
    version: record?.version ?? 0,
    etag: planETag(record, goals),
  };
}

/** Which side the caller agrees for: employee = the person; manager = their manager chain or HR. */
function agreeingSide(access: Access, personId: string, side: 'employee' | 'manager' | undefined) {
  const me = access.requireUser();
  const chosen = side ?? (access.isSelf(personId) ? 'employee' : 'manager');
  if (chosen === 'employee') {
    if (!access.isSelf(personId))
      throw new Forbidden('Only the person may agree to their plan as the employee.');
    return chosen;
  }
  recuse(access, 'agree_plan_as_manager', personId, { path: 'side', location: 'body' });
  const inChain = access.org.isManagerOf(me.id, personId, { indirect: true });
  if (!(inChain || access.isHr)) {
    throw new Forbidden("Only the person's manager chain (or HR) may agree to this plan as the manager.");
  }
  return chosen;
}

export function plansRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/{cycleId}/plans',
    tags,
    summary: "Plan status of the cycle's participants you may see",
    request: { params: CycleParams, query: PlansQuery },
    responses: {
      200: jsonResponse(PlanSummaryPage, 'A page of plans, by person id'),
      ...problems(400, 403, 404),
    },
  });
  const get = createRoute({
    method: 'get',
    path: '/{cycleId}/plans/{personId}',
    tags,
    summary: "A person's plan",
    description: 'Goals, weights total, goal-mix advice and the agreement status.',
    request: { params: PlanParams },
    responses: {
      200: { ...jsonResponse(PlanView, 'The plan'), headers: PlanEtagHeaders },
      ...problems(400, 403, 404),
    },
  });
  const agree = createRoute({
    method: 'post',
    path: '/{cycleId}/plans/{personId}/agree',
    tags,
    summary: 'Agree to a plan as the employee or the manager (plan phase)',
    description:
      'An agreement is to the plan exactly as the caller read it: send its ETag as If-Match (428 without it; 412 `stale_version`, nothing agreed, when the plan or any of its goals changed since — read it again). Refused with 422 `weights_not_100` (details.total names the actual sum), `no_goals` or `kpi_anchors_invalid`. The plan is `agreed` once both sides agreed to the same goals; any later change to agreed fields clears both agreements. Nobody agrees their own plan as the manager, HR included (403 `own_plan`). ' +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      params: PlanParams,
      headers: AgreeHeaders,
      body: { required: false, content: { 'application/json': { schema: AgreeBody } } },
    },
    responses: {
      200: {
        description: 'Agreed',
        headers: PlanEtagHeaders,
        content: { 'application/json': { schema: AgreeResult } },
      },
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { cycleId } = c.req.valid('param');
      const query = c.req.valid('query');
      const { cycle } = await loadCycle(kit.store, access.orgId, cycleId);
      const ids = cycle.participants.filter((id) => access.canSee(id)).sort();
      const cursor = query.cursor;
      let i = cursor === undefined ? 0 : ids.findIndex((id) => id > cursor);
      if (i < 0) i = ids.length;
      const items: z.infer<typeof PlanSummary>[] = [];
      while (i < ids.length && items.length < query.limit) {
        const batch = ids.slice(i, i + query.limit - items.length);
        i += batch.length;
        const plans = await kit.store
          .resources('plans')
          .list(access.orgId, { ids: batch.map((id) => planId(cycleId, id)), limit: batch.length });
        const byPerson = new Map(plans.records.map((r) => [r.subjectId, PlanSchema.parse(r.data)] as const));
        for (const personId of batch) {
          const plan = byPerson.get(personId) ?? draftPlan(personId, cycleId);
          if (query.status !== undefined && plan.status !== query.status) continue;
          const goals = (await planGoals(kit.store, access.orgId, cycleId, personId)).map((g) => g.goal);
          const w = weights(goals);
          items.push({
            personId,
            status: plan.status,
            employeeAgreedAt: plan.employeeAgreedAt,
            managerAgreedAt: plan.managerAgreedAt,
            goals: goals.filter((g) => g.status !== 'cancelled').length,
            weightsTotal: w.total,
            weightsValid: w.valid,
          });
        }
      }
      const nextCursor = i < ids.length ? pageCursor(ids[i - 1]) : null;
      return c.json({ items, nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { cycleId, personId } = c.req.valid('param');
      const { cycle } = await loadCycle(kit.store, access.orgId, cycleId);
      access.seePerson(personId);
      const loaded = await loadPlan(kit.store, access.orgId, cycleId, personId);
      const goals = await planGoals(kit.store, access.orgId, cycleId, personId);
      const plan = loaded?.plan ?? draftPlan(personId, cycleId);
      const body = planView(plan, loaded?.record ?? null, goals, cycle.policy);
      return c.json(body, 200, { ETag: body.etag });
    })
    .openapi(agree, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { cycleId, personId } = c.req.valid('param');
      const loaded = await loadCycle(kit.store, access.orgId, cycleId);
      access.seePerson(personId);
      const body: { side?: 'employee' | 'manager' | undefined } = c.req.valid('json') ?? {};
      const side = agreeingSide(access, personId, body.side);
      refuseWithdrawn(access, loaded.cycle, personId);
      requirePhase(loaded.cycle, ['plan'], 'plans can be agreed');
      const read = requireIfMatchTags(c, 'plan');
      const result = await kit.writeReply(c, async (w) => {
        const { cycle } = await loadCycle(w.tx, w.orgId, cycleId);
        refuseWithdrawn(access, cycle, personId);
        requirePhase(cycle, ['plan'], 'plans can be agreed');
        // Held until commit, before the plan and its goals are read: a goal write (which takes it shared)
        // either committed before — and is read here, failing the If-Match — or waits and then sees the agreement.
        await lockPlan(w.tx, cycleId, personId, 'exclusive');
        const existing = await loadPlan(w.tx, w.orgId, cycleId, personId);
        const goals = await planGoals(w.tx, w.orgId, cycleId, personId);
        const current = planETag(existing?.record ?? null, goals);
        if (!read.includes(current)) {
          throw staleTag(
            current,
            `The plan changed since you read it (a goal was added, edited or removed, or someone agreed): nothing was agreed. Read the plan again and agree with If-Match: ${current}.`,
          );
        }
        const outcome = agreePlan(
          existing?.plan ?? draftPlan(personId, cycleId),
          goals.map((g) => g.goal),
          { by: side, at: nowIso() },
          cycle.policy,
        );
        if (!outcome.ok)
          throw domainProblem([outcome.error], 422, (e) => (e.path ? ['goals', ...e.path] : undefined));
        const { plan, warnings } = outcome.value;
        const options = { action: 'plan.agree', summary: { personId, cycleId, side, status: plan.status } };
        const record = existing
          ? await w.update(
              'plans',
              existing.record.id,
              { expectedVersion: existing.record.version, data: plan },
              options,
            )
          : await w.create(
              'plans',
              { id: planId(cycleId, personId), cycleId, subjectId: personId, data: plan },
              options,
            );
        const view = planView(plan, record, goals, cycle.policy);
        return reply(200, { ...view, warnings }, { ETag: view.etag });
      });
      return send(c, result);
    });
  return { path: '/cycles', router };
}
