// The Store: repositories, transactions, audit and feed readers over one Kysely instance.
import { AsyncLocalStorage } from 'node:async_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { type ApiKeys, apiKeys } from './api-keys.ts';
import { type AuditReader, auditReader } from './audit.ts';
import type { RepoContext } from './context.ts';
import { StoreError } from './errors.ts';
import { type FeedReader, feedReader } from './feed.ts';
import { type Idempotency, type IdempotencyPurge, idempotency, idempotencyPurge } from './idempotency.ts';
import { type Identities, identities } from './identities.ts';
import { type Organisations, organisations } from './organisations.ts';
import type { ResourceKind } from './resource-kinds.ts';
import { resourceRepository } from './resources.ts';
import type { Database } from './schema.ts';
import { sqliteWriter } from './sqlite-writer.ts';
import { createTx, type Tx } from './transaction.ts';
import type { Clock, Engine, ResourceRepository, StoreOptions } from './types.ts';

export interface Store {
  readonly engine: Engine;
  /** Org-scoped repository for one resource kind (outside any transaction: each call commits alone). */
  resources(kind: ResourceKind): ResourceRepository;
  /**
   * Runs `fn` in one transaction for `orgId`: everything written through `tx` commits or rolls back
   * together (a thrown error rolls back). Inside `fn`, use `tx` only — calling the store itself throws.
   */
  transaction<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  readonly organisations: Organisations;
  readonly apiKeys: ApiKeys;
  readonly identities: Identities;
  readonly idempotency: Idempotency & IdempotencyPurge;
  readonly audit: AuditReader;
  readonly feed: FeedReader;
  /** Resolves when the database answers a trivial query (for /readyz); rejects otherwise. */
  ping(): Promise<void>;
  /** Closes the database / pool; idempotent. */
  close(): Promise<void>;
  /** The underlying Kysely instance: an escape hatch for tests and operations, not for the API's writes. */
  readonly db: Kysely<Database>;
}

export type EngineHandle =
  | { engine: 'sqlite'; db: Kysely<Database>; database: BetterSqlite3.Database; busyTimeoutMs: number }
  | { engine: 'postgres'; db: Kysely<Database> };

export function createStore(handle: EngineHandle, clock: Clock, options: StoreOptions = {}): Store {
  const { db, engine } = handle;
  /** Marks async work running inside one of this store's transactions (when detection is on). */
  const insideTransaction =
    options.detectNestedTransactions === false ? undefined : new AsyncLocalStorage<{ active: boolean }>();
  let closed = false;

  const guard = (): void => {
    if (closed) throw new StoreError('closed', 'the store is closed');
    if (insideTransaction?.getStore()?.active === true) {
      throw new StoreError(
        'nested_transaction',
        'store method called inside store.transaction(): use the tx argument (on SQLite this would deadlock)',
      );
    }
  };
  const ctx: RepoContext = { db, engine, clock, guard };
  const repos = new Map<ResourceKind, ResourceRepository>();
  /** SQLite: transactions queue for the one connection and commit in batches (group commit). */
  const writer =
    handle.engine === 'sqlite' ? sqliteWriter(db, handle.database, handle.busyTimeoutMs) : undefined;

  async function runTx<T>(executor: Kysely<Database>, orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    const txHandle = createTx(executor, engine, clock, orgId);
    const marker = { active: true };
    try {
      return await (insideTransaction
        ? insideTransaction.run(marker, () => fn(txHandle.tx))
        : fn(txHandle.tx));
    } finally {
      marker.active = false;
      txHandle.finish();
    }
  }

  async function transaction<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
    guard();
    if (writer === undefined) {
      return db.transaction().execute((trx) => runTx(trx, orgId, fn));
    }
    // One connection, held for the whole batch (Kysely's mutex), so concurrent transactions never
    // interleave; IMMEDIATE takes the write lock up front so two processes never deadlock.
    return writer.run((conn) => runTx(conn, orgId, fn));
  }

  return {
    engine,
    db,
    resources(kind) {
      let repo = repos.get(kind);
      if (repo === undefined) {
        repo = resourceRepository(ctx, kind);
        repos.set(kind, repo);
      }
      return repo;
    },
    transaction,
    organisations: organisations(db, clock, guard),
    apiKeys: apiKeys(db, engine, clock, guard),
    identities: identities(db, engine, clock, guard),
    idempotency: { ...idempotency(db, engine, clock, guard), ...idempotencyPurge(db, guard) },
    audit: auditReader(db, guard),
    feed: feedReader(db, guard),
    async ping() {
      guard();
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
