// The alerts' Graph client against the Graph fake: token cached until near expiry, 401 renews once, Retry-After (seconds or date) honoured and bounded.
import { type FakeGraph, startFakeGraph } from '@perfloop/fakes';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { teamsAlertsConfig } from '../env.ts';
import { createGraphClient, GraphTokenError, retryAfterMs } from './graphClient.ts';

const TENANT = 'aaaaaaaa-0000-4000-8000-000000000002';
const APP = {
  clientId: '0f6c2a8e-3b1d-4e5f-9a7b-1c2d3e4f5a6b',
  clientSecret: 'client-secret',
  teamsAppId: '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70',
  activityTypes: { ping: '{actor} pinged you about {what}' },
};
const USER = '11111111-1111-4111-8111-111111111111';
const BODY = {
  topic: { source: 'text', value: 'Ping', webUrl: 'https://teams.microsoft.com/l/entity/x/me' },
  activityType: 'ping',
  templateParameters: [{ name: 'what', value: 'a test' }],
};

let clock = Date.parse('2026-12-07T09:00:00Z');
let fake: FakeGraph;
let sleeps: number[];
const config = () =>
  teamsAlertsConfig({
    graphUrl: fake.graphUrl,
    tokenUrl: fake.tokenUrl,
    tenantId: TENANT,
    clientId: APP.clientId,
    clientSecret: APP.clientSecret,
    teamsAppId: APP.teamsAppId,
    tabUrl: 'https://perfloop.example.com/teams',
    intervalMs: 60_000,
    startDelayMs: 60_000,
  });
const client = (options: { maxAttempts?: number; maxRetryAfterMs?: number } = {}) =>
  createGraphClient(config(), {
    now: () => clock,
    sleep: async (ms) => {
      sleeps.push(ms);
      clock += ms;
    },
    ...options,
  });
const sends = () => fake.calls.filter((c) => c.route === 'sendActivityNotification').map((c) => c.status);
const tokens = () => fake.calls.filter((c) => c.route === 'token').length;

beforeAll(async () => {
  fake = await startFakeGraph({ tenantId: TENANT, now: () => clock, tokenLifetimeSeconds: 600 });
  fake.registerApp(APP);
  fake.addUser(USER, [APP.teamsAppId]);
});
afterAll(() => fake.close());
beforeEach(() => {
  fake.reset();
  sleeps = [];
});

describe('retryAfterMs', () => {
  it('reads delta-seconds and HTTP dates, null otherwise', () => {
    const now = Date.parse('2026-12-07T09:00:00Z');
    expect(retryAfterMs('7', now)).toBe(7000);
    expect(retryAfterMs('Mon, 07 Dec 2026 09:00:30 GMT', now)).toBe(30_000);
    expect(retryAfterMs(null, now)).toBeNull();
    expect(retryAfterMs('soon', now)).toBeNull();
  });
});

