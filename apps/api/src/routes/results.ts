// /v1/cycles/{id}/results: preview and apply (HR) bonus, merit, promotion, improvement plans and development; scoped reads; /v1/me/results.
import { createRoute, z } from '@hono/zod-openapi';
import {
  BonusModeSchema,
  type DevelopmentItem,
  DevelopmentItemSchema,
  IdSchema,
  type ImprovementPlan,
  ImprovementPlanSchema,
  IsoDateSchema,
  type Phase,
  ReadinessSchema,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import { type Access, type ResourceSource, recuse } from '../authz/index.ts';
import {
  domainProblem,
  etag,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  listVisible,
  type PageParams,
  PageQuery,
  pageSchema,
  problems,
  reply,
  requireIfMatch,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { scoreForReader } from './appraise/anonymity.ts';
import type { CycleScoring } from './appraise/cycleScores.ts';
import { ExplainParam, ExplainQuery, explainedScore, wantsExplain } from './appraise/explain.ts';
import type { PersonScoreBody } from './appraise/scoreSchemas.ts';
import { cycleThresholds } from './appraise/withholding.ts';
import { createBatch } from './cycles/batch.ts';
import { refuseWithdrawnItems } from './cycles/withdrawnGuard.ts';
import {
  type CycleContext,
  listWhere,
  nowIso,
  pathCycle,
  phasesBetween,
  requirePhase,
} from './loop/cycle.ts';
import { cents } from './loop/schemas.ts';
import { organisationCurrency } from './organisation/currency.ts';
import { resultsLock } from './results/appealReapply.ts';
import { storeResults } from './results/applyResults.ts';
import { computeResults, type ResultsComputation, type ResultsOptions } from './results/compute.ts';
import { loadResultsInput } from './results/load.ts';
import {
  ResultResource,
  type ResultsComputationBody,
  ResultsComputationSchema,
  resultBody,
} from './results/resultRecord.ts';

const tags = ['results'];
/** Ratings are final once calibration is under way; preview from then on, apply only in `apply`. */
const PREVIEW_PHASES: readonly Phase[] = phasesBetween('calibrate', 'improve');
const APPLY_PHASES: readonly Phase[] = ['apply'];

/** `{id}`: the cycle. */
const CycleParams = IdParams;
const ResultsRequest = z
  .strictObject({
    poolCents: cents('The bonus pool to split, in cents of the organisation’s currency.'),
    meritBudgetCents: cents('The merit increase budget, in cents of the organisation’s currency.'),
    mode: BonusModeSchema.default('fit').openapi({
      description:
        '`fit`: only scale bonuses down to fit the pool; `fill`: scale up or down to use the whole pool.',
    }),
    startsOn: IsoDateSchema.optional().openapi({
      description: 'First day of improvement plans (default: today, UTC).',
    }),
    promotionInputs: z
      .array(
        z.strictObject({
          personId: IdSchema,
          monthsInRole: z.number().int().min(0).max(1200),
          readiness: ReadinessSchema.optional(),
        }),
      )
      .max(100_000)
      .default([])
      .openapi({
        description:
          'Months in role and the manager’s readiness per person; without them the months-in-role criterion is not checked. Never your own readiness (403 `own_results`): that is your manager’s view of you.',
      }),
  })
  .openapi('ResultsRequest');
const ResultPage = pageSchema(ResultResource, 'PersonResultPage');
const ResultQuery = PageQuery.extend({
  personId: IdSchema.optional().openapi({ param: { name: 'personId', in: 'query' } }),
  explain: ExplainParam,
});
const MeQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
  explain: ExplainParam,
});

type ResultsRequestBody = z.infer<typeof ResultsRequest>;

function optionsOf(body: ResultsRequestBody): ResultsOptions {
  return {
    poolCents: body.poolCents,
    meritBudgetCents: body.meritBudgetCents,
    mode: body.mode,
    startsOn: body.startsOn ?? nowIso().slice(0, 10),
    promotionInputs: body.promotionInputs,
  };
}

/**
 * 403 `own_results` when the caller states their own promotion readiness: that is their manager's view
 * of them. Their months in role, a fact that only restricts, may be given.
 */
function recuseOwnReadiness(access: Access, body: ResultsRequestBody): void {
  body.promotionInputs.forEach((p, i) => {
    if (p.readiness !== undefined) {
      recuse(access, 'promotion_readiness', p.personId, {
        path: `promotionInputs.${i}.readiness`,
        location: 'body',
      });
    }
  });
}

interface Computed {
  computation: ResultsComputation;
  /** A rated person's explained score, from the same scoring as the computation (null for anyone else). */
  explain: (personId: string) => PersonScoreBody | null;
}

/** Runs core over the stored facts; a core refusal (e.g. floors above the pool) is a 422. */
async function compute(
  source: ResourceSource,
  access: Access,
  ctx: CycleContext,
  body: ResultsRequestBody,
): Promise<Computed> {
  const { input, scoring } = await loadResultsInput(source, access, ctx, optionsOf(body));
  const out = computeResults(input);
  if (!out.ok) throw domainProblem(out.errors);
  return { computation: out.value, explain: explainer(scoring, ctx) };
}

