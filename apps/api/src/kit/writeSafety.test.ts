// The write-safety cases on BOTH engines: If-Match, lost updates under concurrency, idempotency races, audit chain.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

type PersonJson = { id: string; jobTitle: string; version: number };
type ProblemJson = { code: string; details?: Record<string, unknown> };

describe.each(ENGINES)('write safety on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const patchSam = (jobTitle: string, ifMatch?: string) =>
    h.call<PersonJson & ProblemJson>('PATCH', `/v1/people/${f.id.sam}`, {
      as: f.email.hal,
      json: { jobTitle },
      headers: ifMatch === undefined ? {} : { 'If-Match': ifMatch },
    });
  const current = async () =>
    (await h.store.resources('people').get(f.acme.organisation.id, f.id.sam))?.version ?? 0;

  it('428 without If-Match, 412 with a stale one (current version in the problem)', async () => {
    const missing = await patchSam('x');
    expect([missing.status, missing.body.code]).toEqual([428, 'precondition_required']);
    const version = await current();
    const stale = await patchSam('x', `"${version - 1 || 99}"`);
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ code: 'stale_version', details: { currentVersion: version } });
    expect(stale.headers.get('etag')).toBe(`"${version}"`);
  });

  it('concurrent updates from the same version: exactly one wins, the rest get 412', async () => {
    const version = await current();
    const results = await Promise.all(
      Array.from({ length: 6 }, (_, i) => patchSam(`racer ${i}`, `"${version}"`)),
    );
    const statuses = results.map((r) => r.status).sort();
    expect(statuses).toEqual([200, 412, 412, 412, 412, 412]);
    const winner = results.find((r) => r.status === 200);
    expect(winner?.body.version).toBe(version + 1);
    expect(await current()).toBe(version + 1);
  });

  it('concurrent creates with one Idempotency-Key: one person, every caller gets the same reply', async () => {
    const json = { name: 'Ida Once', email: `ida-${engine}@acme.test`, departmentId: f.dept.sales };
    const headers = { 'Idempotency-Key': `ida-${engine}` };
    const results = await Promise.all(
      Array.from({ length: 5 }, () =>
        h.call<PersonJson>('POST', '/v1/people', { as: f.email.hal, json, headers }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201]);
    expect(new Set(results.map((r) => r.body.id)).size).toBe(1);
    expect(results.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(4);
    const people = await h.store.resources('people').list(f.acme.organisation.id, { limit: 1000 });
    expect(people.records.filter((p) => p.data.email === json.email)).toHaveLength(1);

    const later = await h.call<PersonJson>('POST', '/v1/people', { as: f.email.hal, json, headers });
    expect(later.headers.get('idempotent-replayed')).toBe('true');
    expect(later.body.id).toBe(results[0]?.body.id);
  });

  it('concurrent creates with one key and different bodies: one wins, the others 422', async () => {
    const headers = { 'Idempotency-Key': `mixed-${engine}` };
    const results = await Promise.all(
      ['a', 'b', 'c'].map((n) =>
        h.call<ProblemJson>('POST', '/v1/departments', {
          as: f.email.hal,
          json: { name: `Team ${n}` },
          headers,
        }),
      ),
    );
    expect(results.map((r) => r.status).sort()).toEqual([201, 422, 422]);
    expect(
      results.filter((r) => r.status === 422).every((r) => r.body.code === 'idempotency_key_reused'),
    ).toBe(true);
  });

  it('keys are per caller: the same key from another person is a different request', async () => {
    const headers = { 'Idempotency-Key': `shared-${engine}` };
    const a = await h.call<{ id: string }>('POST', '/v1/departments', {
      as: f.email.hal,
      json: { name: 'A' },
      headers,
    });
    await h.call('PATCH', `/v1/people/${f.id.cat}`, {
      as: f.email.hal,
      json: { roles: ['employee', 'manager', 'hr_admin'] },
      headers: { 'If-Match': '"1"' },
    });
    const b = await h.call<{ id: string }>('POST', '/v1/departments', {
      as: f.email.cat,
      json: { name: 'A' },
      headers,
    });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.body.id).not.toBe(a.body.id);
    expect(b.headers.get('idempotent-replayed')).toBeNull();
  });

  it("another organisation's ids are not found, even with the right version", async () => {
    const res = await h.call('PATCH', `/v1/people/${f.id.gus}`, {
      as: f.email.hal,
      json: { jobTitle: 'x' },
      headers: { 'If-Match': '"1"' },
    });
    expect(res.status).toBe(404);
  });

  it('after all that, the audit chain verifies and the feed is gap-free in commit order', async () => {
    expect(await h.store.audit.verify(f.acme.organisation.id)).toMatchObject({ ok: true });
    const feed = await h.store.feed.read(f.acme.organisation.id, { after: 0, limit: 1000 });
    const seqs = feed.events.map((e) => e.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect([...seqs].sort((a, b) => a - b)).toEqual(seqs);
    const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
    const all = [...seqs, ...audit.entries.map((e) => e.seq)].sort((a, b) => a - b);
    expect(all).toEqual(Array.from({ length: all.length }, (_, i) => i + 1));
    // Every person version change is in the feed once.
    const samEvents = feed.events.filter((e) => e.resourceId === f.id.sam).map((e) => e.version);
    expect(samEvents).toEqual(Array.from({ length: samEvents.length }, (_, i) => i + 1));
  });
});
