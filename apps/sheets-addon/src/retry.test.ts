// Backoff with jitter, Retry-After, and when retrying stops.
import { describe, expect, it } from 'vitest';
import { backoffMs, parseRetryAfter, withRetry } from './retry.ts';

describe('retry', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3')).toBe(3000);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(undefined)).toBeUndefined();
  });

  it('backs off exponentially with full jitter under the cap, never below Retry-After', () => {
    const policy = { attempts: 5, baseMs: 100, maxMs: 1000, random: () => 0.999 };
    expect([1, 2, 3, 4, 5].map((a) => backoffMs(a, policy))).toEqual([99, 199, 399, 799, 999]);
    expect(backoffMs(1, { ...policy, random: () => 0 })).toBe(0);
    expect(backoffMs(1, { ...policy, random: () => 0 }, 2500)).toBe(2500);
  });

  it('retries what the decision allows, up to the attempts, and rethrows the last error', async () => {
    const waits: number[] = [];
    const policy = {
      attempts: 3,
      baseMs: 10,
      maxMs: 100,
      random: () => 0.5,
      sleep: async (ms: number) => void waits.push(ms),
    };
    let calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error(`fail ${calls}`);
        },
        () => ({ retry: true, retryAfterMs: calls === 1 ? 1000 : undefined }),
        policy,
      ),
    ).rejects.toThrow('fail 3');
    expect(waits).toEqual([1000, 10]);
    calls = 0;
    await expect(
      withRetry(
        async () => {
          calls++;
          throw new Error('final');
        },
        () => ({ retry: false }),
        policy,
      ),
    ).rejects.toThrow('final');
    expect(calls).toBe(1);
    expect(
      await withRetry(
        async (attempt) => (attempt < 2 ? Promise.reject(new Error('x')) : 'ok'),
        () => ({ retry: true }),
        policy,
      ),
    ).toBe('ok');
  });
});
