// /teams/*: the built Teams tab (compressed static files, SPA fallback), its public config.json, headers for Teams framing.
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { Hono } from 'hono';
import { secureHeaders } from 'hono/secure-headers';
import type { AppEnv } from '../context.ts';
import type { Env } from '../env.ts';
import { compressedCache, MIN_COMPRESS_BYTES, negotiateEncoding } from './compression.ts';

export const TEAMS_TAB_PREFIX = '/teams';

/** Microsoft's Teams hosts (web, desktop, Outlook and the Microsoft 365 app) that frame tabs. */
export const TEAMS_FRAME_HOSTS = [
  'https://teams.microsoft.com',
  'https://*.teams.microsoft.com',
  'https://*.office.com',
  'https://*.cloud.microsoft',
] as const;

/** teams-js fetches its list of valid host origins from this CDN (and falls back to a bundled list). */
const TEAMS_JS_CDN = 'https://res.cdn.office.net';

/** One person the demo sign-in offers (demo mode only: anyone may sign in as anyone there anyway). */
export interface DemoPerson {
  email: string;
  name: string;
  jobTitle: string | null;
  /** The banner's group: HR admin, Department heads, Managers or Employees. */
  group: string;
}

/** What the tab reads before signing in: nothing secret. */
export interface TeamsTabConfigJson {
  demo: boolean;
  entra: { clientId: string; appIdUri: string } | null;
  demoPeople: DemoPerson[];
}

export interface TeamsTabOptions {
  env: Pick<Env, 'demo' | 'entra' | 'teamsTab'>;
  /** The demo people to offer (demo mode); omitted or failing: the tab shows only its e-mail field. */
  demoPeople?: () => Promise<readonly DemoPerson[]>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
};

export const NOT_BUILT_MESSAGE =
  'The Teams tab is not built. Build it with `npx -y pnpm@10.34.8 --filter @perfloop/teams-tab build` (the root `start` does this first), or point TEAMS_TAB_DIR at its dist folder.';

/** Is this request path served by the Teams tab module (and so gets its headers, not the API's)? */
export function isTeamsTabPath(path: string): boolean {
  return path === TEAMS_TAB_PREFIX || path.startsWith(`${TEAMS_TAB_PREFIX}/`);
}

/** The tab's Content-Security-Policy: its own origin only, framed by Teams hosts and configured origins. */
export function teamsTabCsp(frameAncestors: readonly string[]): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // Fluent UI (Griffel) inserts its atomic CSS at run time.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self' ${TEAMS_JS_CDN}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    `frame-ancestors 'self' ${[...TEAMS_FRAME_HOSTS, ...frameAncestors].join(' ')}`,
  ].join('; ');
}

/** Resolves a request path below the tab's directory; null for anything that would leave it. */
function fileIn(dir: string, relative: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(relative);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const full = normalize(join(dir, decoded));
  return full === dir || full.startsWith(dir.endsWith(sep) ? dir : dir + sep) ? full : null;
}

/** Text types worth compressing (images and fonts are compressed already). */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.txt', '.map']);

async function readIfFile(path: string): Promise<{ data: Buffer; version: string } | null> {
  try {
    const info = await stat(path);
    if (!info.isFile()) return null;
    return {
      data: await readFile(path),
      version: `${info.size.toString(36)}-${Math.trunc(info.mtimeMs).toString(36)}`,
    };
  } catch {
    return null;
  }
}

/** Does an If-None-Match header name this ETag (weak comparison, as RFC 9110 asks for GET)? */
function matchesEtag(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  const bare = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === bare);
}

export function teamsTabRoutes(options: TeamsTabOptions): Hono<AppEnv> {
  const { env } = options;
  const dir = normalize(env.teamsTab.dir);
  const app = new Hono<AppEnv>();

  app.use(
    '*',
    secureHeaders({
      contentSecurityPolicy: undefined,
      // Teams frames the tab: frame-ancestors decides who may, X-Frame-Options would forbid them all.
      xFrameOptions: false,
      // Teams' authentication pop-ups talk back through window.opener.
      crossOriginOpenerPolicy: false,
      crossOriginResourcePolicy: 'same-site',
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );
  const csp = teamsTabCsp(env.teamsTab.frameAncestors);
  app.use('*', async (c, next) => {
    await next();
    c.res.headers.set('Content-Security-Policy', csp);
  });

  app.get('/config.json', async (c) => {
    let demoPeople: DemoPerson[] = [];
    if (env.demo && options.demoPeople) {
      try {
        demoPeople = [...(await options.demoPeople())];
      } catch {
        demoPeople = [];
      }
    }
    const body: TeamsTabConfigJson = {
      demo: env.demo,
      entra: env.entra ? { clientId: env.entra.clientId, appIdUri: env.entra.appIdUri } : null,
      demoPeople: env.demo ? demoPeople : [],
    };
    c.header('Cache-Control', 'no-store');
    return c.json(body);
  });

  const compressed = compressedCache();
  const serve = async (
    relative: string,
    req: { method: string; header(name: string): string | undefined },
  ) => {
    const file = fileIn(dir, relative);
    if (file === null) return new Response('Not found', { status: 404, headers: textHeaders });
    const ext = extname(file);
    const index = join(dir, 'index.html');
    // Paths without an extension are the tab's own pages (me, team, config, …): the SPA answers them.
    const target = ext === '' ? index : file;
    const body = await readIfFile(target);
    if (body === null) {
      if (target === index || (await readIfFile(index)) === null) {
        return new Response(NOT_BUILT_MESSAGE, { status: 503, headers: textHeaders });
      }
      return new Response('Not found', { status: 404, headers: textHeaders });
    }
    const type = extname(target);
    // Vite names everything under assets/ by its content hash: a changed file is a new name, so it may be kept for good.
    const hashedAsset = relative.startsWith('assets/');
    const compressible = COMPRESSIBLE.has(type);
    const etag = `W/"${body.version}"`;
    const headers: Record<string, string> = {
      'Content-Type': TYPES[type] ?? 'application/octet-stream',
      'Cache-Control': hashedAsset ? 'public, max-age=31536000, immutable' : 'no-cache',
      ETag: etag,
      ...(compressible ? { Vary: 'Accept-Encoding' } : {}),
    };
    if (matchesEtag(req.header('if-none-match'), etag)) return new Response(null, { status: 304, headers });
    const encoding =
      compressible && body.data.length >= MIN_COMPRESS_BYTES
        ? negotiateEncoding(req.header('accept-encoding'))
        : null;
    const payload = encoding ? await compressed.get(target, body.version, body.data, encoding) : body.data;
    if (encoding) headers['Content-Encoding'] = encoding;
    headers['Content-Length'] = String(payload.length);
    return new Response(req.method === 'HEAD' ? null : new Uint8Array(payload), { status: 200, headers });
  };

  app.on(['GET', 'HEAD'], '/', (c) =>
    c.req.path === TEAMS_TAB_PREFIX ? c.redirect(`${TEAMS_TAB_PREFIX}/`, 308) : serve('index.html', c.req),
  );
  app.on(['GET', 'HEAD'], '/*', (c) => serve(c.req.path.slice(TEAMS_TAB_PREFIX.length + 1), c.req));
  app.all('*', (c) => c.text('Method not allowed', 405, { Allow: 'GET, HEAD' }));
  return app;
}

const textHeaders = { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
