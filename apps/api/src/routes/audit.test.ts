// /v1/audit (HR): paged hash-chained entries and chain verification, including a tampered entry.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type Entry = { seq: number; actor: string; action: string; hash: string; prevHash: string };
type Page = { items: Entry[]; nextCursor: string | null };

describe.each(ENGINES)('audit routes on %s', (engine) => {
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

  describe('/v1/audit', () => {
    it('pages through the chain in seq order', async () => {
      const seen: Entry[] = [];
      let cursor: string | null = null;
      do {
        const query: string = cursor ? `&cursor=${cursor}` : '';
        const res = await h.call<Page>('GET', `/v1/audit?limit=4${query}`, { as: f.email.hal });
        expect(res.status).toBe(200);
        seen.push(...res.body.items);
        cursor = res.body.nextCursor;
      } while (cursor);
      const all = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      expect(seen.map((e) => e.seq)).toEqual(all.entries.map((e) => e.seq));
      for (let i = 1; i < seen.length; i++) expect(seen[i]?.prevHash).toBe(seen[i - 1]?.hash);
      expect(seen).not.toContainEqual(expect.objectContaining({ orgId: expect.anything() }));
    });

    it('400 cursor_ahead for a cursor past the latest seq; the last page ends with a null cursor', async () => {
      const all = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      const latest = all.entries.at(-1)?.seq ?? 0;
      const last = await h.call<Page>('GET', `/v1/audit?cursor=${latest - 1}`, { as: f.email.hal });
      expect([last.body.items.map((e) => e.seq), last.body.nextCursor]).toEqual([[latest], null]);
      expect(
        (await h.call<Page>('GET', `/v1/audit?cursor=${latest}`, { as: f.email.hal })).body.items,
      ).toEqual([]);
      // Audit entries and feed events share the organisation's seq: past it, entries would be skipped.
      const seq = (await h.store.organisations.get(f.acme.organisation.id))?.seq ?? 0;
      expect(seq).toBeGreaterThanOrEqual(latest);
      expect((await h.call('GET', `/v1/audit?cursor=${seq}`, { as: f.email.hal })).status).toBe(200);
      const ahead = await h.call<{ code: string; details: unknown }>('GET', `/v1/audit?cursor=${seq + 1}`, {
        as: f.email.hal,
      });
      expect([ahead.status, ahead.body.code, ahead.body.details]).toEqual([
        400,
        'cursor_ahead',
        { latestSeq: seq },
      ]);
    });

    it('verifies the chain, and reports where it was tampered with', async () => {
      const ok = await h.call<{ ok: boolean; entries: number }>('GET', '/v1/audit/verify', {
        as: f.email.hal,
      });
      expect(ok.body).toMatchObject({ ok: true });
      const entries = (await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 })).entries;
      const victim = entries[2];
      if (!victim) throw new Error('fixture has too few audit entries');
      await h.store.db
        .updateTable('audit_log')
        .set({ actor: 'mallory' })
        .where('org_id', '=', f.acme.organisation.id)
        .where('seq', '=', victim.seq)
        .execute();
      const broken = await h.call('GET', '/v1/audit/verify', { as: f.email.hal });
      expect(broken.body).toMatchObject({ ok: false, brokenAt: victim.seq, reason: expect.any(String) });
    });

    it('403 for anyone but HR (and for API keys); 400 for a bad cursor', async () => {
      expect((await h.call('GET', '/v1/audit', { as: f.email.cat })).status).toBe(403);
      expect((await h.call('GET', '/v1/audit/verify', { as: f.email.sam })).status).toBe(403);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      expect((await h.call('GET', '/v1/audit', { key })).status).toBe(403);
      expect((await h.call('GET', '/v1/audit?cursor=abc', { as: f.email.hal })).status).toBe(400);
    });

    it("shows only the caller's organisation", async () => {
      const res = await h.call<Page>('GET', '/v1/audit?limit=500', { as: f.email.gwen });
      expect(res.body.items.every((e) => e.actor === 'system' || e.actor === f.id.gwen)).toBe(true);
      const globex = await h.store.audit.list(f.globex.organisation.id, { after: 0, limit: 1000 });
      expect(res.body.items).toHaveLength(globex.entries.length);
    });
  });
});
