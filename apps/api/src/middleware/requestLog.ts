// Request logging: one JSON line per request with method, path, status and timing; no headers.
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { principalLogFields } from '../auth/principal.ts';
import type { AppEnv } from '../context.ts';

const PROBES = new Set(['/healthz', '/readyz']);

/**
 * Sets the request-scoped logger and logs the outcome. Logs the path without its query string and no
 * headers at all, so Authorization, cookies, tokens and API keys never reach the log.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const log = logger.child({ requestId: c.get('requestId') });
    c.set('log', log);
    await next();
    const status = c.res.status;
    const principal = c.get('principal');
    const entry = {
      req: { method: c.req.method, path: c.req.path },
      res: { status },
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(principal ? { principal: principalLogFields(principal) } : {}),
    };
    // Probes are frequent: debug only (a failing /readyz still warns through the error handler).
    if (PROBES.has(c.req.path)) log.debug(entry, 'probe');
    else if (status >= 500) log.error(entry, 'request failed');
    else log.info(entry, 'request');
  };
}
