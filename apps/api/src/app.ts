// createApp: the API's Hono app with request ids and security headers, logging, problem errors, probes,
// OpenAPI docs and the authenticated /v1 router.

import { IncomingMessage } from 'node:http';
import { swaggerUI } from '@hono/swagger-ui';
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import type { Logger } from 'pino';
import type { IdentityDirectory } from './auth/identity.ts';
import { authenticate } from './auth/middleware.ts';
import type { Verifier } from './auth/verifier.ts';
import { createVerifiers } from './auth/verifiers.ts';
import type { AppEnv } from './context.ts';
import type { Env } from './env.ts';
import { PayloadTooLarge } from './errors.ts';
import { createHealthRoutes } from './health.ts';
import { createLogger } from './logger.ts';
import { requestLog } from './middleware/requestLog.ts';
import { standardHeaders } from './middleware/standardHeaders.ts';
import { createErrorHandler, notFoundHandler } from './problem.ts';
import { createRouter } from './router.ts';
import { type DemoPerson, isTeamsTabPath, TEAMS_TAB_PREFIX, teamsTabRoutes } from './static/teamsTab.ts';

export const API_VERSION = '0.1.0';
export const V1_PREFIX = '/v1';
export const BEARER_SCHEME = 'bearerAuth';
/** The methods whose bodies limitBody checks: no route reads the body of a GET or HEAD. */
const BODY_METHODS = ['POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

/** A route module mounted at `/v1${path}`. */
export interface RouteModule {
  path: string;
  router: OpenAPIHono<AppEnv>;
}

export interface AppDeps {
  env: Env;
  /** Resolves people and API keys for authentication (the store implements it). */
  directory: IdentityDirectory;
  /** True when the database is reachable (and the server is not draining). */
  ready: () => Promise<boolean>;
  /** Defaults to a pino logger at env.logLevel on stdout. */
  logger?: Logger;
  /** Defaults to `createVerifiers(env, directory)`. */
  verifiers?: readonly Verifier[];
  /** Resource route modules, mounted under /v1 behind authentication. */
  routes?: readonly RouteModule[];
  /** Demo mode: the people the Teams tab's demo sign-in offers (from /teams/config.json). */
  demoPeople?: () => Promise<readonly DemoPerson[]>;
}

/** The Node request under @hono/node-server (its `env` bindings), else undefined (e.g. `app.request`). */
function nodeIncoming(c: Context): IncomingMessage | undefined {
  const env: unknown = c.env;
  if (typeof env !== 'object' || env === null || !('incoming' in env)) return undefined;
  const { incoming } = env;
  return incoming instanceof IncomingMessage ? incoming : undefined;
}

/**
 * The body as text, read straight from Node's stream, decoded as `Request.text()` does (UTF-8,
 * invalid bytes replaced, a leading BOM dropped).
 */
function readText(incoming: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.once('end', () => {
      const text = (chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks)).toString('utf8');
      resolve(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text);
    });
    incoming.once('error', reject);
    incoming.once('aborted', () => reject(new Error('request aborted')));
  });
}

/**
 * Hono's bodyLimit, minus its cost where it cannot bite: it reads `c.req.raw.body`, which on
 * @hono/node-server builds a full undici Request (with an AbortController) for every request. GET and
 * HEAD carry no body; a declared Content-Length (without Transfer-Encoding) is checked from the header,
 * exactly as bodyLimit itself does (Node's HTTP parser holds the body to that length). Only chunked
 * bodies go through bodyLimit's counting reader. Under Node, a body of declared length is also read
 * straight from the socket's stream into the request's body cache (`c.req.text()` / `json()` use it)
 * instead of through an undici Request and web streams.
 */
function limitBody(maxBytes: number): MiddlewareHandler<AppEnv> {
  const tooLarge = (): never => {
    throw new PayloadTooLarge(`The request body exceeds ${maxBytes} bytes.`, {
      details: { maxBytes },
    });
  };
  const counting = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async (c, next) => {
    const method = c.req.method;
    if (method === 'GET' || method === 'HEAD') return next();
    const length = c.req.header('content-length');
    if (length !== undefined && c.req.header('transfer-encoding') === undefined) {
      if (Number.parseInt(length, 10) > maxBytes) tooLarge();
      const incoming = nodeIncoming(c);
      if (incoming !== undefined && !incoming.readableEnded && incoming.readableFlowing === null) {
        const text = readText(incoming);
        // Read by whoever asks; a request that never does still consumed its body (as Node would drain it).
        text.catch(() => undefined);
        // Hono keeps promises in bodyCache (its type says values).
        (c.req.bodyCache as Record<string, unknown>).text = text;
      }
      return next();
    }
    return counting(c, next);
  };
}

export function createApp(deps: AppDeps): OpenAPIHono<AppEnv> {
  const { env } = deps;
  const logger = deps.logger ?? createLogger(env.logLevel);
  const verifiers = deps.verifiers ?? createVerifiers(env, deps.directory);
  const app = createRouter();

  // The Teams tab (/teams/*) sets its own security headers: Teams must be allowed to frame it.
  app.use('*', standardHeaders({ ownSecurityHeaders: isTeamsTabPath }));
  app.use('*', requestLog(logger));
  // Authentication runs before the body is read, so anonymous callers never make us buffer a body.
  app.use(`${V1_PREFIX}/*`, authenticate(verifiers));
  // Only methods that may carry a body pass through it (a GET skips one middleware layer).
  app.on(BODY_METHODS, '*', limitBody(env.maxBodyBytes));
  app.onError(createErrorHandler(logger));
  app.notFound(notFoundHandler);

  app.route('/', createHealthRoutes(deps.ready));
  app.route(
    TEAMS_TAB_PREFIX,
    teamsTabRoutes({ env, ...(deps.demoPeople ? { demoPeople: deps.demoPeople } : {}) }),
  );

  const v1 = createRouter();
  for (const module of deps.routes ?? []) v1.route(module.path, module.router);
  app.route(V1_PREFIX, v1);

  app.openAPIRegistry.registerComponent('securitySchemes', BEARER_SCHEME, {
    type: 'http',
    scheme: 'bearer',
    description:
      'Entra access token (Teams SSO), API key pl_<prefix>_<secret> (an addon:sheets key with the user’s Google ID token in X-Perfloop-User-Token), or dev:<email> in demo mode.',
  });
  app.doc31('/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Perfloop API',
      version: API_VERSION,
      description: 'Closed-loop performance management. Errors are RFC 9457 application/problem+json.',
    },
    ...(env.publicUrl ? { servers: [{ url: env.publicUrl }] } : {}),
    security: [{ [BEARER_SCHEME]: [] }],
  });
  app.get('/docs', swaggerUI({ url: '/openapi.json', title: 'Perfloop API' }));
  return app;
}
