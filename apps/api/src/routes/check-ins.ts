// /v1/check-ins: coaching touchpoints (coach phase) whose goal updates set the goals' actuals in the same transaction.
import { createRoute, z } from '@hono/zod-openapi';
import {
  type CheckIn,
  CheckInKindSchema,
  CheckInSchema,
  checkInEarliestDay,
  checkInIssues,
  checkInTimeIssues,
  type Goal,
  GoalSchema,
  GoalUpdateSchema,
  IdSchema,
  IsoDateTimeSchema,
} from '@perfloop/core';
import { type ResourceRecord, StoreError } from '@perfloop/store';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { createRecordCache } from '../cache/recordCache.ts';
import {
  BadRequest,
  Conflict,
  type FieldError,
  Forbidden,
  NotFound,
  UnprocessableEntity,
} from '../errors.ts';
import { nowIso } from '../kit/clock.ts';
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
  PageQuery,
  pageSchema,
  problems,
  ResourceMeta,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { fieldErrors } from '../validation.ts';
import { createBatch } from './cycles/batch.ts';
import {
  loadCycle,
  parseCycle,
  requirePhase,
  type StoredCycle,
  todayUtc,
  unknownCycle,
} from './cycles/cycleRecord.ts';
import { scanVisible } from './cycles/scan.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';
import { goalColumns } from './goals/goalSchemas.ts';
import { syncPlan } from './plans/planRecord.ts';

const tags = ['check-ins'];
const CHECK_IN_ID_PREFIX = 'chk';
const S = CheckInSchema.shape;

/** The resource fields, `createdAt` said for what it is on a check-in: its recording time. */
const CheckInMeta = {
  ...ResourceMeta,
  createdAt: ResourceMeta.createdAt.openapi({
    description:
      'When the check-in was recorded (the server’s clock; `at` is when the coaching happened). Coaching timeliness counts a check-in recorded more than the policy’s `coaching.recordingGraceDays` after its `at` at this time, flagged as recorded late.',
  }),
};
export const CheckInResource = CheckInSchema.safeExtend(CheckInMeta).openapi('CheckIn');
type CheckInBody = z.infer<typeof CheckInResource>;
const CheckInPage = pageSchema(CheckInResource, 'CheckInPage');
const UpdatedGoal = z.object({
  goalId: z.string(),
  version: z.number().int(),
  actual: z.number().nullable(),
});
const CheckInCreated = CheckInSchema.safeExtend({
  ...CheckInMeta,
  updatedGoals: z
    .array(UpdatedGoal)
    .openapi({ description: 'Goals whose actual this check-in set, at their new versions.' }),
}).openapi('CheckInCreated');

const GoalUpdateInput = GoalUpdateSchema.extend({
  goalVersion: z.number().int().min(1).openapi({
    description:
      'The goal version (ETag) the author saw; a goal changed since → 409 `goal_changed`, nothing stored.',
  }),
});
const CheckInCreate = z
  .strictObject({
    cycleId: IdSchema,
    subjectId: IdSchema,
    kind: CheckInKindSchema,
    at: IsoDateTimeSchema.optional().openapi({
      description:
        'When it happened; default now. At most 5 minutes ahead (422 `at_in_future`), and not before the cycle opened: the first day of its period, or the day it was created when that came first, on that day in any time zone (422 `at_before_cycle`, `params.minimum` the day). A check-in recorded more than the policy’s `coaching.recordingGraceDays` after it counts for coaching timeliness at its recording time instead, flagged as recorded late.',
    }),
    notes: S.notes,
    goalUpdates: z.array(GoalUpdateInput).max(200).default([]),
    form: S.form,
  })
  .openapi('CheckInCreate');
const CheckInPatch = z
  .strictObject({ notes: S.notes.unwrap().optional(), form: S.form.unwrap().optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' })
  .openapi('CheckInPatch');
const CheckInQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
  subjectId: IdSchema.optional().openapi({ param: { name: 'subjectId', in: 'query' } }),
});

