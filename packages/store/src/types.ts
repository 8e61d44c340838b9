// Public record, input and config types of @perfloop/store (camelCase; timestamps are ISO-8601 UTC strings).
import type { ResourceKind } from './resource-kinds.ts';
import type { BatchLimits } from './writer.ts';

export type { BatchLimits } from './writer.ts';

/** Returns the current instant as an ISO string; injectable so tests control time. */
export type Clock = () => string;

export type StoreConfig =
  | {
      kind: 'sqlite';
      /** Database file (its directory is created if missing), or ':memory:'. */
      file: string;
      /** How long a writer waits for another process's lock (PRAGMA busy_timeout); default 5000 ms. */
      busyTimeoutMs?: number;
      clock?: Clock;
      /** See `StoreOptions.detectNestedTransactions`. */
      detectNestedTransactions?: boolean;
      /** See `StoreOptions.batch`. */
      batch?: BatchLimits;
    }
  | {
      kind: 'postgres';
      url: string;
      /** Schema to use (created if missing, set as search_path on every pooled connection). */
      schema?: string;
      /** Pool size; default 10. */
      poolSize?: number;
      /** How long to wait for a pooled connection before failing; default 5000 ms. */
      connectTimeoutMs?: number;
      clock?: Clock;
      /** Errors of idle pooled connections (otherwise ignored; the pool reconnects). */
      onPoolError?: (error: Error) => void;
      /**
       * Run the store's fixed hot-path statements as named prepared statements; default true. Turn off behind a
       * pooler that does not keep them per client connection (PgBouncer in transaction mode before 1.21).
       */
      preparedStatements?: boolean;
      /** See `StoreOptions.detectNestedTransactions`. */
      detectNestedTransactions?: boolean;
      /** See `StoreOptions.batch`. */
      batch?: BatchLimits;
    };

export interface StoreOptions {
  /**
   * Refuse store methods called inside `store.transaction()` (code `nested_transaction`; on SQLite
   * such a call would deadlock). Default true. The check tracks the transaction through
   * AsyncLocalStorage, which turns on promise hooks for the whole process (~15–20 % of an API
   * request's CPU), so production may switch it off once development and tests ran with it on.
   */
  detectNestedTransactions?: boolean;
  /** Group commit: the most transactions per commit, and a hook told each commit's size. */
  batch?: BatchLimits;
}

export type Engine = 'sqlite' | 'postgres';

export type JsonObject = Record<string, unknown>;

export interface ResourceRecord {
  orgId: string;
  id: string;
  /** Starts at 1, +1 on every update and on soft delete. */
  version: number;
  cycleId: string | null;
  /** The person the record is about or owned by. */
  subjectId: string | null;
  parentId: string | null;
  data: JsonObject;
  createdAt: string;
  updatedAt: string;
  deletedAt: string | null;
}

export interface CreateResourceInput {
  id: string;
  cycleId?: string | null;
  subjectId?: string | null;
  parentId?: string | null;
  data: JsonObject;
  /**
   * Create only while another record of this organisation is live at this version (in the same
   * statement; inside a transaction it then stays so until commit: PostgreSQL `FOR SHARE`, SQLite's
   * write lock). Otherwise throws StoreError 'precondition_failed' and writes nothing.
   */
  requires?: { kind: ResourceKind; id: string; version: number };
}

export interface UpdateResourceInput {
  expectedVersion: number;
  /** Replaces the stored data entirely. */
  data: JsonObject;
  /** `undefined` keeps the stored value, `null` clears it. */
  cycleId?: string | null;
  subjectId?: string | null;
  parentId?: string | null;
}

export interface ListResourcesOptions {
  cycleId?: string;
  subjectId?: string;
  parentId?: string;
  /** Only these ids (one query, no N+1). */
  ids?: readonly string[];
  includeDeleted?: boolean;
  /** 1–1000, default 100. */
  limit?: number;
  /** Id cursor: return records with id greater than this. */
  after?: string;
}

export interface ResourcePage {
  records: ResourceRecord[];
  /** Pass as `after` for the next page; null when this was the last page. */
  nextCursor: string | null;
}

export type WriteResult =
  | { ok: true; record: ResourceRecord }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'version_conflict'; current: ResourceRecord };

