// Conformance, part three (migration 0005): listing a person's logins, unlinking them, and what an unlink stops.
import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from './changes.ts';
import { expectStoreError, newOrg, uid } from './conformance-helpers.ts';
import type { Store } from './store.ts';

export function runIdentityUnlinkConformance(current: () => Store): void {
  describe('identity unlinks', () => {
    it("lists a person's logins in their organisation only, sorted by provider then subject", async () => {
      const store = current();
      const orgId = await newOrg(store);
      const other = await newOrg(store);
      const google = `g${uid()}`;
      const entra = `t:${uid()}`;
      const email = `Ann.${uid()}@Example.test`;
      await store.identities.link({ orgId, provider: 'google', subject: google, personId: 'p1' });
      await store.identities.link({ orgId, provider: 'entra', subject: entra, personId: 'p1' });
      await store.identities.link({ orgId, provider: 'email', subject: email, personId: 'p1' });
      await store.identities.link({ orgId, provider: 'entra', subject: `t:${uid()}`, personId: 'p2' });
      await store.identities.link({ orgId: other, provider: 'entra', subject: `t:${uid()}`, personId: 'p1' });
      const listed = await store.identities.listForPerson(orgId, 'p1');
      expect(listed.map((i) => [i.provider, i.subject, i.unlinkedAt])).toEqual([
        ['email', email.toLowerCase(), null],
        ['entra', entra, null],
        ['google', google, null],
      ]);
      expect(listed.every((i) => i.orgId === orgId && i.personId === 'p1' && i.createdAt !== '')).toBe(true);
      expect(await store.identities.listForPerson(orgId, 'nobody')).toEqual([]);
    });

    it("lists an organisation's linked logins of one provider, by person then subject, without tombstones", async () => {
      const store = current();
      const orgId = await newOrg(store);
      const other = await newOrg(store);
      const [a, b, c] = [`t:a${uid()}`, `t:b${uid()}`, `t:c${uid()}`];
      await store.identities.link({ orgId, provider: 'entra', subject: b, personId: 'p2' });
      await store.identities.link({ orgId, provider: 'entra', subject: c, personId: 'p1' });
      await store.identities.link({ orgId, provider: 'entra', subject: a, personId: 'p1' });
      await store.identities.link({ orgId, provider: 'google', subject: `g${uid()}`, personId: 'p3' });
      await store.identities.link({
        orgId,
        provider: 'email',
        subject: `p4.${uid()}@x.test`,
        personId: 'p4',
      });
      await store.identities.link({ orgId: other, provider: 'entra', subject: `t:${uid()}`, personId: 'p5' });
      const gone = `t:d${uid()}`;
      await store.identities.link({ orgId, provider: 'entra', subject: gone, personId: 'p6' });
      await store.identities.unlink({ orgId, provider: 'entra', subject: gone, personId: 'p6' });

      const listed = await store.identities.listLinked(orgId, 'entra');
      expect(listed.map((i) => [i.personId, i.subject])).toEqual([
        ['p1', a],
        ['p1', c],
        ['p2', b],
      ]);
      expect(listed.every((i) => i.orgId === orgId && i.provider === 'entra' && i.unlinkedAt === null)).toBe(
        true,
      );
      expect((await store.identities.listLinked(orgId, 'google')).map((i) => i.personId)).toEqual(['p3']);
      expect(await store.identities.listLinked(await newOrg(store), 'entra')).toEqual([]);
      await expectStoreError(
        store.transaction(other, (tx) => tx.identities.listLinked(orgId, 'entra')),
        'org_mismatch',
      );
    });

    it('unlinks only the login of that person of that organisation, once, and keeps a tombstone', async () => {
      const store = current();
      const orgId = await newOrg(store);
      const other = await newOrg(store);
      const subject = `t:${uid()}`;
      await store.identities.link({ orgId, provider: 'entra', subject, personId: 'p1' });
      const key = { orgId, provider: 'entra' as const, subject, personId: 'p1' };
      expect(await store.identities.unlink({ ...key, personId: 'p2' })).toBeUndefined();
      expect(await store.identities.unlink({ ...key, provider: 'google' })).toBeUndefined();
      await expectStoreError(
        store.transaction(other, (tx) => tx.identities.unlink(key)),
        'org_mismatch',
      );
      expect(await store.identities.find('entra', subject)).toMatchObject({ personId: 'p1' });

      const unlinked = await store.transaction(orgId, (tx) => tx.identities.unlink(key));
      expect(unlinked).toMatchObject({ orgId, provider: 'entra', subject, personId: 'p1' });
      expect(unlinked?.unlinkedAt).toEqual(expect.any(String));
      expect(await store.identities.find('entra', subject)).toBeUndefined();
      expect(await store.identities.listForPerson(orgId, 'p1')).toEqual([unlinked]);
      // Already unlinked: nothing to do.
      expect(await store.identities.unlink(key)).toBeUndefined();
      // E-mail subjects are matched lower-cased here too.
      const email = `Bo.${uid()}@Example.test`;
      await store.identities.link({ orgId, provider: 'email', subject: email, personId: 'p1' });
      expect(
        await store.identities.unlink({
          orgId,
          provider: 'email',
          subject: email.toUpperCase(),
          personId: 'p1',
        }),
      ).toMatchObject({ subject: email.toLowerCase() });
      expect(await store.identities.find('email', email)).toBeUndefined();
    });

    it('an automatic link of a login unlinked from that person is refused; an explicit link revives it', async () => {
      const store = current();
      const orgId = await newOrg(store);
      const subject = `t:${uid()}`;
      const key = { orgId, provider: 'entra' as const, subject, personId: 'p1' };
      const first = await store.identities.link({ ...key, automatic: true });
      expect(first).toMatchObject({ ok: true, identity: { personId: 'p1', unlinkedAt: null } });
      await store.identities.unlink(key);

      expect(await store.identities.link({ ...key, automatic: true })).toEqual({
        ok: false,
        reason: 'unlinked',
      });
      expect(await store.identities.find('entra', subject)).toBeUndefined();
      // Another person of the organisation may still get it automatically (HR corrected who it belongs to).
      const moved = await store.identities.link({ ...key, personId: 'p2', automatic: true });
      expect(moved).toMatchObject({ ok: true, identity: { personId: 'p2', unlinkedAt: null } });
      await store.identities.unlink({ ...key, personId: 'p2' });

      const revived = await store.identities.link(key);
      expect(revived).toMatchObject({ ok: true, identity: { personId: 'p1', unlinkedAt: null } });
      expect(await store.identities.find('entra', subject)).toMatchObject({ personId: 'p1' });
      // Once revived, automatic links work again.
      expect(await store.identities.link({ ...key, automatic: true })).toMatchObject({ ok: true });
    });

    it('linkedAt is kept for the same live link and restarts when the login changes hands or is revived', async () => {
      const store = current();
      const orgId = await newOrg(store);
      const subject = `t:${uid()}`;
      const key = { orgId, provider: 'entra' as const, subject, personId: 'p1' };
      const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
      const first = await store.identities.link(key);
      if (!first.ok) throw new Error('expected a link');
      await tick();
      expect(await store.identities.link(key)).toMatchObject({
        identity: { createdAt: first.identity.createdAt },
      });
      await store.identities.unlink(key);
      await tick();
      const revived = await store.identities.link(key);
      if (!revived.ok) throw new Error('expected a revived link');
      expect(revived.identity.createdAt > first.identity.createdAt).toBe(true);
      await tick();
      const moved = await store.identities.link({ ...key, personId: 'p2' });
      if (!moved.ok) throw new Error('expected a moved link');
      expect(moved.identity.createdAt > revived.identity.createdAt).toBe(true);
    });

    it('another organisation may take a login its owner unlinked; a live one stays refused', async () => {
      const store = current();
      const orgId = await newOrg(store);
      const other = await newOrg(store);
      const subject = `g${uid()}`;
      await store.identities.link({ orgId, provider: 'google', subject, personId: 'p1' });
      expect(
        await store.identities.link({ orgId: other, provider: 'google', subject, personId: 'p9' }),
      ).toEqual({
        ok: false,
        reason: 'linked_to_other_org',
      });
      await store.identities.unlink({ orgId, provider: 'google', subject, personId: 'p1' });
      const taken = await store.identities.link({
        orgId: other,
        provider: 'google',
        subject,
        personId: 'p9',
      });
      expect(taken).toMatchObject({ ok: true, identity: { orgId: other, personId: 'p9', unlinkedAt: null } });
      expect(await store.identities.listForPerson(orgId, 'p1')).toEqual([]);
      expect(await store.identities.find('google', subject)).toMatchObject({ orgId: other });
    });

    it('an unlink reports `identities` for caches and rolls back with its transaction', async () => {
      const store = current();
      const orgId = await newOrg(store);
      const subject = `t:${uid()}`;
      const key = { orgId, provider: 'entra' as const, subject, personId: 'p1' };
      await store.identities.link(key);
      const events: ChangeEvent[] = [];
      const stop = store.changes.subscribe((e) => {
        if (e.orgId === orgId) events.push(e);
      });
      try {
        const boom = new Error('boom');
        await expect(
          store.transaction(orgId, async (tx) => {
            expect(await tx.identities.unlink(key)).toBeDefined();
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await store.identities.find('entra', subject)).toMatchObject({ personId: 'p1' });
        expect(events).toEqual([]);
        await store.transaction(orgId, async (tx) => {
          await tx.identities.unlink(key);
          await tx.audit({ actor: 'u', action: 'person.identity_unlink', resourceId: 'p1' });
        });
        expect(events).toEqual([{ orgId, kinds: ['identities'] }]);
      } finally {
        stop();
      }
    });
  });
}