describe('Graph client', () => {
  it('reuses its token until a minute before expiry', async () => {
    const c = client();
    expect(await c.sendActivityNotification(USER, BODY)).toEqual({ ok: true, attempts: 1 });
    clock += 500_000;
    expect((await c.sendActivityNotification(USER, BODY)).ok).toBe(true);
    expect(tokens()).toBe(1);
    clock += 60_000; // 40 s left: renewed
    expect((await c.sendActivityNotification(USER, BODY)).ok).toBe(true);
    expect(tokens()).toBe(2);
  });

  it('waits Retry-After on 429 and 503, and gives up after its attempts with a retryable outcome', async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 3 });
    fake.failNext({ status: 503 });
    expect(await client().sendActivityNotification(USER, BODY)).toEqual({ ok: true, attempts: 3 });
    expect(sleeps).toEqual([3000, 2000]); // no Retry-After: exponential back-off
    sleeps = [];
    fake.failNext({ status: 503, retryAfterSeconds: 1 }, 5);
    const out = await client({ maxAttempts: 3 }).sendActivityNotification(USER, BODY);
    expect(out).toMatchObject({
      ok: false,
      attempts: 3,
      status: 503,
      code: 'ServiceNotAvailable',
      retryable: true,
    });
    expect(sleeps).toEqual([1000, 1000]);
  });

  it('over the per-app rate, waits the window out as Graph’s Retry-After says', async () => {
    const limited = await startFakeGraph({
      tenantId: TENANT,
      now: () => clock,
      rateLimit: { limit: 2, windowMs: 10_000 },
    });
    try {
      limited.registerApp(APP);
      limited.addUser(USER, [APP.teamsAppId]);
      const c = createGraphClient(
        teamsAlertsConfig({ ...config(), graphUrl: limited.graphUrl, tokenUrl: limited.tokenUrl }),
        {
          now: () => clock,
          sleep: async (ms) => {
            sleeps.push(ms);
            clock += ms;
          },
        },
      );
      for (const expected of [1, 1, 2]) {
        expect(await c.sendActivityNotification(USER, BODY)).toEqual({ ok: true, attempts: expected });
      }
      expect(sleeps).toEqual([10_000]);
      expect(limited.notifications).toHaveLength(3);
    } finally {
      await limited.close();
    }
  });

  it('does not wait longer than its bound: a long Retry-After ends the attempt for this run', async () => {
    fake.failNext({ status: 429, retryAfterSeconds: 3600 });
    const out = await client({ maxRetryAfterMs: 60_000 }).sendActivityNotification(USER, BODY);
    expect(out).toMatchObject({ ok: false, status: 429, retryable: true, attempts: 1 });
    expect(sleeps).toEqual([]);
  });

  it('a request that hangs is abandoned after its time limit: a retryable network outcome, so a send has a bound', async () => {
    let started = 0;
    const hanging: typeof fetch = async (input, init) => {
      // The token comes from the local fake without the 50 ms limit: on a loaded machine its answer can take longer,
      // and this case is about the Graph request that hangs, not the token.
      if (String(input) === fake.tokenUrl) return fetch(input, { ...init, signal: null });
      started += 1;
      // Never answers: only the request's time limit ends it.
      return new Promise<Response>((_resolve, reject) => {
        init?.signal?.addEventListener('abort', () => reject(init.signal?.reason));
      });
    };
    const c = createGraphClient(config(), {
      fetch: hanging,
      now: () => clock,
      sleep: async (ms) => void sleeps.push(ms),
      maxAttempts: 2,
      requestTimeoutMs: 50,
    });
    const out = await c.sendActivityNotification(USER, BODY);
    expect(out).toMatchObject({ ok: false, status: 0, code: 'network', retryable: true, attempts: 2 });
    expect(started).toBe(2);
    expect(sleeps).toEqual([1000]);
  });

  it('a 4xx is final and not retried (404 unknown user, 400 bad body)', async () => {
    const missing = await client().sendActivityNotification('99999999-9999-4999-8999-999999999999', BODY);
    expect(missing).toMatchObject({
      ok: false,
      status: 404,
      code: 'NotFound',
      retryable: false,
      attempts: 1,
    });
    const bad = await client().sendActivityNotification(USER, { ...BODY, activityType: 'nope' });
    expect(bad).toMatchObject({ ok: false, status: 400, code: 'BadRequest', retryable: false });
    expect(sends()).toEqual([404, 400]);
  });

  it('a 401 renews the token once; a refused secret throws GraphTokenError without the secret', async () => {
    // The client's clock stands still, so it believes its token fresh; Graph's has moved past the token's expiry.
    const frozen = clock;
    const c = createGraphClient(config(), { now: () => frozen });
    expect((await c.sendActivityNotification(USER, BODY)).ok).toBe(true);
    clock += 700_000;
    expect(await c.sendActivityNotification(USER, BODY)).toEqual({ ok: true, attempts: 2 });
    expect(sends()).toEqual([204, 401, 204]);
    expect(tokens()).toBe(2);

    const wrong = createGraphClient(teamsAlertsConfig({ ...config(), clientSecret: 'not-the-secret' }), {
      now: () => clock,
    });
    const error = await wrong.sendActivityNotification(USER, BODY).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphTokenError);
    expect((error as GraphTokenError).code).toBe('invalid_client');
    expect((error as Error).message).not.toContain('not-the-secret');
  });
});
