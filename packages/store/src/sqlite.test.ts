// Runs the conformance suite on SQLite (a temp file and ':memory:') plus SQLite-only checks.
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
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
  it('creates the directory and runs WAL, foreign_keys=ON, synchronous=NORMAL, busy_timeout', async () => {
    const store = await openStore({
      kind: 'sqlite',
      file: join(dir, 'a', 'b', 'pragmas.db'),
      busyTimeoutMs: 1234,
    });
    try {
      expect(await pragma(store, 'journal_mode')).toBe('wal');
      expect(await pragma(store, 'foreign_keys')).toBe(1);
      expect(await pragma(store, 'synchronous')).toBe(1);
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

  it('migrates safely when several processes open a fresh file at once', async () => {
    const fresh = join(dir, 'race', 'race.db');
    const entry = fileURLToPath(new URL('./open-store.ts', import.meta.url));
    const script = `const { openStore } = await import(${JSON.stringify(entry)});
      const s = await openStore({ kind: 'sqlite', file: ${JSON.stringify(fresh)} }); await s.close();`;
    const run = promisify(execFile);
    await Promise.all(
      Array.from({ length: 4 }, () =>
        run(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { timeout: 20_000 }),
      ),
    );
    const store = await openStore({ kind: 'sqlite', file: fresh });
    try {
      const { rows } = await sql<{ name: string }>`select name from kysely_migration`.execute(store.db);
      expect(rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS));
    } finally {
      await store.close();
    }
  });
});
