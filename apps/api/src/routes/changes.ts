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

export function changesRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Read the change feed',
    description:
      'Events in commit order. Delivery is at-least-once: store `nextCursor` only after processing the events, and treat a repeated (kind, resourceId, version) as already applied. API keys see only the kinds their scopes may read. An `after` past the latest seq (not a position this API returned, e.g. kept from before a restore) is 400 `cursor_ahead` with `details.latestSeq`.',
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
    const events = page.events
      .filter((e) => access.isHr || (isResourceKind(e.kind) && access.serviceMayRead(e.kind)))
      .map(({ orgId: _orgId, ...event }) => event);
    return c.json({ events, nextCursor: page.nextCursor }, 200);
  });
  return { path: '/changes', router };
}
