// createDeps and the store-backed IdentityDirectory: identities, e-mail fallback, inactive people, API keys.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createApiKeyVerifier, generateApiKey } from './auth/apiKey.ts';
import { createDeps, createStoreDirectory, SQLITE_FILE_NAME, storeConfig } from './deps.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from './testing/apiHarness.ts';
import { testEnv } from './testing/testApp.ts';

describe('createDeps', () => {
  it('opens DATA_DIR/perfloop.sqlite and reports ready until closed', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfloop-deps-'));
    try {
      const deps = await createDeps(testEnv({ DATA_DIR: dir }));
      expect(deps.store.engine).toBe('sqlite');
      expect((await stat(join(dir, SQLITE_FILE_NAME))).isFile()).toBe(true);
      expect(await deps.ready()).toBe(true);
      await deps.close();
      expect(await deps.ready()).toBe(false);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('runs the store on the demo seed clock while the seed is on (and on the system clock without it)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'perfloop-deps-'));
    try {
      const seeded = await createDeps(testEnv({ DATA_DIR: join(dir, 'a') }));
      const plain = await createDeps(testEnv({ DATA_DIR: join(dir, 'b'), PERFLOOP_SEED: 'false' }));
      try {
        expect(plain.clock).toBeUndefined();
        const clock = seeded.clock;
        if (!clock) throw new Error('no seed clock with the seed on');
        // A record written while the seed has turned the clock back is created then.
        const org = await clock.at('2026-09-16T11:00:00.000Z', () =>
          seeded.store.organisations.create({ id: 'org_clock', name: 'Clock', slug: 'clock' }),
        );
        expect(org.createdAt).toBe('2026-09-16T11:00:00.000Z');
      } finally {
        await seeded.close();
        await plain.close();
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('uses DATABASE_URL for PostgreSQL', () => {
    const env = testEnv({ DATABASE_URL: 'postgres://u@db:5432/perfloop' });
    expect(storeConfig(env, { schema: 'tenant_a' })).toEqual({
      kind: 'postgres',
      url: 'postgres://u@db:5432/perfloop',
      schema: 'tenant_a',
      preparedStatements: true,
      detectNestedTransactions: true,
    });
    const pooled = testEnv({
      DATABASE_URL: 'postgres://u@db:5432/perfloop',
      DATABASE_PREPARED_STATEMENTS: 'false',
    });
    expect(storeConfig(pooled)).toMatchObject({ kind: 'postgres', preparedStatements: false });
  });

  it('keeps the nested-transaction check outside production and drops it in production', () => {
    const dev = testEnv({ DATA_DIR: '/tmp/x' });
    expect(storeConfig(dev)).toMatchObject({ kind: 'sqlite', detectNestedTransactions: true });
    const prod = testEnv({ DATA_DIR: '/tmp/x', NODE_ENV: 'production', PERFLOOP_DEMO: 'false' });
    expect(storeConfig(prod)).toMatchObject({ kind: 'sqlite', detectNestedTransactions: false });
    expect(storeConfig(dev, { detectNestedTransactions: false })).toMatchObject({
      detectNestedTransactions: false,
    });
  });
});

describe.each(ENGINES)('store directory on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  // One store per engine; a fresh fixture (two new organisations) per test.
  beforeAll(async () => {
    h = await createApiHarness({ engine });
  });
  beforeEach(async () => {
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });
  const directory = () => createStoreDirectory(h.store);

  it('finds people by e-mail (any case) with their roles', async () => {
    expect(await directory().findPersonByEmail(f.email.hana.toUpperCase())).toEqual({
      orgId: f.acme.organisation.id,
      personId: f.id.hana,
      roles: ['employee', 'manager', 'department_head'],
    });
    expect(await directory().findPersonByEmail('nobody@acme.test')).toBeNull();
  });

  it('finds people by Entra and Google identities', async () => {
    const orgId = f.acme.organisation.id;
    await h.store.identities.link({ orgId, provider: 'entra', subject: 'tid:oid', personId: f.id.mo });
    await h.store.identities.link({ orgId, provider: 'google', subject: '1234567890', personId: f.id.pia });
    expect(await directory().findPersonByIdentity('entra', 'tid:oid')).toMatchObject({ personId: f.id.mo });
    expect(await directory().findPersonByIdentity('google', '1234567890')).toMatchObject({
      personId: f.id.pia,
    });
    expect(await directory().findPersonByIdentity('google', 'unknown')).toBeNull();
  });

  it('resolves nobody for inactive people', async () => {
    const orgId = f.acme.organisation.id;
    const record = await h.store.resources('people').get(orgId, f.id.sam);
    if (!record) throw new Error('no sam');
    await h.store.resources('people').update(orgId, f.id.sam, {
      expectedVersion: record.version,
      data: { ...record.data, active: false },
    });
    expect(await directory().findPersonByEmail(f.email.sam)).toBeNull();
  });

  it('finds API keys by prefix and records their use', async () => {
    const orgId = f.acme.organisation.id;
    const generated = generateApiKey();
    await h.store.apiKeys.create({
      id: 'key_1',
      orgId,
      name: 'k',
      prefix: generated.prefix,
      hash: generated.hash,
      scopes: ['sync:notion'],
    });
    const dir = directory();
    expect(await dir.findApiKeyByPrefix(generated.prefix)).toEqual({
      id: 'key_1',
      orgId,
      prefix: generated.prefix,
      hash: generated.hash,
      scopes: ['sync:notion'],
      revokedAt: null,
      expiresAt: null,
    });
    await dir.touchApiKey('key_1');
    expect((await h.store.apiKeys.findByPrefix(generated.prefix))?.lastUsedAt).not.toBeNull();
    expect(await dir.findApiKeyByPrefix('ffffffffffff')).toBeNull();
  });

  it("passes the key's expiry on, so the verifier refuses expired keys", async () => {
    const orgId = f.acme.organisation.id;
    const generated = generateApiKey();
    const expiresAt = '2030-01-01T00:00:00.000Z';
    await h.store.apiKeys.create({
      id: 'key_exp',
      orgId,
      name: 'k',
      prefix: generated.prefix,
      hash: generated.hash,
      scopes: [],
      expiresAt,
    });
    expect(await directory().findApiKeyByPrefix(generated.prefix)).toMatchObject({ expiresAt });
    const credentials = { token: generated.key, headers: new Headers(), path: '/v1/organisation' };
    const before = createApiKeyVerifier({
      directory: directory(),
      now: () => new Date('2029-12-31T23:59:59Z'),
    });
    expect(await before.verify(credentials)).toMatchObject({ ok: true });
    const after = createApiKeyVerifier({ directory: directory(), now: () => new Date(expiresAt) });
    expect(await after.verify(credentials)).toMatchObject({ ok: false, failure: { reason: 'expired' } });
  });
});

describe.each(ENGINES)('bootstrapOrganisation on %s', (engine) => {
  it('creates the organisation, its root department and a signed-in HR administrator, audited', async () => {
    const h = await createApiHarness({ engine });
    try {
      const boot = await h.bootstrap({
        name: 'Initech',
        slug: 'initech',
        hrEmail: 'Bill@Initech.test',
        hrName: 'Bill L',
      });
      expect(boot.hr).toMatchObject({
        email: 'bill@initech.test',
        roles: ['employee', 'hr_admin'],
        departmentId: boot.department.id,
      });
      const me = await h.call<{ id: string }>('GET', '/v1/people/me', { as: 'bill@initech.test' });
      expect(me.body.id).toBe(boot.hr.id);
      const audit = await h.store.audit.list(boot.organisation.id, { after: 0, limit: 10 });
      expect(audit.entries.map((e) => e.action)).toEqual([
        'department.create',
        'person.create',
        'organisation.create',
      ]);
      await expect(
        h.bootstrap({ name: 'Again', slug: 'again', hrEmail: 'bill@initech.test', hrName: 'Bill L' }),
      ).rejects.toThrow(/already belongs/);
    } finally {
      await h.close();
    }
  });
});
