// Idempotency keys: the stored response of a request, inserted once per (org, principal, key); purged by age.
import type { Kysely, Selectable } from 'kysely';
import { StoreError, translateError } from './errors.ts';
import { columnList, placeholders, rawQuery } from './raw-query.ts';
import type { Database, IdempotencyKeysTable } from './schema.ts';
import type { WroteHook } from './tx-log.ts';
import type { Clock, Engine, IdempotencyRecord } from './types.ts';

const KEY_COLUMNS = ['org_id', 'principal', 'key', 'request_hash', 'status', 'body', 'created_at'] as const;
const GET_KEY = 'select * from "idempotency_keys" where "org_id" = ? and "principal" = ? and "key" = ?';
const PUT_KEY =
  `insert into "idempotency_keys" (${columnList(KEY_COLUMNS)}) values (${placeholders(KEY_COLUMNS.length)}) ` +
  'on conflict ("org_id", "principal", "key") do nothing returning *';

export function toIdempotencyRecord(row: Selectable<IdempotencyKeysTable>): IdempotencyRecord {
  return {
    orgId: row.org_id,
    principal: row.principal,
    key: row.key,
    requestHash: row.request_hash,
    status: row.status,
    body: row.body,
    createdAt: row.created_at,
  };
}

export interface Idempotency {
  get(orgId: string, principal: string, key: string): Promise<IdempotencyRecord | undefined>;
  /** Insert-if-absent: `inserted` false means the key existed and `record` is the stored one (unchanged). */
  put(input: Omit<IdempotencyRecord, 'createdAt'>): Promise<{ inserted: boolean; record: IdempotencyRecord }>;
}

export function idempotency(
  db: Kysely<Database>,
  engine: Engine,
  clock: Clock,
  guard: (orgId: string) => void,
  wrote?: WroteHook,
): Idempotency {
  const query = (text: string, params: readonly unknown[]) =>
    rawQuery<Selectable<IdempotencyKeysTable>>(db, engine, text, params);

  async function get(orgId: string, principal: string, key: string): Promise<IdempotencyRecord | undefined> {
    const [row] = await query(GET_KEY, [orgId, principal, key]);
    return row === undefined ? undefined : toIdempotencyRecord(row);
  }

  return {
    async get(orgId, principal, key) {
      guard(orgId);
      return get(orgId, principal, key);
    },

    async put(input) {
      guard(input.orgId);
      let row: Selectable<IdempotencyKeysTable> | undefined;
      try {
        // Parameters in KEY_COLUMNS order.
        [row] = await query(PUT_KEY, [
          input.orgId,
          input.principal,
          input.key,
          input.requestHash,
          input.status,
          input.body,
          clock(),
        ]);
      } catch (error) {
        throw translateError(error, `idempotency key ${input.key}`);
      }
      if (row !== undefined) {
        await wrote?.(null, input.orgId);
        return { inserted: true, record: toIdempotencyRecord(row) };
      }
      const existing = await get(input.orgId, input.principal, input.key);
      if (existing === undefined) throw new Error(`idempotency key ${input.key} vanished after a conflict`);
      return { inserted: false, record: existing };
    },
  };
}

/** Rows deleted per statement while purging, so no single statement holds the write lock for long. */
const PURGE_BATCH = 1000;

export interface IdempotencyPurge {
  /**
   * Deletes the keys of every organisation stored before `olderThan` (an instant; a Date or an ISO
   * string), in batches; returns how many were deleted. Run it periodically: a key only matters while
   * a client may still retry (hours to days).
   */
  purge(olderThan: Date | string): Promise<number>;
}

export function idempotencyPurge(db: Kysely<Database>, guard: () => void): IdempotencyPurge {
  return {
    async purge(olderThan) {
      guard();
      const time = olderThan instanceof Date ? olderThan.getTime() : Date.parse(olderThan);
      if (Number.isNaN(time)) throw new StoreError('invalid_argument', 'olderThan must be a valid instant');
      const cutoff = new Date(time).toISOString();
      let deleted = 0;
      for (;;) {
        const result = await db
          .deleteFrom('idempotency_keys')
          .where((eb) =>
            eb(
              eb.refTuple('org_id', 'principal', 'key'),
              'in',
              eb
                .selectFrom('idempotency_keys')
                .select(['org_id', 'principal', 'key'])
                .where('created_at', '<', cutoff)
                .limit(PURGE_BATCH)
                .$asTuple('org_id', 'principal', 'key'),
            ),
          )
          .executeTakeFirst();
        const n = Number(result.numDeletedRows);
        deleted += n;
        if (n < PURGE_BATCH) return deleted;
      }
    },
  };
}
