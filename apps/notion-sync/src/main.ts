// `pnpm --filter @perfloop/notion-sync start`: the worker process (loop + optional webhook endpoint), stopped cleanly by SIGTERM/SIGINT.
import { createNotionSync, EnvError, loadEnv } from './index.ts';
import { createLogger } from './log.ts';

let env: ReturnType<typeof loadEnv>;
try {
  env = loadEnv();
} catch (error) {
  if (error instanceof EnvError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
const log = createLogger(env.logLevel);
const sync = createNotionSync(env, log);

if (env.sync.once) {
  const report = await sync.worker.runOnce().catch(() => null);
  await sync.close();
  process.exit(report === null && sync.worker.lastError !== null ? 1 : 0);
}

const address = await sync.listenWebhooks();
if (address)
  log.info(
    { webhook: `http://${address.address}:${address.port}/webhooks/notion` },
    'webhook endpoint listening',
  );
sync.worker.start();
log.info(
  {
    workerId: env.sync.workerId,
    notion: env.notion.baseUrl,
    perfloop: env.perfloop.apiUrl,
    intervalMs: env.sync.intervalMs,
  },
  'Notion sync worker started',
);

let stopping = false;
const stop = (signal: string) => {
  if (stopping) return;
  stopping = true;
  log.info({ signal }, 'stopping after the current round');
  sync.close().then(
    () => process.exit(0),
    (error: unknown) => {
      log.error({ err: error }, 'stop failed');
      process.exit(1);
    },
  );
};
process.on('SIGTERM', () => stop('SIGTERM'));
process.on('SIGINT', () => stop('SIGINT'));
