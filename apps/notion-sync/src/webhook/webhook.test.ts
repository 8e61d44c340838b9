// Webhooks: Notion's handshake stored for every worker, signatures checked on the raw body, each page event recorded by kind, a pull scheduled on others' edits only.
import { signWebhookPayload } from '@notionhq/client';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import { PerfloopApi } from '../perfloop/api.ts';
import { createHarness, type Harness } from '../testing/harness.ts';
import { createWebhookApp, validSignature } from './server.ts';

/** Signatures as Notion's own SDK makes them (`sha256=<hex>`). */
const signBody = (body: string, verificationToken: string) => signWebhookPayload({ body, verificationToken });

let x: Harness;
beforeAll(async () => {
  x = await createHarness({ goalsPerPerson: 1 });
});
afterAll(async () => {
  await x.close();
});

const until = async (what: string, check: () => Promise<boolean> | boolean) => {
  for (let i = 0; i < 300; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
};

describe('webhook endpoint with a running worker', () => {
  it('stores the handshake token, verifies events and pulls a manager’s edit without waiting for the interval', async () => {
    const sync = x.worker({ WEBHOOK_PORT: '0', SYNC_INTERVAL_SECONDS: '3600' });
    const address = await sync.listenWebhooks();
    sync.worker.start();
    await until('the first round', () => sync.worker.rounds >= 1);
    const token = await x.fake.webhooks.subscribe(`http://127.0.0.1:${address?.port}/webhooks/notion`);
    const stored = await x.h.call<{ value: { verificationToken: string } }>(
      'GET',
      '/v1/integrations/notion/state/webhook',
      {
        key: x.apiKey,
      },
    );
    expect(stored.body.value.verificationToken).toBe(token);
    const goalId = x.goals.mo[0] as string;
    await x.editAs('pia', goalId, { Actual: { number: 3 } });
    await until(
      'the edit to reach Perfloop',
      async () => ((await x.goal(goalId)) as { actual: number | null }).actual === 3,
    );
    expect(x.fake.webhooks.failures).toEqual([]);
    await sync.close();
  });
});

describe('webhook app', () => {
  const api = () => new PerfloopApi(x.apiUrl, x.apiKey, createLogger('silent'));
  const app = (configuredToken?: string) => {
    const wakes: number[] = [];
    const hook = createWebhookApp({
      api: api(),
      log: createLogger('silent'),
      configuredToken,
      workspace: () => ({ botId: 'bot-1', dataSourceId: 'ds-1' }),
      wake: () => wakes.push(1),
    });
    return { hook, wakes };
  };
  const event = (authorId: string, dataSourceId = 'ds-1') =>
    JSON.stringify({
      type: 'page.properties_updated',
      authors: [{ id: authorId, type: 'person' }],
      entity: { id: 'p', type: 'page' },
      data: { parent: { data_source_id: dataSourceId } },
    });
  const post = (hook: ReturnType<typeof app>['hook'], body: string, signature?: string) =>
    hook.request('/webhooks/notion', {
      method: 'POST',
      body,
      headers: {
        'content-type': 'application/json',
        ...(signature ? { 'x-notion-signature': signature } : {}),
      },
    });

  it('checks the HMAC-SHA256 signature of the raw body in constant time', async () => {
    const body = event('u');
    expect(validSignature(body, await signBody(body, 'secret'), 'secret')).toBe(true);
    expect(validSignature(body, await signBody(body, 'other'), 'secret')).toBe(false);
    expect(validSignature(`${body} `, await signBody(body, 'secret'), 'secret')).toBe(false);
    expect(validSignature(body, undefined, 'secret')).toBe(false);
  });

  it('refuses unsigned or wrongly signed events and wakes the worker only for others’ edits of its data source', async () => {
    const { hook, wakes } = app('configured-secret');
    const body = event('person-1');
    expect((await post(hook, body)).status).toBe(401);
    expect((await post(hook, body, await signBody(body, 'wrong'))).status).toBe(401);
    expect((await post(hook, body, await signBody(body, 'configured-secret'))).status).toBe(200);
    expect(wakes).toHaveLength(1);
    const own = event('bot-1');
    expect((await post(hook, own, await signBody(own, 'configured-secret'))).status).toBe(200);
    const elsewhere = event('person-1', 'ds-2');
    expect((await post(hook, elsewhere, await signBody(elsewhere, 'configured-secret'))).status).toBe(200);
    expect(wakes).toHaveLength(1);
    expect((await post(hook, '{not json')).status).toBe(400);
  });

  it('records per page which kind of change each event announced before answering, own writes left out', async () => {
    const { hook } = app('configured-secret');
    const pageId = '1f2e3d4c-5b6a-4789-8abc-def012345678';
    const send = async (type: string, authors: { id: string; type: string }[], timestamp: string) => {
      const body = JSON.stringify({
        id: crypto.randomUUID(),
        timestamp,
        type,
        authors,
        attempt_number: 1,
        entity: { id: pageId.replace(/-/g, '').toUpperCase(), type: 'page' },
        data: { parent: { id: 'db-1', type: 'database', data_source_id: 'ds-1' } },
      });
      return (await post(hook, body, await signBody(body, 'configured-secret'))).status;
    };
    const recorded = async () => (await api().getState(`events:${pageId}`))?.value;
    const person = { id: 'person-1', type: 'person' };
    const bot = { id: 'bot-1', type: 'bot' };
    expect(await send('page.properties_updated', [person], '2026-09-01T10:00:30.000Z')).toBe(200);
    expect(await recorded()).toEqual({ content: 0, propertiesAt: '2026-09-01T10:00:30.000Z' });
    // The worker's own block writes announce nothing to read; an aggregated event with a person among its authors does.
    expect(await send('page.content_updated', [bot], '2026-09-01T10:00:40.000Z')).toBe(200);
    expect((await recorded())?.content).toBe(0);
    expect(await send('page.content_updated', [person, bot], '2026-09-01T10:00:20.000Z')).toBe(200);
    expect(await send('page.created', [person], '2026-09-01T09:59:00.000Z')).toBe(200);
    expect(await recorded()).toEqual({
      content: 2,
      contentAt: '2026-09-01T10:00:20.000Z',
      propertiesAt: '2026-09-01T10:00:30.000Z',
    });
    // Two deliveries at once (Notion sends in parallel): both counted (compare-and-set, retried).
    await Promise.all([
      send('page.content_updated', [person], '2026-09-01T10:01:00.000Z'),
      send('page.content_updated', [person], '2026-09-01T10:01:01.000Z'),
    ]);
    expect((await recorded())?.content).toBe(4);
  });

  it('answers 500 when an event cannot be recorded, so Notion sends it again', async () => {
    const hook = createWebhookApp({
      api: new PerfloopApi(x.apiUrl, 'pl_nope_notakeyatall', createLogger('silent')),
      log: createLogger('silent'),
      configuredToken: 'configured-secret',
      workspace: () => ({ botId: 'bot-1', dataSourceId: 'ds-1' }),
      wake: () => {},
    });
    const body = event('person-1');
    const res = await post(hook, body, await signBody(body, 'configured-secret'));
    expect(res.status).toBe(500);
    expect(((await res.json()) as { code: string }).code).toBe('internal_error');
  });

  it('keeps the first handshake’s token: a later unsigned one with another token is refused (409) and logged without it', async () => {
    // The worker test above stored the fake's subscription token already: start from none, as on a fresh install.
    const existing = await api().getState('webhook');
    if (existing) await api().writeState([{ key: 'webhook', ifVersion: existing.version, delete: true }]);
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const hook = createWebhookApp({
      api: api(),
      log,
      configuredToken: undefined,
      workspace: () => ({ botId: 'bot-1', dataSourceId: 'ds-1' }),
      wake: () => {},
    });
    const handshake = (token: string) => post(hook, JSON.stringify({ verification_token: token }));
    expect((await handshake('secret_first')).status).toBe(200);
    // Notion resending the same token: fine, nothing changes.
    expect((await handshake('secret_first')).status).toBe(200);
    const refused = await handshake('secret_attacker');
    expect(refused.status).toBe(409);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
    const problem = await refused.text();
    expect(JSON.parse(problem)).toEqual({
      type: 'https://perfloop.dev/problems/verification_token_kept',
      title: 'Conflict',
      status: 409,
      detail: expect.stringContaining('webhook-token --forget'),
      code: 'verification_token_kept',
      instance: '/webhooks/notion',
    });
    expect(problem).not.toContain('secret_attacker');
    expect(problem).not.toContain('secret_first');
    expect((await api().getState('webhook'))?.value).toMatchObject({ verificationToken: 'secret_first' });
    expect(lines.some((l) => l.includes('refused'))).toBe(true);
    expect(lines.join('\n')).not.toContain('secret_attacker');
    expect(lines.join('\n')).not.toContain('secret_first');
    // Events are still checked with the first token only.
    const body = event('person-1');
    expect((await post(hook, body, await signBody(body, 'secret_attacker'))).status).toBe(401);
    expect((await post(hook, body, await signBody(body, 'secret_first'))).status).toBe(200);
    // Another instance (the token is kept in the API, for all of them) refuses it too.
    const other = createWebhookApp({
      api: api(),
      log,
      configuredToken: undefined,
      workspace: () => null,
      wake: () => {},
    });
    const late = await post(other, JSON.stringify({ verification_token: 'secret_other' }));
    expect(late.status).toBe(409);
    expect(((await late.json()) as { code: string }).code).toBe('verification_token_kept');
  });

  it('answers every error as problem+json with a stable code, never echoing the body', async () => {
    const { hook } = app('configured-secret');
    const body = JSON.stringify({ ...JSON.parse(event('person-1')), verification_token: 'secret_in_body' });
    const cases = [
      [await post(hook, '{not json'), 400, 'invalid_json'],
      [await post(hook, body), 401, 'invalid_signature'],
      [await post(hook, body, await signBody(body, 'wrong')), 401, 'invalid_signature'],
      [await hook.request('/webhooks/other', { method: 'POST', body }), 404, 'not_found'],
    ] as const;
    for (const [res, status, code] of cases) {
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toBe('application/problem+json');
      const text = await res.text();
      expect(JSON.parse(text)).toMatchObject({
        type: `https://perfloop.dev/problems/${code}`,
        status,
        code,
        detail: expect.any(String),
        instance: expect.stringMatching(/^\/webhooks\//),
      });
      expect(text).not.toContain('secret_in_body');
      expect(text).not.toContain('configured-secret');
    }
  });

  it('answers 500 problem+json when the API cannot be read, logging no token', async () => {
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const hook = createWebhookApp({
      // A revoked or mistyped API key: reading the stored token fails (401 from the API).
      api: new PerfloopApi(x.apiUrl, 'pl_nope_notakeyatall', createLogger('silent')),
      log,
      configuredToken: undefined,
      workspace: () => null,
      wake: () => {},
    });
    const body = event('person-1');
    const res = await post(hook, body, await signBody(body, 'secret_signing'));
    expect(res.status).toBe(500);
    expect(((await res.json()) as { code: string }).code).toBe('internal_error');
    expect(lines.some((l) => l.includes('the webhook endpoint failed'))).toBe(true);
    expect(lines.join('\n')).not.toContain('secret_signing');
    expect(lines.join('\n')).not.toContain('notakeyatall');
  });

  it('ignores a handshake when the operator configured the token (nothing stored)', async () => {
    const { hook } = app('configured-secret');
    const before = await api().getState('webhook');
    expect((await post(hook, JSON.stringify({ verification_token: 'secret_attacker' }))).status).toBe(200);
    expect((await api().getState('webhook'))?.value).toEqual(before?.value);
  });
});