function explainer(scoring: CycleScoring, ctx: CycleContext) {
  return (personId: string): PersonScoreBody | null => {
    const scored = scoring.scores.get(personId);
    return scored ? explainedScore(scored, ctx.policy) : null;
  };
}

/** The lines with their explanations as the reader may see them, when asked for (`explain` false: unchanged). */
function withExplanations<L extends { personId: string }>(
  lines: readonly L[],
  explain: boolean,
  of: (personId: string) => PersonScoreBody | null,
  reader: Access,
  minReviews: number,
): (L & { explanation?: PersonScoreBody | null })[] {
  if (!explain) return [...lines];
  return lines.map((l) => {
    const explanation = of(l.personId);
    return {
      ...l,
      explanation: explanation === null ? null : scoreForReader(reader, explanation, minReviews),
    };
  });
}

function computationBody(
  ctx: CycleContext,
  computation: ResultsComputation,
  people: ResultsComputationBody['people'],
  currency: string | null,
  appliedAt: string | null,
): ResultsComputationBody {
  return {
    cycleId: ctx.cycle.id,
    policyName: ctx.policy.name,
    ...computation,
    people,
    currency,
    appliedAt,
  };
}

/** Improvement plans and development items of the cycles of `records`, by id (for embedding). */
async function linked(source: ResourceSource, orgId: string, records: readonly ResourceRecord[]) {
  const plans = new Map<string, ImprovementPlan>();
  const items = new Map<string, DevelopmentItem>();
  const cycles = new Set(records.map((r) => r.cycleId).filter((id): id is string => id !== null));
  for (const cycleId of cycles) {
    for (const r of await listWhere(source, 'improvement_plans', orgId, { cycleId })) {
      const plan = ImprovementPlanSchema.safeParse(r.data);
      if (plan.success) plans.set(r.id, plan.data);
    }
    for (const r of await listWhere(source, 'development_items', orgId, { cycleId })) {
      const item = DevelopmentItemSchema.safeParse(r.data);
      if (item.success) items.set(r.id, item.data);
    }
  }
  return { plans, items };
}

async function page(
  kit: Kit,
  access: Access,
  filter: { cycleId?: string; subjectId?: string },
  query: PageParams,
  explain: boolean,
) {
  const found = await listVisible(kit.store, access, 'results', filter, query);
  const { plans, items } = await linked(kit.store, access.orgId, found.items);
  const currency = await organisationCurrency(kit.store, access.orgId);
  const thresholds = explain
    ? await cycleThresholds(
        kit.store,
        access.orgId,
        found.items.flatMap((r) => (r.cycleId === null ? [] : [r.cycleId])),
      )
    : null;
  return {
    items: found.items.map((r) => resultBody(r, access, plans, items, currency, thresholds)),
    nextCursor: found.nextCursor,
  };
}

