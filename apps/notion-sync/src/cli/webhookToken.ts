// `pnpm --filter @perfloop/notion-sync webhook-token`: prints the verification token Notion sent at the subscription handshake.
import { loadEnv } from '../env.ts';
import { createLogger } from '../log.ts';
import { PerfloopApi } from '../perfloop/api.ts';
import type { WebhookState } from '../sync/state.ts';

const env = loadEnv();
const api = new PerfloopApi(env.perfloop.apiUrl, env.perfloop.apiKey, createLogger('warn'));
const entry = await api.getState('webhook');
const value = entry?.value as WebhookState | undefined;
if (!value) {
  console.error(
    'No verification token yet: create the webhook subscription in Notion pointing at this worker first.',
  );
  process.exit(1);
}
console.log(value.verificationToken);
console.error(`(received ${value.receivedAt}; paste it into the subscription's "Verify" dialog in Notion)`);
