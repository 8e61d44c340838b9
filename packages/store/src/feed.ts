// Change feed: read back in seq order by cursor (events are appended at commit, see log-flush.ts).
import type { Kysely, Selectable } from 'kysely';
import { pageLimit } from './context.ts';
import { parseJson, toInt } from './json.ts';
import type { ChangeFeedTable, Database } from './schema.ts';
import { isChangeOp } from './tx-log.ts';
import type { CursorOptions, FeedEvent } from './types.ts';

export function toFeedEvent(row: Selectable<ChangeFeedTable>): FeedEvent {
  const op = isChangeOp(row.op) ? row.op : 'update';
  return {
    orgId: row.org_id,
    seq: toInt(row.seq),
    at: row.at,
    kind: row.kind,
    resourceId: row.resource_id,
    op,
    version: row.version,
    data: parseJson(row.data),
  };
}

export interface FeedReader {
  /** Events with seq > after, in seq order (at-least-once: resume from the last seq you processed). */
  read(orgId: string, options?: CursorOptions): Promise<{ events: FeedEvent[]; nextCursor: number }>;
  /** Whether any event of these kinds has a seq in (after, upTo] — one indexed probe, no rows parsed. */
  anyOfKinds(
    orgId: string,
    range: { after: number; upTo: number },
    kinds: readonly string[],
  ): Promise<boolean>;
}

export function feedReader(db: Kysely<Database>, guard: (orgId: string) => void): FeedReader {
  return {
    async read(orgId, options = {}) {
      guard(orgId);
      const after = options.after ?? 0;
      const rows = await db
        .selectFrom('change_feed')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('seq', '>', after)
        .orderBy('seq')
        .limit(pageLimit(options.limit))
        .execute();
      const events = rows.map(toFeedEvent);
      return { events, nextCursor: events.at(-1)?.seq ?? after };
    },
    async anyOfKinds(orgId, { after, upTo }, kinds) {
      guard(orgId);
      if (kinds.length === 0 || upTo <= after) return false;
      const row = await db
        .selectFrom('change_feed')
        .select('seq')
        .where('org_id', '=', orgId)
        .where('seq', '>', after)
        .where('seq', '<=', upTo)
        .where('kind', 'in', [...kinds])
        .limit(1)
        .executeTakeFirst();
      return row !== undefined;
    },
  };
}
