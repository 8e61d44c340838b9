// values:batchGetByDataFilter's request: its body checked as a whole, and each DataFilter resolved to the ranges it matches.
import type { GridRange } from './a1.ts';
import {
  a1ReadName,
  assertReadStart,
  gridRangeName,
  invalid,
  type RenderOption,
  resolveA1,
  type Sheet,
  type Spreadsheet,
  sheetById,
} from './model.ts';
import { checkLookup, matchesLookup } from './requests.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const RENDER: RenderOption[] = ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'];
const BODY_FIELDS = ['dataFilters', 'majorDimension', 'valueRenderOption', 'dateTimeRenderOption'];
const GRID_FIELDS = [
  'sheetId',
  'startRowIndex',
  'endRowIndex',
  'startColumnIndex',
  'endColumnIndex',
] as const;

export type DataFilter =
  | { kind: 'a1Range'; a1Range: string; raw: Json }
  | { kind: 'gridRange'; gridRange: GridRange; raw: Json }
  | { kind: 'developerMetadataLookup'; lookup: Json; raw: Json };

export interface ValuesDataFilterRequest {
  filters: DataFilter[];
  major: 'ROWS' | 'COLUMNS';
  render: RenderOption;
}

const SNAKE: Record<(typeof GRID_FIELDS)[number], string> = {
  sheetId: 'sheet_id',
  startRowIndex: 'start_row_index',
  endRowIndex: 'end_row_index',
  startColumnIndex: 'start_column_index',
  endColumnIndex: 'end_column_index',
};

/**
 * A gridRange's members as the body parser reads them: only what cannot be an int32 is refused here (before the
 * spreadsheet is looked up), named by its path in the request as Google names it. The sheet, negative indexes, an
 * end before its start and a start past the grid are checked once the spreadsheet is found (`matchDataFilters`).
 */
function gridRangeOf(v: unknown, i: number, where: string): GridRange {
  if (!isObject(v)) throw invalid(`${where}gridRange must be a GridRange`);
  for (const k of Object.keys(v)) {
    if (!(GRID_FIELDS as readonly string[]).includes(k))
      throw invalid(
        `Invalid JSON payload received. Unknown name "${k}" at 'data_filters[${i}].grid_range': Cannot find field.`,
      );
  }
  const out: GridRange = { sheetId: 0 };
  for (const k of GRID_FIELDS) {
    const n = v[k];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isInteger(n)) {
      const path = `data_filters[${i}].grid_range.${SNAKE[k]}${k === 'sheetId' ? '' : '.value'}`;
      throw invalid(`Invalid value at '${path}' (TYPE_INT32), ${JSON.stringify(n)}`);
    }
    out[k] = n;
  }
  return out;
}

/** The request body, refused as a whole (400) before the spreadsheet is looked up. */
export function valuesDataFilterRequest(body: Json): ValuesDataFilterRequest {
  for (const k of Object.keys(body)) {
    if (!BODY_FIELDS.includes(k))
      throw invalid(`Invalid JSON payload received. Unknown name "${k}": Cannot find field.`);
  }
  const render = (body.valueRenderOption ?? 'FORMATTED_VALUE') as RenderOption;
  if (!RENDER.includes(render)) throw invalid(`Invalid value at 'value_render_option' (${String(render)})`);
  const dim = body.majorDimension ?? 'ROWS';
  if (dim !== 'ROWS' && dim !== 'COLUMNS' && dim !== 'DIMENSION_UNSPECIFIED')
    throw invalid(`Invalid value at 'major_dimension' (${String(dim)})`);
  if (!Array.isArray(body.dataFilters) || body.dataFilters.length === 0)
    throw invalid('Must specify at least one data filter.');
  const filters = body.dataFilters.map((f, i): DataFilter => {
    const where = `Invalid dataFilters[${i}]: `;
    if (!isObject(f)) throw invalid(`${where}a DataFilter must be an object`);
    const set = Object.keys(f);
    if (set.length !== 1)
      throw invalid(`${where}exactly one of developerMetadataLookup, a1Range or gridRange must be set`);
    if (typeof f.a1Range === 'string') return { kind: 'a1Range', a1Range: f.a1Range, raw: f };
    if (f.gridRange !== undefined)
      return { kind: 'gridRange', gridRange: gridRangeOf(f.gridRange, i, where), raw: f };
    if (f.developerMetadataLookup !== undefined)
      return { kind: 'developerMetadataLookup', lookup: checkLookup(f, where), raw: f };
    throw invalid(`${where}exactly one of developerMetadataLookup, a1Range or gridRange must be set`);
  });
  return { filters, major: dim === 'COLUMNS' ? 'COLUMNS' : 'ROWS', render };
}

