// /v1/gap-attributions: why a goal fell short, by the four factors (the subject or their manager chain; appraise → improve).
import { createRoute, z } from '@hono/zod-openapi';
import {
  AttributionSchema,
  FactorShareSchema,
  GoalSchema,
  IdSchema,
  type Phase,
  TEXT_LIMITS,
} from '@perfloop/core';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import { type Access, recuse } from '../authz/index.ts';
import { BadRequest, Conflict, Forbidden, UnprocessableEntity } from '../errors.ts';
import {
  createdResponse,
  etag,
  getVisible,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  listVisible,
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
import { fieldErrors } from '../validation.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';
import {
  ATTRIBUTION_ID_PREFIX,
  ATTRIBUTION_KIND,
  attributionBody,
  attributionData,
  GapAttributionResource,
  parseAttribution,
  type StoredAttribution,
} from './gaps/attributionRecord.ts';
import { bodyCycle, listWhere, pathCycle, phasesBetween, requirePhase } from './loop/cycle.ts';

const tags = ['diagnosis'];
const KIND = ATTRIBUTION_KIND;
/** Shortfalls are known once actuals are in (appraise) and feed apply and improve. */
const PHASES: readonly Phase[] = phasesBetween('appraise', 'improve');
const A = AttributionSchema.shape;

const AttributionCreate = z
  .strictObject({
    cycleId: IdSchema,
    subjectId: A.subjectId,
    goalId: A.goalId,
    factors: A.factors,
    note: A.note,
  })
  .openapi('GapAttributionCreate', {
    description:
      'Each factor at most once, shares totalling 1 (skills, external_environment, internal_conditions, motivation).',
  });
const AttributionPatch = z
  .strictObject({
    factors: z.array(FactorShareSchema).min(1).max(4).optional(),
    note: z.string().max(TEXT_LIMITS.gapNote).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' })
  .openapi('GapAttributionPatch');
const AttributionQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
  subjectId: IdSchema.optional().openapi({ param: { name: 'subjectId', in: 'query' } }),
  goalId: IdSchema.optional().openapi({ param: { name: 'goalId', in: 'query' } }),
});
const AttributionPage = pageSchema(GapAttributionResource, 'GapAttributionPage');

/** The subject's manager chain: direct and indirect managers, and heads of their departments (HR as such is not). */
export function inManagerChain(access: Access, personId: string): boolean {
  const me = access.personId;
  if (me === null || me === personId) return false;
  if (!access.isHr) return access.canManage(personId);
  const person = access.org.person(personId);
  return (
    access.org.isManagerOf(me, personId, { indirect: true }) ||
    (person !== undefined && access.headedDepartments().has(person.departmentId))
  );
}

/** Core's rules (each factor once, shares totalling 1) as a 400 with field errors. */
function validAttribution(input: unknown) {
  const parsed = AttributionSchema.safeParse(input);
  if (!parsed.success) {
    throw new BadRequest('The attribution is invalid.', {
      code: 'validation_failed',
      errors: fieldErrors(parsed.error, 'body'),
    });
  }
  return parsed.data;
}

const goalProblem = (code: string, message: string) =>
  new UnprocessableEntity(message, {
    code,
    errors: [{ path: 'goalId', message, code, location: 'body' }],
  });

export function gapAttributionsRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List gap attributions about the people you may see',
    request: { query: AttributionQuery },
    responses: { 200: jsonResponse(AttributionPage, 'A page, by id'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a gap attribution',
    request: { params: IdParams },
    responses: {
      200: resourceResponse(GapAttributionResource, 'The attribution'),
      ...problems(400, 403, 404),
    },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Attribute a goal’s shortfall to the four factors (the subject or their manager chain)',
    description:
      'One attribution per goal and author (409 `attribution_exists`: change it with PATCH); the employee’s and the managers’ views are averaged in the diagnosis. From the appraise to the improve phase (409 `wrong_phase`). ' +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: AttributionCreate } } },
    },
    responses: {
      201: createdResponse(GapAttributionResource, 'Created'),
      ...problems(400, 403, 404, 409, 422),
    },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Change your gap attribution',
    description: WITHDRAWN_WORDS,
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: AttributionPatch } } },
    },
    responses: {
      200: resourceResponse(GapAttributionResource, 'Updated'),
      ...problems(400, 403, 404, 409, 412, 428),
    },
  });
  const remove = createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    summary: 'Withdraw your gap attribution (its author, or HR)',
    description:
      'HR withdraws anyone’s, except one someone else made about themselves (403 `own_attribution`). ' +
      WITHDRAWN_WORDS,
    request: { params: IdParams, headers: IfMatchHeaders },
    responses: { 204: { description: 'Deleted' }, ...problems(400, 403, 404, 409, 412, 428) },
  });

  /** A visible attribution the caller may change: 404, then 403 unless `allowHr` and HR, or the author. */
  async function own(
    access: Access,
    id: string,
    allowHr: boolean,
  ): Promise<{ stored: StoredAttribution; version: number }> {
    const record = await getVisible(kit.store, access, KIND, id);
    const stored = parseAttribution(record);
    if (stored.authorId !== access.personId && !(allowHr && access.isHr)) {
      throw new Forbidden('Only the author of an attribution may change it.');
    }
    return { stored, version: record.version };
  }

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const q = c.req.valid('query');
      const page = await listVisible(
        kit.store,
        access,
        KIND,
        {
          ...(q.cycleId !== undefined ? { cycleId: q.cycleId } : {}),
          ...(q.subjectId !== undefined ? { subjectId: q.subjectId } : {}),
          ...(q.goalId !== undefined ? { parentId: q.goalId } : {}),
        },
        q,
      );
      return c.json({ items: page.items.map(attributionBody), nextCursor: page.nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const record = await getVisible(kit.store, access, KIND, c.req.valid('param').id);
      return c.json(attributionBody(record), 200, { ETag: etag(record) });
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const input = c.req.valid('json');
      const ctx = await bodyCycle(kit.store, access.orgId, input.cycleId);
      access.seePerson(input.subjectId);
      if (!access.isSelf(input.subjectId) && !inManagerChain(access, input.subjectId)) {
        throw new Forbidden('Only the employee or their manager chain may attribute their shortfalls.');
      }
      const goalRecord = await kit.store.resources('goals').get(access.orgId, input.goalId);
      const goal = goalRecord ? GoalSchema.safeParse(goalRecord.data) : null;
      if (!goal?.success || goal.data.cycleId !== input.cycleId) {
        throw goalProblem('unknown_goal', `Goal ${input.goalId} is not a goal of this cycle.`);
      }
      if (goal.data.ownerId !== input.subjectId) {
        throw goalProblem('goal_not_owned', `Goal ${input.goalId} is not ${input.subjectId}'s goal.`);
      }
      refuseWithdrawn(access, ctx.cycle, input.subjectId);
      requirePhase(ctx.cycle, PHASES, 'shortfalls are attributed');
      const attribution = validAttribution({
        subjectId: input.subjectId,
        goalId: input.goalId,
        factors: input.factors,
        note: input.note,
      });
      const id = newId(ATTRIBUTION_ID_PREFIX);
      const stored: StoredAttribution = { id, cycleId: input.cycleId, authorId: me.id, ...attribution };
      const result = await kit.writeReply(c, async (w) => {
        const mine = (await listWhere(w.tx, KIND, w.orgId, { parentId: input.goalId }))
          .map(parseAttribution)
          .find((a) => a.authorId === me.id);
        if (mine) {
          throw new Conflict('You have already attributed this shortfall: change that attribution instead.', {
            code: 'attribution_exists',
            details: { id: mine.id },
          });
        }
        const record = await w.create(KIND, {
          id,
          cycleId: input.cycleId,
          subjectId: input.subjectId,
          parentId: input.goalId,
          data: attributionData(stored),
        });
        return reply(201, attributionBody(record), {
          ETag: etag(record),
          Location: `${V1_PREFIX}/gap-attributions/${id}`,
        });
      });
      return send(c, result);
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const { stored, version } = await own(access, id, false);
      const expectedVersion = requireIfMatch(c, version);
      const ctx = await pathCycle(kit.store, access.orgId, stored.cycleId);
      refuseWithdrawn(access, ctx.cycle, stored.subjectId);
      requirePhase(ctx.cycle, PHASES, 'shortfalls are attributed');
      const changes = c.req.valid('json');
      const { id: _id, cycleId, authorId, ...current } = stored;
      const next: StoredAttribution = {
        id,
        cycleId,
        authorId,
        ...validAttribution({ ...current, ...changes }),
      };
      const result = await kit.writeReply(c, async (w) => {
        const record = await w.update(KIND, id, { expectedVersion, data: attributionData(next) });
        return reply(200, attributionBody(record), { ETag: etag(record) });
      });
      return send(c, result);
    })
    .openapi(remove, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const { stored, version } = await own(access, id, true);
      // HR withdraws others' attributions, never one about themselves (their own they withdraw as its author).
      if (stored.authorId !== access.personId) recuse(access, 'withdraw_attribution', stored.subjectId);
      const expectedVersion = requireIfMatch(c, version);
      const ctx = await pathCycle(kit.store, access.orgId, stored.cycleId);
      refuseWithdrawn(access, ctx.cycle, stored.subjectId);
      requirePhase(ctx.cycle, PHASES, 'shortfalls are attributed');
      await kit.writeTx(c, (w) => w.remove(KIND, id, expectedVersion));
      return c.body(null, 204);
    });
  return { path: '/gap-attributions', router };
}
