// Group commit and change tracking on both engines: shared commits, failures that stay alone, retried
// deadlocks, the audit chain across processes, and change events (local, data_version, LISTEN/NOTIFY).
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import type { ChangeEvent } from './changes.ts';
import { expectStoreError, newOrg } from './conformance-helpers.ts';
import { openStore } from './open-store.ts';
import type { Store } from './store.ts';
import type { BatchLimits } from './writer.ts';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

type Engine = 'sqlite' | 'postgres';

/** Opens `count` stores on one fresh database (a temp file, or a fresh PostgreSQL schema). */
async function stores(engine: Engine, count: number, batch: BatchLimits = {}): Promise<Store[]> {
  const opened: Store[] = [];
  if (engine === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'perfloop-commit-'));
    for (let i = 0; i < count; i++)
      opened.push(await openStore({ kind: 'sqlite', file: join(dir, 'db'), batch }));
    cleanups.push(async () => {
      for (const s of opened) await s.close();
      await rm(dir, { recursive: true, force: true });
    });
  } else {
    const schema = `t_${randomBytes(6).toString('hex')}_commit`;
    for (let i = 0; i < count; i++) opened.push(await openStore({ kind: 'postgres', url, schema, batch }));
    cleanups.push(async () => {
      for (const s of opened) await s.close();
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      await client.query(`drop schema if exists ${schema} cascade`);
      await client.end();
    });
  }
  return opened;
}

/** A goal write with its audit entry and feed event. */
async function write(store: Store, orgId: string, id: string, fail?: 'before' | 'after'): Promise<string> {
  return store.transaction(orgId, async (tx) => {
    if (fail === 'before') throw new Error(`refused ${id}`);
    const record = await tx.resources('goals').create(orgId, { id, data: { id } });
    await tx.audit({ actor: 'u', action: 'goal.create', resourceKind: 'goals', resourceId: id });
    await tx.emit({
      kind: 'goals',
      resourceId: id,
      op: 'create',
      version: record.version,
      data: record.data,
    });
    if (fail === 'after') throw new Error(`failed ${id}`);
    return id;
  });
}

async function expectContiguousChain(store: Store, orgId: string, transactions: number): Promise<void> {
  expect(await store.audit.verify(orgId)).toEqual({ ok: true, entries: transactions });
  const { entries } = await store.audit.list(orgId, { limit: 1000 });
  const { events } = await store.feed.read(orgId, { limit: 1000 });
  const seqs = [...entries.map((e) => e.seq), ...events.map((e) => e.seq)].sort((a, b) => a - b);
  expect(seqs).toEqual(Array.from({ length: 2 * transactions }, (_, i) => i + 1));
  // Each transaction's audit entry and feed event are adjacent.
  for (const entry of entries)
    expect(events.find((e) => e.seq === entry.seq + 1)?.resourceId).toBe(entry.resourceId);
}

describe.each(['sqlite', 'postgres'] as const)('group commit on %s', (engine) => {
  it('transactions queued in one turn share one commit, and each resolves only after it', async () => {
    const sizes: number[] = [];
    // No time limit on joining a batch: on a loaded machine 20 transactions may take longer than 10 ms.
    const [store] = (await stores(engine, 1, { onCommit: (n) => sizes.push(n), maxBatchMs: 60_000 })) as [
      Store,
    ];
    const orgId = await newOrg(store);
    const resolvedAfter: number[] = [];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        write(store, orgId, `g${i}`).then(() => resolvedAfter.push(sizes.length)),
      ),
    );
    expect(sizes).toEqual([20]);
    expect(resolvedAfter.every((commits) => commits === 1)).toBe(true);
    await expectContiguousChain(store, orgId, 20);
  });

  it('a transaction that throws fails alone, whether or not it had written; the others commit', async () => {
    const sizes: number[] = [];
    const [store] = (await stores(engine, 1, { onCommit: (n) => sizes.push(n) })) as [Store];
    const orgId = await newOrg(store);
    const outcomes = await Promise.allSettled(
      Array.from({ length: 10 }, (_, i) =>
        write(store, orgId, `g${i}`, i === 3 ? 'before' : i === 6 ? 'after' : undefined),
      ),
    );
    expect(outcomes.map((o) => o.status)).toEqual([
      ...Array(3).fill('fulfilled'),
      'rejected',
      ...Array(2).fill('fulfilled'),
      'rejected',
      ...Array(3).fill('fulfilled'),
    ]);
    expect(outcomes[3]).toMatchObject({ reason: { message: 'refused g3' } });
    expect(outcomes[6]).toMatchObject({ reason: { message: 'failed g6' } });
    expect(await store.resources('goals').get(orgId, 'g6')).toBeUndefined();
    expect((await store.resources('goals').list(orgId)).records).toHaveLength(8);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(8);
    await expectContiguousChain(store, orgId, 8);
  });

  it('a transaction for an unknown organisation fails alone at commit; its batch neighbours commit', async () => {
    const [store] = (await stores(engine, 1)) as [Store];
    const orgId = await newOrg(store);
    const outcomes = await Promise.allSettled([
      write(store, orgId, 'g1'),
      store.transaction('org_missing', (tx) => tx.audit({ actor: 'u', action: 'x' })),
      write(store, orgId, 'g2'),
    ]);
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    await expectStoreError(Promise.reject((outcomes[1] as PromiseRejectedResult).reason), 'not_found');
    await expectContiguousChain(store, orgId, 2);
  });

  it('two processes writing one organisation in turns keep one unbroken chain', async () => {
    const [a, b] = (await stores(engine, 2)) as [Store, Store];
    const orgId = await newOrg(a);
    for (let round = 0; round < 3; round++) {
      await Promise.all([write(a, orgId, `a${round}x`), write(a, orgId, `a${round}y`)]);
      await Promise.all([write(b, orgId, `b${round}x`), write(b, orgId, `b${round}y`)]);
      await Promise.all([write(a, orgId, `c${round}`), write(b, orgId, `d${round}`)]);
    }
    await expectContiguousChain(a, orgId, 18);
  });
});

