// Runs the conformance suite on SQLite (a temp file and ':memory:') plus SQLite-only checks.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { runStoreConformance } from './conformance.ts';
import { MIGRATIONS } from './migrations/provider.ts';
import { openStore } from './open-store.ts';

const dir = mkdtempSync(join(tmpdir(), 'perfloop-store-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = join(dir, 'nested', 'dir', 'perfloop.db');
runStoreConformance('sqlite file', (clock) => openStore({ kind: 'sqlite', file, clock }), {
  sharedDatabase: true,
});
runStoreConformance('sqlite :memory:', (clock) => openStore({ kind: 'sqlite', file: ':memory:', clock }));

async function pragma(store: Awaited<ReturnType<typeof openStore>>, name: string): Promise<unknown> {
  const { rows } = await sql<Record<string, unknown>>`${sql.raw(`pragma ${name}`)}`.execute(store.db);
  return Object.values(rows[0] ?? {})[0];
}

describe('sqlite specifics', () => {
  it('creates the directory and runs WAL, foreign_keys=ON, synchronous=FULL, busy_timeout', async () => {
    const store = await openStore({
      kind: 'sqlite',
      file: join(dir, 'a', 'b', 'pragmas.db'),
      busyTimeoutMs: 1234,
    });
    try {
      expect(await pragma(store, 'journal_mode')).toBe('wal');
      expect(await pragma(store, 'foreign_keys')).toBe(1);
      expect(await pragma(store, 'synchronous')).toBe(2);
      expect(await pragma(store, 'busy_timeout')).toBe(1234);
    } finally {
      await store.close();
    }
  });

  it('keeps foreign keys on for :memory: too', async () => {
    const store = await openStore({ kind: 'sqlite', file: ':memory:' });
    try {
      expect(await pragma(store, 'foreign_keys')).toBe(1);
      expect(store.engine).toBe('sqlite');
    } finally {
      await store.close();
    }
  });

  it("waits for another connection's write lock without blocking the event loop, up to busyTimeoutMs", async () => {
    const file = join(dir, 'locks', 'locks.db');
    const a = await openStore({ kind: 'sqlite', file });
    const b = await openStore({ kind: 'sqlite', file });
    const impatient = await openStore({ kind: 'sqlite', file, busyTimeoutMs: 50 });
    let release = (): void => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    try {
      const orgId = 'org_locks';
      await a.organisations.create({ id: orgId, name: 'Locks', slug: 'locks' });
      let locked = (): void => undefined;
      const holding = new Promise<void>((resolve) => {
        locked = resolve;
      });
      const first = a.transaction(orgId, async (tx) => {
        await tx.audit({ actor: 'a', action: 'first' });
        locked();
        await held;
      });
      await holding;
      const second = b.transaction(orgId, (tx) => tx.audit({ actor: 'b', action: 'second' }));
      await expect(
        impatient.transaction(orgId, (tx) => tx.audit({ actor: 'c', action: 'gives up' })),
      ).rejects.toMatchObject({ code: 'SQLITE_BUSY' });
      let ticks = 0;
      const timer = setInterval(() => {
        ticks += 1;
      }, 1);
      await new Promise((resolve) => setTimeout(resolve, 60));
      clearInterval(timer);
      // A busy wait inside SQLite would hold the loop for the whole wait (0 or 1 tick); any progress
      // beyond that shows the waiting writer yields (not a speed check: a loaded machine ticks slowly).
      expect(ticks).toBeGreaterThan(1);
      release();
      await first;
      await second;
      expect((await b.audit.list(orgId)).entries.map((e) => e.action)).toEqual(['first', 'second']);
      expect(await b.audit.verify(orgId)).toEqual({ ok: true, entries: 2 });
    } finally {
      release();
      await Promise.all([a.close(), b.close(), impatient.close()]);
    }
  });

  it("checkpoints the WAL on its worker thread, not in the writers' commits", async () => {
    const file = join(dir, 'checkpoint', 'c.db');
    const store = await openStore({ kind: 'sqlite', file });
    try {
      expect(await pragma(store, 'wal_autocheckpoint')).toBe(16_384);
      const orgId = 'org_ckpt';
      await store.organisations.create({ id: orgId, name: 'C', slug: 'ckpt' });
      const before = statSync(file).size;
      const big = 'x'.repeat(60_000);
      // ~6 MB of WAL: beyond the checkpointer's 4 MB, far below the connection's own 64 MB threshold.
      for (let i = 0; i < 100; i++) {
        await store.transaction(orgId, (tx) =>
          tx.resources('goals').create(orgId, { id: `g${i}`, data: { big } }),
        );
      }
      const deadline = Date.now() + 20_000;
      while (statSync(file).size <= before + 5_000_000) {
        if (Date.now() > deadline) throw new Error('no checkpoint within 20 s');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect((await store.resources('goals').get(orgId, 'g99'))?.data).toEqual({ big });
    } finally {
      await store.close();
    }
  });

  // Four tsx start-ups at once on a loaded 2-core CI machine can take longer than the default 30 s.
  it('migrates safely when several processes open a fresh file at once', async () => {
    const fresh = join(dir, 'race', 'race.db');
    const entry = fileURLToPath(new URL('./open-store.ts', import.meta.url));
    const script = `const { openStore } = await import(${JSON.stringify(entry)});
      const s = await openStore({ kind: 'sqlite', file: ${JSON.stringify(fresh)} }); await s.close();`;
    const run = promisify(execFile);
    await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 150_000 }),
      ),
    );
    const store = await openStore({ kind: 'sqlite', file: fresh });
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
      expect(rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
    } finally {
      await store.close();
    }
  }, 180_000);
});
