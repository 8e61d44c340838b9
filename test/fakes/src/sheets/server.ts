// The fake Sheets v4 REST API: the paths googleapis calls, Google's error shape, per-user quota, atomic batchUpdate.
import { randomBytes } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import type { GridRange } from './a1.ts';
import { formatRange } from './a1.ts';
import {
  a1ReadName,
  assertInGrid,
  assertReadStart,
  bounded,
  type Cell,
  type DeveloperMetadata,
  inputValue,
  invalid,
  mayEdit,
  PROTECTED,
  type RenderOption,
  RowWriter,
  renderCell,
  resolveA1,
  type Sheet,
  SheetsError,
  type Spreadsheet,
  workingCopy,
} from './model.ts';
import { applyRequests, checkLookup, matchesLookup } from './requests.ts';
import { matchDataFilters, type ValuesDataFilterRequest, valuesDataFilterRequest } from './valueFilters.ts';

/** The API methods the fake serves, named as googleapis names them. */
export type SheetsMethod =
  | 'spreadsheets.create'
  | 'spreadsheets.get'
  | 'spreadsheets.batchUpdate'
  | 'spreadsheets.values.get'
  | 'spreadsheets.values.update'
  | 'spreadsheets.values.batchGet'
  | 'spreadsheets.values.batchGetByDataFilter'
  | 'spreadsheets.values.batchUpdate'
  | 'spreadsheets.values.batchClear'
  | 'spreadsheets.developerMetadata.get'
  | 'spreadsheets.developerMetadata.search';

const READS = new Set<SheetsMethod>([
  'spreadsheets.get',
  'spreadsheets.values.get',
  'spreadsheets.values.batchGet',
  'spreadsheets.values.batchGetByDataFilter',
  'spreadsheets.developerMetadata.get',
  'spreadsheets.developerMetadata.search',
]);

export interface InjectedFailure {
  status: 429 | 500 | 502 | 503;
  /** Apply the call first, then fail (the client cannot know it was applied: an "unknown outcome"). */
  afterApplying?: boolean;
  /** Sent as `Retry-After` (seconds). Google's Sheets API does not send it; use to test clients that honour it. */
  retryAfterSeconds?: number;
}

export interface FakeSheetsOptions {
  /** Read and write requests per user per minute (Google: 60 each). */
  quotaPerMinute?: number;
  /** The fake's clock (ms); quota windows follow it. Default Date.now. */
  now?: () => number;
}

export interface CallRecord {
  method: SheetsMethod;
  user: string | null;
  status: number;
}

