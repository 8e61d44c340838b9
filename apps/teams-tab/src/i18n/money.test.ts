// Money formatting: cents in the tab's locale (en, zh-CN) with the organisation's currency, or plain without one.
import { describe, expect, it } from 'vitest';
import { currencySymbol, formatMoney } from './money.ts';

describe('formatMoney', () => {
  it('formats cents with the currency symbol and its digits in each locale', () => {
    expect(formatMoney('en', 123_456_750, 'EUR')).toBe('€1,234,567.50');
    expect(formatMoney('zh-CN', 123_456_750, 'EUR')).toBe('€1,234,567.50');
    expect(formatMoney('en', 1_080_000, 'USD')).toBe('$10,800.00');
    expect(formatMoney('zh-CN', 1_080_000, 'USD')).toBe('US$10,800.00');
    expect(formatMoney('en', 1_080_000, 'CNY')).toBe('CN¥10,800.00');
    expect(formatMoney('zh-CN', 1_080_000, 'CNY')).toBe('¥10,800.00');
    // A currency without minor units shows whole units.
    expect(formatMoney('en', 1_080_050, 'JPY')).toBe('¥10,801');
    expect(formatMoney('en', 0, 'EUR')).toBe('€0.00');
    expect(formatMoney('en', 5, 'EUR')).toBe('€0.05');
  });

  it('without a currency: the plain amount with cents, no symbol', () => {
    expect(formatMoney('en', 123_456_750, null)).toBe('1,234,567.50');
    expect(formatMoney('zh-CN', 123_456_750, null)).toBe('1,234,567.50');
    expect(formatMoney('en', 10_000_000, null)).toBe('100,000.00');
    expect(formatMoney('en', 10_000_000, null)).not.toMatch(/[€$¥]/);
  });

  it('names the symbol for an amount field, none without a currency', () => {
    expect(currencySymbol('en', 'EUR')).toBe('€');
    expect(currencySymbol('zh-CN', 'CNY')).toBe('¥');
    expect(currencySymbol('en', 'CNY')).toBe('CN¥');
    expect(currencySymbol('en', null)).toBe('');
  });
});
