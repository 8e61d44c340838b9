// values:batchGetByDataFilter's request: its body checked as a whole, and each DataFilter resolved to the ranges it matches.
import type { GridRange } from './a1.ts';
import { invalid, type RenderOption, resolveA1, type Sheet, type Spreadsheet, sheetById } from './model.ts';
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

function gridRangeOf(v: unknown, where: string): GridRange {
  if (!isObject(v)) throw invalid(`${where}gridRange must be a GridRange`);
  for (const k of Object.keys(v)) {
    if (!(GRID_FIELDS as readonly string[]).includes(k))
      throw invalid(
        `Invalid JSON payload received. Unknown name "${k}" at '${where}gridRange': Cannot find field.`,
      );
  }
  const out: GridRange = { sheetId: 0 };
  for (const k of GRID_FIELDS) {
    const n = v[k];
    if (n === undefined) continue;
    if (typeof n !== 'number' || !Number.isInteger(n))
      throw invalid(`${where}gridRange.${k} must be an integer`);
    if (n < 0) throw invalid(`${where}gridRange.${k} must not be negative`);
    out[k] = n;
  }
  const { startRowIndex: r0, endRowIndex: r1, startColumnIndex: c0, endColumnIndex: c1 } = out;
  if (
    (r0 !== undefined && r1 !== undefined && r1 < r0) ||
    (c0 !== undefined && c1 !== undefined && c1 < c0)
  ) {
    throw invalid(`${where}Invalid range: start index must be less than or equal to end index.`);
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
      return { kind: 'gridRange', gridRange: gridRangeOf(f.gridRange, where), raw: f };
    if (f.developerMetadataLookup !== undefined)
      return { kind: 'developerMetadataLookup', lookup: checkLookup(f, where), raw: f };
    throw invalid(`${where}exactly one of developerMetadataLookup, a1Range or gridRange must be set`);
  });
  return { filters, major: dim === 'COLUMNS' ? 'COLUMNS' : 'ROWS', render };
}

export interface MatchedRange {
  sheet: Sheet;
  range: GridRange;
  /** The request's filters that matched this range, in request order. */
  dataFilters: Json[];
}

/**
 * The ranges the filters select, each once with every filter that matched it: an A1 or grid range selects
 * itself (a sheet that is not there is a 400); a metadata lookup selects the sheet, rows or columns its
 * matching metadata sits on (spreadsheet-level metadata has no range, so it selects nothing).
 */
export function matchDataFilters(s: Spreadsheet, filters: readonly DataFilter[]): MatchedRange[] {
  const out: (MatchedRange & { from: Set<number> })[] = [];
  let current = 0;
  const add = (sheet: Sheet, range: GridRange, filter: Json) => {
    let same = out.find((m) => JSON.stringify(m.range) === JSON.stringify(range));
    if (!same) {
      same = { sheet, range, dataFilters: [], from: new Set() };
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
      add(sheet, range, f.raw);
    } else if (f.kind === 'gridRange') {
      const sheet = sheetById(s, f.gridRange.sheetId);
      if (!sheet) throw invalid(`Invalid dataFilters[${i}]: No grid with id: ${f.gridRange.sheetId}`);
      add(sheet, f.gridRange, f.raw);
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
  return out.map(({ sheet, range, dataFilters }) => ({ sheet, range, dataFilters }));
}
