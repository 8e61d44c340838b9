// /v1/alerts/deliveries (HR): the Teams overdue alerts' delivery records of the organisation, filtered and paged.
import { createRoute, z } from '@hono/zod-openapi';
import type { ResourceRecord, Store } from '@perfloop/store';
import { DELIVERY_PREFIX, type Delivery, DeliverySchema } from '../alerts/deliveries.ts';
import { ALERT_KINDS } from '../alerts/notification.ts';
import type { RouteModule } from '../app.ts';
import { BadRequest } from '../errors.ts';
import { jsonResponse, type Kit, PageQuery, pageCursor, pageSchema, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { STATE_KIND } from './integrations/integrationAccess.ts';

const tags = ['alerts'];

/** Records read at most per request when `kind` / `status` / `digest` filter them out: a page may then be short (follow nextCursor). */
export const DELIVERY_SCAN_BUDGET = 5000;
const STORE_PAGE = 500;

/**
 * The alerted to-do kinds (alerts/notification `ALERT_KINDS`). None asks anyone to write a review: a kind that did
 * (`feedback_request`) would name its recipient, the peer or upward reviewer, to an HR administrator who is its
 * subject, and must be masked for them (appraise/subjectAnonymity) before it is listed here.
 */
const KINDS = ALERT_KINDS;
const STATUSES = ['sending', 'sent', 'failed'] as const;

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const isDay = (v: string) => DAY.test(v) && new Date(`${v}T00:00:00.000Z`).toISOString().startsWith(v);

const DeliveriesQuery = PageQuery.extend({
  day: z
    .string()
    .refine(isDay, 'must be a UTC day, YYYY-MM-DD')
    .optional()
    .openapi({
      param: { name: 'day', in: 'query' },
      description: 'Only this UTC day’s deliveries.',
      example: '2026-12-07',
    }),
  kind: z
    .enum(KINDS)
    .optional()
    .openapi({ param: { name: 'kind', in: 'query' }, description: 'Only alerts of this to-do kind.' }),
  status: z
    .enum(STATUSES)
    .optional()
    .openapi({ param: { name: 'status', in: 'query' }, description: 'Only deliveries in this state.' }),
  digest: z
    .enum(['true', 'false'])
    .optional()
    .openapi({
      param: { name: 'digest', in: 'query' },
      description:
        'true: only daily digests (one notification naming several reports, `subjectIds`); false: only alerts about one item.',
    }),
});

const AlertDelivery = z
  .object({
    id: z.string().openapi({
      description:
        '`alert:teams:<day>:<recipient>:<kind>:<cycle>:<subject or ->`; a digest’s `alert:teams:<day>:<recipient>:<kind>:<cycle>:*`.',
    }),
    channel: z.literal('teams'),
    day: z.string().openapi({
      description:
        'The UTC day it was alerted for (one delivery per item per day; a digest covers its kind and cycle for the recipient that day).',
    }),
    recipientId: z.string().openapi({
      description:
        'The person notified: the manager (a report’s check-in, plan, appraisal or feedback meeting) or the employee (their own plan, self-appraisal or result).',
    }),
    kind: z.enum(KINDS),
    cycleId: z.string(),
    subjectId: z.string().nullable().openapi({
      description:
        'Who the item is about: the report, or the recipient for their own items; null on a digest (see `subjectIds`).',
    }),
    digest: z.boolean().openapi({
      description:
        'A daily digest: one notification for several of the recipient’s items of this kind and cycle about their reports.',
    }),
    subjectIds: z.array(z.string()).openapi({
      description:
        'Everyone the notification is about: the reports a digest names (its last send), else `subjectId` alone (empty when null).',
    }),
    status: z.enum(STATUSES).openapi({
      description:
        '`sending`: claimed and in flight — or its sender died, and a run at least 10 minutes after `claimedAt` sends it again; `sent`; `failed`.',
    }),
    retryable: z
      .boolean()
      .openapi({ description: 'Failed by throttling or an outage: a later run the same day tries again.' }),
    claims: z.number().int().openapi({ description: 'Runs that claimed it.' }),
    attempts: z
      .number()
      .int()
      .openapi({ description: 'Requests made to Microsoft Graph for it, over all claims.' }),
    httpStatus: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Graph’s last answer (204 sent; 0: no answer).' }),
    lastError: z.string().nullable().openapi({
      description: 'Graph’s error code and message of the last failure (never a token or secret).',
    }),
    activityType: z.string().nullable(),
    webUrl: z.string().nullable().openapi({ description: 'The Teams deep link the notification opens.' }),
    claimedAt: z.string().openapi({ description: 'When the last claim was taken.' }),
    createdAt: z.string(),
    updatedAt: z
      .string()
      .openapi({ description: 'When it last changed (its outcome recorded, or claimed again).' }),
  })
  .openapi('AlertDelivery');
type AlertDeliveryBody = z.infer<typeof AlertDelivery>;
const AlertDeliveryPage = pageSchema(AlertDelivery, 'AlertDeliveryPage');

function view(record: ResourceRecord, d: Delivery): AlertDeliveryBody | null {
  const kind = KINDS.find((k) => k === d.kind);
  if (kind === undefined) return null;
  return {
    id: record.id,
    channel: d.channel,
    day: d.day,
    recipientId: d.recipientId,
    kind,
    cycleId: d.cycleId,
    subjectId: d.subjectId,
    digest: d.subjectIds !== undefined,
    subjectIds: d.subjectIds ?? (d.subjectId === null ? [] : [d.subjectId]),
    status: d.state,
    retryable: d.retryable,
    claims: d.claims,
    attempts: d.attempts,
    httpStatus: d.status,
    lastError: d.error,
    activityType: d.activityType,
    webUrl: d.webUrl,
    claimedAt: d.claimedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

export interface DeliveryQuery {
  limit: number;
  /** The decoded cursor: the last record id the previous page read. */
  cursor?: string | undefined;
  day?: string | undefined;
  kind?: (typeof KINDS)[number] | undefined;
  status?: (typeof STATUSES)[number] | undefined;
  /** true: digests only; false: single-item alerts only. */
  digest?: boolean | undefined;
}

/**
 * One page of the organisation's deliveries (ids `alert:teams:…` in id order: by day, then recipient) matching the
 * query, reading at most `scanBudget` records; `next` is the last id read when more may follow, else null.
 */
export async function pageDeliveries(
  store: Pick<Store, 'resources'>,
  orgId: string,
  query: DeliveryQuery,
  scanBudget: number = DELIVERY_SCAN_BUDGET,
): Promise<{ items: AlertDeliveryBody[]; next: string | null }> {
  const { limit, cursor, day, kind, status, digest } = query;
  const prefix = day === undefined ? `${DELIVERY_PREFIX}:` : `${DELIVERY_PREFIX}:${day}:`;
  const repo = store.resources(STATE_KIND);
  const items: AlertDeliveryBody[] = [];
  let after = cursor ?? prefix;
  let lastKey: string | null = null;
  let scanned = 0;
  for (;;) {
    const page = await repo.list(orgId, {
      ...(day === undefined ? {} : { parentId: `${DELIVERY_PREFIX}:${day}` }),
      after,
      limit: STORE_PAGE,
    });
    for (const record of page.records) {
      if (!record.id.startsWith(prefix)) return { items, next: null };
      const parsed = DeliverySchema.safeParse(record.data);
      const item = parsed.success ? view(record, parsed.data) : null;
      if (
        item !== null &&
        (kind === undefined || item.kind === kind) &&
        (status === undefined || item.status === status) &&
        (digest === undefined || item.digest === digest)
      ) {
        // One more match than the page holds: the next page starts after the last record read.
        if (items.length === limit) return { items, next: lastKey };
        items.push(item);
      }
      lastKey = record.id;
      scanned += 1;
      if (scanned >= scanBudget) return { items, next: lastKey };
    }
    if (page.nextCursor === null) return { items, next: null };
    after = page.nextCursor;
  }
}

export function alertDeliveriesRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/deliveries',
    tags,
    summary: 'List the Teams overdue alerts’ deliveries (HR)',
    description: `One record per recipient, to-do item and UTC day — or, for a daily digest (\`digest\`, naming its \`subjectIds\`), per recipient, kind, cycle and day —, ordered by day, then recipient. With \`kind\`, \`status\` or \`digest\`, a page reads at most ${DELIVERY_SCAN_BUDGET} records and may hold fewer than \`limit\` items (even none) while \`nextCursor\` is not null: follow it to the end. A \`cursor\` of another listing (or, with \`day\`, of another day) is 400.`,
    request: { query: DeliveriesQuery },
    responses: {
      200: jsonResponse(AlertDeliveryPage, 'A page of deliveries'),
      ...problems(400, 403),
    },
  });

  const router = createRouter().openapi(list, async (c) => {
    const access = await kit.access(c);
    access.requireHr();
    const { limit, cursor, day, kind, status, digest } = c.req.valid('query');
    const prefix = day === undefined ? `${DELIVERY_PREFIX}:` : `${DELIVERY_PREFIX}:${day}:`;
    if (cursor !== undefined && !cursor.startsWith(prefix)) {
      const message =
        'Not a cursor of this listing: pass the nextCursor of the previous page with the same day.';
      throw new BadRequest(message, {
        code: 'validation_failed',
        errors: [{ path: 'cursor', message, code: 'custom', location: 'query' }],
      });
    }
    const page = await pageDeliveries(kit.store, access.orgId, {
      limit,
      cursor,
      day,
      kind,
      status,
      digest: digest === undefined ? undefined : digest === 'true',
    });
    return c.json({ items: page.items, nextCursor: pageCursor(page.next) }, 200);
  });
  return { path: '/alerts', router };
}
