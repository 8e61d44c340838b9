// Runs the conformance suite on PostgreSQL in a fresh schema (DATABASE_URL); fails, never skips, without it.
import { randomBytes } from 'node:crypto';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from './conformance.ts';
import { newOrg, uid } from './conformance-helpers.ts';
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

  it('migrates while other sessions drop schemas: introspection sees only the store schema', async () => {
    // Kysely's own introspector reads every schema's columns and failed ("schema … does not exist") about
    // half the time while another session dropped schemas — which parallel test runs on a shared
    // database do all the time.
    const churnSchema = `${schema}_churn`;
    let stop = false;
    const churn = admin(async (client) => {
      while (!stop) {
        await client.query(
          `create schema if not exists ${churnSchema}; create table if not exists ${churnSchema}.t (id serial primary key)`,
        );
        await client.query(`drop schema if exists ${churnSchema} cascade`);
      }
    });
    const opened: Awaited<ReturnType<typeof openStore>>[] = [];
    try {
      for (let i = 0; i < 4; i++) {
        opened.push(await openStore({ kind: 'postgres', url, schema: `${schema}_m${i}`, poolSize: 1 }));
      }
      const tables = await opened[0]?.db.introspection.getTables();
      expect(tables?.length).toBeGreaterThan(0);
      expect(new Set(tables?.map((t) => t.schema))).toEqual(new Set([`${schema}_m0`]));
    } finally {
      stop = true;
      await churn;
      for (const [i, store] of opened.entries()) {
        await sql`drop schema if exists ${sql.id(`${schema}_m${i}`)} cascade`.execute(store.db);
        await store.close();
      }
    }
  });

  it('runs its fixed hot-path statements as named prepared statements, unless told not to', async () => {
    const prepared = async (preparedStatements: boolean) => {
      // One pooled connection: the writes and the look at pg_prepared_statements share its session.
      const store = await openStore({ kind: 'postgres', url, schema, poolSize: 1, preparedStatements });
      try {
        const orgId = await newOrg(store);
        const goals = store.resources('goals');
        for (let i = 0; i < 3; i++) await goals.create(orgId, { id: `g_${uid()}`, data: { n: i } });
        const [first] = (await goals.list(orgId)).records;
        if (first === undefined) throw new Error('no goal listed');
        await goals.update(orgId, first.id, { expectedVersion: first.version, data: { n: 9 } });
        expect((await goals.get(orgId, first.id))?.data).toEqual({ n: 9 });
        const { rows } = await sql<{ name: string; statement: string }>`
          select name, statement from pg_prepared_statements where name like 'perfloop_%'`.execute(store.db);
        return rows;
      } finally {
        await store.close();
      }
    };
    const named = await prepared(true);
    for (const start of ['insert into "r_goals"', 'update "r_goals"', 'select "org_id", "id", "version"'])
      expect(named.some((r) => r.statement.startsWith(start))).toBe(true);
    // Never a statement whose result follows the table's definition (a migration would break its cached plan).
    expect(named.filter((r) => r.statement.includes('*'))).toEqual([]);
    expect(await prepared(false)).toEqual([]);
  });

  it('refuses an unsafe schema name', async () => {
    await expect(openStore({ kind: 'postgres', url, schema: 'x; drop table y' })).rejects.toThrow(
      /schema must/,
    );
  });
});
