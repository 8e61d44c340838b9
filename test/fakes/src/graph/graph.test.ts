// The Graph fake: client-credentials tokens, sendActivityNotification's body rules, errors in Graph's shape, 401/404/429.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type FakeGraph, GRAPH_SCOPE, startFakeGraph } from './server.ts';

const APP = {
  clientId: '0f6c2a8e-3b1d-4e5f-9a7b-1c2d3e4f5a6b',
  clientSecret: 'secret-value',
  teamsAppId: '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70',
  name: 'Perfloop',
  activityTypes: { checkInOverdue: '{actor}: check-in with {person} overdue by {days} days' },
};
const USER = '11111111-1111-4111-8111-111111111111';
let clock = Date.parse('2026-12-07T09:00:00Z');
let fake: FakeGraph;

beforeAll(async () => {
  fake = await startFakeGraph({
    now: () => clock,
    tokenLifetimeSeconds: 600,
    rateLimit: { limit: 3, windowMs: 60_000 },
  });
  fake.registerApp(APP);
  fake.addUser(USER, [APP.teamsAppId]);
});
afterAll(() => fake.close());
beforeEach(() => {
  clock += 120_000; // a fresh rate window for each test
  fake.reset();
});

async function token(form: Record<string, string> = {}): Promise<Response> {
  return fetch(fake.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: APP.clientId,
      client_secret: APP.clientSecret,
      scope: GRAPH_SCOPE,
      ...form,
    }),
  });
}

async function bearer(): Promise<string> {
  const body = (await (await token()).json()) as { access_token: string };
  return body.access_token;
}

const goodBody = {
  topic: { source: 'text', value: 'Check-in overdue', webUrl: 'https://teams.microsoft.com/l/entity/x/team' },
  activityType: 'checkInOverdue',
  previewText: { content: 'Ava Chen: last check-in 20 days ago' },
  templateParameters: [
    { name: 'person', value: 'Ava Chen' },
    { name: 'days', value: '3' },
  ],
};

