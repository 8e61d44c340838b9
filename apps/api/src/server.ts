// Node entry: seeds the demo on a first start, serves the app with @hono/node-server, prints a banner, shuts down gracefully.
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { serve } from '@hono/node-server';
import type { Logger } from 'pino';
import { createAlertDispatcher } from './alerts/dispatcher.ts';
import { type AppDeps, createApp } from './app.ts';
import { bannerText, demoPeopleByRole, demoPeopleList } from './demo/banner.ts';
import { seedOnFirstStart } from './demo/firstStart.ts';
import { createDeps, type Deps } from './deps.ts';
import { type Env, EnvError, loadEnv } from './env.ts';
import { createKit } from './kit/index.ts';
import { createLogger } from './logger.ts';
import { HOUR_MS, startMaintenance } from './maintenance.ts';
import { createRoutes } from './routes/index.ts';

export const SHUTDOWN_TIMEOUT_MS = 10_000;

/** What the server needs from the outside world (main() builds it with createDeps). */
export interface ServerDeps extends Omit<AppDeps, 'env' | 'logger' | 'ready'> {
  /** True when the database is reachable. */
  ready: () => Promise<boolean>;
  /** Closes the store (pool / SQLite handle) once in-flight requests are done. */
  close: () => Promise<void>;
}

export interface RunningServer {
  /** Resolves once listening, with the bound address (port 0 picks a free one). */
  listening: Promise<AddressInfo>;
  /** Stops accepting, waits for in-flight requests (up to the timeout), then closes the store. */
  shutdown: (signal?: string) => Promise<void>;
}

export function startServer(
  env: Env,
  deps: ServerDeps,
  logger: Logger = createLogger(env.logLevel),
): RunningServer {
  let draining = false;
  const app = createApp({
    ...deps,
    env,
    logger,
    // Readiness turns false as soon as shutdown starts so load balancers stop routing to us.
    ready: async () => !draining && (await deps.ready()),
  });
  let onListening: (info: AddressInfo) => void = () => undefined;
  const listening = new Promise<AddressInfo>((resolve) => {
    onListening = resolve;
  });
  const server = serve({ fetch: app.fetch, port: env.port, hostname: env.host }, (info) => {
    onListening(info);
    const base = `http://${info.family === 'IPv6' ? `[${info.address}]` : info.address}:${info.port}`;
    logger.info(
      {
        api: `${base}/v1`,
        docs: `${base}/docs`,
        openapi: `${base}/openapi.json`,
        publicUrl: env.publicUrl,
        demo: env.demo,
      },
      `Perfloop API listening on ${base} (docs ${base}/docs)`,
    );
  });

  const onSignal = (signal: NodeJS.Signals) => {
    shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  let stopping: Promise<void> | undefined;
  const shutdown = (signal = 'shutdown'): Promise<void> => {
    stopping ??= (async () => {
      draining = true;
      process.off('SIGTERM', onSignal);
      process.off('SIGINT', onSignal);
      logger.info({ signal }, 'shutting down: no new connections, finishing in-flight requests');
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // close() only drops connections idle right now; keep-alive ones freed by finishing requests
      // would otherwise linger until their timeout.
      const reaper = setInterval(() => {
        if ('closeIdleConnections' in server) server.closeIdleConnections();
      }, 100);
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => {
        timer = setTimeout(() => resolve('timeout'), SHUTDOWN_TIMEOUT_MS);
      });
      if ((await Promise.race([closed, timedOut])) === 'timeout') {
        logger.warn(
          { timeoutMs: SHUTDOWN_TIMEOUT_MS },
          'in-flight requests did not finish; closing connections',
        );
        if ('closeAllConnections' in server) server.closeAllConnections();
      }
      clearTimeout(timer);
      clearInterval(reaper);
      await deps.close();
      logger.info('stopped');
    })();
    return stopping;
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
  return { listening, shutdown };
}

async function main(): Promise<void> {
  let env: Env;
  try {
    env = loadEnv();
  } catch (error) {
    process.stderr.write(`${error instanceof EnvError ? error.message : String(error)}\n`);
    process.exit(1);
  }
  const logger = createLogger(env.logLevel);
  let deps: Deps;
  try {
    deps = await createDeps(env);
  } catch (error) {
    logger.fatal({ err: error }, 'could not open the store');
    process.exit(1);
  }
  const { store, directory, ready, close } = deps;
  let seedNote: string | null = null;
  try {
    // Deps with the seed clock the store runs on (the seed records its check-ins on the days they were held).
    const outcome = await seedOnFirstStart(env, deps);
    if (outcome.seeded) {
      seedNote = `demo organisation Acme seeded on this first start (${outcome.ms} ms)`;
      logger.info({ ms: outcome.ms }, 'seeded the demo organisation (first start, empty database)');
    } else if (outcome.reason === 'not_empty') {
      seedNote = 'existing data kept (the demo seed runs only on an empty database)';
    }
  } catch (error) {
    logger.fatal(
      { err: error },
      'the demo seed failed; the database may be partly seeded: remove it (DATA_DIR, or the PostgreSQL schema) and start again, or set PERFLOOP_SEED=false',
    );
    await close();
    process.exit(1);
  }
  const maintenance = startMaintenance(store, logger, {
    idempotencyRetentionMs: env.idempotencyRetentionHours * HOUR_MS,
  });
  // Overdue alerts in the Teams activity feed, only when configured (TEAMS_ALERTS_*); the secret is never logged.
  const alerts = env.teamsAlerts ? createAlertDispatcher(store, logger, env.teamsAlerts) : null;
  if (env.teamsAlerts) {
    logger.info(
      {
        graphUrl: env.teamsAlerts.graphUrl,
        tenantId: env.teamsAlerts.tenantId,
        intervalMinutes: env.teamsAlerts.intervalMs / 60_000,
        firstRunAfterSeconds: env.teamsAlerts.startDelayMs / 1000,
      },
      'Teams overdue alerts on',
    );
  }
  const running = startServer(
    env,
    {
      directory,
      ready,
      // The maintenance and alert timers stop (and their runs finish) before the store closes.
      close: async () => {
        await maintenance.stop();
        await alerts?.stop();
        await close();
      },
      routes: createRoutes(createKit(store), { teamsAlerts: env.teamsAlerts }),
      ...(env.demo ? { demoPeople: () => demoPeopleList(store) } : {}),
    },
    logger,
  );
  const address = await running.listening;
  const people = env.demo ? await demoPeopleByRole(store) : null;
  process.stdout.write(`${bannerText({ env, address, people, seedNote })}\n`);
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(entry).href) void main();
