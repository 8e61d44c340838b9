// Number formats as Sheets renders FORMATTED_VALUE (en_US): sections, digit placeholders, grouping, percent, literals;
// a format the fake does not render falls back to the automatic one; a bad NumberFormat is the API's 400.
import { describe, expect, it } from 'vitest';
import { formatByPattern, numberFormatProblem } from './numberFormat.ts';

const show = (n: number, pattern: string, type = 'NUMBER') => formatByPattern(n, { type, pattern });

describe('number formats', () => {
  it('signs a difference with a section per sign: +, -, and none for zero', () => {
    const signed = '+0.00;-0.00;0.00';
    expect([0.4, -0.4, 0, 1.234, -0.005, 12.5].map((n) => show(n, signed))).toEqual([
      '+0.40',
      '-0.40',
      '0.00',
      '+1.23',
      '-0.01',
      '+12.50',
    ]);
  });

  it('renders digit placeholders, grouping, scaling, percent and literal text', () => {
    expect(show(1234.5, '#,##0.00')).toBe('1,234.50');
    expect(show(-1234.5, '#,##0.00')).toBe('-1,234.50');
    expect(show(1234567.891, '#,##0')).toBe('1,234,568');
    expect(show(0.5, '#,##0.00')).toBe('0.50');
    expect(show(0.1234, '0.00%', 'PERCENT')).toBe('12.34%');
    expect([show(1.5, '0.0#'), show(1.25, '0.0#'), show(1, '0.0#')]).toEqual(['1.5', '1.25', '1.0']);
    expect(show(0.5, '#.##')).toBe('.5');
    expect(show(7, '000')).toBe('007');
    expect(show(12345, '0,')).toBe('12');
    expect(show(1234, '"€"#,##0.00', 'CURRENCY')).toBe('€1,234.00');
    expect(show(-2, '0.00;(0.00)')).toBe('(2.00)');
    expect(show(2, '0.00;(0.00)')).toBe('2.00');
    expect(show(3, '0 \\p\\t\\s')).toBe('3 pts');
    expect([show(-1, '0;;'), show(0, '0;;'), show(1, '0;;')]).toEqual(['', '', '1']);
  });

  it('uses en_US defaults for a type without a pattern', () => {
    expect(formatByPattern(1234.5, { type: 'NUMBER' })).toBe('1,234.50');
    expect(formatByPattern(0.5, { type: 'PERCENT' })).toBe('50.00%');
    expect(formatByPattern(1234.5, { type: 'CURRENCY' })).toBe('$1,234.50');
  });

  it('leaves to the automatic format what it does not render (dates, exponents, colours, text)', () => {
    expect(formatByPattern(46000, { type: 'DATE', pattern: 'yyyy-mm-dd' })).toBeNull();
    expect(show(12345, '0.00E+00')).toBeNull();
    expect(show(1, '[Red]0.00')).toBeNull();
    expect(show(5551234, '###-####')).toBeNull();
    expect(formatByPattern(1, { type: 'TEXT' })).toBeNull();
    expect(formatByPattern(1, {})).toBeNull();
  });

  it('says why the API refuses a NumberFormat, naming the field by its proto path', () => {
    const path = 'requests[0].repeat_cell.cell.user_entered_format.number_format';
    expect(numberFormatProblem({ type: 'NUMBER', pattern: '0.00' }, path)).toBeNull();
    expect(numberFormatProblem(undefined, path)).toBeNull();
    expect(numberFormatProblem({ type: 'DECIMAL' }, path)).toBe(
      `Invalid value at '${path}.type' (type.googleapis.com/google.apps.sheets.v4.NumberFormatType), "DECIMAL"`,
    );
    expect(numberFormatProblem({ pattern: 2 }, path)).toBe(
      `Invalid value at '${path}.pattern' (TYPE_STRING), 2`,
    );
    expect(numberFormatProblem({ type: 'NUMBER', decimals: 2 }, path)).toBe(
      `Invalid JSON payload received. Unknown name "decimals" at '${path}': Cannot find field.`,
    );
  });
});
