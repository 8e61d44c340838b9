// Entra and Google (Sheets add-on) sign-in against the store on BOTH engines: tenant-scoped e-mail fallback, logins linked on first match.
import type { OpenAPIHono } from '@hono/zod-openapi';
import type { JWTPayload } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../app.ts';
import type { AppEnv } from '../context.ts';
import { depsFor } from '../deps.ts';
import { createLogger } from '../logger.ts';
import { createRoutes } from '../routes/index.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { type KeyServer, startKeyServer } from '../testing/keyServer.ts';
import { testEnv } from '../testing/testApp.ts';
import { createTestKey, signToken, type TestKey } from '../testing/tokens.ts';
import { ADDON_SHEETS_SCOPE } from './addon.ts';
import { USER_TOKEN_HEADER } from './google.ts';

const CLIENT_ID = '11111111-2222-4333-8444-555555555555';
const APP_ID_URI = `api://teams.perfloop.test/${CLIENT_ID}`;
const TENANT_A = 'aaaaaaaa-0000-4000-8000-00000000000a';
const TENANT_B = 'bbbbbbbb-0000-4000-8000-00000000000b';
const GOOGLE_CLIENT = '1234-abc.apps.googleusercontent.com';

const entraClaims = (tid: string, oid: string, upn: string): JWTPayload => ({
  iss: `https://login.microsoftonline.com/${tid}/v2.0`,
  aud: CLIENT_ID,
  tid,
  oid,
  scp: 'access_as_user',
  ver: '2.0',
  preferred_username: upn,
});

let server: KeyServer;
let key: TestKey;
beforeAll(async () => {
  server = await startKeyServer();
  key = await createTestKey('fed-1');
  server.setJwks([key.publicJwk]);
  server.setCerts({ [key.kid]: key.publicPem });
});
afterAll(() => server.close());

