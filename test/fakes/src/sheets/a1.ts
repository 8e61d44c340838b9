// A1 notation as the Sheets API reads it: quoted sheet names, whole columns/rows, open ends, bare sheet names.

/** A range on one sheet, 0-based, end-exclusive; `undefined` bounds are open (to the edge of the grid). */
export interface GridRange {
  sheetId: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

/** A parsed A1 string before it is resolved against the spreadsheet's sheets. */
export interface A1 {
  /** The sheet title, when the string names one (quoted names unquoted). */
  sheet: string | null;
  /** The cell part (`A1:B2`, `A:A`, `3:4`…), or null when the string is a sheet name alone. */
  cells: CellSpan | null;
}

export interface CellSpan {
  startRow?: number;
  endRow?: number;
  startColumn?: number;
  endColumn?: number;
}

export class A1Error extends Error {}

const REF = /^([A-Za-z]{1,3})?(\d{1,7})?$/;

/** Column letters → 0-based index (A → 0, Z → 25, AA → 26). */
export function columnIndex(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

/** 0-based index → column letters. */
export function columnLetters(index: number): string {
  let out = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    out = String.fromCharCode(65 + ((n - 1) % 26)) + out;
  return out;
}

interface Ref {
  row?: number;
  column?: number;
}

function parseRef(text: string): Ref | null {
  const m = REF.exec(text);
  if (!m || (m[1] === undefined && m[2] === undefined)) return null;
  const ref: Ref = {};
  if (m[1] !== undefined) ref.column = columnIndex(m[1]);
  if (m[2] !== undefined) {
    const row = Number(m[2]);
    if (row < 1) return null;
    ref.row = row - 1;
  }
  return ref;
}

/** Parses the cell part: `A1`, `A1:B2`, `A:B`, `2:5`, `A5:B` (open end), `A:B9`; null when it is not one. */
export function parseCells(text: string): CellSpan | null {
  const parts = text.split(':');
  if (parts.length > 2) return null;
  const a = parseRef(parts[0] ?? '');
  if (!a) return null;
  if (parts.length === 1) {
    if (a.row === undefined || a.column === undefined) return null;
    return { startRow: a.row, endRow: a.row + 1, startColumn: a.column, endColumn: a.column + 1 };
  }
  const b = parseRef(parts[1] ?? '');
  if (!b) return null;
  const span: CellSpan = {};
  const rows = [a.row, b.row].filter((r): r is number => r !== undefined);
  const cols = [a.column, b.column].filter((c): c is number => c !== undefined);
  // Whole rows (`2:5`) or whole columns (`A:B`) need both ends of that kind.
  if (a.column === undefined && b.column !== undefined) return null;
  if (a.row === undefined && b.row === undefined && cols.length < 2) return null;
  if (a.column === undefined && b.column === undefined && rows.length < 2) return null;
  if (rows.length === 2) {
    span.startRow = Math.min(...rows);
    span.endRow = Math.max(...rows) + 1;
  } else if (rows.length === 1) {
    // `A5:B` starts at row 5 and runs to the end; `A:B9` starts at the top and ends at row 9.
    if (a.row !== undefined) span.startRow = a.row;
    else span.endRow = (b.row as number) + 1;
  }
  if (cols.length === 2) {
    span.startColumn = Math.min(...cols);
    span.endColumn = Math.max(...cols) + 1;
  } else if (cols.length === 1) {
    span.startColumn = cols[0] as number;
    span.endColumn = (cols[0] as number) + 1;
  }
  return span;
}

/** Splits `'Ann''s scores'!A1`, `Sheet1!A:A`, `Sheet1` and `A1:B2` into sheet name and cell part. */
export function parseA1(input: string): A1 {
  const text = input.trim();
  if (text === '') throw new A1Error('empty range');
  if (text.startsWith("'")) {
    let i = 1;
    let name = '';
    for (; i < text.length; i++) {
      const ch = text[i];
      if (ch === "'") {
        if (text[i + 1] === "'") {
          name += "'";
          i++;
          continue;
        }
        break;
      }
      name += ch;
    }
    if (i >= text.length) throw new A1Error(`unterminated quoted sheet name in ${input}`);
    const rest = text.slice(i + 1);
    if (rest === '') return { sheet: name, cells: null };
    if (!rest.startsWith('!')) throw new A1Error(`expected ! after the sheet name in ${input}`);
    const cells = parseCells(rest.slice(1));
    if (!cells) throw new A1Error(`bad cell reference in ${input}`);
    return { sheet: name, cells };
  }
  const bang = text.indexOf('!');
  if (bang >= 0) {
    const cells = parseCells(text.slice(bang + 1));
    if (!cells) throw new A1Error(`bad cell reference in ${input}`);
    return { sheet: text.slice(0, bang), cells };
  }
  // No `!`: a cell range on the first visible sheet, or a sheet name (the caller prefers a sheet of that name).
  return { sheet: text, cells: parseCells(text) };
}

/** A sheet title as written in A1 notation: quoted unless it is a plain identifier that is not a cell reference. */
export function quoteSheet(title: string): string {
  if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && parseCells(title) === null) return title;
  return `'${title.replaceAll("'", "''")}'`;
}

/** `Sheet!A1:C3`, or `Sheet!A1` for one cell; open bounds are closed with the grid's size. */
export function formatRange(title: string, range: GridRange, rowCount: number, columnCount: number): string {
  const r0 = range.startRowIndex ?? 0;
  const r1 = range.endRowIndex ?? rowCount;
  const c0 = range.startColumnIndex ?? 0;
  const c1 = range.endColumnIndex ?? columnCount;
  const start = `${columnLetters(c0)}${r0 + 1}`;
  const end = `${columnLetters(Math.max(c0, c1 - 1))}${Math.max(r0, r1 - 1) + 1}`;
  return `${quoteSheet(title)}!${start === end ? start : `${start}:${end}`}`;
}
