// Request logging: one JSON line per request with method, path, status and timing; no headers.
import type { MiddlewareHandler } from 'hono';
import type { Logger } from 'pino';
import { principalLogFields } from '../auth/principal.ts';
import type { AppEnv } from '../context.ts';

const PROBES = new Set(['/healthz', '/readyz']);

const LEVELS = new Set(['trace', 'debug', 'info', 'warn', 'error', 'fatal']);
const noop = () => undefined;

/** A request-scoped logger's state: its child is created on first real use. */
interface LazyLogger {
  readonly logger: Logger;
  readonly requestId: string;
  child: Logger | undefined;
}

function realLogger(state: LazyLogger): Logger {
  state.child ??= state.logger.child({ requestId: state.requestId });
  return state.child;
}

/** One handler for every request (no closures per request): the state object is the proxy's target. */
const lazyHandler: ProxyHandler<LazyLogger> = {
  get(state, property) {
    if (state.child === undefined && typeof property === 'string' && LEVELS.has(property)) {
      if (!state.logger.isLevelEnabled(property)) return noop;
    }
    const real = realLogger(state);
    const value: unknown = Reflect.get(real, property, real);
    return typeof value === 'function' ? value.bind(real) : value;
  },
  set(state, property, value) {
    return Reflect.set(realLogger(state), property, value);
  },
  has(state, property) {
    return Reflect.has(state.child ?? state.logger, property);
  },
};

/**
 * The request-scoped logger (carrying `requestId`), created on first use: a pino child costs a few
 * µs, and most requests log nothing but their one request line. Calls at a disabled level do nothing
 * and create nothing.
 */
function lazyChild(logger: Logger, requestId: string): Logger {
  const state: LazyLogger = { logger, requestId, child: undefined };
  return new Proxy(state, lazyHandler) as unknown as Logger;
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
