// RFC 4180 CSV parsing: quoting, escapes, line ends and the errors a spreadsheet export can produce.
import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';

const rows = (text: string) => {
  const result = parseCsv(text);
  if (!result.ok) throw new Error(result.error.message);
  return result.records.map((r) => r.fields);
};

describe('parseCsv', () => {
  it('splits plain fields and records (CRLF and LF)', () => {
    expect(rows('a,b,c\r\n1,2,3\n4,5,6')).toEqual([
      ['a', 'b', 'c'],
      ['1', '2', '3'],
      ['4', '5', '6'],
    ]);
  });

  it('handles quoted fields with commas, line breaks and escaped quotes', () => {
    expect(rows('name,note\r\n"Doe, Jane","said ""hi""\r\nthen left"\r\n')).toEqual([
      ['name', 'note'],
      ['Doe, Jane', 'said "hi"\r\nthen left'],
    ]);
  });

  it('keeps empty fields, including quoted empty ones', () => {
    expect(rows('a,,c\n"",x,\n')).toEqual([
      ['a', '', 'c'],
      ['', 'x', ''],
    ]);
  });

  it('drops a BOM, blank lines and the trailing line break', () => {
    const result = parseCsv('\uFEFFemail\r\n\r\nann@x.test\r\n');
    expect(result).toEqual({
      ok: true,
      records: [
        { line: 1, fields: ['email'] },
        { line: 3, fields: ['ann@x.test'] },
      ],
    });
  });

  it('reports the starting line of each record, even across quoted line breaks', () => {
    const result = parseCsv('h\n"multi\nline"\nnext');
    expect(result.ok && result.records.map((r) => r.line)).toEqual([1, 2, 4]);
  });

  it('parses an empty input as no records', () => {
    expect(rows('')).toEqual([]);
  });

  it.each([
    ['unterminated quoted field', 'a,"open\n', /unterminated/],
    ['text after a closing quote', '"a"b,c', /after a closing quote/],
    ['a quote inside an unquoted field', 'ab"c",d', /quote may only start/],
  ])('refuses %s', (_name, text, message) => {
    const result = parseCsv(text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.message).toMatch(message);
  });

  it('locates errors by line and column', () => {
    expect(parseCsv('a,b\nc,d"e')).toEqual({
      ok: false,
      error: { message: expect.any(String), line: 2, column: 4 },
    });
  });
});
