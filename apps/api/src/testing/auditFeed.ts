// Test helper: read an organisation's whole audit log and change feed through the API (every page), as HR sees them.
import type { ApiHarness } from './apiHarness.ts';

export type AuditItem = {
  action: string;
  actor: string;
  resourceId: string | null;
  data: Record<string, unknown>;
};
export type FeedEvent = { kind: string; resourceId: string; op: string; version: number };

/** Every audit entry, oldest first (`GET /v1/audit`, cursor-paged). */
export async function readAudit(h: ApiHarness, as: string): Promise<AuditItem[]> {
  const items: AuditItem[] = [];
  for (let cursor: string | null = null; ; ) {
    const page: { body: { items: AuditItem[]; nextCursor: string | null } } = await h.call(
      'GET',
      `/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      { as },
    );
    items.push(...page.body.items);
    cursor = page.body.nextCursor;
    if (!cursor) return items;
  }
}

/** Every change-feed event, in commit order (`GET /v1/changes`, read until a page comes back empty). */
export async function readFeed(h: ApiHarness, as: string): Promise<FeedEvent[]> {
  const out: FeedEvent[] = [];
  for (let after = 0; ; ) {
    const page = await h.call<{ events: FeedEvent[]; nextCursor: number }>(
      'GET',
      `/v1/changes?after=${after}&limit=200`,
      { as },
    );
    out.push(...page.body.events);
    if (page.body.events.length === 0) return out;
    after = page.body.nextCursor;
  }
}
