// The demo seed's store clock: the system clock unless turned back for one write, never ahead of now.
import { describe, expect, it } from 'vitest';
import { createSeedClock } from './seedClock.ts';

describe('createSeedClock', () => {
  it('is the system clock, turned to a past instant only while the seed writes, then back', async () => {
    const c = createSeedClock();
    const near = (iso: string) => Math.abs(Date.parse(iso) - Date.now()) < 5_000;
    expect(near(c.clock())).toBe(true);
    const inside = await c.at('2026-09-16T11:00:00.000Z', async () => [c.clock(), c.clock()]);
    expect(inside).toEqual(['2026-09-16T11:00:00.000Z', '2026-09-16T11:00:00.000Z']);
    expect(near(c.clock())).toBe(true);
    // Back also when the write fails.
    await expect(
      c.at('2026-09-16T11:00:00.000Z', async () => {
        throw new Error('refused');
      }),
    ).rejects.toThrow('refused');
    expect(near(c.clock())).toBe(true);
  });

  it('never runs ahead of now', async () => {
    const c = createSeedClock();
    const ahead = new Date(Date.now() + 86_400_000).toISOString();
    const seen = await c.at(ahead, async () => c.clock());
    expect(Date.parse(seen)).toBeLessThanOrEqual(Date.now());
  });
});
