// The read-back finds what is missing: acknowledged writes that are not there, or not at their version, or a key
// that made two check-ins; and nothing when all is well (in-process app on a seeded SQLite file).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedDemo } from '@perfloop/api/demo';
import { openStore, type Store } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzApp } from '../world/app.ts';
import { ok, str, type Target } from '../world/client.ts';
import { discover, Ledger, type Targets } from './load.ts';
import { checkDatabase, readBack } from './verify.ts';

let dir: string;
let store: Store;
let app: Target;
let targets: Targets;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfloop-verify-'));
  store = await openStore({ kind: 'sqlite', file: join(dir, 'perfloop.sqlite') });
  app = fuzzApp(store);
  await seedDemo(store, app);
  targets = await discover(app);
});
afterAll(async () => {
  await store.close();
  await rm(dir, { recursive: true, force: true });
});

async function checkIn(key: string) {
  const [token, subjectId] = targets.coaching[0] as [string, string];
  const notes = `Crash-load note ${key}.`;
  const body = await ok(app, 'POST', '/v1/check-ins', {
    token,
    json: { cycleId: targets.cycleId, subjectId, kind: 'guidance_note', notes },
  });
  return { id: str(body, 'id'), key, notes };
}

describe('readBack', () => {
  it('passes when every acknowledged write is there', async () => {
    const ledger = new Ledger();
    ledger.checkIns.push(await checkIn('verify-1'));
    expect(await readBack(app, targets, ledger)).toEqual({ checked: 1, lost: [] });
  });

  it('reports a missing check-in, a goal behind its acknowledged version and a duplicated key', async () => {
    const ledger = new Ledger();
    ledger.checkIns.push({ id: 'chk_doesnotexist0000', key: 'verify-2', notes: 'Crash-load note verify-2.' });
    const [, goalId] = targets.goals[0] as [string, string];
    ledger.ackGoal({ id: goalId, version: 9999, actual: 1 });
    await checkIn('verify-dup');
    await checkIn('verify-dup');
    const { lost } = await readBack(app, targets, ledger);
    expect(lost).toEqual([
      expect.stringContaining('check-in chk_doesnotexist0000'),
      expect.stringContaining(`goal ${goalId}: version`),
      expect.stringContaining('Idempotency-Key verify-dup made 2 check-ins'),
    ]);
  });
});

describe('checkDatabase', () => {
  it('finds a sound database sound, and a broken audit chain broken', async () => {
    await store.close();
    const config = { kind: 'sqlite' as const, file: join(dir, 'perfloop.sqlite') };
    expect(await checkDatabase(config)).toEqual([]);
    const s = await openStore(config);
    await s.db.updateTable('audit_log').set({ actor: 'tampered' }).where('seq', '=', 3).execute();
    await s.close();
    expect((await checkDatabase(config)).join('\n')).toMatch(/audit chain broken at 3/);
    store = await openStore(config);
  });
});
