// /v1/audit (HR): the organisation's hash-chained audit log, paged, and its verification.
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteModule } from '../app.ts';
import {
  jsonResponse,
  type Kit,
  MAX_PAGE_SIZE,
  PageQuery,
  pageSchema,
  problems,
  queryInteger,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { refuseAheadOfLog } from './logPosition.ts';

const tags = ['audit'];

const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string().openapi({
      description:
        'Person id, `api_key:<id>`, `<person id>@api_key:<id>` (a person acting through an integration key such as the Sheets add-on) or `system`.',
    }),
    action: z.string().openapi({ example: 'person.update' }),
    resourceKind: z.string().nullable(),
    resourceId: z.string().nullable(),
    data: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
  })
  .openapi('AuditEntry');
const AuditPage = pageSchema(AuditEntry, 'AuditPage');

const AuditQuery = PageQuery.extend({
  cursor: queryInteger(
    0,
    Number.MAX_SAFE_INTEGER,
    'The `nextCursor` of the previous page (the seq of its last entry); 0 or none to start.',
  )
    .optional()
    .openapi({ param: { name: 'cursor', in: 'query' } }),
});

const Verification = z
  .union([
    z.object({ ok: z.literal(true), entries: z.number().int() }),
    z.object({
      ok: z.literal(false),
      brokenAt: z.number().int(),
      reason: z.string(),
      entries: z.number().int(),
    }),
  ])
  .openapi('AuditVerification');

export function auditRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Read the audit log (HR), oldest first',
    description:
      '`cursor` is the `nextCursor` of the previous page; one past the latest seq is 400 `cursor_ahead` with `details.latestSeq`.',
    request: { query: AuditQuery },
    responses: { 200: jsonResponse(AuditPage, 'A page of entries by seq'), ...problems(400, 403) },
  });
  const verify = createRoute({
    method: 'get',
    path: '/verify',
    tags,
    summary: 'Verify the audit hash chain (HR)',
    responses: {
      200: jsonResponse(Verification, '`ok`, or where the chain breaks (`brokenAt` seq) and why'),
      ...problems(403),
    },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      const { limit, cursor } = c.req.valid('query');
      const after = cursor ?? 0;
      // One extra entry tells whether another page follows.
      const { entries } = await kit.store.audit.list(access.orgId, {
        after,
        limit: Math.min(limit + 1, MAX_PAGE_SIZE + 1),
      });
      if (entries.length === 0) await refuseAheadOfLog(kit.store, access.orgId, after, 'cursor');
      const items = entries.slice(0, limit).map(({ orgId: _orgId, ...entry }) => entry);
      const last = items.at(-1);
      return c.json({ items, nextCursor: entries.length > limit && last ? String(last.seq) : null }, 200);
    })
    .openapi(verify, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      return c.json(await kit.store.audit.verify(access.orgId), 200);
    });
  return { path: '/audit', router };
}