export interface ResourceRepository {
  readonly kind: ResourceKind;
  /** Soft-deleted records are hidden unless `includeDeleted`. Another organisation's id is not found. */
  get(orgId: string, id: string, options?: { includeDeleted?: boolean }): Promise<ResourceRecord | undefined>;
  /**
   * The live record's version, without reading its data (undefined when missing or deleted). Ids are
   * never reused (a deleted record keeps its id), so an unchanged version means unchanged data.
   * `share`: inside a transaction, keep others from changing the record until commit (PostgreSQL
   * `FOR SHARE`; a SQLite write transaction excludes other writers anyway), so a decision taken on
   * this version still holds when the transaction commits. `exclusive`: also keep other transactions
   * asking for it exclusively waiting until this one commits (PostgreSQL `FOR UPDATE`), so decisions
   * read-then-written under it (e.g. children appended to the record) are taken one at a time.
   */
  version(
    orgId: string,
    id: string,
    options?: { share?: boolean; exclusive?: boolean },
  ): Promise<number | undefined>;
  /** Ordered by id. */
  list(orgId: string, options?: ListResourcesOptions): Promise<ResourcePage>;
  /** Version 1. Throws StoreError 'duplicate' when the id exists in this organisation. */
  create(orgId: string, input: CreateResourceInput): Promise<ResourceRecord>;
  /** Atomic compare-and-set on `expectedVersion`. */
  update(orgId: string, id: string, input: UpdateResourceInput): Promise<WriteResult>;
  /** Sets deletedAt and bumps the version; compare-and-set like update. */
  softDelete(orgId: string, id: string, expectedVersion: number): Promise<WriteResult>;
}

export interface Organisation {
  id: string;
  name: string;
  slug: string;
  settings: JsonObject;
  /** Last sequence number handed out to the audit log / change feed. */
  seq: number;
  /** Optimistic version: starts at 1, +1 on every `tx.organisations.update`. */
  version: number;
  createdAt: string;
}

export interface UpdateOrganisationInput {
  expectedVersion: number;
  /** `undefined` keeps the stored name. */
  name?: string;
  /** Replaces the stored settings entirely; `undefined` keeps them. */
  settings?: JsonObject;
}

export type OrganisationWriteResult =
  | { ok: true; record: Organisation }
  | { ok: false; reason: 'not_found' }
  | { ok: false; reason: 'version_conflict'; current: Organisation };

export interface CreateOrganisationInput {
  id: string;
  name: string;
  slug: string;
  settings?: JsonObject;
}

export interface ApiKey {
  id: string;
  orgId: string;
  name: string;
  prefix: string;
  /** sha-256 hex of the secret; the secret itself is never stored. */
  hash: string;
  scopes: string[];
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
  /** The key is refused from this instant on (ISO-8601 UTC); null = never expires. */
  expiresAt: string | null;
}

export interface CreateApiKeyInput {
  id: string;
  orgId: string;
  name: string;
  prefix: string;
  hash: string;
  scopes: readonly string[];
  /** Optional expiry: an ISO-8601 instant (stored normalised to UTC, e.g. `2030-01-01T00:00:00.000Z`). */
  expiresAt?: string | null;
}

/** `email`: the subject is the lower-cased e-mail address (the store lower-cases it on link and find). */
export type IdentityProvider = 'entra' | 'google' | 'email' | 'dev';

export interface Identity {
  orgId: string;
  provider: IdentityProvider;
  subject: string;
  personId: string;
  /** When the login was linked to this person. */
  createdAt: string;
  /** Set when HR unlinked it from this person (it no longer signs in; see Identities.unlink). */
  unlinkedAt: string | null;
}

/**
 * `linked_to_other_org`: another organisation owns the login. `unlinked`: an automatic link of a
 * login HR unlinked from this very person (refused until an explicit link revives it).
 */
export type LinkResult =
  | { ok: true; identity: Identity }
  | { ok: false; reason: 'linked_to_other_org' | 'unlinked' };

export interface IdempotencyRecord {
  orgId: string;
  principal: string;
  key: string;
  requestHash: string;
  /** HTTP status of the stored response. */
  status: number;
  /** Stored response body (text). */
  body: string;
  createdAt: string;
}

export interface AuditInput {
  actor: string;
  action: string;
  resourceKind?: string | null;
  resourceId?: string | null;
  /** Any JSON value; stored as canonical JSON. */
  data?: unknown;
}

export interface AuditEntry {
  orgId: string;
  seq: number;
  at: string;
  actor: string;
  action: string;
  resourceKind: string | null;
  resourceId: string | null;
  data: unknown;
  prevHash: string;
  hash: string;
}

export type VerifyResult =
  | { ok: true; entries: number }
  | { ok: false; brokenAt: number; reason: string; entries: number };

export type ChangeOp = 'create' | 'update' | 'delete';

export interface ChangeInput {
  /** Usually a ResourceKind. */
  kind: string;
  resourceId: string;
  op: ChangeOp;
  version: number;
  /** Usually the record's data after the change; null for deletes. */
  data?: unknown;
}

export interface FeedEvent {
  orgId: string;
  seq: number;
  at: string;
  kind: string;
  resourceId: string;
  op: ChangeOp;
  version: number;
  data: unknown;
}

export interface CursorOptions {
  /** Return items with seq greater than this; default 0. */
  after?: number;
  /** 1–1000, default 100. */
  limit?: number;
}
