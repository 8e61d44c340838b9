// Runs the in-code migrations to the latest version, safely when several processes start at once.
import type BetterSqlite3 from 'better-sqlite3';
import { type Kysely, Migrator } from 'kysely';
import { StoreError } from './errors.ts';
import { migrationProvider } from './migrations/provider.ts';
import type { Database } from './schema.ts';
import { sqliteControl } from './sqlite-lock.ts';

async function migrateToLatest(migrator: Migrator): Promise<void> {
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const detail = error instanceof Error ? error.message : String(error);
    throw new StoreError('migration_failed', `migrations failed: ${detail}`, { cause: error });
  }
}

/**
 * PostgreSQL: Kysely's migrator holds a session advisory lock (pg_advisory_lock) around the run and runs
 * the pending migrations in one transaction, so a second process waits and then finds nothing to do.
 * The migration tables are pinned to `schema` (Kysely's table lookup would otherwise match any schema).
 */
export async function migratePostgres(db: Kysely<Database>, schema: string): Promise<void> {
  await migrateToLatest(new Migrator({ db, provider: migrationProvider, migrationTableSchema: schema }));
}

/**
 * SQLite: Kysely's SQLite adapter takes no lock, so the whole run (bookkeeping tables included) goes in
 * one BEGIN IMMEDIATE transaction on the raw connection: another process waits on the write lock
 * (busy_timeout), and a failed migration leaves no half-built schema.
 */
export async function migrateSqlite(
  db: Kysely<Database>,
  database: BetterSqlite3.Database,
  busyTimeoutMs: number,
): Promise<void> {
  const control = sqliteControl(database, busyTimeoutMs);
  await control.begin();
  try {
    await migrateToLatest(new Migrator({ db, provider: migrationProvider }));
    control.commit();
  } catch (error) {
    control.rollbackQuietly();
    throw error;
  }
}
