// Entra (Teams SSO) access tokens against a local JWKS: v1 and v2 accepted, every forgery refused.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KeyServer } from '../testing/keyServer.ts';
import { startKeyServer } from '../testing/keyServer.ts';
import { createTestApp, ORG_ID, testEnv } from '../testing/testApp.ts';
import {
  createTestKey,
  hs256Forgery,
  nowSeconds,
  signToken,
  type TestKey,
  unsignedToken,
} from '../testing/tokens.ts';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const APP_ID_URI = `api://teams.perfloop.test/${CLIENT_ID}`;
const TID = 'aaaaaaaa-0000-4000-8000-000000000001';
const OTHER_ALLOWED_TID = 'bbbbbbbb-0000-4000-8000-000000000002';
const FOREIGN_TID = 'cccccccc-0000-4000-8000-000000000003';
const OID = 'dddddddd-0000-4000-8000-000000000004';

const v1 = (claims: JWTPayload = {}): JWTPayload => ({
  iss: `https://sts.windows.net/${TID}/`,
  aud: APP_ID_URI,
  tid: TID,
  oid: OID,
  scp: 'access_as_user',
  ver: '1.0',
  upn: 'alice@acme.test',
  ...claims,
});
const v2 = (claims: JWTPayload = {}): JWTPayload => ({
  iss: `https://login.microsoftonline.com/${TID}/v2.0`,
  aud: CLIENT_ID,
  tid: TID,
  oid: OID,
  scp: 'access_as_user',
  ver: '2.0',
  preferred_username: 'alice@acme.test',
  ...claims,
});

let server: KeyServer;
let key: TestKey;
let stranger: TestKey;

beforeAll(async () => {
  server = await startKeyServer();
  key = await createTestKey('entra-1');
  stranger = await createTestKey('stranger');
  server.setJwks([key.publicJwk]);
});
afterAll(() => server.close());

