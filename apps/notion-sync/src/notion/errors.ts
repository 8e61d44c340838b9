// How a failed Notion call is handled: retry after Retry-After, retry a safe call, report an uncertain write, or give up.
import {
  APIResponseError,
  isNotionClientError,
  RequestTimeoutError,
  UnknownHTTPResponseError,
} from '@notionhq/client';

export type FailureKind =
  /** 429 / 529: nothing was done; wait as told, then retry any call. */
  | 'rate_limited'
  /** 5xx, 409 conflict_error, timeouts, non-Notion answers, network errors: the call may or may not have happened. */
  | 'transient'
  /** Other 4xx: the request itself is wrong (or the object is gone / not shared). */
  | 'permanent';

export function classify(error: unknown): FailureKind {
  if (error instanceof APIResponseError || error instanceof UnknownHTTPResponseError) {
    if (error.status === 429 || error.status === 529) return 'rate_limited';
    if (error.status >= 500 || error.status === 409 || error instanceof UnknownHTTPResponseError)
      return 'transient';
    return 'permanent';
  }
  if (error instanceof RequestTimeoutError) return 'transient';
  if (isNotionClientError(error)) return 'permanent';
  // fetch failures (ECONNRESET, ECONNREFUSED, aborted) surface as TypeError / AbortError.
  return 'transient';
}

/** Retry-After of a 429/529 in ms (integer seconds or an HTTP date); undefined when absent. */
export function retryAfterMs(error: unknown): number | undefined {
  if (!(error instanceof APIResponseError || error instanceof UnknownHTTPResponseError)) return undefined;
  const headers = error.headers as unknown as { get?: (name: string) => string | null } & Record<
    string,
    string
  >;
  const raw = typeof headers.get === 'function' ? headers.get('retry-after') : headers['retry-after'];
  if (raw === null || raw === undefined || raw === '') return undefined;
  const seconds = Number(raw);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(raw);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** A write that failed in a way that leaves its outcome unknown (timeout, 5xx): the caller must look before retrying. */
export class UncertainWriteError extends Error {
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(
      `Notion ${operation} may or may not have happened: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/** A short description of a Notion failure for logs (never the request body). */
export function describe(error: unknown): Record<string, unknown> {
  if (error instanceof APIResponseError || error instanceof UnknownHTTPResponseError) {
    return { status: error.status, code: error.code, message: error.message };
  }
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { error: String(error) };
}

export const isNotFound = (error: unknown): boolean =>
  error instanceof APIResponseError && error.status === 404;

export const isValidationError = (error: unknown): boolean =>
  error instanceof APIResponseError && error.status === 400;
