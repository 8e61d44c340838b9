// Idempotency keys: the stored response of a request, inserted once per (org, principal, key).
import type { Kysely, Selectable } from 'kysely';
import { translateError } from './errors.ts';
import type { Database, IdempotencyKeysTable } from './schema.ts';
import type { Clock, IdempotencyRecord } from './types.ts';

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

export function idempotency(db: Kysely<Database>, clock: Clock, guard: (orgId: string) => void): Idempotency {
  async function get(orgId: string, principal: string, key: string): Promise<IdempotencyRecord | undefined> {
    const row = await db
      .selectFrom('idempotency_keys')
      .selectAll()
      .where('org_id', '=', orgId)
      .where('principal', '=', principal)
      .where('key', '=', key)
      .executeTakeFirst();
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
        row = await db
          .insertInto('idempotency_keys')
          .values({
            org_id: input.orgId,
            principal: input.principal,
            key: input.key,
            request_hash: input.requestHash,
            status: input.status,
            body: input.body,
            created_at: clock(),
          })
          .onConflict((oc) => oc.columns(['org_id', 'principal', 'key']).doNothing())
          .returningAll()
          .executeTakeFirst();
      } catch (error) {
        throw translateError(error, `idempotency key ${input.key}`);
      }
      if (row !== undefined) return { inserted: true, record: toIdempotencyRecord(row) };
      const existing = await get(input.orgId, input.principal, input.key);
      if (existing === undefined) throw new Error(`idempotency key ${input.key} vanished after a conflict`);
      return { inserted: false, record: existing };
    },
  };
}