function checkInBody(record: ResourceRecord, checkIn: CheckIn): CheckInBody {
  return { ...checkIn, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

function unprocessable(code: string, errors: FieldError[]): UnprocessableEntity {
  return new UnprocessableEntity(errors[0]?.message ?? 'The check-in cannot be stored.', { code, errors });
}

/**
 * The author of a check-in about `subjectId`: a manager (manager chain, department head or HR) for
 * anyone they manage; a person for themselves (a progress note: `guidance_note` only, which never
 * counts as coaching); a `sync:notion` key writes progress notes on behalf of the subject.
 */
function authorFor(access: Access, subjectId: string, kind: CheckIn['kind']): string {
  const selfNote = () => {
    if (kind !== 'guidance_note') {
      throw unprocessable('progress_note_kind', [
        {
          path: 'kind',
          message:
            'A progress note about yourself is a guidance_note; meetings and forms come from a manager.',
          code: 'progress_note_kind',
          location: 'body',
        },
      ]);
    }
    return subjectId;
  };
  if (access.isService) {
    if (!access.serviceWritableFields('check_ins').has('goalUpdates'))
      throw new Forbidden('This API key may not write check-ins.');
    if (!access.snapshot.people.has(subjectId)) throw new NotFound('The person was not found.');
    return selfNote();
  }
  access.seePerson(subjectId);
  if (access.isSelf(subjectId)) return selfNote();
  if (!access.canManage(subjectId))
    throw new Forbidden('You may write check-ins only about people you manage.');
  return access.personId ?? access.actor;
}

export function checkInsRoutes(kit: Kit): RouteModule {
  /** Cycles as parsed, until a cycle of their organisation changes. */
  const cycles = createRecordCache(kit.store, 'cycles', parseCycle);
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List the check-ins you may see',
    request: { query: CheckInQuery },
    responses: { 200: jsonResponse(CheckInPage, 'A page of check-ins, by id'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a check-in',
    request: { params: IdParams },
    responses: { 200: resourceResponse(CheckInResource, 'The check-in'), ...problems(400, 403, 404) },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Record a check-in (coach phase)',
    description:
      "Managers (manager chain, department heads, HR) about the people they manage; anyone about themselves as a `guidance_note` progress note (not counted as coaching); a `sync:notion` key writes progress notes for a goal's owner. Each goal update with an actual sets that goal's actual, compare-and-set on `goalVersion`. " +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: CheckInCreate } } },
    },
    responses: {
      201: createdResponse(CheckInCreated, 'Recorded'),
      ...problems(400, 403, 404, 409, 422),
    },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Correct a check-in (its author, the same UTC day)',
    description:
      'Only notes and form; goal updates are final (record another check-in). After the day it was recorded: 409 `check_in_locked`. ' +
      WITHDRAWN_WORDS,
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: CheckInPatch } } },
    },
    responses: {
      200: resourceResponse(CheckInResource, 'Updated'),
      ...problems(400, 403, 404, 409, 412, 428),
    },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      const query = c.req.valid('query');
      const page = await scanVisible(
        kit.store,
        access,
        'check_ins',
        {
          ...(query.cycleId !== undefined ? { cycleId: query.cycleId } : {}),
          ...(query.subjectId !== undefined ? { subjectId: query.subjectId } : {}),
        },
        () => true,
        query,
      );
      return c.json(
        {
          items: page.items.map((r) => checkInBody(r, CheckInSchema.parse(r.data))),
          nextCursor: page.nextCursor,
        },
        200,
      );
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      const record = await getVisible(kit.store, access, 'check_ins', c.req.valid('param').id);
      return c.json(checkInBody(record, CheckInSchema.parse(record.data)), 200, { ETag: etag(record) });
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      const body = c.req.valid('json');
      const authorId = authorFor(access, body.subjectId, body.kind);
      const known = await cycles.get(access.orgId, body.cycleId);
      if (known === undefined) throw unknownCycle(body.cycleId);
      const { record: cycleRecord, entity: cycle } = known;
      /** The rules of the cycle for this check-in: coach phase, the subject takes part. */
      const requireOpenFor = (stored: StoredCycle) => {
        refuseWithdrawn(access, stored, body.subjectId);
        requirePhase(stored, ['coach'], 'check-ins can be recorded');
        if (!stored.participants.includes(body.subjectId)) {
          throw unprocessable('not_participant', [
            {
              path: 'subjectId',
              message: `${body.subjectId} does not take part in this cycle.`,
              code: 'not_participant',
              location: 'body',
            },
          ]);
        }
      };
      requireOpenFor(cycle);
      const seen = new Set<string>();
      const duplicates: FieldError[] = [];
      body.goalUpdates.forEach((u, i) => {
        if (seen.has(u.goalId)) {
          duplicates.push({
            path: `goalUpdates.${i}.goalId`,
            message: `Goal ${u.goalId} is updated twice.`,
            code: 'duplicate_goal_update',
            location: 'body',
          });
        }
        seen.add(u.goalId);
      });
      if (duplicates.length > 0) throw unprocessable('duplicate_goal_update', duplicates);
      // Every field is valid already (the body was parsed with CheckInSchema's own field schemas; id, author and
      // time are ours): only the rules across fields are left to check, not a second parse of the whole.
      const checkIn: CheckIn = {
        id: newId(CHECK_IN_ID_PREFIX),
        cycleId: body.cycleId,
        subjectId: body.subjectId,
        authorId,
        kind: body.kind,
        at: body.at ?? nowIso(),
        notes: body.notes,
        goalUpdates: body.goalUpdates.map(({ goalVersion: _v, ...u }) => u),
        form: body.form,
      };
      const timeIssues = checkInTimeIssues(checkIn.at, {
        now: nowIso(),
        earliestDay: checkInEarliestDay(cycle, cycleRecord.createdAt),
      });
      if (timeIssues[0] !== undefined) {
        throw unprocessable(
          timeIssues[0].rule,
          timeIssues.map((i) => ({
            path: i.path,
            message: i.message,
            code: i.rule,
            location: 'body',
            params: i.facts,
          })),
        );
      }
      const issues = checkInIssues(checkIn);
      if (issues.length > 0) {
        throw new BadRequest('The check-in is invalid.', {
          code: 'validation_failed',
          errors: issues.map((i) => ({
            path: i.path,
            message: i.message,
            code: i.rule,
            location: 'body',
            params: i.facts,
          })),
        });
      }
      const result = await kit.writeReply(c, async (w) => {
        // The cycle is checked again in the transaction (it may have moved on) and held until commit so no
        // transition slips in between (PostgreSQL FOR SHARE; SQLite's write lock). The same version holds the
        // same data, so the cycle checked above stands unless its version moved; only then is it read and
        // validated again (costly with its participants).
        let cycleVersion = cycleRecord.version;
        const reread = async () => {
          const current = await w.tx.resources('cycles').get(w.orgId, cycle.id);
          if (!current) throw new NotFound('The cycle was not found.');
          requireOpenFor(parseCycle(current));
          cycleVersion = current.version;
        };
        if (body.goalUpdates.length > 0) {
          // Before the goals are read: they must belong to the cycle as it is.
          const version = await w.tx.resources('cycles').version(w.orgId, cycle.id, { share: true });
          if (version === undefined) throw new NotFound('The cycle was not found.');
          if (version !== cycleVersion) await reread();
        }
        // Check every goal first (nothing is written when one is wrong or has moved on).
        const goals: {
          index: number;
          record: ResourceRecord;
          goal: Goal;
          actual: number;
          version: number;
        }[] = [];
        const problemsFound: FieldError[] = [];
        const moved: { goalId: string; goalVersion: number; currentVersion: number }[] = [];
        for (const [i, u] of body.goalUpdates.entries()) {
          const record = await w.tx.resources('goals').get(w.orgId, u.goalId);
          const goal = record ? GoalSchema.safeParse(record.data) : null;
          if (
            !record ||
            !goal?.success ||
            goal.data.cycleId !== checkIn.cycleId ||
            goal.data.ownerId !== checkIn.subjectId
          ) {
            problemsFound.push({
              path: `goalUpdates.${i}.goalId`,
              message: `Goal ${u.goalId} is not one of ${checkIn.subjectId}'s goals in this cycle.`,
              code: 'goal_not_in_plan',
              location: 'body',
            });
            continue;
          }
          if (u.actual !== null && goal.data.kind !== 'kpi') {
            problemsFound.push({
              path: `goalUpdates.${i}.actual`,
              message: `Goal ${u.goalId} is a competency goal: it has no actual (send null with a progress note).`,
              code: 'actual_not_measurable',
              location: 'body',
            });
            continue;
          }
          if (record.version !== u.goalVersion) {
            moved.push({ goalId: u.goalId, goalVersion: u.goalVersion, currentVersion: record.version });
            continue;
          }
          if (u.actual !== null)
            goals.push({ index: i, record, goal: goal.data, actual: u.actual, version: record.version });
        }
        if (problemsFound.length > 0)
          throw unprocessable(problemsFound[0]?.code ?? 'goal_not_in_plan', problemsFound);
        if (moved.length > 0) {
          throw new Conflict(
            `${moved.length === 1 ? 'A goal has' : `${moved.length} goals have`} changed since this check-in was drafted (${moved.map((m) => m.goalId).join(', ')}); read ${moved.length === 1 ? 'it' : 'them'} again and resend.`,
            { code: 'goal_changed', details: { goals: moved } },
          );
        }
        const b = createBatch(w);
        const updatedGoals: z.infer<typeof UpdatedGoal>[] = [];
        // Goals in id order, so concurrent check-ins lock the same rows in the same order.
        for (const g of [...goals].sort((x, y) => (x.goal.id < y.goal.id ? -1 : 1))) {
          if (g.goal.kind !== 'kpi') continue;
          const next: Goal = { ...g.goal, actual: g.actual };
          const record = await b.update(
            'goals',
            g.goal.id,
            { expectedVersion: g.version, data: next, ...goalColumns(next) },
            {
              summary: { changed: { actual: { from: g.goal.actual, to: g.actual } }, checkInId: checkIn.id },
            },
          );
          updatedGoals.push({ goalId: g.goal.id, version: record.version, actual: g.actual });
        }
        // Without goal updates this insert is the cycle's check too (one statement): it writes only while the
        // cycle is at the version checked.
        const createCheckIn = () =>
          b.create('check_ins', {
            id: checkIn.id,
            cycleId: checkIn.cycleId,
            subjectId: checkIn.subjectId,
            data: checkIn,
            requires: { kind: 'cycles', id: cycle.id, version: cycleVersion },
          });
        let record: ResourceRecord;
        try {
          record = await createCheckIn();
        } catch (error) {
          if (!(error instanceof StoreError && error.code === 'precondition_failed')) throw error;
          await reread();
          record = await createCheckIn();
        }
        if (updatedGoals.length > 0) await syncPlan(b, checkIn.cycleId, checkIn.subjectId);
        await b.flush();
        return reply(
          201,
          { ...checkInBody(record, checkIn), updatedGoals },
          { ETag: etag(record), Location: `${V1_PREFIX}/check-ins/${checkIn.id}` },
        );
      });
      return send(c, result);
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      const { id } = c.req.valid('param');
      const current = await getVisible(kit.store, access, 'check_ins', id);
      const before = CheckInSchema.parse(current.data);
      const isAuthor = access.personId !== null && before.authorId === access.personId;
      if (!isAuthor) throw new Forbidden('Only the author may correct a check-in.');
      const expectedVersion = requireIfMatch(c, current.version);
      if (current.createdAt.slice(0, 10) !== todayUtc()) {
        throw new Conflict('A check-in can be corrected only on the day it was recorded; record a new one.', {
          code: 'check_in_locked',
          details: { recordedOn: current.createdAt.slice(0, 10) },
        });
      }
      const parsed = CheckInSchema.safeParse({ ...before, ...c.req.valid('json') });
      if (!parsed.success) {
        throw new BadRequest('The changed check-in is invalid.', {
          code: 'validation_failed',
          errors: fieldErrors(parsed.error, 'body'),
        });
      }
      const result = await kit.writeReply(c, async (w) => {
        const { cycle } = await loadCycle(w.tx, w.orgId, before.cycleId);
        refuseWithdrawn(access, cycle, before.subjectId);
        requirePhase(cycle, ['coach'], 'check-ins can be corrected');
        const record = await w.update('check_ins', id, { expectedVersion, data: parsed.data });
        return reply(200, checkInBody(record, parsed.data), { ETag: etag(record) });
      });
      return send(c, result);
    });
  return { path: '/check-ins', router };
}
