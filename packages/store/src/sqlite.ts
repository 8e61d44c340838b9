// Embedded SQLite via better-sqlite3: WAL, foreign keys, busy timeout, and a prepared-statement cache.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
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

export function openSqlite(file: string, busyTimeoutMs: number): SqliteHandle {
  if (file !== ':memory:') mkdirSync(dirname(resolve(file)), { recursive: true });
  const database = new BetterSqlite3(file);
  try {
    database.pragma(`busy_timeout = ${Math.max(0, Math.floor(busyTimeoutMs))}`);
    database.pragma('journal_mode = WAL');
    // NORMAL is durable against application crashes in WAL mode and only risks the last commits on power loss.
    database.pragma('synchronous = NORMAL');
    database.pragma('foreign_keys = ON');
  } catch (error) {
    database.close();
    throw error;
  }
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(database) }) });
  return { db, database };
}
