// SQLite group commit: queued transactions run back to back in one BEGIN IMMEDIATE … COMMIT, a savepoint each.
import { AsyncResource } from 'node:async_hooks';
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { StoreError } from './errors.ts';
import type { Database } from './schema.ts';
import { type SqliteControl, sqliteControl } from './sqlite-lock.ts';

/** A queued transaction. */
interface Job {
  /** Runs the work on the connection (inside its savepoint); keeps the result for `settle`. */
  execute(conn: Kysely<Database>): Promise<void>;
  /** Resolves the caller with the result: only once the batch has committed. */
  settle(): void;
  fail(error: unknown): void;
}

export interface BatchLimits {
  /** Most transactions per commit; default 64. */
  maxBatch?: number;
  /** No further transaction joins a batch that has been open this long (ms); default 10. */
  maxBatchMs?: number;
}

export interface SqliteWriter {
  /** Queues `work` (FIFO); resolves with its result once it is committed, rejects when it rolled back. */
  run<T>(work: (conn: Kysely<Database>) => Promise<T>): Promise<T>;
}

/**
 * One connection per process means transactions run one at a time anyway; committing each costs a WAL
 * write (~0.1 ms) that dwarfs the transaction itself. So the writer drains its queue in batches: one
 * BEGIN IMMEDIATE, each transaction in `SAVEPOINT` … `RELEASE` (a failure rolls back to its savepoint
 * and rejects only that caller), one COMMIT, and only then are the callers resolved — nobody sees
 * success before the data is committed. If SQLite aborts the whole transaction (disk full, I/O error)
 * or the COMMIT fails, every transaction of the batch is rejected. A batch starts in the event loop's
 * next check phase (setImmediate, no timer), with every transaction queued by then.
 */
export function sqliteWriter(
  db: Kysely<Database>,
  database: BetterSqlite3.Database,
  busyTimeoutMs: number,
  limits: BatchLimits = {},
): SqliteWriter {
  const maxBatch = limits.maxBatch ?? 64;
  const maxBatchMs = limits.maxBatchMs ?? 10;
  const control: SqliteControl = sqliteControl(database, busyTimeoutMs);
  const pending: Job[] = [];
  /** A batch is scheduled or running; new jobs just queue for it (or the next one). */
  let scheduled = false;

  async function batch(conn: Kysely<Database>): Promise<void> {
    try {
      await control.begin();
    } catch (error) {
      // Another process held the write lock for the whole busy timeout: everyone waiting has waited that long.
      for (const job of pending.splice(0)) job.fail(error);
      return;
    }
    const started = performance.now();
    const done: Job[] = [];
    try {
      for (let n = 0; n < maxBatch && (n === 0 || performance.now() - started < maxBatchMs); n++) {
        const job = pending.shift();
        if (job === undefined) break;
        control.savepoint();
        try {
          await job.execute(conn);
          control.release();
          done.push(job);
        } catch (error) {
          job.fail(error);
          if (!database.inTransaction) {
            throw new StoreError('aborted', 'SQLite aborted the transaction; retry', { cause: error });
          }
          control.rollbackToSavepoint();
          control.release();
        }
      }
      control.commit();
    } catch (error) {
      control.rollbackQuietly();
      for (const job of done) job.fail(error);
      return;
    }
    for (const job of done) job.settle();
  }

  async function drain(): Promise<void> {
    try {
      await db.connection().execute(batch);
    } catch (error) {
      // The connection itself failed (e.g. the store was closed).
      for (const job of pending.splice(0)) job.fail(error);
    } finally {
      scheduled = false;
      if (pending.length > 0) schedule();
    }
  }

  /**
   * better-sqlite3 is synchronous: a whole transaction runs in microtasks, so HTTP requests never
   * overlap one. Starting the batch in the next check phase (setImmediate, not a timer) lets every
   * request whose I/O arrived in this turn of the event loop queue its transaction first.
   */
  function schedule(): void {
    scheduled = true;
    setImmediate(() => void drain());
  }

  return {
    run<T>(work: (conn: Kysely<Database>) => Promise<T>): Promise<T> {
      // The batch runs in the async context of whoever started draining: bind `work` to its caller's.
      const bound = AsyncResource.bind(work);
      return new Promise<T>((resolve, reject) => {
        let result: { value: T } | undefined;
        pending.push({
          async execute(conn) {
            result = { value: await bound(conn) };
          },
          settle() {
            if (result === undefined)
              reject(new StoreError('aborted', 'transaction finished without a result'));
            else resolve(result.value);
          },
          fail: reject,
        });
        if (!scheduled) schedule();
      });
    },
  };
}
