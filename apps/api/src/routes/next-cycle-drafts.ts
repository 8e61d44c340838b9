// /v1/cycles/{id}/next-cycle-drafts (improve phase: HR or the manager chain) and /v1/next-cycle-drafts/{id}/accept (into a cycle in plan).
import { createRoute, z } from '@hono/zod-openapi';
import { generatedLanguageOf, IdSchema, type Phase } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import { type Access, recuse } from '../authz/index.ts';
import { Conflict, Forbidden, NotFound, UnprocessableEntity } from '../errors.ts';
import {
  domainProblem,
  EtagHeaders,
  etag,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  newId,
  PageQuery,
  pageSchema,
  paginate,
  problems,
  reply,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { ExplainParam, ExplainQuery, wantsExplain } from './appraise/explain.ts';
import { cycleThresholds, minReviewsOf } from './appraise/withholding.ts';
import { createBatch } from './cycles/batch.ts';
import { refuseWithdrawn } from './cycles/withdrawnGuard.ts';
import { validateGoal } from './goals/goalRules.ts';
import { goalColumns } from './goals/goalSchemas.ts';
import { type DraftScope, draftForScope } from './improve/drafting.ts';
import {
  DRAFT_ID_PREFIX,
  DRAFT_KIND,
  DraftResource,
  draftBody,
  draftData,
  mayReadDraft,
  mayWriteDraft,
  parseDraft,
  type StoredDraft,
} from './improve/draftRecord.ts';
import { bodyCycle, listWhere, nowIso, optionalIfMatch, pathCycle, requirePhase } from './loop/cycle.ts';
import { syncPlan } from './plans/planRecord.ts';

const tags = ['improve'];
const KIND = DRAFT_KIND;
const DRAFT_PHASES: readonly Phase[] = ['improve'];
const TARGET_PHASES: readonly Phase[] = ['plan'];

const DraftCreate = z
  .strictObject({
    toCycleId: IdSchema.describe('The next cycle (in the plan phase).'),
    personIds: z.array(IdSchema).min(1).max(10_000).optional().openapi({
      description:
        'Only these people (each must be yours to manage). Default: everyone of the cycle you manage; for HR also the department and organisation goals.',
    }),
    developmentWeight: z.number().int().min(0).max(50).default(0).openapi({
      description: 'Percentage points of each next plan reserved for new development goals.',
    }),
  })
  .openapi('NextCycleDraftCreate');
const DraftList = z
  .object({ items: z.array(DraftResource), alreadyAccepted: z.array(IdSchema.nullable()) })
  .openapi('NextCycleDraftResult');
const DraftQuery = PageQuery.extend({
  personId: IdSchema.optional().openapi({ param: { name: 'personId', in: 'query' } }),
  toCycleId: IdSchema.optional().openapi({ param: { name: 'toCycleId', in: 'query' } }),
  explain: ExplainParam,
});
const DraftPage = pageSchema(DraftResource, 'NextCycleDraftPage');
const AcceptResult = z
  .object({
    draft: DraftResource,
    createdGoalIds: z.array(z.string()),
    notCreated: z.array(z.object({ goalId: z.string(), reason: z.enum(['exists', 'not_participant']) })),
    realigned: z.array(z.string()).openapi({
      description: 'Goals created without their parent (not in the next cycle): align them there.',
    }),
  })
  .openapi('NextCycleDraftAccepted');

const draftKey = (toCycleId: string, personId: string | null) => `${toCycleId}\u0000${personId ?? ''}`;

/** Whose drafts the caller makes: the listed people (each theirs to manage) or everyone of the cycle they manage. */
function scopeOf(
  access: Access,
  participants: readonly string[],
  personIds: readonly string[] | undefined,
): DraftScope {
  if (personIds !== undefined) {
    for (const id of personIds) {
      access.seePerson(id);
      if (!mayWriteDraft(access, id)) throw new Forbidden(`You may not draft the next cycle for ${id}.`);
    }
    return { people: new Set(personIds), organisation: false };
  }
  const people = participants.filter((id) => mayWriteDraft(access, id));
  if (!access.isHr && people.length === 0) {
    throw new Forbidden('Next-cycle drafts are made by HR or by managers for their people.');
  }
  return { people: new Set(people), organisation: access.isHr };
}

async function visibleDraft(kit: Kit, access: Access, id: string): Promise<ResourceRecord> {
  const record = await kit.store.resources(KIND).get(access.orgId, id);
  if (!record || !mayReadDraft(access, record)) throw new NotFound('The draft was not found.');
  return record;
}

export function cycleDraftsRoutes(kit: Kit): RouteModule {
  const create = createRoute({
    method: 'post',
    path: '/{id}/next-cycle-drafts',
    tags,
    summary: 'Draft the next cycle from this one’s gaps (HR, or managers for their people; improve phase)',
    description:
      'core draftNextCycle: unfinished goals carried forward (targets never raised; a note to adjust them fairly when the external environment dominated), "Build skill" goals and development items for skills gaps, manager actions for internal-conditions and motivation gaps, apply-phase development items continued. Stored as one draft per person (the organisation’s goals in one more, HR only); drafting again replaces open drafts. Only in the improve phase, into a cycle in the plan phase (409 `wrong_phase`).',
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      query: ExplainQuery,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: DraftCreate } } },
    },
    responses: { 201: jsonResponse(DraftList, 'The drafts'), ...problems(400, 403, 404, 409, 422) },
  });
  const list = createRoute({
    method: 'get',
    path: '/{id}/next-cycle-drafts',
    tags,
    summary: 'Next-cycle drafts of the people you may see',
    request: { params: IdParams, query: DraftQuery },
    responses: { 200: jsonResponse(DraftPage, 'A page of drafts, by id'), ...problems(400, 403, 404) },
  });

  const router = createRouter()
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id } = c.req.valid('param');
      const from = await pathCycle(kit.store, access.orgId, id);
      const body = c.req.valid('json');
      const scope = scopeOf(access, from.participants, body.personIds);
      requirePhase(from.cycle, DRAFT_PHASES, 'next-cycle drafts are made');
      if (body.toCycleId === id) {
        throw new UnprocessableEntity('The next cycle must be another cycle.', {
          code: 'same_cycle',
          errors: [
            {
              path: 'toCycleId',
              message: 'this is the cycle being drafted from',
              code: 'same_cycle',
              location: 'body',
            },
          ],
        });
      }
      const to = await bodyCycle(kit.store, access.orgId, body.toCycleId, 'toCycleId');
      requirePhase(to.cycle, TARGET_PHASES, 'drafts go into a next cycle');
      const result = await kit.writeReply(c, async (w) => {
        // Goals drafted here become people's own text: written in the organisation's language.
        const org = await w.tx.organisations.get(w.orgId);
        const locale = org?.settings.locale;
        const drafted = await draftForScope(
          w.tx,
          w.orgId,
          from,
          { id: body.toCycleId, name: to.cycle.name },
          scope,
          body.developmentWeight,
          generatedLanguageOf(typeof locale === 'string' ? locale : null),
        );
        if (!drafted.ok) throw domainProblem([drafted.error]);
        const existing = new Map<string, { record: ResourceRecord; draft: StoredDraft }>();
        for (const record of await listWhere(w.tx, KIND, w.orgId, { cycleId: id })) {
          const draft = parseDraft(record);
          existing.set(draftKey(draft.toCycleId, draft.personId), { record, draft });
        }
        const b = createBatch(w);
        const items: ResourceRecord[] = [];
        const alreadyAccepted: (string | null)[] = [];
        for (const { personId, draft, explanation } of drafted.value) {
          const current = existing.get(draftKey(body.toCycleId, personId));
          const empty =
            draft.drafts.length + draft.developmentItems.length + draft.managerActions.length === 0;
          if (empty && !current) continue;
          if (current?.draft.status === 'accepted') {
            alreadyAccepted.push(personId);
            continue;
          }
          const stored: StoredDraft = {
            id: current?.record.id ?? newId(DRAFT_ID_PREFIX),
            fromCycleId: id,
            toCycleId: body.toCycleId,
            personId,
            status: 'open',
            createdBy: me.id,
            ...draft,
            acceptedAt: null,
            acceptedBy: null,
            createdGoalIds: [],
            ...(explanation ? { explanation } : {}),
          };
          items.push(
            current
              ? await b.update(KIND, stored.id, {
                  expectedVersion: current.record.version,
                  data: draftData(stored),
                })
              : await b.create(KIND, {
                  id: stored.id,
                  cycleId: id,
                  subjectId: personId,
                  parentId: body.toCycleId,
                  data: draftData(stored),
                }),
          );
        }
        await b.flush();
        // The explanations are of this cycle's scores: its anonymity threshold.
        const explainWith = wantsExplain(c.req.valid('query')) ? () => minReviewsOf(from.policy) : null;
        return reply(201, {
          items: items.map((r) => draftBody(r, access, explainWith)),
          alreadyAccepted,
        });
      });
      return send(c, result);
    })
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const from = await pathCycle(kit.store, access.orgId, id);
      const q = c.req.valid('query');
      const records = (await listWhere(kit.store, KIND, access.orgId, { cycleId: id })).filter(
        (r) =>
          mayReadDraft(access, r) &&
          (q.personId === undefined || r.subjectId === q.personId) &&
          (q.toCycleId === undefined || r.parentId === q.toCycleId),
      );
      const page = paginate(records, (r) => r.id, q);
      const explainWith = wantsExplain(q) ? () => minReviewsOf(from.policy) : null;
      return c.json(
        { items: page.items.map((r) => draftBody(r, access, explainWith)), nextCursor: page.nextCursor },
        200,
      );
    });
  return { path: '/cycles', router };
}

