// The fake's spreadsheet state: sheets of sparse immutable cells, protections, formats, developer metadata; copy-on-write edits.
import { A1Error, columnLetters, formatRange, type GridRange, parseA1, quoteSheet } from './a1.ts';
import { formatByPattern, type NumberFormat } from './numberFormat.ts';

/** A cell value as the API's ExtendedValue (one of the fields). */
export interface ExtendedValue {
  stringValue?: string;
  numberValue?: number;
  boolValue?: boolean;
  formulaValue?: string;
}

/** What the fake keeps per cell (CellData's writable fields). Cells are never mutated, only replaced. */
export interface Cell {
  userEnteredValue?: ExtendedValue;
  note?: string;
  dataValidation?: unknown;
  userEnteredFormat?: unknown;
}

export interface GridProperties {
  rowCount: number;
  columnCount: number;
  frozenRowCount?: number;
  frozenColumnCount?: number;
}

export interface SheetProperties {
  sheetId: number;
  title: string;
  index: number;
  sheetType: 'GRID';
  gridProperties: GridProperties;
  hidden?: boolean;
  tabColor?: unknown;
  tabColorStyle?: unknown;
}

export interface ProtectedRange {
  protectedRangeId: number;
  range: GridRange;
  description?: string;
  warningOnly?: boolean;
  editors?: { users?: string[]; groups?: string[]; domainUsersCanEdit?: boolean };
}

export interface DimensionProperties {
  hiddenByUser?: boolean;
  pixelSize?: number;
}

export interface Sheet {
  properties: SheetProperties;
  /** rows[r][c]; both levels sparse. Row arrays are copied before a write (copy on write). */
  rows: (Cell | undefined)[][];
  protectedRanges: ProtectedRange[];
  conditionalFormats: unknown[];
  columnProperties: DimensionProperties[];
  rowProperties: DimensionProperties[];
}

export type MetadataLocation =
  | { locationType: 'SPREADSHEET'; spreadsheet: true }
  | { locationType: 'SHEET'; sheetId: number }
  | {
      locationType: 'ROW' | 'COLUMN';
      dimensionRange: {
        sheetId: number;
        dimension: 'ROWS' | 'COLUMNS';
        startIndex: number;
        endIndex: number;
      };
    };

export interface DeveloperMetadata {
  metadataId: number;
  metadataKey: string;
  metadataValue?: string;
  location: MetadataLocation;
  visibility: 'DOCUMENT' | 'PROJECT';
}

export interface Spreadsheet {
  spreadsheetId: string;
  properties: { title: string; locale: string; timeZone: string; autoRecalc: string };
  sheets: Sheet[];
  developerMetadata: DeveloperMetadata[];
  /** The user (e-mail) who created it; always may edit. */
  owner: string;
  /** Other users with edit access. */
  editors: string[];
}

