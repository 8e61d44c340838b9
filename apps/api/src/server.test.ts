// Graceful shutdown: readiness drops, in-flight requests finish, new ones are refused, the store closes.
import { createRoute, z } from '@hono/zod-openapi';
import { describe, expect, it } from 'vitest';
import { createRouter } from './router.ts';
import { startServer } from './server.ts';
import { createMemoryDirectory } from './testing/memoryDirectory.ts';
import { captureLogger, devAuth, testEnv } from './testing/testApp.ts';

describe('startServer', () => {
  it('serves, then shuts down gracefully', async () => {
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let entered: () => void = () => undefined;
    const inHandler = new Promise<void>((resolve) => {
      entered = resolve;
    });
    const slow = createRoute({
      method: 'get',
      path: '/slow',
      responses: {
        200: {
          description: 'ok',
          content: { 'application/json': { schema: z.object({ done: z.boolean() }) } },
        },
      },
    });
    const router = createRouter().openapi(slow, async (c) => {
      entered();
      await gate;
      return c.json({ done: true }, 200);
    });
    const directory = createMemoryDirectory();
    directory.addPerson({ orgId: 'o', personId: 'p', roles: [], email: 'p@o.test' });
    let closed = false;
    const log = captureLogger();
    const running = startServer(
      { ...testEnv(), port: 0 },
      {
        directory,
        ready: async () => true,
        close: async () => {
          closed = true;
        },
        routes: [{ path: '/x', router }],
      },
      log.logger,
    );
    const { port } = await running.listening;
    const base = `http://127.0.0.1:${port}`;
    expect((await fetch(`${base}/readyz`)).status).toBe(200);
    expect(log.text()).toContain(`${base}/docs`);

    const inFlight = fetch(`${base}/v1/x/slow`, { headers: devAuth('p@o.test') });
    await inHandler;
    const stopped = running.shutdown('SIGTERM');
    await new Promise((r) => setTimeout(r, 50));
    expect(closed).toBe(false);
    await expect(fetch(`${base}/healthz`)).rejects.toThrow();
    release();
    const res = await inFlight;
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ done: true });
    await stopped;
    expect(closed).toBe(true);
    expect(log.text()).toContain('stopped');
  });
});
