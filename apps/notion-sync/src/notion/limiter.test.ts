// The client-side limiter on a virtual clock: average rate, burst, concurrency and the Retry-After pause.
import { describe, expect, it } from 'vitest';
import { type LimiterClock, RateLimiter } from './limiter.ts';

/**
 * A discrete-event clock: sleeps wait on virtual timers, and time jumps to the earliest timer only
 * once every task is idle, so the test never waits for real and ordering is as with real time.
 */
function virtualClock(): LimiterClock & { t: number; run<T>(work: Promise<T>): Promise<T> } {
  const timers: { at: number; seq: number; resolve: () => void }[] = [];
  let seq = 0;
  const idle = () => new Promise<void>((r) => setImmediate(r));
  const clock = {
    t: 0,
    now: () => clock.t,
    sleep: (ms: number) =>
      new Promise<void>((resolve) => {
        timers.push({ at: clock.t + ms, seq: seq++, resolve });
      }),
    async run<T>(work: Promise<T>): Promise<T> {
      let done = false;
      const result = work.finally(() => {
        done = true;
      });
      while (!done) {
        await idle();
        if (done || timers.length === 0) continue;
        timers.sort((a, b) => a.at - b.at || a.seq - b.seq);
        const next = timers.shift() as (typeof timers)[number];
        clock.t = Math.max(clock.t, next.at);
        next.resolve();
      }
      return result;
    },
  };
  return clock;
}

describe('RateLimiter', () => {
  it('keeps the average at the rate (3/s): 31 requests take at least 10 s after the first', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 3, burst: 1, concurrency: 100 }, clock);
    const starts: number[] = [];
    await clock.run(
      Promise.all(
        Array.from({ length: 31 }, async () => {
          const release = await limiter.acquire();
          starts.push(clock.t);
          release();
        }),
      ),
    );
    starts.sort((a, b) => a - b);
    expect((starts.at(-1) ?? 0) - (starts[0] ?? 0)).toBeGreaterThanOrEqual(10_000 - 1);
    // Any window of 1 s holds at most 3 starts (+ the burst of 1).
    for (const s of starts)
      expect(starts.filter((t) => t >= s && t < s + 1000).length).toBeLessThanOrEqual(4);
  });

  it('lets a burst through at once, then paces', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 3, burst: 3, concurrency: 100 }, clock);
    const starts: number[] = [];
    await clock.run(
      Promise.all(
        Array.from({ length: 6 }, async () => {
          (await limiter.acquire())();
          starts.push(clock.t);
        }),
      ),
    );
    starts.sort((a, b) => a - b);
    expect(starts.slice(0, 3)).toEqual([0, 0, 0]);
    expect(starts[5]).toBeGreaterThanOrEqual(999);
  });

  it('never has more requests in flight than allowed', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 1000, burst: 1000, concurrency: 2 }, clock);
    let inFlight = 0;
    let most = 0;
    await clock.run(
      Promise.all(
        Array.from({ length: 20 }, async () => {
          const release = await limiter.acquire();
          inFlight += 1;
          most = Math.max(most, inFlight);
          await clock.sleep(10);
          inFlight -= 1;
          release();
        }),
      ),
    );
    expect(most).toBe(2);
    expect(limiter.maxInFlight).toBe(2);
  });

  it('after a Retry-After pause nothing starts before the pause ends', async () => {
    const clock = virtualClock();
    const limiter = new RateLimiter({ requestsPerSecond: 3, burst: 3, concurrency: 10 }, clock);
    (await clock.run(limiter.acquire()))();
    limiter.pause(2000);
    const release = await clock.run(limiter.acquire());
    expect(clock.t).toBeGreaterThanOrEqual(2000);
    release();
  });
});
