// Sheets v4 through googleapis as the user (their OAuth token): our own retries, safe for POSTs, and a call count per method.

import { DEFAULT_RETRY, parseRetryAfter, type RetryDecision, type RetryPolicy, withRetry } from '../retry.ts';
import { auth as googleAuth, sheets as googleSheets, type sheets_v4 } from './googleapis.ts';

export type SheetsCall =
  | 'create'
  | 'batchUpdate'
  | 'values.batchGetByDataFilter'
  | 'values.batchUpdate'
  | 'developerMetadata.search';

/** A Sheets API failure: HTTP status and Google's `{error: {code, message, status}}`. */
export class SheetsFailure extends Error {
  constructor(
    readonly status: number,
    readonly googleStatus: string,
    message: string,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'SheetsFailure';
  }
  /** Google refused before doing anything (rate limit): repeating is always safe. */
  get rateLimited(): boolean {
    return this.status === 429;
  }
  /** The outcome is unknown: the server may or may not have applied the call. */
  get uncertain(): boolean {
    return this.status === 0 || this.status >= 500;
  }
}

function toFailure(error: unknown): SheetsFailure {
  if (error instanceof SheetsFailure) return error;
  const e = error as {
    status?: number;
    message?: string;
    response?: {
      status?: number;
      headers?: Record<string, string> | Headers;
      data?: { error?: { message?: string; status?: string } };
    };
  };
  const status = e.response?.status ?? e.status ?? 0;
  const headers = e.response?.headers;
  const retryAfter =
    headers && typeof (headers as Headers).get === 'function'
      ? (headers as Headers).get('retry-after')
      : (headers as Record<string, string> | undefined)?.['retry-after'];
  return new SheetsFailure(
    status,
    e.response?.data?.error?.status ?? (status === 0 ? 'NETWORK' : 'UNKNOWN'),
    e.response?.data?.error?.message ?? e.message ?? 'Google Sheets did not answer',
    parseRetryAfter(retryAfter ?? undefined),
  );
}

const decision = (failure: SheetsFailure, retry: boolean): RetryDecision =>
  failure.retryAfterMs === undefined ? { retry } : { retry, retryAfterMs: failure.retryAfterMs };

/** Grid ranges as Google echoes them: proto3 JSON leaves out zero indexes (sheetId 0 included). */
function sameGridRange(
  a: sheets_v4.Schema$GridRange | null | undefined,
  b: sheets_v4.Schema$GridRange,
): boolean {
  if (!a) return false;
  return (
    (a.sheetId ?? 0) === (b.sheetId ?? 0) &&
    (a.startRowIndex ?? 0) === (b.startRowIndex ?? 0) &&
    (a.startColumnIndex ?? 0) === (b.startColumnIndex ?? 0) &&
    (a.endRowIndex ?? null) === (b.endRowIndex ?? null) &&
    (a.endColumnIndex ?? null) === (b.endColumnIndex ?? null)
  );
}

export interface SheetsGatewayOptions {
  /** The user's OAuth access token (the event's `userOAuthToken`). */
  accessToken: string;
  rootUrl: string;
  retry?: RetryPolicy;
  /** Counts every HTTP call (retries included). */
  onCall?: (call: SheetsCall) => void;
}

export interface SheetsGateway {
  /** Retried only when Google refused it (429): a retry after an unknown outcome could make a second spreadsheet. */
  create(body: sheets_v4.Schema$Spreadsheet): Promise<sheets_v4.Schema$Spreadsheet>;
  /**
   * Atomic structural update. After an unknown outcome, `appliedAlready()` is asked before trying
   * again (e.g. look for the developer metadata the batch creates), so a batch is never applied twice.
   */
  batchUpdate(
    spreadsheetId: string,
    requests: sheets_v4.Schema$Request[],
    appliedAlready?: () => Promise<boolean>,
  ): Promise<sheets_v4.Schema$BatchUpdateSpreadsheetResponse | 'applied-before'>;
  /** Writes fixed ranges: the same values again are harmless, so every failure worth retrying is retried. */
  valuesBatchUpdate(spreadsheetId: string, data: sheets_v4.Schema$ValueRange[]): Promise<void>;
  /**
   * Reads grid ranges by sheetId (`values.batchGetByDataFilter`), unformatted, rows first: a tab is found
   * whatever it is called now. One entry per range asked, `undefined` when nothing matched it.
   */
  valuesByGridRange(
    spreadsheetId: string,
    ranges: sheets_v4.Schema$GridRange[],
  ): Promise<(sheets_v4.Schema$ValueRange | undefined)[]>;
  searchMetadata(
    spreadsheetId: string,
    metadataKey: string,
  ): Promise<sheets_v4.Schema$MatchedDeveloperMetadata[]>;
}

