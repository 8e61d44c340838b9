// Test stack: the real Perfloop API over HTTP (temp SQLite, demo seed), the Google token issuer and Sheets fakes, and the add-on.
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { createApp } from '@perfloop/api/src/app.ts';
import { seedOnFirstStart } from '@perfloop/api/src/demo/firstStart.ts';
import { createDeps } from '@perfloop/api/src/deps.ts';
import { loadEnv } from '@perfloop/api/src/env.ts';
import { createKit } from '@perfloop/api/src/kit/index.ts';
import { createLogger as createApiLogger } from '@perfloop/api/src/logger.ts';
import { createRoutes } from '@perfloop/api/src/routes/index.ts';
import {
  type FakeSheets,
  type GoogleTokenIssuer,
  startFakeSheets,
  startGoogleTokenIssuer,
} from '@perfloop/fakes';
import type { Store } from '@perfloop/store';
import type { Hono } from 'hono';
import { createAddonApp } from '../app.ts';
import type { AddonResponse } from '../cards/schema.ts';
import { createGoogleVerifier } from '../google/verify.ts';
import { createLogger } from '../logger.ts';
import type { EndpointName } from '../paths.ts';
import { PATHS } from '../paths.ts';
import type { SheetsCall } from '../sheets/gateway.ts';
import type { sheets_v4 } from '../sheets/googleapis.ts';
import {
  ADDON_URL,
  addonAnswer,
  addonCall,
  CLIENT_ID,
  type InvokeOptions,
  SERVICE_ACCOUNT,
  sheetsAs,
} from './events.ts';

export {
  ADDON_URL,
  CLIENT_ID,
  cardText,
  type InvokeOptions,
  oauthToken,
  SERVICE_ACCOUNT,
} from './events.ts';

/** Fast retries for tests (the policy shape is what counts, not the wait). */
export const TEST_RETRY = { attempts: 4, baseMs: 1, maxMs: 5 };

export interface ApiCall<T = Record<string, unknown>> {
  status: number;
  body: T;
  headers: Headers;
}

export interface Stack {
  apiUrl: string;
  /** The API's store (fixtures write through it, audited as `system`). */
  store: Store;
  fake: FakeSheets;
  issuer: GoogleTokenIssuer;
  addon: Hono;
  /** The add-on's `addon:sheets` key and its id. */
  apiKey: string;
  apiKeyId: string;
  /** Calls the API as a demo person (dev sign-in). */
  api<T = Record<string, unknown>>(
    method: string,
    path: string,
    init?: { as?: string; json?: unknown; headers?: Record<string, string> },
  ): Promise<ApiCall<T>>;
  /** Calls an add-on endpoint as Google would; the answer is checked against the card schema. */
  invoke(endpoint: EndpointName, options: InvokeOptions): Promise<{ status: number; body: AddonResponse }>;
  invokeRaw(path: string, init: { headers: Record<string, string>; body: unknown }): Promise<Response>;
  /** googleapis Sheets as `email` (the analyst's own edits). */
  sheetsAs(email: string): sheets_v4.Sheets;
  sheetsCalls: Partial<Record<SheetsCall, number>>;
  apiRequests: string[];
  resetCounts(): void;
  close(): Promise<void>;
}

export async function startStack(
  options: { applyConcurrency?: number; fetch?: typeof fetch } = {},
): Promise<Stack> {
  const issuer = await startGoogleTokenIssuer();
  const fake = await startFakeSheets({ quotaPerMinute: 10_000 });
  const dir = await mkdtemp(join(tmpdir(), 'perfloop-sheets-e2e-'));
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    DATA_DIR: dir,
    PERFLOOP_DEMO: 'true',
    PERFLOOP_SEED: 'true',
    GOOGLE_ADDON_CLIENT_ID: CLIENT_ID,
    GOOGLE_CERTS_URL: issuer.certsUrl,
  });
  const deps = await createDeps(env);
  await seedOnFirstStart(env, deps);
  const apiApp = createApp({
    env,
    directory: deps.directory,
    ready: deps.ready,
    logger: createApiLogger('silent'),
    routes: createRoutes(createKit(deps.store)),
  });
  let apiServer: Server | undefined;
  const port = await new Promise<number>((resolve) => {
    apiServer = serve({ fetch: apiApp.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    ) as unknown as Server;
  });
  const apiUrl = `http://127.0.0.1:${port}`;

  const api = async <T>(
    method: string,
    path: string,
    init: { as?: string; json?: unknown; headers?: Record<string, string> } = {},
  ) => {
    const headers: Record<string, string> = { ...(init.headers ?? {}) };
    if (init.as) headers.Authorization = `Bearer dev:${init.as}`;
    if (init.json !== undefined) headers['Content-Type'] = 'application/json';
    const res = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      ...(init.json !== undefined ? { body: JSON.stringify(init.json) } : {}),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : null) as T, headers: res.headers };
  };

  const created = await api<{ id: string; key: string }>('POST', '/v1/api-keys', {
    as: 'hr@acme.test',
    json: { name: 'Google Sheets add-on', scopes: ['addon:sheets'] },
  });
  if (created.status !== 201)
    throw new Error(`could not create the add-on key: ${JSON.stringify(created.body)}`);

  const sheetsCalls: Partial<Record<SheetsCall, number>> = {};
  const apiRequests: string[] = [];
  const addon = createAddonApp({
    publicUrl: ADDON_URL,
    apiUrl,
    apiKey: created.body.key,
    sheetsRootUrl: fake.rootUrl,
    verifier: createGoogleVerifier({
      certsUrl: issuer.certsUrl,
      serviceAccount: SERVICE_ACCOUNT,
      clientIds: [CLIENT_ID],
    }),
    logger: createLogger('silent'),
    retry: TEST_RETRY,
    applyConcurrency: options.applyConcurrency ?? 4,
    ...(options.fetch ? { fetch: options.fetch } : {}),
    onSheetsCall: (call) => {
      sheetsCalls[call] = (sheetsCalls[call] ?? 0) + 1;
    },
    onApiRequest: (method, path) => apiRequests.push(`${method} ${path.split('?')[0]}`),
  });

  const invokeRaw = async (
    path: string,
    init: { headers: Record<string, string>; body: unknown },
  ): Promise<Response> =>
    addon.request(path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...init.headers },
      body: JSON.stringify(init.body),
    });

  return {
    apiUrl,
    store: deps.store,
    fake,
    issuer,
    addon,
    apiKey: created.body.key,
    apiKeyId: created.body.id,
    api,
    invokeRaw,
    async invoke(endpoint, o) {
      const path = PATHS[endpoint];
      return addonAnswer(path, await invokeRaw(path, await addonCall(issuer, fake, path, o)));
    },
    sheetsAs: (email) => sheetsAs(fake, email),
    sheetsCalls,
    apiRequests,
    resetCounts() {
      for (const k of Object.keys(sheetsCalls)) delete sheetsCalls[k as SheetsCall];
      apiRequests.length = 0;
      fake.resetCounts();
    },
    async close() {
      await new Promise<void>((resolve) => {
        apiServer?.closeAllConnections();
        apiServer?.close(() => resolve());
      });
      await deps.close();
      await fake.close();
      await issuer.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
