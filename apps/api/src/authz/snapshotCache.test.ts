// Snapshot cache: reuse until a reported people/department change (or, not live, while the seq holds), LRU bound, one
// shared load, and two API instances on one database.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  type ApiInstance,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { loadOrgSnapshot, type ResourceSource } from './snapshot.ts';
import { createSnapshotCache, type SnapshotSource } from './snapshotCache.ts';

type PersonJson = { id: string; managerId: string | null; version: number };

describe.each(ENGINES)('createSnapshotCache on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let loads: string[];
  const counting = (source: ResourceSource, orgId: string) => {
    loads.push(orgId);
    return loadOrgSnapshot(source, orgId);
  };
  // One store per engine; a fresh fixture (two new organisations) per test.
  beforeAll(async () => {
    h = await createApiHarness({ engine });
  });
  beforeEach(async () => {
    f = await seedFixture(h);
    loads = [];
  });
  afterAll(async () => {
    await h.close();
  });

  it('reuses the snapshot while the seq is unchanged and reloads after a change', async () => {
    const cache = createSnapshotCache(h.store, { load: counting });
    const acme = f.acme.organisation.id;
    const first = await cache.get(acme);
    expect(await cache.get(acme)).toBe(first);
    expect(loads).toEqual([acme]);

    const sam = first.people.get(f.id.sam);
    const res = await h.call<PersonJson>('PATCH', `/v1/people/${f.id.sam}`, {
      as: f.email.hal,
      json: { managerId: f.id.cat },
      headers: { 'If-Match': `"${sam?.record.version}"` },
    });
    expect(res.status).toBe(200);
    const after = await cache.get(acme);
    expect(loads).toEqual([acme, acme]);
    expect(after.people.get(f.id.sam)?.entity.managerId).toBe(f.id.cat);
    expect(await cache.get(acme)).toBe(after);
  });

  it('keeps the snapshot when only other kinds changed since (a feed probe, no reload)', async () => {
    const cache = createSnapshotCache(h.store, { load: counting });
    const acme = f.acme.organisation.id;
    const first = await cache.get(acme);
    const seqBefore = (await h.store.organisations.get(acme))?.seq ?? 0;
    const policy = await h.call('POST', '/v1/policies', {
      as: f.email.hal,
      json: { preset: 'control', overrides: { name: 'Ops policy' } },
    });
    expect(policy.status).toBe(201);
    expect((await h.store.organisations.get(acme))?.seq ?? 0).toBeGreaterThan(seqBefore);
    expect(await cache.get(acme)).toBe(first);
    expect(loads).toEqual([acme]);
    // A department change after that does reload.
    const dept = await h.call('POST', '/v1/departments', {
      as: f.email.hal,
      json: { name: 'Research', parentId: f.acme.department.id },
    });
    expect(dept.status).toBe(201);
    const after = await cache.get(acme);
    expect(after).not.toBe(first);
    expect(loads).toEqual([acme, acme]);
  });

  it('concurrent requests on one seq share a single load', async () => {
    const cache = createSnapshotCache(h.store, { load: counting });
    const all = await Promise.all([1, 2, 3, 4].map(() => cache.get(f.acme.organisation.id)));
    expect(new Set(all).size).toBe(1);
    expect(loads).toHaveLength(1);
  });

  it('keeps at most maxOrgs organisations, dropping the least recently used', async () => {
    const cache = createSnapshotCache(h.store, { load: counting, maxOrgs: 1 });
    const [acme, globex] = [f.acme.organisation.id, f.globex.organisation.id];
    await cache.get(acme);
    await cache.get(globex);
    await cache.get(globex);
    expect(cache.size).toBe(1);
    await cache.get(acme);
    expect(loads).toEqual([acme, globex, acme]);
  });

  it('does not keep a failed load', async () => {
    let fail = true;
    const cache = createSnapshotCache(h.store, {
      load: (source, orgId) => {
        loads.push(orgId);
        if (fail) return Promise.reject(new Error('database hiccup'));
        return loadOrgSnapshot(source, orgId);
      },
    });
    await expect(cache.get(f.acme.organisation.id)).rejects.toThrow('database hiccup');
    fail = false;
    expect((await cache.get(f.acme.organisation.id)).people.size).toBe(8);
    expect(loads).toHaveLength(2);
  });

  it('an unknown organisation is loaded (empty) and not cached', async () => {
    const cache = createSnapshotCache(h.store, { load: counting });
    expect((await cache.get('org_missing')).people.size).toBe(0);
    expect(cache.size).toBe(0);
  });
});

