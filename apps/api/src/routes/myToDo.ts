// GET /v1/me/to-do: what the caller must do now in the loop (core toDoItems over their open cycles), most urgent first.
import { createRoute, z } from '@hono/zod-openapi';
import { IdSchema, PhaseSchema, TO_DO_KINDS, type ToDoItem, toDoItems } from '@perfloop/core';
import type { RouteModule } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { nowIso } from '../kit/clock.ts';
import { jsonResponse, type Kit, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { listAllWhere, loadCycle, parseCycle, type StoredCycle } from './cycles/cycleRecord.ts';
import { loadToDoFacts, toDoViewer } from './toDo/loadToDo.ts';

const ToDoQuery = z.strictObject({
  cycleId: IdSchema.optional().openapi({
    param: { name: 'cycleId', in: 'query' },
    description:
      'Only this cycle (404 when it is not one of the organisation’s). Default: every cycle not closed.',
  }),
});

export const ToDoItemSchema = z
  .object({
    kind: z.enum(TO_DO_KINDS),
    cycleId: z.string(),
    cycleName: z.string(),
    phase: PhaseSchema,
    subjectId: z.string().nullable().openapi({
      description:
        'The person it is about (you, for your own plan, review and result); null for a cycle-wide task.',
    }),
    subjectName: z
      .string()
      .optional()
      .openapi({ description: 'The subject’s name, when there is a subject.' }),
    targetId: z.string().nullable().openapi({
      description: 'The record to act on: feedback meeting, feedback request or calibration session.',
    }),
    dueOn: z.string().nullable().openapi({
      description:
        'UTC day it is due: its own rule (check-in cadence, a scheduled meeting, the appeal window), else the cycle schedule’s date for its stage; null when no date applies.',
    }),
    overdueByDays: z.number().int().nullable().openapi({
      description:
        'Whole days overdue (≥ 1), else null: past the due day (a check-in: past cadence + grace days).',
    }),
    count: z
      .number()
      .int()
      .optional()
      .openapi({ description: 'apply_results, review_next_cycle_drafts: how many.' }),
    reason: z
      .enum(['not_recorded', 'scheduled', 'mere_formality', 'no_goals', 'weights_not_100'])
      .optional()
      .openapi({
        description:
          'hold_feedback_meeting: none recorded, one scheduled ahead, or one held as a mere formality. complete_plan: the report’s plan has no live goals, or their weights do not total 100.',
      }),
    weightsTotal: z.number().optional().openapi({
      description: 'complete_plan: the live goals’ weights as they total now (0 with no goals).',
    }),
  })
  .openapi('ToDoItem');

const ToDoList = z
  .object({
    asOf: z.string().openapi({ description: 'The UTC day the list was derived for.' }),
    total: z.number().int(),
    overdue: z.number().int(),
    items: z.array(ToDoItemSchema),
  })
  .openapi('ToDoList');

/** The cycles a to-do is derived from: the one asked for (even closed: then nothing is due), else every open cycle. */
async function cyclesFor(kit: Kit, access: Access, cycleId: string | undefined): Promise<StoredCycle[]> {
  if (cycleId !== undefined) return [(await loadCycle(kit.store, access.orgId, cycleId)).cycle];
  const records = await listAllWhere(kit.store, 'cycles', access.orgId);
  return records.map(parseCycle).filter((c) => c.phase !== 'closed');
}

function itemBody(access: Access, names: ReadonlyMap<string, string>, item: ToDoItem) {
  const subjectName = item.subjectId === null ? undefined : access.org.person(item.subjectId)?.name;
  return {
    ...item,
    cycleName: names.get(item.cycleId) ?? item.cycleId,
    ...(subjectName !== undefined ? { subjectName } : {}),
  };
}

export function myToDoRoutes(kit: Kit): RouteModule {
  const route = createRoute({
    method: 'get',
    path: '/to-do',
    tags: ['me'],
    summary: 'Your to-do in the loop',
    description:
      'What waits for you, most urgent first (overdue first, then by due date, undated last): your reports’ plans to complete (no goals yet, or weights not totalling 100), plans to agree, check-ins due or overdue by the policy cadence, reviews, feedback requests, calibration sessions, feedback meetings, your result to acknowledge, appeals to resolve, results to apply and next-cycle drafts to review. Only about you, your direct reports and (HR) cycle-wide tasks. People only: API keys get 403.',
    request: { query: ToDoQuery },
    responses: { 200: jsonResponse(ToDoList, 'Your pending actions'), ...problems(400, 403, 404) },
  });
  const router = createRouter().openapi(route, async (c) => {
    const access = await kit.access(c);
    const me = access.requireUser();
    const now = nowIso();
    const viewer = toDoViewer(access, me.id);
    const cycles = await cyclesFor(kit, access, c.req.valid('query').cycleId);
    // Sequential: one statement at a time on a store connection; each cycle costs a handful of indexed lists.
    const facts = [];
    for (const cycle of cycles) facts.push(await loadToDoFacts(kit.store, access, viewer, cycle));
    const items = toDoItems(facts, viewer, now);
    const names = new Map(cycles.map((cy) => [cy.id, cy.name]));
    return c.json(
      {
        asOf: now.slice(0, 10),
        total: items.length,
        overdue: items.filter((i) => i.overdueByDays !== null).length,
        items: items.map((i) => itemBody(access, names, i)),
      },
      200,
    );
  });
  return { path: '/me', router };
}
