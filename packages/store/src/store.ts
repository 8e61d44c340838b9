// The Store: repositories, transactions (group-committed on both engines), audit and feed readers, change tracking.
import { AsyncLocalStorage } from 'node:async_hooks';
import { randomBytes } from 'node:crypto';
import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, sql } from 'kysely';
import { type ApiKeys, apiKeys } from './api-keys.ts';
import { type AuditReader, auditReader } from './audit.ts';
import { type ChangeHub, type ChangeWatch, createChangeHub } from './changes.ts';
import type { RepoContext } from './context.ts';
import { StoreError } from './errors.ts';
import { type FeedReader, feedReader } from './feed.ts';
import { type Idempotency, type IdempotencyPurge, idempotency, idempotencyPurge } from './idempotency.ts';
import { type Identities, identities } from './identities.ts';
import { AuditHeads, createSequencer } from './log-flush.ts';
import { type Organisations, organisations } from './organisations.ts';
import { changeChannel, notifyPayload, type PgListener, startPgListener } from './pg-listener.ts';
import { pgWriter } from './pg-writer.ts';
import { rawQuery } from './raw-query.ts';
import type { ResourceKind } from './resource-kinds.ts';
import { resourceRepository } from './resources.ts';
import type { Database } from './schema.ts';
import { type Checkpointer, startCheckpointer } from './sqlite.ts';
import { sqlitePoll } from './sqlite-changes.ts';
import { processCommits, sqliteWriter } from './sqlite-writer.ts';
import { createTx, type Tx } from './transaction.ts';
import type { WroteHook } from './tx-log.ts';
import type { Clock, Engine, ResourceRepository, StoreOptions } from './types.ts';
import type { Attempt, Writer } from './writer.ts';

export interface Store {
  readonly engine: Engine;
  /**
   * Org-scoped repository for one resource kind (outside any transaction: each call commits alone,
   * unaudited; the API writes through transactions).
   */
  resources(kind: ResourceKind): ResourceRepository;
  /**
   * Runs `fn` in one transaction for `orgId`: everything written through `tx` commits or rolls back
   * together (a thrown error rolls back). Inside `fn`, use `tx` only — calling the store itself throws.
   * Concurrent transactions are group-committed (several share one database transaction and COMMIT);
   * each resolves only once committed. `fn` may run more than once (its batch retried after a deadlock
   * or another transaction's failure), so it must act only through `tx`.
   */
  transaction<T>(orgId: string, fn: (tx: Tx) => Promise<T>): Promise<T>;
  readonly organisations: Organisations;
  readonly apiKeys: ApiKeys;
  readonly identities: Identities;
  readonly idempotency: Idempotency & IdempotencyPurge;
  readonly audit: AuditReader;
  readonly feed: FeedReader;
  /** Every committed change, for caches (see changes.ts for the consistency it gives). */
  readonly changes: ChangeWatch;
  /** Resolves when the database answers a trivial query (for /readyz); rejects otherwise. */
  ping(): Promise<void>;
  /** Closes the database / pool; idempotent. */
  close(): Promise<void>;
  /** The underlying Kysely instance: an escape hatch for tests and operations, not for the API's writes. */
  readonly db: Kysely<Database>;
}

export type EngineHandle =
  | {
      engine: 'sqlite';
      db: Kysely<Database>;
      database: BetterSqlite3.Database;
      busyTimeoutMs: number;
      /** The database file (':memory:' runs no checkpointer). */
      file: string;
    }
  | {
      engine: 'postgres';
      db: Kysely<Database>;
      /** Connection string and schema, for the LISTEN connection of change tracking. */
      url: string;
      schema: string;
      onPoolError?: (error: Error) => void;
    };

export async function createStore(
  handle: EngineHandle,
  clock: Clock,
  options: StoreOptions = {},
): Promise<Store> {
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
  const hub: ChangeHub = createChangeHub();
  /** Tells this store's notifications from other instances'. */
  const instance = randomBytes(8).toString('hex');
  const channel = handle.engine === 'postgres' ? changeChannel(handle.schema) : undefined;
  const publish = (orgId: string, kinds: readonly string[]) => hub.publish({ orgId, kinds });
  /** Writes outside a transaction: reported here at once and, on PostgreSQL, notified to other instances. */
  const wroteOutside: WroteHook = async (kind, orgId) => {
    if (kind === null) return;
    if (engine === 'sqlite') processCommits.count += 1;
    publish(orgId, [kind]);
    if (channel !== undefined) {
      await rawQuery(db, 'postgres', 'select pg_notify(?, ?)', [
        channel,
        notifyPayload(instance, orgId, [kind]),
      ]);
    }
  };
  const ctx: RepoContext = { db, engine, clock, guard, wrote: wroteOutside };
  const repos = new Map<ResourceKind, ResourceRepository>();
  const heads = new AuditHeads();
  const sequencer = createSequencer({
    engine,
    clock,
    heads,
    publish,
    ...(channel !== undefined
      ? { notify: { channel, payload: (orgId, kinds) => notifyPayload(instance, orgId, kinds) } }
      : {}),
  });
  const limits = options.batch ?? {};
  const writer: Writer =
    handle.engine === 'sqlite'
      ? sqliteWriter(db, handle.database, handle.busyTimeoutMs, sequencer, limits)
      : pgWriter(db, sequencer, limits);
  let listener: PgListener | undefined;
  let checkpointer: Checkpointer | undefined;
  if (handle.engine === 'sqlite') {
    hub.setEngine({ poll: sqlitePoll(handle.database, hub) });
    if (handle.file !== ':memory:') checkpointer = startCheckpointer(handle.file, handle.database);
  } else {
    listener = await startPgListener({
      url: handle.url,
      channel: channel as string,
      instance,
      hub,
      ...(handle.onPoolError ? { onError: handle.onPoolError } : {}),
    });
    const live = listener;
    hub.setEngine({ sync: () => live.sync() });
  }
  // A change another process made is unknown to this process's audit heads.
  hub.subscribe((event) => {
    if (event.orgId === null) heads.clear();
  });

  async function attempt<T>(
    executor: Kysely<Database>,
    orgId: string,
    fn: (tx: Tx) => Promise<T>,
  ): Promise<Attempt<T>> {
    const txHandle = createTx(executor, engine, clock, orgId);
    const marker = { active: true };
    try {
      const value = await (insideTransaction
        ? insideTransaction.run(marker, () => fn(txHandle.tx))
        : fn(txHandle.tx));
      return { ok: true, value, log: txHandle.log };
    } catch (error) {
      return { ok: false, error, log: txHandle.log };
    } finally {
      marker.active = false;
      txHandle.finish();
    }
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
    async transaction(orgId, fn) {
      guard();
      return writer.run(orgId, (conn) => attempt(conn, orgId, fn));
    },
    organisations: organisations(db, clock, guard),
    apiKeys: apiKeys(db, engine, clock, guard, wroteOutside),
    identities: identities(db, engine, clock, guard, wroteOutside),
    idempotency: { ...idempotency(db, engine, clock, guard), ...idempotencyPurge(db, guard) },
    audit: auditReader(db, guard),
    feed: feedReader(db, guard),
    changes: hub,
    async ping() {
      guard();
      await sql`select 1`.execute(db);
    },
    async close() {
      if (closed) return;
      closed = true;
      await listener?.close();
      await checkpointer?.close();
      await db.destroy();
    },
  };
}
