// Runs the conformance suite on PostgreSQL in a fresh schema (DATABASE_URL); fails, never skips, without it.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from './conformance.ts';
import { MIGRATIONS } from './migrations/provider.ts';
import { openStore } from './open-store.ts';
import { redactUrl } from './postgres.ts';
import { RESOURCE_KINDS } from './resource-kinds.ts';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_${randomBytes(6).toString('hex')}`;
const raceSchema = `${schema}_race`;

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5000 });
  try {
    await client.connect();
  } catch (error) {
    const reason = error instanceof Error ? error.message || error.name : String(error);
    throw new Error(
      `PostgreSQL is required at ${redactUrl(url)} for @perfloop/store tests (set DATABASE_URL): ${reason}`,
    );
  }
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

let reachable = false;
beforeAll(async () => {
  await admin((client) => client.query('select 1'));
  reachable = true;
});
afterAll(async () => {
  if (!reachable) return;
  await admin(async (client) => {
    await client.query(`drop schema if exists ${schema} cascade`);
    await client.query(`drop schema if exists ${raceSchema} cascade`);
  });
});

runStoreConformance('postgres', (clock) => openStore({ kind: 'postgres', url, schema, clock }), {
  sharedDatabase: true,
});

describe('postgres specifics', () => {
  it('migrates once when several processes start at once (advisory lock)', async () => {
    const stores = await Promise.all(
      Array.from({ length: 4 }, () => openStore({ kind: 'postgres', url, schema: raceSchema, poolSize: 2 })),
    );
    try {
      for (const store of stores) {
        const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
        expect(rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
      }
    } finally {
      await Promise.all(stores.map((s) => s.close()));
    }
  });

  it('keeps every table in its own schema via search_path', async () => {
    const tables = await admin((client) =>
      client.query<{ n: string }>(
        'select count(*) as n from information_schema.tables where table_schema = $1',
        [schema],
      ),
    );
    expect(Number(tables.rows[0]?.n)).toBe(2 + 6 + RESOURCE_KINDS.length);
  });

  it('refuses an unsafe schema name', async () => {
    await expect(openStore({ kind: 'postgres', url, schema: 'x; drop table y' })).rejects.toThrow(
      /schema must/,
    );
  });
});
