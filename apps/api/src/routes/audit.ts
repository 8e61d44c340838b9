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
import { ANONYMOUS_ACTOR, loggedForReader } from './appraise/subjectAnonymity.ts';
import { loadLoggedReviewers, loggedThresholds } from './loggedReviewers.ts';
import { refuseAheadOfLog } from './logPosition.ts';

const tags = ['audit'];

const AuditEntry = z
  .object({
    seq: z.number().int(),
    at: z.string(),
    actor: z.string().openapi({
      description:
        'Person id, `api_key:<id>`, `<person id>@api_key:<id>` (a person acting through an integration key such as the Sheets add-on) or `system`; `anonymous` on a `redacted` entry about a peer or upward review or feedback request of yourself (its reviewer stays anonymous to you).',
    }),
    action: z.string().openapi({ example: 'person.update' }),
    resourceKind: z.string().nullable(),
    resourceId: z.string().nullable(),
    data: z.unknown(),
    prevHash: z.string(),
    hash: z.string(),
    redacted: z.literal(true).optional().openapi({
      description:
        'Present (true) when this entry is shown to you with something left out: a change to a peer or upward review or feedback request about yourself (`actor` is `anonymous`, every `reviewerId` and answering `reviewId` in `data` null, as is any other value that is the reviewer’s id), a change to a review of yourself written by someone else (its `ratings` and `summary` null — you read what it says through the reviews routes from `feedback` on), or a score explanation about yourself kept with a result or draft (without a peer or upward reviewer, as you read it there). `hash` and `prevHash` are still those of the stored entry, which you cannot recompute from what is shown: check such an entry with GET /v1/audit/verify, which verifies the whole chain as stored, server-side.',
    }),
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

/** An audit entry as the change it logs (the review or request it may be about). */
const loggedChange = (e: { resourceKind: string | null; resourceId: string | null; data: unknown }) => ({
  kind: e.resourceKind,
  resourceId: e.resourceId,
  data: e.data,
});

export function auditRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Read the audit log (HR), oldest first',
    description:
      '`cursor` is the `nextCursor` of the previous page; one past the latest seq is 400 `cursor_ahead` with `details.latestSeq`. Peer and upward reviewers stay anonymous to the person reviewed, HR included: entries about a peer or upward review or feedback request of yourself come `redacted` (no actor, no reviewer), and score explanations about yourself without a peer or upward reviewer.',
    request: { query: AuditQuery },
    responses: { 200: jsonResponse(AuditPage, 'A page of entries by seq'), ...problems(400, 403) },
  });
  const verify = createRoute({
    method: 'get',
    path: '/verify',
    tags,
    summary: 'Verify the audit hash chain (HR)',
    description:
      'Every entry as stored, recomputed here: also those GET /v1/audit shows you `redacted`, whose hashes you cannot recompute from what it shows.',
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
      const page = entries.slice(0, limit).map(({ orgId: _orgId, ...entry }) => entry);
      const records = await loadLoggedReviewers(kit.store, access.orgId, page.map(loggedChange));
      const minReviewsOf = await loggedThresholds(kit.store, access.orgId, page.map(loggedChange), records);
      const items = page.map((entry) => {
        const view = loggedForReader(access, loggedChange(entry), records, minReviewsOf);
        if (!view.redacted) return entry;
        const actor = view.hideActor ? ANONYMOUS_ACTOR : entry.actor;
        return { ...entry, actor, data: view.data, redacted: true as const };
      });
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
