// spreadsheets.batchUpdate requests, applied to a working copy (the caller commits only if every request succeeds).
import { randomInt } from 'node:crypto';
import type { GridRange } from './a1.ts';
import { deleteDimension } from './dimensions.ts';
import {
  assertInGrid,
  bounded,
  type Cell,
  type DeveloperMetadata,
  type DimensionProperties,
  invalid,
  type MetadataLocation,
  mayEdit,
  PROTECTED,
  type ProtectedRange,
  RowWriter,
  type Sheet,
  type SheetProperties,
  type Spreadsheet,
  sameTitle,
  sheetById,
} from './model.ts';
import { numberFormatProblem } from './numberFormat.ts';

export interface ApplyContext {
  s: Spreadsheet;
  rows: RowWriter;
  /** The e-mail of the calling user. */
  user: string;
}

type Json = Record<string, unknown>;
type Handler = (ctx: ApplyContext, body: Json, where: string) => Json;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const int = (v: unknown, what: string, where: string): number => {
  if (typeof v !== 'number' || !Number.isInteger(v)) throw invalid(`${where}${what} must be an integer`);
  return v;
};

function gridRange(v: unknown, where: string): GridRange {
  if (!isObject(v)) throw invalid(`${where}range is required`);
  const out: GridRange = { sheetId: typeof v.sheetId === 'number' ? v.sheetId : 0 };
  for (const k of ['startRowIndex', 'endRowIndex', 'startColumnIndex', 'endColumnIndex'] as const) {
    if (v[k] !== undefined) out[k] = int(v[k], k, where);
  }
  return out;
}

/** Cells a (bounded) range covers, row by row. */
function* cellsOf(range: Required<GridRange>): Generator<[number, number]> {
  for (let r = range.startRowIndex; r < range.endRowIndex; r++)
    for (let c = range.startColumnIndex; c < range.endColumnIndex; c++) yield [r, c];
}

const CELL_FIELDS = ['userEnteredValue', 'note', 'dataValidation', 'userEnteredFormat'] as const;
type CellField = (typeof CELL_FIELDS)[number];

/** The CellData fields a mask names; `userEnteredFormat.x` narrows the format to sub-fields. */
function cellMask(fields: unknown, where: string): { top: Set<CellField>; format: string[] | null } {
  if (typeof fields !== 'string' || fields.trim() === '') {
    throw invalid(`${where}At least one field must be specified in 'fields'.`);
  }
  const top = new Set<CellField>();
  const format: string[] = [];
  for (const raw of fields.split(',').map((f) => f.trim())) {
    if (raw === '*') {
      for (const f of CELL_FIELDS) top.add(f);
      continue;
    }
    const [head, ...rest] = raw.split('.');
    if (!(CELL_FIELDS as readonly string[]).includes(head ?? '')) {
      throw invalid(`${where}Invalid field mask: ${raw} (the fake supports ${CELL_FIELDS.join(', ')})`);
    }
    top.add(head as CellField);
    if (head === 'userEnteredFormat' && rest.length > 0) format.push(rest.join('.'));
  }
  return { top, format: format.length > 0 ? format : null };
}

function setPath(target: Json, path: string, value: unknown): void {
  const keys = path.split('.');
  let at = target;
  for (const k of keys.slice(0, -1)) {
    if (!isObject(at[k])) at[k] = {};
    at = at[k] as Json;
  }
  const last = keys[keys.length - 1] as string;
  if (value === undefined) delete at[last];
  else at[last] = value;
}

function getPath(source: unknown, path: string): unknown {
  let at = source;
  for (const k of path.split('.')) at = isObject(at) ? at[k] : undefined;
  return at;
}

const VALUE_KINDS = ['stringValue', 'numberValue', 'boolValue', 'formulaValue'];

/** The proto path of a request's field as the API's JSON parse errors name it (`requests[0].repeat_cell.cell`). */
function protoPath(where: string, field: string): string {
  const index = /requests\[(\d+)\]/.exec(where)?.[1] ?? '0';
  return `requests[${index}].${field}`;
}

