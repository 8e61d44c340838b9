// Google add-on tokens against a local certs endpoint: system + user token pair, and refusals.
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../testing/keyServer.ts';
import { createTestApp, ORG_ID, testEnv } from '../testing/testApp.ts';
import { createTestKey, hs256Forgery, nowSeconds, signToken, type TestKey } from '../testing/tokens.ts';
import { createGoogleClient, createGoogleTokens, USER_TOKEN_HEADER } from './google.ts';

const PUBLIC_URL = 'https://api.perfloop.test';
const ADDON = 'sheets-addon@perfloop-test.iam.gserviceaccount.com';
const CLIENT_ID = '1234-abc.apps.googleusercontent.com';
const PATH = '/v1/test/whoami';

const systemClaims = (claims: JWTPayload = {}): JWTPayload => ({
  iss: 'https://accounts.google.com',
  aud: `${PUBLIC_URL}${PATH}`,
  sub: '100000000000000000001',
  email: ADDON,
  email_verified: true,
  ...claims,
});
const userClaims = (claims: JWTPayload = {}): JWTPayload => ({
  iss: 'accounts.google.com',
  aud: CLIENT_ID,
  sub: '200000000000000000002',
  email: 'alice@acme.test',
  email_verified: true,
  ...claims,
});

let server: KeyServer;
let key: TestKey;
let stranger: TestKey;

beforeAll(async () => {
  server = await startKeyServer();
  key = await createTestKey('g-1');
  stranger = await createTestKey('g-stranger');
  server.setCerts({ [key.kid]: key.publicPem });
});
afterAll(() => server.close());

function googleEnv() {
  return testEnv({
    GOOGLE_CERTS_URL: server.certsUrl,
    GOOGLE_ADDON_SERVICE_ACCOUNT: ADDON,
    GOOGLE_ADDON_CLIENT_ID: CLIENT_ID,
    PUBLIC_URL: `${PUBLIC_URL}/`,
  });
}

function setup() {
  const t = createTestApp({ env: googleEnv() });
  const call = async (system: string, user?: string) => {
    const headers: Record<string, string> = { Authorization: `Bearer ${system}` };
    if (user !== undefined) headers[USER_TOKEN_HEADER] = user;
    const res = await t.app.request(PATH, { headers });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  };
  return { ...t, call };
}

const expectRefused = (
  r: { status: number; body: Record<string, unknown> },
  reason: string,
  detail?: RegExp,
) => {
  expect(r.status).toBe(401);
  expect(r.body.code).toBe('invalid_token');
  expect((r.body.details as { reason: string }).reason).toBe(reason);
  if (detail) expect(r.body.detail).toMatch(detail);
};

describe('Google add-on verifier', () => {
  it('accepts the system token with a user token and yields an addon principal carrying the user', async () => {
    const { call } = setup();
    const r = await call(await signToken(key, systemClaims()), await signToken(key, userClaims()));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      kind: 'addon',
      via: 'google_addon',
      email: ADDON,
      user: { kind: 'user', via: 'google', orgId: ORG_ID, personId: 'p-alice', roles: ['employee'] },
    });
    expect(server.hits['/certs']).toBeGreaterThan(0);
  });

  it('finds the user by Google subject before email', async () => {
    const { call, directory } = setup();
    directory.addPerson({
      orgId: ORG_ID,
      personId: 'p-linked',
      roles: [],
      identities: [{ provider: 'google', subject: '200000000000000000002' }],
    });
    const r = await call(await signToken(key, systemClaims()), await signToken(key, userClaims()));
    expect((r.body.user as { personId: string }).personId).toBe('p-linked');
  });

  it('links the Google subject on the first match by verified email', async () => {
    const { call, directory } = setup();
    const r = await call(await signToken(key, systemClaims()), await signToken(key, userClaims()));
    expect((r.body.user as { personId: string }).personId).toBe('p-alice');
    expect(directory.linked).toEqual(['google|200000000000000000002 → p-alice']);
    // The address changed at Google: the subject still finds Alice.
    const renamed = await signToken(key, userClaims({ email: 'alice.new@acme.test' }));
    const again = await call(await signToken(key, systemClaims()), renamed);
    expect((again.body.user as { personId: string }).personId).toBe('p-alice');
    expect(directory.linked).toHaveLength(1);
  });

  it('refuses a system token for another endpoint (audience = PUBLIC_URL + path)', async () => {
    const { call } = setup();
    const system = await signToken(key, systemClaims({ aud: `${PUBLIC_URL}/v1/other` }));
    expectRefused(await call(system, await signToken(key, userClaims())), 'wrong audience', /access token/);
  });

  it('refuses a system token from another account or with an unverified email', async () => {
    const { call } = setup();
    const user = await signToken(key, userClaims());
    expectRefused(
      await call(await signToken(key, systemClaims({ email: 'intruder@evil.test' })), user),
      'wrong account',
    );
    expectRefused(
      await call(await signToken(key, systemClaims({ email_verified: false })), user),
      'email not verified',
    );
  });

  it('refuses an expired system token', async () => {
    const { call } = setup();
    const now = nowSeconds();
    const system = await signToken(key, systemClaims({ iat: now - 7200, exp: now - 3600 }));
    expectRefused(await call(system, await signToken(key, userClaims())), 'expired');
  });

  it('refuses a wrong issuer, an unknown kid and an HS256 forgery', async () => {
    const { call } = setup();
    const user = await signToken(key, userClaims());
    const tokens = createGoogleTokens({
      certsUrl: server.certsUrl,
      addonServiceAccount: ADDON,
      userAudiences: [CLIENT_ID],
      publicUrl: PUBLIC_URL,
    });
    expect(
      await tokens.verifySystemToken(await signToken(key, systemClaims({ iss: 'https://evil.test' })), PATH),
    ).toEqual({
      ok: false,
      reason: 'wrong issuer',
    });
    expectRefused(await call(await signToken(stranger, systemClaims()), user), 'unknown signing key');
    expectRefused(
      await call(await signToken(stranger, systemClaims(), { kid: key.kid }), user),
      'bad signature',
    );
    expectRefused(await call(await hs256Forgery(key, systemClaims()), user), 'algorithm not allowed');
  });

  it('requires the user token, and verifies it against the add-on client id', async () => {
    const { call } = setup();
    const system = await signToken(key, systemClaims());
    const missing = await call(system);
    expect(missing.status).toBe(401);
    expect(missing.body.code).toBe('unauthenticated');
    expectRefused(
      await call(system, await signToken(key, userClaims({ aud: 'other-client' }))),
      'wrong audience',
      /user token/,
    );
    expectRefused(
      await call(system, await signToken(key, userClaims({ email_verified: false }))),
      'email not verified',
    );
  });

  it('refuses a valid user that is not a Perfloop person with 403', async () => {
    const { call } = setup();
    const r = await call(
      await signToken(key, systemClaims()),
      await signToken(key, userClaims({ email: 'nobody@x.test', sub: '9' })),
    );
    expect(r.status).toBe(403);
    expect(r.body.code).toBe('identity_not_provisioned');
  });

  it('points the library at the configured certs URL through its endpoints option', () => {
    expect(createGoogleClient(server.certsUrl).endpoints.oauth2FederatedSignonPemCertsUrl).toBe(
      server.certsUrl,
    );
  });
});
