// The tab's typed HTTP client for the Perfloop API: Bearer auth, problem+json errors, If-Match, Idempotency-Key, read-ahead.

/** One field error of a problem+json response. */
export interface FieldError {
  path: string;
  /** English. */
  message: string;
  /** required, unrecognized_key, zod's issue codes (too_small, too_big, invalid_type, …) or the API's own. */
  code?: string;
  /** The facts the code names (absent from an older API). */
  params?: {
    origin?: string;
    minimum?: number | string;
    maximum?: number | string;
    inclusive?: boolean;
    exact?: boolean;
    expected?: string;
    format?: string;
    values?: (string | number | boolean | null)[];
    divisor?: number | string;
    key?: string;
    /** Core rules: kpi_anchors_invalid (anchor, relation, than), check-in rules (kind), at_in_future (maximum: the
     * latest instant), at_before_cycle (minimum: the first day), factor_repeated (factor),
     * shares_not_100 (totalPercent), weights_not_100 (total), meets_not_a_level (meets), schedule_out_of_range
     * (earliest, latest), schedule_out_of_order (after: the earlier stage's key, afterOn: its date). */
    anchor?: string;
    relation?: string;
    than?: string;
    kind?: string;
    factor?: string;
    totalPercent?: number;
    total?: number;
    meets?: number;
    earliest?: string;
    latest?: string;
    after?: string;
    afterOn?: string;
  };
}

/** RFC 9457 problem details as the API sends them. */
export interface Problem {
  type?: string;
  title: string;
  status: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errors?: FieldError[];
  details?: Record<string, unknown>;
}

/** A refused or failed call, with the API's problem details (or one made up for network failures). */
export class ApiError extends Error {
  readonly status: number;
  readonly problem: Problem;
  constructor(problem: Problem) {
    super(problem.detail ?? problem.title);
    this.name = 'ApiError';
    this.status = problem.status;
    this.problem = problem;
  }
  /** 412: someone changed the record since it was read. */
  get stale(): boolean {
    return this.status === 412 || this.problem.code === 'stale_version';
  }
}

/** Returns the Authorization token; `fresh` asks for a new one after a 401. */
export type TokenSource = (fresh?: boolean) => Promise<string>;

export interface ApiClientOptions {
  /** Origin + base path of the API, e.g. `https://perfloop.example` (default: the page's origin). */
  baseUrl?: string;
  token: TokenSource;
  fetch?: typeof fetch;
  /** How long a read started ahead stays claimable, from its start (default 10 s): later, a get() reads afresh. */
  aheadMs?: number;
}

type Query = Record<string, string | number | boolean | undefined>;

/** The reading half of the client: what views' loaders need, and what a read-ahead offers too. */
export interface Reader {
  get<T>(path: string, query?: Query): Promise<T>;
  /**
   * Every page of a cursor-paginated list; a list longer than MAX_LIST_ITEMS is refused (ApiError `list_too_long`),
   * never silently cut. A view that can show part of a list reads it with `upTo`.
   */
  all<T>(path: string, query?: Query): Promise<T[]>;
  /** The first `max` items of a list (in its order), and whether more follow: a view shows it was cut and offers more. */
  upTo<T>(path: string, query: Query, max: number): Promise<Capped<T>>;
}

/** The first items of a list and whether it has more than those. */
export interface Capped<T> {
  items: T[];
  more: boolean;
}

/** Items a page asks for (the API's largest page). */
const PAGE_SIZE = 200;
/** The most `all()` reads (50 pages): a longer list is refused with `list_too_long`, never cut silently. */
export const MAX_LIST_ITEMS = 50 * PAGE_SIZE;

/** `path?k=v…` with the defined values, in the order given (the key a read-ahead is claimed by). */
export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.set(k, String(v));
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

/**
 * Reads pages of a list through `reader.get` (limit 200 a page) until it ends or `max` items are read; `more` when
 * the list goes on. A page may be short (even empty) while its nextCursor is not null (a filtered listing): followed.
 */
async function firstItems<T>(
  reader: Pick<Reader, 'get'>,
  path: string,
  query: Query,
  max: number,
): Promise<Capped<T>> {
  const items: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const page = await reader.get<{ items: T[]; nextCursor: string | null }>(path, {
      ...query,
      limit: PAGE_SIZE,
      ...(cursor ? { cursor } : {}),
    });
    items.push(...page.items);
    if (!page.nextCursor) return { items: items.slice(0, max), more: items.length > max };
    if (items.length >= max) return { items: items.slice(0, max), more: true };
    cursor = page.nextCursor;
  }
}

/** Every item of a list, or ApiError `list_too_long` (never part of it) when it holds more than MAX_LIST_ITEMS. */
async function allPages<T>(reader: Pick<Reader, 'get'>, path: string, query: Query): Promise<T[]> {
  const { items, more } = await firstItems<T>(reader, path, query, MAX_LIST_ITEMS);
  if (more) {
    throw new ApiError({
      title: 'List too long',
      status: 0,
      detail: `${path} lists more than ${MAX_LIST_ITEMS} items: the tab shows none rather than part of it.`,
      code: 'list_too_long',
      details: { max: MAX_LIST_ITEMS },
    });
  }
  return items;
}

export interface WriteOptions {
  /** The version read before the edit (sent as If-Match). */
  version?: number;
  /** An ETag as read, sent as If-Match as it is (e.g. a plan's, which also covers its goals). */
  ifMatch?: string;
  /** Makes a POST safe to retry; one is generated when omitted. */
  idempotencyKey?: string;
}

