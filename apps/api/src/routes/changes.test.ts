// /v1/changes: the change feed in commit order for HR and for API keys with a sync scope (filtered to their kinds).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type Event = { seq: number; kind: string; resourceId: string; op: string; version: number; data: unknown };
type Page = { events: Event[]; nextCursor: number };
type ProblemJson = {
  code: string;
  details?: Record<string, unknown>;
  errors?: { path: string; code: string; message: string; location: string }[];
};

describe.each(ENGINES)('changes routes on %s', (engine) => {
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

  describe('/v1/changes', () => {
    it('HR reads every event in seq order, resuming from nextCursor', async () => {
      const first = await h.call<Page>('GET', '/v1/changes?limit=5', { as: f.email.hal });
      expect(first.status).toBe(200);
      expect(first.body.events).toHaveLength(5);
      const seqs = first.body.events.map((e) => e.seq);
      expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
      expect(first.body.nextCursor).toBe(seqs.at(-1));

      const before = first.body.nextCursor;
      const rest = await h.call<Page>('GET', `/v1/changes?after=${before}&limit=500`, { as: f.email.hal });
      expect(rest.body.events.every((e) => e.seq > before)).toBe(true);

      await h.call('PATCH', `/v1/people/${f.id.sam}`, {
        as: f.email.hal,
        json: { jobTitle: 'Closer' },
        headers: { 'If-Match': '"1"' },
      });
      const next = await h.call<Page>('GET', `/v1/changes?after=${rest.body.nextCursor}`, {
        as: f.email.hal,
      });
      expect(next.body.events).toEqual([
        expect.objectContaining({ kind: 'people', resourceId: f.id.sam, op: 'update', version: 2 }),
      ]);
      const idle = await h.call<Page>('GET', `/v1/changes?after=${next.body.nextCursor}`, {
        as: f.email.hal,
      });
      expect(idle.body).toEqual({ events: [], nextCursor: next.body.nextCursor });
    });

    it('a sync:notion key sees only the kinds its scope reads, but its cursor still advances', async () => {
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const all = await h.call<Page>('GET', '/v1/changes?limit=500', { as: f.email.hal });
      const res = await h.call<Page>('GET', '/v1/changes?limit=500', { key });
      expect(res.status).toBe(200);
      expect(res.body.events).toEqual([]);
      expect(res.body.nextCursor).toBe(all.body.nextCursor);
    });

    it('403 for employees, managers and keys without a sync scope', async () => {
      expect((await h.call('GET', '/v1/changes', { as: f.email.cat })).status).toBe(403);
      const key = await h.apiKey(f.acme.organisation.id, ['reports:read']);
      expect((await h.call('GET', '/v1/changes', { key })).status).toBe(403);
    });

    it('400 for a bad cursor, in words that say what a good one is', async () => {
      const res = await h.call<ProblemJson>('GET', '/v1/changes?after=-1', { as: f.email.hal });
      expect(res.status).toBe(400);
      expect(res.body.errors).toEqual([
        expect.objectContaining({
          path: 'after',
          location: 'query',
          message: `Must be a whole number from 0 to ${Number.MAX_SAFE_INTEGER}, in plain decimal digits (no sign, exponent, decimal point, blanks or leading zero).`,
        }),
      ]);
    });

    it('400 cursor_ahead for a position past the latest seq, which would skip every change up to it', async () => {
      const head = (await h.call<Page>('GET', '/v1/changes?limit=500', { as: f.email.hal })).body.nextCursor;
      const ahead = await h.call<ProblemJson>('GET', `/v1/changes?after=${head + 5}`, { as: f.email.hal });
      expect(ahead.status).toBe(400);
      expect(ahead.body).toMatchObject({
        code: 'cursor_ahead',
        details: { latestSeq: head },
        errors: [expect.objectContaining({ path: 'after', code: 'cursor_ahead', location: 'query' })],
      });
      // The same for an API key; the feed's own position (the head) is fine and idle.
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      expect((await h.call<ProblemJson>('GET', `/v1/changes?after=${head + 1}`, { key })).body.code).toBe(
        'cursor_ahead',
      );
      expect((await h.call<Page>('GET', `/v1/changes?after=${head}`, { key })).body).toEqual({
        events: [],
        nextCursor: head,
      });
      // A position read before the next write stays good after it: the write is delivered.
      await h.call('PATCH', `/v1/people/${f.id.sam}`, {
        as: f.email.hal,
        json: { jobTitle: 'Closer' },
        headers: { 'If-Match': '"1"' },
      });
      const next = await h.call<Page>('GET', `/v1/changes?after=${head}`, { as: f.email.hal });
      expect(next.body.events.map((e) => [e.kind, e.resourceId])).toEqual([['people', f.id.sam]]);
    });
  });

  it('400 for numbers that are not plain digits (hex, exponent, blanks), here and on every paged list', async () => {
    for (const bad of ['0x10', '1e1', '%205', '', '1.0', '+5']) {
      for (const path of [`/v1/changes?limit=${bad}`, `/v1/changes?after=${bad}`, `/v1/goals?limit=${bad}`]) {
        const res = await h.call<{ code: string }>('GET', path, { as: f.email.hal });
        expect([path, res.status, res.body.code]).toEqual([path, 400, 'validation_failed']);
      }
    }
    expect((await h.call('GET', '/v1/changes?after=0&limit=16', { as: f.email.hal })).status).toBe(200);
  });
});
