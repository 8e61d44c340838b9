// A fresh database for a harness run: SQLite in a temp folder, or a new PostgreSQL schema named to the server through the URL.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StoreConfig } from '@perfloop/store';
import pg from 'pg';
import { postgresUrl } from '../fuzz/engines.ts';
import type { Storage } from './server.ts';

export interface Database {
  storage: Storage;
  config: StoreConfig;
  drop(): Promise<void>;
}

export async function prepareDatabase(
  engine: 'sqlite' | 'postgres',
  databaseUrl: string | undefined,
  prefix = 'crash',
): Promise<Database> {
  if (engine === 'sqlite') {
    const dataDir = await mkdtemp(join(tmpdir(), 'perfloop-crash-'));
    return {
      storage: { kind: 'sqlite', dataDir },
      config: { kind: 'sqlite', file: join(dataDir, 'perfloop.sqlite') },
      drop: () => rm(dataDir, { recursive: true, force: true }),
    };
  }
  // A fresh schema, named to the server through the URL's `options` (libpq's search_path setting).
  const base = postgresUrl(databaseUrl);
  const schema = `${prefix}_${randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`create schema "${schema}"`);
  await admin.end();
  const url = new URL(base);
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    storage: { kind: 'postgres', url: url.toString() },
    config: { kind: 'postgres', url: base, schema },
    async drop() {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      try {
        await c.query(`drop schema if exists "${schema}" cascade`);
      } finally {
        await c.end();
      }
    },
  };
}
