// Request ids and security headers on every response, written without building a Headers object where possible.
import type { Context, MiddlewareHandler } from 'hono';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { AppEnv } from '../context.ts';

export const REQUEST_ID_HEADER = 'X-Request-Id';
const MAX_REQUEST_ID = 128;
const SAFE_REQUEST_ID = /[^\w\-=]/;

/**
 * The security headers of API responses (JSON, problem+json): the set OWASP's REST Security Cheat Sheet names
 * for an API. `no-store`, since every /v1 answer is for one authenticated caller; a CSP and X-Frame-Options that
 * forbid rendering or framing a response; HSTS; no MIME sniffing; and CORP, so another origin's page cannot pull
 * a response into its process (Spectre). The document-only headers (referrer, DNS prefetch, download and XSS
 * auditor settings, origin-agent clustering) have nothing to act on in a JSON response and go on HTML only.
 */
export const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};
const SECURITY_ENTRIES = Object.entries(SECURITY_HEADERS);

/** HTML pages (the interactive docs): Hono's secureHeaders() defaults, which fit a document. */
export const DOCUMENT_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Origin-Agent-Cluster': '?1',
  'Referrer-Policy': 'no-referrer',
  'Strict-Transport-Security': 'max-age=15552000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-DNS-Prefetch-Control': 'off',
  'X-Download-Options': 'noopen',
  'X-Frame-Options': 'SAMEORIGIN',
  'X-Permitted-Cross-Domain-Policies': 'none',
  'X-XSS-Protection': '0',
};
const DOCUMENT_ENTRIES = Object.entries(DOCUMENT_SECURITY_HEADERS);

/** Responses built by `sendJson`, which carry the standard headers already. */
const complete = new WeakSet<Response>();

/**
 * Takes the caller's `X-Request-Id` (up to 128 word characters, `-` or `=`) or makes one, and puts it
 * and the security headers on the response. Responses built with `sendJson` have them already, as
 * plain header objects, which @hono/node-server writes directly; any other response gets them added
 * afterwards (that builds its Headers object: a few µs), except on paths whose routes set their own.
 */
export function standardHeaders(
  options: {
    /** Paths whose routes set their own security headers (e.g. the Teams tab, which Teams must frame). */
    ownSecurityHeaders?: (path: string) => boolean;
  } = {},
): MiddlewareHandler<AppEnv> {
  const own = options.ownSecurityHeaders;
  return async (c, next) => {
    let id = c.req.header(REQUEST_ID_HEADER);
    if (!id || id.length > MAX_REQUEST_ID || SAFE_REQUEST_ID.test(id)) id = crypto.randomUUID();
    c.set('requestId', id);
    await next();
    const res = c.res;
    if (complete.has(res)) return;
    const headers = res.headers;
    headers.set(REQUEST_ID_HEADER, id);
    if (own?.(c.req.path)) return;
    const document = headers.get('Content-Type')?.startsWith('text/html') === true;
    // A header the route set itself (a Cache-Control of its own, say) stands.
    for (const [name, value] of document ? DOCUMENT_ENTRIES : SECURITY_ENTRIES) {
      if (!headers.has(name)) headers.set(name, value);
    }
    headers.delete('X-Powered-By');
  };
}

/**
 * A JSON response from its text (or its UTF-8 bytes, for a body kept and sent many times), as `c.json` would
 * send it (`Content-Type: application/json`), with the standard headers and `headers` in one plain object.
 */
export function sendJson(
  c: Context<AppEnv>,
  text: string | Uint8Array<ArrayBuffer>,
  status: ContentfulStatusCode,
  headers: Readonly<Record<string, string>> = {},
): Response {
  const res = new Response(text, {
    status,
    headers: {
      ...SECURITY_HEADERS,
      [REQUEST_ID_HEADER]: c.get('requestId'),
      'Content-Type': 'application/json',
      ...headers,
    },
  });
  complete.add(res);
  return res;
}
