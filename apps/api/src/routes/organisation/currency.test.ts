// The currency setting: ISO 4217 codes this runtime knows, and reading it from stored settings (null when unset).
import { describe, expect, it } from 'vitest';
import { CurrencySettingSchema, currencyOf, isCurrency, organisationCurrency } from './currency.ts';

describe('organisation currency', () => {
  it('knows the current ISO 4217 codes, not look-alikes', () => {
    expect(['EUR', 'USD', 'CNY', 'JPY', 'GBP', 'CHF'].every(isCurrency)).toBe(true);
    expect(['eur', 'EURO', 'ABC', 'XXX', ''].some(isCurrency)).toBe(false);
  });

  it('the setting takes a known code or null', () => {
    expect(CurrencySettingSchema.safeParse('EUR').success).toBe(true);
    expect(CurrencySettingSchema.safeParse(null).success).toBe(true);
    expect(CurrencySettingSchema.safeParse('eur').error?.issues.map((i) => i.code)).toEqual([
      'invalid_format',
    ]);
    expect(CurrencySettingSchema.safeParse('QQQ').error?.issues.map((i) => i.code)).toEqual(['custom']);
  });

  it('reads the stored setting: null when unset, null or not a known code', async () => {
    expect(currencyOf({ currency: 'EUR', locale: 'en' })).toBe('EUR');
    expect(currencyOf({ locale: 'en' })).toBeNull();
    expect(currencyOf({ currency: null })).toBeNull();
    expect(currencyOf({ currency: 'QQQ' })).toBeNull();
    const source = (settings: Record<string, string>) => ({
      organisations: {
        get: async (id: string) =>
          id === 'org_a'
            ? { id, name: 'A', slug: 'a', settings, seq: 0, version: 1, createdAt: '2026-01-01T00:00:00Z' }
            : undefined,
      },
    });
    expect(await organisationCurrency(source({ currency: 'CNY' }), 'org_a')).toBe('CNY');
    expect(await organisationCurrency(source({ currency: 'CNY' }), 'org_b')).toBeNull();
  });
});
