// The Sheets add-on's credentials: an addon:sheets API key plus the user's Google ID token → that user, no more.
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../testing/keyServer.ts';
import { createTestApp, ORG_ID, testEnv } from '../testing/testApp.ts';
import { createTestKey, hs256Forgery, nowSeconds, signToken, type TestKey } from '../testing/tokens.ts';
import { ADDON_SHEETS_SCOPE } from './addon.ts';
import { generateApiKey } from './apiKey.ts';
import { USER_TOKEN_HEADER } from './google.ts';

const CLIENT_ID = '1234-abc.apps.googleusercontent.com';

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
  key = await createTestKey('addon-1');
  stranger = await createTestKey('addon-stranger');
  server.setCerts({ [key.kid]: key.publicPem });
});
afterAll(() => server.close());

function setup(options: { scopes?: string[]; google?: boolean; revokedAt?: string | null } = {}) {
  const env = testEnv(
    options.google === false ? {} : { GOOGLE_CERTS_URL: server.certsUrl, GOOGLE_ADDON_CLIENT_ID: CLIENT_ID },
  );
  const t = createTestApp({ env });
  const apiKey = generateApiKey();
  t.directory.addApiKey({
    id: 'key-addon',
    orgId: ORG_ID,
    prefix: apiKey.prefix,
    hash: apiKey.hash,
    scopes: options.scopes ?? [ADDON_SHEETS_SCOPE],
    revokedAt: options.revokedAt ?? null,
  });
  const call = async (user?: string, path = '/v1/test/whoami', method = 'GET') => {
    const headers: Record<string, string> = { Authorization: `Bearer ${apiKey.key}` };
    if (user !== undefined) headers[USER_TOKEN_HEADER] = user;
    const res = await t.app.request(path, { method, headers });
    const text = await res.text();
    return {
      status: res.status,
      headers: res.headers,
      body: (text ? JSON.parse(text) : {}) as Record<string, unknown>,
    };
  };
  return { ...t, call };
}

const user = (claims: JWTPayload = {}) => signToken(key, userClaims(claims));

describe('addon:sheets key with a user token', () => {
  it('acts as the user (their roles), through the key', async () => {
    const { call, directory } = setup();
    const r = await call(await user());
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      kind: 'addon',
      via: 'api_key',
      apiKeyId: 'key-addon',
      user: { kind: 'user', via: 'google', orgId: ORG_ID, personId: 'p-alice', roles: ['employee'] },
    });
    expect(directory.touched).toEqual(['key-addon']);
  });

  it('finds the user by Google subject first, and links the subject on the first e-mail match', async () => {
    const { call, directory } = setup();
    expect(((await call(await user())).body.user as { personId: string }).personId).toBe('p-alice');
    expect(directory.linked).toEqual(['google|200000000000000000002 → p-alice']);
    const renamed = await call(await user({ email: 'alice.new@acme.test' }));
    expect((renamed.body.user as { personId: string }).personId).toBe('p-alice');
    expect(directory.linked).toHaveLength(1);
  });

  it('a Google subject HR unlinked from the user does not sign in as them by e-mail', async () => {
    const { call, directory } = setup();
    directory.unlink('google', '200000000000000000002', 'p-alice');
    const r = await call(await user());
    expect([r.status, r.body.code]).toEqual([403, 'identity_not_provisioned']);
    expect(directory.linked).toEqual([]);
  });

  it('refuses the key alone: it only ever acts for a signed-in user (401)', async () => {
    const r = await setup().call();
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('unauthenticated');
    expect(r.body.detail).toContain(USER_TOKEN_HEADER);
  });

  it('refuses a user token on a key without the addon:sheets scope (403 insufficient_scope)', async () => {
    const r = await setup({ scopes: ['sync:notion'] }).call(await user());
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'insufficient_scope', details: { scope: ADDON_SHEETS_SCOPE } });
    expect(r.headers.get('www-authenticate')).toContain('insufficient_scope');
  });

  it('refuses bad user tokens with 401 naming the user token: forged, expired, wrong audience, unverified', async () => {
    const { call, directory } = setup();
    const now = nowSeconds();
    const cases: [string, string][] = [
      [await signToken(stranger, userClaims()), 'unknown signing key'],
      [await signToken(stranger, userClaims(), { kid: key.kid }), 'bad signature'],
      [await hs256Forgery(key, userClaims()), 'algorithm not allowed'],
      [await user({ iat: now - 7200, exp: now - 3600 }), 'expired'],
      [await user({ aud: 'another-client' }), 'wrong audience'],
      [await user({ email_verified: false }), 'email not verified'],
      ['garbage', 'malformed'],
    ];
    for (const [token, reason] of cases) {
      const r = await call(token);
      expect(r.status, reason).toBe(401);
      expect(r.body).toMatchObject({ code: 'invalid_token', details: { reason } });
      expect(r.body.detail).toMatch(/user token/);
    }
    expect(directory.touched).toEqual([]);
  });

  it('refuses a user who is no person of the key’s organisation (403), without linking them', async () => {
    const { call, directory } = setup();
    directory.addPerson({
      orgId: 'org-globex',
      personId: 'p-gus',
      roles: ['hr_admin'],
      email: 'gus@globex.test',
    });
    const foreign = await call(await user({ email: 'gus@globex.test', sub: '300' }));
    expect([foreign.status, foreign.body.code]).toEqual([403, 'identity_not_provisioned']);
    const nobody = await call(await user({ email: 'nobody@acme.test', sub: '400' }));
    expect([nobody.status, nobody.body.code]).toEqual([403, 'identity_not_provisioned']);
    expect(directory.linked).toEqual([]);
  });

  it('a subject linked in another organisation does not sign in here', async () => {
    const { call, directory } = setup();
    directory.addPerson({
      orgId: 'org-globex',
      personId: 'p-gus',
      roles: [],
      identities: [{ provider: 'google', subject: '200000000000000000002' }],
    });
    expect((await call(await user())).status).toBe(403);
  });

  it('has only the user’s permissions: a scope-guarded service route stays closed', async () => {
    const { call } = setup({ scopes: [ADDON_SHEETS_SCOPE, 'sync:notion'] });
    const r = await call(await user(), '/v1/test/sync', 'POST');
    expect([r.status, r.body.code]).toEqual([403, 'insufficient_scope']);
  });

  it('refuses a revoked key even with a valid user token', async () => {
    const r = await setup({ revokedAt: '2026-01-01T00:00:00Z' }).call(await user());
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'invalid_token', details: { reason: 'revoked' } });
  });

  it('refuses user tokens when Google sign-in is not configured', async () => {
    const r = await setup({ google: false }).call(await user());
    expect([r.status, r.body.code]).toEqual([401, 'unauthenticated']);
    expect(r.body.detail).toMatch(/GOOGLE_ADDON_CLIENT_ID/);
  });
});