/** CellData checked as the API checks it; `path` names it in parse errors (`repeat_cell.cell`, `update_cells.rows[0].values[2]`). */
function checkCellData(data: unknown, where: string, path: string): Json {
  if (data === undefined || data === null) return {};
  if (!isObject(data)) throw invalid(`${where}values must be CellData objects`);
  const v = data.userEnteredValue;
  if (v !== undefined) {
    if (!isObject(v) || Object.keys(v).length !== 1 || !VALUE_KINDS.includes(Object.keys(v)[0] ?? '')) {
      throw invalid(`${where}userEnteredValue must set exactly one of ${VALUE_KINDS.join(', ')}`);
    }
    if (v.numberValue !== undefined && (typeof v.numberValue !== 'number' || !Number.isFinite(v.numberValue)))
      throw invalid(`${where}numberValue must be a finite number`);
  }
  if (data.note !== undefined && typeof data.note !== 'string')
    throw invalid(`${where}note must be a string`);
  if (data.dataValidation !== undefined) checkValidationRule(data.dataValidation, where);
  if (data.userEnteredFormat !== undefined) {
    if (!isObject(data.userEnteredFormat)) throw invalid(`${where}userEnteredFormat must be a CellFormat`);
    // A parse error of the request's JSON: the API names the field by its proto path, not the request.
    const problem = numberFormatProblem(
      data.userEnteredFormat.numberFormat,
      `${protoPath(where, path)}.user_entered_format.number_format`,
    );
    if (problem) throw invalid(problem);
  }
  return data;
}

/** The next state of a cell under a mask: masked fields come from `data` (absent = cleared). */
function masked(current: Cell | undefined, data: Json, mask: ReturnType<typeof cellMask>): Cell | undefined {
  const next: Json = { ...(current ?? {}) };
  for (const field of mask.top) {
    if (field === 'userEnteredFormat' && mask.format) {
      const format: Json = isObject(next.userEnteredFormat) ? structuredClone(next.userEnteredFormat) : {};
      for (const path of mask.format) setPath(format, path, getPath(data.userEnteredFormat, path));
      next.userEnteredFormat = format;
      continue;
    }
    if (data[field] === undefined) delete next[field];
    else next[field] = structuredClone(data[field]);
  }
  return Object.keys(next).length === 0 ? undefined : (next as Cell);
}

function writeCell(ctx: ApplyContext, sheet: Sheet, r: number, c: number, cell: Cell | undefined): void {
  if (cell === undefined && sheet.rows[r]?.[c] === undefined) return;
  const row = ctx.rows.row(sheet, r);
  row[c] = cell;
}

function requireEditable(ctx: ApplyContext, sheet: Sheet, range: Required<GridRange>): void {
  if (!mayEdit(ctx.s, sheet, ctx.user, range)) throw PROTECTED();
}

const CONDITION_TYPES = new Set([
  'NUMBER_GREATER',
  'NUMBER_GREATER_THAN_EQ',
  'NUMBER_LESS',
  'NUMBER_LESS_THAN_EQ',
  'NUMBER_EQ',
  'NUMBER_NOT_EQ',
  'NUMBER_BETWEEN',
  'NUMBER_NOT_BETWEEN',
  'TEXT_CONTAINS',
  'TEXT_NOT_CONTAINS',
  'TEXT_STARTS_WITH',
  'TEXT_ENDS_WITH',
  'TEXT_EQ',
  'TEXT_IS_EMAIL',
  'TEXT_IS_URL',
  'DATE_EQ',
  'DATE_BEFORE',
  'DATE_AFTER',
  'ONE_OF_RANGE',
  'ONE_OF_LIST',
  'BLANK',
  'NOT_BLANK',
  'CUSTOM_FORMULA',
  'BOOLEAN',
]);
const VALUE_COUNT: Record<string, [number, number]> = {
  NUMBER_BETWEEN: [2, 2],
  NUMBER_NOT_BETWEEN: [2, 2],
  ONE_OF_LIST: [1, 500],
  ONE_OF_RANGE: [1, 1],
  CUSTOM_FORMULA: [1, 1],
  BLANK: [0, 0],
  NOT_BLANK: [0, 0],
  TEXT_IS_EMAIL: [0, 0],
  TEXT_IS_URL: [0, 0],
  BOOLEAN: [0, 2],
};

