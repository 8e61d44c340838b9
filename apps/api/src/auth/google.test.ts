// Google user ID tokens (forwarded by the Sheets add-on) against a local certs endpoint: accepted, and every refusal.
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type KeyServer, startKeyServer } from '../testing/keyServer.ts';
import { createTestKey, hs256Forgery, nowSeconds, signToken, type TestKey } from '../testing/tokens.ts';
import { createGoogleClient, createGoogleUserTokens, type GoogleUserTokens } from './google.ts';

const CLIENT_ID = '1234-abc.apps.googleusercontent.com';
const OTHER_CLIENT = '5678-def.apps.googleusercontent.com';

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
let tokens: GoogleUserTokens;

beforeAll(async () => {
  server = await startKeyServer();
  key = await createTestKey('g-1');
  stranger = await createTestKey('g-stranger');
  server.setCerts({ [key.kid]: key.publicPem });
  tokens = createGoogleUserTokens({ certsUrl: server.certsUrl, userAudiences: [CLIENT_ID, OTHER_CLIENT] });
});
afterAll(() => server.close());

const reason = async (token: string) => {
  const check = await tokens.verifyUserToken(token);
  return check.ok ? 'ok' : 'reason' in check ? check.reason : 'unavailable';
};

describe('Google user tokens', () => {
  it('accepts a Google-signed token for any configured client id, with its verified e-mail', async () => {
    const check = await tokens.verifyUserToken(await signToken(key, userClaims()));
    expect(check).toMatchObject({
      ok: true,
      payload: { email: 'alice@acme.test', sub: '200000000000000000002' },
    });
    expect(
      await reason(
        await signToken(key, userClaims({ aud: OTHER_CLIENT, iss: 'https://accounts.google.com' })),
      ),
    ).toBe('ok');
    expect(server.hits['/certs']).toBeGreaterThan(0);
  });

  it('refuses a token for another client, an expired one, one living too long and one not yet valid', async () => {
    const now = nowSeconds();
    expect(await reason(await signToken(key, userClaims({ aud: 'someone-else' })))).toBe('wrong audience');
    expect(await reason(await signToken(key, userClaims({ iat: now - 7200, exp: now - 3600 })))).toBe(
      'expired',
    );
    expect(await reason(await signToken(key, userClaims({ exp: now + 3 * 86_400 })))).toBe(
      'lifetime too long',
    );
    expect(await reason(await signToken(key, userClaims({ iat: now + 3600, exp: now + 7200 })))).toBe(
      'not yet valid',
    );
  });

  it('refuses a wrong issuer, an unverified or missing e-mail', async () => {
    expect(await reason(await signToken(key, userClaims({ iss: 'https://evil.test' })))).toBe('wrong issuer');
    expect(await reason(await signToken(key, userClaims({ email_verified: false })))).toBe(
      'email not verified',
    );
    expect(await reason(await signToken(key, userClaims({ email: undefined })))).toBe('email not verified');
  });

  it('refuses forgeries: an unknown key, a foreign signature under a known kid, HS256, garbage', async () => {
    expect(await reason(await signToken(stranger, userClaims()))).toBe('unknown signing key');
    expect(await reason(await signToken(stranger, userClaims(), { kid: key.kid }))).toBe('bad signature');
    expect(await reason(await hs256Forgery(key, userClaims()))).toBe('algorithm not allowed');
    expect(await reason('not-a-jwt')).toBe('malformed');
  });

  it('reports an unreachable certs endpoint as unavailable, not as a bad token', async () => {
    const offline = createGoogleUserTokens({
      certsUrl: 'http://127.0.0.1:9/certs',
      userAudiences: [CLIENT_ID],
    });
    expect(await offline.verifyUserToken(await signToken(key, userClaims()))).toEqual({
      ok: false,
      unavailable: true,
    });
  });

  it('points the library at the configured certs URL through its endpoints option', () => {
    expect(createGoogleClient(server.certsUrl).endpoints.oauth2FederatedSignonPemCertsUrl).toBe(
      server.certsUrl,
    );
  });
});
