// API keys: generation format, verification (ok, revoked, wrong secret, expired) and scopes.
import { describe, expect, it } from 'vitest';
import { createTestApp, devAuth, ORG_ID } from '../testing/testApp.ts';
import { apiKeyPrefix, generateApiKey, hashApiKey } from './apiKey.ts';
import type { ApiKeyRecord } from './identity.ts';

function setup(record: Partial<ApiKeyRecord> = {}) {
  const t = createTestApp();
  const { key, prefix, hash } = generateApiKey();
  t.directory.addApiKey({
    id: 'key-1',
    orgId: ORG_ID,
    prefix,
    hash,
    scopes: ['sync:notion'],
    revokedAt: null,
    ...record,
  });
  const call = async (token: string, path = '/v1/test/whoami', method = 'GET') => {
    const res = await t.app.request(path, { method, headers: { Authorization: `Bearer ${token}` } });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : {}) as Record<string, unknown> };
  };
  return { ...t, key, prefix, call };
}

describe('generateApiKey', () => {
  it('returns pl_<prefix>_<secret> with its prefix and sha-256', () => {
    const { key, prefix, hash } = generateApiKey();
    expect(key).toMatch(/^pl_[0-9a-f]{12}_[0-9a-f]{64}$/);
    expect(apiKeyPrefix(key)).toBe(prefix);
    expect(hash).toBe(hashApiKey(key));
    expect(hash).toMatch(/^[0-9a-f]{64}$/);
    expect(generateApiKey().key).not.toBe(key);
  });
});

describe('API key verifier', () => {
  it('accepts a valid key as a service principal and records its use', async () => {
    const { call, key, directory } = setup();
    const r = await call(key);
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      kind: 'service',
      via: 'api_key',
      orgId: ORG_ID,
      apiKeyId: 'key-1',
      scopes: ['sync:notion'],
    });
    expect(directory.touched).toEqual(['key-1']);
  });

  it('refuses a wrong secret and an unknown prefix alike', async () => {
    const { call, key, prefix } = setup();
    const wrongSecret = `pl_${prefix}_${'0'.repeat(64)}`;
    const unknown = generateApiKey().key;
    for (const token of [wrongSecret, unknown, `${key.slice(0, -1)}x`]) {
      const r = await call(token);
      expect(r.status).toBe(401);
      expect(r.body).toMatchObject({ code: 'invalid_token', details: { reason: 'invalid api key' } });
    }
  });

  it('refuses a malformed key', async () => {
    const { call } = setup();
    expect((await call('pl_nothex_abc')).body).toMatchObject({ details: { reason: 'malformed' } });
  });

  it('refuses a revoked key', async () => {
    const { call, key, directory } = setup({ revokedAt: '2025-01-01T00:00:00Z' });
    const r = await call(key);
    expect(r.status).toBe(401);
    expect(r.body).toMatchObject({ code: 'invalid_token', details: { reason: 'revoked' } });
    expect(directory.touched).toEqual([]);
  });

  it('refuses an expired key', async () => {
    const { call, key } = setup({ expiresAt: '2020-01-01T00:00:00Z' });
    expect((await call(key)).body).toMatchObject({ details: { reason: 'expired' } });
  });
});

describe('requireScope', () => {
  it('lets a key holding the scope through', async () => {
    const { call, key } = setup();
    expect((await call(key, '/v1/test/sync', 'POST')).status).toBe(204);
  });

  it('refuses a key without the scope, and users, with 403 insufficient_scope', async () => {
    const { call, key, app } = setup({ scopes: ['read:people'] });
    const r = await call(key, '/v1/test/sync', 'POST');
    expect(r.status).toBe(403);
    expect(r.body).toMatchObject({ code: 'insufficient_scope', details: { scope: 'sync:notion' } });
    const user = await app.request('/v1/test/sync', { method: 'POST', headers: devAuth() });
    expect(user.status).toBe(403);
    expect(user.headers.get('www-authenticate')).toContain('insufficient_scope');
  });
});
