// openStore: opens SQLite or PostgreSQL from config, runs migrations, returns the Store.
import { migratePostgres, migrateSqlite } from './migrate.ts';
import { openPostgres } from './postgres.ts';
import { openSqlite } from './sqlite.ts';
import { createStore, type Store } from './store.ts';
import type { Clock, StoreConfig, StoreOptions } from './types.ts';

const systemClock: Clock = () => new Date().toISOString();

/** Opens the database and migrates it to the latest version before returning. */
export async function openStore(config: StoreConfig): Promise<Store> {
  const clock = config.clock ?? systemClock;
  if (config.kind === 'sqlite') {
    const busyTimeoutMs = config.busyTimeoutMs ?? 5000;
    const { db, database } = openSqlite(config.file, busyTimeoutMs);
    try {
      await migrateSqlite(db, database, busyTimeoutMs);
    } catch (error) {
      await db.destroy();
      throw error;
    }
    try {
      return await createStore(
        { engine: 'sqlite', db, database, busyTimeoutMs, file: config.file },
        clock,
        options(config),
      );
    } catch (error) {
      await db.destroy();
      throw error;
    }
  }
  const { db, schema } = await openPostgres(config);
  try {
    await migratePostgres(db, schema);
  } catch (error) {
    await db.destroy();
    throw error;
  }
  try {
    return await createStore(
      {
        engine: 'postgres',
        db,
        url: config.url,
        schema,
        ...(config.onPoolError ? { onPoolError: config.onPoolError } : {}),
      },
      clock,
      options(config),
    );
  } catch (error) {
    await db.destroy();
    throw error;
  }
}

const options = (config: StoreConfig): StoreOptions => ({
  detectNestedTransactions: config.detectNestedTransactions ?? true,
  ...(config.batch !== undefined ? { batch: config.batch } : {}),
});