export function createSheetsGateway(options: SheetsGatewayOptions): SheetsGateway {
  const auth = new googleAuth.OAuth2();
  auth.setCredentials({ access_token: options.accessToken });
  const api = googleSheets({ version: 'v4', auth, rootUrl: options.rootUrl });
  const policy = options.retry ?? DEFAULT_RETRY;
  // googleapis would retry GETs itself (and ignore Retry-After): one retry layer, ours.
  const NO_CLIENT_RETRY = { retry: false } as const;

  async function run<T>(
    call: SheetsCall,
    fn: () => Promise<T>,
    retryable: (f: SheetsFailure) => boolean,
  ): Promise<T> {
    return withRetry(
      async () => {
        options.onCall?.(call);
        try {
          return await fn();
        } catch (error) {
          throw toFailure(error);
        }
      },
      (error) => {
        const f = toFailure(error);
        return decision(f, retryable(f));
      },
      policy,
    );
  }
  const transient = (f: SheetsFailure) => f.rateLimited || f.uncertain;

  return {
    async create(body) {
      const res = await run(
        'create',
        () => api.spreadsheets.create({ requestBody: body }, NO_CLIENT_RETRY),
        (f) => f.rateLimited,
      );
      return res.data;
    },
    async batchUpdate(spreadsheetId, requests, appliedAlready) {
      let uncertain = false;
      return withRetry<sheets_v4.Schema$BatchUpdateSpreadsheetResponse | 'applied-before'>(
        async () => {
          if (uncertain && appliedAlready && (await appliedAlready())) return 'applied-before';
          options.onCall?.('batchUpdate');
          try {
            const res = await api.spreadsheets.batchUpdate(
              { spreadsheetId, requestBody: { requests } },
              NO_CLIENT_RETRY,
            );
            return res.data;
          } catch (error) {
            const f = toFailure(error);
            if (f.uncertain) uncertain = true;
            throw f;
          }
        },
        (error) => {
          const f = toFailure(error);
          // Without a way to tell whether it was applied, an unknown outcome is not repeated.
          return decision(f, f.rateLimited || (f.uncertain && appliedAlready !== undefined));
        },
        policy,
      );
    },
    async valuesBatchUpdate(spreadsheetId, data) {
      await run(
        'values.batchUpdate',
        () =>
          api.spreadsheets.values.batchUpdate(
            { spreadsheetId, requestBody: { valueInputOption: 'RAW', data } },
            NO_CLIENT_RETRY,
          ),
        transient,
      );
    },
    async valuesByGridRange(spreadsheetId, ranges) {
      const dataFilters = ranges.map((gridRange) => ({ gridRange }));
      // A POST, but a read: repeating it is always safe.
      const res = await run(
        'values.batchGetByDataFilter',
        () =>
          api.spreadsheets.values.batchGetByDataFilter(
            {
              spreadsheetId,
              requestBody: { dataFilters, valueRenderOption: 'UNFORMATTED_VALUE', majorDimension: 'ROWS' },
            },
            NO_CLIENT_RETRY,
          ),
        transient,
      );
      const matched = res.data.valueRanges ?? [];
      return ranges.map(
        (g) =>
          matched.find((m) => (m.dataFilters ?? []).some((f) => sameGridRange(f.gridRange, g)))?.valueRange ??
          undefined,
      );
    },
    async searchMetadata(spreadsheetId, metadataKey) {
      const res = await run(
        'developerMetadata.search',
        () =>
          api.spreadsheets.developerMetadata.search(
            { spreadsheetId, requestBody: { dataFilters: [{ developerMetadataLookup: { metadataKey } }] } },
            NO_CLIENT_RETRY,
          ),
        transient,
      );
      return res.data.matchedDeveloperMetadata ?? [];
    },
  };
}
