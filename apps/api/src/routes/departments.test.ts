// /v1/departments: everyone reads, HR writes with If-Match; parent cycles and non-empty deletes are refused.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type DepartmentJson = {
  id: string;
  name: string;
  parentId: string | null;
  headId: string | null;
  version: number;
};
type ProblemJson = {
  code: string;
  errors?: { path: string; code: string }[];
  details?: Record<string, unknown>;
};

describe.each(ENGINES)('departments routes on %s', (engine) => {
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

  const create = (json: unknown, as = f.email.hal, headers: Record<string, string> = {}) =>
    h.call<DepartmentJson & ProblemJson>('POST', '/v1/departments', { as, json, headers });
  const patch = (id: string, json: unknown, ifMatch: string | null = '"1"', as = f.email.hal) =>
    h.call<DepartmentJson & ProblemJson>('PATCH', `/v1/departments/${id}`, {
      as,
      json,
      headers: ifMatch === null ? {} : { 'If-Match': ifMatch },
    });
  const remove = (id: string, ifMatch: string | null = '"1"', as = f.email.hal) =>
    h.call<ProblemJson>('DELETE', `/v1/departments/${id}`, {
      as,
      headers: ifMatch === null ? {} : { 'If-Match': ifMatch },
    });

  describe('reading departments', () => {
    it('any employee lists and gets the departments of their organisation', async () => {
      const list = await h.call<{ items: DepartmentJson[]; nextCursor: string | null }>(
        'GET',
        '/v1/departments',
        {
          as: f.email.sam,
        },
      );
      expect(list.status).toBe(200);
      expect(list.body.items.map((d) => d.name).sort()).toEqual(['Acme', 'Engineering', 'Platform', 'Sales']);
      const children = await h.call<{ items: DepartmentJson[] }>(
        'GET',
        `/v1/departments?parentId=${f.dept.eng}`,
        {
          as: f.email.sam,
        },
      );
      expect(children.body.items.map((d) => d.id)).toEqual([f.dept.platform]);
      const one = await h.call<DepartmentJson>('GET', `/v1/departments/${f.dept.sales}`, { as: f.email.sam });
      expect(one.body).toMatchObject({ name: 'Sales', headId: f.id.hana, version: 2 });
      expect(one.headers.get('etag')).toBe('"2"');
    });

    it("404 for another organisation's department", async () => {
      expect((await h.call('GET', `/v1/departments/${f.globexRoot}`, { as: f.email.hal })).status).toBe(404);
    });

    it('pages by cursor', async () => {
      const first = await h.call<{ items: DepartmentJson[]; nextCursor: string }>(
        'GET',
        '/v1/departments?limit=3',
        {
          as: f.email.hal,
        },
      );
      expect(first.body.items).toHaveLength(3);
      const second = await h.call<{ items: DepartmentJson[]; nextCursor: string | null }>(
        'GET',
        `/v1/departments?limit=3&cursor=${first.body.nextCursor}`,
        { as: f.email.hal },
      );
      expect(second.body.items).toHaveLength(1);
      expect(second.body.nextCursor).toBeNull();
    });
  });

  describe('writing departments', () => {
    it('HR creates a department under a parent, with a head', async () => {
      const res = await create({ name: 'Marketing', parentId: f.dept.root, headId: f.id.cat });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        name: 'Marketing',
        parentId: f.dept.root,
        headId: f.id.cat,
        version: 1,
      });
      expect(res.body.id).toMatch(/^dep_/);
      expect(res.headers.get('location')).toBe(`/v1/departments/${res.body.id}`);
    });

    it('400 with field errors; 422 for an unknown parent or head; 403 for non-HR', async () => {
      const bad = await create({ name: '', parentId: 5, colour: 'blue' });
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['colour', 'name', 'parentId']);
      const unknown = await create({ name: 'X', parentId: f.globexRoot, headId: f.id.gus });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors?.map((e) => [e.path, e.code]).sort()).toEqual([
        ['headId', 'unknown_department_head'],
        ['parentId', 'unknown_department'],
      ]);
      expect((await create({ name: 'X' }, f.email.hana)).status).toBe(403);
    });

    it('idempotent create: replay, then reuse refused', async () => {
      const headers = { 'Idempotency-Key': 'dept-1' };
      const first = await create({ name: 'Legal' }, f.email.hal, headers);
      const again = await create({ name: 'Legal' }, f.email.hal, headers);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
      const reused = await create({ name: 'Finance' }, f.email.hal, headers);
      expect([reused.status, reused.body.code]).toEqual([422, 'idempotency_key_reused']);
    });

    it('HR renames with If-Match; 428 without, 412 when stale', async () => {
      expect((await patch(f.dept.platform, { name: 'Platform team' }, null)).status).toBe(428);
      const ok = await patch(f.dept.platform, { name: 'Platform team' });
      expect(ok.body).toMatchObject({ name: 'Platform team', version: 2 });
      const stale = await patch(f.dept.platform, { name: 'Again' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
    });

    it('422 department_cycle when a department would sit inside itself', async () => {
      const res = await patch(f.dept.eng, { parentId: f.dept.platform }, '"2"');
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('department_cycle');
      expect(res.body.errors?.[0]?.path).toBe('parentId');
      const self = await patch(f.dept.eng, { parentId: f.dept.eng }, '"2"');
      expect(self.status).toBe(422);
    });

    it('403 for a department head; 404 for another organisation', async () => {
      expect((await patch(f.dept.sales, { name: 'Revenue' }, '"2"', f.email.hana)).status).toBe(403);
      expect((await patch(f.globexRoot, { name: 'Mine' })).status).toBe(404);
    });

    it('deletes an empty department; refuses one with people or sub-departments', async () => {
      const withPeople = await remove(f.dept.platform);
      expect(withPeople.status).toBe(409);
      expect(withPeople.body).toMatchObject({
        code: 'department_not_empty',
        details: { people: 3, departments: 0 },
      });
      const withChild = await remove(f.dept.eng, '"2"');
      expect(withChild.body.details).toEqual({ people: 1, departments: 1 });

      const empty = await create({ name: 'Temp', parentId: f.dept.root });
      expect((await remove(empty.body.id, null)).status).toBe(428);
      expect((await remove(empty.body.id, '"7"')).status).toBe(412);
      const gone = await remove(empty.body.id);
      expect(gone.status).toBe(204);
      expect((await h.call('GET', `/v1/departments/${empty.body.id}`, { as: f.email.hal })).status).toBe(404);
      const feed = await h.store.feed.read(f.acme.organisation.id, { after: 0, limit: 1000 });
      expect(feed.events.at(-1)).toMatchObject({ kind: 'departments', op: 'delete', version: 2, data: null });
    });
  });
});
