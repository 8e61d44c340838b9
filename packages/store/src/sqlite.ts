// Embedded SQLite via better-sqlite3: WAL, foreign keys, busy timeout, and a prepared-statement cache.
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, type SqliteDatabase, SqliteDialect, type SqliteStatement } from 'kysely';
import type { Database } from './schema.ts';

/** Distinct SQL texts kept prepared; the store issues far fewer, so in practice every query is cached. */
const STATEMENT_CACHE_SIZE = 500;

export interface SqliteHandle {
  db: Kysely<Database>;
  /** The raw connection (for BEGIN IMMEDIATE and transaction state). */
  database: BetterSqlite3.Database;
}

/**
 * Kysely prepares every query afresh; reusing better-sqlite3 statements by SQL text avoids re-parsing
 * on hot paths. Safe because Kysely only calls all()/run() (synchronous) on this single connection.
 */
function withStatementCache(database: BetterSqlite3.Database): SqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      database.close();
    },
    prepare(text) {
      const hit = cache.get(text);
      if (hit !== undefined) return hit;
      const statement = database.prepare(text);
      if (cache.size >= STATEMENT_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      cache.set(text, statement);
      return statement;
    },
  };
}

/** The WAL size at which the checkpointer copies it back into the database file. */
const CHECKPOINT_WAL_BYTES = 4 * 1024 * 1024;
/** The main connection's own checkpoint threshold (pages): only a fallback when the checkpointer falls behind. */
const FALLBACK_AUTOCHECKPOINT_PAGES = 16_384;

export interface Checkpointer {
  close(): Promise<void>;
}

/**
 * Checkpoints (copying the WAL back into the database file, with an fsync) run on a worker thread with its
 * own connection, not inside some request's COMMIT on the event loop. The main connection keeps a high
 * autocheckpoint threshold as a fallback. Not for ':memory:' databases.
 */
export function startCheckpointer(file: string, database: BetterSqlite3.Database): Checkpointer {
  database.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  // A plain path, not a URL object: under DOM-like test environments (happy-dom) the global URL is not
  // Node's, and Worker refuses it.
  const worker = new Worker(join(dirname(fileURLToPath(import.meta.url)), 'sqlite-checkpointer.worker.mjs'), {
    workerData: { file: resolve(file), walBytes: CHECKPOINT_WAL_BYTES, intervalMs: 50 },
  });
  // It must never keep the process alive or take it down.
  worker.unref();
  worker.on('error', () => undefined);
  let closed: Promise<void> | undefined;
  return {
    close() {
      closed ??= new Promise<void>((done) => {
        // Keep the process alive until the worker has closed its connection.
        worker.ref();
        worker.once('exit', () => done());
        worker.postMessage('close');
        setTimeout(() => void worker.terminate(), 1000).unref();
      });
      return closed;
    },
  };
}

export function openSqlite(file: string, busyTimeoutMs: number): SqliteHandle {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  try {
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    database.pragma('journal_mode = WAL');
    // FULL: each commit's WAL frames reach the disk before the commit returns, so an acknowledged write survives
    // power loss and an OS crash too (NORMAL only survives the process dying). The writer's group commit pays
    // the sync once per batch, not once per request.
    database.pragma('synchronous = FULL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, database };
}
