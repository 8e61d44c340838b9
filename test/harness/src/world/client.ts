// A small HTTP client over anything answering Requests (an in-process Hono app or a real server): JSON, ETags, bearer tokens.

/** Anything that answers a Request the way a Hono app does (`app.request`), or a fetch against a base URL. */
export interface Target {
  request: (input: string, init?: RequestInit) => Response | Promise<Response>;
}

/** A target for a running server: `fetch(base + path)`. */
export function httpTarget(base: string): Target {
  return { request: (path, init) => fetch(`${base}${path}`, init) };
}

export interface Sent {
  status: number;
  headers: Headers;
  /** Parsed JSON (problem+json too), the text for other bodies, null when empty. */
  body: unknown;
  text: string;
}

export interface SendInit {
  /** `Authorization: Bearer <token>`; `dev:<email>` for demo sign-in. */
  token?: string;
  json?: unknown;
  ifMatch?: number;
  idempotencyKey?: string;
  headers?: Record<string, string>;
}

/** Sends one request and reads the whole response. */
export async function send(target: Target, method: string, path: string, init: SendInit = {}): Promise<Sent> {
  const headers: Record<string, string> = { ...init.headers };
  if (init.token !== undefined) headers.Authorization = `Bearer ${init.token}`;
  if (init.json !== undefined) headers['Content-Type'] = 'application/json';
  if (init.ifMatch !== undefined) headers['If-Match'] = `"${init.ifMatch}"`;
  if (init.idempotencyKey !== undefined) headers['Idempotency-Key'] = init.idempotencyKey;
  const res = await target.request(path, {
    method,
    headers,
    ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
  });
  const text = await res.text();
  let body: unknown = text === '' ? null : text;
  if (/json/i.test(res.headers.get('content-type') ?? '') && text !== '') {
    try {
      body = JSON.parse(text);
    } catch {
      // keep the text: the oracles report unparsable JSON
    }
  }
  return { status: res.status, headers: res.headers, body, text };
}

export type Json = Record<string, unknown>;

/** Like send, but throws unless the status is 2xx; returns the JSON body. */
export async function ok(target: Target, method: string, path: string, init: SendInit = {}): Promise<Json> {
  const r = await send(target, method, path, init);
  if (r.status < 200 || r.status > 299) {
    throw new Error(`${method} ${path} → ${r.status}: ${r.text.slice(0, 600)}`);
  }
  return (r.body ?? {}) as Json;
}

export function str(body: Json, field: string): string {
  const value = body[field];
  if (typeof value !== 'string') throw new Error(`expected string ${field} in ${JSON.stringify(body)}`);
  return value;
}

export function num(body: Json, field: string): number {
  const value = body[field];
  if (typeof value !== 'number') throw new Error(`expected number ${field} in ${JSON.stringify(body)}`);
  return value;
}

export function items(body: Json): Json[] {
  const value = body.items;
  if (!Array.isArray(value)) throw new Error(`expected items in ${JSON.stringify(body).slice(0, 300)}`);
  return value as Json[];
}
