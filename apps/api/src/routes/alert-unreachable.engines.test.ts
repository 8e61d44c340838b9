// GET /v1/alerts/unreachable on SQLite and PostgreSQL: HR only, one organisation's active people without a linked Entra login (of its tenant once bound), paged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { reachableIds } from './alert-unreachable.ts';

interface Page {
  items: { personId: string; name: string }[];
  nextCursor: string | null;
}

const TENANT = 'aaaaaaaa-0000-4000-8000-00000000000a';
const OTHER_TENANT = 'bbbbbbbb-0000-4000-8000-00000000000b';
const oid = (n: number) => `dddddddd-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('reachableIds', () => {
  it('counts every live Entra login, or only those of the tenant once given', () => {
    const logins = [
      { personId: 'a', subject: `${TENANT}:${oid(1)}` },
      { personId: 'b', subject: `${OTHER_TENANT}:${oid(2)}` },
    ];
    expect([...reachableIds(logins, undefined)]).toEqual(['a', 'b']);
    expect([...reachableIds(logins, TENANT)]).toEqual(['a']);
    expect([...reachableIds([], TENANT)]).toEqual([]);
  });
});

describe.each(ENGINES)('GET /v1/alerts/unreachable on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  const list = (query = '', as = f.email.hal) =>
    h.call<Page>('GET', `/v1/alerts/unreachable${query}`, { as });
  const ids = async (query = '') => (await list(query)).body.items.map((i) => i.personId);
  const version = async (personId: string) =>
    (await h.call<{ version: number }>('GET', `/v1/people/${personId}`, { as: f.email.hal })).body.version;
  const link = async (personId: string, subject: string) => {
    const res = await h.call('PUT', `/v1/people/${personId}/identities/entra/${subject}`, {
      as: f.email.hal,
      headers: { 'If-Match': `"${await version(personId)}"` },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  };

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
  });
  afterAll(() => h.close());

  it('lists the active people without a live Entra login, by id, with their names; linking one takes them off', async () => {
    const acme = [f.id.hal, f.id.cat, f.id.hana, f.id.sam, f.id.erin, f.id.mo, f.id.pia, f.id.paul].sort();
    const res = await list();
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    expect(res.body.items.map((i) => i.personId)).toEqual(acme);
    expect(res.body.items.find((i) => i.personId === f.id.sam)?.name).toEqual(expect.any(String));

    await link(f.id.sam, `${TENANT}:${oid(1)}`);
    await link(f.id.mo, `${OTHER_TENANT}:${oid(2)}`);
    // Any tenant's login counts while the organisation is bound to none.
    expect(await ids()).toEqual(acme.filter((id) => id !== f.id.sam && id !== f.id.mo));

    // An unlinked login no longer reaches anyone; an inactive person is never alerted, so never listed.
    const unlinked = await h.call('DELETE', `/v1/people/${f.id.sam}/identities/entra/${TENANT}:${oid(1)}`, {
      as: f.email.hal,
      headers: { 'If-Match': `"${await version(f.id.sam)}"` },
    });
    expect(unlinked.status).toBe(204);
    const off = await h.call('PATCH', `/v1/people/${f.id.paul}`, {
      as: f.email.hal,
      json: { active: false },
      headers: { 'If-Match': `"${await version(f.id.paul)}"` },
    });
    expect(off.status).toBe(200);
    expect(await ids()).toEqual(acme.filter((id) => id !== f.id.mo && id !== f.id.paul));
  });

  it('once the organisation is bound to a tenant, only a login of that tenant counts', async () => {
    await link(f.id.sam, `${TENANT}:${oid(3)}`);
    const org = await h.store.organisations.get(f.acme.organisation.id);
    const bound = await h.call('PATCH', '/v1/organisation', {
      as: f.email.hal,
      json: { settings: { entraTenantId: TENANT } },
      headers: { 'If-Match': `"${org?.version ?? 1}"` },
    });
    expect(bound.status, JSON.stringify(bound.body)).toBe(200);
    const listed = await ids();
    expect(listed).not.toContain(f.id.sam);
    // Mo's login is of another tenant: the alerts (sent in the organisation's tenant) cannot reach him.
    expect(listed).toContain(f.id.mo);
  });

  it('pages with a cursor', async () => {
    const all = await ids();
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res = await list(`?limit=3${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
      expect(res.status).toBe(200);
      expect(res.body.items.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.items.map((i) => i.personId));
      cursor = res.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(all);
    expect((await list('?limit=0')).status).toBe(400);
    expect((await list('?cursor=nope')).status).toBe(400);
  });

  it('is HR’s alone: other roles and API keys get 403; another organisation’s HR sees only theirs', async () => {
    for (const as of [f.email.sam, f.email.hana, f.email.erin]) {
      expect((await list('', as)).status, as).toBe(403);
    }
    const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
    expect((await h.call('GET', '/v1/alerts/unreachable', { key })).status).toBe(403);
    const globex = await list('', f.email.gwen);
    expect(globex.status).toBe(200);
    expect(globex.body.items.map((i) => i.personId)).toEqual([f.id.gwen, f.id.gus].sort());
  });
});