function checkCondition(condition: unknown, where: string): void {
  if (!isObject(condition) || typeof condition.type !== 'string' || !CONDITION_TYPES.has(condition.type)) {
    throw invalid(`${where}condition.type must be a BooleanCondition type`);
  }
  const values = condition.values ?? [];
  if (!Array.isArray(values) || !values.every((v) => isObject(v) && typeof v.userEnteredValue === 'string')) {
    throw invalid(`${where}condition.values must be [{userEnteredValue: string}]`);
  }
  const [min, max] = VALUE_COUNT[condition.type] ?? [1, 1];
  if (values.length < min || values.length > max) {
    throw invalid(`${where}${condition.type} takes ${min === max ? min : `${min} to ${max}`} value(s)`);
  }
  if (condition.type === 'CUSTOM_FORMULA' && !String((values[0] as Json).userEnteredValue).startsWith('=')) {
    throw invalid(`${where}a CUSTOM_FORMULA value must be a formula starting with =`);
  }
}

function checkValidationRule(rule: unknown, where: string): void {
  if (!isObject(rule)) throw invalid(`${where}rule must be a DataValidationRule`);
  checkCondition(rule.condition, `${where}rule.`);
}

/** A grid made smaller loses the cells it no longer covers (as deleting trailing rows or columns does). */
function dropOutsideGrid(sheet: Sheet): void {
  const g = sheet.properties.gridProperties;
  if (sheet.rows.length > g.rowCount) sheet.rows = sheet.rows.slice(0, g.rowCount);
  sheet.rows = sheet.rows.map((row) =>
    row && row.length > g.columnCount ? row.slice(0, g.columnCount) : row,
  );
  if (sheet.rowProperties.length > g.rowCount) sheet.rowProperties = sheet.rowProperties.slice(0, g.rowCount);
  if (sheet.columnProperties.length > g.columnCount)
    sheet.columnProperties = sheet.columnProperties.slice(0, g.columnCount);
}

function sheetOf(ctx: ApplyContext, sheetId: unknown, where: string): Sheet {
  const sheet = typeof sheetId === 'number' ? sheetById(ctx.s, sheetId) : ctx.s.sheets[0];
  if (!sheet) throw invalid(`${where}No grid with id: ${String(sheetId)}`);
  return sheet;
}

/** A request's DimensionRange read: its sheet, dimension and [start, end) with open ends filled in (not bounds-checked). */
function dimensionRange(
  ctx: ApplyContext,
  range: unknown,
  where: string,
): { sheet: Sheet; dimension: 'ROWS' | 'COLUMNS'; start: number; end: number; size: number } {
  const d = isObject(range) ? range : null;
  if (!d || (d.dimension !== 'ROWS' && d.dimension !== 'COLUMNS')) {
    throw invalid(`${where}range must be a DimensionRange with dimension ROWS or COLUMNS`);
  }
  const sheet = sheetOf(ctx, d.sheetId, where);
  const g = sheet.properties.gridProperties;
  const size = d.dimension === 'ROWS' ? g.rowCount : g.columnCount;
  const start = int(d.startIndex ?? 0, 'startIndex', where);
  const end = d.endIndex === undefined ? size : int(d.endIndex, 'endIndex', where);
  return { sheet, dimension: d.dimension, start, end, size };
}

function metadataLocation(ctx: ApplyContext, location: unknown, where: string): MetadataLocation {
  if (!isObject(location)) throw invalid(`${where}developerMetadata.location is required`);
  if (location.spreadsheet === true) return { locationType: 'SPREADSHEET', spreadsheet: true };
  if (typeof location.sheetId === 'number') {
    sheetOf(ctx, location.sheetId, where);
    return { locationType: 'SHEET', sheetId: location.sheetId };
  }
  const d = location.dimensionRange;
  if (isObject(d) && (d.dimension === 'ROWS' || d.dimension === 'COLUMNS')) {
    sheetOf(ctx, d.sheetId, where);
    return {
      locationType: d.dimension === 'ROWS' ? 'ROW' : 'COLUMN',
      dimensionRange: {
        sheetId: int(d.sheetId, 'sheetId', where),
        dimension: d.dimension,
        startIndex: int(d.startIndex, 'startIndex', where),
        endIndex: int(d.endIndex, 'endIndex', where),
      },
    };
  }
  throw invalid(`${where}developerMetadata.location must be spreadsheet, sheetId or dimensionRange`);
}

