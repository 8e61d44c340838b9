// The worker inside Notion's rate limit: paced at 3 requests/s it never meets a 429; set faster than Notion allows,
// it meets 429s, waits as Retry-After says, and still finishes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.ts';

let x: Harness;
beforeAll(async () => {
  // Notion's documented limit: 3 requests/s on average per integration, with a small burst.
  x = await createHarness({ goalsPerPerson: 2, fakeRate: 3 });
});
afterAll(async () => {
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

describe('rate limit', () => {
  it('paced at 3 requests/s (burst 1) the initial sync meets no 429 and averages at most 3 requests/s', async () => {
    const sync = x.worker({ NOTION_REQUESTS_PER_SECOND: '3', NOTION_BURST: '1' });
    x.fake.resetCalls();
    await sync.worker.runOnce();
    const calls = x.fake.calls;
    expect(x.fake.count({ status: 429 })).toBe(0);
    expect(calls.length).toBeGreaterThan(14);
    const span = (calls.at(-1)?.at ?? 0) - (calls[0]?.at ?? 0);
    // n requests spaced by 1/3 s span at least (n - 1) / 3 s (a lower bound: slowness only lengthens it).
    expect(span).toBeGreaterThanOrEqual(((calls.length - 1) / 3) * 1000 - 50);
    expect(sync.gateway.limiter.maxInFlight).toBeLessThanOrEqual(4);
  });

  it('set to 20 requests/s against Notion’s 3, it is refused with 429s, honours Retry-After and completes', async () => {
    const sync = x.worker({ NOTION_REQUESTS_PER_SECOND: '20', NOTION_BURST: '10' });
    for (const id of x.allGoals) await x.patchGoal('hal', id, { actual: 1 });
    x.fake.resetCalls();
    const report = await sync.worker.runOnce();
    expect(report?.updated).toBe(x.allGoals.length);
    expect(x.fake.count({ status: 429 })).toBeGreaterThan(0);
    for (const id of x.allGoals) expect(x.value(id, 'Actual')).toBe(1);
  });
});