describe.each(ENGINES)('federated sign-in on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let app: OpenAPIHono<AppEnv>;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    const env = testEnv({
      ENTRA_CLIENT_ID: CLIENT_ID,
      ENTRA_APP_ID_URI: APP_ID_URI,
      ENTRA_ALLOWED_TENANTS: `${TENANT_A},${TENANT_B}`,
      ENTRA_JWKS_URL: server.jwksUrl,
      GOOGLE_CERTS_URL: server.certsUrl,
      GOOGLE_ADDON_CLIENT_ID: GOOGLE_CLIENT,
    });
    const deps = depsFor(h.store);
    app = createApp({
      env,
      directory: deps.directory,
      ready: deps.ready,
      logger: createLogger('silent'),
      routes: createRoutes(h.kit),
    });
    // Acme is bound to tenant A; Globex to no tenant.
    const bound = await h.call('PATCH', '/v1/organisation', {
      as: f.email.hal,
      json: { settings: { entraTenantId: TENANT_A.toUpperCase() } },
      headers: { 'If-Match': '"1"' },
    });
    expect(bound.status).toBe(200);
    expect((bound.body.settings as Record<string, unknown>).entraTenantId).toBe(TENANT_A);
  });
  afterAll(async () => {
    await h.close();
  });

  const me = async (headers: Record<string, string>) => {
    const res = await app.request('/v1/people/me', { headers });
    return { status: res.status, body: (await res.json()) as { id?: string; code?: string } };
  };
  const entra = async (tid: string, oid: string, upn: string) =>
    me({ Authorization: `Bearer ${await signToken(key, entraClaims(tid, oid, upn))}` });
  const oid = (n: number) => `dddddddd-0000-4000-8000-${String(n).padStart(12, '0')}`;

  it('Entra: the first UPN match in the bound tenant links tid:oid, so a later rename does not matter', async () => {
    const first = await entra(TENANT_A, oid(1), f.email.sam.toUpperCase());
    expect([first.status, first.body.id]).toEqual([200, f.id.sam]);
    expect(await h.store.identities.find('entra', `${TENANT_A}:${oid(1)}`)).toMatchObject({
      orgId: f.acme.organisation.id,
      personId: f.id.sam,
    });
    const renamed = await entra(TENANT_A, oid(1), 'sam.renamed@acme-new.test');
    expect([renamed.status, renamed.body.id]).toEqual([200, f.id.sam]);
  });

  it("Entra: a token from tenant B whose UPN is an Acme person's e-mail is refused", async () => {
    const res = await entra(TENANT_B, oid(2), f.email.hana);
    expect([res.status, res.body.code]).toEqual([403, 'identity_not_provisioned']);
    expect(await h.store.identities.find('entra', `${TENANT_B}:${oid(2)}`)).toBeUndefined();
  });

  it('Entra: an organisation bound to no tenant is never matched by UPN', async () => {
    const res = await entra(TENANT_A, oid(3), f.email.gus);
    expect([res.status, res.body.code]).toEqual([403, 'identity_not_provisioned']);
  });

  it('Entra: a login HR unlinked stops signing in, the UPN fallback does not re-link it, and HR can link it back', async () => {
    const subject = `${TENANT_A}:${oid(5)}`;
    expect((await entra(TENANT_A, oid(5), f.email.pia)).body.id).toBe(f.id.pia);
    const etag = async () =>
      (await h.call('GET', `/v1/people/${f.id.pia}`, { as: f.email.hal })).headers.get('etag') ?? '';
    const unlinked = await h.call('DELETE', `/v1/people/${f.id.pia}/identities/entra/${subject}`, {
      as: f.email.hal,
      headers: { 'If-Match': await etag() },
    });
    expect(unlinked.status).toBe(204);
    // The next request already sees it (the directory's cache follows identity changes), twice: no re-link.
    for (let i = 0; i < 2; i++) {
      const refused = await entra(TENANT_A, oid(5), f.email.pia);
      expect([refused.status, refused.body.code]).toEqual([403, 'identity_not_provisioned']);
    }
    expect(await h.store.identities.find('entra', subject)).toBeUndefined();
    // Pia's other logins (here a new object id with her UPN) still sign in through the fallback.
    expect((await entra(TENANT_A, oid(6), f.email.pia)).body.id).toBe(f.id.pia);

    const relinked = await h.call('PUT', `/v1/people/${f.id.pia}/identities/entra/${subject}`, {
      as: f.email.hal,
      headers: { 'If-Match': await etag() },
    });
    expect(relinked.status).toBe(200);
    expect((await entra(TENANT_A, oid(5), 'pia.renamed@acme-new.test')).body.id).toBe(f.id.pia);
  });

  it('HR unbinds the tenant with null; invalid tenant ids are refused', async () => {
    const current = await h.call('GET', '/v1/organisation', { as: f.email.hal });
    const etag = current.headers.get('etag') ?? '';
    const bad = await h.call('PATCH', '/v1/organisation', {
      as: f.email.hal,
      json: { settings: { entraTenantId: 'contoso.onmicrosoft.com' } },
      headers: { 'If-Match': etag },
    });
    expect(bad.status).toBe(400);
    const unbound = await h.call('PATCH', '/v1/organisation', {
      as: f.email.hal,
      json: { settings: { entraTenantId: null } },
      headers: { 'If-Match': etag },
    });
    expect(unbound.status).toBe(200);
    expect((await entra(TENANT_A, oid(4), f.email.erin)).status).toBe(403);
    // Logins linked before keep working.
    expect((await entra(TENANT_A, oid(1), 'whoever@acme.test')).body.id).toBe(f.id.sam);
  });

  it('Google: the verified e-mail finds the person once, then the linked sub does; the audit names person and key', async () => {
    const addonKey = await h.apiKey(f.acme.organisation.id, [ADDON_SHEETS_SCOPE]);
    const user = (email: string, sub = '200000000000000000777') =>
      signToken(key, {
        iss: 'accounts.google.com',
        aud: GOOGLE_CLIENT,
        sub,
        email,
        email_verified: true,
      });
    const call = async (email: string) =>
      me({ Authorization: `Bearer ${addonKey}`, [USER_TOKEN_HEADER]: await user(email) });
    expect((await call(f.email.mo)).body.id).toBe(f.id.mo);
    expect(await h.store.identities.find('google', '200000000000000000777')).toMatchObject({
      personId: f.id.mo,
    });
    expect((await call('mo.elsewhere@gmail.test')).body.id).toBe(f.id.mo);

    // A write through the add-on is the user's own, recorded as that person acting through the key.
    const keys = await h.call<{ items: { id: string; scopes: string[] }[] }>('GET', '/v1/api-keys', {
      as: f.email.hal,
    });
    const keyId = keys.body.items.find((k) => k.scopes.includes(ADDON_SHEETS_SCOPE))?.id;
    const dept = await h.call('GET', `/v1/departments/${f.dept.sales}`, { as: f.email.hal });
    const renamed = await app.request(`/v1/departments/${f.dept.sales}`, {
      method: 'PATCH',
      headers: {
        Authorization: `Bearer ${addonKey}`,
        [USER_TOKEN_HEADER]: await user(f.email.hal, '200000000000000000999'),
        'Content-Type': 'application/json',
        'If-Match': dept.headers.get('etag') ?? '',
      },
      body: JSON.stringify({ name: 'Sales (renamed in Sheets)' }),
    });
    expect(renamed.status).toBe(200);
    const audit = await h.call<{ items: { actor: string; action: string }[] }>('GET', '/v1/audit?limit=500', {
      as: f.email.hal,
    });
    expect(audit.body.items.at(-1)).toMatchObject({
      action: 'department.update',
      actor: `${f.id.hal}@api_key:${keyId}`,
    });
  });

  it('Google: a person of another organisation is refused even with a valid token', async () => {
    const addonKey = await h.apiKey(f.acme.organisation.id, [ADDON_SHEETS_SCOPE]);
    const token = await signToken(key, {
      iss: 'accounts.google.com',
      aud: GOOGLE_CLIENT,
      sub: '200000000000000000888',
      email: f.email.gus,
      email_verified: true,
    });
    const res = await me({ Authorization: `Bearer ${addonKey}`, [USER_TOKEN_HEADER]: token });
    expect([res.status, res.body.code]).toEqual([403, 'identity_not_provisioned']);
    expect(await h.store.identities.find('google', '200000000000000000888')).toBeUndefined();
  });
});
