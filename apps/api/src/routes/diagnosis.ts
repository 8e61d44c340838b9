// /v1/cycles/{id}/reports/diagnosis: KPI shortfalls by the four factors per department, with the recommended response (heads, HR).
import { createRoute, z } from '@hono/zod-openapi';
import {
  diagnoseCycle,
  FACTORS,
  FactorSchema,
  GoalSchema,
  IdSchema,
  kpiAchievement,
  type ShortfallItem,
} from '@perfloop/core';
import type { RouteModule } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { Forbidden } from '../errors.ts';
import { IdParams, jsonResponse, type Kit, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { listWhere, pathCycle } from './loop/cycle.ts';
import { loadAttributions } from './results/load.ts';

const tags = ['reports'];

const FactorRow = z.object({
  factor: FactorSchema,
  weightedGap: z.number(),
  share: z.number(),
  nature: z.string(),
  response: z.string(),
});
const Summary = {
  shortfalls: z.number().int(),
  weightedGap: z.number().openapi({ description: 'Σ (1 − achievement) × weight / 100 over the shortfalls.' }),
  factors: z.array(FactorRow),
  unattributed: z.object({ weightedGap: z.number(), share: z.number(), shortfalls: z.number().int() }),
  dominant: FactorSchema.nullable(),
  recommendations: z
    .array(z.object({ factor: FactorSchema, response: z.string(), weightedGap: z.number() }))
    .openapi({ description: 'What to do, largest gap first: the typical response per factor.' }),
};
const DiagnosisReport = z
  .object({
    cycleId: IdSchema,
    departmentIds: z.array(IdSchema).openapi({ description: 'The departments the report covers.' }),
    overall: z.object(Summary),
    departments: z.array(
      z.object({ departmentId: IdSchema.nullable(), departmentName: z.string().nullable(), ...Summary }),
    ),
    factors: z.array(
      z.object({ factor: FactorSchema, label: z.string(), nature: z.string(), response: z.string() }),
    ),
  })
  .openapi('DiagnosisReport');
const DiagnosisQuery = z.strictObject({
  departmentId: IdSchema.optional().openapi({
    param: { name: 'departmentId', in: 'query' },
    description: 'Only this department (with its sub-departments).',
  }),
});

/** A department and every department below it. */
function subtree(access: Access, departmentId: string): Set<string> {
  const out = new Set<string>();
  const queue = [departmentId];
  for (let i = 0; i < queue.length; i++) {
    const id = queue[i] as string;
    if (out.has(id)) continue;
    out.add(id);
    queue.push(...access.org.childDepartments(id));
  }
  return out;
}

/** The departments the caller's report covers: HR all (or one subtree), heads the ones they head. */
function scope(access: Access, departmentId: string | undefined): Set<string> {
  access.requireUser();
  const headed = access.headedDepartments();
  if (!access.isHr && headed.size === 0) {
    throw new Forbidden('The diagnosis report is for HR and department heads.');
  }
  if (departmentId !== undefined) {
    access.department(departmentId);
    if (!access.isHr && !headed.has(departmentId)) {
      throw new Forbidden('You may only see the diagnosis of departments you head.');
    }
    return subtree(access, departmentId);
  }
  return access.isHr ? new Set(access.snapshot.departments.keys()) : new Set(headed);
}

export function diagnosisRoutes(kit: Kit): RouteModule {
  const report = createRoute({
    method: 'get',
    path: '/{id}/reports/diagnosis',
    tags,
    summary: 'Gap diagnosis: which of the four factors dominates, per department (heads: theirs; HR: all)',
    description:
      'Person KPI goals of the cycle that fell short (achievement < 1 under the policy’s flexible targets), attributed to skills, external environment, internal conditions and motivation through the gap attributions (the employee’s and managers’ views averaged; unattributed shares are never guessed), with the typical response per factor.',
    request: { params: IdParams, query: DiagnosisQuery },
    responses: { 200: jsonResponse(DiagnosisReport, 'The report'), ...problems(400, 403, 404) },
  });
  const router = createRouter().openapi(report, async (c) => {
    const access = await kit.access(c);
    access.requireUser();
    const { id } = c.req.valid('param');
    const ctx = await pathCycle(kit.store, access.orgId, id);
    const departments = scope(access, c.req.valid('query').departmentId);
    const items: ShortfallItem[] = [];
    for (const record of await listWhere(kit.store, 'goals', access.orgId, { cycleId: id })) {
      const parsed = GoalSchema.safeParse(record.data);
      if (!parsed.success) continue;
      const g = parsed.data;
      if (g.kind !== 'kpi' || g.level !== 'person' || g.ownerId === null) continue;
      if (g.status === 'cancelled' || g.actual === null) continue;
      const owner = access.org.person(g.ownerId);
      if (!owner || !departments.has(owner.departmentId)) continue;
      items.push({
        subjectId: g.ownerId,
        departmentId: owner.departmentId,
        goalId: g.id,
        weight: g.weight,
        achievement: kpiAchievement(g, g.actual, ctx.policy.flexibleTargets).achievement,
      });
    }
    const result = diagnoseCycle(items, await loadAttributions(kit.store, access.orgId, id));
    return c.json(
      {
        cycleId: id,
        departmentIds: [...departments].sort(),
        overall: result.overall,
        departments: result.departments.map((d) => ({
          ...d,
          departmentName:
            d.departmentId === null
              ? null
              : (access.snapshot.departments.get(d.departmentId)?.entity.name ?? null),
        })),
        factors: FactorSchema.options.map((factor) => ({ factor, ...FACTORS[factor] })),
      },
      200,
    );
  });
  return { path: '/cycles', router };
}
