// BEGIN IMMEDIATE without blocking the event loop: retry asynchronously instead of SQLite's busy spin.
import type BetterSqlite3 from 'better-sqlite3';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

function isBusy(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'SQLITE_BUSY';
}

/**
 * Takes the write lock up front (so two writers never deadlock on a lock upgrade). better-sqlite3 is
 * synchronous: waiting in SQLite's busy handler would freeze this process, including another connection
 * of the same process that holds the lock. So the wait is a loop of short async sleeps, up to
 * `busyTimeoutMs`. Call only while no other statement can run on `database`.
 */
export async function beginImmediate(database: BetterSqlite3.Database, busyTimeoutMs: number): Promise<void> {
  const deadline = Date.now() + busyTimeoutMs;
  database.pragma('busy_timeout = 0');
  try {
    for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
      try {
        database.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (!isBusy(error) || Date.now() >= deadline) throw error;
      }
      await sleep(delay);
    }
  } finally {
    database.pragma(`busy_timeout = ${busyTimeoutMs}`);
  }
}

/** Rolls back when a transaction is still open (SQLite may already have rolled back on some errors). */
export function rollbackQuietly(database: BetterSqlite3.Database): void {
  if (database.inTransaction) database.exec('ROLLBACK');
}
