// localDay / instantOfDay: a day picked as "today" is recorded as now (never in the future), other days at local noon.
import { describe, expect, it } from 'vitest';
import { instantOfDay, localDay } from './dates.ts';

describe('dates', () => {
  it('localDay is the local calendar day', () => {
    expect(localDay(new Date(2026, 11, 7, 0, 30))).toBe('2026-12-07');
    expect(localDay(new Date(2026, 0, 1, 23, 59))).toBe('2026-01-01');
  });

  it('today early in the morning is now, not noon (which would still be ahead)', () => {
    const now = new Date(2026, 11, 7, 0, 30);
    expect(instantOfDay('2026-12-07', now)).toBe(now.toISOString());
    expect(Date.parse(instantOfDay('2026-12-07', now))).toBeLessThanOrEqual(now.getTime());
  });

  it('another day is that day at local noon', () => {
    const now = new Date(2026, 11, 7, 0, 30);
    expect(instantOfDay('2026-12-01', now)).toBe(new Date(2026, 11, 1, 12).toISOString());
    expect(localDay(new Date(instantOfDay('2026-12-01', now)))).toBe('2026-12-01');
  });
});
