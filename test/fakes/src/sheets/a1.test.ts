// A1 parsing and formatting, in the forms the Sheets API documents.
import { describe, expect, it } from 'vitest';
import { columnIndex, columnLetters, formatRange, parseA1, quoteSheet } from './a1.ts';

describe('A1 notation', () => {
  it('reads every documented form', () => {
    expect(parseA1('Sheet1!A1:B2')).toEqual({
      sheet: 'Sheet1',
      cells: { startRow: 0, endRow: 2, startColumn: 0, endColumn: 2 },
    });
    expect(parseA1('Sheet1!A:A').cells).toEqual({ startColumn: 0, endColumn: 1 });
    expect(parseA1('Sheet1!1:2').cells).toEqual({ startRow: 0, endRow: 2 });
    expect(parseA1('Sheet1!A5:A').cells).toEqual({ startRow: 4, startColumn: 0, endColumn: 1 });
    expect(parseA1('Sheet1!C3').cells).toEqual({ startRow: 2, endRow: 3, startColumn: 2, endColumn: 3 });
    expect(parseA1('Sheet1')).toEqual({ sheet: 'Sheet1', cells: null });
    expect(parseA1('A1:B2')).toEqual({
      sheet: 'A1:B2',
      cells: { startRow: 0, endRow: 2, startColumn: 0, endColumn: 2 },
    });
    expect(parseA1("'My Custom Sheet'!A:A")).toEqual({
      sheet: 'My Custom Sheet',
      cells: { startColumn: 0, endColumn: 1 },
    });
    expect(parseA1("'Ann''s scores'!A1").sheet).toBe("Ann's scores");
    expect(parseA1("'Ann''s scores'")).toEqual({ sheet: "Ann's scores", cells: null });
    expect(parseA1('Sheet1!B2:A1').cells).toEqual({ startRow: 0, endRow: 2, startColumn: 0, endColumn: 2 });
  });

  it('refuses what is not A1', () => {
    expect(() => parseA1("'unterminated!A1")).toThrow();
    expect(() => parseA1('Sheet1!A0')).toThrow();
    expect(() => parseA1('Sheet1!A1:B2:C3')).toThrow();
    expect(() => parseA1('Sheet1!:')).toThrow();
    expect(parseA1('Scores').cells).toBeNull();
  });

  it('converts columns both ways and quotes names that need it', () => {
    expect([columnIndex('A'), columnIndex('Z'), columnIndex('AA'), columnIndex('AZ')]).toEqual([
      0, 25, 26, 51,
    ]);
    expect([0, 25, 26, 51, 701, 702].map(columnLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
    expect([quoteSheet('Scores'), quoteSheet('Score sheet'), quoteSheet("Ann's"), quoteSheet('A1')]).toEqual([
      'Scores',
      "'Score sheet'",
      "'Ann''s'",
      "'A1'",
    ]);
    expect(
      formatRange('Score sheet', { sheetId: 0, startColumnIndex: 0, endColumnIndex: 26 }, 1000, 26),
    ).toBe("'Score sheet'!A1:Z1000");
    expect(
      formatRange(
        'S',
        { sheetId: 0, startRowIndex: 0, endRowIndex: 1, startColumnIndex: 0, endColumnIndex: 1 },
        10,
        10,
      ),
    ).toBe('S!A1');
  });
});
