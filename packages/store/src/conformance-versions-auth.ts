// Conformance, part two (migration 0002): organisation versions, tx-scoped identities and keys, expiry, purge, new kinds.
import { describe, expect, it } from 'vitest';
import { sha256Hex } from './audit-hash.ts';
import type { MakeStore } from './conformance.ts';
import { expectStoreError, newOrg, uid } from './conformance-helpers.ts';
import type { Store } from './store.ts';

export function runVersionsAndAuthConformance(current: () => Store, makeStore: MakeStore): void {
  describe('organisation versions', () => {
    it('starts at version 1; tx.organisations.update is a compare-and-set', async () => {
      const store = current();
      const orgId = await newOrg(store);
      const created = await store.organisations.get(orgId);
      expect(created).toMatchObject({ version: 1, settings: {} });

      const updated = await store.transaction(orgId, (tx) =>
        tx.organisations.update(orgId, { expectedVersion: 1, name: 'Renamed', settings: { locale: 'fr' } }),
      );
      expect(updated).toMatchObject({
        ok: true,
        record: { id: orgId, name: 'Renamed', settings: { locale: 'fr' }, version: 2 },
      });
      // Only the given fields change.
      const settingsOnly = await store.transaction(orgId, (tx) =>
        tx.organisations.update(orgId, { expectedVersion: 2, settings: { locale: 'de' } }),
      );
      expect(settingsOnly).toMatchObject({ ok: true, record: { name: 'Renamed', version: 3 } });
      expect(await store.organisations.get(orgId)).toMatchObject({ version: 3, settings: { locale: 'de' } });

      const stale = await store.transaction(orgId, (tx) =>
        tx.organisations.update(orgId, { expectedVersion: 2, name: 'Lost' }),
      );
      expect(stale).toMatchObject({ ok: false, reason: 'version_conflict', current: { version: 3 } });
      const missing = `org_missing_${uid()}`;
      expect(
        await store.transaction(missing, (tx) => tx.organisations.update(missing, { expectedVersion: 1 })),
      ).toEqual({ ok: false, reason: 'not_found' });
      await expectStoreError(
        store.transaction(orgId, (tx) =>
          tx.organisations.update(orgId, {
            expectedVersion: 3,
            settings: [] as unknown as Record<string, unknown>,
          }),
        ),
        'invalid_argument',
      );
      const other = await newOrg(store);
      await expectStoreError(
        store.transaction(orgId, (tx) => tx.organisations.update(other, { expectedVersion: 1 })),
        'org_mismatch',
      );
    });

    it('commits the update with its audit entry and feed event, or rolls all back', async () => {
      const store = current();
      const orgId = await newOrg(store);
      await store.transaction(orgId, async (tx) => {
        const result = await tx.organisations.update(orgId, { expectedVersion: 1, name: 'A' });
        if (!result.ok) throw new Error(result.reason);
        await tx.audit({ actor: 'u', action: 'organisation.update', resourceId: orgId });
        await tx.emit({
          kind: 'organisations',
          resourceId: orgId,
          op: 'update',
          version: result.record.version,
        });
        expect((await tx.organisations.get(orgId))?.name).toBe('A');
      });
      const boom = new Error('boom');
      await expect(
        store.transaction(orgId, async (tx) => {
          await tx.organisations.update(orgId, { expectedVersion: 2, name: 'B' });
          await tx.audit({ actor: 'u', action: 'organisation.update', resourceId: orgId });
          await tx.emit({ kind: 'organisations', resourceId: orgId, op: 'update', version: 3 });
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.organisations.get(orgId)).toMatchObject({ name: 'A', version: 2, seq: 2 });
      expect((await store.feed.read(orgId)).events.map((e) => e.version)).toEqual([2]);
      expect(await store.audit.verify(orgId)).toEqual({ ok: true, entries: 1 });
    });
  });

  describe('identities and api keys inside a transaction', () => {
    it("'email' identities are stored and matched lower-cased", async () => {
      const store = current();
      const orgId = await newOrg(store);
      const address = `Ann.${uid()}@Example.TEST`;
      const linked = await store.identities.link({
        orgId,
        provider: 'email',
        subject: ` ${address} `,
        personId: 'p1',
      });
      expect(linked).toMatchObject({
        ok: true,
        identity: { provider: 'email', subject: address.toLowerCase() },
      });
      expect(await store.identities.find('email', address.toUpperCase())).toMatchObject({
        orgId,
        personId: 'p1',
      });
      // Other providers keep the subject as given.
      await store.identities.link({ orgId, provider: 'google', subject: address, personId: 'p1' });
      expect(await store.identities.find('google', address.toLowerCase())).toBeUndefined();
    });

    it('tx.identities and tx.apiKeys commit and roll back with the transaction', async () => {
      const store = current();
      const orgId = await newOrg(store);
      const other = await newOrg(store);
      const email = `bob.${uid()}@example.test`;
      const prefix = `pl_${uid()}`;
      const hash = sha256Hex(prefix);
      const boom = new Error('boom');
      await expect(
        store.transaction(orgId, async (tx) => {
          expect(
            await tx.identities.link({ orgId, provider: 'email', subject: email, personId: 'p1' }),
          ).toMatchObject({
            ok: true,
          });
          expect(await tx.identities.find('email', email)).toMatchObject({ personId: 'p1' });
          await tx.apiKeys.create({ id: `k_${uid()}`, orgId, name: 'ci', prefix, hash, scopes: ['read'] });
          expect(await tx.apiKeys.findByPrefix(prefix)).toMatchObject({ orgId });
          throw boom;
        }),
      ).rejects.toBe(boom);
      expect(await store.identities.find('email', email)).toBeUndefined();
      expect(await store.apiKeys.findByPrefix(prefix)).toBeUndefined();

      const keyId = `k_${uid()}`;
      await store.transaction(orgId, async (tx) => {
        await tx.identities.link({ orgId, provider: 'email', subject: email, personId: 'p1' });
        await tx.apiKeys.create({ id: keyId, orgId, name: 'ci', prefix, hash, scopes: ['read'] });
        await tx.audit({ actor: 'u', action: 'api_key.create', resourceId: keyId });
      });
      expect(await store.identities.find('email', email)).toMatchObject({ orgId, personId: 'p1' });
      // A login owned by this organisation is refused to another one, inside a transaction too.
      expect(
        await store.transaction(other, (tx) =>
          tx.identities.link({ orgId: other, provider: 'email', subject: email, personId: 'p9' }),
        ),
      ).toEqual({ ok: false, reason: 'linked_to_other_org' });

      const revoked = await store.transaction(orgId, async (tx) => {
        const key = await tx.apiKeys.revoke(orgId, keyId);
        await tx.audit({ actor: 'u', action: 'api_key.revoke', resourceId: keyId });
        return key;
      });
      expect(revoked?.revokedAt).not.toBeNull();
      expect((await store.apiKeys.findByPrefix(prefix))?.revokedAt).toBe(revoked?.revokedAt);
      await expectStoreError(
        store.transaction(other, (tx) => tx.apiKeys.revoke(orgId, keyId)),
        'org_mismatch',
      );
      await expectStoreError(
        store.transaction(other, (tx) =>
          tx.identities.link({ orgId, provider: 'email', subject: `x${email}`, personId: 'p1' }),
        ),
        'org_mismatch',
      );
    });

    it('api keys carry an optional expiry, normalised to UTC', async () => {
      const store = current();
      const orgId = await newOrg(store);
      const base = { orgId, name: 'k', hash: sha256Hex('s'), scopes: [] };
      const never = await store.apiKeys.create({ ...base, id: `k_${uid()}`, prefix: `p_${uid()}` });
      expect(never.expiresAt).toBeNull();
      const prefix = `p_${uid()}`;
      const expiring = await store.apiKeys.create({
        ...base,
        id: `k_${uid()}`,
        prefix,
        expiresAt: '2030-01-01T02:00:00+02:00',
      });
      expect(expiring.expiresAt).toBe('2030-01-01T00:00:00.000Z');
      expect((await store.apiKeys.findByPrefix(prefix))?.expiresAt).toBe('2030-01-01T00:00:00.000Z');
      await expectStoreError(
        store.apiKeys.create({ ...base, id: `k_${uid()}`, prefix: `p_${uid()}`, expiresAt: 'soon' }),
        'invalid_argument',
      );
    });
  });

  describe('idempotency purge', () => {
    it('deletes keys stored before the cutoff, in every organisation, and keeps the rest', async () => {
      let now = '2001-01-01T00:00:00.000Z';
      const store = await makeStore(() => now);
      try {
        const a = await newOrg(store);
        const b = await newOrg(store);
        const put = (orgId: string, key: string) =>
          store.idempotency.put({ orgId, principal: 'p', key, requestHash: 'h', status: 201, body: '{}' });
        for (let i = 0; i < 1005; i++) await put(a, `old-${i}`);
        await put(b, 'old');
        now = '2001-06-01T00:00:00.000Z';
        await put(a, 'new');
        // More than one purge batch (1000 rows).
        expect(await store.idempotency.purge(new Date('2001-03-01T00:00:00.000Z'))).toBe(1006);
        expect(await store.idempotency.get(a, 'p', 'old-0')).toBeUndefined();
        expect(await store.idempotency.get(b, 'p', 'old')).toBeUndefined();
        expect(await store.idempotency.get(a, 'p', 'new')).toBeDefined();
        expect(await store.idempotency.purge('2001-03-01T00:00:00.000Z')).toBe(0);
        await expectStoreError(store.idempotency.purge('not a date'), 'invalid_argument');
      } finally {
        await store.close();
      }
    });
  });

  describe('resource kinds of migration 0002', () => {
    it('stores gap attributions, compensation and potential assessments', async () => {
      const store = current();
      const orgId = await newOrg(store);
      for (const kind of ['gap_attributions', 'compensation', 'potential_assessments'] as const) {
        const record = await store
          .resources(kind)
          .create(orgId, { id: `${kind}_1`, subjectId: 'p1', data: { kind } });
        expect(await store.resources(kind).get(orgId, record.id)).toEqual(record);
      }
    });
  });
}