describe.each(['sqlite', 'postgres'] as const)('change events on %s', (engine) => {
  it('a commit reports its organisation and what it wrote before the transaction resolves', async () => {
    const [store] = (await stores(engine, 1)) as [Store];
    const orgId = await newOrg(store);
    const events: ChangeEvent[] = [];
    store.changes.subscribe((e) => events.push(e));
    let seenAtResolve = -1;
    await store
      .transaction(orgId, async (tx) => {
        await tx.resources('people').create(orgId, { id: 'p1', data: {} });
        await tx.identities.link({ orgId, provider: 'entra', subject: `s-${orgId}`, personId: 'p1' });
        await tx.audit({ actor: 'u', action: 'person.create' });
      })
      .then(() => {
        seenAtResolve = events.length;
      });
    expect(seenAtResolve).toBe(1);
    expect(events).toEqual([{ orgId, kinds: ['identities', 'people'] }]);
    // Reads only, or a failed compare-and-set: nothing to report.
    await store.transaction(orgId, async (tx) => {
      await tx.resources('people').get(orgId, 'p1');
      await tx.resources('people').update(orgId, 'p1', { expectedVersion: 9, data: {} });
    });
    expect(events).toHaveLength(1);
    // A write outside any transaction is reported too.
    await store.resources('departments').create(orgId, { id: 'd1', data: {} });
    expect(events.at(-1)).toEqual({ orgId, kinds: ['departments'] });
    expect(store.changes.live).toBe(true);
  });

  it("another process's commits reach this one (SQLite: data_version on poll; PostgreSQL: NOTIFY)", async () => {
    const [a, b] = (await stores(engine, 2)) as [Store, Store];
    const orgId = await newOrg(a);
    const seen: ChangeEvent[] = [];
    b.changes.subscribe((e) => seen.push(e));
    await write(a, orgId, 'g1');
    await b.changes.sync();
    const expected = engine === 'sqlite' ? { orgId: null, kinds: null } : { orgId, kinds: ['goals'] };
    expect(seen).toEqual([expected]);
    await a.resources('people').create(orgId, { id: 'p1', data: {} });
    b.changes.poll();
    await b.changes.sync();
    expect(seen).toHaveLength(2);
    expect(seen[1]).toEqual(
      engine === 'sqlite' ? { orgId: null, kinds: null } : { orgId, kinds: ['people'] },
    );
  });
});

