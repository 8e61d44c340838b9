// Kysely row types for every table the store owns, exactly as stored (snake_case, JSON as text).
import type { ColumnType } from 'kysely';
import type { ResourceTableName } from './resource-kinds.ts';

/** A PostgreSQL bigint reads back as a string; SQLite gives a number. Convert with `toInt`. */
type BigIntColumn = ColumnType<number | string, number, number>;

export interface OrganisationsTable {
  id: string;
  name: string;
  slug: string;
  settings: string;
  seq: ColumnType<number | string, number | undefined, number>;
  created_at: string;
  /** Optimistic version (0002): starts at 1, +1 on every update. */
  version: ColumnType<number, number | undefined, number>;
}

export interface ApiKeysTable {
  id: string;
  org_id: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  /** 0002: the key is refused from this instant on; null = never expires. */
  expires_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IdentitiesTable {
  org_id: string;
  provider: string;
  subject: string;
  person_id: string;
  /** When this login was linked to `person_id`. */
  created_at: string;
  /**
   * 0005: set when HR unlinked the login from `person_id` (a tombstone): sign-in ignores it and the
   * automatic e-mail fallback does not link it to that person again; an explicit link revives it.
   */
  unlinked_at: ColumnType<string | null, string | null | undefined, string | null>;
}

export interface IdempotencyKeysTable {
  org_id: string;
  principal: string;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: string;
}

export interface AuditLogTable {
  org_id: string;
  seq: BigIntColumn;
  at: string;
  actor: string;
  action: string;
  resource_kind: string | null;
  resource_id: string | null;
  data: string;
  prev_hash: string;
  hash: string;
}

export interface ChangeFeedTable {
  org_id: string;
  seq: BigIntColumn;
  at: string;
  kind: string;
  resource_id: string;
  op: string;
  version: number;
  data: string;
}

/** Shape shared by every `r_<kind>` table. */
export interface ResourceTable {
  org_id: string;
  id: string;
  version: number;
  cycle_id: string | null;
  subject_id: string | null;
  parent_id: string | null;
  data: string;
  created_at: string;
  updated_at: string;
  deleted_at: string | null;
}

export type ResourceTables = { [T in ResourceTableName]: ResourceTable };

export type Database = ResourceTables & {
  organisations: OrganisationsTable;
  api_keys: ApiKeysTable;
  identities: IdentitiesTable;
  idempotency_keys: IdempotencyKeysTable;
  audit_log: AuditLogTable;
  change_feed: ChangeFeedTable;
};
