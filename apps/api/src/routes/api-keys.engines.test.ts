// An API key's name with NUL or other control characters is a 400 on both engines, and nothing is created: the name is
// its own text column, and PostgreSQL refuses NUL in text, which surfaced as a 500 (found by the harness fuzzer's long mode).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

describe.each(ENGINES)('API key names on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const keys = async () =>
    (await h.call<{ items: unknown[] }>('GET', '/v1/api-keys?limit=500', { as: f.email.hal })).body.items
      .length;

  it('refuses NUL and control characters with 400, creating nothing', async () => {
    const before = await keys();
    for (const name of ['\u0000', 'a\u0000b', 'line\nbreak', 'bell\u0007', 'del\u007f']) {
      const res = await h.call<{ code: string; errors: { path: string }[] }>('POST', '/v1/api-keys', {
        as: f.email.hal,
        json: { name, scopes: ['sync:notion'] },
      });
      expect([JSON.stringify(name), res.status]).toEqual([JSON.stringify(name), 400]);
      expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      expect(res.body.errors.map((e) => e.path)).toEqual(['name']);
    }
    expect(await keys()).toBe(before);
  });

  it('keeps accepting names in any script, with emoji', async () => {
    const res = await h.call<{ name: string }>('POST', '/v1/api-keys', {
      as: f.email.hal,
      json: { name: 'Notion sync — Zürich 東京 🚀', scopes: ['sync:notion'] },
    });
    expect(res.status).toBe(201);
    expect(res.body.name).toBe('Notion sync — Zürich 東京 🚀');
  });
});