const sameLocation = (a: MetadataLocation, b: MetadataLocation) => JSON.stringify(a) === JSON.stringify(b);

/** developerMetadataLookup matching (exact location matching). */
export function matchesLookup(m: DeveloperMetadata, lookup: Json): boolean {
  if (lookup.metadataId !== undefined && m.metadataId !== lookup.metadataId) return false;
  if (lookup.metadataKey !== undefined && m.metadataKey !== lookup.metadataKey) return false;
  if (lookup.metadataValue !== undefined && m.metadataValue !== lookup.metadataValue) return false;
  if (lookup.visibility !== undefined && m.visibility !== lookup.visibility) return false;
  if (lookup.locationType !== undefined && m.location.locationType !== lookup.locationType) return false;
  const loc = lookup.metadataLocation;
  if (isObject(loc)) {
    if (loc.spreadsheet === true && m.location.locationType !== 'SPREADSHEET') return false;
    if (
      typeof loc.sheetId === 'number' &&
      !(m.location.locationType === 'SHEET' && m.location.sheetId === loc.sheetId)
    )
      return false;
  }
  return true;
}

export function checkLookup(filter: unknown, where: string): Json {
  if (!isObject(filter) || !isObject(filter.developerMetadataLookup)) {
    throw invalid(`${where}the fake supports dataFilters with developerMetadataLookup only`);
  }
  const lookup = filter.developerMetadataLookup;
  const known = [
    'metadataId',
    'metadataKey',
    'metadataValue',
    'visibility',
    'locationType',
    'metadataLocation',
    'locationMatchingStrategy',
  ];
  if (Object.keys(lookup).length === 0 || Object.keys(lookup).some((k) => !known.includes(k))) {
    throw invalid(`${where}developerMetadataLookup must name at least one of ${known.join(', ')}`);
  }
  return lookup;
}

/** Deletes a metadata entry's sheet-bound location along with its sheet. */
function dropSheetMetadata(ctx: ApplyContext, sheetId: number): void {
  ctx.s.developerMetadata = ctx.s.developerMetadata.filter(
    (m) =>
      !(
        (m.location.locationType === 'SHEET' && m.location.sheetId === sheetId) ||
        ('dimensionRange' in m.location && m.location.dimensionRange.sheetId === sheetId)
      ),
  );
}

/** A title no other tab holds in any case (a tab may change the case of its own title). */
function assertTitleFree(ctx: ApplyContext, title: string, self: Sheet | null, where: string): void {
  if (ctx.s.sheets.some((sh) => sh !== self && sameTitle(sh.properties.title, title))) {
    throw invalid(`${where}A sheet with the name "${title}" already exists. Please enter another name.`);
  }
}

