// A real API for the tests: the API's own server (routes, static /teams/, demo people) on 127.0.0.1 port 0, over a copy
// of the seeded demo database, optionally trusting a test Entra key set.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { demoPeopleList } from '@perfloop/api/src/demo/banner.ts';
import { createDeps, type Deps } from '@perfloop/api/src/deps.ts';
import { loadEnv } from '@perfloop/api/src/env.ts';
import { createKit } from '@perfloop/api/src/kit/index.ts';
import { createLogger } from '@perfloop/api/src/logger.ts';
import { createRoutes } from '@perfloop/api/src/routes/index.ts';
import { startServer } from '@perfloop/api/src/server.ts';
import { inject } from 'vitest';

export interface RunningApi {
  base: string;
  store: Deps['store'];
  /** Calls the API over HTTP as a demo person (`dev:<email>`). */
  call<T = Record<string, unknown>>(
    as: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T; headers: Headers }>;
  close(): Promise<void>;
}

export interface ApiOptions {
  /** Extra settings, e.g. the ENTRA_* ones. */
  env?: Record<string, string>;
}

export async function startApi(options: ApiOptions = {}): Promise<RunningApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'perfloop-tab-api-'));
  await cp(inject('seededDataDir'), dataDir, { recursive: true });
  const env = {
    ...loadEnv({
      NODE_ENV: 'test',
      LOG_LEVEL: 'warn',
      DATA_DIR: dataDir,
      TEAMS_TAB_DIR: inject('tabDir'),
      ...options.env,
    }),
    port: 0,
  };
  const deps = await createDeps(env);
  const running = startServer(
    env,
    {
      directory: deps.directory,
      ready: deps.ready,
      close: deps.close,
      routes: createRoutes(createKit(deps.store)),
      demoPeople: () => demoPeopleList(deps.store),
    },
    createLogger('warn'),
  );
  const address = await running.listening;
  const base = `http://127.0.0.1:${address.port}`;
  return {
    base,
    store: deps.store,
    async call(as, method, path, body, headers = {}) {
      const res = await fetch(`${base}${path}`, {
        method,
        headers: {
          Authorization: `Bearer dev:${as}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: (text ? JSON.parse(text) : null) as never };
    },
    async close() {
      await running.shutdown('test done');
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
