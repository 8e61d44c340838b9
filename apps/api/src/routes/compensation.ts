// /v1/cycles/{id}/compensation: salary, band midpoint and target bonus per person (HR writes; HR and the person read).
import { createRoute, z } from '@hono/zod-openapi';
import { addRuleIssue, IdSchema, type Phase } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import { type Access, recuse } from '../authz/index.ts';
import { BadRequest, Forbidden, NotFound, PreconditionFailed, UnprocessableEntity } from '../errors.ts';
import {
  etag,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  PageQuery,
  pageCursor,
  pageSchema,
  paginate,
  parseIfMatch,
  problems,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
  staleVersion,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { createBatch } from './cycles/batch.ts';
import { refuseWithdrawn, refuseWithdrawnItems, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';
import { listWhere, pathCycle, phasesBetween, requirePhase } from './loop/cycle.ts';
import { pathId } from './loop/schemas.ts';
import { organisationCurrency } from './organisation/currency.ts';
import {
  COMPENSATION_KIND,
  type Compensation,
  CompensationInputSchema,
  CompensationResource,
  compensationBody,
  compensationId,
  mayReadCompensation,
  parseCompensation,
} from './results/compensation.ts';

const tags = ['results'];
const KIND = COMPENSATION_KIND;
/** Inputs may change until results are applied (the apply phase); afterwards they are history. */
const WRITABLE: readonly Phase[] = phasesBetween('plan', 'apply');
const MAX_BULK = 5000;

/** `{id}`: the cycle. */
const CycleParams = IdParams;
const PersonParams = CycleParams.extend({
  personId: pathId('personId', 'per_0abc123def456ghi'),
});
const CompensationPut = CompensationInputSchema.openapi('CompensationPut');
const BulkItem = CompensationInputSchema.extend({
  personId: IdSchema,
  version: z.number().int().min(1).optional().openapi({
    description:
      'The version you read: the item is refused (412, nothing changed) when the record has moved on.',
  }),
});
const CompensationBulk = z
  .strictObject({ items: z.array(BulkItem).min(1).max(MAX_BULK) })
  .superRefine((b, ctx) => {
    const seen = new Set<string>();
    b.items.forEach((item, i) => {
      if (seen.has(item.personId)) {
        addRuleIssue(ctx, {
          path: ['items', i, 'personId'],
          message: 'this person is listed twice',
          rule: 'person_repeated',
          facts: { personId: item.personId },
        });
      }
      seen.add(item.personId);
    });
  })
  .openapi('CompensationBulk');
const CompensationPage = pageSchema(CompensationResource, 'CompensationPage');
const BulkResult = z
  .object({
    items: z.array(CompensationResource),
    created: z.number().int(),
    updated: z.number().int(),
    unchanged: z.number().int(),
  })
  .openapi('CompensationBulkResult');

const same = (a: Compensation, b: Compensation) =>
  a.salaryCents === b.salaryCents &&
  a.bandMidpointCents === b.bandMidpointCents &&
  a.targetBonusCents === b.targetBonusCents;

/**
 * The person for a compensation write: 404 when you may not see them, then HR only (403), never for
 * yourself (403 `own_compensation`: another HR administrator sets yours).
 */
function hrForPerson(access: Access, personId: string): void {
  access.seePerson(personId);
  access.requireHr();
  recuse(access, 'set_compensation', personId, { path: 'personId', location: 'params' });
}

export function compensationRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/{id}/compensation',
    tags,
    summary: 'List compensation inputs (HR: everyone; others: their own)',
    description:
      "Compensation is visible only to HR and to the person themselves — never to managers. Amounts are in cents of the organisation's currency (`currency`).",
    request: { params: CycleParams, query: PageQuery },
    responses: { 200: jsonResponse(CompensationPage, 'A page, by id'), ...problems(400, 403, 404) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}/compensation/{personId}',
    tags,
    summary: 'Get a person’s compensation inputs (HR or the person)',
    request: { params: PersonParams },
    responses: { 200: resourceResponse(CompensationResource, 'The inputs'), ...problems(400, 403, 404) },
  });
  const put = createRoute({
    method: 'put',
    path: '/{id}/compensation/{personId}',
    tags,
    summary: 'Set a person’s compensation inputs (HR)',
    description:
      'Creates the inputs (201) or replaces them (200; If-Match required: 428 without, 412 when stale). Until the apply phase (409 `wrong_phase` afterwards). Never your own (403 `own_compensation`): another HR administrator sets them. ' +
      WITHDRAWN_WORDS,
    request: {
      params: PersonParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: CompensationPut } } },
    },
    responses: {
      200: resourceResponse(CompensationResource, 'Replaced'),
      201: resourceResponse(CompensationResource, 'Created'),
      ...problems(400, 403, 404, 409, 412, 428),
    },
  });
  const bulk = createRoute({
    method: 'put',
    path: '/{id}/compensation',
    tags,
    summary: 'Set many people’s compensation inputs at once (HR)',
    description: `Up to ${MAX_BULK} people in one transaction: each is created or replaced (unchanged ones are not written). Send \`version\` per item to refuse overwriting a change you did not see (412, nothing changed). Unknown people: 422, nothing changed. Yourself among the items: 403 \`own_compensation\`, nothing changed. People withdrawn from the cycle among the items: 409 \`participant_withdrawn\` with a field error each, nothing changed.`,
    request: {
      params: CycleParams,
      body: { required: true, content: { 'application/json': { schema: CompensationBulk } } },
    },
    responses: { 200: jsonResponse(BulkResult, 'Stored'), ...problems(400, 403, 404, 409, 412, 422) },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id: cycleId } = c.req.valid('param');
      const query = c.req.valid('query');
      await pathCycle(kit.store, access.orgId, cycleId);
      const currency = await organisationCurrency(kit.store, access.orgId);
      const body = (r: ResourceRecord) => compensationBody(r, currency);
      if (access.isHr) {
        const page = await kit.store.resources(KIND).list(access.orgId, {
          cycleId,
          limit: query.limit,
          ...(query.cursor !== undefined ? { after: query.cursor } : {}),
        });
        return c.json({ items: page.records.map(body), nextCursor: pageCursor(page.nextCursor) }, 200);
      }
      const own = await kit.store.resources(KIND).get(access.orgId, compensationId(cycleId, me.id));
      const page = paginate(own ? [own] : [], (r) => r.id, query);
      return c.json({ items: page.items.map(body), nextCursor: page.nextCursor }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id: cycleId, personId } = c.req.valid('param');
      await pathCycle(kit.store, access.orgId, cycleId);
      const record = await kit.store.resources(KIND).get(access.orgId, compensationId(cycleId, personId));
      if (!record || !mayReadCompensation(access, personId)) {
        throw new NotFound('No compensation inputs were found for this person and cycle.');
      }
      const currency = await organisationCurrency(kit.store, access.orgId);
      return c.json(compensationBody(record, currency), 200, { ETag: etag(record) });
    })
    .openapi(put, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id: cycleId, personId } = c.req.valid('param');
      const ctx = await pathCycle(kit.store, access.orgId, cycleId);
      hrForPerson(access, personId);
      refuseWithdrawn(access, ctx.cycle, personId);
      const id = compensationId(cycleId, personId);
      const current = await kit.store.resources(KIND).get(access.orgId, id);
      const ifMatch = parseIfMatch(c.req.header('If-Match'));
      let expectedVersion: number | null = null;
      if (current) expectedVersion = requireIfMatch(c, current.version);
      else if (ifMatch.kind !== 'missing') {
        throw new PreconditionFailed(
          'No compensation inputs exist yet for this person: send the PUT without If-Match to create them.',
        );
      }
      requirePhase(ctx.cycle, WRITABLE, 'compensation inputs can be changed');
      const data: Compensation = { ...c.req.valid('json'), cycleId, personId };
      const result = await kit.writeReply(c, async (w) => {
        const currency = await organisationCurrency(w.tx, w.orgId);
        if (expectedVersion === null) {
          const record = await w.create(KIND, { id, cycleId, subjectId: personId, data });
          return reply(201 as 200 | 201, compensationBody(record, currency), { ETag: etag(record) });
        }
        const record = await w.update(KIND, id, { expectedVersion, data });
        return reply(200 as 200 | 201, compensationBody(record, currency), { ETag: etag(record) });
      });
      return send(c, result);
    })
    .openapi(bulk, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id: cycleId } = c.req.valid('param');
      const ctx = await pathCycle(kit.store, access.orgId, cycleId);
      if (!access.isHr) throw new Forbidden('Only HR administrators may set compensation inputs.');
      const { items } = c.req.valid('json');
      for (const [i, item] of items.entries()) {
        recuse(access, 'set_compensation', item.personId, { path: `items.${i}.personId`, location: 'body' });
      }
      const unknown = items.flatMap((item, i) =>
        access.snapshot.people.has(item.personId)
          ? []
          : [
              {
                path: `items.${i}.personId`,
                message: 'no such person',
                code: 'unknown_person',
                location: 'body' as const,
              },
            ],
      );
      if (unknown.length > 0) {
        throw new UnprocessableEntity(`${unknown.length} of the people do not exist; nothing was changed.`, {
          code: 'unknown_person',
          errors: unknown,
        });
      }
      refuseWithdrawnItems(
        access,
        ctx.cycle,
        items.map((item, i) => ({ personId: item.personId, path: `items.${i}.personId` })),
      );
      requirePhase(ctx.cycle, WRITABLE, 'compensation inputs can be changed');
      const body = await kit.writeTx(c, async (w) => {
        const b = createBatch(w);
        const existing = new Map<string, ResourceRecord>();
        for (const record of await listWhere(w.tx, KIND, w.orgId, { cycleId }))
          existing.set(record.id, record);
        const out: ResourceRecord[] = [];
        let created = 0;
        let updated = 0;
        let unchanged = 0;
        for (const [i, { personId, version, ...inputs }] of items.entries()) {
          const id = compensationId(cycleId, personId);
          const data: Compensation = { ...inputs, cycleId, personId };
          const current = existing.get(id);
          if (current && version !== undefined && version !== current.version)
            throw staleVersion(current.version);
          if (!current) {
            if (version !== undefined) {
              throw new BadRequest(`${personId} has no compensation inputs yet: leave out its version.`, {
                code: 'validation_failed',
                errors: [
                  {
                    path: `items.${i}.version`,
                    message: 'nothing to compare with',
                    code: 'no_current_version',
                    location: 'body',
                  },
                ],
              });
            }
            out.push(await b.create(KIND, { id, cycleId, subjectId: personId, data }));
            created++;
          } else if (same(parseCompensation(current), data)) {
            out.push(current);
            unchanged++;
          } else {
            out.push(await b.update(KIND, id, { expectedVersion: current.version, data }));
            updated++;
          }
        }
        await b.flush();
        const currency = await organisationCurrency(w.tx, w.orgId);
        return { items: out.map((r) => compensationBody(r, currency)), created, updated, unchanged };
      });
      return c.json(body, 200);
    });
  return { path: '/cycles', router };
}