export function nextCycleDraftsRoutes(kit: Kit): RouteModule {
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a next-cycle draft',
    request: { params: IdParams, query: ExplainQuery },
    responses: { 200: resourceResponse(DraftResource, 'The draft'), ...problems(400, 403, 404) },
  });
  const accept = createRoute({
    method: 'post',
    path: '/{id}/accept',
    tags,
    summary: 'Accept a draft: create its goals in the next cycle (HR, or the person’s manager chain)',
    description:
      'The next cycle must be in the plan phase (409 `wrong_phase`); a draft is accepted once (409 `draft_accepted`). Goals already in the next cycle are not created twice; a goal whose parent is not there is created unaligned (`realigned`). The owners’ plan agreements are reset as for any goal change. If-Match is optional; when sent it must be current (412). Never your own draft, HR included (403 `own_draft`). The person withdrawn from the next cycle: 409 `participant_withdrawn` (details.reinstate: HR reinstates them there), nothing created.',
    middleware: [kit.idempotent] as const,
    request: { params: IdParams, query: ExplainQuery, headers: IdempotencyHeaders.merge(IfMatchHeaders) },
    responses: {
      200: {
        ...resourceResponse(AcceptResult, 'Accepted; the ETag is the accepted draft’s'),
        headers: EtagHeaders.extend({
          'Content-Location': z.string().openapi({
            description: 'The accepted draft (`/v1/next-cycle-drafts/{id}`), whose version the ETag names.',
          }),
        }),
      },
      ...problems(400, 403, 404, 409, 412),
    },
  });

  const router = createRouter()
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const record = await visibleDraft(kit, access, c.req.valid('param').id);
      const explainWith = wantsExplain(c.req.valid('query'))
        ? await cycleThresholds(kit.store, access.orgId, [parseDraft(record).fromCycleId])
        : null;
      return c.json(draftBody(record, access, explainWith), 200, { ETag: etag(record) });
    })
    .openapi(accept, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id } = c.req.valid('param');
      const record = await visibleDraft(kit, access, id);
      const draft = parseDraft(record);
      if (!mayWriteDraft(access, draft.personId)) {
        throw new Forbidden('Only HR or the person’s manager chain may accept their draft.');
      }
      if (draft.personId !== null) recuse(access, 'accept_draft', draft.personId);
      const expectedVersion = optionalIfMatch(c, record.version);
      const explainWith = wantsExplain(c.req.valid('query'))
        ? await cycleThresholds(kit.store, access.orgId, [draft.fromCycleId])
        : null;
      if (draft.status === 'accepted') {
        throw new Conflict(`This draft was accepted at ${draft.acceptedAt ?? 'an earlier time'}.`, {
          code: 'draft_accepted',
        });
      }
      const to = await pathCycle(kit.store, access.orgId, draft.toCycleId);
      if (draft.personId !== null) refuseWithdrawn(access, to.cycle, draft.personId);
      requirePhase(to.cycle, TARGET_PHASES, 'draft goals are accepted into a cycle');
      const result = await kit.writeReply(c, async (w) => {
        const existing = new Set(
          (await listWhere(w.tx, 'goals', w.orgId, { cycleId: draft.toCycleId })).map((r) => r.id),
        );
        const incoming = new Set(draft.drafts.map((d) => d.goal.id));
        const b = createBatch(w);
        const createdGoalIds: string[] = [];
        const notCreated: { goalId: string; reason: 'exists' | 'not_participant' }[] = [];
        const realigned: string[] = [];
        const owners = new Set<string>();
        for (const d of draft.drafts) {
          const goal = { ...d.goal };
          if (existing.has(goal.id)) {
            notCreated.push({ goalId: goal.id, reason: 'exists' });
            continue;
          }
          if (goal.ownerId !== null && !to.participants.includes(goal.ownerId)) {
            notCreated.push({ goalId: goal.id, reason: 'not_participant' });
            continue;
          }
          if (goal.alignedTo !== null && !existing.has(goal.alignedTo) && !incoming.has(goal.alignedTo)) {
            goal.alignedTo = null;
            realigned.push(goal.id);
          }
          const valid = validateGoal(goal);
          await b.create('goals', { id: valid.id, ...goalColumns(valid), data: valid });
          createdGoalIds.push(valid.id);
          if (valid.ownerId !== null) owners.add(valid.ownerId);
        }
        for (const owner of owners) await syncPlan(b, draft.toCycleId, owner);
        const accepted: StoredDraft = {
          ...draft,
          status: 'accepted',
          acceptedAt: nowIso(),
          acceptedBy: me.id,
          createdGoalIds,
        };
        const updated = await b.update(
          KIND,
          id,
          { expectedVersion, data: draftData(accepted) },
          { action: 'next_cycle_draft.accept', summary: { toCycleId: draft.toCycleId, createdGoalIds } },
        );
        await b.flush();
        return reply(
          200,
          {
            draft: draftBody(updated, access, explainWith),
            createdGoalIds,
            notCreated,
            realigned,
          },
          { ETag: etag(updated), 'Content-Location': `${V1_PREFIX}/next-cycle-drafts/${id}` },
        );
      });
      return send(c, result);
    });
  return { path: '/next-cycle-drafts', router };
}