function setup() {
  const env = testEnv({
    ENTRA_CLIENT_ID: CLIENT_ID,
    ENTRA_APP_ID_URI: APP_ID_URI,
    ENTRA_ALLOWED_TENANTS: `${TID}, ${OTHER_ALLOWED_TID}`,
    ENTRA_JWKS_URL: server.jwksUrl,
  });
  const t = createTestApp({ env });
  t.directory.addPerson({
    orgId: ORG_ID,
    personId: 'p-alice',
    roles: ['employee'],
    identities: [{ provider: 'entra', subject: `${TID}:${OID}` }],
  });
  t.directory.addPerson({ orgId: ORG_ID, personId: 'p-bob', roles: ['manager'], email: 'bob@acme.test' });
  t.directory.setEntraTenant(ORG_ID, TID);
  const call = async (token: string) => {
    const res = await t.app.request('/v1/test/whoami', { headers: { Authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, res };
  };
  return { ...t, call };
}

const refusedWith = async (token: string, reason: string | RegExp) => {
  const { call } = setup();
  const { status, body, res } = await call(token);
  expect(status).toBe(401);
  expect(body.code).toBe('invalid_token');
  expect((body.details as { reason: string }).reason).toMatch(reason);
  expect(res.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
  expect(JSON.stringify(body)).not.toContain(token);
};

describe('Entra verifier: accepted', () => {
  it('accepts a v1 token (sts.windows.net issuer, App ID URI audience) and maps tid:oid', async () => {
    const { call } = setup();
    const { status, body } = await call(await signToken(key, v1()));
    expect(status).toBe(200);
    expect(body).toEqual({
      kind: 'user',
      via: 'entra',
      orgId: ORG_ID,
      personId: 'p-alice',
      roles: ['employee'],
    });
  });

  it('accepts a v2 token (login.microsoftonline.com issuer, client id audience)', async () => {
    const { call } = setup();
    const { status, body } = await call(await signToken(key, v2()));
    expect(status).toBe(200);
    expect(body.personId).toBe('p-alice');
  });

  it('falls back to preferred_username / upn when no identity is linked, then links tid:oid', async () => {
    const { call, directory } = setup();
    const other = 'eeeeeeee-0000-4000-8000-000000000005';
    expect(
      (await call(await signToken(key, v2({ oid: other, preferred_username: 'Bob@Acme.test' })))).body
        .personId,
    ).toBe('p-bob');
    expect(directory.linked).toEqual([`entra|${TID}:${other} → p-bob`]);
    // A later UPN rename does not matter: the linked object id finds Bob.
    expect(
      (await call(await signToken(key, v1({ oid: other, upn: 'robert@acme.test' })))).body.personId,
    ).toBe('p-bob');
    const third = 'ffffffff-0000-4000-8000-000000000006';
    expect((await call(await signToken(key, v1({ oid: third, upn: 'bob@acme.test' })))).body.personId).toBe(
      'p-bob',
    );
  });

  it('a login HR unlinked from the person does not sign in as them by the UPN fallback', async () => {
    const { call, directory } = setup();
    const unlinked = 'eeeeeeee-0000-4000-8000-000000000007';
    directory.unlink('entra', `${TID}:${unlinked}`, 'p-bob');
    const res = await call(await signToken(key, v2({ oid: unlinked, preferred_username: 'bob@acme.test' })));
    expect([res.status, res.body.code]).toEqual([403, 'identity_not_provisioned']);
    expect(directory.linked).toEqual([]);
    // Bob's other logins still sign in by the same UPN.
    const another = 'eeeeeeee-0000-4000-8000-000000000008';
    expect(
      (await call(await signToken(key, v2({ oid: another, preferred_username: 'bob@acme.test' })))).body
        .personId,
    ).toBe('p-bob');
  });

  it("the e-mail fallback only matches in the organisation bound to the token's tenant", async () => {
    const { call, directory } = setup();
    const other = 'eeeeeeee-0000-4000-8000-000000000005';
    // OTHER_ALLOWED_TID is an allowed tenant, but Acme is bound to TID: a look-alike UPN is refused.
    const foreign = await signToken(
      key,
      v2({
        tid: OTHER_ALLOWED_TID,
        iss: `https://login.microsoftonline.com/${OTHER_ALLOWED_TID}/v2.0`,
        oid: other,
        preferred_username: 'bob@acme.test',
      }),
    );
    const res = await call(foreign);
    expect([res.status, res.body.code]).toEqual([403, 'identity_not_provisioned']);
    expect(directory.linked).toEqual([]);
  });

  it('tolerates 60 s of clock skew', async () => {
    const { call } = setup();
    const now = nowSeconds();
    expect((await call(await signToken(key, v2({ iat: now - 3600, exp: now - 30 })))).status).toBe(200);
  });

  it('accepts another allowed tenant', async () => {
    const { call, directory } = setup();
    directory.addPerson({
      orgId: 'org-b',
      personId: 'p-carol',
      roles: [],
      identities: [{ provider: 'entra', subject: `${OTHER_ALLOWED_TID}:${OID}` }],
    });
    const token = await signToken(
      key,
      v2({ tid: OTHER_ALLOWED_TID, iss: `https://login.microsoftonline.com/${OTHER_ALLOWED_TID}/v2.0` }),
    );
    expect((await call(token)).body).toMatchObject({ orgId: 'org-b', personId: 'p-carol' });
  });
});

describe('Entra verifier: refused', () => {
  it('wrong audience', async () => {
    await refusedWith(await signToken(key, v2({ aud: 'api://someone-else' })), 'wrong audience');
    // The audience must match the token version: a v1 token for the bare client id is not accepted.
    await refusedWith(await signToken(key, v1({ aud: CLIENT_ID })), 'wrong audience');
    await refusedWith(await signToken(key, v2({ aud: APP_ID_URI })), 'wrong audience');
  });

  it('wrong issuer', async () => {
    await refusedWith(
      await signToken(key, v2({ iss: `https://login.microsoftonline.com/${TID}/v2.1` })),
      'wrong issuer',
    );
    await refusedWith(
      await signToken(key, v2({ iss: 'https://login.microsoftonline.com/common/v2.0' })),
      'wrong issuer',
    );
  });

  it('issuer tenant different from tid', async () => {
    await refusedWith(
      await signToken(key, v2({ iss: `https://login.microsoftonline.com/${FOREIGN_TID}/v2.0` })),
      'issuer does not match tenant',
    );
    await refusedWith(await signToken(key, v1({ tid: OTHER_ALLOWED_TID })), 'issuer does not match tenant');
  });

  it('missing or insufficient scp', async () => {
    const { scp: _omit, ...noScope } = v2();
    await refusedWith(await signToken(key, noScope), 'missing scope');
    await refusedWith(await signToken(key, v2({ scp: 'User.Read' })), 'missing scope');
  });

  it('tenant not allowed', async () => {
    const token = await signToken(
      key,
      v2({ tid: FOREIGN_TID, iss: `https://login.microsoftonline.com/${FOREIGN_TID}/v2.0` }),
    );
    await refusedWith(token, 'tenant not allowed');
  });

  it('expired beyond the skew', async () => {
    const now = nowSeconds();
    await refusedWith(await signToken(key, v2({ iat: now - 7200, exp: now - 120 })), 'expired');
  });

  it('unknown kid', async () => {
    await refusedWith(await signToken(stranger, v2()), 'unknown signing key');
  });

  it('signed by another key under a known kid', async () => {
    await refusedWith(await signToken(stranger, v2(), { kid: key.kid }), 'bad signature');
  });

  it('alg none and HS256 forgeries', async () => {
    await refusedWith(unsignedToken(v2(), key.kid), /algorithm not allowed|malformed/);
    await refusedWith(await hs256Forgery(key, v2()), 'algorithm not allowed');
  });

  it('a valid token for an unknown person is 403 identity_not_provisioned', async () => {
    const { call } = setup();
    const token = await signToken(
      key,
      v2({ oid: 'ffffffff-0000-4000-8000-000000000006', preferred_username: 'x@y.test' }),
    );
    const { status, body } = await call(token);
    expect(status).toBe(403);
    expect(body.code).toBe('identity_not_provisioned');
  });

  it('a key set fetch whose connection drops is tried once more: dropped once signs in, dropped twice is 503', async () => {
    let drops = 0;
    let hits = 0;
    const flaky = createServer((req, res) => {
      hits++;
      if (drops > 0) {
        drops--;
        req.socket.destroy(); // as a kept-alive connection the server closed while it was being reused
        return;
      }
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ keys: [key.publicJwk] }));
    });
    await new Promise<void>((resolve) => flaky.listen(0, '127.0.0.1', resolve));
    try {
      const whoami = async () => {
        const env = testEnv({
          ENTRA_CLIENT_ID: CLIENT_ID,
          ENTRA_APP_ID_URI: APP_ID_URI,
          ENTRA_ALLOWED_TENANTS: TID,
          ENTRA_JWKS_URL: `http://127.0.0.1:${(flaky.address() as AddressInfo).port}/jwks`,
        });
        const t = createTestApp({ env });
        t.directory.addPerson({
          orgId: ORG_ID,
          personId: 'p-alice',
          roles: ['employee'],
          identities: [{ provider: 'entra', subject: `${TID}:${OID}` }],
        });
        return t.app.request('/v1/test/whoami', {
          headers: { Authorization: `Bearer ${await signToken(key, v2())}` },
        });
      };
      drops = 1;
      expect((await whoami()).status).toBe(200);
      expect(hits).toBe(2);
      drops = 2;
      hits = 0;
      const down = await whoami();
      expect([down.status, ((await down.json()) as { code: string }).code]).toEqual([
        503,
        'auth_provider_unavailable',
      ]);
      expect(hits).toBe(2);
    } finally {
      await new Promise<void>((resolve) => flaky.close(() => resolve()));
    }
  });

  it('an unreachable key set is 503 auth_provider_unavailable', async () => {
    const env = testEnv({
      ENTRA_CLIENT_ID: CLIENT_ID,
      ENTRA_APP_ID_URI: APP_ID_URI,
      ENTRA_ALLOWED_TENANTS: TID,
      ENTRA_JWKS_URL: `${server.jwksUrl.replace('/jwks', '/missing')}`,
    });
    const { app } = createTestApp({ env });
    const res = await app.request('/v1/test/whoami', {
      headers: { Authorization: `Bearer ${await signToken(key, v2())}` },
    });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { code: string }).code).toBe('auth_provider_unavailable');
  });
});
