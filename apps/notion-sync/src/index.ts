// @perfloop/notion-sync: build the worker from its configuration (used by the start command, tests and the benchmark).
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Env } from './env.ts';
import { createLogger, type Logger } from './log.ts';
import { NotionGateway } from './notion/gateway.ts';
import { NotionOps } from './notion/ops.ts';
import { PerfloopApi } from './perfloop/api.ts';
import { SyncEngine } from './sync/engine.ts';
import { createWebhookApp } from './webhook/server.ts';
import { Worker } from './worker.ts';

export { type Env, EnvError, loadEnv } from './env.ts';
export type { RoundReport } from './sync/context.ts';
export { SyncEngine } from './sync/engine.ts';
export { Worker } from './worker.ts';

export interface NotionSync {
  worker: Worker;
  engine: SyncEngine;
  gateway: NotionGateway;
  api: PerfloopApi;
  log: Logger;
  /** Starts the webhook endpoint when configured; resolves with its address. */
  listenWebhooks(): Promise<AddressInfo | null>;
  /** Stops the loop, releases the lease, closes the webhook endpoint. */
  close(): Promise<void>;
}

export function createNotionSync(env: Env, logger: Logger = createLogger(env.logLevel)): NotionSync {
  const gateway = new NotionGateway({ ...env.notion, logger });
  const api = new PerfloopApi(env.perfloop.apiUrl, env.perfloop.apiKey, logger);
  const engine = new SyncEngine({
    notion: new NotionOps(gateway),
    api,
    options: {
      target: env.notion.target,
      databaseTitle: env.notion.databaseTitle,
      overlapMs: env.sync.overlapMs,
      cycles: env.sync.cycles,
      webhooks: env.webhook !== null,
    },
    log: logger,
    workerId: env.sync.workerId,
    leaseSeconds: env.sync.leaseSeconds,
  });
  const worker = new Worker(engine, env.sync.intervalMs, logger);
  let server: ReturnType<typeof serve> | undefined;
  return {
    worker,
    engine,
    gateway,
    api,
    log: logger,
    async listenWebhooks() {
      const hook = env.webhook;
      if (hook === null) return null;
      const app = createWebhookApp({
        api,
        log: logger,
        configuredToken: hook.verificationToken,
        workspace: () => {
          const ws = engine.notionWorkspace;
          return ws ? { botId: ws.botId, dataSourceId: ws.dataSourceId } : null;
        },
        wake: () => worker.wake(),
      });
      return new Promise<AddressInfo>((resolve) => {
        server = serve({ fetch: app.fetch, port: hook.port, hostname: hook.host }, resolve);
      });
    },
    async close() {
      await worker.stop();
      const s = server;
      server = undefined;
      if (s) await new Promise<void>((resolve) => s.close(() => resolve()));
    },
  };
}
