// /v1/people: scoped reads, HR writes, If-Match, idempotency, structural rules, recusal on one's own record and e-mail identities.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadOrgSnapshot } from '../authz/index.ts';
import { ApiError } from '../errors.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { assertPersonWrite } from './peopleRules.ts';

type PersonJson = { id: string; email: string; managerId: string | null; version: number; roles: string[] };
type Page = { items: PersonJson[]; nextCursor: string | null };
type ProblemJson = {
  code: string;
  errors?: { path: string; code: string }[];
  details?: Record<string, unknown>;
};

describe.each(ENGINES)('people routes on %s', (engine) => {
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

  const ids = (page: Page) => page.items.map((p) => p.id);

  describe('GET /v1/people', () => {
    it.each([
      ['hal', ['hal', 'cat', 'hana', 'sam', 'erin', 'mo', 'pia', 'paul']],
      ['cat', ['cat', 'hana', 'sam', 'erin', 'mo', 'pia', 'paul']],
      ['hana', ['hana', 'sam']],
      ['erin', ['erin', 'mo', 'pia', 'paul']],
      ['mo', ['mo', 'pia', 'paul']],
      ['sam', ['sam']],
    ] as const)('%s sees exactly their scope', async (who, expected) => {
      const res = await h.call<Page>('GET', '/v1/people?limit=500', { as: f.email[who] });
      expect(res.status).toBe(200);
      expect(ids(res.body).sort()).toEqual(expected.map((n) => f.id[n]).sort());
    });

    it('filters by department and manager within the scope', async () => {
      const byDept = await h.call<Page>(`GET`, `/v1/people?departmentId=${f.dept.platform}`, {
        as: f.email.hal,
      });
      expect(ids(byDept.body)).toEqual([f.id.mo, f.id.paul, f.id.pia]);
      const byManager = await h.call<Page>('GET', `/v1/people?managerId=${f.id.cat}`, { as: f.email.hal });
      expect(ids(byManager.body)).toEqual([f.id.erin, f.id.hana]);
      const outside = await h.call<Page>('GET', `/v1/people?departmentId=${f.dept.sales}`, {
        as: f.email.mo,
      });
      expect(outside.body.items).toEqual([]);
    });

    it('pages by cursor', async () => {
      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const res = await h.call<Page>('GET', `/v1/people?limit=3${query}`, { as: f.email.hal });
        expect(res.body.items.length).toBeLessThanOrEqual(3);
        seen.push(...ids(res.body));
        cursor = res.body.nextCursor;
      } while (cursor);
      expect(seen).toHaveLength(8);
      expect(new Set(seen).size).toBe(8);
    });

    it('400 on a bad query', async () => {
      const res = await h.call<ProblemJson>('GET', '/v1/people?limit=0&colour=red', { as: f.email.hal });
      expect(res.status).toBe(400);
      expect(res.body.errors?.map((e) => e.path).sort()).toEqual(['colour', 'limit']);
    });
  });

  describe('GET /v1/people/{id} and /me', () => {
    it('returns a visible person with its ETag', async () => {
      const res = await h.call<PersonJson>('GET', `/v1/people/${f.id.paul}`, { as: f.email.mo });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ id: f.id.paul, version: 1 });
      expect(res.headers.get('etag')).toBe('"1"');
    });

    it('404 (not 403) for a person you may not see, and for another organisation', async () => {
      const hidden = await h.call<ProblemJson>('GET', `/v1/people/${f.id.sam}`, { as: f.email.mo });
      expect(hidden.status).toBe(404);
      const foreign = await h.call<ProblemJson>('GET', `/v1/people/${f.id.gus}`, { as: f.email.hal });
      expect(foreign.status).toBe(404);
      expect(foreign.body.code).toBe('not_found');
    });

    it('/me is the caller', async () => {
      const res = await h.call<PersonJson>('GET', '/v1/people/me', { as: f.email.sam });
      expect(res.body.id).toBe(f.id.sam);
    });

    it('an API key may not read people (403)', async () => {
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const res = await h.call<ProblemJson>('GET', '/v1/people', { key });
      expect(res.status).toBe(403);
    });
  });

  describe('POST /v1/people', () => {
    const newPerson = () => ({
      name: 'Nia New',
      email: `Nia.${Math.random().toString(36).slice(2)}@ACME.test`,
      departmentId: f.dept.sales,
      managerId: f.id.hana,
    });

    it('HR creates a person, who can then sign in by e-mail', async () => {
      const input = newPerson();
      const res = await h.call<PersonJson>('POST', '/v1/people', { as: f.email.hal, json: input });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ email: input.email.toLowerCase(), roles: ['employee'], version: 1 });
      expect(res.body.id).toMatch(/^per_[0-9a-z]{16}$/);
      expect(res.headers.get('location')).toBe(`/v1/people/${res.body.id}`);
      expect(res.headers.get('etag')).toBe('"1"');
      const me = await h.call<PersonJson>('GET', '/v1/people/me', { as: input.email.toLowerCase() });
      expect(me.body.id).toBe(res.body.id);
    });

    it('400 with field errors', async () => {
      const res = await h.call<ProblemJson>('POST', '/v1/people', {
        as: f.email.hal,
        json: { name: '', email: 'nope', departmentId: f.dept.sales, roles: ['wizard'], shoeSize: 44 },
      });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('validation_failed');
      expect(res.body.errors?.map((e) => e.path).sort()).toEqual(['email', 'name', 'roles.0', 'shoeSize']);
    });

    it('403 for anyone but HR', async () => {
      const res = await h.call<ProblemJson>('POST', '/v1/people', { as: f.email.cat, json: newPerson() });
      expect(res.status).toBe(403);
      expect(res.body.code).toBe('forbidden');
    });

    it('409 duplicate_email, 422 for an unknown department or manager', async () => {
      const dup = await h.call<ProblemJson>('POST', '/v1/people', {
        as: f.email.hal,
        json: { ...newPerson(), email: f.email.sam },
      });
      expect(dup.status).toBe(409);
      expect(dup.body.code).toBe('duplicate_email');
      const unknown = await h.call<ProblemJson>('POST', '/v1/people', {
        as: f.email.hal,
        json: { ...newPerson(), departmentId: f.globexRoot, managerId: f.id.gus },
      });
      expect(unknown.status).toBe(422);
      expect(unknown.body.errors?.map((e) => e.code).sort()).toEqual([
        'unknown_department',
        'unknown_manager',
      ]);
    });

    it('409 email_taken when the e-mail signs in to another organisation', async () => {
      const res = await h.call<ProblemJson>('POST', '/v1/people', {
        as: f.email.hal,
        json: { ...newPerson(), email: f.email.gus },
      });
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('email_taken');
    });

    it('replays with the same Idempotency-Key and body; refuses the key with another body', async () => {
      const input = newPerson();
      const headers = { 'Idempotency-Key': 'create-nia-1' };
      const first = await h.call<PersonJson>('POST', '/v1/people', { as: f.email.hal, json: input, headers });
      const again = await h.call<PersonJson>('POST', '/v1/people', { as: f.email.hal, json: input, headers });
      expect(again.status).toBe(201);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.headers.get('etag')).toBe('"1"');
      expect(again.headers.get('location')).toBe(first.headers.get('location'));
      expect(again.body).toEqual(first.body);
      const list = await h.call<Page>('GET', '/v1/people?limit=500', { as: f.email.hal });
      expect(list.body.items.filter((p) => p.email === input.email.toLowerCase())).toHaveLength(1);

      const other = await h.call<ProblemJson>('POST', '/v1/people', {
        as: f.email.hal,
        json: { ...input, name: 'Someone Else' },
        headers,
      });
      expect(other.status).toBe(422);
      expect(other.body.code).toBe('idempotency_key_reused');
    });

    it('400 for an invalid Idempotency-Key', async () => {
      const res = await h.call<ProblemJson>('POST', '/v1/people', {
        as: f.email.hal,
        json: newPerson(),
        headers: { 'Idempotency-Key': 'has space' },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors?.[0]?.path).toBe('idempotency-key');
    });
  });

  describe('PATCH /v1/people/{id}', () => {
    const patch = (
      id: string,
      json: unknown,
      headers: Record<string, string> = { 'If-Match': '"1"' },
      as = f.email.hal,
    ) => h.call<PersonJson & ProblemJson>('PATCH', `/v1/people/${id}`, { as, json, headers });

    it('HR changes a person; the version and ETag move on', async () => {
      const res = await patch(f.id.sam, { jobTitle: 'Account executive', managerId: f.id.cat });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ jobTitle: 'Account executive', managerId: f.id.cat, version: 2 });
      expect(res.headers.get('etag')).toBe('"2"');
    });

    it('428 without If-Match (and for *), 412 when stale with the current version', async () => {
      expect((await patch(f.id.sam, { jobTitle: 'x' }, {})).status).toBe(428);
      const star = await patch(f.id.sam, { jobTitle: 'x' }, { 'If-Match': '*' });
      expect([star.status, star.body.code]).toEqual([428, 'precondition_required']);
      await patch(f.id.sam, { jobTitle: 'first' });
      const stale = await patch(f.id.sam, { jobTitle: 'second' });
      expect(stale.status).toBe(412);
      expect(stale.body).toMatchObject({ code: 'stale_version', details: { currentVersion: 2 } });
    });

    it('422 manager_cycle when the new manager reports to the person', async () => {
      const res = await patch(f.id.erin, { managerId: f.id.paul });
      expect(res.status).toBe(422);
      expect(res.body.code).toBe('manager_cycle');
      expect(res.body.errors?.[0]?.path).toBe('managerId');
    });

    it('403 for a manager changing their own report; 404 when the person is not visible', async () => {
      const mine = await patch(f.id.pia, { jobTitle: 'Lead' }, { 'If-Match': '"1"' }, f.email.mo);
      expect([mine.status, mine.body.code]).toEqual([403, 'forbidden']);
      const hidden = await patch(f.id.sam, { jobTitle: 'Lead' }, { 'If-Match': '"1"' }, f.email.mo);
      expect(hidden.status).toBe(404);
      const foreign = await patch(f.id.gus, { jobTitle: 'Lead' });
      expect(foreign.status).toBe(404);
    });

    it('403 own_person_record when HR changes their own manager, department, roles or active flag; nothing changes', async () => {
      const orgId = f.acme.organisation.id;
      const head = async () => (await h.store.feed.read(orgId, { after: 0, limit: 1000 })).events.length;
      const before = await head();
      const cases: [Record<string, unknown>, string[]][] = [
        [{ managerId: f.id.cat }, ['managerId']],
        [{ departmentId: f.dept.sales }, ['departmentId']],
        [{ roles: ['employee'] }, ['roles']],
        [{ roles: ['employee', 'hr_admin', 'department_head'] }, ['roles']],
        [{ active: false }, ['active']],
        [
          { managerId: f.id.cat, departmentId: f.dept.sales, jobTitle: 'Chief of everything' },
          ['managerId', 'departmentId'],
        ],
      ];
      for (const [json, fields] of cases) {
        const res = await patch(f.id.hal, json);
        expect([res.status, res.body.code]).toEqual([403, 'own_person_record']);
        expect(res.headers.get('content-type')).toContain('application/problem+json');
        expect(res.body.errors?.map((e) => [e.path, e.code])).toEqual(
          fields.map((path) => [path, 'own_person_record']),
        );
      }
      // Refused before If-Match is looked at: nothing to retry with a fresh ETag.
      expect((await patch(f.id.hal, { managerId: f.id.cat }, {})).body.code).toBe('own_person_record');
      const hal = await h.call<PersonJson>('GET', `/v1/people/${f.id.hal}`, { as: f.email.hal });
      expect(hal.body).toMatchObject({ managerId: null, roles: ['employee', 'hr_admin'], version: 1 });
      expect(await head()).toBe(before);
    });

    it('HR still changes their own name, e-mail and job title, and may send their decisive fields unchanged', async () => {
      const me = await h.call<PersonJson & { departmentId: string }>('GET', '/v1/people/me', {
        as: f.email.hal,
      });
      const email = `hal.new-${Math.random().toString(36).slice(2)}@acme.test`;
      const res = await patch(f.id.hal, {
        name: 'Hal Renamed',
        email,
        jobTitle: 'People partner',
        managerId: me.body.managerId,
        departmentId: me.body.departmentId,
        roles: [...me.body.roles].reverse(),
        active: true,
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ name: 'Hal Renamed', email, jobTitle: 'People partner', version: 2 });
    });

    it('a second HR administrator changes the first one’s manager and roles', async () => {
      await patch(f.id.cat, { roles: ['employee', 'manager', 'hr_admin'] });
      const res = await patch(f.id.hal, { managerId: f.id.cat, roles: ['employee'] }, undefined, f.email.cat);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ managerId: f.id.cat, roles: ['employee'] });
      // Cat is now the only HR administrator and cannot drop the role herself (recusal comes first).
      const own = await patch(f.id.cat, { roles: ['employee', 'manager'] }, undefined, f.email.cat);
      expect([own.status, own.body.code]).toEqual([403, 'own_person_record']);
    });

    it('last_hr_admin still guards a write that would leave no active HR administrator', async () => {
      // Through HTTP one HR admin only ever changes another while staying one (e.g. a race is what is left).
      const snapshot = await loadOrgSnapshot(h.store, f.acme.organisation.id);
      const hal = snapshot.people.get(f.id.hal)?.entity;
      if (!hal) throw new Error('Hal is missing from the snapshot');
      let thrown: unknown;
      try {
        assertPersonWrite(snapshot, { ...hal, roles: ['employee'] }, hal);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(ApiError);
      expect([(thrown as ApiError).status, (thrown as ApiError).code]).toEqual([409, 'last_hr_admin']);
      expect(() => assertPersonWrite(snapshot, { ...hal, jobTitle: 'Still HR' }, hal)).not.toThrow();
    });

    it('an e-mail change moves sign-in to the new address', async () => {
      const email = `sam.new-${Math.random().toString(36).slice(2)}@acme.test`;
      expect((await patch(f.id.sam, { email })).status).toBe(200);
      expect((await h.call('GET', '/v1/people/me', { as: email })).status).toBe(200);
      expect((await h.call('GET', '/v1/people/me', { as: f.email.sam })).status).toBe(403);
    });

    it('409 email_taken when the new e-mail signs in to another organisation', async () => {
      const res = await patch(f.id.sam, { email: f.email.gus });
      expect([res.status, res.body.code]).toEqual([409, 'email_taken']);
    });

    it('a deactivated person can no longer sign in', async () => {
      expect((await patch(f.id.sam, { active: false })).status).toBe(200);
      const res = await h.call<ProblemJson>('GET', '/v1/people/me', { as: f.email.sam });
      expect([res.status, res.body.code]).toEqual([403, 'identity_not_provisioned']);
    });

    it('400 for an empty patch or unknown fields', async () => {
      expect((await patch(f.id.sam, {})).status).toBe(400);
      const res = await patch(f.id.sam, { id: 'per_other' });
      expect(res.body.errors?.[0]).toMatchObject({ path: 'id', code: 'unrecognized_key' });
    });

    it('records audit entries and feed events for the change', async () => {
      await patch(f.id.sam, { jobTitle: 'Closer' });
      const feed = await h.store.feed.read(f.acme.organisation.id, { after: 0, limit: 1000 });
      const last = feed.events.at(-1);
      expect(last).toMatchObject({ kind: 'people', resourceId: f.id.sam, op: 'update', version: 2 });
      expect(last?.data).toMatchObject({ jobTitle: 'Closer' });
      const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      expect(audit.entries.at(-1)).toMatchObject({
        actor: f.id.hal,
        action: 'person.update',
        data: { changed: { jobTitle: { from: '', to: 'Closer' } } },
      });
    });
  });
});
