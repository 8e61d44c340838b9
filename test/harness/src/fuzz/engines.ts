// Seeded databases for the fuzzer. The worlds are built once on SQLite (template files); every operation gets a
// fresh copy of one: on SQLite a file copy, on PostgreSQL a new schema migrated by the store with the rows loaded.
import { randomBytes } from 'node:crypto';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_TEST_DATABASE_URL } from '@perfloop/api/testing';
import { openStore, RESOURCE_KINDS, type Store, type StoreConfig } from '@perfloop/store';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { buildWorlds } from '../world/build.ts';
import type { Worlds } from '../world/manifest.ts';

export type EngineName = 'sqlite' | 'postgres';

export interface Fresh {
  store: Store;
  dispose(): Promise<void>;
}

export interface SeededEngine {
  name: EngineName;
  worlds: Worlds;
  /** A new database holding exactly the template's data. */
  fresh(template: string): Promise<Fresh>;
  close(): Promise<void>;
}

/** The PostgreSQL server for tests: DATABASE_URL or the machine's default test database. */
export function postgresUrl(databaseUrl: string | undefined): string {
  return databaseUrl?.trim() ? databaseUrl.trim() : DEFAULT_TEST_DATABASE_URL;
}

/** Tables in foreign-key order (organisations first). */
const DATA_TABLES = [
  'organisations',
  'api_keys',
  'identities',
  'idempotency_keys',
  'audit_log',
  'change_feed',
  ...RESOURCE_KINDS.map((k) => `r_${k}`),
] as const;

type Rows = Map<string, Record<string, unknown>[]>;

function readRows(file: string): Rows {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    return new Map(
      DATA_TABLES.map((t) => [t, db.prepare(`select * from "${t}"`).all() as Record<string, unknown>[]]),
    );
  } finally {
    db.close();
  }
}

/**
 * Opens (and migrates) a store. Kysely's migrator looks at the tables of every schema, so on a shared
 * PostgreSQL a schema another test drops at that moment can fail it (3F000): that failure is retried.
 */
export async function openStoreRetrying(config: StoreConfig): Promise<Store> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await openStore(config);
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause;
      if (attempt >= 5 || cause?.code !== '3F000') throw error;
    }
  }
}

async function openPostgres(url: string, schema: string): Promise<Store> {
  return openStoreRetrying({ kind: 'postgres', url, schema, poolSize: 4 });
}

export async function seededEngine(name: EngineName, databaseUrl?: string): Promise<SeededEngine> {
  const dir = await mkdtemp(join(tmpdir(), 'perfloop-fuzz-'));
  let worlds: Worlds;
  try {
    worlds = await buildWorlds(dir);
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  const templateFile = (id: string) => {
    const t = worlds.templates.get(id);
    if (!t) throw new Error(`no template ${id}`);
    return t.file;
  };
  let n = 0;
  const removeDir = () => rm(dir, { recursive: true, force: true });

  if (name === 'sqlite') {
    return {
      name,
      worlds,
      async fresh(template) {
        const file = join(dir, `copy-${++n}.sqlite`);
        await copyFile(templateFile(template), file);
        const store = await openStore({ kind: 'sqlite', file });
        return {
          store,
          async dispose() {
            await store.close();
            for (const f of [file, `${file}-wal`, `${file}-shm`]) await rm(f, { force: true });
          },
        };
      },
      close: removeDir,
    };
  }

  // One schema for the whole run, migrated once; each operation starts by reloading a template's rows, then
  // opens a store of its own: a store's in-process state (the audit head it last committed above all) must not
  // outlive the rows it was about. The log only grows in real life; a reload moves it back, and a head whose seq
  // happened to match the reloaded sequence would chain the next entry to a hash that is no longer there.
  const url = postgresUrl(databaseUrl);
  const schema = `fz_${randomBytes(5).toString('hex')}`;
  const loader = await openPostgres(url, schema);
  const cache = new Map<string, Rows>();
  const tables = sql.join(DATA_TABLES.map((t) => sql.table(t)));
  return {
    name,
    worlds,
    async fresh(template) {
      let rows = cache.get(template);
      if (!rows) {
        rows = readRows(templateFile(template));
        cache.set(template, rows);
      }
      const loaded = rows;
      await loader.db.transaction().execute(async (trx) => {
        await sql`truncate ${tables}`.execute(trx);
        for (const table of DATA_TABLES) {
          const all = loaded.get(table) ?? [];
          for (let i = 0; i < all.length; i += 500) {
            // Rows are copied verbatim between identical schemas, so their type is the table's own.
            await trx
              .insertInto(table as Parameters<typeof trx.insertInto>[0])
              .values(all.slice(i, i + 500) as never)
              .execute();
          }
        }
      });
      const store = await openPostgres(url, schema);
      return { store, dispose: () => store.close() };
    },
    async close() {
      try {
        await loader.db.schema.dropSchema(schema).ifExists().cascade().execute();
      } finally {
        await loader.close();
        await removeDir();
      }
    },
  };
}
