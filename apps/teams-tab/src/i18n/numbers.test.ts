// Numbers typed and shown in the tab's locale (en, zh-CN): grouped or not, full-width digits too; a separator out of
// place (German's "1.234,5" included) or a letter is not a number (never 0, never cut short); shown back grouped, exactly.
import { describe, expect, it } from 'vitest';
import { notANumber, numberSymbols, numberText, parseNumber, shownNumber, tooManyDigits } from './numbers.ts';

const LOCALES = ['en', 'zh-CN'] as const;

describe('parseNumber', () => {
  it.each(LOCALES)('reads numbers as %s writes them, grouped or not', (locale) => {
    expect(numberSymbols(locale)).toEqual({ group: ',', decimal: '.', minus: '-' });
    expect(parseNumber('1,234.5', locale)).toBe(1234.5);
    expect(parseNumber('1234.5', locale)).toBe(1234.5);
    expect(parseNumber(' 1,234,567 ', locale)).toBe(1_234_567);
    expect(parseNumber('-12.25', locale)).toBe(-12.25);
    expect(parseNumber('+3', locale)).toBe(3);
    expect(parseNumber('0.5', locale)).toBe(0.5);
    expect(parseNumber('.5', locale)).toBe(0.5);
    expect(parseNumber('5.', locale)).toBe(5);
    expect(parseNumber('0', locale)).toBe(0);
  });

  it('reads what a Chinese keyboard types in full width', () => {
    expect(parseNumber('１，２３４．５', 'zh-CN')).toBe(1234.5);
    expect(parseNumber('－８', 'zh-CN')).toBe(-8);
    expect(parseNumber('−8', 'en')).toBe(-8);
  });

  it('an empty field is no number; anything not written as the locale writes numbers is NaN, never 0 or cut short', () => {
    expect(parseNumber('', 'en')).toBeNull();
    expect(parseNumber('   ', 'zh-CN')).toBeNull();
    for (const text of [
      '1,5',
      '1,23',
      '12,34.5',
      '1234,567',
      '1.234,5',
      '1 234',
      '1e3',
      '0x10',
      '12abc',
      'abc',
      '-',
      '.',
      '1..2',
      '1,234,5',
      'Infinity',
    ]) {
      expect([text, parseNumber(text, 'en')]).toEqual([text, Number.NaN]);
      expect(notANumber(text, 'zh-CN')).toBe(true);
    }
    expect(notANumber('', 'en')).toBe(false);
    expect(notANumber('1,234', 'en')).toBe(false);
  });
});

describe('tooManyDigits', () => {
  it.each(LOCALES)(
    'refuses in %s a number with more digits than can be kept, never storing it rounded',
    (locale) => {
      // Twenty-three nines would silently become 1e23 (100,000,000,000,000,000,000,000).
      expect(tooManyDigits('99999999999999999999999', locale)).toBe(true);
      expect(parseNumber('99999999999999999999999', locale)).toBeNaN();
      expect(notANumber('99,999,999,999,999,999,999,999', locale)).toBe(true);
      expect(tooManyDigits('1234567890.12345678', locale)).toBe(true);
      expect(tooManyDigits('-0.12345678901234567', locale)).toBe(true);
      expect(shownNumber('99999999999999999999999', locale)).toBe('99999999999999999999999');
    },
  );

  it.each(LOCALES)(
    'keeps in %s every number up to 15 digits, and longer ones that read back exactly',
    (locale) => {
      for (const text of ['123456789012345', '0.000000000000001', '1,234.500', '000123', '-0', '0.0']) {
        expect([text, tooManyDigits(text, locale)]).toEqual([text, false]);
        expect(Number.isFinite(parseNumber(text, locale))).toBe(true);
      }
      // What a field shows for a float is exactly its digits, so it always reads back (17 digits here).
      expect(tooManyDigits(numberText(0.1 + 0.2, locale), locale)).toBe(false);
      expect(parseNumber(numberText(0.1 + 0.2, locale), locale)).toBe(0.1 + 0.2);
      expect(tooManyDigits('100,000,000,000,000,000,000,000', locale)).toBe(false);
      expect(tooManyDigits('', locale)).toBe(false);
      expect(tooManyDigits('abc', locale)).toBe(false);
    },
  );
});

describe('numberText', () => {
  it.each(LOCALES)('writes numbers grouped in %s, exactly and readable back', (locale) => {
    expect(numberText(1234.5, locale)).toBe('1,234.5');
    expect(numberText(65000.5, locale)).toBe('65,000.5');
    expect(numberText(-1_234_567.125, locale)).toBe('-1,234,567.125');
    expect(numberText(0, locale)).toBe('0');
    expect(numberText(-0, locale)).toBe('0');
    expect(numberText(42, locale)).toBe('42');
    // No float noise written out, no rounding.
    expect(numberText(0.1 + 0.2, locale)).toBe('0.30000000000000004');
    expect(numberText(33.333333, locale)).toBe('33.333333');
    for (const n of [1234.5, 0.1 + 0.2, -7, 1e-7, 1e21, 123456789.987654]) {
      expect(parseNumber(numberText(n, locale), locale)).toBe(n);
    }
    expect(numberText(Number.NaN, locale)).toBe('');
  });

  it('shownNumber rewrites a number once the field is left, and keeps anything else as typed', () => {
    expect(shownNumber('65000.50', 'en')).toBe('65,000.5');
    expect(shownNumber('１２３４', 'zh-CN')).toBe('1,234');
    expect(shownNumber('1,5', 'en')).toBe('1,5');
    expect(shownNumber('', 'en')).toBe('');
  });
});
