// `webhook-token [--forget]` run for real (a child process against the API over HTTP): it prints, then forgets, the kept handshake token, after which a new handshake is accepted.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { signWebhookPayload } from '@notionhq/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { PerfloopApi } from '../perfloop/api.ts';
import type { WebhookState } from '../sync/state.ts';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createWebhookApp } from '../webhook/server.ts';

const packageDir = fileURLToPath(new URL('../..', import.meta.url));

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

let x: Harness;
beforeAll(async () => {
  x = await createHarness({ goalsPerPerson: 1 });
});
afterAll(async () => {
  await x?.close();
});

/** `pnpm webhook-token …` as the package script runs it, with the worker's environment. */
const cli = (...args: string[]) =>
  new Promise<Run>((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/webhookToken.ts', ...args],
      { cwd: packageDir, env: { PATH: process.env.PATH, ...x.env() }, timeout: 60_000 },
      (error, stdout, stderr) => {
        const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });

describe('webhook-token', () => {
  const api = () => new PerfloopApi(x.apiUrl, x.apiKey, createLogger('silent'));
  const webhook = () =>
    createWebhookApp({
      api: api(),
      log: createLogger('silent'),
      configuredToken: undefined,
      workspace: () => ({ botId: 'bot-1', dataSourceId: 'ds-1' }),
      wake: () => {},
    });
  const post = (hook: ReturnType<typeof webhook>, body: string, headers: Record<string, string> = {}) =>
    hook.request('/webhooks/notion', {
      method: 'POST',
      body,
      headers: { 'content-type': 'application/json', ...headers },
    });
  const handshake = (hook: ReturnType<typeof webhook>, token: string) =>
    post(hook, JSON.stringify({ verification_token: token }));
  const kept = async () => (await api().getState('webhook'))?.value as WebhookState | undefined;

  it('prints the kept token; --forget drops it from the API state, so the next handshake is accepted', async () => {
    const hook = webhook();
    // Nothing kept yet: both forms say so and fail.
    const none = await cli('--forget');
    expect(none).toMatchObject({ code: 1, stdout: '' });
    expect(none.stderr).toContain('No verification token yet');

    expect((await handshake(hook, 'secret_first')).status).toBe(200);
    const shown = await cli();
    expect(shown.code).toBe(0);
    expect(shown.stdout.trim()).toBe('secret_first');

    // Another subscription's handshake is refused while the first token is kept.
    expect((await handshake(hook, 'secret_second')).status).toBe(409);
    expect((await kept())?.verificationToken).toBe('secret_first');

    const forgot = await cli('--forget');
    expect(forgot.code).toBe(0);
    expect(forgot.stdout).toBe('');
    expect(forgot.stderr).toContain('Forgot the token received');
    expect(forgot.stderr).not.toContain('secret_first');
    // Deleted in the API (a tombstone: the entry reads as absent), for every worker instance.
    expect(await api().getState('webhook')).toBeNull();

    // The new subscription's handshake is accepted now, by this instance and kept for all of them…
    expect((await handshake(hook, 'secret_second')).status).toBe(200);
    expect((await kept())?.verificationToken).toBe('secret_second');
    expect((await cli()).stdout.trim()).toBe('secret_second');
    // …and events are verified with the new token, no longer the forgotten one.
    const event = JSON.stringify({ type: 'page.properties_updated', authors: [{ id: 'person-1' }] });
    const signed = (token: string) => signWebhookPayload({ body: event, verificationToken: token });
    expect((await post(hook, event, { 'x-notion-signature': await signed('secret_first') })).status).toBe(
      401,
    );
    expect((await post(hook, event, { 'x-notion-signature': await signed('secret_second') })).status).toBe(
      200,
    );
    // Still first-wins afterwards.
    expect((await handshake(webhook(), 'secret_third')).status).toBe(409);
  }, 120_000);
});
