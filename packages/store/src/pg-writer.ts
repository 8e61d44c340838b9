// PostgreSQL group commit: per organisation, concurrent transactions share one database transaction, one take
// of the organisation's sequence (its row lock) and one COMMIT; each caller is resolved only after that COMMIT.
import type { Kysely } from 'kysely';
import type { Sequencer } from './log-flush.ts';
import { rawQuery } from './raw-query.ts';
import type { Database } from './schema.ts';
import type { TxLog } from './tx-log.ts';
import { abortedBatch, type BatchLimits, createJob, type Job, MAX_RETRIES, type Writer } from './writer.ts';

/** PostgreSQL errors after which running the same transactions again is the remedy. */
const RETRYABLE = new Set(['40001', '40P01']);

function sqlState(error: unknown): string | undefined {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    if ('code' in e && typeof e.code === 'string' && /^[0-9A-Z]{5}$/.test(e.code)) return e.code;
    e = 'cause' in e ? e.cause : undefined;
  }
  return undefined;
}

interface OrgQueue {
  pending: Job[];
  /** Batches holding a connection (at most `maxInFlight`). */
  inFlight: number;
  /** Batches still running their transactions' functions (at most `maxRunning`). */
  running: number;
  scheduled: boolean;
}

/**
 * An organisation's transactions serialise on its sequence row anyway (it orders the audit log and the
 * feed), and each COMMIT waits for a WAL flush. So transactions queue per organisation and run in
 * batches on one connection: BEGIN, each transaction's function in turn, then the audit entries and
 * feed events of all of them with one take of the sequence (log-flush.ts), one COMMIT. When a
 * function throws, its transaction alone fails if it had written nothing and the database transaction
 * is still healthy (checked with a probe); otherwise the batch is rolled back, that transaction fails
 * and the others run again in a new batch (their functions must not depend on having run before —
 * they only see the database). Deadlocks and serialisation failures re-run the whole batch (up to
 * MAX_RETRIES times). Each statement costs a round trip and the functions of one batch run one after
 * another, so up to `maxConcurrentBatches` batches of one organisation run their functions at the same
 * time, each in its own database transaction on its own pooled connection, as concurrent transactions of
 * several API instances would; each takes the sequence last, so they commit one at a time in the order
 * they take its row lock, and seq order stays commit order. Different organisations' batches run in
 * parallel too.
 */
export function pgWriter(db: Kysely<Database>, sequencer: Sequencer, limits: BatchLimits = {}): Writer {
  const maxBatch = limits.maxBatch ?? 64;
  const maxRunning = Math.max(1, limits.maxConcurrentBatches ?? 3);
  /** One more than run functions: a batch that is committing holds its connection until the COMMIT returns. */
  const maxInFlight = maxRunning + 1;
  const queues = new Map<string, OrgQueue>();

  const exec = (conn: Kysely<Database>, text: string) => rawQuery(conn, 'postgres', text, []);

  async function healthy(conn: Kysely<Database>): Promise<boolean> {
    try {
      await exec(conn, 'select 1');
      return true;
    } catch {
      return false;
    }
  }

  function requeue(queue: OrgQueue, jobs: readonly Job[], error: unknown): void {
    const again: Job[] = [];
    for (const job of jobs) {
      job.retries += 1;
      if (job.retries > MAX_RETRIES) job.fail(abortedBatch(error));
      else again.push(job);
    }
    queue.pending.unshift(...again);
  }

  /** Runs `jobs` in one database transaction on `conn`; calls `started` once the functions have run. */
  async function batch(
    conn: Kysely<Database>,
    queue: OrgQueue,
    jobs: Job[],
    started: () => void,
  ): Promise<void> {
    const done: { job: Job; value: unknown; log: TxLog }[] = [];
    let open = false;
    try {
      await exec(conn, 'begin');
      open = true;
      for (let i = 0; i < jobs.length; i++) {
        const job = jobs[i] as Job;
        const outcome = await job.attempt(conn);
        if (outcome.ok) {
          done.push({ job, value: outcome.value, log: outcome.log });
          continue;
        }
        const state = sqlState(outcome.error);
        const retryable = state !== undefined && RETRYABLE.has(state);
        if (!retryable && !outcome.log.dirty && (await healthy(conn))) {
          job.fail(outcome.error);
          continue;
        }
        // Its writes (or the aborted transaction) cannot be undone alone: roll back, run the others again
        // (and this one too after a deadlock or serialisation failure).
        await exec(conn, 'rollback');
        open = false;
        started();
        if (!retryable) job.fail(outcome.error);
        const others = [...done.map((d) => d.job), ...(retryable ? [job] : []), ...jobs.slice(i + 1)];
        requeue(queue, others, outcome.error);
        return;
      }
      started();
      if (done.length === 0) {
        await exec(conn, 'rollback');
        open = false;
        return;
      }
      const afterCommit = await sequencer.flush(
        conn,
        done.map((d) => d.log),
      );
      await exec(conn, 'commit');
      open = false;
      afterCommit();
      limits.onCommit?.(done.length);
      for (const { job, value } of done) job.settle(value);
    } catch (error) {
      started();
      if (open) await exec(conn, 'rollback').catch(() => undefined);
      const state = sqlState(error);
      if (state !== undefined && RETRYABLE.has(state)) {
        requeue(
          queue,
          done.map((d) => d.job),
          error,
        );
        return;
      }
      for (const { job } of done) job.fail(error);
      // Jobs not started yet (a failure before or while running them) are failed too.
      for (const job of jobs) if (!done.some((d) => d.job === job)) job.fail(error);
    }
  }

  function maybeStart(orgId: string, queue: OrgQueue): void {
    if (
      queue.scheduled ||
      queue.running >= maxRunning ||
      queue.inFlight >= maxInFlight ||
      queue.pending.length === 0
    ) {
      if (!queue.scheduled && queue.inFlight === 0 && queue.pending.length === 0) queues.delete(orgId);
      return;
    }
    queue.scheduled = true;
    // Next check phase: transactions of requests that arrived in this turn join the batch.
    setImmediate(() => {
      queue.scheduled = false;
      if (queue.running >= maxRunning || queue.inFlight >= maxInFlight || queue.pending.length === 0) {
        maybeStart(orgId, queue);
        return;
      }
      const jobs = queue.pending.splice(0, maxBatch);
      queue.inFlight += 1;
      queue.running += 1;
      let startedOnce = false;
      const started = () => {
        if (startedOnce) return;
        startedOnce = true;
        queue.running -= 1;
        maybeStart(orgId, queue);
      };
      void db
        .connection()
        .execute((conn) => batch(conn, queue, jobs, started))
        .catch((error: unknown) => {
          // No connection (pool exhausted past its timeout, store closed): these jobs fail.
          for (const job of jobs) job.fail(error);
        })
        .finally(() => {
          started();
          queue.inFlight -= 1;
          maybeStart(orgId, queue);
        });
    });
  }

  return {
    run(orgId, attempt) {
      return new Promise((resolve, reject) => {
        let queue = queues.get(orgId);
        if (queue === undefined) {
          queue = { pending: [], inFlight: 0, running: 0, scheduled: false };
          queues.set(orgId, queue);
        }
        queue.pending.push(createJob(orgId, attempt, resolve, reject));
        maybeStart(orgId, queue);
      });
    },
  };
}
