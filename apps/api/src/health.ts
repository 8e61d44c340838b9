// Liveness (/healthz) and readiness (/readyz) probes.
import { createRoute, z } from '@hono/zod-openapi';
import type { Logger } from 'pino';
import { ServiceUnavailable } from './errors.ts';
import { problemResponse } from './problem.ts';
import { createRouter } from './router.ts';

export const READY_TIMEOUT_MS = 2000;

const StatusSchema = z.object({ status: z.enum(['ok', 'ready']) }).openapi('ProbeStatus');

const healthz = createRoute({
  method: 'get',
  path: '/healthz',
  tags: ['operations'],
  summary: 'Liveness: the process is up',
  security: [],
  responses: { 200: { description: 'Alive', content: { 'application/json': { schema: StatusSchema } } } },
});

const readyz = createRoute({
  method: 'get',
  path: '/readyz',
  tags: ['operations'],
  summary: 'Readiness: the database is reachable',
  security: [],
  responses: {
    200: { description: 'Ready to serve', content: { 'application/json': { schema: StatusSchema } } },
    503: problemResponse('Not ready (database unreachable or shutting down)'),
  },
});

/** `ready()` resolving true within the timeout → 200; false, an error or a timeout → 503 `not_ready`. */
async function isReady(ready: () => Promise<boolean>, timeoutMs: number, log: Logger): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => {
    timer = setTimeout(() => resolve(false), timeoutMs);
  });
  try {
    const check = ready().catch((error: unknown) => {
      log.warn({ err: error }, 'readiness check failed');
      return false;
    });
    return await Promise.race([check, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export function createHealthRoutes(ready: () => Promise<boolean>, timeoutMs = READY_TIMEOUT_MS) {
  return createRouter()
    .openapi(healthz, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyz, async (c) => {
      if (!(await isReady(ready, timeoutMs, c.get('log')))) {
        throw new ServiceUnavailable('Not ready: the database is not reachable.', { code: 'not_ready' });
      }
      return c.json({ status: 'ready' as const }, 200);
    });
}
