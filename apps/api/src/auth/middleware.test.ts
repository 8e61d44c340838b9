// Authentication middleware: missing, malformed and unrecognised credentials on /v1.
import { describe, expect, it } from 'vitest';
import { createTestApp } from '../testing/testApp.ts';
import type { Verifier } from './verifier.ts';

describe('authenticate', () => {
  it('401 unauthenticated with WWW-Authenticate: Bearer when credentials are missing', async () => {
    const { app } = createTestApp();
    const cases: Record<string, string>[] = [
      {},
      { Authorization: '' },
      { Authorization: 'Basic YTpi' },
      { Authorization: 'Bearer' },
    ];
    for (const headers of cases) {
      const res = await app.request('/v1/test/whoami', { headers });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
      expect(((await res.json()) as { code: string }).code).toBe('unauthenticated');
    }
  });

  it('401 invalid_token for a token no verifier recognises', async () => {
    const { app } = createTestApp();
    const res = await app.request('/v1/test/whoami', { headers: { Authorization: 'Bearer abc.def.ghi' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({
      code: 'invalid_token',
      details: { reason: 'unsupported token' },
    });
  });

  it('protects unknown /v1 paths too, and leaves the probes open', async () => {
    const { app } = createTestApp();
    expect((await app.request('/v1/anything')).status).toBe(401);
    expect((await app.request('/healthz')).status).toBe(200);
  });

  it('uses the first verifier that can handle the token', async () => {
    const seen: string[] = [];
    const make = (name: string, prefix: string): Verifier => ({
      name,
      canHandle: ({ token }) => token.startsWith(prefix),
      verify: async () => {
        seen.push(name);
        return {
          ok: true,
          principal: { kind: 'service', via: 'api_key', orgId: 'o', apiKeyId: name, scopes: [] },
        };
      },
    });
    const { app } = createTestApp({ verifiers: [make('a', 'x'), make('b', 'x'), make('c', 'y')] });
    await app.request('/v1/test/whoami', { headers: { Authorization: 'Bearer x1' } });
    await app.request('/v1/test/whoami', { headers: { Authorization: 'bearer y1' } });
    expect(seen).toEqual(['a', 'c']);
  });
});
