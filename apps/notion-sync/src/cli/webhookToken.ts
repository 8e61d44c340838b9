// `pnpm --filter @perfloop/notion-sync webhook-token [--forget]`: prints the verification token Notion sent at the subscription handshake, or forgets it.
import { loadEnv } from '../env.ts';
import { createLogger } from '../log.ts';
import { PerfloopApi } from '../perfloop/api.ts';
import type { WebhookState } from '../sync/state.ts';

const env = loadEnv();
const api = new PerfloopApi(env.perfloop.apiUrl, env.perfloop.apiKey, createLogger('warn'));
const entry = await api.getState('webhook');
const value = entry?.value as WebhookState | undefined;
if (!entry || !value) {
  console.error(
    'No verification token yet: create the webhook subscription in Notion pointing at this worker first.',
  );
  process.exit(1);
}
if (process.argv.includes('--forget')) {
  // The first handshake's token sticks; forgetting it lets the next handshake (a new subscription) store its own.
  await api.writeState([{ key: 'webhook', ifVersion: entry.version, delete: true }]);
  console.error(
    `Forgot the token received ${value.receivedAt}: the next handshake stores a new one (resend it from Notion).`,
  );
  process.exit(0);
}
console.log(value.verificationToken);
console.error(`(received ${value.receivedAt}; paste it into the subscription's "Verify" dialog in Notion)`);
