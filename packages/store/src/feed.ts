// Change feed: events appended inside a transaction, read back in seq order by cursor.
import type { Kysely, Selectable } from 'kysely';
import { pageLimit } from './context.ts';
import { StoreError } from './errors.ts';
import { canonicalJson, parseJson, toInt } from './json.ts';
import { columnList, placeholders, rawQuery } from './raw-query.ts';
import type { ChangeFeedTable, Database } from './schema.ts';
import type { ChangeInput, ChangeOp, CursorOptions, Engine, FeedEvent } from './types.ts';

const FEED_COLUMNS = ['org_id', 'seq', 'at', 'kind', 'resource_id', 'op', 'version', 'data'] as const;
const INSERT_CHANGE = `insert into "change_feed" (${columnList(FEED_COLUMNS)}) values (${placeholders(FEED_COLUMNS.length)})`;

const OPS: readonly string[] = ['create', 'update', 'delete'] satisfies ChangeOp[];

function isChangeOp(value: string): value is ChangeOp {
  return OPS.includes(value);
}

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

export async function appendChange(
  db: Kysely<Database>,
  engine: Engine,
  orgId: string,
  seq: number,
  at: string,
  change: ChangeInput,
): Promise<FeedEvent> {
  if (!isChangeOp(change.op))
    throw new StoreError('invalid_argument', `unknown change op ${String(change.op)}`);
  const data = canonicalJson(change.data ?? null);
  // Parameters in FEED_COLUMNS order.
  await rawQuery(db, engine, INSERT_CHANGE, [
    orgId,
    seq,
    at,
    change.kind,
    change.resourceId,
    change.op,
    change.version,
    data,
  ]);
  return {
    orgId,
    seq,
    at,
    kind: change.kind,
    resourceId: change.resourceId,
    op: change.op,
    version: change.version,
    data: parseJson(data),
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
