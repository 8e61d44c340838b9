// In-process API client for the demo seed and the bench fixture: app.request() with dev sign-in, JSON and ETags.

/** Anything that answers a Request the way a Hono app does (`app.request`). */
export interface RequestTarget {
  request: (input: string, init?: RequestInit) => Response | Promise<Response>;
}

export interface DemoCallInit {
  /** Sign in as this e-mail (`Authorization: Bearer dev:<email>`). */
  as: string;
  json?: unknown;
  /** A record version is sent as `If-Match: "<version>"`; a string (an ETag as read, e.g. a plan's) as it is. */
  ifMatch?: number | string;
  idempotencyKey?: string;
}

export interface DemoResponse<T> {
  status: number;
  body: T;
}

/** A JSON object as the API answers it (fields read by the caller are checked where used). */
export type Json = Record<string, unknown>;

/** A request the seed expected to succeed was refused: the message carries the problem's code and detail. */
export class DemoCallError extends Error {
  readonly status: number;
  readonly problem: unknown;
  constructor(method: string, path: string, as: string, status: number, problem: unknown) {
    const p = typeof problem === 'object' && problem !== null ? (problem as Json) : {};
    const code = typeof p.code === 'string' ? p.code : 'unknown';
    const detail = typeof p.detail === 'string' ? p.detail : JSON.stringify(problem);
    const errors = Array.isArray(p.errors) ? ` ${JSON.stringify(p.errors)}` : '';
    const details = p.details !== undefined ? ` details=${JSON.stringify(p.details)}` : '';
    super(`${method} ${path} as ${as} → ${status} ${code}: ${detail}${errors}${details}`);
    this.name = 'DemoCallError';
    this.status = status;
    this.problem = problem;
  }
}

export interface DemoClient {
  /** Any status; the body is parsed JSON (or null when empty). */
  raw<T = Json>(method: string, path: string, init: DemoCallInit): Promise<DemoResponse<T>>;
  /** Throws DemoCallError unless the status is 2xx. */
  call<T = Json>(method: string, path: string, init: DemoCallInit): Promise<T>;
  get<T = Json>(path: string, as: string): Promise<T>;
  post<T = Json>(path: string, as: string, json?: unknown): Promise<T>;
  put<T = Json>(path: string, as: string, json: unknown, ifMatch?: number): Promise<T>;
  /** PATCH with If-Match from the resource's current `version` (read first). */
  patch<T = Json>(path: string, as: string, json: unknown, ifMatch: number): Promise<T>;
}

export function demoClient(target: RequestTarget): DemoClient {
  async function raw<T>(method: string, path: string, init: DemoCallInit): Promise<DemoResponse<T>> {
    const headers: Record<string, string> = { Authorization: `Bearer dev:${init.as}` };
    if (init.json !== undefined) headers['Content-Type'] = 'application/json';
    if (typeof init.ifMatch === 'number') headers['If-Match'] = `"${init.ifMatch}"`;
    else if (init.ifMatch !== undefined) headers['If-Match'] = init.ifMatch;
    if (init.idempotencyKey !== undefined) headers['Idempotency-Key'] = init.idempotencyKey;
    const res = await target.request(path, {
      method,
      headers,
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? null : JSON.parse(text)) as T };
  }
  async function call<T>(method: string, path: string, init: DemoCallInit): Promise<T> {
    const res = await raw<T>(method, path, init);
    if (res.status < 200 || res.status > 299)
      throw new DemoCallError(method, path, init.as, res.status, res.body);
    return res.body;
  }
  return {
    raw,
    call,
    get: (path, as) => call('GET', path, { as }),
    post: (path, as, json) => call('POST', path, { as, ...(json !== undefined ? { json } : {}) }),
    put: (path, as, json, ifMatch) =>
      call('PUT', path, { as, json, ...(ifMatch !== undefined ? { ifMatch } : {}) }),
    patch: (path, as, json, ifMatch) => call('PATCH', path, { as, json, ifMatch }),
  };
}

/** A string field of an API answer (throws when missing: the contract changed under the seed). */
export function str(body: Json, key: string): string {
  const v = body[key];
  if (typeof v !== 'string')
    throw new Error(`expected a string "${key}" in ${JSON.stringify(body).slice(0, 300)}`);
  return v;
}

/** A numeric field of an API answer. */
export function num(body: Json, key: string): number {
  const v = body[key];
  if (typeof v !== 'number')
    throw new Error(`expected a number "${key}" in ${JSON.stringify(body).slice(0, 300)}`);
  return v;
}

/** The `items` of a page answer. */
export function items(body: Json): Json[] {
  const v = body.items;
  if (!Array.isArray(v)) throw new Error(`expected "items" in ${JSON.stringify(body).slice(0, 300)}`);
  return v as Json[];
}
