// POST /v1/cycles/{id}/people/{personId}/score-entries and POST /v1/cycles/{id}/score-entries: KPI actuals and manager-review ratings, all or nothing per person.
import { createRoute } from '@hono/zod-openapi';
import { IdSchema } from '@perfloop/core';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import { ApiError, NotFound } from '../errors.ts';
import {
  IdempotencyHeaders,
  IdParams,
  jsonResponse,
  type Kit,
  problems,
  type Reply,
  reply,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { loadCycle } from './appraise/cycleContext.ts';
import { WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';
import {
  BulkScoreEntries,
  type BulkScoreEntriesBody,
  BulkScoreEntriesResult,
  MAX_BULK_ENTRIES,
  MAX_PEOPLE,
  type PersonOutcome,
  ScoreEntries,
  type ScoreEntriesBody,
  ScoreEntriesResult,
  type StaleRecord,
} from './scoreEntries/schemas.ts';
import { type Scorer, scorePerson } from './scoreEntries/scorePerson.ts';

const tags = ['scores'];

const PersonParams = IdParams.extend({
  personId: IdSchema.min(1).openapi({ param: { name: 'personId', in: 'path' } }),
});

/** A person's refusal (an ApiError below 500) as their outcome in a bulk answer; anything else is rethrown. */
function outcomeOf(
  personId: string,
  settled: PromiseSettledResult<Reply<ScoreEntriesBody, 200>>,
): PersonOutcome {
  if (settled.status === 'fulfilled') {
    const { cycleId: _cycleId, ...result } = settled.value.body;
    return { outcome: 'applied', ...result };
  }
  const error: unknown = settled.reason;
  if (!(error instanceof ApiError) || error.status >= 500) throw error;
  if (error.code === 'stale_version') {
    return {
      outcome: 'conflict',
      personId,
      status: 412,
      code: 'stale_version',
      detail: error.message,
      records: (error.details?.records as StaleRecord[] | undefined) ?? [],
    };
  }
  return {
    outcome: 'refused',
    personId,
    status: error.status,
    code: error.code,
    detail: error.message,
    errors: (error.errors ?? []).map((e) => ({ ...e })),
  };
}

export function scoreEntriesRoutes(kit: Kit): RouteModule {
  const apply = createRoute({
    method: 'post',
    path: '/{id}/people/{personId}/score-entries',
    tags,
    summary: 'Set one person’s KPI actuals and your manager-review ratings, all or nothing',
    description:
      'For bulk scoring tools such as the Sheets add-on: every entry names the version it was based on, and either every entry is applied in one transaction or none is. A stale version anywhere → 412 `stale_version` with `details.records` listing each changed record. Actuals follow the goal rules (owner, manager chain, heads and HR in `plan`/`coach`; later only HR). Ratings go into your own manager review of the person (you must be in their manager chain), kept as a draft, only in `appraise`; a submitted review is 409 `review_submitted`. Values already current are not written (`changed: false`). Use an Idempotency-Key to retry safely. For many people at once, see `POST /v1/cycles/{id}/score-entries`. ' +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      params: PersonParams,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: ScoreEntries } } },
    },
    responses: {
      200: jsonResponse(ScoreEntriesResult, 'Applied (or already current)'),
      ...problems(400, 403, 404, 409, 412, 422),
    },
  });

  const bulk = createRoute({
    method: 'post',
    path: '/{id}/score-entries',
    tags,
    summary: 'Set many people’s KPI actuals and your manager-review ratings, all or nothing per person',
    description: `Each person's entries are exactly the body of \`POST /v1/cycles/{id}/people/{personId}/score-entries\` and are judged exactly as there — the same checks, permissions and version conflicts — each person in their own transaction with their audit entries and feed events, independently of the others (the store commits them together). The answer lists one outcome per person in request order: \`applied\` (new versions, \`changed: false\` when already current), \`conflict\` (a stale version: nothing written for the person; \`records\` lists each changed record and its current version) or \`refused\` (nothing written for the person: the status, \`code\` and per-field \`errors\` the per-person route would answer). At most ${MAX_PEOPLE} people and ${MAX_BULK_ENTRIES} entries (actuals and ratings) in all per request (400 \`validation_failed\` above). A person you may not see (or of another organisation, or unknown) makes the whole request 404 with \`errors\` naming each, and nothing is written. Use an Idempotency-Key to retry safely: a retry replays the whole answer, and even after an interrupted request each person already applied is replayed, never written twice. A person withdrawn from the cycle is \`refused\` with 409 \`participant_withdrawn\`.`,
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: BulkScoreEntries } } },
    },
    responses: {
      200: jsonResponse(BulkScoreEntriesResult, 'Each person’s outcome'),
      ...problems(400, 403, 404, 422),
    },
  });

  const router = createRouter()
    .openapi(apply, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id: cycleId, personId } = c.req.valid('param');
      const body = c.req.valid('json');
      const { cycle } = await loadCycle(kit.store, access.orgId, cycleId);
      const scorer: Scorer = { access, reviewerId: me.id, cycle };
      const result = await kit.writeReply(c, async (w) =>
        reply(200, await scorePerson(w, scorer, personId, body)),
      );
      return send(c, result);
    })
    .openapi(bulk, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const { id: cycleId } = c.req.valid('param');
      const { people } = c.req.valid('json');
      const { cycle } = await loadCycle(kit.store, access.orgId, cycleId);
      const hidden = people.flatMap((p, i) => (access.canSee(p.personId) ? [] : [i]));
      if (hidden.length > 0) {
        throw new NotFound(
          `${hidden.length} of the people were not found. Nothing was written; remove them and retry.`,
          {
            errors: hidden.map((i) => ({
              path: `people.${i}.personId`,
              message: 'no such person',
              code: 'not_found',
              location: 'body' as const,
            })),
          },
        );
      }
      const scorer: Scorer = { access, reviewerId: me.id, cycle };
      // Started together, so the store commits them in as few group commits as it can.
      const settled = await Promise.allSettled(
        people.map(({ personId, ...entries }) =>
          kit.writePart(c, personId, async (w) =>
            reply(200, await scorePerson(w, scorer, personId, entries)),
          ),
        ),
      );
      const outcomes = settled.map((s, i) => outcomeOf(people[i]?.personId ?? '', s));
      const count = (kind: PersonOutcome['outcome']) => outcomes.filter((o) => o.outcome === kind).length;
      const body: BulkScoreEntriesBody = {
        cycleId,
        applied: count('applied'),
        conflicts: count('conflict'),
        refused: count('refused'),
        people: outcomes,
      };
      return send(c, reply(200, body));
    });
  return { path: '/cycles', router };
}

/** The entries' location for docs and tests. */
export const scoreEntriesPath = (cycleId: string, personId: string) =>
  `${V1_PREFIX}/cycles/${cycleId}/people/${personId}/score-entries`;
