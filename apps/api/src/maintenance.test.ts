// Maintenance: expired idempotency keys are purged on a run and by the timer; fresh ones are kept.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore, type Store } from '@perfloop/store';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLogger } from './logger.ts';
import { HOUR_MS, startMaintenance } from './maintenance.ts';

const T0 = Date.parse('2026-03-01T00:00:00.000Z');

describe('maintenance', () => {
  let dir: string;
  let store: Store;
  let now = T0;
  beforeEach(async () => {
    now = T0;
    dir = await mkdtemp(join(tmpdir(), 'perfloop-maint-'));
    store = await openStore({
      kind: 'sqlite',
      file: join(dir, 'm.sqlite'),
      clock: () => new Date(now).toISOString(),
    });
    await store.organisations.create({ id: 'org_m', name: 'M', slug: 'm' });
  });
  afterEach(async () => {
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  const put = (key: string) =>
    store.idempotency.put({ orgId: 'org_m', principal: 'p', key, requestHash: 'h', status: 201, body: '{}' });

  it('purges keys past the retention and keeps the younger ones', async () => {
    await put('old');
    now = T0 + 20 * HOUR_MS;
    await put('young');
    now = T0 + 25 * HOUR_MS;
    const maintenance = startMaintenance(store, createLogger('silent'), {
      idempotencyRetentionMs: 24 * HOUR_MS,
      now: () => now,
    });
    try {
      expect(await maintenance.runOnce()).toEqual({ idempotencyPurged: 1 });
      expect(await store.idempotency.get('org_m', 'p', 'old')).toBeUndefined();
      expect(await store.idempotency.get('org_m', 'p', 'young')).toBeDefined();
      expect(await maintenance.runOnce()).toEqual({ idempotencyPurged: 0 });
    } finally {
      await maintenance.stop();
    }
  });

  it('runs on its timer until stopped', async () => {
    await put('old');
    now = T0 + 48 * HOUR_MS;
    const maintenance = startMaintenance(store, createLogger('silent'), {
      idempotencyRetentionMs: 24 * HOUR_MS,
      intervalMs: 10,
      now: () => now,
    });
    try {
      for (let i = 0; i < 500 && (await store.idempotency.get('org_m', 'p', 'old')) !== undefined; i++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(await store.idempotency.get('org_m', 'p', 'old')).toBeUndefined();
    } finally {
      await maintenance.stop();
    }
    // Stopped: a key that expires later stays.
    await put('later');
    now += 48 * HOUR_MS;
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.idempotency.get('org_m', 'p', 'later')).toBeDefined();
  });
});