export interface FakeSheets {
  /** Give this to googleapis as `rootUrl` (ends with `/`). */
  rootUrl: string;
  /** Lets `token` act as `email` (an OAuth access token, like the add-on event's userOAuthToken). */
  grant(token: string, email: string): void;
  /** Gives `email` edit access to a spreadsheet. */
  share(spreadsheetId: string, email: string): void;
  /** Successful and failed calls per method. */
  counts(): Partial<Record<SheetsMethod, number>>;
  calls: CallRecord[];
  resetCounts(): void;
  /** Makes the next matching call(s) fail. */
  failNext(method: SheetsMethod | '*', failure: InjectedFailure, times?: number): void;
  /** Moves the quota clock on (tests). */
  advance(ms: number): void;
  /** The stored state (read-only use in tests). */
  spreadsheet(id: string): Spreadsheet | undefined;
  close(): Promise<void>;
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

const UNAUTHENTICATED_MISSING =
  'Request is missing required authentication credential. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';
const UNAUTHENTICATED_INVALID =
  'Request had invalid authentication credentials. Expected OAuth 2 access token, login cookie or other valid authentication credential. See https://developers.google.com/identity/sign-in/web/devconsole-project.';

function quotaError(kind: 'Read' | 'Write'): SheetsError {
  const metric = `sheets.googleapis.com/${kind.toLowerCase()}_requests`;
  return new SheetsError(
    429,
    'RESOURCE_EXHAUSTED',
    `Quota exceeded for quota metric '${kind} requests' and limit '${kind} requests per minute per user' of service 'sheets.googleapis.com' for consumer 'project_number:000000000000'.`,
    [
      {
        '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
        reason: 'RATE_LIMIT_EXCEEDED',
        domain: 'googleapis.com',
        metadata: {
          service: 'sheets.googleapis.com',
          quota_metric: metric,
          quota_limit: `${kind}RequestsPerMinutePerUser`,
          consumer: 'projects/000000000000',
        },
      },
    ],
  );
}

/** A spreadsheet resource as the API returns it (no grid data unless asked). */
function spreadsheetBody(
  s: Spreadsheet,
  rootUrl: string,
  options: { ranges?: string[]; grid?: boolean } = {},
): Json {
  const wanted = options.ranges?.length ? options.ranges.map((r) => resolveA1(s, r)) : null;
  const sheets = s.sheets
    .filter((sh) => !wanted || wanted.some((w) => w.sheet === sh))
    .map((sheet) => {
      const out: Json = { properties: structuredClone(sheet.properties) };
      if (sheet.protectedRanges.length) {
        out.protectedRanges = sheet.protectedRanges.map((p) => ({
          ...structuredClone(p),
          requestingUserCanEdit: true,
        }));
      }
      if (sheet.conditionalFormats.length) out.conditionalFormats = structuredClone(sheet.conditionalFormats);
      const meta = s.developerMetadata.filter(
        (m) =>
          (m.location.locationType === 'SHEET' && m.location.sheetId === sheet.properties.sheetId) ||
          ('dimensionRange' in m.location && m.location.dimensionRange.sheetId === sheet.properties.sheetId),
      );
      if (meta.length) out.developerMetadata = structuredClone(meta);
      if (options.grid) {
        const ranges = wanted
          ? wanted.filter((w) => w.sheet === sheet).map((w) => w.range)
          : [{ sheetId: sheet.properties.sheetId }];
        out.data = ranges.map((range) => gridData(sheet, range));
      }
      return out;
    });
  const own = s.developerMetadata.filter((m) => m.location.locationType === 'SPREADSHEET');
  return {
    spreadsheetId: s.spreadsheetId,
    properties: structuredClone(s.properties),
    sheets,
    ...(own.length ? { developerMetadata: structuredClone(own) } : {}),
    spreadsheetUrl: `${rootUrl}spreadsheets/d/${s.spreadsheetId}/edit`,
  };
}

/** GridData for a range: CellData with userEnteredValue, effectiveValue, formattedValue and the stored fields. */
function gridData(sheet: Sheet, range: GridRange): Json {
  const area = bounded(range, sheet.properties.gridProperties);
  const rowData: Json[] = [];
  for (let r = area.startRowIndex; r < area.endRowIndex; r++) {
    const values: Json[] = [];
    for (let c = area.startColumnIndex; c < area.endColumnIndex; c++) {
      const cell = sheet.rows[r]?.[c];
      if (!cell) {
        values.push({});
        continue;
      }
      const formatted = renderCell(cell, 'FORMATTED_VALUE');
      values.push({
        ...structuredClone(cell),
        ...(cell.userEnteredValue && cell.userEnteredValue.formulaValue === undefined
          ? { effectiveValue: structuredClone(cell.userEnteredValue) }
          : {}),
        ...(formatted !== undefined ? { formattedValue: String(formatted) } : {}),
      });
    }
    while (values.length > 0 && Object.keys(values[values.length - 1] as Json).length === 0) values.pop();
    rowData.push(values.length ? { values } : {});
  }
  while (rowData.length > 0 && Object.keys(rowData[rowData.length - 1] as Json).length === 0) rowData.pop();
  return { startRow: area.startRowIndex, startColumn: area.startColumnIndex, rowData };
}

/** The values of an A1 range as values:batchGet returns them. */
function readValues(s: Spreadsheet, a1: string, option: RenderOption, major: 'ROWS' | 'COLUMNS'): Json {
  const { sheet, range } = resolveA1(s, a1);
  assertReadStart(sheet, range, () => a1ReadName(sheet, range));
  return readGrid(sheet, range, option, major);
}

/**
 * The values of a grid range of `sheet`, its end clipped to the grid (the caller refused a start past it, see
 * `assertReadStart`): trailing empty rows and cells left out.
 */
function readGrid(sheet: Sheet, range: GridRange, option: RenderOption, major: 'ROWS' | 'COLUMNS'): Json {
  const g = sheet.properties.gridProperties;
  const area = bounded(range, g);
  area.endRowIndex = Math.min(area.endRowIndex, g.rowCount);
  area.endColumnIndex = Math.min(area.endColumnIndex, g.columnCount);
  const grid: (string | number | boolean)[][] = [];
  for (let r = area.startRowIndex; r < area.endRowIndex; r++) {
    const row: (string | number | boolean)[] = [];
    const stored = sheet.rows[r];
    if (stored) {
      let last = -1;
      for (let c = area.startColumnIndex; c < area.endColumnIndex; c++) {
        if (renderCell(stored[c], option) !== undefined) last = c;
      }
      for (let c = area.startColumnIndex; c <= last; c++) row.push(renderCell(stored[c], option) ?? '');
    }
    grid.push(row);
  }
  while (grid.length > 0 && (grid[grid.length - 1] as unknown[]).length === 0) grid.pop();
  let values: (string | number | boolean)[][] = grid;
  if (major === 'COLUMNS') {
    const width = Math.max(0, ...grid.map((row) => row.length));
    values = [];
    for (let c = 0; c < width; c++) {
      const column = grid.map((row) => row[c] ?? '');
      while (column.length > 0 && column[column.length - 1] === '') column.pop();
      values.push(column);
    }
  }
  return {
    range: formatRange(sheet.properties.title, area, g.rowCount, g.columnCount),
    majorDimension: major,
    ...(values.length ? { values } : {}),
  };
}

const RENDER: RenderOption[] = ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'];

/** values:batchGetByDataFilter: one MatchedValueRange per matched range, with the filters that matched it. */
function batchGetByDataFilter(s: Spreadsheet, id: string, request: ValuesDataFilterRequest): Json {
  const matched = matchDataFilters(s, request.filters);
  return {
    spreadsheetId: id,
    ...(matched.length
      ? {
          valueRanges: matched.map((m) => ({
            valueRange: m.empty
              ? { range: '#REF!', majorDimension: request.major }
              : readGrid(m.sheet, m.range, request.render, request.major),
            dataFilters: m.dataFilters,
          })),
        }
      : {}),
  };
}

export async function startFakeSheets(options: FakeSheetsOptions = {}): Promise<FakeSheets> {
  const quota = options.quotaPerMinute ?? 60;
  let offset = 0;
  const now = () => (options.now ?? Date.now)() + offset;
  const tokens = new Map<string, string>();
  const store = new Map<string, Spreadsheet>();
  const counts: Partial<Record<SheetsMethod, number>> = {};
  const calls: CallRecord[] = [];
  const failures: { method: SheetsMethod | '*'; failure: InjectedFailure }[] = [];
  /** `${user}|${Read|Write}` → start of the window and requests in it. */
  const windows = new Map<string, { start: number; count: number }>();
  let rootUrl = '';

  function charge(user: string, method: SheetsMethod): void {
    const kind = READS.has(method) ? 'Read' : 'Write';
    const key = `${user}|${kind}`;
    const t = now();
    const w = windows.get(key);
    if (!w || t - w.start >= 60_000) {
      windows.set(key, { start: t, count: 1 });
      return;
    }
    if (w.count >= quota) throw quotaError(kind);
    w.count++;
  }

  function userOf(c: Context): string {
    const header = c.req.header('Authorization') ?? '';
    const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
    if (!m) throw new SheetsError(401, 'UNAUTHENTICATED', UNAUTHENTICATED_MISSING);
    const user = tokens.get(m[1] as string);
    if (!user) throw new SheetsError(401, 'UNAUTHENTICATED', UNAUTHENTICATED_INVALID);
    return user;
  }

  function load(id: string, user: string): Spreadsheet {
    const s = store.get(id);
    if (!s) throw new SheetsError(404, 'NOT_FOUND', 'Requested entity was not found.');
    if (s.owner !== user && !s.editors.includes(user)) {
      throw new SheetsError(403, 'PERMISSION_DENIED', 'The caller does not have permission');
    }
    return s;
  }

  async function jsonBody(c: Context): Promise<Json> {
    const text = await c.req.text();
    if (text.trim() === '') return {};
    try {
      const parsed: unknown = JSON.parse(text);
      if (!isObject(parsed)) throw new Error('not an object');
      return parsed;
    } catch {
      throw invalid('Invalid JSON payload received.');
    }
  }

  /** Runs one API call: auth, injected failures, quota, then the operation; errors in Google's shape. */
  async function call(c: Context, method: SheetsMethod, op: (user: string) => Promise<Json> | Json) {
    let user: string | null = null;
    let status = 200;
    try {
      user = userOf(c);
      const injected = failures.findIndex((f) => f.method === '*' || f.method === method);
      const failure = injected >= 0 ? failures.splice(injected, 1)[0]?.failure : undefined;
      if (failure && !failure.afterApplying) throw injectedError(failure);
      charge(user, method);
      const result = await op(user);
      if (failure) throw injectedError(failure);
      return c.json(result, 200);
    } catch (error) {
      const e =
        error instanceof SheetsError
          ? error
          : new SheetsError(500, 'INTERNAL', 'Internal error encountered.');
      status = e.code;
      return c.json(e.body(), e.code as 400, e.headers);
    } finally {
      counts[method] = (counts[method] ?? 0) + 1;
      calls.push({ method, user, status });
    }
  }

  function injectedError(failure: InjectedFailure): SheetsError {
    const headers: Record<string, string> = failure.retryAfterSeconds
      ? { 'Retry-After': String(failure.retryAfterSeconds) }
      : {};
    switch (failure.status) {
      case 429:
        return new SheetsError(429, 'RESOURCE_EXHAUSTED', quotaError('Write').message, undefined, headers);
      case 503:
        return new SheetsError(
          503,
          'UNAVAILABLE',
          'The service is currently unavailable.',
          undefined,
          headers,
        );
      case 502:
        return new SheetsError(502, 'UNAVAILABLE', 'Bad Gateway', undefined, headers);
      default:
        return new SheetsError(500, 'INTERNAL', 'Internal error encountered.', undefined, headers);
    }
  }

  /** Commits a working copy only when `fn` succeeds (all-or-nothing). */
  function atomically<T>(s: Spreadsheet, fn: (copy: Spreadsheet, rows: RowWriter) => T): T {
    const copy = workingCopy(s);
    const result = fn(copy, new RowWriter());
    store.set(s.spreadsheetId, copy);
    return result;
  }

  function create(user: string, body: Json): Json {
    const id = randomBytes(22).toString('base64url');
    const props = isObject(body.properties) ? body.properties : {};
    const s: Spreadsheet = {
      spreadsheetId: id,
      properties: {
        title: typeof props.title === 'string' ? props.title : 'Untitled spreadsheet',
        locale: typeof props.locale === 'string' ? props.locale : 'en_US',
        timeZone: typeof props.timeZone === 'string' ? props.timeZone : 'Etc/GMT',
        autoRecalc: 'ON_CHANGE',
      },
      sheets: [],
      developerMetadata: [],
      owner: user,
      editors: [],
    };
    const requests: Json[] = [];
    const sheets = Array.isArray(body.sheets) && body.sheets.length > 0 ? body.sheets : [{}];
    sheets.forEach((sheet, i) => {
      if (!isObject(sheet)) throw invalid(`Invalid sheets[${i}]`);
      const extra = Object.keys(sheet).filter((k) => k !== 'properties');
      if (extra.length)
        throw invalid(`The fake supports only sheets[].properties in create, not ${extra.join(', ')}`);
      requests.push({ addSheet: { properties: sheet.properties ?? {} } });
    });
    if (Array.isArray(body.developerMetadata)) {
      for (const m of body.developerMetadata)
        requests.push({ createDeveloperMetadata: { developerMetadata: m } });
    }
    const copy = workingCopy(s);
    applyRequests({ s: copy, rows: new RowWriter(), user }, requests);
    store.set(id, copy);
    return spreadsheetBody(copy, rootUrl);
  }

  function batchUpdate(s: Spreadsheet, user: string, body: Json): Json {
    const replies = atomically(s, (copy, rows) => applyRequests({ s: copy, rows, user }, body.requests));
    const out: Json = { spreadsheetId: s.spreadsheetId, replies };
    if (body.includeSpreadsheetInResponse === true)
      out.updatedSpreadsheet = spreadsheetBody(store.get(s.spreadsheetId) as Spreadsheet, rootUrl);
    return out;
  }

  /**
   * values:batchUpdate / values.update: atomic, and a write past the grid's edge does NOT grow the sheet — it is
   * 400 INVALID_ARGUMENT `Range (…) exceeds grid limits. Max rows: R, max columns: C` and nothing is written
   * (only values.append adds rows). Reported from the real API for values.update in
   * https://github.com/Sage-Bionetworks/schematic/pull/1318 ("Range (Sheet1!A11539:N15385) exceeds grid limits. Max
   * rows: 11538, max columns: 25"), for values.batchUpdate in https://github.com/nithinmurali/pygsheets/issues/124
   * and https://github.com/cloudfour/lighthouse-parade/issues/151, for a column past the edge in
   * https://github.com/home-assistant/core/issues/104198; "All Sheets requests are applied atomically"
   * (https://developers.google.com/workspace/sheets/api/limits). A client sizes the grid first
   * (updateSheetProperties / appendDimension).
   */
  function writeValues(s: Spreadsheet, user: string, data: unknown[], inputOption: unknown): Json[] {
    if (inputOption !== 'RAW' && inputOption !== 'USER_ENTERED') {
      throw invalid(
        "Invalid valueInputOption: must be RAW or USER_ENTERED ('valueInputOption' is required).",
      );
    }
    return atomically(s, (copy, rows) =>
      data.map((entry, i) => {
        if (!isObject(entry) || typeof entry.range !== 'string') throw invalid(`Invalid data[${i}].range`);
        const { sheet, range } = resolveA1(copy, entry.range);
        const values = Array.isArray(entry.values) ? entry.values : [];
        const major = entry.majorDimension === 'COLUMNS' ? 'COLUMNS' : 'ROWS';
        const grid: unknown[][] = values.map((row) => (Array.isArray(row) ? row : []));
        const height = major === 'ROWS' ? grid.length : Math.max(0, ...grid.map((r) => r.length));
        const width = major === 'ROWS' ? Math.max(0, ...grid.map((r) => r.length)) : grid.length;
        const r0 = range.startRowIndex ?? 0;
        const c0 = range.startColumnIndex ?? 0;
        if (range.endRowIndex !== undefined && r0 + height > range.endRowIndex) {
          throw invalid(
            `Requested writing within range [${entry.range}], but tried writing to row [${r0 + height}]`,
          );
        }
        if (range.endColumnIndex !== undefined && c0 + width > range.endColumnIndex) {
          throw invalid(
            `Requested writing within range [${entry.range}], but tried writing to column [${c0 + width}]`,
          );
        }
        const written = {
          sheetId: sheet.properties.sheetId,
          startRowIndex: r0,
          endRowIndex: r0 + height,
          startColumnIndex: c0,
          endColumnIndex: c0 + width,
        };
        assertInGrid(copy, written);
        if (!mayEdit(copy, sheet, user, bounded(written, sheet.properties.gridProperties))) throw PROTECTED();
        let cells = 0;
        for (let i2 = 0; i2 < grid.length; i2++) {
          const line = grid[i2] as unknown[];
          for (let j = 0; j < line.length; j++) {
            const value = line[j];
            if (value === null || value === undefined) continue;
            const [r, c] = major === 'ROWS' ? [r0 + i2, c0 + j] : [r0 + j, c0 + i2];
            const next = inputValue(value, inputOption);
            const row = rows.row(sheet, r);
            const current = row[c];
            const cell: Cell = { ...(current ?? {}) };
            if (next === null) delete cell.userEnteredValue;
            else cell.userEnteredValue = next;
            row[c] = Object.keys(cell).length ? cell : undefined;
            cells++;
          }
        }
        const g = sheet.properties.gridProperties;
        return {
          spreadsheetId: s.spreadsheetId,
          updatedRange: formatRange(sheet.properties.title, written, g.rowCount, g.columnCount),
          updatedRows: height,
          updatedColumns: width,
          updatedCells: cells,
        };
      }),
    );
  }

  function search(s: Spreadsheet, body: Json): Json {
    const filters = Array.isArray(body.dataFilters) ? body.dataFilters : [];
    if (filters.length === 0) throw invalid('dataFilters must not be empty');
    const lookups = filters.map((f, i) => checkLookup(f, `Invalid dataFilters[${i}]: `));
    const matched: { developerMetadata: DeveloperMetadata; dataFilters: Json[] }[] = [];
    for (const m of s.developerMetadata) {
      const hits = lookups.flatMap((l, i) => (matchesLookup(m, l) ? [filters[i] as Json] : []));
      if (hits.length)
        matched.push({ developerMetadata: structuredClone(m), dataFilters: structuredClone(hits) });
    }
    return matched.length ? { matchedDeveloperMetadata: matched } : {};
  }

  const app = new Hono();
  app.all('*', async (c) => {
    const url = new URL(c.req.url);
    const raw = url.pathname.split('/').filter((p) => p !== '');
    if (raw[0] !== 'v4' || raw[1] !== 'spreadsheets') {
      return c.json(
        new SheetsError(
          404,
          'NOT_FOUND',
          `The requested URL ${url.pathname} was not found on this server.`,
        ).body(),
        404,
      );
    }
    const segs = raw.slice(2).map((s) => decodeURIComponent(s));
    const method = c.req.method;
    const q = url.searchParams;
    const render = (q.get('valueRenderOption') ?? 'FORMATTED_VALUE') as RenderOption;
    const major = q.get('majorDimension') === 'COLUMNS' ? 'COLUMNS' : 'ROWS';
    const checkRender = () => {
      if (!RENDER.includes(render)) throw invalid(`Invalid value at 'value_render_option' (${render})`);
    };

    if (segs.length === 0 && method === 'POST') {
      return call(c, 'spreadsheets.create', async (user) => create(user, await jsonBody(c)));
    }
    const [head = '', sub, rest] = segs;
    const [id = '', action] = head.split(':');
    if (segs.length === 1 && action === undefined && method === 'GET') {
      return call(c, 'spreadsheets.get', (user) =>
        spreadsheetBody(load(id, user), rootUrl, {
          ranges: q.getAll('ranges'),
          grid: q.get('includeGridData') === 'true',
        }),
      );
    }
    if (segs.length === 1 && action === 'batchUpdate' && method === 'POST') {
      return call(c, 'spreadsheets.batchUpdate', async (user) =>
        batchUpdate(load(id, user), user, await jsonBody(c)),
      );
    }
    if (sub === 'values:batchGet' && method === 'GET') {
      return call(c, 'spreadsheets.values.batchGet', (user) => {
        checkRender();
        const s = load(id, user);
        const ranges = q.getAll('ranges');
        return { spreadsheetId: id, valueRanges: ranges.map((r) => readValues(s, r, render, major)) };
      });
    }
    if (sub === 'values:batchGetByDataFilter' && method === 'POST') {
      return call(c, 'spreadsheets.values.batchGetByDataFilter', async (user) => {
        // The whole body is checked before the spreadsheet is looked up (a bad body is a 400, never a 404).
        const request = valuesDataFilterRequest(await jsonBody(c));
        return batchGetByDataFilter(load(id, user), id, request);
      });
    }
    if (sub === 'values:batchUpdate' && method === 'POST') {
      return call(c, 'spreadsheets.values.batchUpdate', async (user) => {
        const s = load(id, user);
        const body = await jsonBody(c);
        const data = Array.isArray(body.data) ? body.data : [];
        const responses = writeValues(s, user, data, body.valueInputOption);
        const sum = (k: string) => responses.reduce((a, r) => a + (r[k] as number), 0);
        return {
          spreadsheetId: id,
          totalUpdatedRows: sum('updatedRows'),
          totalUpdatedColumns: sum('updatedColumns'),
          totalUpdatedCells: sum('updatedCells'),
          totalUpdatedSheets: new Set(responses.map((r) => String(r.updatedRange).split('!')[0])).size,
          responses,
        };
      });
    }
    if (sub === 'values:batchClear' && method === 'POST') {
      return call(c, 'spreadsheets.values.batchClear', async (user) => {
        const s = load(id, user);
        const body = await jsonBody(c);
        const ranges = Array.isArray(body.ranges) ? body.ranges.map(String) : [];
        const cleared = atomically(s, (copy, rows) =>
          ranges.map((a1) => {
            const { sheet, range } = resolveA1(copy, a1);
            const area = bounded(range, sheet.properties.gridProperties);
            if (!mayEdit(copy, sheet, user, area)) throw PROTECTED();
            for (let r = area.startRowIndex; r < Math.min(area.endRowIndex, sheet.rows.length); r++) {
              if (!sheet.rows[r]) continue;
              const row = rows.row(sheet, r);
              for (let col = area.startColumnIndex; col < area.endColumnIndex; col++) {
                const cell = row[col];
                if (!cell?.userEnteredValue) continue;
                const { userEnteredValue: _dropped, ...kept } = cell;
                row[col] = Object.keys(kept).length ? kept : undefined;
              }
            }
            const g = sheet.properties.gridProperties;
            return formatRange(sheet.properties.title, area, g.rowCount, g.columnCount);
          }),
        );
        return { spreadsheetId: id, clearedRanges: cleared };
      });
    }
    if (sub === 'developerMetadata:search' && method === 'POST') {
      return call(c, 'spreadsheets.developerMetadata.search', async (user) =>
        search(load(id, user), await jsonBody(c)),
      );
    }
    if (sub === 'developerMetadata' && rest !== undefined && method === 'GET') {
      return call(c, 'spreadsheets.developerMetadata.get', (user) => {
        const found = load(id, user).developerMetadata.find((m) => String(m.metadataId) === rest);
        if (!found) throw new SheetsError(404, 'NOT_FOUND', `No developer metadata with ID: ${rest}`);
        return structuredClone(found) as unknown as Json;
      });
    }
    if (sub === 'values' && rest !== undefined && method === 'GET') {
      return call(c, 'spreadsheets.values.get', (user) => {
        checkRender();
        return readValues(load(id, user), rest, render, major);
      });
    }
    if (sub === 'values' && rest !== undefined && method === 'PUT') {
      return call(c, 'spreadsheets.values.update', async (user) => {
        const s = load(id, user);
        const body = await jsonBody(c);
        const [response] = writeValues(s, user, [{ ...body, range: rest }], q.get('valueInputOption'));
        return response as Json;
      });
    }
    return c.json(
      new SheetsError(
        404,
        'NOT_FOUND',
        `The requested URL ${url.pathname} was not found on this server.`,
      ).body(),
      404,
    );
  });

  let server: ReturnType<typeof serve> | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    );
  });
  const http = server as unknown as Server;
  rootUrl = `http://127.0.0.1:${port}/`;

  return {
    rootUrl,
    grant(token, email) {
      tokens.set(token, email.toLowerCase());
    },
    share(spreadsheetId, email) {
      const s = store.get(spreadsheetId);
      if (!s) throw new Error(`no spreadsheet ${spreadsheetId}`);
      store.set(spreadsheetId, { ...s, editors: [...s.editors, email.toLowerCase()] });
    },
    counts: () => ({ ...counts }),
    calls,
    resetCounts() {
      for (const k of Object.keys(counts)) delete counts[k as SheetsMethod];
      calls.length = 0;
    },
    failNext(method, failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push({ method, failure });
    },
    advance(ms) {
      offset += ms;
    },
    spreadsheet: (id) => store.get(id),
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
