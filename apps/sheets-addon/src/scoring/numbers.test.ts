// Reading number cells: numbers, blanks, and text that means exactly one number (or is refused).
import { describe, expect, it } from 'vitest';
import { NUMBER_LIKE_PATTERN, numberOf, readNumber } from './numbers.ts';

describe('readNumber', () => {
  it('takes numbers and blanks as they are', () => {
    expect(readNumber(40)).toEqual({ kind: 'number', value: 40 });
    expect(readNumber(-2.5)).toEqual({ kind: 'number', value: -2.5 });
    expect([readNumber(''), readNumber('   '), readNumber(undefined), readNumber(null)]).toEqual(
      Array(4).fill({ kind: 'blank' }),
    );
    expect(readNumber(Number.NaN)).toEqual({ kind: 'text' });
    expect(readNumber(true)).toEqual({ kind: 'text' });
  });

  it('reads text that can mean one number only, in any locale’s notation', () => {
    const read = (texts: string[]) => texts.map(numberOf);
    expect(read(['40', ' 12.5 ', '12,5', '0,75', '.5', '-3', '+7'])).toEqual([
      40, 12.5, 12.5, 0.75, 0.5, -3, 7,
    ]);
    expect(
      read([
        '1,200.50',
        '1.200,50',
        '1 200',
        '1\u00a0200,5',
        '1\u202f234\u202f567',
        '1,200,000',
        '1.200.000',
      ]),
    ).toEqual([1200.5, 1200.5, 1200, 1200.5, 1234567, 1_200_000, 1_200_000]);
    expect(read(['0.125', '0,125', '12.500', '1234.567'])).toEqual([0.125, 0.125, undefined, 1234.567]);
  });

  it('refuses text that could be two numbers, and text that is none', () => {
    expect(readNumber('1,200')).toEqual({ kind: 'ambiguous', readings: [1200, 1.2] });
    expect(readNumber('1.200')).toEqual({ kind: 'ambiguous', readings: [1200, 1.2] });
    expect(readNumber('-12.500')).toEqual({ kind: 'ambiguous', readings: [-12500, -12.5] });
    for (const t of ['about 40', '40%', '1,2,3', '1.200.5', '12,00,000', '1e3', '€40', '40 k€', 'TRUE'])
      expect(readNumber(t)).toEqual({ kind: 'text' });
  });

  it('agrees with the sheet’s conditional formatting on which text is an error', () => {
    const re = new RegExp(NUMBER_LIKE_PATTERN);
    const samples = [
      '40',
      '12.5',
      '12,5',
      '.5',
      '-3',
      '1,200',
      '1.200',
      '1,200.50',
      '1.200,50',
      '1 200',
      '1\u00a0200,5',
    ];
    const others = ['about 40', '40%', '1,2,3', '1e3', '€40', '40 k€', 'TRUE', 'n/a', '-', '.'];
    for (const t of [...samples, ...others])
      expect([t, re.test(t.trim())]).toEqual([t, readNumber(t).kind !== 'text']);
  });
});
