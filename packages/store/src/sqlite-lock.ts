// BEGIN IMMEDIATE without blocking the event loop, and the transaction-control statements, prepared once.
import type BetterSqlite3 from 'better-sqlite3';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SQLITE_BUSY and its extended codes: another connection holds the lock (…_SNAPSHOT, …_TIMEOUT) or is
 * recovering the WAL after opening the file (SQLITE_BUSY_RECOVERY) — all mean "try again later".
 */
export function isBusy(error: unknown): boolean {
  if (typeof error !== 'object' || error === null || !('code' in error)) return false;
  const { code } = error;
  return code === 'SQLITE_BUSY' || (typeof code === 'string' && code.startsWith('SQLITE_BUSY_'));
}

/** Transaction control on one raw connection; every statement is prepared once. */
export interface SqliteControl {
  /**
   * Takes the write lock up front (so two writers never deadlock on a lock upgrade). better-sqlite3 is
   * synchronous: waiting in SQLite's busy handler would freeze this process. So busy_timeout is 0 for
   * the BEGIN, and a lock held by another process is waited for in short async sleeps, up to
   * `busyTimeoutMs`. Within one process the lock is never busy (one connection, transactions queued),
   * so this is three statements and no timer (and once per batch of transactions, see sqlite-writer.ts). Call only while no other statement can run on the connection.
   */
  begin(): Promise<void>;
  commit(): void;
  /** Rolls back when a transaction is still open (SQLite may already have rolled back on some errors). */
  rollbackQuietly(): void;
  savepoint(): void;
  release(): void;
  rollbackToSavepoint(): void;
}

const controls = new WeakMap<BetterSqlite3.Database, SqliteControl>();

/** The control statements of `database` (prepared on first use). */
export function sqliteControl(database: BetterSqlite3.Database, busyTimeoutMs: number): SqliteControl {
  const known = controls.get(database);
  if (known !== undefined) return known;
  const timeout = Math.max(0, Math.floor(busyTimeoutMs));
  // Not prepared: SQLite applies PRAGMA busy_timeout when the statement is compiled, not when it runs.
  const noWait = { get: () => database.pragma('busy_timeout = 0') };
  const wait = { get: () => database.pragma(`busy_timeout = ${timeout}`) };
  const beginImmediate = database.prepare('BEGIN IMMEDIATE');
  const commit = database.prepare('COMMIT');
  const rollback = database.prepare('ROLLBACK');
  const savepoint = database.prepare('SAVEPOINT perfloop_tx');
  const release = database.prepare('RELEASE perfloop_tx');
  const rollbackTo = database.prepare('ROLLBACK TO perfloop_tx');

  const tryBegin = (): boolean => {
    noWait.get();
    try {
      beginImmediate.run();
      return true;
    } catch (error) {
      if (!isBusy(error)) throw error;
      return false;
    } finally {
      wait.get();
    }
  };

  const control: SqliteControl = {
    async begin() {
      if (tryBegin()) return;
      const deadline = Date.now() + timeout;
      for (let delay = 1; ; delay = Math.min(delay * 2, 25)) {
        if (Date.now() >= deadline) {
          // One last try, so the caller gets SQLite's own SQLITE_BUSY error.
          noWait.get();
          try {
            beginImmediate.run();
            return;
          } finally {
            wait.get();
          }
        }
        await sleep(delay);
        if (tryBegin()) return;
      }
    },
    commit: () => void commit.run(),
    rollbackQuietly() {
      if (database.inTransaction) rollback.run();
    },
    savepoint: () => void savepoint.run(),
    release: () => void release.run(),
    rollbackToSavepoint: () => void rollbackTo.run(),
  };
  controls.set(database, control);
  return control;
}
