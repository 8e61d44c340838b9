// /v1/cycles/{id}/alignment and /reports/{coaching,alignment}: the cascade with rolled-up progress, coaching timeliness, coverage.
import { createRoute, z } from '@hono/zod-openapi';
import {
  coachingAsOf,
  coachingEndedOn,
  coachingTimeliness,
  type Goal,
  GoalLevelSchema,
  GoalSchema,
  GoalStatusSchema,
  IsoDateSchema,
} from '@perfloop/core';
import type { RouteModule } from '../app.ts';
import type { Access } from '../authz/index.ts';
import type { Kit } from '../kit/index.ts';
import { domainProblem, IdParams, jsonResponse, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { alignmentView } from './cycles/alignmentView.ts';
import { listAllWhere, loadCycle, todayUtc } from './cycles/cycleRecord.ts';
import { timelinessCheckIns } from './toDo/loadToDo.ts';

const tags = ['reports'];

const CoverageStats = {
  goals: z.number().int(),
  alignedGoals: z.number().int(),
  weight: z.number(),
  alignedWeight: z.number(),
  countPct: z.number().nullable(),
  weightPct: z.number().nullable(),
};
const Coverage = z
  .object({
    overall: z.object(CoverageStats),
    departments: z.array(z.object({ departmentId: z.string().nullable(), ...CoverageStats })),
    people: z.array(z.object({ personId: z.string().nullable(), ...CoverageStats })),
    unaligned: z.array(
      z.object({
        goalId: z.string(),
        ownerId: z.string().nullable(),
        departmentId: z.string().nullable(),
        weight: z.number(),
        reason: z.enum(['not_aligned', 'parent_missing', 'parent_cancelled', 'parent_not_higher']),
      }),
    ),
  })
  .openapi('AlignmentCoverage');
const AlignmentNode = z
  .object({
    id: z.string(),
    title: z.string(),
    level: GoalLevelSchema,
    kind: z.enum(['kpi', 'competency']),
    ownerId: z.string().nullable(),
    departmentId: z.string().nullable(),
    weight: z.number(),
    status: GoalStatusSchema,
    alignedTo: z.string().nullable(),
    depth: z.number().int(),
    progress: z.number().nullable(),
    rolledUpProgress: z.number(),
    children: z.array(z.string()),
  })
  .openapi('AlignmentNode');
const AlignmentTree = z
  .object({
    cycleId: z.string(),
    roots: z.array(z.string()),
    goals: z
      .array(AlignmentNode)
      .openapi({ description: 'Parents before children (roots by id, then by level).' }),
    coverage: Coverage,
  })
  .openapi('AlignmentTree');
const AlignmentReport = z
  .object({
    cycleId: z.string(),
    overall: Coverage.shape.overall,
    departments: Coverage.shape.departments,
    unaligned: Coverage.shape.unaligned,
  })
  .openapi('AlignmentReport');

const RecordedLate = z.number().int().openapi({
  description:
    'Check-ins recorded late: more than the policy’s `recordingGraceDays` after their `at` (they count at their recording time, `createdAt`, not at their date).',
});
const RecordedLateByDays = z.number().int().openapi({
  description:
    'The longest delay among those, in whole days from the check-in’s `at` to its recording; 0 when none was recorded late.',
});
const PersonTimeliness = z.object({
  personId: z.string(),
  managerId: z.string().nullable(),
  checkIns: z.number().int().openapi({
    description: 'Coaching check-ins about the person (by someone else) that count in the observed range.',
  }),
  lastCheckInAt: z.string().nullable().openapi({
    description: 'When the last of them counts: its `at`, or its recording time when it was recorded late.',
  }),
  recordedLate: RecordedLate,
  recordedLateByDays: RecordedLateByDays,
  daysSinceLast: z.number().int(),
  windowsElapsed: z.number().int(),
  windowsCovered: z.number().int(),
  onTimePercent: z.number(),
  overdue: z.boolean(),
  overdueByDays: z.number().int(),
});
const CoachingReport = z
  .object({
    cycleId: z.string(),
    periodStart: z.string(),
    asOf: z.string().openapi({
      description:
        'First day not observed. Once the cycle has left coach it is at most the day after coachingEndedOn: the figures are frozen as of the end of coaching.',
    }),
    coachingEndedOn: z.string().nullable().openapi({
      description:
        'The last day of coaching (the day the cycle left coach, at most its last day); null while the cycle is in plan or coach.',
    }),
    cadenceDays: z.number().int(),
    graceDays: z.number().int(),
    recordingGraceDays: z.number().int().openapi({
      description:
        'The policy’s coaching.recordingGraceDays: a check-in recorded more whole days than this after its `at` counts at its recording time and is flagged as recorded late.',
    }),
    daysElapsed: z.number().int(),
    completeWindows: z.number().int(),
    people: z.array(PersonTimeliness),
    managers: z.array(
      z.object({
        managerId: z.string(),
        managerName: z.string().nullable().openapi({
          description:
            'The manager’s name, also when you may not look the manager up (e.g. your own manager, or a member’s manager outside your department): the report names who coaches the people you see. Null when the directory no longer knows them.',
        }),
        reports: z.number().int(),
        onTimePercent: z.number(),
        overdue: z.array(z.string()),
        recordedLate: RecordedLate.openapi({
          description:
            'Check-ins about the manager’s reports (whoever wrote them) recorded late: more than `recordingGraceDays` after their `at`.',
        }),
        recordedLateByDays: RecordedLateByDays,
      }),
    ),
    totals: z.object({
      people: z.number().int(),
      checkIns: z.number().int(),
      windowsElapsed: z.number().int(),
      windowsCovered: z.number().int(),
      onTimePercent: z.number(),
      overdue: z.number().int(),
      recordedLate: z.number().int(),
    }),
    overdue: z.array(
      z.object({ personId: z.string(), managerId: z.string().nullable(), overdueByDays: z.number().int() }),
    ),
  })
  .openapi('CoachingReport');
const CoachingQuery = z.strictObject({
  asOf: IsoDateSchema.optional().openapi({
    param: { name: 'asOf', in: 'query' },
    description:
      'First day not yet observed; default tomorrow, i.e. through today. Kept within the cycle and, once the cycle has left coach, within coaching (at most the day after it ended).',
  }),
});

async function cycleGoals(kit: Kit, orgId: string, cycleId: string): Promise<Goal[]> {
  const records = await listAllWhere(kit.store, 'goals', orgId, { cycleId });
  return records.map((r) => GoalSchema.parse(r.data));
}

/** Organisation and department goals are everyone's; person goals follow who may see their owner. */
const goalVisible = (access: Access) => (g: Goal) => g.ownerId === null || access.canSee(g.ownerId);

export function cycleReportsRoutes(kit: Kit): RouteModule {
  const alignment = createRoute({
    method: 'get',
    path: '/{id}/alignment',
    tags: ['goals'],
    summary: "The cycle's goal cascade with rolled-up progress and alignment coverage",
    description:
      'Organisation → department → person goals; progress rolls up over every goal of the cycle, but person goals are listed (and counted in coverage) only for the people you may see.',
    request: { params: IdParams },
    responses: { 200: jsonResponse(AlignmentTree, 'The alignment tree'), ...problems(400, 403, 404) },
  });
  const coaching = createRoute({
    method: 'get',
    path: '/{id}/reports/coaching',
    tags,
    summary: 'Coaching timeliness per person and manager',
    description:
      "Against the policy's cadence: on-time %, days since the last check-in, overdue list. Over the cycle's participants you may see (HR: all); each of their managers named (`managerName`). A check-in counts at its `at` when recorded (its `createdAt`) within the policy's `recordingGraceDays` of it; one recorded later counts at its recording time — late coaching dated back fills no missed window — and is counted in `recordedLate` per person, manager and in the totals. Progress notes by the person themselves (also imported from Notion) are not coaching. Once the cycle has left coach no check-in can be recorded, so the report is as of the end of coaching (`coachingEndedOn`) and no longer changes.",
    request: { params: IdParams, query: CoachingQuery },
    responses: { 200: jsonResponse(CoachingReport, 'Coaching timeliness'), ...problems(400, 403, 404) },
  });
  const coverage = createRoute({
    method: 'get',
    path: '/{id}/reports/alignment',
    tags,
    summary: 'Alignment coverage, overall and per department',
    description: 'Over the person goals you may see (HR: all).',
    request: { params: IdParams },
    responses: { 200: jsonResponse(AlignmentReport, 'Alignment coverage'), ...problems(400, 403, 404) },
  });

  const router = createRouter()
    .openapi(alignment, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { cycle } = await loadCycle(kit.store, access.orgId, c.req.valid('param').id);
      const view = alignmentView(await cycleGoals(kit, access.orgId, cycle.id), goalVisible(access));
      return c.json({ cycleId: cycle.id, ...view }, 200);
    })
    .openapi(coverage, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { cycle } = await loadCycle(kit.store, access.orgId, c.req.valid('param').id);
      const { coverage: cov } = alignmentView(
        await cycleGoals(kit, access.orgId, cycle.id),
        goalVisible(access),
      );
      return c.json(
        { cycleId: cycle.id, overall: cov.overall, departments: cov.departments, unaligned: cov.unaligned },
        200,
      );
    })
    .openapi(coaching, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { cycle } = await loadCycle(kit.store, access.orgId, c.req.valid('param').id);
      // By default today is observed too (asOf is the first day NOT observed): a check-in recorded today counts at
      // once instead of leaving the person overdue until tomorrow. Once the cycle has left coach, the report is
      // frozen as of the last day of coaching: no check-in can be recorded any more.
      const asOf = coachingAsOf(cycle, todayUtc(), c.req.valid('query').asOf);
      const people = cycle.participants
        .filter((id) => access.canSee(id))
        .map((id) => ({ id, managerId: access.org.person(id)?.managerId ?? null }));
      const visible = new Set(people.map((p) => p.id));
      // With their recording time (the record's createdAt): one recorded late counts from then, flagged.
      const checkIns = timelinessCheckIns(
        (await listAllWhere(kit.store, 'check_ins', access.orgId, { cycleId: cycle.id })).filter(
          (r) => r.subjectId !== null && visible.has(r.subjectId),
        ),
      );
      const result = coachingTimeliness(
        { people, checkIns, periodStart: cycle.startsOn, asOf },
        cycle.policy,
      );
      if (!result.ok) throw domainProblem([result.error], 422);
      // Each manager is the manager of someone the caller sees: named, so a head reads who coaches her department.
      const managers = result.value.managers.map((m) => ({
        ...m,
        managerName: access.org.person(m.managerId)?.name ?? null,
      }));
      return c.json(
        {
          cycleId: cycle.id,
          periodStart: cycle.startsOn,
          asOf,
          coachingEndedOn: coachingEndedOn(cycle),
          ...result.value,
          managers,
        },
        200,
      );
    });
  return { path: '/cycles', router };
}
