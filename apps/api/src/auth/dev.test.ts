// Demo sign-in: dev:<email> works in demo mode only; refused in production or with demo off.
import { describe, expect, it } from 'vitest';
import { createTestApp, devAuth, testEnv } from '../testing/testApp.ts';

const whoami = async (app: ReturnType<typeof createTestApp>['app'], email?: string) => {
  const res = await app.request('/v1/test/whoami', { headers: devAuth(email) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
};

describe('dev verifier', () => {
  it('signs in as the person with that email in demo mode', async () => {
    const { app } = createTestApp();
    const r = await whoami(app, 'ALICE@acme.test');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ kind: 'user', via: 'dev', personId: 'p-alice' });
  });

  it('403 identity_not_provisioned for an unknown email; 401 for a malformed one', async () => {
    const { app } = createTestApp();
    expect(await whoami(app, 'nobody@acme.test')).toMatchObject({
      status: 403,
      body: { code: 'identity_not_provisioned' },
    });
    expect(await whoami(app, 'not-an-email')).toMatchObject({ status: 401, body: { code: 'invalid_token' } });
  });

  it('is refused with demo_auth_disabled in production', async () => {
    const { app } = createTestApp({ env: testEnv({ NODE_ENV: 'production' }) });
    expect(await whoami(app)).toMatchObject({ status: 401, body: { code: 'demo_auth_disabled' } });
  });

  it('is refused with demo_auth_disabled when demo mode is off', async () => {
    const { app } = createTestApp({ env: testEnv({ PERFLOOP_DEMO: 'false' }) });
    expect(await whoami(app)).toMatchObject({ status: 401, body: { code: 'demo_auth_disabled' } });
  });
});
