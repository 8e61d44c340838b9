// The one conformance suite every engine must pass; sqlite.test.ts and postgres.test.ts run it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from './audit-hash.ts';
import { expectStoreError, newOrg, uid, unwrapRecord } from './conformance-helpers.ts';
import { runIdentityUnlinkConformance } from './conformance-identities.ts';
import { runVersionsAndAuthConformance } from './conformance-versions-auth.ts';
import { MIGRATIONS } from './migrations/provider.ts';
import type { Store } from './store.ts';
import type { Clock } from './types.ts';

/** Opens a store on the engine under test; `clock` overrides the system clock. */
export type MakeStore = (clock?: Clock) => Promise<Store>;

export interface ConformanceOptions {
  /** True when successive makeStore() calls open the same database (a file or a schema, not ':memory:'). */
  sharedDatabase?: boolean;
}

async function countRows(store: Store, table: 'audit_log' | 'change_feed', orgId: string): Promise<number> {
  const row = await store.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .where('org_id', '=', orgId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export function runStoreConformance(
  name: string,
  makeStore: MakeStore,
  options: ConformanceOptions = {},
): void {
  describe(`store conformance: ${name}`, () => {
    let store: Store;

    beforeAll(async () => {
      store = await makeStore();
    });
    afterAll(async () => {
      await store?.close();
    });

    describe('open and migrations', () => {
      it('pings and reports its engine', async () => {
        await expect(store.ping()).resolves.toBeUndefined();
        expect(['sqlite', 'postgres']).toContain(store.engine);
      });

      it('is idempotent: opening again (also twice at once) re-runs nothing', async () => {
        const [again, twice] = await Promise.all([
          makeStore(),
          options.sharedDatabase ? makeStore() : undefined,
        ]);
        try {
          for (const s of [store, again, twice]) {
            if (s === undefined) continue;
            const { rows } = await sql<{
              name: string;
            }>`select name from kysely_migration order by name`.execute(s.db);
            expect(rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());
          }
          if (options.sharedDatabase) {
            const orgId = await newOrg(store);
            expect(await again.organisations.get(orgId)).toMatchObject({ id: orgId });
          }
        } finally {
          await again.close();
          await twice?.close();
        }
      });

      it('enforces foreign keys to organisations', async () => {
        await expectStoreError(
          store.resources('goals').create(`org_missing_${uid()}`, { id: 'g1', data: {} }),
          'foreign_key',
        );
      });

      it('uses the injected clock', async () => {
        const fixed = await makeStore(() => '2030-01-02T03:04:05.000Z');
        try {
          const orgId = await newOrg(fixed);
          const record = await fixed.resources('cycles').create(orgId, { id: 'c1', data: {} });
          expect(record.createdAt).toBe('2030-01-02T03:04:05.000Z');
          expect((await fixed.organisations.get(orgId))?.createdAt).toBe('2030-01-02T03:04:05.000Z');
        } finally {
          await fixed.close();
        }
      });
    });

    describe('organisations', () => {
      it('creates, gets by id and slug, refuses duplicate slugs, lists by cursor', async () => {
        const id = `org_${uid()}`;
        const created = await store.organisations.create({
          id,
          name: 'Acme',
          slug: `acme-${id}`,
          settings: { theme: 'incentive' },
        });
        expect(created).toMatchObject({ id, name: 'Acme', settings: { theme: 'incentive' }, seq: 0 });
        expect(await store.organisations.get(id)).toEqual(created);
        expect(await store.organisations.getBySlug(`acme-${id}`)).toEqual(created);
        expect(await store.organisations.get(`nope_${uid()}`)).toBeUndefined();
        await expectStoreError(
          store.organisations.create({ id: `org_${uid()}`, name: 'Dup', slug: `acme-${id}` }),
          'duplicate',
        );
        await newOrg(store);
        const first = await store.organisations.list({ limit: 1 });
        expect(first.organisations).toHaveLength(1);
        expect(first.nextCursor).not.toBeNull();
        const seen: string[] = [];
        let after: string | undefined;
        for (;;) {
          const page = await store.organisations.list({ after, limit: 2 });
          seen.push(...page.organisations.map((o) => o.id));
          if (page.nextCursor === null) break;
          after = page.nextCursor;
        }
        expect(seen).toContain(id);
        expect([...seen].sort()).toEqual(seen);
      });
    });

    describe('resources: CRUD', () => {
      it('creates version 1, gets, updates, soft-deletes', async () => {
        const orgId = await newOrg(store);
        const goals = store.resources('goals');
        const created = await goals.create(orgId, {
          id: 'g1',
          cycleId: 'c1',
          subjectId: 'p1',
          parentId: 'd1',
          data: { title: 'Ship', weight: 40, nested: { b: 2, a: [1, { z: true }] } },
        });
        expect(created).toMatchObject({
          orgId,
          id: 'g1',
          version: 1,
          cycleId: 'c1',
          subjectId: 'p1',
          parentId: 'd1',
          data: { title: 'Ship', weight: 40, nested: { b: 2, a: [1, { z: true }] } },
          deletedAt: null,
        });
        expect(created.createdAt).toBe(created.updatedAt);
        expect(await goals.get(orgId, 'g1')).toEqual(created);
        expect(await goals.get(orgId, 'nope')).toBeUndefined();
        await expectStoreError(goals.create(orgId, { id: 'g1', data: {} }), 'duplicate');

        const updated = unwrapRecord(
          await goals.update(orgId, 'g1', { expectedVersion: 1, data: { title: 'Ship v2' }, parentId: null }),
        );
        expect(updated).toMatchObject({
          version: 2,
          data: { title: 'Ship v2' },
          cycleId: 'c1',
          subjectId: 'p1',
          parentId: null,
        });
        expect(await goals.get(orgId, 'g1')).toEqual(updated);

        const deleted = unwrapRecord(await goals.softDelete(orgId, 'g1', 2));
        expect(deleted.version).toBe(3);
        expect(deleted.deletedAt).not.toBeNull();
        expect(await goals.get(orgId, 'g1')).toBeUndefined();
        expect(await goals.get(orgId, 'g1', { includeDeleted: true })).toEqual(deleted);
        expect(await goals.update(orgId, 'g1', { expectedVersion: 3, data: {} })).toEqual({
          ok: false,
          reason: 'not_found',
        });
        expect(await goals.softDelete(orgId, 'g1', 3)).toEqual({ ok: false, reason: 'not_found' });
        // Kinds are separate tables.
        expect(await store.resources('reviews').get(orgId, 'g1', { includeDeleted: true })).toBeUndefined();
      });

      it('rejects non-object data and bad versions', async () => {
        const orgId = await newOrg(store);
        const people = store.resources('people');
        await expectStoreError(
          people.create(orgId, { id: 'p1', data: [] as unknown as Record<string, unknown> }),
          'invalid_argument',
        );
        await people.create(orgId, { id: 'p1', data: {} });
        await expectStoreError(
          people.update(orgId, 'p1', { expectedVersion: 0, data: {} }),
          'invalid_argument',
        );
      });

      it('lists by filter, by ids, in id order, with an id cursor', async () => {
        const orgId = await newOrg(store);
        const checkIns = store.resources('check_ins');
        const ids = ['k05', 'k01', 'k04', 'k02', 'k03', 'k06'];
        for (const [i, id] of ids.entries()) {
          await checkIns.create(orgId, {
            id,
            cycleId: i % 2 === 0 ? 'c1' : 'c2',
            subjectId: i < 3 ? 'alice' : 'bob',
            parentId: 'goal-1',
            data: { i },
          });
        }
        await checkIns.softDelete(orgId, 'k06', 1);

        const all = await checkIns.list(orgId);
        expect(all.records.map((r) => r.id)).toEqual(['k01', 'k02', 'k03', 'k04', 'k05']);
        expect(all.nextCursor).toBeNull();
        const withDeleted = await checkIns.list(orgId, { includeDeleted: true });
        expect(withDeleted.records.map((r) => r.id)).toEqual(['k01', 'k02', 'k03', 'k04', 'k05', 'k06']);

        expect((await checkIns.list(orgId, { cycleId: 'c1' })).records.map((r) => r.id)).toEqual([
          'k03',
          'k04',
          'k05',
        ]);
        expect((await checkIns.list(orgId, { subjectId: 'bob' })).records.map((r) => r.id)).toEqual([
          'k02',
          'k03',
        ]);
        expect(
          (await checkIns.list(orgId, { cycleId: 'c2', subjectId: 'alice' })).records.map((r) => r.id),
        ).toEqual(['k01']);
        expect((await checkIns.list(orgId, { parentId: 'goal-1' })).records).toHaveLength(5);
        expect((await checkIns.list(orgId, { parentId: 'goal-2' })).records).toHaveLength(0);
        expect(
          (await checkIns.list(orgId, { ids: ['k04', 'k01', 'k06', 'zz'] })).records.map((r) => r.id),
        ).toEqual(['k01', 'k04']);
        expect((await checkIns.list(orgId, { ids: [] })).records).toEqual([]);

        const page1 = await checkIns.list(orgId, { limit: 2 });
        expect(page1.records.map((r) => r.id)).toEqual(['k01', 'k02']);
        expect(page1.nextCursor).toBe('k02');
        const page2 = await checkIns.list(orgId, { limit: 2, after: page1.nextCursor ?? '' });
        expect(page2.records.map((r) => r.id)).toEqual(['k03', 'k04']);
        const page3 = await checkIns.list(orgId, { limit: 2, after: page2.nextCursor ?? '' });
        expect(page3.records.map((r) => r.id)).toEqual(['k05']);
        expect(page3.nextCursor).toBeNull();
      });
    });

    describe('tenancy', () => {
      it("org B cannot get, list, update or delete org A's rows; ids are per organisation", async () => {
        const a = await newOrg(store);
        const b = await newOrg(store);
        const reviews = store.resources('reviews');
        const record = await reviews.create(a, {
          id: 'r1',
          cycleId: 'c1',
          subjectId: 'p1',
          data: { score: 4 },
        });

        expect(await reviews.get(b, 'r1')).toBeUndefined();
        expect(await reviews.get(b, 'r1', { includeDeleted: true })).toBeUndefined();
        expect((await reviews.list(b)).records).toEqual([]);
        expect((await reviews.list(b, { cycleId: 'c1' })).records).toEqual([]);
        expect((await reviews.list(b, { ids: ['r1'] })).records).toEqual([]);
        expect(await reviews.update(b, 'r1', { expectedVersion: 1, data: { score: 1 } })).toEqual({
          ok: false,
          reason: 'not_found',
        });
        expect(await reviews.softDelete(b, 'r1', 1)).toEqual({ ok: false, reason: 'not_found' });
        expect(await reviews.get(a, 'r1')).toEqual(record);

        const own = await reviews.create(b, { id: 'r1', data: { score: 2 } });
        expect(own.orgId).toBe(b);
        expect((await reviews.get(a, 'r1'))?.data).toEqual({ score: 4 });
        expect((await reviews.get(b, 'r1'))?.data).toEqual({ score: 2 });

        await store.transaction(a, async (tx) => {
          await tx.audit({ actor: 'u', action: 'x' });
          await tx.emit({ kind: 'reviews', resourceId: 'r1', op: 'update', version: 1 });
        });
        expect((await store.feed.read(b)).events).toEqual([]);
        expect((await store.audit.list(b)).entries).toEqual([]);
        expect(await store.audit.verify(b)).toEqual({ ok: true, entries: 0 });
      });

      it('a transaction refuses other organisations', async () => {
        const a = await newOrg(store);
        const b = await newOrg(store);
        await expectStoreError(
          store.transaction(a, (tx) => tx.resources('goals').get(b, 'g1')),
          'org_mismatch',
        );
      });
    });

    describe('optimistic concurrency', () => {
      it('a stale version is a version_conflict carrying the current record', async () => {
        const orgId = await newOrg(store);
        const plans = store.resources('plans');
        await plans.create(orgId, { id: 'p1', data: { n: 0 } });
        unwrapRecord(await plans.update(orgId, 'p1', { expectedVersion: 1, data: { n: 1 } }));
        const stale = await plans.update(orgId, 'p1', { expectedVersion: 1, data: { n: 99 } });
        expect(stale).toMatchObject({
          ok: false,
          reason: 'version_conflict',
          current: { version: 2, data: { n: 1 } },
        });
        expect(await plans.softDelete(orgId, 'p1', 1)).toMatchObject({
          ok: false,
          reason: 'version_conflict',
        });
      });

      it('version() reads the live version only, in this organisation', async () => {
        const orgId = await newOrg(store);
        const other = await newOrg(store);
        const plans = store.resources('plans');
        await plans.create(orgId, { id: 'p1', data: { n: 0 } });
        expect(await plans.version(orgId, 'p1')).toBe(1);
        unwrapRecord(await plans.update(orgId, 'p1', { expectedVersion: 1, data: { n: 1 } }));
        expect(await plans.version(orgId, 'p1')).toBe(2);
        expect(await plans.version(other, 'p1')).toBeUndefined();
        expect(await plans.version(orgId, 'nope')).toBeUndefined();
        unwrapRecord(await plans.softDelete(orgId, 'p1', 2));
        expect(await plans.version(orgId, 'p1')).toBeUndefined();
        expect(
          await store.transaction(orgId, (tx) => tx.resources('plans').version(orgId, 'p1')),
        ).toBeUndefined();
      });

      it('create with `requires` writes only while the required record is at that version', async () => {
        const orgId = await newOrg(store);
        const other = await newOrg(store);
        await store.resources('cycles').create(orgId, { id: 'c1', data: { phase: 'coach' } });
        await store.resources('cycles').create(other, { id: 'c2', data: {} });
        const checkIns = store.resources('check_ins');
        const requires = { kind: 'cycles', id: 'c1', version: 1 } as const;
        const created = await checkIns.create(orgId, { id: 'k1', data: { n: 1 }, requires });
        expect(created).toMatchObject({ id: 'k1', version: 1, data: { n: 1 } });
        await expectStoreError(checkIns.create(orgId, { id: 'k1', data: {}, requires }), 'duplicate');
        await expectStoreError(
          checkIns.create(orgId, { id: 'k2', data: {}, requires: { ...requires, version: 2 } }),
          'precondition_failed',
        );
        await expectStoreError(
          checkIns.create(orgId, { id: 'k3', data: {}, requires: { kind: 'cycles', id: 'c2', version: 1 } }),
          'precondition_failed',
        );
        await store.transaction(orgId, async (tx) => {
          await tx.resources('check_ins').create(orgId, { id: 'k4', data: {}, requires });
          unwrapRecord(await tx.resources('cycles').update(orgId, 'c1', { expectedVersion: 1, data: {} }));
          await expectStoreError(
            tx.resources('check_ins').create(orgId, { id: 'k5', data: {}, requires }),
            'precondition_failed',
          );
        });
        expect((await checkIns.list(orgId)).records.map((r) => r.id)).toEqual(['k1', 'k4']);
        unwrapRecord(await store.resources('cycles').softDelete(orgId, 'c1', 2));
        await expectStoreError(
          checkIns.create(orgId, { id: 'k6', data: {}, requires: { ...requires, version: 3 } }),
          'precondition_failed',
        );
      });

      it('20 concurrent updates with the same version: exactly one wins', async () => {
        const orgId = await newOrg(store);
        const plans = store.resources('plans');
        await plans.create(orgId, { id: 'p1', data: { n: 0 } });
        const results = await Promise.all(
          Array.from({ length: 20 }, (_, n) =>
            plans.update(orgId, 'p1', { expectedVersion: 1, data: { n } }),
          ),
        );
        const winners = results.filter((r) => r.ok);
        expect(winners).toHaveLength(1);
        expect(results.filter((r) => !r.ok && r.reason === 'version_conflict')).toHaveLength(19);
        const final = await plans.get(orgId, 'p1');
        expect(final?.version).toBe(2);
        expect(final?.data).toEqual(winners[0]?.ok ? winners[0].record.data : undefined);
      });

      it('20 concurrent transactional read-modify-writes: exactly one wins, the others roll back', async () => {
        const orgId = await newOrg(store);
        await store.resources('results').create(orgId, { id: 'x', data: { n: 0 } });
        const outcomes = await Promise.allSettled(
          Array.from({ length: 20 }, (_, n) =>
            store.transaction(orgId, async (tx) => {
              const result = await tx
                .resources('results')
                .update(orgId, 'x', { expectedVersion: 1, data: { n } });
              if (!result.ok) throw new Error(result.reason);
              await tx.audit({
                actor: 'u',
                action: 'result.update',
                resourceKind: 'results',
                resourceId: 'x',
              });
              await tx.emit({
                kind: 'results',
                resourceId: 'x',
                op: 'update',
                version: result.record.version,
              });
            }),
          ),
        );
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
        expect(await countRows(store, 'audit_log', orgId)).toBe(1);
        expect(await countRows(store, 'change_feed', orgId)).toBe(1);
      });
    });

    describe('transactions', () => {
      it('commits the change, its audit entry and its feed event together', async () => {
        const orgId = await newOrg(store);
        const record = await store.transaction(orgId, async (tx) => {
          const created = await tx.resources('goals').create(orgId, { id: 'g1', data: { title: 'A' } });
          await tx.audit({
            actor: 'user:1',
            action: 'goal.create',
            resourceKind: 'goals',
            resourceId: 'g1',
            data: created.data,
          });
          await tx.emit({
            kind: 'goals',
            resourceId: 'g1',
            op: 'create',
            version: created.version,
            data: created.data,
          });
          return created;
        });
        expect(await store.resources('goals').get(orgId, 'g1')).toEqual(record);
        // Sequenced at commit, in call order: the audit entry 1, the feed event 2.
        expect((await store.audit.list(orgId)).entries).toMatchObject([{ seq: 1, action: 'goal.create' }]);
        expect((await store.feed.read(orgId)).events).toMatchObject([
          { seq: 2, kind: 'goals', resourceId: 'g1', op: 'create', version: 1, data: { title: 'A' } },
        ]);
        expect((await store.organisations.get(orgId))?.seq).toBe(2);
      });

      it('a thrown error rolls back the record, the audit entry and the feed event', async () => {
        const orgId = await newOrg(store);
        await store.resources('goals').create(orgId, { id: 'g0', data: { v: 0 } });
        const boom = new Error('boom');
        await expect(
          store.transaction(orgId, async (tx) => {
            await tx.resources('goals').create(orgId, { id: 'g1', data: {} });
            await tx.resources('goals').update(orgId, 'g0', { expectedVersion: 1, data: { v: 1 } });
            await tx.idempotency.put({
              orgId,
              principal: 'u',
              key: 'k',
              requestHash: 'h',
              status: 201,
              body: '{}',
            });
            await tx.audit({ actor: 'u', action: 'goal.create', resourceKind: 'goals', resourceId: 'g1' });
            await tx.emit({ kind: 'goals', resourceId: 'g1', op: 'create', version: 1 });
            throw boom;
          }),
        ).rejects.toBe(boom);
        expect(await store.resources('goals').get(orgId, 'g1', { includeDeleted: true })).toBeUndefined();
        expect((await store.resources('goals').get(orgId, 'g0'))?.version).toBe(1);
        expect(await store.idempotency.get(orgId, 'u', 'k')).toBeUndefined();
        expect(await countRows(store, 'audit_log', orgId)).toBe(0);
        expect(await countRows(store, 'change_feed', orgId)).toBe(0);
        expect((await store.organisations.get(orgId))?.seq).toBe(0);
        // The store is still usable afterwards.
        await store.transaction(orgId, (tx) => tx.audit({ actor: 'u', action: 'after' }));
        expect(await store.audit.verify(orgId)).toEqual({ ok: true, entries: 1 });
      });

      it('concurrent transactions do not interleave: one sequence, one unbroken chain', async () => {
        const orgId = await newOrg(store);
        await Promise.all(
          Array.from({ length: 12 }, (_, i) =>
            store.transaction(orgId, async (tx) => {
              const record = await tx
                .resources('feedback_requests')
                .create(orgId, { id: `f${i}`, data: { i } });
              await tx.audit({
                actor: `u${i}`,
                action: 'create',
                resourceKind: 'feedback_requests',
                resourceId: `f${i}`,
              });
              await tx.emit({
                kind: 'feedback_requests',
                resourceId: `f${i}`,
                op: 'create',
                version: record.version,
              });
            }),
          ),
        );
        expect(await store.audit.verify(orgId)).toEqual({ ok: true, entries: 12 });
        const { entries } = await store.audit.list(orgId, { limit: 100 });
        const { events } = await store.feed.read(orgId, { limit: 100 });
        const seqs = [...entries.map((e) => e.seq), ...events.map((e) => e.seq)].sort((x, y) => x - y);
        expect(seqs).toEqual(Array.from({ length: 24 }, (_, i) => i + 1));
        // Each transaction's audit entry and feed event are adjacent: nothing interleaved.
        for (const entry of entries) {
          const event = events.find((e) => e.seq === entry.seq + 1);
          expect(event?.resourceId).toBe(entry.resourceId);
        }
      });

      it("runs each transaction in its caller's async context (also when they queue)", async () => {
        const orgId = await newOrg(store);
        const context = new AsyncLocalStorage<string>();
        const seen = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            context.run(`request-${i}`, () =>
              store.transaction(orgId, async (tx) => {
                await tx.resources('goals').get(orgId, 'g');
                return context.getStore();
              }),
            ),
          ),
        );
        expect(seen).toEqual(Array.from({ length: 10 }, (_, i) => `request-${i}`));
      });

      it('audit/emit called concurrently inside one transaction still chain in order', async () => {
        const orgId = await newOrg(store);
        await store.transaction(orgId, async (tx) => {
          await Promise.all([
            tx.audit({ actor: 'u', action: 'a1' }),
            tx.emit({ kind: 'goals', resourceId: 'g', op: 'update', version: 2 }),
            tx.audit({ actor: 'u', action: 'a2' }),
            tx.audit({ actor: 'u', action: 'a3' }),
          ]);
        });
        expect(await store.audit.verify(orgId)).toEqual({ ok: true, entries: 3 });
      });

      it('refuses store calls and nested transactions inside a transaction', async () => {
        const orgId = await newOrg(store);
        await expectStoreError(
          store.transaction(orgId, () => store.resources('goals').get(orgId, 'g')),
          'nested_transaction',
        );
        await expectStoreError(
          store.transaction(orgId, () => store.transaction(orgId, async () => 1)),
          'nested_transaction',
        );
        // A finished transaction's handle can no longer be used.
        let leaked: Parameters<Parameters<Store['transaction']>[1]>[0] | undefined;
        await store.transaction(orgId, async (tx) => {
          leaked = tx;
        });
        await expectStoreError(leaked?.audit({ actor: 'u', action: 'late' }) ?? Promise.resolve(), 'closed');
      });

      it('audit in a transaction for an unknown organisation fails with not_found', async () => {
        await expectStoreError(
          store.transaction(`org_missing_${uid()}`, (tx) => tx.audit({ actor: 'u', action: 'x' })),
          'not_found',
        );
      });
    });

    describe('audit log', () => {
      it('chains entries (first prev_hash is 64 zeros) and verifies across pages', async () => {
        const orgId = await newOrg(store);
        await store.transaction(orgId, async (tx) => {
          for (let i = 0; i < 520; i++) await tx.audit({ actor: 'u', action: 'bulk', data: { i } });
        });
        await store.transaction(orgId, (tx) =>
          tx.audit({ actor: 'u', action: 'last', data: { z: 1, a: [2] } }),
        );
        expect(await store.audit.verify(orgId)).toEqual({ ok: true, entries: 521 });

        const first = (await store.audit.list(orgId, { limit: 2 })).entries;
        expect(first[0]?.prevHash).toBe('0'.repeat(64));
        expect(first[1]?.prevHash).toBe(first[0]?.hash);
        const entry = first[0];
        if (entry === undefined) throw new Error('no entry');
        const canonical = `{"action":"bulk","actor":"u","at":${JSON.stringify(entry.at)},"data":{"i":0},"orgId":${JSON.stringify(orgId)},"resourceId":null,"resourceKind":null,"seq":1}`;
        expect(entry.hash).toBe(sha256Hex('0'.repeat(64) + canonical));

        const page = await store.audit.list(orgId, { after: 519, limit: 5 });
        expect(page.entries.map((e) => e.seq)).toEqual([520, 521]);
        expect(page.nextCursor).toBe(521);
        expect(page.entries[1]?.data).toEqual({ a: [2], z: 1 });
      });

      it('names the seq of a tampered row', async () => {
        const orgId = await newOrg(store);
        for (let i = 1; i <= 5; i++) {
          await store.transaction(orgId, (tx) => tx.audit({ actor: 'u', action: 'act', data: { i } }));
        }
        expect(await store.audit.verify(orgId)).toEqual({ ok: true, entries: 5 });
        await sql`update audit_log set data = ${'{"i":999}'} where org_id = ${orgId} and seq = ${3}`.execute(
          store.db,
        );
        expect(await store.audit.verify(orgId)).toMatchObject({ ok: false, brokenAt: 3, entries: 2 });
      });

      it('detects a deleted entry at the next seq', async () => {
        const orgId = await newOrg(store);
        await store.transaction(orgId, async (tx) => {
          for (let i = 1; i <= 4; i++) await tx.audit({ actor: 'u', action: 'act', data: { i } });
        });
        await sql`delete from audit_log where org_id = ${orgId} and seq = ${2}`.execute(store.db);
        expect(await store.audit.verify(orgId)).toMatchObject({ ok: false, brokenAt: 3 });
      });
    });

    describe('change feed', () => {
      it('reads in seq order with a cursor', async () => {
        const orgId = await newOrg(store);
        for (let i = 1; i <= 5; i++) {
          await store.transaction(orgId, (tx) =>
            tx.emit({
              kind: 'goals',
              resourceId: `g${i}`,
              op: i === 5 ? 'delete' : 'update',
              version: i,
              data: { i },
            }),
          );
        }
        const seen: string[] = [];
        let after = 0;
        let pages = 0;
        for (;;) {
          const { events, nextCursor } = await store.feed.read(orgId, { after, limit: 2 });
          if (events.length === 0) {
            expect(nextCursor).toBe(after);
            break;
          }
          pages += 1;
          for (const event of events) expect(event.seq).toBeGreaterThan(after);
          seen.push(...events.map((e) => e.resourceId));
          after = nextCursor;
        }
        expect(pages).toBe(3);
        expect(seen).toEqual(['g1', 'g2', 'g3', 'g4', 'g5']);
        const last = (await store.feed.read(orgId, { after: 4 })).events;
        expect(last).toMatchObject([{ seq: 5, op: 'delete', version: 5, data: { i: 5 } }]);
      });

      it('tells whether events of some kinds fall in a seq range', async () => {
        const orgId = await newOrg(store);
        const other = await newOrg(store);
        const kinds = ['goals', 'people', 'goals'];
        for (const [i, kind] of kinds.entries()) {
          await store.transaction(orgId, (tx) =>
            tx.emit({ kind, resourceId: `r${i}`, op: 'create', version: 1, data: {} }),
          );
        }
        await store.transaction(other, (tx) =>
          tx.emit({ kind: 'departments', resourceId: 'd', op: 'create', version: 1, data: {} }),
        );
        // seqs 1 goals, 2 people, 3 goals
        expect(await store.feed.anyOfKinds(orgId, { after: 0, upTo: 3 }, ['people'])).toBe(true);
        expect(await store.feed.anyOfKinds(orgId, { after: 2, upTo: 3 }, ['people'])).toBe(false);
        expect(await store.feed.anyOfKinds(orgId, { after: 0, upTo: 1 }, ['people'])).toBe(false);
        expect(await store.feed.anyOfKinds(orgId, { after: 0, upTo: 3 }, ['departments'])).toBe(false);
        expect(await store.feed.anyOfKinds(orgId, { after: 0, upTo: 3 }, [])).toBe(false);
        expect(await store.feed.anyOfKinds(other, { after: 0, upTo: 9 }, ['departments'])).toBe(true);
      });
    });

    describe('idempotency keys', () => {
      it('insert-if-absent returns the existing row on conflict', async () => {
        const orgId = await newOrg(store);
        const other = await newOrg(store);
        const first = await store.idempotency.put({
          orgId,
          principal: 'key:1',
          key: 'abc',
          requestHash: 'h1',
          status: 201,
          body: '{"id":"g1"}',
        });
        expect(first.inserted).toBe(true);
        const second = await store.idempotency.put({
          orgId,
          principal: 'key:1',
          key: 'abc',
          requestHash: 'h2',
          status: 500,
          body: 'other',
        });
        expect(second).toEqual({ inserted: false, record: first.record });
        expect(await store.idempotency.get(orgId, 'key:1', 'abc')).toEqual(first.record);
        expect(await store.idempotency.get(orgId, 'key:2', 'abc')).toBeUndefined();
        expect(await store.idempotency.get(other, 'key:1', 'abc')).toBeUndefined();
        const racing = await Promise.all(
          Array.from({ length: 10 }, (_, i) =>
            store.idempotency.put({
              orgId,
              principal: 'p',
              key: 'race',
              requestHash: `h${i}`,
              status: 200,
              body: `${i}`,
            }),
          ),
        );
        expect(racing.filter((r) => r.inserted)).toHaveLength(1);
        expect(new Set(racing.map((r) => r.record.body)).size).toBe(1);
      });
    });

    describe('api keys', () => {
      it('stores the hash, finds by prefix, touches and revokes within the organisation', async () => {
        const orgId = await newOrg(store);
        const other = await newOrg(store);
        const prefix = `pl_${uid()}`;
        const hash = sha256Hex('secret');
        const key = await store.apiKeys.create({
          id: `k_${uid()}`,
          orgId,
          name: 'ci',
          prefix,
          hash,
          scopes: ['read', 'write'],
        });
        expect(key).toMatchObject({
          orgId,
          prefix,
          hash,
          scopes: ['read', 'write'],
          lastUsedAt: null,
          revokedAt: null,
        });
        expect(await store.apiKeys.findByPrefix(prefix)).toEqual(key);
        expect(await store.apiKeys.findByPrefix(`${prefix}x`)).toBeUndefined();
        await expectStoreError(
          store.apiKeys.create({
            id: `k_${uid()}`,
            orgId,
            name: 'x',
            prefix: `p_${uid()}`,
            hash: 'secret',
            scopes: [],
          }),
          'invalid_argument',
        );
        await expectStoreError(
          store.apiKeys.create({ id: `k_${uid()}`, orgId, name: 'dup', prefix, hash, scopes: [] }),
          'duplicate',
        );

        await store.apiKeys.touch(orgId, key.id);
        expect((await store.apiKeys.findByPrefix(prefix))?.lastUsedAt).not.toBeNull();

        expect(await store.apiKeys.revoke(other, key.id)).toBeUndefined();
        expect((await store.apiKeys.findByPrefix(prefix))?.revokedAt).toBeNull();
        const revoked = await store.apiKeys.revoke(orgId, key.id);
        expect(revoked?.revokedAt).not.toBeNull();
        const again = await store.apiKeys.revoke(orgId, key.id);
        expect(again?.revokedAt).toBe(revoked?.revokedAt);
        expect((await store.apiKeys.findByPrefix(prefix))?.revokedAt).toBe(revoked?.revokedAt);
        expect((await store.apiKeys.list(orgId)).map((k) => k.id)).toEqual([key.id]);
        expect(await store.apiKeys.list(other)).toEqual([]);
      });
    });

    describe('identities', () => {
      it('links a login to a person of one organisation and finds it', async () => {
        const orgId = await newOrg(store);
        const other = await newOrg(store);
        const subject = `sub-${uid()}`;
        const linked = await store.identities.link({ orgId, provider: 'entra', subject, personId: 'p1' });
        expect(linked).toMatchObject({
          ok: true,
          identity: { orgId, provider: 'entra', subject, personId: 'p1' },
        });
        expect(await store.identities.find('entra', subject)).toMatchObject({ orgId, personId: 'p1' });
        expect(await store.identities.find('google', subject)).toBeUndefined();
        const relinked = await store.identities.link({ orgId, provider: 'entra', subject, personId: 'p2' });
        expect(relinked).toMatchObject({ ok: true, identity: { personId: 'p2' } });
        expect(
          await store.identities.link({ orgId: other, provider: 'entra', subject, personId: 'p9' }),
        ).toEqual({
          ok: false,
          reason: 'linked_to_other_org',
        });
        expect(await store.identities.find('entra', subject)).toMatchObject({ orgId, personId: 'p2' });
      });
    });

    runVersionsAndAuthConformance(() => store, makeStore);
    runIdentityUnlinkConformance(() => store);
  });
}