export function resultsRoutes(kit: Kit): RouteModule {
  const preview = createRoute({
    method: 'post',
    path: '/{id}/results/preview',
    tags,
    summary: 'Preview the results of a cycle (HR; nothing is stored)',
    description:
      'From the final (calibrated) ratings: core bonus pool allocation, merit increases, promotion nominations, improvement plans (external-environment shortfalls are not penalised: a target review instead) and development items. People without compensation inputs or a potential assessment are listed in `warnings`. Amounts are in cents of the organisation’s currency (`currency`; null when it has none set). From the calibrate phase on (409 `wrong_phase` before).',
    middleware: [kit.idempotent] as const,
    request: {
      params: CycleParams,
      query: ExplainQuery,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: ResultsRequest } } },
    },
    responses: {
      200: jsonResponse(ResultsComputationSchema, 'What applying would store'),
      ...problems(400, 403, 404, 409, 422),
    },
  });
  const apply = createRoute({
    method: 'post',
    path: '/{id}/results/apply',
    tags,
    summary: 'Apply the results of a cycle (HR; apply phase; If-Match on the cycle)',
    description:
      'Stores, in one transaction, one `results` record per rated person plus their improvement plans and development items; applying again replaces them. Each result keeps the bonus pool and merit budget the apply used (`budget`, shown to HR). If-Match carries the cycle’s ETag (428 without, 412 when stale); the cycle’s version moves on, so a second apply based on the same read is refused. Only in the apply phase (409 `wrong_phase`). Each stored result keeps its score’s explanation as it is at apply (explain=true also returns it on every line). People withdrawn from the cycle get no result; promotion inputs about one of them: 409 `participant_withdrawn` (a field error each), nothing applied.',
    middleware: [kit.idempotent] as const,
    request: {
      params: CycleParams,
      query: ExplainQuery,
      headers: IdempotencyHeaders.merge(IfMatchHeaders),
      body: { required: true, content: { 'application/json': { schema: ResultsRequest } } },
    },
    responses: {
      200: {
        ...jsonResponse(ResultsComputationSchema, 'Applied; ETag is the cycle’s new version'),
        headers: z.object({ ETag: z.string() }),
      },
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });
  const list = createRoute({
    method: 'get',
    path: '/{id}/results',
    tags,
    summary: 'Applied results (HR: everyone; managers: their reports; employees: their own)',
    description:
      'Bonus and merit are shown only to HR and the person themselves (`compensationRedacted`); their amounts are in cents of the organisation’s currency (`currency`). With explain=true each result carries the explanation of its score kept when it was applied (`explanation`).',
    request: { params: CycleParams, query: ResultQuery },
    responses: { 200: jsonResponse(ResultPage, 'A page of results, by id'), ...problems(400, 403, 404) },
  });

  const router = createRouter()
    .openapi(preview, async (c) => {
      const access = await kit.access(c);
      const { id: cycleId } = c.req.valid('param');
      const ctx = await pathCycle(kit.store, access.orgId, cycleId);
      access.requireHr();
      recuseOwnReadiness(access, c.req.valid('json'));
      requirePhase(
        ctx.cycle,
        PREVIEW_PHASES,
        'results are previewed (ratings are final from calibration on)',
      );
      const { computation, explain } = await compute(kit.store, access, ctx, c.req.valid('json'));
      const people = withExplanations(
        computation.people.map((l) => ({ ...l, resultId: null })),
        wantsExplain(c.req.valid('query')),
        explain,
        access,
        ctx.policy.feedback.anonymousMinReviews,
      );
      const currency = await organisationCurrency(kit.store, access.orgId);
      return c.json(computationBody(ctx, computation, people, currency, null), 200);
    })
    .openapi(apply, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id: cycleId } = c.req.valid('param');
      const ctx = await pathCycle(kit.store, access.orgId, cycleId);
      access.requireHr();
      const expectedVersion = requireIfMatch(c, ctx.record.version);
      requirePhase(ctx.cycle, APPLY_PHASES, 'results are applied');
      const body = c.req.valid('json');
      recuseOwnReadiness(access, body);
      refuseWithdrawnItems(
        access,
        ctx.cycle,
        body.promotionInputs.map((p, i) => ({ personId: p.personId, path: `promotionInputs.${i}.personId` })),
      );
      const explainAnswer = wantsExplain(c.req.valid('query'));
      const result = await kit.writeReply(c, async (w) => {
        // One writer of the cycle's results at a time (a correction on appeal spends what the apply left).
        await w.tx.lock(resultsLock(cycleId), 'exclusive');
        // Re-read inside the transaction: what is applied is what is stored now.
        const fresh = await pathCycle(w.tx, w.orgId, cycleId);
        requirePhase(fresh.cycle, APPLY_PHASES, 'results are applied');
        const { computation, explain } = await compute(w.tx, access, fresh, body);
        const currency = await organisationCurrency(w.tx, w.orgId);
        const appliedAt = nowIso();
        const b = createBatch(w);
        const lines = await storeResults(b, cycleId, computation, appliedAt, me.id, explain);
        // The cycle's version moves on: the If-Match of a concurrent apply no longer matches.
        const cycle = await b.update(
          'cycles',
          cycleId,
          { expectedVersion, data: fresh.record.data },
          {
            action: 'cycle.results_apply',
            summary: {
              people: lines.length,
              currency,
              bonusPoolCents: computation.bonus?.poolCents ?? null,
              bonusAllocatedCents: computation.bonus?.allocatedCents ?? 0,
              meritBudgetCents: computation.merit.budgetCents,
              meritAllocatedCents: computation.merit.allocatedCents,
              promotions: computation.promotions.nominated,
              improvementPlans: computation.improvementPlans,
              developmentItems: computation.developmentItems,
            },
          },
        );
        await b.flush();
        const people = withExplanations(
          lines,
          explainAnswer,
          explain,
          access,
          fresh.policy.feedback.anonymousMinReviews,
        );
        return reply(200, computationBody(fresh, computation, people, currency, appliedAt), {
          ETag: etag(cycle),
        });
      });
      return send(c, result);
    })
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id: cycleId } = c.req.valid('param');
      await pathCycle(kit.store, access.orgId, cycleId);
      const { personId, explain, ...query } = c.req.valid('query');
      const filter = { cycleId, ...(personId ? { subjectId: personId } : {}) };
      return c.json(await page(kit, access, filter, query, wantsExplain({ explain })), 200);
    });
  return { path: '/cycles', router };
}

export function myResultsRoutes(kit: Kit): RouteModule {
  const mine = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Your applied results, across cycles',
    description:
      'With explain=true each result carries the explanation of its score kept when it was applied (`explanation`): the same trace whatever is edited later.',
    request: { query: MeQuery },
    responses: { 200: jsonResponse(ResultPage, 'A page of your results, by id'), ...problems(400, 403) },
  });
  const router = createRouter().openapi(mine, async (c) => {
    const access = await kit.access(c);
    const me = access.requireUser();
    const { cycleId, explain, ...query } = c.req.valid('query');
    const filter = { subjectId: me.id, ...(cycleId ? { cycleId } : {}) };
    return c.json(await page(kit, access, filter, query, wantsExplain({ explain })), 200);
  });
  return { path: '/me/results', router };
}
