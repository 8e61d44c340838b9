// SQLite group commit: queued transactions run back to back in one BEGIN IMMEDIATE … COMMIT, a savepoint each.
import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import { StoreError } from './errors.ts';
import type { Sequencer } from './log-flush.ts';
import type { Database } from './schema.ts';
import { type SqliteControl, sqliteControl } from './sqlite-lock.ts';
import type { TxLog } from './tx-log.ts';
import { type BatchLimits, createJob, type Job, MAX_RETRIES, type Writer } from './writer.ts';

/** Bumped by every SQLite commit in this process (see sqlite-changes.ts). */
export const processCommits = { count: 0 };

/**
 * One connection per process means transactions run one at a time anyway; committing each costs a WAL
 * write that dwarfs the transaction itself. So the writer drains its queue in batches: one BEGIN
 * IMMEDIATE, each transaction in `SAVEPOINT` … `RELEASE` (a failure rolls back to its savepoint and
 * rejects only that caller), then the audit entries and feed events of all of them, sequenced per
 * organisation with one take of its sequence (log-flush.ts), one COMMIT, and only then are the callers
 * resolved — nobody sees success before the data is committed. If SQLite aborts the whole transaction
 * (disk full, I/O error) or the COMMIT fails, every transaction of the batch is rejected; if sequencing
 * fails (an unknown organisation), the batch is rolled back and its transactions run again one per
 * batch, so only the one at fault fails. A batch starts in the event loop's next check phase
 * (setImmediate, no timer), with every transaction queued by then.
 */
export function sqliteWriter(
  db: Kysely<Database>,
  database: BetterSqlite3.Database,
  busyTimeoutMs: number,
  sequencer: Sequencer,
  limits: BatchLimits = {},
): Writer {
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
    const done: { job: Job; value: unknown; log: TxLog }[] = [];
    let afterCommit: () => void;
    try {
      const solo = pending[0]?.solo === true;
      for (let n = 0; n < maxBatch && (n === 0 || performance.now() - started < maxBatchMs); n++) {
        if (n > 0 && (solo || pending[0]?.solo === true)) break;
        const job = pending.shift();
        if (job === undefined) break;
        control.savepoint();
        const outcome = await job.attempt(conn);
        if (outcome.ok) {
          control.release();
          done.push({ job, value: outcome.value, log: outcome.log });
          continue;
        }
        job.fail(outcome.error);
        if (!database.inTransaction) {
          throw new StoreError('aborted', 'SQLite aborted the transaction; retry', { cause: outcome.error });
        }
        control.rollbackToSavepoint();
        control.release();
      }
      try {
        afterCommit = await sequencer.flush(
          conn,
          done.map((d) => d.log),
        );
      } catch (error) {
        control.rollbackQuietly();
        if (done.length === 1 || done.some((d) => d.job.retries >= MAX_RETRIES)) {
          for (const { job } of done) job.fail(error);
        } else {
          for (const { job } of done) {
            job.retries += 1;
            job.solo = true;
          }
          pending.unshift(...done.map((d) => d.job));
        }
        return;
      }
      control.commit();
    } catch (error) {
      control.rollbackQuietly();
      for (const { job } of done) job.fail(error);
      return;
    }
    processCommits.count += 1;
    afterCommit();
    limits.onCommit?.(done.length);
    for (const { job, value } of done) job.settle(value);
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
    run(orgId, attempt) {
      return new Promise((resolve, reject) => {
        pending.push(createJob(orgId, attempt, resolve, reject));
        if (!scheduled) schedule();
      });
    },
  };
}
