// Node entry: validated settings, the app on @hono/node-server, graceful shutdown.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { createAddonApp } from './app.ts';
import { AddonEnvError, loadAddonEnv } from './env.ts';
import { createGoogleVerifier } from './google/verify.ts';
import { createLogger } from './logger.ts';
import { PATHS } from './paths.ts';

function main(): void {
  let env: ReturnType<typeof loadAddonEnv>;
  try {
    env = loadAddonEnv();
  } catch (error) {
    process.stderr.write(`${error instanceof AddonEnvError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger(env.logLevel);
  const app = createAddonApp({
    publicUrl: env.publicUrl,
    apiUrl: env.apiUrl,
    apiKey: env.apiKey,
    sheetsRootUrl: env.sheetsRootUrl,
    verifier: createGoogleVerifier({
      certsUrl: env.certsUrl,
      serviceAccount: env.serviceAccount,
      clientIds: env.clientIds,
    }),
    logger,
  });
  const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info: AddressInfo) => {
    logger.info(
      {
        listening: `http://${info.address}:${info.port}`,
        publicUrl: env.publicUrl,
        homepage: `${env.publicUrl}${PATHS.home}`,
      },
      'Perfloop Sheets add-on listening',
    );
  }) as unknown as Server;
  const stop = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close(() => process.exit(0));
    setTimeout(() => {
      server.closeAllConnections();
      process.exit(0);
    }, 10_000).unref();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main();
