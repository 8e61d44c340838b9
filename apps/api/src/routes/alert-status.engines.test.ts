// GET /v1/alerts/status on SQLite and PostgreSQL: not configured, on, sent in another tenant than the organisation's; HR only, no secret shown.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { teamsAlertsConfig } from '../env.ts';
import {
  type ApiHarness,
  type ApiInstance,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

const TENANT = 'aaaaaaaa-0000-4000-8000-0000000000b1';
const OTHER_TENANT = 'bbbbbbbb-0000-4000-8000-0000000000b2';
const SECRET = 'status-secret-value';

const config = teamsAlertsConfig({
  graphUrl: 'https://graph.example.test/v1.0',
  tokenUrl: `https://login.example.test/${TENANT}/oauth2/v2.0/token`,
  tenantId: TENANT,
  clientId: '0f6c2a8e-3b1d-4e5f-9a7b-1c2d3e4f5a6b',
  clientSecret: SECRET,
  teamsAppId: '6d1c3f0e-8b2a-4c7d-9e45-2f6a1b3c5d70',
  tabUrl: 'https://perfloop.example.com/teams',
  intervalMs: 30 * 60_000,
  startDelayMs: 60_000,
});

let h: ApiHarness;
let f: Fixture;
/** The same database, served by an API configured to send the alerts. */
let on: ApiInstance;

describe.each(ENGINES)('GET /v1/alerts/status on %s', (engine) => {
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    on = await h.secondInstance({ routes: { teamsAlerts: config } });
  });
  afterAll(async () => {
    await on.close();
    await h.close();
  });

  const bindTenant = async (tenant: string | null) => {
    const org = await h.store.organisations.get(f.acme.organisation.id);
    const res = await h.call('PATCH', '/v1/organisation', {
      as: f.email.hal,
      json: { settings: { entraTenantId: tenant } },
      headers: { 'If-Match': `"${org?.version ?? 1}"` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  it('without the TEAMS_ALERTS_* configuration: not configured (an empty day is not “nothing due”)', async () => {
    const res = await h.call('GET', '/v1/alerts/status', { as: f.email.hal });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ state: 'not_configured', intervalMinutes: null });
  });

  it('configured: on, with the interval; never a secret, tenant or app id', async () => {
    const res = await on.call('GET', '/v1/alerts/status', { as: f.email.hal });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ state: 'on', intervalMinutes: 30 });
    const text = JSON.stringify(res.body);
    for (const secret of [SECRET, TENANT, config.clientId, config.teamsAppId])
      expect(text).not.toContain(secret);
  });

  it('an organisation bound to another Entra tenant than the alerts’ is told nobody there is reached; its own tenant is on', async () => {
    await bindTenant(OTHER_TENANT);
    expect((await on.call('GET', '/v1/alerts/status', { as: f.email.hal })).body).toMatchObject({
      state: 'other_tenant',
    });
    // Unconfigured stays unconfigured whatever the tenant.
    expect((await h.call('GET', '/v1/alerts/status', { as: f.email.hal })).body).toMatchObject({
      state: 'not_configured',
    });
    await bindTenant(TENANT.toUpperCase());
    expect((await on.call('GET', '/v1/alerts/status', { as: f.email.hal })).body).toMatchObject({
      state: 'on',
    });
    // Globex is not bound to a tenant: on.
    expect((await on.call('GET', '/v1/alerts/status', { as: f.email.gwen })).body).toMatchObject({
      state: 'on',
    });
  });

  it('is HR’s alone: other roles and API keys get 403', async () => {
    for (const as of [f.email.sam, f.email.hana, f.email.erin]) {
      const res = await on.call('GET', '/v1/alerts/status', { as });
      expect(res.status, as).toBe(403);
    }
    const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
    expect((await on.call('GET', '/v1/alerts/status', { key })).status).toBe(403);
  });
});
