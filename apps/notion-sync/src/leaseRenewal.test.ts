// A pull longer than the sync lease: pages with nothing to apply still cost a block read each, so the round renews the
// lease as it goes and completes (found by the 60 s load run, where every round lost the lease and nothing progressed).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { createHarness, type Harness } from './testing/harness.ts';

let x: Harness;
let sync: NotionSync;
beforeAll(async () => {
  // 7 owners × 6 goals: 42 pages, each read at 3 requests/s — 14 s of Notion calls against a 10 s lease.
  x = await createHarness({ goalsPerPerson: 6 });
  sync = x.worker({ SYNC_LEASE_SECONDS: '10', NOTION_REQUESTS_PER_SECOND: '3', NOTION_CONCURRENCY: '3' });
});
afterAll(async () => {
  await x.close();
});

describe('a pull that outlasts the lease', () => {
  it('renews the lease page by page and completes; the next round is quiet', async () => {
    await sync.worker.runOnce();
    expect(x.allGoals).toHaveLength(42);
    for (const id of x.allGoals) expect(x.row(id)).toBeDefined();
    // A manager touches every row without changing what Perfloop holds (the same actual): nothing to apply, but each
    // page is returned by the query and its blocks are read.
    for (const id of x.allGoals) await x.editAs('hal', id, { Actual: { number: null } });
    const started = performance.now();
    const report = await sync.worker.runOnce();
    const seconds = (performance.now() - started) / 1000;
    expect(report?.pulledPages).toBe(x.allGoals.length);
    // The round did outlast the lease (so it had to renew it to commit), and nothing failed.
    expect(seconds).toBeGreaterThan(10);
    expect(sync.worker.lastError).toBeNull();
    // The window moved on: pages handled are not read again once their edit minute is behind the last read.
    const after = await sync.worker.runOnce();
    expect(after).not.toBeNull();
    expect(sync.worker.lastError).toBeNull();
  });
});
