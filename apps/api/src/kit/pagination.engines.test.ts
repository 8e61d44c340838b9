// Every cursor-paged listing of /openapi.json on the demo data: pages walk to the same items, and a cursor the API never issued is 400.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedOnFirstStart } from '../demo/firstStart.ts';
import { DEMO_HR } from '../demo/roster.ts';
import { depsFor } from '../deps.ts';
import { type ApiHarness, createApiHarness, ENGINES } from '../testing/apiHarness.ts';
import { testEnv } from '../testing/testApp.ts';
import { CURSOR_PATTERN, encodeCursor } from './cursor.ts';

type Param = { name: string; in: string; required?: boolean; schema?: { pattern?: string } };
type Doc = { paths: Record<string, Record<string, { parameters?: Param[] }>> };
type Page = { items: unknown[]; nextCursor: string | null };
type ProblemJson = { code: string; errors?: { path: string; location: string; message: string }[] };

const HR = DEMO_HR.email;
/** Listings with a cursor of their own kind: the audit log (a seq) and integration state (an API key's keys). */
const OWN_CURSOR = ['/v1/audit', '/v1/integrations/{integration}/state'];

describe.each(ENGINES)('cursor paging of every listing on %s', (engine) => {
  let h: ApiHarness;
  const listings: string[] = [];
  const values: Record<string, string> = {};

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    const first = await seedOnFirstStart(testEnv(), {
      store: h.store,
      directory: depsFor(h.store).directory,
    });
    if (!first.seeded) throw new Error('the demo did not seed');
    const person = first.seed.org.person as Record<string, string>;
    const sessions = await h.call<Page>('GET', `/v1/calibration-sessions?cycleId=${first.seed.closed.id}`, {
      as: HR,
    });
    const session = (sessions.body.items[0] as { id: string } | undefined)?.id ?? '';
    values.cycle = first.seed.closed.id;
    values.person = person.ava ?? '';
    values.session = session;
    const doc = (await (await h.app.request('/openapi.json')).json()) as Doc;
    for (const [path, ops] of Object.entries(doc.paths)) {
      const cursor = ops.get?.parameters?.find((p) => p.in === 'query' && p.name === 'cursor');
      if (!cursor) continue;
      if (OWN_CURSOR.includes(path)) continue;
      expect(cursor.schema?.pattern, `${path}: the opaque cursor`).toBe(CURSOR_PATTERN.source);
      listings.push(path);
    }
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  /** A listing's URL on the demo's closed cycle (Ava for a person, its calibration session). */
  const url = (path: string): string => {
    const filled = path
      .replace('{cycleId}', values.cycle ?? '')
      .replace('{personId}', values.person ?? '')
      .replace(
        '{id}',
        path.startsWith('/v1/calibration-sessions') ? (values.session ?? '') : (values.cycle ?? ''),
      );
    return path.endsWith('/feedback-reviewers') ? `${filled}?subjectId=${values.person}` : filled;
  };
  const withQuery = (base: string, query: string) => `${base}${base.includes('?') ? '&' : '?'}${query}`;

  it('finds the listings (all but two use the opaque cursor)', () => {
    expect(listings.length).toBeGreaterThanOrEqual(20);
  });

  it('walks every listing two items at a time to exactly the items of one big page', async () => {
    let walkedMany = 0;
    for (const path of listings) {
      const all = await h.call<Page>('GET', withQuery(url(path), 'limit=500'), { as: HR });
      expect(all.status, `${path}: ${JSON.stringify(all.body).slice(0, 300)}`).toBe(200);
      expect(all.body.nextCursor).toBeNull();
      const walked: unknown[] = [];
      let cursor: string | null = null;
      let pages = 0;
      do {
        const query: string = cursor === null ? 'limit=2' : `limit=2&cursor=${encodeURIComponent(cursor)}`;
        const res = await h.call<Page>('GET', withQuery(url(path), query), { as: HR });
        expect(res.status, `${path} page ${pages + 1}: ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
        walked.push(...res.body.items);
        cursor = res.body.nextCursor;
        if (cursor !== null) expect(cursor, path).toMatch(CURSOR_PATTERN);
        pages += 1;
      } while (cursor !== null && pages < 200);
      expect(walked, path).toEqual(all.body.items);
      if (pages > 2) walkedMany += 1;
    }
    // The demo has enough records that most listings take several pages.
    expect(walkedMany).toBeGreaterThanOrEqual(10);
  }, 120_000);

  it('refuses a cursor it never issued with 400 on `cursor`, for every listing', async () => {
    const first = await h.call<Page>('GET', '/v1/people?limit=2', { as: HR });
    const issued = first.body.nextCursor ?? '';
    const bad = [
      'zzz', // sorts after every id: the listing came back empty
      'abc', // sorts before every id: the listing restarted from the top
      values.person ?? '', // an id instead of a cursor
      issued.slice(0, -1), // truncated
      `${encodeCursor('per_x').split('.')[0]}.AAAAAAAAAA`, // a key with a made-up check
      `${Buffer.from('per\u0000x').toString('base64url')}.AAAAAAAAAA`,
    ];
    for (const path of listings) {
      for (const cursor of bad) {
        const res = await h.call<ProblemJson>(
          'GET',
          withQuery(url(path), `cursor=${encodeURIComponent(cursor)}`),
          {
            as: HR,
          },
        );
        expect(res.status, `${path} cursor=${cursor}`).toBe(400);
        expect(res.body.code).toBe('validation_failed');
        expect(res.body.errors).toEqual([
          expect.objectContaining({
            path: 'cursor',
            location: 'query',
            message: expect.stringContaining('nextCursor'),
          }),
        ]);
      }
    }
  }, 120_000);
});
