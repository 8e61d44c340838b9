// Maintenance of a running server: stored Idempotency-Key responses purged once past their retention.
import type { Store } from '@perfloop/store';
import type { Logger } from 'pino';

export const HOUR_MS = 3_600_000;

export interface MaintenanceOptions {
  /** Idempotency keys older than this are purged (the window in which a client may retry a POST). */
  idempotencyRetentionMs: number;
  /** Time between runs; the first run is one interval after start. Default one hour. */
  intervalMs?: number;
  /** The clock (tests). */
  now?: () => number;
}

export interface Maintenance {
  /** One run now: how many stored idempotency responses were purged. */
  runOnce(): Promise<{ idempotencyPurged: number }>;
  /** Stops the timer and waits for a run in progress. */
  stop(): Promise<void>;
}

/**
 * Runs the purge every interval on an unref'd timer (it never keeps the process alive). Several API
 * instances on one PostgreSQL may all run it: the purge is a delete by age, so running it twice is harmless.
 * A failed run is logged and retried at the next interval.
 */
export function startMaintenance(store: Store, logger: Logger, options: MaintenanceOptions): Maintenance {
  const intervalMs = options.intervalMs ?? HOUR_MS;
  const now = options.now ?? Date.now;
  let running: Promise<unknown> = Promise.resolve();
  const runOnce = async (): Promise<{ idempotencyPurged: number }> => {
    const cutoff = new Date(now() - options.idempotencyRetentionMs);
    const idempotencyPurged = await store.idempotency.purge(cutoff);
    if (idempotencyPurged > 0) {
      logger.info({ idempotencyPurged, before: cutoff.toISOString() }, 'purged expired idempotency keys');
    }
    return { idempotencyPurged };
  };
  const timer = setInterval(() => {
    running = runOnce().catch((error: unknown) => {
      logger.warn({ err: error }, 'maintenance run failed; retrying at the next interval');
    });
  }, intervalMs);
  timer.unref();
  return {
    runOnce,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
