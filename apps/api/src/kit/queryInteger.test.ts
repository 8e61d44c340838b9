// queryInteger: the canonical decimal spelling only, within its bounds; recognised through its wrappers.
import { z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { REFUSED_QUERY_INTEGERS } from '../testing/queryIntegers.ts';
import { isQueryInteger, queryInteger } from './queryInteger.ts';

describe('queryInteger', () => {
  const limit = z.strictObject({ limit: queryInteger(1, 1000).default(500) });

  it.each(REFUSED_QUERY_INTEGERS)('refuses %j (%s) with one issue on the parameter', (value) => {
    const result = limit.safeParse({ limit: value });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => [i.path, i.message])).toEqual([
      [
        ['limit'],
        'Must be a whole number from 1 to 1000, in plain decimal digits (no sign, exponent, decimal point, blanks or leading zero).',
      ],
    ]);
  });

  it('takes plain digits within the bounds, and the default when absent', () => {
    expect(limit.parse({ limit: '1' })).toEqual({ limit: 1 });
    expect(limit.parse({ limit: '10' })).toEqual({ limit: 10 });
    expect(limit.parse({ limit: '1000' })).toEqual({ limit: 1000 });
    expect(limit.parse({})).toEqual({ limit: 500 });
  });

  it('refuses values outside the bounds, 0 included when the minimum is 1', () => {
    for (const value of ['0', '1001', '99999999999999999999']) {
      expect(limit.safeParse({ limit: value }).success, value).toBe(false);
    }
  });

  it('takes 0 and the largest safe integer when they are the bounds, nothing beyond', () => {
    const after = queryInteger(0, Number.MAX_SAFE_INTEGER);
    expect(after.parse('0')).toBe(0);
    expect(after.parse(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
    // 2^53 and 10^16 would round to nearby safe-looking numbers; both are past the bound.
    expect(after.safeParse('9007199254740992').success).toBe(false);
    expect(after.safeParse('10000000000000000').success).toBe(false);
  });

  it('refuses bounds that are not safe, ordered, non-negative integers', () => {
    expect(() => queryInteger(2, 1)).toThrow(/bad bounds/);
    expect(() => queryInteger(-1, 5)).toThrow(/bad bounds/);
    expect(() => queryInteger(0, 1.5)).toThrow(/bad bounds/);
  });

  it('is recognised through .openapi(), .default() and .optional(), and nothing else is', () => {
    expect(isQueryInteger(queryInteger(1, 5))).toBe(true);
    expect(
      isQueryInteger(
        queryInteger(1, 5)
          .default(2)
          .openapi({ param: { name: 'n', in: 'query' } }),
      ),
    ).toBe(true);
    expect(isQueryInteger(queryInteger(1, 5).optional())).toBe(true);
    expect(isQueryInteger(z.coerce.number().int().min(1).max(5))).toBe(false);
    expect(isQueryInteger(z.coerce.number().int().default(2))).toBe(false);
    expect(isQueryInteger(z.string().regex(/^\d+$/))).toBe(false);
  });
});
