// Turning a symbolic fuzz case into an HTTP request (resolving If-Match and idempotency keys at run time).
import { FUZZ_MAX_BODY_BYTES } from '../world/app.ts';
import type { Caller, WorldManifest } from '../world/manifest.ts';
import type { FuzzCase } from './cases.ts';
import type { Credentials } from './credentials.ts';
import { spliceRawTokens } from './nasty.ts';
import type { Operation } from './openapi.ts';

const LATE_MARK = '\u0000LATE:';

/**
 * A value read from the app when the request is built, not when the case is generated: the `pointer`
 * (dot-separated) of what `GET path` answers the case's caller, e.g. a goal's current `version` for a
 * body that must name it. Absent (a 404, an empty list) it is `null`. Travels as a marked string.
 */
export function lateValue(path: string, pointer = 'version'): string {
  return `${LATE_MARK}${JSON.stringify([path, pointer])}`;
}

const LATE_TOKEN = /"\\u0000LATE:((?:[^"\\]|\\.)*)"/g;

/** Replaces every late value in serialised JSON with what the app answers now. */
async function spliceLateValues(target: Requester, json: string, authorization: string): Promise<string> {
  const found = [...json.matchAll(LATE_TOKEN)];
  if (found.length === 0) return json;
  let out = json;
  for (const m of found) {
    const [path, pointer] = JSON.parse(JSON.parse(`"${m[1] ?? ''}"`)) as [string, string];
    const res = await target.request(path, { headers: { Authorization: authorization } });
    let value: unknown = null;
    if (res.status === 200) {
      value = await res.json();
      for (const k of pointer.split('.')) {
        value =
          value !== null && typeof value === 'object' ? (value as Record<string, unknown>)[k] : undefined;
      }
    } else await res.arrayBuffer();
    out = out.replace(m[0], JSON.stringify(value ?? null));
  }
  return out;
}

/** Sub-resources without a version of their own: If-Match names their owner's (`/v1/people/{id}` for its logins). */
const OWNER_VERSIONED = ['/v1/people/{id}/identities/'];

/**
 * Where the version an If-Match names is read: the resource itself, for an action (`POST
 * /v1/cycles/{id}/transitions`, `/results/apply`, `…/{id}/finalise`) the resource of its last path id,
 * and for a person's sign-in login the person.
 */
export function etagUrlOf(op: Operation, url: string): string {
  const path = url.split('?')[0] ?? url;
  const owned = OWNER_VERSIONED.find((prefix) => op.path.startsWith(prefix));
  if (owned !== undefined) {
    return path
      .split('/')
      .slice(0, owned.split('/').length - 2)
      .join('/');
  }
  if (op.method !== 'POST') return path;
  const templ = op.path.split('/');
  let last = -1;
  templ.forEach((seg, i) => {
    if (seg.startsWith('{')) last = i;
  });
  return last < 0
    ? path
    : path
        .split('/')
        .slice(0, last + 1)
        .join('/');
}

export interface Requester {
  request: (input: string, init?: RequestInit) => Response | Promise<Response>;
}