describe('PostgreSQL specifics of group commit and change events', () => {
  it('retries a batch a deadlock aborted: both transactions commit', async () => {
    const [a, b] = (await stores('postgres', 2)) as [Store, Store];
    const orgId = await newOrg(a);
    for (const id of ['x', 'y']) await a.resources('goals').create(orgId, { id, data: { n: 0 } });
    let signalA = (): void => undefined;
    let signalB = (): void => undefined;
    const aHolds = new Promise<void>((resolve) => {
      signalA = resolve;
    });
    const bHolds = new Promise<void>((resolve) => {
      signalB = resolve;
    });
    let runs = 0;
    /** n + 1 by compare-and-set, read again after a conflict (the other may commit while we wait). */
    const bump = async (tx: Parameters<Parameters<Store['transaction']>[1]>[0], id: string) => {
      for (;;) {
        const current = await tx.resources('goals').get(orgId, id);
        if (!current) throw new Error(`missing ${id}`);
        const result = await tx
          .resources('goals')
          .update(orgId, id, { expectedVersion: current.version, data: { n: Number(current.data.n) + 1 } });
        if (result.ok) return;
      }
    };
    const first = a.transaction(orgId, async (tx) => {
      runs += 1;
      await bump(tx, 'x');
      signalA();
      await bHolds;
      await bump(tx, 'y');
      await tx.audit({ actor: 'a', action: 'both' });
    });
    const second = b.transaction(orgId, async (tx) => {
      runs += 1;
      await bump(tx, 'y');
      signalB();
      await aHolds;
      await bump(tx, 'x');
      await tx.audit({ actor: 'b', action: 'both' });
    });
    await Promise.all([first, second]);
    expect(runs).toBe(3);
    for (const id of ['x', 'y']) expect((await a.resources('goals').get(orgId, id))?.data).toEqual({ n: 2 });
    expect(await a.audit.verify(orgId)).toEqual({ ok: true, entries: 2 });
  });

  it('version({ share: true }) waits for an uncommitted change of the record and then sees it', async () => {
    const [a, b] = (await stores('postgres', 2)) as [Store, Store];
    const orgId = await newOrg(a);
    await a.resources('cycles').create(orgId, { id: 'c1', data: { phase: 'coach' } });
    let updated = (): void => undefined;
    const hasUpdated = new Promise<void>((resolve) => {
      updated = resolve;
    });
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const events: string[] = [];
    const writer = a.transaction(orgId, async (tx) => {
      await tx.resources('cycles').update(orgId, 'c1', { expectedVersion: 1, data: { phase: 'appraise' } });
      updated();
      await released;
    });
    await hasUpdated;
    const plain = await b.transaction(orgId, (tx) => tx.resources('cycles').version(orgId, 'c1'));
    const shared = b.transaction(orgId, async (tx) => {
      const version = await tx.resources('cycles').version(orgId, 'c1', { share: true });
      events.push('read');
      return version;
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    events.push('commit');
    release();
    await writer;
    expect(plain).toBe(1);
    expect(await shared).toBe(2);
    expect(events).toEqual(['commit', 'read']);
  });

  it('version({ exclusive: true }) lets one transaction at a time decide on the record', async () => {
    const [a, b] = (await stores('postgres', 2)) as [Store, Store];
    const orgId = await newOrg(a);
    await a.resources('cycles').create(orgId, { id: 'c1', data: { phase: 'coach' } });
    let locked = (): void => undefined;
    const hasLocked = new Promise<void>((resolve) => {
      locked = resolve;
    });
    let release = (): void => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const events: string[] = [];
    // Each appends a child when there is none yet: only the first may.
    const append = async (tx: Parameters<Parameters<Store['transaction']>[1]>[0], id: string) => {
      const page = await tx.resources('goals').list(orgId, { cycleId: 'c1' });
      if (page.records.length === 0)
        await tx.resources('goals').create(orgId, { id, cycleId: 'c1', data: {} });
    };
    const first = a.transaction(orgId, async (tx) => {
      expect(await tx.resources('cycles').version(orgId, 'c1', { exclusive: true })).toBe(1);
      locked();
      await released;
      await append(tx, 'g1');
    });
    await hasLocked;
    // A plain read does not wait for it.
    expect(await b.transaction(orgId, (tx) => tx.resources('cycles').version(orgId, 'c1'))).toBe(1);
    const second = b.transaction(orgId, async (tx) => {
      await tx.resources('cycles').version(orgId, 'c1', { exclusive: true });
      events.push('locked');
      await append(tx, 'g2');
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    events.push('commit');
    release();
    await Promise.all([first, second]);
    expect(events).toEqual(['commit', 'locked']);
    const children = await a.resources('goals').list(orgId, { cycleId: 'c1' });
    expect(children.records.map((r) => r.id)).toEqual(['g1']);
  });

  it('losing the listening connection: not live, everything reported changed, then live again', async () => {
    const [a, b] = (await stores('postgres', 2)) as [Store, Store];
    const orgId = await newOrg(a);
    const seen: ChangeEvent[] = [];
    b.changes.subscribe((e) => seen.push(e));
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      // Every LISTENing backend of this database; only b's and a's belong to these schemas' stores, and
      // terminating a's too is harmless (it reconnects the same way).
      const { rows } = await admin.query<{ pid: number }>(
        `select pid from pg_stat_activity where query like 'LISTEN "perfloop_changes_%' and pid <> pg_backend_pid()`,
      );
      expect(rows.length).toBeGreaterThan(0);
      await admin.query('select pg_terminate_backend(pid) from unnest($1::int[]) as pid', [
        rows.map((r) => r.pid),
      ]);
    } finally {
      await admin.end();
    }
    await until(() => seen.some((e) => e.orgId === null));
    await until(() => b.changes.live);
    seen.length = 0;
    await write(a, orgId, 'g1');
    await b.changes.sync();
    expect(seen).toEqual([{ orgId, kinds: ['goals'] }]);
  });
});

/** Waits (polling every 20 ms, up to 20 s) until `condition` holds. */
async function until(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 20_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not reached within 20 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