/** An API error as Google returns it: `{error: {code, message, status}}`. */
export class SheetsError extends Error {
  constructor(
    readonly code: number,
    readonly status: string,
    message: string,
    readonly details?: unknown[],
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
  body() {
    return {
      error: {
        code: this.code,
        message: this.message,
        status: this.status,
        ...(this.details ? { details: this.details } : {}),
      },
    };
  }
}

export const invalid = (message: string) => new SheetsError(400, 'INVALID_ARGUMENT', message);

/** A working copy of a spreadsheet for one atomic operation: copy-on-write rows, copied lists. */
export function workingCopy(s: Spreadsheet): Spreadsheet {
  return {
    ...s,
    properties: { ...s.properties },
    sheets: s.sheets.map((sheet) => ({
      ...sheet,
      properties: { ...sheet.properties, gridProperties: { ...sheet.properties.gridProperties } },
      rows: sheet.rows.slice(),
      protectedRanges: sheet.protectedRanges.slice(),
      conditionalFormats: sheet.conditionalFormats.slice(),
      columnProperties: sheet.columnProperties.slice(),
      rowProperties: sheet.rowProperties.slice(),
    })),
    developerMetadata: s.developerMetadata.map((m) => ({ ...m })),
    editors: s.editors.slice(),
  };
}

/** Row arrays already copied in the current working copy (written in place from then on). */
export class RowWriter {
  readonly #own = new WeakSet<object>();
  row(sheet: Sheet, r: number): (Cell | undefined)[] {
    const current = sheet.rows[r];
    if (current && this.#own.has(current)) return current;
    const copy = current ? current.slice() : [];
    this.#own.add(copy);
    sheet.rows[r] = copy;
    return copy;
  }
}

export function sheetById(s: Spreadsheet, sheetId: number): Sheet | undefined {
  return s.sheets.find((sh) => sh.properties.sheetId === sheetId);
}

/** The range with open bounds closed by the grid. */
export function bounded(range: GridRange, grid: GridProperties): Required<GridRange> {
  return {
    sheetId: range.sheetId,
    startRowIndex: range.startRowIndex ?? 0,
    endRowIndex: range.endRowIndex ?? grid.rowCount,
    startColumnIndex: range.startColumnIndex ?? 0,
    endColumnIndex: range.endColumnIndex ?? grid.columnCount,
  };
}

export function rangeText(s: Spreadsheet, range: GridRange): string {
  const sheet = sheetById(s, range.sheetId);
  if (!sheet) return `sheet ${range.sheetId}`;
  const g = sheet.properties.gridProperties;
  return formatRange(sheet.properties.title, range, g.rowCount, g.columnCount);
}

/** 400 unless the range lies inside its sheet's grid (the API's wording). */
export function assertInGrid(s: Spreadsheet, range: GridRange, where = ''): Sheet {
  const sheet = sheetById(s, range.sheetId);
  if (!sheet) throw invalid(`${where}No grid with id: ${range.sheetId}`);
  const g = sheet.properties.gridProperties;
  const r = bounded(range, g);
  if (
    r.startRowIndex < 0 ||
    r.startColumnIndex < 0 ||
    r.endRowIndex < r.startRowIndex ||
    r.endColumnIndex < r.startColumnIndex
  ) {
    throw invalid(`${where}Invalid range: start index must be less than or equal to end index.`);
  }
  if (r.endRowIndex > g.rowCount || r.endColumnIndex > g.columnCount) {
    throw invalid(
      `${where}Range (${rangeText(s, range)}) exceeds grid limits. Max rows: ${g.rowCount}, max columns: ${g.columnCount}`,
    );
  }
  return sheet;
}

/**
 * Reads (`values.get`, `values:batchGet`, `values:batchGetByDataFilter`) past the grid's edge: an END past it is
 * clamped to the grid (`A1:AA5` on 26 columns answers `A1:Z5`, the echoed `range` clamped too), a START past it
 * is 400 INVALID_ARGUMENT `Range (<the range as requested>) exceeds grid limits. Max rows: R, max columns: C`.
 * Measured against the real API by brekkylab/backlot (backlot/routers/google.py, `_a1_range` and
 * `_sheets_grid_selection`, 2026-09-12 and 2026-10-04; https://github.com/brekkylab/backlot/issues/159: "past-the-grid
 * ranges clamp"); the refusal is the one reported for reads of a range starting past the grid in
 * https://github.com/dataiku/dataiku-contrib/issues/215 ("Range ('CO2'!CO2) exceeds grid limits. Max rows: 1000,
 * max columns: 26") and https://github.com/nithinmurali/pygsheets/issues/416.
 */
export function assertReadStart(sheet: Sheet, range: GridRange, name: () => string): void {
  const g = sheet.properties.gridProperties;
  if ((range.startRowIndex ?? 0) >= g.rowCount || (range.startColumnIndex ?? 0) >= g.columnCount) {
    throw invalid(
      `Range (${name()}) exceeds grid limits. Max rows: ${g.rowCount}, max columns: ${g.columnCount}`,
    );
  }
}

/** An A1 read range as the refusal names it: whole columns by their letters (`ZZ`, `AA:AB`), whole rows by their numbers. */
export function a1ReadName(sheet: Sheet, range: GridRange): string {
  const g = sheet.properties.gridProperties;
  const rowsOpen = range.startRowIndex === undefined && range.endRowIndex === undefined;
  const colsOpen = range.startColumnIndex === undefined && range.endColumnIndex === undefined;
  const title = quoteSheet(sheet.properties.title);
  const span = (a: string, b: string) => `${title}!${a === b ? a : `${a}:${b}`}`;
  if (rowsOpen && !colsOpen) {
    const c0 = range.startColumnIndex ?? 0;
    return span(columnLetters(c0), columnLetters((range.endColumnIndex ?? c0 + 1) - 1));
  }
  if (colsOpen && !rowsOpen) {
    const r0 = range.startRowIndex ?? 0;
    return span(String(r0 + 1), String(range.endRowIndex ?? r0 + 1));
  }
  return formatRange(sheet.properties.title, range, g.rowCount, g.columnCount);
}

/**
 * A grid range as the refusal names it: only the edges the request set, start and end each as column letters
 * then a row number, one alone when both read the same, `(empty) ` in front of a range empty on an axis
 * (`{startRowIndex: 1000}` → `Sheet1!1001:`, `{startRowIndex: 1, startColumnIndex: 0, endColumnIndex: 22}` →
 * `Sheet1!A2:V`). Measured by brekkylab/backlot (`_grid_range_name`, 2026-10-04).
 */
export function gridRangeName(sheet: Sheet, range: GridRange): string {
  const { startRowIndex: sr, endRowIndex: er, startColumnIndex: sc, endColumnIndex: ec } = range;
  const letters = (c: number | undefined) =>
    c !== undefined && c >= 0 && c <= 18277 ? columnLetters(c) : '';
  const start = letters(sc) + (sr !== undefined ? String(sr + 1) : '');
  const end = letters(ec === undefined ? undefined : ec - 1) + (er !== undefined ? String(er) : '');
  const empty = (sr !== undefined && er === sr) || (sc !== undefined && ec === sc);
  return `${empty ? '(empty) ' : ''}${quoteSheet(sheet.properties.title)}!${start === end ? start : `${start}:${end}`}`;
}

/**
 * Sheet titles are case-insensitive in Google Sheets: an A1 range naming `scores` reads the tab `Scores` (the echoed
 * range carries the tab's own spelling), and no two tabs may differ only in case (`addSheet` / a rename to such a
 * title is 400 `A sheet with the name "…" already exists. Please enter another name.`). Reported from the real API
 * in https://github.com/socialpoint-labs/sheetfu/pull/26 ("Google sheets internally ignores case for sheet names…
 * trying to create 2 sheets with the same name but different cases fails, whether you do it from the spreadsheet
 * UI or the API") and https://github.com/appsmithorg/appsmith/issues/5293 (insert and update by a sheet name in
 * another case work).
 */
export const sameTitle = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

export function sheetByTitle(s: Spreadsheet, title: string): Sheet | undefined {
  return s.sheets.find((sh) => sameTitle(sh.properties.title, title));
}

/** Resolves an A1 string to a sheet and grid range ("Unable to parse range" otherwise); titles match in any case. */
export function resolveA1(s: Spreadsheet, a1: string): { sheet: Sheet; range: GridRange } {
  let parsed: ReturnType<typeof parseA1>;
  try {
    parsed = parseA1(a1);
  } catch (error) {
    if (error instanceof A1Error) throw invalid(`Unable to parse range: ${a1}`);
    throw error;
  }
  const byTitle = (title: string) => sheetByTitle(s, title);
  const text = a1.trim();
  let sheet: Sheet | undefined;
  let cells = parsed.cells;
  if (text.includes('!') || text.startsWith("'")) {
    sheet = parsed.sheet === null ? undefined : byTitle(parsed.sheet);
  } else if (byTitle(text)) {
    // A bare name that is a sheet's title means the whole sheet, even when it looks like a cell range.
    sheet = byTitle(text);
    cells = null;
  } else if (cells) {
    sheet = s.sheets.find((sh) => !sh.properties.hidden) ?? s.sheets[0];
  }
  if (!sheet) throw invalid(`Unable to parse range: ${a1}`);
  const range: GridRange = { sheetId: sheet.properties.sheetId };
  if (cells) {
    if (cells.startRow !== undefined) range.startRowIndex = cells.startRow;
    if (cells.endRow !== undefined) range.endRowIndex = cells.endRow;
    if (cells.startColumn !== undefined) range.startColumnIndex = cells.startColumn;
    if (cells.endColumn !== undefined) range.endColumnIndex = cells.endColumn;
  }
  return { sheet, range };
}

export type RenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';

/** Sheets' automatic number format, close enough: integers plainly, others up to 10 significant digits. */
function formatNumber(n: number): string {
  if (Number.isInteger(n)) return String(n);
  return String(Number(n.toPrecision(10)));
}

/** The cell's `userEnteredFormat.numberFormat`, if it has one. */
function numberFormatOf(cell: Cell | undefined): NumberFormat | undefined {
  const format = cell?.userEnteredFormat as { numberFormat?: NumberFormat } | undefined;
  return format?.numberFormat;
}

/**
 * A cell's value as values:batchGet renders it: FORMATTED_VALUE by the cell's number format when it has one the fake
 * renders (`numberFormat.ts`), else Sheets' automatic format; UNFORMATTED_VALUE the number itself. The fake does not
 * evaluate formulas: a formula cell renders as its formula text whatever the option.
 */
export function renderCell(
  cell: Cell | undefined,
  option: RenderOption,
): string | number | boolean | undefined {
  const v = cell?.userEnteredValue;
  if (!v) return undefined;
  if (v.formulaValue !== undefined) return v.formulaValue;
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.numberValue !== undefined) {
    if (option !== 'FORMATTED_VALUE') return v.numberValue;
    const format = numberFormatOf(cell);
    return (format && formatByPattern(v.numberValue, format)) ?? formatNumber(v.numberValue);
  }
  if (v.boolValue !== undefined) {
    if (option === 'FORMATTED_VALUE') return v.boolValue ? 'TRUE' : 'FALSE';
    return v.boolValue;
  }
  return undefined;
}

/**
 * A value written through the values API. RAW: stored as given. USER_ENTERED: parsed as if typed into
 * the UI (numbers with grouping, percents, TRUE/FALSE, leading `=` formulas, a leading `'` forces text).
 * Returns null for "clear the cell" (an empty string).
 */
export function inputValue(value: unknown, option: 'RAW' | 'USER_ENTERED'): ExtendedValue | null {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(`Invalid value: ${value}`);
    return { numberValue: value };
  }
  if (typeof value === 'boolean') return { boolValue: value };
  if (typeof value !== 'string')
    throw invalid(`Invalid values: ${JSON.stringify(value)} is not a bool, string or number`);
  if (value === '') return null;
  if (option === 'RAW') return { stringValue: value };
  if (value.startsWith("'")) return { stringValue: value.slice(1) };
  if (value.startsWith('=')) return { formulaValue: value };
  const upper = value.trim().toUpperCase();
  if (upper === 'TRUE' || upper === 'FALSE') return { boolValue: upper === 'TRUE' };
  const number = /^[+-]?(\d{1,3}(,\d{3})+|\d+)?(\.\d+)?([eE][+-]?\d+)?%?$/;
  const trimmed = value.trim();
  if (number.test(trimmed) && /\d/.test(trimmed)) {
    const percent = trimmed.endsWith('%');
    const n = Number(trimmed.replaceAll(',', '').replace('%', ''));
    if (Number.isFinite(n)) return { numberValue: percent ? n / 100 : n };
  }
  return { stringValue: value };
}

/** Whether `user` may edit `range` given the sheet's protections (the owner always may). */
export function mayEdit(s: Spreadsheet, sheet: Sheet, user: string, range: Required<GridRange>): boolean {
  if (user === s.owner) return true;
  return sheet.protectedRanges.every((p) => {
    if (p.warningOnly) return true;
    const q = bounded(p.range, sheet.properties.gridProperties);
    const overlaps =
      q.startRowIndex < range.endRowIndex &&
      range.startRowIndex < q.endRowIndex &&
      q.startColumnIndex < range.endColumnIndex &&
      range.startColumnIndex < q.endColumnIndex;
    return !overlaps || (p.editors?.users ?? []).includes(user);
  });
}

export const PROTECTED = () =>
  invalid(
    'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
  );