async function send(userId: string, body: unknown, auth?: string): Promise<Response> {
  return fetch(`${fake.graphUrl}/users/${userId}/teamwork/sendActivityNotification`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${auth ?? (await bearer())}` },
    body: JSON.stringify(body),
  });
}

describe('Entra token endpoint (client credentials)', () => {
  it('issues a JWT bearer with an expiry for the right client id and secret', async () => {
    const res = await token();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token_type: string; expires_in: number; access_token: string };
    expect(body.token_type).toBe('Bearer');
    expect(body.expires_in).toBe(600);
    const claims = JSON.parse(
      Buffer.from(body.access_token.split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({ tid: fake.tenantId, appid: APP.clientId, roles: ['TeamsActivity.Send'] });
    expect(claims.exp).toBe(Math.floor(clock / 1000) + 600);
  });

  it('refuses a wrong secret, an unknown client, a wrong scope or grant, and another tenant', async () => {
    const bad = await token({ client_secret: 'nope' });
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });
    expect((await token({ client_id: USER })).status).toBe(400);
    expect(await (await token({ scope: 'https://graph.microsoft.com/User.Read' })).json()).toMatchObject({
      error: 'invalid_scope',
    });
    expect(await (await token({ grant_type: 'password' })).json()).toMatchObject({
      error: 'unsupported_grant_type',
    });
    const other = await fetch(fake.tokenUrl.replace(fake.tenantId, '22222222-2222-4222-8222-222222222222'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'grant_type=client_credentials',
    });
    expect(other.status).toBe(400);
  });
});

describe('sendActivityNotification', () => {
  it('delivers a valid notification (204) with its template filled in', async () => {
    const res = await send(USER, goodBody);
    expect(res.status).toBe(204);
    expect(fake.notifications).toHaveLength(1);
    expect(fake.notifications[0]).toMatchObject({
      userId: USER,
      teamsAppId: APP.teamsAppId,
      activityType: 'checkInOverdue',
      text: 'Perfloop: check-in with Ava Chen overdue by 3 days',
      previewText: 'Ava Chen: last check-in 20 days ago',
      templateParameters: { person: 'Ava Chen', days: '3' },
    });
  });

  it('a notification with the chainId of an earlier one replaces it in the feed; another chain or none adds one', async () => {
    expect((await send(USER, { ...goodBody, chainId: 281474976710655 })).status).toBe(204);
    const again = { ...goodBody, chainId: 281474976710655, previewText: { content: 'sent again' } };
    expect((await send(USER, again)).status).toBe(204);
    expect((await send(USER, { ...goodBody, chainId: 7 })).status).toBe(204);
    expect(fake.notifications).toHaveLength(3);
    expect(fake.feed(USER).map((n) => [n.chainId, n.previewText])).toEqual([
      [281474976710655, 'sent again'],
      [7, 'Ava Chen: last check-in 20 days ago'],
    ]);
    clock += 120_000; // past the rate window
    expect((await send(USER, goodBody)).status).toBe(204);
    expect((await send(USER, goodBody)).status).toBe(204);
    expect(fake.feed(USER)).toHaveLength(4);
    expect((await send(USER, { ...goodBody, chainId: 1.5 })).status).toBe(400);
  });

  it('401 for a missing, forged or expired token, in Graph’s error shape', async () => {
    const none = await send(USER, goodBody, 'not-a-token');
    expect(none.status).toBe(401);
    expect(await none.json()).toMatchObject({
      error: { code: 'InvalidAuthenticationToken', message: expect.any(String) },
    });
    const t = await bearer();
    clock += 601_000;
    expect((await send(USER, goodBody, t)).status).toBe(401);
    expect(fake.notifications).toHaveLength(0);
  });

  it('400 for a body off the published shape or the manifest’s activity types', async () => {
    const cases: unknown[] = [
      { ...goodBody, activityType: 'undeclared' },
      { ...goodBody, topic: { source: 'text', value: 'x' } },
      { ...goodBody, topic: { source: 'entityUrl', value: 'https://example.com/x' } },
      { ...goodBody, templateParameters: [{ name: 'person', value: 'Ava' }] },
      { ...goodBody, templateParameters: [...goodBody.templateParameters, { name: 'extra', value: '1' }] },
      { ...goodBody, previewText: { content: 'x'.repeat(151) } },
      { ...goodBody, topic: undefined },
    ];
    for (const body of cases) {
      clock += 60_000; // every call counts against the rate, valid or not
      const res = await send(USER, body);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ error: { code: 'BadRequest' } });
    }
    expect(fake.notifications).toHaveLength(0);
  });

  it('404 for an unknown user, 403 when the app is not installed for them', async () => {
    const unknown = await send('99999999-9999-4999-8999-999999999999', goodBody);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'NotFound' } });
    const other = '33333333-3333-4333-8333-333333333333';
    fake.addUser(other);
    expect((await send(other, goodBody)).status).toBe(403);
    fake.installApp(other, APP.teamsAppId);
    expect((await send(other, goodBody)).status).toBe(204);
  });

  it('429 with Retry-After past the per-app rate, then accepts again in the next window', async () => {
    const t = await bearer();
    for (let i = 0; i < 3; i++) expect((await send(USER, goodBody, t)).status).toBe(204);
    clock += 15_000;
    const limited = await send(USER, goodBody, t);
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('45');
    expect(await limited.json()).toMatchObject({ error: { code: 'TooManyRequests' } });
    clock += 45_000;
    expect((await send(USER, goodBody, t)).status).toBe(204);
    expect(fake.notifications).toHaveLength(4);
  });

  it('injected 503 with Retry-After delivers nothing', async () => {
    fake.failNext({ status: 503, retryAfterSeconds: 2 });
    const res = await send(USER, goodBody);
    expect(res.status).toBe(503);
    expect(res.headers.get('retry-after')).toBe('2');
    expect(fake.notifications).toHaveLength(0);
    expect(fake.calls.filter((c) => c.route === 'sendActivityNotification').map((c) => c.status)).toEqual([
      503,
    ]);
  });
});
