// Replies built inside a write transaction (so an idempotent POST stores exactly what it sends) and sent typed.
import type { Context } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { JSONValue } from 'hono/utils/types';
import type { AppEnv } from '../context.ts';
import { sendJson } from '../middleware/standardHeaders.ts';

/** A JSON response not yet sent: status, body and extra headers (ETag, Location). */
export interface Reply<B, S extends ContentfulStatusCode> {
  readonly status: S;
  readonly body: B;
  readonly headers: Readonly<Record<string, string>>;
}

export function reply<B, S extends ContentfulStatusCode>(
  status: S,
  body: B,
  headers: Record<string, string> = {},
): Reply<B, S> {
  return { status, body, headers };
}

/** Sends a reply; typed against the route's declared responses like `c.json(body, status)`. */
export function send<B extends JSONValue | object, S extends ContentfulStatusCode>(
  c: Context<AppEnv>,
  r: Reply<B, S>,
) {
  // What c.json sends, built with plain headers (see middleware/standardHeaders.ts).
  return sendJson(c, JSON.stringify(r.body), r.status, r.headers) as unknown as ReturnType<
    typeof c.json<B, S>
  >;
}
