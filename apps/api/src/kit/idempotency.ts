// Idempotency-Key for POSTs: (principal, key) → request hash + stored response, written in the write's transaction.
import { createHash } from 'node:crypto';
import { canonicalJson, type IdempotencyRecord, type Store, type Tx } from '@perfloop/store';
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import { type Principal, principalOrgId } from '../auth/principal.ts';
import type { AppEnv } from '../context.ts';
import { BadRequest, UnprocessableEntity } from '../errors.ts';
import { IDEMPOTENCY_KEY } from './openapi.ts';
import { type Reply, reply } from './reply.ts';

export const REPLAYED_HEADER = 'Idempotent-Replayed';
/** Response headers kept with a stored response and replayed. */
const KEPT_HEADERS = ['content-type', 'etag', 'location'];

interface Pending {
  orgId: string;
  principal: string;
  key: string;
  requestHash: string;
  /** Set once the response is stored (in the write's transaction, or after it). */
  stored: boolean;
}

/** What is kept in `idempotency_keys.body`: the response headers worth replaying and the body text. */
interface Envelope {
  headers: Record<string, string>;
  body: string;
}

/** Thrown inside a transaction when another request stored the same key first: rolls the write back. */
class KeyTaken extends Error {
  constructor(readonly record: IdempotencyRecord) {
    super('idempotency key already stored');
  }
}

/** Whose key space a key lives in: the acting person, or the API key. */
export function idempotencyPrincipal(principal: Principal): string {
  if (principal.kind === 'service') return `api_key:${principal.apiKeyId}`;
  return `person:${principal.kind === 'addon' ? principal.user.personId : principal.personId}`;
}

/** sha-256 of method, path with query and body (JSON canonicalised, so key order and spacing don't matter). */
async function requestHash(c: Context): Promise<string> {
  const text = await c.req.text();
  let body = text;
  if (/json/i.test(c.req.header('Content-Type') ?? '')) {
    try {
      body = canonicalJson(JSON.parse(text));
    } catch {
      // Not JSON after all: hash the raw text (the validator will refuse it anyway).
    }
  }
  const url = new URL(c.req.url);
  return createHash('sha256').update(`${c.req.method} ${url.pathname}${url.search}\n${body}`).digest('hex');
}

function parseEnvelope(text: string): Envelope {
  try {
    const value: unknown = JSON.parse(text);
    if (typeof value === 'object' && value !== null && 'body' in value && 'headers' in value) {
      const { body, headers } = value;
      if (typeof body === 'string' && typeof headers === 'object' && headers !== null) {
        const kept = Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string');
        return { body, headers: Object.fromEntries(kept) };
      }
    }
  } catch {
    // fall through
  }
  return { body: text, headers: { 'content-type': 'application/json' } };
}

/**
 * The stored key of one part of a request made of independent parts (each committed in its own
 * transaction, e.g. one person of a bulk score import). A space never occurs in a client's key, so
 * a part key cannot collide with one; the request's hash in it means only the same request replays
 * its parts (a key reused for another body after a partial failure starts afresh).
 */
function partKey(state: Pending, part: string): string {
  return `${state.key} ${state.requestHash.slice(0, 16)} ${part}`;
}

function reused(): UnprocessableEntity {
  return new UnprocessableEntity(
    'This Idempotency-Key was already used with a different request; use a new key for a new request.',
    { code: 'idempotency_key_reused' },
  );
}

export interface IdempotencyKit {
  /** Route middleware for POSTs: `createRoute({ …, middleware: [kit.idempotent] as const })`. */
  middleware: MiddlewareHandler<AppEnv>;
  /**
   * First thing in a write transaction: rolls back at once when another request stored the key
   * meanwhile. With `part`: when this part of the request was stored already (by an earlier try).
   */
  checkInTx(c: Context<AppEnv>, tx: Tx, part?: string): Promise<void>;
  /**
   * Last thing in a write transaction: stores the reply under the request's key (no-op without a
   * key). With `part`: under the key of that part only; the whole response is then stored by the
   * middleware once the handler answered.
   */
  storeInTx(
    c: Context<AppEnv>,
    tx: Tx,
    r: Reply<unknown, ContentfulStatusCode>,
    part?: string,
  ): Promise<void>;
  /**
   * After a write transaction threw: when another request with the same key won meanwhile (or, with
   * `part`, stored that part), its stored reply (or 422 for another body) instead of this request's
   * error; else null.
   */
  resolveRace(
    c: Context<AppEnv>,
    error: unknown,
    part?: string,
  ): Promise<Reply<unknown, ContentfulStatusCode> | null>;
}

