// Request logging: one JSON line per request with method, path, status and timing; no headers.
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { principalLogFields } from '../auth/principal.ts';
import type { AppEnv } from '../context.ts';

const PROBES = new Set(['/healthz', '/readyz']);

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const noop = () => undefined;

/**
 * The request-scoped logger (carrying `requestId`), created on first use: a pino child costs a few
 * µs, and most requests log nothing but their one request line. Calls at a disabled level do nothing
 * and create nothing.
 */
function lazyChild(logger: Logger, requestId: string): Logger {
  let child: Logger | undefined;
  const target = () => {
    child ??= logger.child({ requestId });
    return child;
  };
  return new Proxy(logger, {
    get(_, property) {
      if (child === undefined && typeof property === 'string' && LEVELS.has(property)) {
        if (!logger.isLevelEnabled(property)) return noop;
      }
      const real = target();
      const value: unknown = Reflect.get(real, property, real);
      return typeof value === 'function' ? value.bind(real) : value;
    },
    set(_, property, value) {
      return Reflect.set(target(), property, value);
    },
  });
}

/**
 * Sets the request-scoped logger and logs the outcome. Logs the path without its query string and no
 * headers at all, so Authorization, cookies, tokens and API keys never reach the log.
 */
export function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    const requestId = c.get('requestId');
    c.set('log', lazyChild(logger, requestId));
    await next();
    const status = c.res.status;
    const probe = PROBES.has(c.req.path);
    // Probes are frequent: debug only (a failing /readyz still warns through the error handler).
    const level = probe ? 'debug' : status >= 500 ? 'error' : 'info';
    if (!logger.isLevelEnabled(level)) return;
    const principal = c.get('principal');
    const entry = {
      requestId,
      req: { method: c.req.method, path: c.req.path },
      res: { status },
      durationMs: Math.round((performance.now() - started) * 10) / 10,
      ...(principal ? { principal: principalLogFields(principal) } : {}),
    };
    logger[level](entry, probe ? 'probe' : status >= 500 ? 'request failed' : 'request');
  };
}