const handlers: Record<string, Handler> = {
  addSheet(ctx, body, where) {
    const props = isObject(body.properties) ? body.properties : {};
    const sheetId =
      props.sheetId === undefined ? randomInt(1, 2 ** 31 - 1) : int(props.sheetId, 'sheetId', where);
    if (sheetById(ctx.s, sheetId)) throw invalid(`${where}Sheet with id ${sheetId} already exists.`);
    const title = typeof props.title === 'string' ? props.title : `Sheet${ctx.s.sheets.length + 1}`;
    assertTitleFree(ctx, title, null, where);
    const grid = isObject(props.gridProperties) ? props.gridProperties : {};
    const properties: SheetProperties = {
      sheetId,
      title,
      index: ctx.s.sheets.length,
      sheetType: 'GRID',
      gridProperties: {
        rowCount: grid.rowCount === undefined ? 1000 : int(grid.rowCount, 'rowCount', where),
        columnCount: grid.columnCount === undefined ? 26 : int(grid.columnCount, 'columnCount', where),
        ...(grid.frozenRowCount !== undefined
          ? { frozenRowCount: int(grid.frozenRowCount, 'frozenRowCount', where) }
          : {}),
        ...(grid.frozenColumnCount !== undefined
          ? { frozenColumnCount: int(grid.frozenColumnCount, 'frozenColumnCount', where) }
          : {}),
      },
      ...(props.hidden === true ? { hidden: true } : {}),
      ...(props.tabColor !== undefined ? { tabColor: props.tabColor } : {}),
    };
    const g = properties.gridProperties;
    if (g.rowCount * g.columnCount > 10_000_000) {
      throw invalid(
        `${where}This action would increase the number of cells in the workbook above the limit of 10000000 cells.`,
      );
    }
    ctx.s.sheets.push({
      properties,
      rows: [],
      protectedRanges: [],
      conditionalFormats: [],
      columnProperties: [],
      rowProperties: [],
    });
    return { addSheet: { properties: structuredClone(properties) } };
  },

  deleteSheet(ctx, body, where) {
    const sheet = sheetOf(ctx, body.sheetId, where);
    if (ctx.s.sheets.length === 1) throw invalid(`${where}You can't remove all the sheets in a document.`);
    ctx.s.sheets = ctx.s.sheets.filter((sh) => sh !== sheet);
    dropSheetMetadata(ctx, sheet.properties.sheetId);
    return {};
  },

  updateSheetProperties(ctx, body, where) {
    const props = isObject(body.properties) ? body.properties : {};
    const sheet = sheetOf(ctx, props.sheetId, where);
    if (typeof body.fields !== 'string' || body.fields === '') {
      throw invalid(`${where}At least one field must be specified in 'fields'.`);
    }
    const allowed = [
      'title',
      'hidden',
      'tabColor',
      'gridProperties.frozenRowCount',
      'gridProperties.frozenColumnCount',
      'gridProperties.rowCount',
      'gridProperties.columnCount',
    ];
    const fields = body.fields === '*' ? allowed : body.fields.split(',').map((f) => f.trim());
    if (fields.includes('title')) {
      if (typeof props.title !== 'string' || props.title.trim() === '')
        throw invalid(`${where}properties.title must be a non-empty string`);
      assertTitleFree(ctx, props.title, sheet, where);
    }
    for (const f of fields) {
      if (!allowed.includes(f)) throw invalid(`${where}Invalid field mask: ${f}`);
      setPath(sheet.properties as unknown as Json, f, structuredClone(getPath(props, f)));
    }
    dropOutsideGrid(sheet);
    return {};
  },

  updateSpreadsheetProperties(ctx, body, where) {
    const props = isObject(body.properties) ? body.properties : {};
    if (typeof body.fields !== 'string' || body.fields === '') {
      throw invalid(`${where}At least one field must be specified in 'fields'.`);
    }
    for (const f of body.fields.split(',').map((x) => x.trim())) {
      if (!['title', 'locale', 'timeZone'].includes(f)) throw invalid(`${where}Invalid field mask: ${f}`);
      if (typeof props[f] === 'string') (ctx.s.properties as Json)[f] = props[f];
    }
    return {};
  },

  updateCells(ctx, body, where) {
    const mask = cellMask(body.fields, where);
    const rows = Array.isArray(body.rows) ? body.rows : [];
    let sheet: Sheet;
    let r0: number;
    let c0: number;
    let area: Required<GridRange> | null = null;
    if (isObject(body.range)) {
      const range = gridRange(body.range, where);
      sheet = assertInGrid(ctx.s, range, where);
      area = bounded(range, sheet.properties.gridProperties);
      r0 = area.startRowIndex;
      c0 = area.startColumnIndex;
    } else if (isObject(body.start)) {
      sheet = sheetOf(ctx, body.start.sheetId, where);
      r0 = int(body.start.rowIndex ?? 0, 'rowIndex', where);
      c0 = int(body.start.columnIndex ?? 0, 'columnIndex', where);
    } else throw invalid(`${where}updateCells needs start or range`);
    const width = Math.max(
      0,
      ...rows.map((row) => (isObject(row) && Array.isArray(row.values) ? row.values.length : 0)),
    );
    const written: Required<GridRange> = area ?? {
      sheetId: sheet.properties.sheetId,
      startRowIndex: r0,
      endRowIndex: r0 + rows.length,
      startColumnIndex: c0,
      endColumnIndex: c0 + width,
    };
    assertInGrid(ctx.s, written, where);
    if (
      area &&
      (rows.length > area.endRowIndex - area.startRowIndex ||
        width > area.endColumnIndex - area.startColumnIndex)
    ) {
      throw invalid(`${where}the rows do not fit in the range`);
    }
    requireEditable(ctx, sheet, written);
    const seen = new Set<string>();
    rows.forEach((row, i) => {
      const values = isObject(row) && Array.isArray(row.values) ? row.values : [];
      values.forEach((data, j) => {
        const cellData = checkCellData(data, where, `update_cells.rows[${i}].values[${j}]`);
        const r = r0 + i;
        const c = c0 + j;
        seen.add(`${r}:${c}`);
        writeCell(ctx, sheet, r, c, masked(sheet.rows[r]?.[c], cellData, mask));
      });
    });
    // With a range, cells the rows do not cover are cleared for the masked fields.
    if (area) {
      for (const [r, c] of cellsOf(area)) {
        if (!seen.has(`${r}:${c}`)) writeCell(ctx, sheet, r, c, masked(sheet.rows[r]?.[c], {}, mask));
      }
    }
    return {};
  },

  appendCells(ctx, body, where) {
    const sheet = sheetOf(ctx, body.sheetId, where);
    const mask = cellMask(body.fields, where);
    const rows = Array.isArray(body.rows) ? body.rows : [];
    let last = -1;
    sheet.rows.forEach((row, r) => {
      if (row?.some((cell) => cell?.userEnteredValue !== undefined)) last = r;
    });
    const start = last + 1;
    const g = sheet.properties.gridProperties;
    const width = Math.max(
      0,
      ...rows.map((row) => (isObject(row) && Array.isArray(row.values) ? row.values.length : 0)),
    );
    if (width > g.columnCount) {
      throw invalid(`${where}Range exceeds grid limits. Max columns: ${g.columnCount}`);
    }
    requireEditable(ctx, sheet, {
      sheetId: sheet.properties.sheetId,
      startRowIndex: start,
      endRowIndex: Math.max(start + rows.length, start + 1),
      startColumnIndex: 0,
      endColumnIndex: Math.max(width, 1),
    });
    g.rowCount = Math.max(g.rowCount, start + rows.length);
    rows.forEach((row, i) => {
      const values = isObject(row) && Array.isArray(row.values) ? row.values : [];
      values.forEach((data, j) => {
        const cellData = checkCellData(data, where, `append_cells.rows[${i}].values[${j}]`);
        writeCell(ctx, sheet, start + i, j, masked(undefined, cellData, mask));
      });
    });
    return {};
  },

  repeatCell(ctx, body, where) {
    const mask = cellMask(body.fields, where);
    const range = gridRange(body.range, where);
    const sheet = assertInGrid(ctx.s, range, where);
    const area = bounded(range, sheet.properties.gridProperties);
    requireEditable(ctx, sheet, area);
    const data = checkCellData(body.cell, where, 'repeat_cell.cell');
    for (const [r, c] of cellsOf(area)) writeCell(ctx, sheet, r, c, masked(sheet.rows[r]?.[c], data, mask));
    return {};
  },

  setDataValidation(ctx, body, where) {
    const range = gridRange(body.range, where);
    const sheet = assertInGrid(ctx.s, range, where);
    const area = bounded(range, sheet.properties.gridProperties);
    if (body.rule !== undefined) checkValidationRule(body.rule, where);
    const mask = cellMask('dataValidation', where);
    const data = body.rule === undefined ? {} : { dataValidation: body.rule };
    for (const [r, c] of cellsOf(area)) writeCell(ctx, sheet, r, c, masked(sheet.rows[r]?.[c], data, mask));
    return {};
  },

  addProtectedRange(ctx, body, where) {
    const p = isObject(body.protectedRange) ? body.protectedRange : null;
    if (!p) throw invalid(`${where}protectedRange is required`);
    const range = gridRange(p.range, where);
    const sheet = assertInGrid(ctx.s, range, where);
    const id =
      p.protectedRangeId === undefined
        ? randomInt(1, 2 ** 31 - 1)
        : int(p.protectedRangeId, 'protectedRangeId', where);
    if (ctx.s.sheets.some((sh) => sh.protectedRanges.some((x) => x.protectedRangeId === id))) {
      throw invalid(`${where}A protected range with ID ${id} already exists.`);
    }
    const editors = isObject(p.editors) ? (p.editors as ProtectedRange['editors']) : { users: [ctx.user] };
    if (p.warningOnly === true && isObject(p.editors)) {
      throw invalid(`${where}Cannot set editors on a warning-only protected range.`);
    }
    const stored: ProtectedRange = {
      protectedRangeId: id,
      range,
      ...(typeof p.description === 'string' ? { description: p.description } : {}),
      ...(p.warningOnly === true ? { warningOnly: true } : { editors: structuredClone(editors) }),
    };
    sheet.protectedRanges.push(stored);
    return {
      addProtectedRange: { protectedRange: { ...structuredClone(stored), requestingUserCanEdit: true } },
    };
  },

  addConditionalFormatRule(ctx, body, where) {
    const rule = isObject(body.rule) ? body.rule : null;
    if (!rule || !Array.isArray(rule.ranges) || rule.ranges.length === 0) {
      throw invalid(`${where}rule.ranges must list at least one range`);
    }
    const ranges = rule.ranges.map((r) => gridRange(r, where));
    const sheetIds = new Set(ranges.map((r) => r.sheetId));
    if (sheetIds.size !== 1)
      throw invalid(`${where}All ranges of a conditional format rule must be on one sheet`);
    for (const r of ranges) assertInGrid(ctx.s, r, where);
    const boolean = rule.booleanRule;
    if (isObject(boolean)) {
      checkCondition(boolean.condition, `${where}rule.booleanRule.`);
      if (!isObject(boolean.format)) throw invalid(`${where}rule.booleanRule.format is required`);
    } else if (!isObject(rule.gradientRule)) {
      throw invalid(`${where}rule needs booleanRule or gradientRule`);
    }
    const sheet = sheetOf(ctx, ranges[0]?.sheetId, where);
    const index = body.index === undefined ? 0 : int(body.index, 'index', where);
    if (index < 0 || index > sheet.conditionalFormats.length) throw invalid(`${where}index out of bounds`);
    sheet.conditionalFormats.splice(index, 0, structuredClone(rule));
    return {};
  },

  updateDimensionProperties(ctx, body, where) {
    const { sheet, dimension, start, end, size } = dimensionRange(ctx, body.range, where);
    if (start < 0 || end > size || start > end)
      throw invalid(`${where}Invalid dimension range ${start}..${end}`);
    const props = isObject(body.properties) ? body.properties : {};
    if (typeof body.fields !== 'string' || body.fields === '') {
      throw invalid(`${where}At least one field must be specified in 'fields'.`);
    }
    const list = dimension === 'ROWS' ? sheet.rowProperties : sheet.columnProperties;
    for (const f of body.fields.split(',').map((x) => x.trim())) {
      if (f !== 'hiddenByUser' && f !== 'pixelSize') throw invalid(`${where}Invalid field mask: ${f}`);
      for (let i = start; i < end; i++) {
        const next: DimensionProperties = { ...(list[i] ?? {}) };
        if (props[f] === undefined) delete next[f];
        else (next as Json)[f] = props[f];
        list[i] = next;
      }
    }
    return {};
  },

  deleteDimension(ctx, body, where) {
    const { sheet, dimension, start, end } = dimensionRange(ctx, body.range, where);
    deleteDimension(ctx, sheet, dimension, start, end, where);
    return {};
  },

  autoResizeDimensions(ctx, body, where) {
    const d = isObject(body.dimensions) ? body.dimensions : null;
    if (!d) throw invalid(`${where}dimensions is required`);
    sheetOf(ctx, d.sheetId, where);
    return {};
  },

  createDeveloperMetadata(ctx, body, where) {
    const m = isObject(body.developerMetadata) ? body.developerMetadata : null;
    if (!m || typeof m.metadataKey !== 'string' || m.metadataKey === '') {
      throw invalid(`${where}developerMetadata.metadataKey is required`);
    }
    if (m.visibility !== 'DOCUMENT' && m.visibility !== 'PROJECT') {
      throw invalid(`${where}developerMetadata.visibility must be DOCUMENT or PROJECT`);
    }
    if (m.metadataValue !== undefined && typeof m.metadataValue !== 'string') {
      throw invalid(`${where}developerMetadata.metadataValue must be a string`);
    }
    if (typeof m.metadataValue === 'string' && m.metadataValue.length > 30_000) {
      throw invalid(`${where}developerMetadata.metadataValue is longer than 30000 characters`);
    }
    const id =
      m.metadataId === undefined ? randomInt(1, 2 ** 31 - 1) : int(m.metadataId, 'metadataId', where);
    if (ctx.s.developerMetadata.some((x) => x.metadataId === id)) {
      throw invalid(`${where}Developer metadata with ID ${id} already exists.`);
    }
    const stored: DeveloperMetadata = {
      metadataId: id,
      metadataKey: m.metadataKey,
      ...(typeof m.metadataValue === 'string' ? { metadataValue: m.metadataValue } : {}),
      location: metadataLocation(ctx, m.location, where),
      visibility: m.visibility,
    };
    ctx.s.developerMetadata.push(stored);
    return { createDeveloperMetadata: { developerMetadata: structuredClone(stored) } };
  },

  updateDeveloperMetadata(ctx, body, where) {
    const filters = Array.isArray(body.dataFilters) ? body.dataFilters : [];
    if (filters.length === 0) throw invalid(`${where}dataFilters must not be empty`);
    const lookups = filters.map((f) => checkLookup(f, where));
    const m = isObject(body.developerMetadata) ? body.developerMetadata : {};
    if (typeof body.fields !== 'string' || body.fields === '') {
      throw invalid(`${where}At least one field must be specified in 'fields'.`);
    }
    const fields =
      body.fields === '*'
        ? ['metadataKey', 'metadataValue', 'visibility', 'location']
        : body.fields.split(',').map((x) => x.trim());
    const updated: DeveloperMetadata[] = [];
    for (const entry of ctx.s.developerMetadata) {
      if (!lookups.some((l) => matchesLookup(entry, l))) continue;
      for (const f of fields) {
        if (f === 'metadataValue') {
          if (typeof m.metadataValue === 'string') entry.metadataValue = m.metadataValue;
          else delete entry.metadataValue;
        } else if (f === 'metadataKey' && typeof m.metadataKey === 'string')
          entry.metadataKey = m.metadataKey;
        else if (f === 'visibility' && (m.visibility === 'DOCUMENT' || m.visibility === 'PROJECT'))
          entry.visibility = m.visibility;
        else if (f === 'location') entry.location = metadataLocation(ctx, m.location, where);
        else throw invalid(`${where}Invalid field mask: ${f}`);
      }
      updated.push(structuredClone(entry));
    }
    return { updateDeveloperMetadata: { developerMetadata: updated } };
  },

  deleteDeveloperMetadata(ctx, body, where) {
    const lookup = checkLookup(body.dataFilter, where);
    const deleted = ctx.s.developerMetadata.filter((m) => matchesLookup(m, lookup));
    ctx.s.developerMetadata = ctx.s.developerMetadata.filter((m) => !matchesLookup(m, lookup));
    return { deleteDeveloperMetadata: { deletedDeveloperMetadata: structuredClone(deleted) } };
  },
};

export const SUPPORTED_REQUESTS = Object.keys(handlers);

/** Applies the requests in order to the working copy; throws on the first invalid one (nothing is committed). */
export function applyRequests(ctx: ApplyContext, requests: unknown): Json[] {
  if (!Array.isArray(requests) || requests.length === 0) throw invalid('Must specify at least one request.');
  return requests.map((request, i) => {
    const where = `Invalid requests[${i}].`;
    if (!isObject(request)) throw invalid(`${where}: a request must be an object`);
    const kinds = Object.keys(request);
    if (kinds.length !== 1) throw invalid(`Invalid requests[${i}]: a request must set exactly one kind`);
    const kind = kinds[0] as string;
    const handler = handlers[kind];
    if (!handler) {
      throw invalid(
        `Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`,
      );
    }
    const body = request[kind];
    if (!isObject(body)) throw invalid(`${where}${kind}: must be an object`);
    return handler(ctx, body, `${where}${kind}: `);
  });
}

export { type ProtectedRange, sameLocation };
export const newRowWriter = () => new RowWriter();
