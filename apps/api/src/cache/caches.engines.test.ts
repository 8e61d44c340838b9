// The API's caches on both engines, across two instances (SQLite: two connections to one file; PostgreSQL: two
// pools): principals and cycles are cached, changes drop them (here at once, there once reported), and writes
// are checked against the database whatever an instance has cached.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createCycle, createGoal, createPolicy, forcePhase, kpiGoal } from '../routes/cycles/testCycle.ts';
import {
  type ApiHarness,
  type ApiInstance,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type PersonJson = { id: string; version: number; active: boolean; email: string };

describe.each(ENGINES)('caches across two API instances on %s', (engine) => {
  let h: ApiHarness;
  let b: ApiInstance;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    b = await h.secondInstance({ ownStore: true });
  });
  beforeEach(async () => {
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await b.close();
    await h.close();
  });

  const patchPerson = async (personId: string, json: Record<string, unknown>) => {
    const current = await h.call<PersonJson>('GET', `/v1/people/${personId}`, { as: f.email.hal });
    const res = await h.call<PersonJson>('PATCH', `/v1/people/${personId}`, {
      as: f.email.hal,
      json,
      headers: { 'If-Match': `"${current.body.version}"` },
    });
    expect(res.status).toBe(200);
  };

  it('a deactivated person is refused from the next request; by another instance once reported', async () => {
    const me = (via: { call: ApiHarness['call'] }) => via.call('GET', '/v1/people/me', { as: f.email.sam });
    expect((await me(h)).status).toBe(200);
    expect((await me(b)).status).toBe(200);
    await patchPerson(f.id.sam, { active: false });
    expect((await me(h)).status).toBe(403);
    await b.store.changes.sync();
    expect((await me(b)).status).toBe(403);
  });

  it('a changed e-mail signs in at once and the old one no longer does', async () => {
    const fresh = `sam.moved-${f.acme.organisation.id}@acme.test`;
    expect((await b.call('GET', '/v1/people/me', { as: f.email.sam })).status).toBe(200);
    await patchPerson(f.id.sam, { email: fresh });
    await b.store.changes.sync();
    for (const via of [h, b]) {
      expect((await via.call('GET', '/v1/people/me', { as: f.email.sam })).status).toBe(403);
      expect((await via.call('GET', '/v1/people/me', { as: fresh })).status).toBe(200);
    }
  });

  it('"my goals" shows a goal change from the next request; on another instance once reported', async () => {
    const cycle = await createCycle(h, f, { personIds: [f.id.sam] });
    const goal = await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 60));
    type Page = { items: { id: string; title: string; version: number }[] };
    const mine = async (via: { call: ApiHarness['call'] }) => {
      const res = await via.call<Page>('GET', `/v1/me/goals?cycleId=${cycle.id}`, { as: f.email.sam });
      expect(res.status).toBe(200);
      return res.body.items.map((g) => `${g.title}@${g.version}`);
    };
    expect(await mine(h)).toEqual(['Revenue 60@1']);
    expect(await mine(b)).toEqual(['Revenue 60@1']);
    const renamed = await h.call('PATCH', `/v1/goals/${goal.id}`, {
      as: f.email.hana,
      json: { title: 'Renewals' },
      headers: { 'If-Match': '"1"' },
    });
    expect(renamed.status).toBe(200);
    expect(await mine(h)).toEqual(['Renewals@2']);
    await b.store.changes.sync();
    expect(await mine(b)).toEqual(['Renewals@2']);
    // Sent as c.json would: the same body as the uncached list of the owner's goals, as application/json.
    const cached = await h.call('GET', `/v1/me/goals?cycleId=${cycle.id}`, { as: f.email.sam });
    const listed = await h.call('GET', `/v1/goals?cycleId=${cycle.id}&ownerId=${f.id.sam}`, {
      as: f.email.sam,
    });
    expect(cached.headers.get('content-type')).toBe('application/json');
    expect(cached.body).toEqual(listed.body);
  });

  it('a revoked API key is refused from the next request; by another instance once reported', async () => {
    const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
    const feed = (via: { call: ApiHarness['call'] }) => via.call('GET', '/v1/changes?limit=1', { key });
    expect((await feed(h)).status).toBe(200);
    expect((await feed(b)).status).toBe(200);
    const keys = await h.call<{ items: { id: string }[] }>('GET', '/v1/api-keys', { as: f.email.hal });
    const id = keys.body.items[0]?.id;
    const revoked = await h.call('POST', `/v1/api-keys/${id}/revoke`, { as: f.email.hal });
    expect(revoked.status).toBe(200);
    expect((await feed(h)).status).toBe(401);
    await b.store.changes.sync();
    expect((await feed(b)).status).toBe(401);
  });

  it('a cycle moved on by one instance: the other refuses check-ins in the old phase, even before it is told', async () => {
    const cycle = await h.call<{ id: string }>('POST', '/v1/cycles', {
      as: f.email.hal,
      json: {
        name: 'Cached',
        policyId: await createPolicy(h, f),
        startsOn: '2026-01-01',
        endsOn: '2026-06-30',
        personIds: [f.id.sam],
      },
    });
    await forcePhase(h, f, cycle.body.id, 'coach');
    const checkIn = (via: { call: ApiHarness['call'] }, notes: string) =>
      via.call<{ code?: string }>('POST', '/v1/check-ins', {
        as: f.email.hana,
        json: { cycleId: cycle.body.id, subjectId: f.id.sam, kind: 'guidance_note', notes },
      });
    // Both instances now hold the cycle, in coach.
    expect((await checkIn(h, 'one')).status).toBe(201);
    expect((await checkIn(b, 'two')).status).toBe(201);
    await forcePhase(h, f, cycle.body.id, 'appraise');
    // B may still hold the cycle in coach: the transaction checks its version in the database.
    const early = await checkIn(b, 'three');
    expect([early.status, early.body.code]).toEqual([409, 'wrong_phase']);
    await b.store.changes.sync();
    const late = await checkIn(b, 'four');
    expect([late.status, late.body.code]).toEqual([409, 'wrong_phase']);
    expect((await h.store.resources('check_ins').list(f.acme.organisation.id)).records).toHaveLength(2);
  });
});
