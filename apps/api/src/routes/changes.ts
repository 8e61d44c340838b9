// /v1/changes: the organisation's change feed in commit order (HR, or an API key whose scope reads the feed).
import { createRoute, z } from '@hono/zod-openapi';
import { isResourceKind } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import { Forbidden } from '../errors.ts';
import {
  DEFAULT_PAGE_SIZE,
  jsonResponse,
  type Kit,
  MAX_PAGE_SIZE,
  problems,
  queryInteger,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { loggedForReader } from './appraise/subjectAnonymity.ts';
import { loadLoggedReviewers, loggedThresholds } from './loggedReviewers.ts';
import { refuseAheadOfLog } from './logPosition.ts';

const tags = ['changes'];

const ChangeEvent = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    kind: z.string().openapi({ example: 'people' }),
    resourceId: z.string(),
    op: z.enum(['create', 'update', 'delete']),
    version: z.number().int(),
    data: z.unknown().openapi({ description: 'The entity after the change; null for deletes.' }),
    redacted: z.literal(true).optional().openapi({
      description:
        'Present (true) when HR reads the entity with something left out: a peer or upward review or feedback request about yourself (`reviewerId` and the answering `reviewId` null, as is any other value that is the reviewer’s id), a review of yourself written by someone else (its `ratings` and `summary` null), or a score explanation about yourself kept with a result or draft (without a peer or upward reviewer). Never for API keys.',
    }),
  })
  .openapi('ChangeEvent');

const ChangesQuery = z.strictObject({
  after: queryInteger(0, Number.MAX_SAFE_INTEGER, 'The last seq you processed (0 to start).')
    .default(0)
    .openapi({ param: { name: 'after', in: 'query' } }),
  limit: queryInteger(1, MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ param: { name: 'limit', in: 'query' } }),
});

const ChangesPage = z
  .object({
    events: z.array(ChangeEvent),
    nextCursor: z.number().int().openapi({
      description: 'Pass as `after` next time (equals `after` when there was nothing new).',
    }),
  })
  .openapi('ChangesPage');

/** A feed event as the change it logs (the review or request it may be about). */
const loggedChange = (e: { kind: string; resourceId: string; data: unknown }) => ({
  kind: e.kind,
  resourceId: e.resourceId,
  data: e.data,
});

export function changesRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Read the change feed',
    description:
      'Events in commit order. Delivery is at-least-once: store `nextCursor` only after processing the events, and treat a repeated (kind, resourceId, version) as already applied. API keys see only the kinds their scopes may read. Peer and upward reviewers stay anonymous to the person reviewed, HR included: HR reads events about a peer or upward review or feedback request of themselves `redacted`. An `after` past the latest seq (not a position this API returned, e.g. kept from before a restore) is 400 `cursor_ahead` with `details.latestSeq`.',
    request: { query: ChangesQuery },
    responses: { 200: jsonResponse(ChangesPage, 'Events after `after`'), ...problems(400, 403) },
  });

  const router = createRouter().openapi(list, async (c) => {
    const access = await kit.access(c);
    if (!access.isHr && !access.serviceMayReadFeed()) {
      throw new Forbidden('Only HR administrators and API keys with a sync scope may read the change feed.');
    }
    const { after, limit } = c.req.valid('query');
    const page = await kit.store.feed.read(access.orgId, { after, limit });
    if (page.events.length === 0) await refuseAheadOfLog(kit.store, access.orgId, after, 'after');
    const read = page.events
      .filter((e) => access.isHr || (isResourceKind(e.kind) && access.serviceMayRead(e.kind)))
      .map(({ orgId: _orgId, ...event }) => event);
    // API keys are nobody's subject: they read the feed as it is.
    if (access.personId === null) return c.json({ events: read, nextCursor: page.nextCursor }, 200);
    const records = await loadLoggedReviewers(kit.store, access.orgId, read.map(loggedChange));
    const minReviewsOf = await loggedThresholds(kit.store, access.orgId, read.map(loggedChange), records);
    const events = read.map((event) => {
      const view = loggedForReader(access, loggedChange(event), records, minReviewsOf);
      return view.redacted ? { ...event, data: view.data, redacted: true as const } : event;
    });
    return c.json({ events, nextCursor: page.nextCursor }, 200);
  });
  return { path: '/changes', router };
}