describe.each(ENGINES)('createSnapshotCache without change reports (seq probe) on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let loads: string[];
  /** The store without its change watch: the cache falls back to reading the organisation's seq. */
  let probing: SnapshotSource;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    probing = {
      resources: (kind) => h.store.resources(kind),
      organisations: h.store.organisations,
      feed: h.store.feed,
    };
  });
  beforeEach(async () => {
    f = await seedFixture(h);
    loads = [];
  });
  afterAll(async () => {
    await h.close();
  });
  const counting = (source: ResourceSource, orgId: string) => {
    loads.push(orgId);
    return loadOrgSnapshot(source, orgId);
  };

  it('reuses the snapshot while the seq holds, probes the feed when it moved, reloads for people', async () => {
    const cache = createSnapshotCache(probing, { load: counting });
    const acme = f.acme.organisation.id;
    const first = await cache.get(acme);
    expect(await cache.get(acme)).toBe(first);
    const policy = await h.call('POST', '/v1/policies', {
      as: f.email.hal,
      json: { preset: 'control', overrides: { name: 'Ops policy' } },
    });
    expect(policy.status).toBe(201);
    expect(await cache.get(acme)).toBe(first);
    expect(loads).toEqual([acme]);
    const sam = first.people.get(f.id.sam);
    const res = await h.call('PATCH', `/v1/people/${f.id.sam}`, {
      as: f.email.hal,
      json: { managerId: f.id.cat },
      headers: { 'If-Match': `"${sam?.record.version}"` },
    });
    expect(res.status).toBe(200);
    const after = await cache.get(acme);
    expect(after.people.get(f.id.sam)?.entity.managerId).toBe(f.id.cat);
    expect(loads).toEqual([acme, acme]);
  });

  it('concurrent requests on one seq share a single load', async () => {
    const cache = createSnapshotCache(probing, { load: counting });
    const all = await Promise.all([1, 2, 3, 4].map(() => cache.get(f.acme.organisation.id)));
    expect(new Set(all).size).toBe(1);
    expect(loads).toHaveLength(1);
  });
});

describe.each(ENGINES)('two API instances on one %s database', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
  });
  beforeEach(async () => {
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const moveManager = async (via: { call: ApiHarness['call'] }, personId: string, managerId: string) => {
    const current = await via.call<PersonJson>('GET', `/v1/people/${personId}`, { as: f.email.hal });
    const res = await via.call<PersonJson>('PATCH', `/v1/people/${personId}`, {
      as: f.email.hal,
      json: { managerId },
      headers: { 'If-Match': `"${current.body.version}"` },
    });
    expect(res.status).toBe(200);
  };

  /**
   * A's changes reach B: at once within one process (SQLite's shared store); across processes once
   * reported — `sync()` waits for that (PostgreSQL: the notification; SQLite: data_version).
   */
  const managerChangeReachesB = async (b: ApiInstance) => {
    const seePaul = (as: string) => b.call<PersonJson>('GET', `/v1/people/${f.id.paul}`, { as });
    // B caches Acme as it is: Pia manages Paul (Mo above her); Sam (Sales) is not Mo's.
    expect((await seePaul(f.email.pia)).status).toBe(200);
    expect((await b.call('GET', `/v1/people/${f.id.sam}`, { as: f.email.mo })).status).toBe(404);

    await moveManager(h, f.id.paul, f.id.mo);
    await moveManager(h, f.id.sam, f.id.mo);
    await b.store.changes.sync();

    expect((await seePaul(f.email.pia)).status).toBe(404);
    expect((await seePaul(f.email.mo)).status).toBe(200);
    const sam = await b.call<PersonJson>('GET', `/v1/people/${f.id.sam}`, { as: f.email.mo });
    expect([sam.status, sam.body.managerId]).toEqual([200, f.id.mo]);
    // And the other way round: a change through B reaches A.
    await moveManager(b, f.id.paul, f.id.pia);
    await h.store.changes.sync();
    expect((await h.call('GET', `/v1/people/${f.id.paul}`, { as: f.email.pia })).status).toBe(200);
  };

  it('a manager change through instance A is enforced by instance B once reported', async () => {
    const b = await h.secondInstance({ ownStore: true });
    try {
      await managerChangeReachesB(b);
    } finally {
      await b.close();
    }
  });

  if (engine === 'sqlite') {
    it('two instances sharing one store (one process) see each other at once', async () => {
      const b = await h.secondInstance();
      try {
        const seePaul = (as: string) => b.call<PersonJson>('GET', `/v1/people/${f.id.paul}`, { as });
        expect((await seePaul(f.email.pia)).status).toBe(200);
        await moveManager(h, f.id.paul, f.id.mo);
        expect((await seePaul(f.email.pia)).status).toBe(404);
      } finally {
        await b.close();
      }
    });
  }
});
