// API keys: stored by sha-256 hash of the secret (never the secret), found by prefix, revoked, touched, optional expiry.
import { type Kysely, type Selectable, sql } from 'kysely';
import { StoreError, translateError } from './errors.ts';
import { parseJson } from './json.ts';
import { rawQuery } from './raw-query.ts';
import type { ApiKeysTable, Database } from './schema.ts';
import { API_KEYS_KIND, type WroteHook } from './tx-log.ts';
import type { ApiKey, Clock, CreateApiKeyInput, Engine } from './types.ts';

const FIND_BY_PREFIX = 'select * from "api_keys" where "prefix" = ?';
const TOUCH = 'update "api_keys" set "last_used_at" = ? where "org_id" = ? and "id" = ?';

const SHA256_HEX = /^[0-9a-f]{64}$/;

function toScopes(text: string): string[] {
  const value = parseJson(text);
  return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string') : [];
}

export function toApiKey(row: Selectable<ApiKeysTable>): ApiKey {
  return {
    id: row.id,
    orgId: row.org_id,
    name: row.name,
    prefix: row.prefix,
    hash: row.hash,
    scopes: toScopes(row.scopes),
    createdAt: row.created_at,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
  };
}

/** An expiry as stored: a valid instant, normalised to ISO-8601 UTC so text comparison orders it. */
function expiryText(value: string | null | undefined): string | null {
  if (value === undefined || value === null) return null;
  const time = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(time))
    throw new StoreError('invalid_argument', 'api key expiresAt must be an ISO-8601 instant');
  return new Date(time).toISOString();
}

export interface ApiKeys {
  /**
   * `hash` must be the lowercase sha-256 hex of the secret. Throws 'duplicate' on a taken id or prefix,
   * 'invalid_argument' on a bad hash or expiresAt.
   */
  create(input: CreateApiKeyInput): Promise<ApiKey>;
  /**
   * Across organisations (authentication starts from the key). Revoked and expired keys are returned too,
   * with revokedAt / expiresAt: the caller refuses them.
   */
  findByPrefix(prefix: string): Promise<ApiKey | undefined>;
  list(orgId: string): Promise<ApiKey[]>;
  /** Sets revokedAt once; undefined when the key is not in this organisation. */
  revoke(orgId: string, id: string): Promise<ApiKey | undefined>;
  /** Records a use (lastUsedAt = now). */
  touch(orgId: string, id: string): Promise<void>;
}

export function apiKeys(
  db: Kysely<Database>,
  engine: Engine,
  clock: Clock,
  guard: (orgId: string | null) => void,
  wrote?: WroteHook,
): ApiKeys {
  return {
    async create(input) {
      guard(input.orgId);
      if (!SHA256_HEX.test(input.hash)) {
        throw new StoreError('invalid_argument', 'api key hash must be a lowercase sha-256 hex digest');
      }
      const expiresAt = expiryText(input.expiresAt);
      let row: Selectable<ApiKeysTable>;
      try {
        row = await db
          .insertInto('api_keys')
          .values({
            id: input.id,
            org_id: input.orgId,
            name: input.name,
            prefix: input.prefix,
            hash: input.hash,
            scopes: JSON.stringify([...input.scopes]),
            created_at: clock(),
            last_used_at: null,
            revoked_at: null,
            expires_at: expiresAt,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
      } catch (error) {
        throw translateError(error, `api key ${input.id} (prefix ${input.prefix})`);
      }
      await wrote?.(API_KEYS_KIND, input.orgId);
      return toApiKey(row);
    },

    async findByPrefix(prefix) {
      guard(null);
      const [row] = await rawQuery<Selectable<ApiKeysTable>>(db, engine, FIND_BY_PREFIX, [prefix]);
      return row === undefined ? undefined : toApiKey(row);
    },

    async list(orgId) {
      guard(orgId);
      const rows = await db
        .selectFrom('api_keys')
        .selectAll()
        .where('org_id', '=', orgId)
        .orderBy('id')
        .execute();
      return rows.map(toApiKey);
    },

    async revoke(orgId, id) {
      guard(orgId);
      const row = await db
        .updateTable('api_keys')
        .set({ revoked_at: sql<string>`coalesce(revoked_at, ${clock()})` })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) return undefined;
      await wrote?.(API_KEYS_KIND, orgId);
      return toApiKey(row);
    },

    async touch(orgId, id) {
      guard(orgId);
      await rawQuery(db, engine, TOUCH, [clock(), orgId, id]);
      // lastUsedAt is informational: nobody caches it.
      await wrote?.(null, orgId);
    },
  };
}