export interface MatchedRange {
  sheet: Sheet;
  range: GridRange;
  /** A grid range with its end at its start on an axis: answered, with `#REF!` as its range and no values. */
  empty?: boolean;
  /** The request's filters that matched this range, in request order. */
  dataFilters: Json[];
}

/**
 * The ranges the filters select, each once with every filter that matched it. An A1 range selects itself: a
 * sheet that is not there is 400 `Unable to parse range: <a1>`, a start past the grid 400 `exceeds grid limits`,
 * an end past it is clamped. A grid range is checked in Google's order — the sheet (400 `No grid with id: N`,
 * e.g. a deleted tab), a negative index, an end before its start (rows first), a start past the grid — and one
 * empty on an axis is answered (`#REF!`); measured by brekkylab/backlot (backlot/routers/google.py,
 * `_sheets_grid_selection`, 2026-10-04; https://github.com/brekkylab/backlot/issues/340). A metadata lookup selects
 * the sheet, rows or columns its matching metadata sits on (spreadsheet-level metadata has no range, so it selects
 * nothing; a deleted sheet's metadata went with it).
 */
export function matchDataFilters(s: Spreadsheet, filters: readonly DataFilter[]): MatchedRange[] {
  const out: (MatchedRange & { from: Set<number> })[] = [];
  let current = 0;
  const add = (sheet: Sheet, range: GridRange, filter: Json, empty = false) => {
    let same = out.find((m) => JSON.stringify(m.range) === JSON.stringify(range));
    if (!same) {
      same = { sheet, range, dataFilters: [], from: new Set(), ...(empty ? { empty } : {}) };
      out.push(same);
    }
    if (same.from.has(current)) return;
    same.from.add(current);
    same.dataFilters.push(structuredClone(filter));
  };
  filters.forEach((f, i) => {
    current = i;
    if (f.kind === 'a1Range') {
      const { sheet, range } = resolveA1(s, f.a1Range);
      assertReadStart(sheet, range, () => a1ReadName(sheet, range));
      add(sheet, range, f.raw);
    } else if (f.kind === 'gridRange') {
      const g = f.gridRange;
      const sheet = sheetById(s, g.sheetId);
      if (!sheet) throw invalid(`No grid with id: ${g.sheetId}`);
      const { startRowIndex: sr, endRowIndex: er, startColumnIndex: sc, endColumnIndex: ec } = g;
      if ([sr, er, sc, ec].some((n) => n !== undefined && n < 0))
        throw invalid('GridRange indexes must be >= 0');
      if (sr !== undefined && er !== undefined && er < sr)
        throw invalid(`endRowIndex[${er}] cannot be before startRowIndex[${sr}]`);
      if (sc !== undefined && ec !== undefined && ec < sc)
        throw invalid(`endColumnIndex[${ec}] cannot be before startColumnIndex[${sc}]`);
      assertReadStart(sheet, g, () => gridRangeName(sheet, g));
      const empty = (sr !== undefined && er === sr) || (sc !== undefined && ec === sc);
      add(sheet, g, f.raw, empty);
    } else {
      for (const m of s.developerMetadata) {
        if (!matchesLookup(m, f.lookup)) continue;
        const loc = m.location;
        if (loc.locationType === 'SPREADSHEET') continue;
        const sheetId = loc.locationType === 'SHEET' ? loc.sheetId : loc.dimensionRange.sheetId;
        const sheet = sheetById(s, sheetId);
        if (!sheet) continue;
        if (loc.locationType === 'SHEET') add(sheet, { sheetId }, f.raw);
        else if (loc.locationType === 'ROW')
          add(
            sheet,
            {
              sheetId,
              startRowIndex: loc.dimensionRange.startIndex,
              endRowIndex: loc.dimensionRange.endIndex,
            },
            f.raw,
          );
        else
          add(
            sheet,
            {
              sheetId,
              startColumnIndex: loc.dimensionRange.startIndex,
              endColumnIndex: loc.dimensionRange.endIndex,
            },
            f.raw,
          );
      }
    }
  });
  return out.map(({ from: _from, ...matched }) => matched);
}
