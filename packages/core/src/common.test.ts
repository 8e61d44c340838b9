import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addDays, daysBetween, largestRemainder, round } from './common.ts';

describe('dates', () => {
  it('counts whole days between dates and date-times', () => {
    expect(daysBetween('2026-01-01', '2026-01-31')).toBe(30);
    expect(daysBetween('2026-01-31', '2026-01-01')).toBe(-30);
    // 2026-03-01T12:00Z is 59.5 days after 2026-01-01 → floor 59
    expect(daysBetween('2026-01-01', '2026-03-01T12:00:00Z')).toBe(59);
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
  });
});

describe('round', () => {
  it('rounds half away from zero', () => {
    expect(round(2.345, 2)).toBe(2.35);
    expect(round(-2.345, 2)).toBe(-2.35);
    expect(round(1.005, 2)).toBe(1.01);
  });
});

describe('largestRemainder', () => {
  it('splits 100 cents three ways exactly', () => {
    // 100/3 = 33.33… each; floors 33+33+33 = 99; the one left cent goes to the lowest index on a tie.
    expect(largestRemainder(100, [1, 1, 1])).toEqual([34, 33, 33]);
  });
  it('gives the leftover to the largest remainder', () => {
    // shares 1:2:3 of 10 → 1.667, 3.333, 5 → floors 1,3,5 = 9; remainders .667,.333,0 → first gets it.
    expect(largestRemainder(10, [1, 2, 3])).toEqual([2, 3, 5]);
  });
  it('breaks ties between equal remainders by index, not float noise', () => {
    // shares 0.1 + 0.2 (= 0.30000000000000004) and 0.3 are equal in exact arithmetic: 1 cent to split,
    // floors 0 and 0, remainders 0.5 and 0.49999999999999994 → a tie, so the lower index wins.
    expect(largestRemainder(1, [0.3, 0.1 + 0.2])).toEqual([1, 0]);
    expect(largestRemainder(1, [0.1 + 0.2, 0.3])).toEqual([1, 0]);
  });
  it('always sums exactly to the total', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000_000 }),
        fc.array(fc.integer({ min: 1, max: 1000 }), { minLength: 1, maxLength: 50 }),
        (total, shares) => {
          const parts = largestRemainder(total, shares);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          for (const p of parts) expect(Number.isInteger(p) && p >= 0).toBe(true);
        },
      ),
    );
  });
});
