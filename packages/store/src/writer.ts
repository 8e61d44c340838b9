// What the engines' group-commit writers share: a queued transaction and the outcome of running it once.
import { AsyncResource } from 'node:async_hooks';
import type { Kysely } from 'kysely';
import { StoreError } from './errors.ts';
import type { Database } from './schema.ts';
import type { TxLog } from './tx-log.ts';

/** One run of a transaction's function on a connection: its value or error, and what it recorded. */
export type Attempt<T> = { ok: true; value: T; log: TxLog } | { ok: false; error: unknown; log: TxLog };

export interface Writer {
  /** Queues a transaction of `orgId`; resolves with its value once committed, rejects when it rolled back. */
  run<T>(orgId: string, attempt: (conn: Kysely<Database>) => Promise<Attempt<T>>): Promise<T>;
}

export interface BatchLimits {
  /** Most transactions per commit; default 64. */
  maxBatch?: number;
  /** SQLite: no further transaction joins a batch that has been open this long (ms); default 10. */
  maxBatchMs?: number;
  /**
   * PostgreSQL: batches of one organisation whose transactions' functions run at the same time, each on its
   * own connection (they meet at the organisation's sequence row, taken last); default 3.
   */
  maxConcurrentBatches?: number;
  /** Called after each commit with the number of transactions it held (diagnostics, tests). */
  onCommit?: (transactions: number) => void;
}

/** A queued transaction. */
export interface Job {
  readonly orgId: string;
  /** Runs the transaction's function; may run again when its batch is retried. */
  attempt(conn: Kysely<Database>): Promise<Attempt<unknown>>;
  /** Resolves the caller with the last successful attempt's value: call only once committed. */
  settle(value: unknown): void;
  fail(error: unknown): void;
  /** How many times its batch was rolled back and the job queued again. */
  retries: number;
  /** Run alone in its next batch (after a batch-level failure, to find whose it was). */
  solo: boolean;
}

/** A job that runs `attempt` in its caller's async context (batches run in whoever started them). */
export function createJob<T>(
  orgId: string,
  attempt: (conn: Kysely<Database>) => Promise<Attempt<T>>,
  resolve: (value: T) => void,
  reject: (error: unknown) => void,
): Job {
  // Not AsyncResource.bind: it builds a deprecation wrapper on every call (~10 µs).
  const context = new AsyncResource('perfloop.transaction');
  return {
    orgId,
    attempt: (conn) => context.runInAsyncScope(attempt, null, conn),
    settle: (value) => resolve(value as T),
    fail: reject,
    retries: 0,
    solo: false,
  };
}

/** Jobs retried this often (deadlocks, batch-level failures) fail with the last error. */
export const MAX_RETRIES = 5;

export function abortedBatch(cause: unknown): StoreError {
  return new StoreError('aborted', 'the batch of transactions was rolled back; retry', { cause });
}
