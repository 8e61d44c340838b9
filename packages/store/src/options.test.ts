// Store options: nested-transaction detection can be switched off (production) and is on by default.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openStore } from './open-store.ts';
import type { Store } from './store.ts';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const schema = `t_${randomBytes(6).toString('hex')}_opt`;
const dirs: string[] = [];

afterAll(async () => {
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(`drop schema if exists ${schema} cascade`);
  await client.end();
});

async function sqliteStore(detectNestedTransactions?: boolean): Promise<Store> {
  const dir = await mkdtemp(join(tmpdir(), 'perfloop-store-opt-'));
  dirs.push(dir);
  return openStore({
    kind: 'sqlite',
    file: join(dir, 'x.sqlite'),
    ...(detectNestedTransactions === undefined ? {} : { detectNestedTransactions }),
  });
}

/** A write with its audit entry and feed event, then the chain verified. */
async function writeAndVerify(store: Store): Promise<void> {
  const org = await store.organisations.create({
    id: `o_${randomBytes(4).toString('hex')}`,
    name: 'O',
    slug: `o-${randomBytes(4).toString('hex')}`,
  });
  await store.transaction(org.id, async (tx) => {
    await tx.resources('goals').create(org.id, { id: 'g1', data: { title: 'x' } });
    await tx.audit({ actor: 'u', action: 'goals.create', resourceKind: 'goals', resourceId: 'g1' });
    await tx.emit({ kind: 'goals', resourceId: 'g1', op: 'create', version: 1, data: {} });
  });
  expect(await store.audit.verify(org.id)).toEqual({ ok: true, entries: 1 });
  expect((await store.feed.read(org.id)).events).toHaveLength(1);
  expect((await store.resources('goals').get(org.id, 'g1'))?.version).toBe(1);
}

describe('detectNestedTransactions', () => {
  it('is on by default: a store call inside a transaction is refused', async () => {
    const store = await sqliteStore();
    const org = await store.organisations.create({ id: 'o1', name: 'O', slug: 'o1' });
    await expect(
      store.transaction(org.id, () => store.resources('goals').get(org.id, 'g')),
    ).rejects.toMatchObject({ code: 'nested_transaction' });
    await store.close();
  });

  it('off: transactions still commit their change, audit entry and feed event (SQLite)', async () => {
    const store = await sqliteStore(false);
    await writeAndVerify(store);
    await store.close();
  });

  it('off on PostgreSQL: no detection (a read inside a transaction runs on another pooled connection)', async () => {
    const store = await openStore({ kind: 'postgres', url, schema, detectNestedTransactions: false });
    await writeAndVerify(store);
    const org = await store.organisations.create({ id: 'o2', name: 'O', slug: 'o2' });
    const inner = await store.transaction(org.id, () => store.resources('goals').get(org.id, 'none'));
    expect(inner).toBeUndefined();
    await store.close();
  });
});
