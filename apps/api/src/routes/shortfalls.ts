// /v1/cycles/{id}/shortfalls: the KPI goals that fell short of target, per person — what gap attributions are about.
import { createRoute, z } from '@hono/zod-openapi';
import {
  GoalSchema,
  IdSchema,
  type KpiGoal,
  kpiAchievement,
  type ShortfallItem,
  shortfalls,
} from '@perfloop/core';
import type { RouteModule } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { IdParams, jsonResponse, type Kit, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { loadCycle } from './cycles/cycleRecord.ts';
import { inManagerChain } from './gap-attributions.ts';
import { listWhere } from './loop/cycle.ts';

const tags = ['diagnosis'];

const Shortfall = z
  .object({
    subjectId: IdSchema,
    goalId: IdSchema,
    title: z.string(),
    unit: z.string(),
    direction: z.enum(['higher_is_better', 'lower_is_better']),
    weight: z.number(),
    threshold: z.number().nullable(),
    target: z.number(),
    stretch: z.number().nullable(),
    actual: z.number(),
    achievement: z.number().openapi({ description: '1 = target met; under the policy’s flexible targets.' }),
    gap: z.number().openapi({ description: '1 − achievement (achievement floored at 0).' }),
    weightedGap: z.number().openapi({ description: 'gap × weight / 100: the share of the plan lost.' }),
    attributable: z.boolean().openapi({
      description:
        'Whether the caller may attribute it (the person or their manager chain) — in the appraise to improve phases.',
    }),
  })
  .openapi('Shortfall');
const ShortfallList = z
  .object({ cycleId: IdSchema, items: z.array(Shortfall) })
  .openapi('ShortfallList', { description: 'Largest weighted gap first, then by person and goal.' });
const ShortfallQuery = z.strictObject({
  subjectId: IdSchema.optional().openapi({
    param: { name: 'subjectId', in: 'query' },
    description: 'Only this person’s shortfalls (404 if you may not see them).',
  }),
});

/** A person KPI goal with an actual, counted in the plan: the goals the diagnosis looks at. */
function measuredKpi(data: unknown): KpiGoal | null {
  const parsed = GoalSchema.safeParse(data);
  if (!parsed.success) return null;
  const g = parsed.data;
  if (g.kind !== 'kpi' || g.level !== 'person' || g.ownerId === null) return null;
  if (g.status === 'cancelled' || g.actual === null) return null;
  return g;
}

const mayAttribute = (access: Access, subjectId: string) =>
  access.isSelf(subjectId) || inManagerChain(access, subjectId);

export function shortfallsRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/{id}/shortfalls',
    tags,
    summary: 'KPI goals that fell short of target, of the people you may see',
    description:
      'Person KPI goals of the cycle with an actual below target (achievement < 1 under the policy’s flexible targets, as the gap diagnosis counts them): what the employee and their managers attribute to the four factors with /v1/gap-attributions.',
    request: { params: IdParams, query: ShortfallQuery },
    responses: { 200: jsonResponse(ShortfallList, 'The shortfalls'), ...problems(400, 403, 404) },
  });
  const router = createRouter().openapi(list, async (c) => {
    const access = await kit.access(c);
    access.requireUser();
    const { cycle } = await loadCycle(kit.store, access.orgId, c.req.valid('param').id);
    const { subjectId } = c.req.valid('query');
    if (subjectId !== undefined) access.seePerson(subjectId);
    const goals = new Map<string, KpiGoal>();
    const items: ShortfallItem[] = [];
    const where = subjectId === undefined ? { cycleId: cycle.id } : { cycleId: cycle.id, subjectId };
    for (const record of await listWhere(kit.store, 'goals', access.orgId, where)) {
      const g = measuredKpi(record.data);
      if (g === null || g.ownerId === null || !access.canSee(g.ownerId)) continue;
      if (subjectId !== undefined && g.ownerId !== subjectId) continue;
      goals.set(g.id, g);
      items.push({
        subjectId: g.ownerId,
        departmentId: g.departmentId,
        goalId: g.id,
        weight: g.weight,
        achievement: kpiAchievement(g, g.actual as number, cycle.policy.flexibleTargets).achievement,
      });
    }
    const out = shortfalls(items)
      .map((s) => {
        const g = goals.get(s.goalId) as KpiGoal;
        return {
          subjectId: s.subjectId,
          goalId: s.goalId,
          title: g.title,
          unit: g.unit,
          direction: g.direction,
          weight: g.weight,
          threshold: g.threshold,
          target: g.target,
          stretch: g.stretch,
          actual: g.actual as number,
          achievement: s.achievement,
          gap: s.gap,
          weightedGap: s.weightedGap,
          attributable: mayAttribute(access, s.subjectId),
        };
      })
      .sort(
        (a, b) =>
          b.weightedGap - a.weightedGap ||
          a.subjectId.localeCompare(b.subjectId) ||
          a.goalId.localeCompare(b.goalId),
      );
    return c.json({ cycleId: cycle.id, items: out }, 200);
  });
  return { path: '/cycles', router };
}
