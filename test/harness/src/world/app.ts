// The real API app over a store, configured as a demo-mode server with Entra sign-in against a local JWKS.
import { createApp } from '@perfloop/api/app';
import { depsFor } from '@perfloop/api/deps';
import { loadEnv } from '@perfloop/api/env';
import { createKit } from '@perfloop/api/kit';
import { createLogger } from '@perfloop/api/logger';
import { createRoutes } from '@perfloop/api/routes';
import type { Store } from '@perfloop/store';
import { ENTRA } from './manifest.ts';

/** Bodies above this are refused with 413 in the fuzzing app (the server's default is 1 MiB). */
export const FUZZ_MAX_BODY_BYTES = 256 * 1024;

export interface AppOptions {
  /** JWKS URL of the local key server; Entra sign-in is off without it. */
  jwksUrl?: string;
  /** Receives every log line (JSON) at level `error`: unhandled errors land here. */
  onLog?: (line: string) => void;
}

export function fuzzApp(store: Store, options: AppOptions = {}): ReturnType<typeof createApp> {
  const env = loadEnv({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    MAX_BODY_BYTES: String(FUZZ_MAX_BODY_BYTES),
    ...(options.jwksUrl
      ? {
          ENTRA_CLIENT_ID: ENTRA.clientId,
          ENTRA_APP_ID_URI: ENTRA.appIdUri,
          ENTRA_ALLOWED_TENANTS: `${ENTRA.tenantId},${ENTRA.foreignTenantId}`,
          ENTRA_JWKS_URL: options.jwksUrl,
        }
      : {}),
  });
  const deps = depsFor(store);
  const onLog = options.onLog;
  return createApp({
    env,
    directory: deps.directory,
    ready: deps.ready,
    logger: onLog ? createLogger('error', { write: (line: string) => onLog(line) }) : createLogger('silent'),
    routes: createRoutes(createKit(store)),
  });
}
