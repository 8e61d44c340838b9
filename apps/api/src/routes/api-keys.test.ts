// /v1/api-keys: HR creates keys shown once (hash only stored), lists without secrets, revokes.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type KeyJson = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  key?: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
};
type ProblemJson = { code: string; errors?: { path: string }[] };

describe.each(ENGINES)('API keys routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  // One store per engine for the file; a fresh fixture (two new organisations) per test keeps tests apart.
  beforeAll(async () => {
    h = await createApiHarness({ engine });
  });
  beforeEach(async () => {
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const create = (json: unknown, as = f.email.hal) =>
    h.call<KeyJson & ProblemJson>('POST', '/v1/api-keys', { as, json });

  describe('/v1/api-keys', () => {
    it('creates a key shown once; it authenticates as a service; only its hash is stored', async () => {
      const res = await create({ name: 'Notion sync', scopes: ['sync:notion'] });
      expect(res.status).toBe(201);
      const key = res.body.key ?? '';
      expect(key).toMatch(/^pl_[0-9a-f]{12}_[0-9a-f]{64}$/);
      expect(key.startsWith(`pl_${res.body.prefix}_`)).toBe(true);

      const list = await h.call<{ items: KeyJson[] }>('GET', '/v1/api-keys', { as: f.email.hal });
      expect(list.body.items).toHaveLength(1);
      expect(list.body.items[0]).not.toHaveProperty('key');
      expect(JSON.stringify(list.body)).not.toContain(key.slice(-64));

      const stored = await h.store.apiKeys.findByPrefix(res.body.prefix);
      expect(stored?.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(stored)).not.toContain(key.slice(-64));
      const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      expect(audit.entries.at(-1)).toMatchObject({
        action: 'api_key.create',
        data: { name: 'Notion sync', scopes: ['sync:notion'] },
      });
      expect(JSON.stringify(audit.entries)).not.toContain(key.slice(-64));

      const feed = await h.call('GET', '/v1/changes', { key });
      expect(feed.status).toBe(200);
    });

    it('revokes a key: it stops working, revoking again changes nothing', async () => {
      const created = await create({ name: 'Temp', scopes: ['sync:notion'] });
      const revoked = await h.call<KeyJson>('POST', `/v1/api-keys/${created.body.id}/revoke`, {
        as: f.email.hal,
      });
      expect(revoked.status).toBe(200);
      expect(revoked.body.revokedAt).not.toBeNull();
      const refused = await h.call<ProblemJson>('GET', '/v1/changes', { key: created.body.key ?? '' });
      expect([refused.status, refused.body.code]).toEqual([401, 'invalid_token']);
      const again = await h.call<KeyJson>('POST', `/v1/api-keys/${created.body.id}/revoke`, {
        as: f.email.hal,
      });
      expect(again.body.revokedAt).toBe(revoked.body.revokedAt);
    });

    it('400 for unknown scopes or fields; 403 for non-HR; 404 for another organisation', async () => {
      const bad = await create({ name: '', scopes: ['admin:all'], extra: 1 });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['extra', 'name', 'scopes.0']);
      expect((await create({ name: 'Mine', scopes: ['sync:notion'] }, f.email.cat)).status).toBe(403);
      expect((await h.call('GET', '/v1/api-keys', { as: f.email.sam })).status).toBe(403);
      const created = await create({ name: 'Ours', scopes: ['sync:notion'] });
      const foreign = await h.call('POST', `/v1/api-keys/${created.body.id}/revoke`, { as: f.email.gwen });
      expect(foreign.status).toBe(404);
    });

    it('an API key cannot manage keys', async () => {
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      expect((await h.call('GET', '/v1/api-keys', { key })).status).toBe(403);
    });
  });
});