function newKey(): string {
  return typeof crypto !== 'undefined' && 'randomUUID' in crypto
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

async function problemOf(res: Response): Promise<Problem> {
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      const body = (await res.json()) as Partial<Problem>;
      return { ...body, title: body.title ?? res.statusText, status: body.status ?? res.status };
    } catch {
      // fall through: not the JSON it claimed
    }
  }
  return { title: res.statusText || `HTTP ${res.status}`, status: res.status };
}

export class ApiClient implements Reader {
  private readonly base: string;
  private readonly token: TokenSource;
  private readonly doFetch: typeof fetch;
  private readonly aheadMs: number;
  /** Reads started ahead and not yet claimed, by `path?query`. */
  private readonly ahead = new Map<
    string,
    { promise: Promise<unknown>; until: number; settled?: { value: unknown } }
  >();

  constructor(options: ApiClientOptions) {
    this.base = (options.baseUrl ?? '').replace(/\/+$/, '');
    this.token = options.token;
    this.doFetch = options.fetch ?? ((input, init) => fetch(input, init));
    this.aheadMs = options.aheadMs ?? 10_000;
  }

  get<T>(path: string, query: Query = {}): Promise<T> {
    const url = withQuery(path, query);
    const kept = this.ahead.get(url);
    if (kept) {
      this.ahead.delete(url);
      if (kept.until >= Date.now()) return kept.promise as Promise<T>;
    }
    return this.send<T>('GET', url);
  }

  all<T>(path: string, query: Query = {}): Promise<T[]> {
    return allPages<T>(this, path, query);
  }

  upTo<T>(path: string, query: Query, max: number): Promise<Capped<T>> {
    return firstItems<T>(this, path, query, max);
  }

  /**
   * A reader whose GETs start now and are kept, each for the first get() of the same `path?query` in the next
   * `aheadMs` (a second get() reads afresh). Any write through this client drops what is still kept, so nothing read
   * before a change is handed out after it. Failures are kept too: the claimer sees them as it would have.
   */
  readAhead(): Reader {
    const get = <T>(path: string, query: Query = {}): Promise<T> => {
      const url = withQuery(path, query);
      let kept = this.ahead.get(url);
      if (!kept) {
        const promise = this.send<T>('GET', url);
        const entry: { promise: Promise<unknown>; until: number; settled?: { value: unknown } } = {
          promise,
          until: Date.now() + this.aheadMs,
        };
        // Unclaimed failures are nobody's to report.
        promise.then(
          (value) => {
            entry.settled = { value };
          },
          () => undefined,
        );
        kept = entry;
        this.ahead.set(url, kept);
      }
      return kept.promise as Promise<T>;
    };
    const reader: Reader = {
      get,
      all: <T>(path: string, query: Query = {}) => allPages<T>(reader, path, query),
      upTo: <T>(path: string, query: Query, max: number) => firstItems<T>(reader, path, query, max),
    };
    return reader;
  }

  /**
   * Claims a read started ahead that has already succeeded, synchronously (so a view's first render can show it);
   * undefined when there is none, it is still under way, it failed or its window has passed.
   */
  takeSettled<T>(path: string, query: Query = {}): { value: T } | undefined {
    const url = withQuery(path, query);
    const kept = this.ahead.get(url);
    if (!kept?.settled || kept.until < Date.now()) return undefined;
    this.ahead.delete(url);
    return kept.settled as { value: T };
  }

  /** The reads started ahead that no get() has claimed yet (`path?query`). */
  unclaimed(): string[] {
    return [...this.ahead.keys()];
  }

  post<T>(path: string, body: unknown = {}, options: WriteOptions = {}): Promise<T> {
    return this.send<T>('POST', path, body, {
      'Idempotency-Key': options.idempotencyKey ?? newKey(),
      ...(options.version !== undefined ? { 'If-Match': `"${options.version}"` } : {}),
      ...(options.ifMatch !== undefined ? { 'If-Match': options.ifMatch } : {}),
    });
  }

  patch<T>(path: string, body: unknown, version: number): Promise<T> {
    return this.send<T>('PATCH', path, body, { 'If-Match': `"${version}"` });
  }

  /** DELETE with If-Match: the version read before (a 412 when it changed since). */
  delete(path: string, version: number): Promise<void> {
    return this.send<void>('DELETE', path, undefined, { 'If-Match': `"${version}"` });
  }

  put<T>(path: string, body: unknown, version?: number): Promise<T> {
    return this.send<T>('PUT', path, body, version !== undefined ? { 'If-Match': `"${version}"` } : {});
  }

  private async send<T>(
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<T> {
    if (method !== 'GET') this.ahead.clear();
    const attempt = async (fresh: boolean) => {
      let token: string;
      try {
        token = await this.token(fresh);
      } catch (error) {
        // No token (e.g. Teams SSO refused: consent, a blocked pop-up): a sign-in failure, not a network one.
        if (error instanceof ApiError) throw error;
        throw new ApiError({
          title: 'Sign-in failed',
          status: 0,
          detail: error instanceof Error ? error.message : String(error),
          code: 'signin_failed',
        });
      }
      return this.doFetch(`${this.base}${path}`, {
        method,
        headers: {
          Accept: 'application/json',
          Authorization: `Bearer ${token}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
    };
    let res: Response;
    try {
      res = await attempt(false);
      // An expired SSO token: ask the host for a fresh one once.
      if (res.status === 401) res = await attempt(true);
    } catch (error) {
      if (error instanceof ApiError) throw error;
      throw new ApiError({
        title: 'Network error',
        status: 0,
        detail: error instanceof Error ? error.message : String(error),
        code: 'network_error',
      });
    }
    if (!res.ok) throw new ApiError(await problemOf(res));
    if (res.status === 204) return undefined as T;
    const text = await res.text();
    return (text === '' ? undefined : JSON.parse(text)) as T;
  }
}
