// Reading person-owned resources: subject visibility, organisation-wide records, scopes and scoped paging.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.ts';
import { createAccess } from '../authz/access.ts';
import { loadOrgSnapshot } from '../authz/snapshot.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { encodeCursor } from './cursor.ts';
import { getVisible, listVisible } from './visibility.ts';

describe.each(ENGINES)('visibility on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    const orgId = f.acme.organisation.id;
    const goals: [string, string | null][] = [
      ['gol_a_sam', f.id.sam],
      ['gol_b_pia', f.id.pia],
      ['gol_c_paul', f.id.paul],
      ['gol_d_org', null],
      ['gol_e_sam', f.id.sam],
    ];
    for (const [id, subjectId] of goals) {
      await h.store.resources('goals').create(orgId, { id, subjectId, cycleId: 'cyc_1', data: { id } });
    }
  });
  afterAll(async () => {
    await h.close();
  });

  const user = (personId: string): Principal => ({
    kind: 'user',
    via: 'dev',
    orgId: f.acme.organisation.id,
    personId,
    roles: ['employee'],
  });
  const access = async (principal: Principal) =>
    createAccess(principal, await loadOrgSnapshot(h.store, f.acme.organisation.id));
  const ids = (page: { items: { id: string }[] }) => page.items.map((r) => r.id);

  describe('listVisible / getVisible', () => {
    it('people see their own and their reports’ records plus organisation-wide ones', async () => {
      const mo = await access(user(f.id.mo));
      expect(ids(await listVisible(h.store, mo, 'goals', {}, { limit: 50 }))).toEqual([
        'gol_b_pia',
        'gol_c_paul',
        'gol_d_org',
      ]);
      const sam = await access(user(f.id.sam));
      expect(ids(await listVisible(h.store, sam, 'goals', { cycleId: 'cyc_1' }, { limit: 50 }))).toEqual([
        'gol_a_sam',
        'gol_d_org',
        'gol_e_sam',
      ]);
      expect(ids(await listVisible(h.store, sam, 'goals', { subjectId: f.id.pia }, { limit: 50 }))).toEqual(
        [],
      );
    });

    it('pages a filtered scan by cursor', async () => {
      const sam = await access(user(f.id.sam));
      const first = await listVisible(h.store, sam, 'goals', {}, { limit: 2 });
      expect(first).toEqual({ items: expect.any(Array), nextCursor: encodeCursor('gol_d_org') });
      expect(ids(first)).toEqual(['gol_a_sam', 'gol_d_org']);
      const second = await listVisible(h.store, sam, 'goals', {}, { limit: 2, cursor: 'gol_d_org' });
      expect(ids(second)).toEqual(['gol_e_sam']);
      expect(second.nextCursor).toBeNull();
    });

    it('HR and a service with the scope see everything; other services nothing', async () => {
      const hr = await access(user(f.id.hal));
      expect(ids(await listVisible(h.store, hr, 'goals', {}, { limit: 50 }))).toHaveLength(5);
      const service = (scopes: string[]): Principal => ({
        kind: 'service',
        via: 'api_key',
        orgId: f.acme.organisation.id,
        apiKeyId: 'key_x',
        scopes,
      });
      const notion = await access(service(['sync:notion']));
      expect(ids(await listVisible(h.store, notion, 'goals', {}, { limit: 50 }))).toHaveLength(5);
      expect(ids(await listVisible(h.store, notion, 'reviews', {}, { limit: 50 }))).toEqual([]);
      await expect(getVisible(h.store, notion, 'goals', 'gol_b_pia')).resolves.toMatchObject({
        id: 'gol_b_pia',
      });
    });

    it('getVisible answers 404 for records the caller may not see', async () => {
      const sam = await access(user(f.id.sam));
      await expect(getVisible(h.store, sam, 'goals', 'gol_a_sam')).resolves.toMatchObject({
        subjectId: f.id.sam,
      });
      await expect(getVisible(h.store, sam, 'goals', 'gol_b_pia')).rejects.toMatchObject({ status: 404 });
      await expect(getVisible(h.store, sam, 'goals', 'gol_missing')).rejects.toMatchObject({ status: 404 });
    });
  });

  describe('Access', () => {
    it('derives the structural roles', async () => {
      expect([...(await access(user(f.id.sam))).roles]).toEqual(['employee']);
      expect([...(await access(user(f.id.mo))).roles].sort()).toEqual(['employee', 'manager']);
      expect([...(await access(user(f.id.hana))).roles].sort()).toEqual([
        'department_head',
        'employee',
        'manager',
      ]);
      expect([...(await access(user(f.id.hal))).roles].sort()).toEqual(['employee', 'hr_admin']);
    });

    it('department heads see and manage their departments with sub-departments, not themselves', async () => {
      const erin = await access(user(f.id.erin));
      expect([...erin.headedDepartments()].sort()).toEqual([f.dept.eng, f.dept.platform].sort());
      expect(erin.canManage(f.id.paul)).toBe(true);
      expect(erin.canManage(f.id.erin)).toBe(false);
      expect(erin.canSee(f.id.erin)).toBe(true);
      expect(erin.canSee(f.id.sam)).toBe(false);
      expect(erin.canSee(f.id.gus)).toBe(false);
    });
  });
});
