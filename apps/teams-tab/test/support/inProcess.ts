// Component tests: the real API app in-process (routes, rules, SQLite) over a copy of the seeded demo database; its
// `fetch` is `app.request`, so the tab's client talks HTTP semantics without a socket.
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '@perfloop/api/src/app.ts';
import { demoPeopleList } from '@perfloop/api/src/demo/banner.ts';
import { createDeps } from '@perfloop/api/src/deps.ts';
import { loadEnv } from '@perfloop/api/src/env.ts';
import { createKit } from '@perfloop/api/src/kit/index.ts';
import { createLogger } from '@perfloop/api/src/logger.ts';
import { createRoutes, type RoutesOptions } from '@perfloop/api/src/routes/index.ts';
import { inject } from 'vitest';

export interface InProcessApi {
  fetch: typeof fetch;
  /** Calls as a demo person; returns status and parsed JSON. */
  call<T = Record<string, unknown>>(
    as: string,
    method: string,
    path: string,
    body?: unknown,
    headers?: Record<string, string>,
  ): Promise<{ status: number; body: T }>;
  /** The API's store, for a test that needs a record the API would never write (e.g. from an older version). */
  store: Awaited<ReturnType<typeof createDeps>>['store'];
  close(): Promise<void>;
}

/** `routes`: the API's route options (e.g. a Teams alerts configuration, for `GET /v1/alerts/status`). */
export async function inProcessApi(options: { routes?: RoutesOptions } = {}): Promise<InProcessApi> {
  const dataDir = await mkdtemp(join(tmpdir(), 'perfloop-tab-unit-'));
  await cp(inject('seededDataDir'), dataDir, { recursive: true });
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dataDir,
    TEAMS_TAB_DIR: inject('tabDir'),
  });
  const deps = await createDeps(env);
  const app = createApp({
    env,
    directory: deps.directory,
    ready: deps.ready,
    logger: createLogger('silent'),
    routes: createRoutes(createKit(deps.store), options.routes),
    demoPeople: () => demoPeopleList(deps.store),
  });
  const doFetch = (async (input: RequestInfo | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.toString() : input.url;
    return app.request(url.replace(/^https?:\/\/[^/]+/, ''), init);
  }) as typeof fetch;
  return {
    fetch: doFetch,
    store: deps.store,
    async call(as, method, path, body, headers = {}) {
      const res = await app.request(path, {
        method,
        headers: {
          Authorization: `Bearer dev:${as}`,
          ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
      });
      const text = await res.text();
      return { status: res.status, body: (text ? JSON.parse(text) : null) as never };
    },
    async close() {
      await deps.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

/** Moves a cycle to a phase as HR, with an override reason when a guard holds it back. */
export async function moveCycle(api: InProcessApi, cycleId: string, to: string): Promise<void> {
  let res = await api.call('hr@acme.test', 'POST', `/v1/cycles/${cycleId}/transitions`, { to });
  if (res.status !== 200) {
    res = await api.call('hr@acme.test', 'POST', `/v1/cycles/${cycleId}/transitions`, {
      to,
      override: { reason: 'Component test: move on regardless of the guards.' },
    });
  }
  if (res.status !== 200) throw new Error(`could not move ${cycleId} to ${to}: ${JSON.stringify(res.body)}`);
}

/** The seeded demo's cycles: 2026 H1 (closed, with results) and 2026 H2 (in coach) — as the seed leaves them. */
export async function demoCycles(api: InProcessApi): Promise<{ h1: string; h2: string }> {
  const cycles = await api.call<{ items: { id: string; phase: string }[] }>(
    'hr@acme.test',
    'GET',
    '/v1/cycles',
  );
  const find = (phase: string) => cycles.body.items.find((c) => c.phase === phase)?.id ?? '';
  return { h1: find('closed'), h2: find('coach') };
}

/** A demo person's id, by the name part of their e-mail (`ava` → ava@acme.test). */
export async function demoPersonId(api: InProcessApi, who: string): Promise<string> {
  return (await api.call<{ id: string }>(`${who}@acme.test`, 'GET', '/v1/people/me')).body.id;
}
