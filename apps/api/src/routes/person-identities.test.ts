// /v1/people/{id}/identities: who may list a person's logins, HR unlinking and linking them (If-Match, audit, feed, sign-in).
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type IdentityJson = { provider: string; subject: string; linkedAt: string; unlinkedAt: string | null };
type ListJson = { items: IdentityJson[]; code?: string };
type ProblemJson = { code: string; errors?: { path: string; code: string }[] };

const TENANT = 'aaaaaaaa-0000-4000-8000-00000000000a';
/** A fresh Entra login `<tid>:<oid>` (logins are unique across organisations, and each test seeds new ones). */
const entraSubject = () => `${TENANT}:${randomUUID()}`;

describe.each(ENGINES)('person identities on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let ENTRA: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
  });
  beforeEach(async () => {
    f = await seedFixture(h);
    ENTRA = entraSubject();
  });
  afterAll(async () => {
    await h.close();
  });

  const acme = () => f.acme.organisation.id;
  const path = (personId: string, provider?: string, subject?: string) =>
    `/v1/people/${personId}/identities${provider === undefined ? '' : `/${provider}/${encodeURIComponent(subject ?? '')}`}`;
  /** The person's current ETag, as HR reads it. */
  const personEtag = async (personId: string) =>
    (await h.call('GET', `/v1/people/${personId}`, { as: f.email.hal })).headers.get('etag') ?? '';
  const linkEntra = (personId: string, subject = ENTRA, orgId = acme()) =>
    h.store.identities.link({ orgId, provider: 'entra', subject, personId });
  const auditEntries = async () => (await h.store.audit.list(acme(), { after: 0, limit: 1000 })).entries;

  describe('GET /v1/people/{id}/identities', () => {
    it("lists the person's logins with the person's ETag, to HR and to the person", async () => {
      await linkEntra(f.id.sam);
      const expected = [
        { provider: 'email', subject: f.email.sam, linkedAt: expect.any(String), unlinkedAt: null },
        { provider: 'entra', subject: ENTRA, linkedAt: expect.any(String), unlinkedAt: null },
      ];
      for (const who of ['hal', 'sam'] as const) {
        const res = await h.call<ListJson>('GET', path(f.id.sam), { as: f.email[who] });
        expect(res.status).toBe(200);
        expect(res.body.items).toEqual(expected);
        expect(res.headers.get('etag')).toBe(await personEtag(f.id.sam));
      }
    });

    it('is 404 for managers and heads who see the person, for hidden people and for another organisation', async () => {
      for (const [who, target] of [
        ['hana', 'sam'],
        ['mo', 'pia'],
        ['erin', 'paul'],
        ['sam', 'pia'],
        ['hal', 'gus'],
        ['gwen', 'sam'],
      ] as const) {
        const res = await h.call<ListJson>('GET', path(f.id[target]), { as: f.email[who] });
        expect([who, target, res.status]).toEqual([who, target, 404]);
      }
      const key = await h.apiKey(acme(), ['sync:notion']);
      expect((await h.call('GET', path(f.id.sam), { key })).status).toBe(403);
    });
  });

  describe('DELETE /v1/people/{id}/identities/{provider}/{subject}', () => {
    it('HR unlinks a login: 204 with the new ETag, audited, on the feed, and the person’s version moves', async () => {
      await linkEntra(f.id.sam);
      const etag = await personEtag(f.id.sam);
      const before = Number(etag.replaceAll('"', ''));
      const feedBefore = await h.store.feed.read(acme(), { after: 0, limit: 1000 });
      const res = await h.call('DELETE', path(f.id.sam, 'entra', ENTRA.toUpperCase()), {
        as: f.email.hal,
        headers: { 'If-Match': etag },
      });
      expect(res.status).toBe(204);
      expect(res.headers.get('etag')).toBe(`"${before + 1}"`);
      expect(await personEtag(f.id.sam)).toBe(`"${before + 1}"`);
      expect(await h.store.identities.find('entra', ENTRA)).toBeUndefined();

      const listed = await h.call<ListJson>('GET', path(f.id.sam), { as: f.email.hal });
      expect(listed.body.items.find((i) => i.provider === 'entra')?.unlinkedAt).toEqual(expect.any(String));
      expect((await auditEntries()).at(-1)).toMatchObject({
        actor: f.id.hal,
        action: 'person.identity_unlink',
        resourceKind: 'people',
        resourceId: f.id.sam,
        data: { provider: 'entra', subject: ENTRA },
      });
      const feed = await h.store.feed.read(acme(), { after: feedBefore.nextCursor, limit: 1000 });
      expect(feed.events).toEqual([
        expect.objectContaining({ kind: 'people', resourceId: f.id.sam, op: 'update', version: before + 1 }),
      ]);
      expect(feed.events[0]?.data).toMatchObject({ id: f.id.sam, email: f.email.sam });

      // A retry finds nothing linked: 404, nothing changes.
      const again = await h.call<ProblemJson>('DELETE', path(f.id.sam, 'entra', ENTRA), {
        as: f.email.hal,
        headers: { 'If-Match': etag },
      });
      expect([again.status, again.body.code]).toEqual([404, 'identity_not_linked']);
      expect(await personEtag(f.id.sam)).toBe(`"${before + 1}"`);
    });

    it('unlinking the e-mail login stops the person signing in by e-mail, until HR links it back', async () => {
      expect((await h.call('GET', '/v1/people/me', { as: f.email.sam })).status).toBe(200);
      const res = await h.call('DELETE', path(f.id.sam, 'email', f.email.sam), {
        as: f.email.hal,
        headers: { 'If-Match': await personEtag(f.id.sam) },
      });
      expect(res.status).toBe(204);
      const refused = await h.call<ProblemJson>('GET', '/v1/people/me', { as: f.email.sam });
      expect([refused.status, refused.body.code]).toEqual([403, 'identity_not_provisioned']);

      const relinked = await h.call<IdentityJson>('PUT', path(f.id.sam, 'email', f.email.sam.toUpperCase()), {
        as: f.email.hal,
        headers: { 'If-Match': await personEtag(f.id.sam) },
      });
      expect(relinked.status).toBe(200);
      expect(relinked.body).toMatchObject({ provider: 'email', subject: f.email.sam, unlinkedAt: null });
      expect((await auditEntries()).at(-1)).toMatchObject({
        action: 'person.identity_link',
        resourceId: f.id.sam,
        data: { provider: 'email', subject: f.email.sam },
      });
      expect((await h.call('GET', '/v1/people/me', { as: f.email.sam })).status).toBe(200);
    });

    it('checks in order: 404 (person, then login), 403 for non-HR, 428 / 400 / 412 for If-Match; nothing changes', async () => {
      await linkEntra(f.id.sam);
      const etag = await personEtag(f.id.sam);
      const audited = (await auditEntries()).length;
      const cases: [string, string, Record<string, string>, number, string][] = [
        ['hal', path(f.id.gus, 'email', f.email.gus), { 'If-Match': '"1"' }, 404, 'not_found'],
        ['hal', path(f.id.sam, 'google', 'nobody'), { 'If-Match': etag }, 404, 'identity_not_linked'],
        ['hal', path(f.id.sam, 'entra', `${TENANT}:other`), {}, 404, 'identity_not_linked'],
        ['mo', path(f.id.sam, 'entra', ENTRA), { 'If-Match': etag }, 404, 'not_found'],
        ['sam', path(f.id.sam, 'entra', ENTRA), { 'If-Match': etag }, 403, 'forbidden'],
        ['hana', path(f.id.sam, 'entra', ENTRA), { 'If-Match': etag }, 403, 'forbidden'],
        ['hal', path(f.id.sam, 'entra', ENTRA), {}, 428, 'precondition_required'],
        ['hal', path(f.id.sam, 'entra', ENTRA), { 'If-Match': '*' }, 428, 'precondition_required'],
        ['hal', path(f.id.sam, 'entra', ENTRA), { 'If-Match': 'junk' }, 400, 'invalid_if_match'],
        ['hal', path(f.id.sam, 'entra', ENTRA), { 'If-Match': '"99"' }, 412, 'stale_version'],
        ['hal', path(f.id.sam, 'dev', f.email.sam), { 'If-Match': etag }, 400, 'validation_failed'],
        ['hal', path(f.id.sam, 'entra', 'with space'), { 'If-Match': etag }, 400, 'validation_failed'],
      ];
      for (const [who, url, headers, status, code] of cases) {
        const res = await h.call<ProblemJson>('DELETE', url, { as: f.email[who as 'hal'], headers });
        expect([url, who, res.status, res.body.code]).toEqual([url, who, status, code]);
      }
      expect(await h.store.identities.find('entra', ENTRA)).toMatchObject({ personId: f.id.sam });
      expect(await personEtag(f.id.sam)).toBe(etag);
      expect((await auditEntries()).length).toBe(audited);
    });
  });

  describe('PUT /v1/people/{id}/identities/{provider}/{subject}', () => {
    it('links a new Entra login (stored lower-cased); linking it again changes nothing', async () => {
      const etag = await personEtag(f.id.pia);
      const res = await h.call<IdentityJson>('PUT', path(f.id.pia, 'entra', ENTRA.toUpperCase()), {
        as: f.email.hal,
        headers: { 'If-Match': etag },
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ provider: 'entra', subject: ENTRA, unlinkedAt: null });
      const next = res.headers.get('etag') ?? '';
      expect(next).not.toBe(etag);
      expect(await h.store.identities.find('entra', ENTRA)).toMatchObject({
        orgId: acme(),
        personId: f.id.pia,
      });
      const again = await h.call<IdentityJson>('PUT', path(f.id.pia, 'entra', ENTRA), {
        as: f.email.hal,
        headers: { 'If-Match': next },
      });
      expect([again.status, again.headers.get('etag')]).toEqual([200, next]);
      expect(again.body.linkedAt).toBe(res.body.linkedAt);
    });

    it('refuses: another person’s login (409), another organisation’s (409), a foreign e-mail (422), a bad subject (400)', async () => {
      await linkEntra(f.id.sam);
      const globexSubject = entraSubject();
      await linkEntra(f.id.gus, globexSubject, f.globex.organisation.id);
      const etag = await personEtag(f.id.pia);
      const audited = (await auditEntries()).length;
      const cases: [string, number, string][] = [
        [path(f.id.pia, 'entra', ENTRA), 409, 'identity_linked_elsewhere'],
        [path(f.id.pia, 'entra', globexSubject), 409, 'identity_taken'],
        [path(f.id.pia, 'email', f.email.sam), 422, 'identity_email_mismatch'],
        [path(f.id.pia, 'entra', 'not-a-guid:pair'), 400, 'validation_failed'],
      ];
      for (const [url, status, code] of cases) {
        const res = await h.call<ProblemJson>('PUT', url, { as: f.email.hal, headers: { 'If-Match': etag } });
        expect([url, res.status, res.body.code]).toEqual([url, status, code]);
      }
      expect(await personEtag(f.id.pia)).toBe(etag);
      expect((await auditEntries()).length).toBe(audited);
      expect(await h.store.identities.find('entra', ENTRA)).toMatchObject({ personId: f.id.sam });
    });
  });
});