export interface BuiltRequest {
  method: string;
  url: string;
  headers: Record<string, string>;
  body?: string | Uint8Array;
  /** The JSON body value sent (after splicing raw tokens and parsing back), when it parses. */
  json?: unknown;
  /** The version If-Match "current" resolved to (the resource's ETag), if any. */
  currentVersion?: string;
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  /** Parsed when the content type says JSON and it parses. */
  json?: unknown;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** encodeURIComponent that, like a browser, sends a lone surrogate as U+FFFD instead of throwing. */
export function encodeSegment(value: string): string {
  return encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd'));
}

export function urlOf(op: Operation, c: FuzzCase): string {
  let path = op.path;
  for (const [name, value] of Object.entries(c.path)) {
    path = path.replace(`{${name}}`, c.rawPath ? value : encodeSegment(value));
  }
  const query = c.rawQuery ?? new URLSearchParams(c.query).toString();
  return query === '' ? path : `${path}?${query}`;
}

export async function answer(res: Response): Promise<Answer> {
  const text = await res.text();
  const out: Answer = { status: res.status, headers: res.headers, text };
  if (/json/i.test(res.headers.get('content-type') ?? '') && text !== '') {
    try {
      out.json = JSON.parse(text);
    } catch {
      // left undefined: the oracles report it
    }
  }
  return out;
}

function hugeBody(): string {
  return `{"name":"${'a'.repeat(FUZZ_MAX_BODY_BYTES + 1024)}"}`;
}

/** The organisation's HR administrator (dev sign-in), used to read the current ETag. */
function hrOf(callers: readonly Caller[], org: Caller['org']): string {
  return callers.find((c) => c.org === org && c.role === 'hr')?.token ?? '';
}

export async function buildRequest(
  target: Requester,
  op: Operation,
  c: FuzzCase,
  world: WorldManifest,
  callers: readonly Caller[],
  credentials: Credentials,
  idempotencyKey: string,
): Promise<BuiltRequest> {
  const caller = callers[c.caller] as Caller;
  const url = urlOf(op, c);
  const headers: Record<string, string> = {};
  const authorization = credentials.authorization(world, caller, c.cred);
  if (authorization !== undefined) headers.Authorization = authorization;
  const out: BuiltRequest = { method: op.method, url, headers };

  // Late values and current versions are read as the caller (the HR administrator when the caller
  // signs in some other way), whatever credentials the case then sends.
  const reader = caller.token !== '' ? `Bearer ${caller.token}` : `Bearer ${hrOf(callers, caller.org)}`;
  if (c.ifMatch) {
    // The current ETag is read for every variant: the oracles judge a list or a raw value against it.
    let current: string | undefined;
    {
      const at = etagUrlOf(op, url);
      for (const who of [`Bearer ${hrOf(callers, caller.org)}`, reader]) {
        const res = await target.request(at, { headers: { Authorization: who } });
        await res.arrayBuffer();
        current = res.headers.get('etag') ?? undefined;
        if (current !== undefined) break;
      }
      const exists = current !== undefined;
      current ??= '"1"';
      out.currentVersion = current;
      if (c.ifMatch.kind === 'current_if_exists' && exists) headers['If-Match'] = current;
    }
    if (c.ifMatch.kind === 'current') headers['If-Match'] = current ?? '"1"';
    else if (c.ifMatch.kind === 'stale') {
      const n = Number((current ?? '"1"').replace(/"/g, ''));
      headers['If-Match'] = `"${Number.isFinite(n) ? n + 7 : 0}"`;
    } else if (c.ifMatch.kind === 'raw') headers['If-Match'] = c.ifMatch.value;
  }
  for (const [name, value] of Object.entries(c.headers ?? {})) headers[name] = value;
  if (c.idempotency) {
    headers['Idempotency-Key'] = c.idempotency.kind === 'raw' ? c.idempotency.value : idempotencyKey;
  }

  const body = c.body;
  if (body && op.method !== 'GET') {
    switch (body.kind) {
      case 'json': {
        const text = await spliceLateValues(
          target,
          spliceRawTokens(JSON.stringify(body.value) ?? 'null'),
          reader,
        );
        headers['Content-Type'] = 'application/json';
        out.body = text;
        try {
          out.json = JSON.parse(text);
        } catch {
          // raw tokens always parse; keep undefined otherwise
        }
        break;
      }
      case 'text':
        if (body.contentType !== null) headers['Content-Type'] = body.contentType;
        out.body = body.text;
        if (body.contentType?.includes('json')) {
          try {
            // Judged as the API reads it: decoded as fetch does (Node's undici drops the leading BOMs), then parsed.
            out.json = JSON.parse(await new Response(body.text).text());
          } catch {
            // malformed on purpose
          }
        }
        break;
      case 'bytes':
        headers['Content-Type'] = body.contentType;
        out.body = Uint8Array.from(body.bytes);
        break;
      case 'huge': {
        const text = hugeBody();
        headers['Content-Type'] = 'application/json';
        if (body.declareLength) headers['Content-Length'] = String(Buffer.byteLength(text));
        out.body = text;
        break;
      }
    }
  }
  return out;
}

export async function sendBuilt(target: Requester, r: BuiltRequest): Promise<Answer> {
  const res = await target.request(r.url, {
    method: r.method,
    headers: r.headers,
    ...(r.body !== undefined ? { body: r.body } : {}),
  });
  return answer(res);
}

/** A one-line description of a request for reports (bodies cut short). */
export function describeRequest(r: BuiltRequest): string {
  const auth = r.headers.Authorization;
  const shownAuth = auth === undefined ? 'none' : auth.length > 60 ? `${auth.slice(0, 60)}…` : auth;
  const headers = Object.entries(r.headers)
    .filter(([k]) => k !== 'Authorization')
    .map(([k, v]) => `${k}: ${v.length > 60 ? `${v.slice(0, 60)}…` : v}`)
    .join('; ');
  const body =
    r.body === undefined
      ? ''
      : typeof r.body === 'string'
        ? ` body=${JSON.stringify(r.body.length > 400 ? `${r.body.slice(0, 400)}…(${r.body.length} chars)` : r.body)}`
        : ` body=<${r.body.length} bytes>`;
  return `${r.method} ${r.url.length > 300 ? `${r.url.slice(0, 300)}…` : r.url} [auth ${shownAuth}] [${headers}]${body}`;
}