export function createIdempotency(store: Store): IdempotencyKit {
  const pending = new WeakMap<Context, Pending>();

  const replayOf = (c: Context, record: IdempotencyRecord): Reply<unknown, ContentfulStatusCode> => {
    const state = pending.get(c);
    if (state && record.requestHash !== state.requestHash) throw reused();
    const envelope = parseEnvelope(record.body);
    let body: unknown = envelope.body;
    try {
      body = JSON.parse(envelope.body);
    } catch {
      // keep the text
    }
    const { 'content-type': _type, ...headers } = envelope.headers;
    return reply(record.status as ContentfulStatusCode, body, { ...headers, [REPLAYED_HEADER]: 'true' });
  };

  const middleware: MiddlewareHandler<AppEnv> = async (c, next) => {
    const key = c.req.header('Idempotency-Key');
    if (c.req.method !== 'POST' || key === undefined) return next();
    if (!IDEMPOTENCY_KEY.test(key)) {
      throw new BadRequest('The Idempotency-Key header is invalid.', {
        code: 'validation_failed',
        errors: [
          {
            path: 'idempotency-key',
            message: 'must be 1–255 visible ASCII characters',
            code: 'invalid_format',
            location: 'headers',
          },
        ],
      });
    }
    const principal = c.get('principal');
    const state: Pending = {
      orgId: principalOrgId(principal),
      principal: idempotencyPrincipal(principal),
      key,
      requestHash: await requestHash(c),
      stored: false,
    };
    const existing = await store.idempotency.get(state.orgId, state.principal, key);
    if (existing) {
      if (existing.requestHash !== state.requestHash) throw reused();
      const envelope = parseEnvelope(existing.body);
      return c.body(envelope.body, existing.status as ContentfulStatusCode, {
        ...envelope.headers,
        [REPLAYED_HEADER]: 'true',
      });
    }
    pending.set(c, state);
    await next();
    // Handlers that did not store their reply in their transaction: store the successful response now.
    const res = c.res;
    if (state.stored || res.status < 200 || res.status > 299) return;
    const headers: Record<string, string> = {};
    for (const name of KEPT_HEADERS) {
      const value = res.headers.get(name);
      if (value !== null) headers[name] = value;
    }
    const body = JSON.stringify({ headers, body: await res.clone().text() } satisfies Envelope);
    await store.idempotency.put({ ...state, status: res.status, body });
    state.stored = true;
  };

  return {
    middleware,
    async checkInTx(c, tx, part) {
      const state = pending.get(c);
      if (!state) return;
      const key = part === undefined ? state.key : partKey(state, part);
      const existing = await tx.idempotency.get(state.orgId, state.principal, key);
      if (existing) throw new KeyTaken(existing);
    },
    async storeInTx(c, tx, r, part) {
      const state = pending.get(c);
      if (!state) return;
      const envelope: Envelope = {
        headers: { 'content-type': 'application/json', ...lowerKeys(r.headers) },
        body: JSON.stringify(r.body),
      };
      const put = await tx.idempotency.put({
        orgId: state.orgId,
        principal: state.principal,
        key: part === undefined ? state.key : partKey(state, part),
        requestHash: state.requestHash,
        status: r.status,
        body: JSON.stringify(envelope),
      });
      if (!put.inserted) throw new KeyTaken(put.record);
      if (part === undefined) state.stored = true;
    },
    async resolveRace(c, error, part) {
      if (error instanceof KeyTaken) return replayOf(c, error.record);
      const state = pending.get(c);
      if (!state || (part === undefined && state.stored)) return null;
      // The write failed (e.g. a duplicate or a stale version) perhaps only because a twin request committed first.
      const key = part === undefined ? state.key : partKey(state, part);
      const existing = await store.idempotency.get(state.orgId, state.principal, key);
      return existing ? replayOf(c, existing) : null;
    },
  };
}

function lowerKeys(headers: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v]));
}
