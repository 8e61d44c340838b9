// /v1/integrations on BOTH engines: state compare-and-set, atomic batches, leases with fencing, directory, goal proposals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { MATRIX_COACH_CYCLE, MATRIX_PLAN_CYCLE, seedLoopMatrix } from './cycles/matrixFixture.ts';

type Entry = { key: string; value: Record<string, unknown>; version: number; code?: string };
type Problem = { code: string; details?: Record<string, unknown> };
type LeaseJson = { holder: string; token: number; expiresAt: string; acquired: boolean; version: number };

const base = '/v1/integrations/notion';

describe.each(ENGINES)('integration state and leases on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let key: string;
  let otherKey: string;
  let globexKey: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
    otherKey = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
    globexKey = await h.apiKey(f.globex.organisation.id, ['sync:notion']);
  });
  afterAll(async () => {
    await h.close();
  });

  const put = (k: string, value: unknown, headers: Record<string, string>, as = key) =>
    h.call<Entry & Problem>('PUT', `${base}/state/${k}`, { key: as, json: { value }, headers });

  it('creates with If-None-Match: *, replaces with If-Match, refuses stale or unconditional writes', async () => {
    const created = await put('cursor', { seq: 1 }, { 'If-None-Match': '*' });
    expect(created.status).toBe(201);
    expect(created.headers.get('etag')).toBe('"1"');
    expect((await put('cursor', { seq: 9 }, { 'If-None-Match': '*' })).status).toBe(412);
    expect((await put('cursor', { seq: 2 }, {})).status).toBe(428);
    const replaced = await put('cursor', { seq: 2 }, { 'If-Match': '"1"' });
    expect(replaced.status).toBe(200);
    expect(replaced.body.version).toBe(2);
    const stale = await put('cursor', { seq: 3 }, { 'If-Match': '"1"' });
    expect(stale.status).toBe(412);
    expect(stale.body.code).toBe('stale_version');
    const read = await h.call<Entry>('GET', `${base}/state/cursor`, { key });
    expect(read.body.value).toEqual({ seq: 2 });
    // Any key of the organisation with the scope shares the state (key rotation keeps it).
    expect((await h.call<Entry>('GET', `${base}/state/cursor`, { key: otherKey })).body.value).toEqual({
      seq: 2,
    });
    // Another organisation's key never sees it.
    expect((await h.call('GET', `${base}/state/cursor`, { key: globexKey })).status).toBe(404);
  });

  it('deletes leave a tombstone: versions keep growing, so an old ETag never matches again', async () => {
    await put('temp', { a: 1 }, { 'If-None-Match': '*' });
    expect((await h.call('DELETE', `${base}/state/temp`, { key })).status).toBe(428);
    expect(
      (await h.call('DELETE', `${base}/state/temp`, { key, headers: { 'If-Match': '"1"' } })).status,
    ).toBe(204);
    expect((await h.call('GET', `${base}/state/temp`, { key })).status).toBe(404);
    const again = await put('temp', { a: 2 }, { 'If-None-Match': '*' });
    expect(again.status).toBe(201);
    expect(again.body.version).toBe(3);
    expect((await put('temp', { a: 3 }, { 'If-Match': '"1"' })).status).toBe(412);
  });

  it('lists by prefix, paged, without tombstones', async () => {
    const writes = Array.from({ length: 7 }, (_, i) => ({
      key: `goal:g${i}`,
      ifVersion: null,
      value: { i },
    }));
    expect((await h.call('POST', `${base}/state`, { key, json: { writes } })).status).toBe(200);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `${base}/state?prefix=goal:&limit=3${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await h.call<{ items: Entry[]; nextCursor: string | null }>('GET', q, { key });
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e) => e.key));
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(writes.map((w) => w.key));
    // A cursor or prefix that is not made of a key's characters (a NUL byte: PostgreSQL refuses it in text) is 400.
    for (const q of ['cursor=a%00b', 'cursor=', 'prefix=goal%00', 'cursor=%2F..%2F'])
      expect((await h.call('GET', `${base}/state?${q}`, { key })).status).toBe(400);
  });

  it('applies a batch all or nothing and lists every conflict', async () => {
    const ok = await h.call<{ entries: { key: string; version: number }[] }>('POST', `${base}/state`, {
      key,
      json: {
        writes: [
          { key: 'b:1', ifVersion: null, value: { n: 1 } },
          { key: 'b:2', ifVersion: null, value: { n: 2 } },
        ],
      },
    });
    expect(ok.body.entries).toEqual([
      { key: 'b:1', version: 1, deleted: false },
      { key: 'b:2', version: 1, deleted: false },
    ]);
    const refused = await h.call<Problem>('POST', `${base}/state`, {
      key,
      json: {
        writes: [
          { key: 'b:1', ifVersion: 1, value: { n: 10 } },
          { key: 'b:2', ifVersion: 7, value: { n: 20 } },
          { key: 'b:3', ifVersion: null, value: { n: 30 } },
        ],
      },
    });
    expect(refused.status).toBe(412);
    expect(refused.body.details?.conflicts).toEqual([{ key: 'b:2', expected: 7, current: 1 }]);
    // Nothing of the refused batch was written.
    expect((await h.call<Entry>('GET', `${base}/state/b:1`, { key })).body.value).toEqual({ n: 1 });
    expect((await h.call('GET', `${base}/state/b:3`, { key })).status).toBe(404);
    const bad = await h.call<Problem>('POST', `${base}/state`, {
      key,
      json: { writes: [{ key: 'b:1', ifVersion: null, delete: true }] },
    });
    expect(bad.status).toBe(400);
  });

  it('concurrent compare-and-set: exactly one of many writers at the same version wins', async () => {
    await put('race', { n: 0 }, { 'If-None-Match': '*' });
    const second = await h.secondInstance();
    try {
      const results = await Promise.all(
        Array.from({ length: 8 }, (_, i) =>
          (i % 2 === 0 ? h : second).call('POST', `${base}/state`, {
            key,
            json: { writes: [{ key: 'race', ifVersion: 1, value: { n: i } }] },
          }),
        ),
      );
      expect(results.filter((r) => r.status === 200)).toHaveLength(1);
      expect(results.filter((r) => r.status === 412)).toHaveLength(7);
    } finally {
      await second.close();
    }
  });

  it('leases: one holder at a time, renewals keep the token, expiry hands over with a larger token', async () => {
    const acquire = (holder: string, ttlSeconds = 60) =>
      h.call<LeaseJson & Problem>('POST', `${base}/leases/sync`, { key, json: { holder, ttlSeconds } });
    const a = await acquire('worker-a');
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ holder: 'worker-a', token: 1, acquired: true });
    const b = await acquire('worker-b');
    expect(b.status).toBe(409);
    expect(b.body.code).toBe('lease_held');
    const renewed = await acquire('worker-a', 1);
    expect(renewed.body).toMatchObject({ token: 1, acquired: false });
    // A batch fenced by the lease commits while it is held…
    const fenced = (token: number) =>
      h.call<Problem>('POST', `${base}/state`, {
        key,
        json: {
          writes: [{ key: 'fenced', ifVersion: null, value: { token } }],
          lease: { name: 'sync', token },
        },
      });
    expect((await fenced(1)).status).toBe(200);
    // …and not once it expired (the API's clock decides).
    await new Promise((r) => setTimeout(r, 1100));
    const lost = await h.call<Problem>('POST', `${base}/state`, {
      key,
      json: { writes: [{ key: 'fenced', ifVersion: 1, value: {} }], lease: { name: 'sync', token: 1 } },
    });
    expect(lost.status).toBe(409);
    expect(lost.body.code).toBe('lease_lost');
    const taken = await acquire('worker-b');
    expect(taken.body).toMatchObject({ holder: 'worker-b', token: 2, acquired: true });
    // Release needs If-Match; afterwards anyone may take it, with a larger token still.
    expect((await h.call('DELETE', `${base}/leases/sync`, { key })).status).toBe(428);
    const released = await h.call('DELETE', `${base}/leases/sync`, {
      key,
      headers: { 'If-Match': `"${taken.body.version}"` },
    });
    expect(released.status).toBe(204);
    expect((await acquire('worker-a')).body).toMatchObject({ holder: 'worker-a', token: 3 });
  });

  it('concurrent acquisitions from two API instances: exactly one holder', async () => {
    const second = await h.secondInstance();
    try {
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          (i % 2 === 0 ? h : second).call<LeaseJson>('POST', `${base}/leases/race`, {
            key,
            json: { holder: `w${i}`, ttlSeconds: 60 },
          }),
        ),
      );
      const winners = results.filter((r) => r.status === 200);
      expect(winners).toHaveLength(1);
      expect(results.filter((r) => r.status === 409)).toHaveLength(5);
    } finally {
      await second.close();
    }
  });

  /** The whole audit log of Acme (HR), oldest first. */
  type AuditItem = {
    action: string;
    actor: string;
    resourceId: string | null;
    data: { proposedBy?: string };
  };
  async function allAudit(): Promise<AuditItem[]> {
    type Page = { items: AuditItem[]; nextCursor: string | null };
    const items: Page['items'] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`;
      const page = await h.call<Page>('GET', q, { as: f.email.hal });
      items.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor !== null);
    return items;
  }

  it('audits state writes and lease hand-overs, but puts nothing in the change feed', async () => {
    const actions = (await allAudit()).map((e) => e.action);
    expect(actions).toContain('integration_state.write');
    expect(actions).toContain('integration_lease.acquire');
    const feed = await h.call<{ events: { kind: string }[] }>('GET', '/v1/changes?limit=500', {
      as: f.email.hal,
    });
    expect(feed.status).toBe(200);
    expect(feed.body.events.some((e) => e.kind === 'integration_states')).toBe(false);
  });

  it('directory: cycles with phases, departments, people with e-mails; only for the key', async () => {
    await seedLoopMatrix(h, f);
    const dir = await h.call<{
      cycles: { id: string; phase: string }[];
      people: { id: string; email: string }[];
      departments: { id: string }[];
    }>('GET', `${base}/directory`, { key });
    expect(dir.status).toBe(200);
    expect(dir.body.cycles.find((c) => c.id === MATRIX_PLAN_CYCLE)?.phase).toBe('plan');
    expect(dir.body.people.find((p) => p.id === f.id.sam)?.email).toBe(f.email.sam);
    expect(dir.body.people.some((p) => p.id === f.id.gus)).toBe(false);
    expect((await h.call('GET', `${base}/directory`, { as: f.email.hal })).status).toBe(403);
    expect((await h.call('GET', '/v1/integrations/jira/directory', { key })).status).toBe(404);
  });

  it('goal proposals: plan only, by someone who may set the owner’s goals, idempotent', async () => {
    await seedLoopMatrix(h, f);
    const goal = (cycleId: string) => ({
      cycleId,
      title: 'Proposed in Notion',
      level: 'person',
      ownerId: f.id.sam,
      weight: 10,
      kind: 'kpi',
      direction: 'higher_is_better',
      baseline: 0,
      target: 5,
    });
    const propose = (
      requestedBy: string,
      cycleId = MATRIX_PLAN_CYCLE,
      idem = `p-${requestedBy}-${cycleId}`,
    ) =>
      h.call<{ id: string; ownerId: string; code?: string }>('POST', `${base}/goals`, {
        key,
        headers: { 'Idempotency-Key': idem },
        json: { requestedBy, ref: 'page-1', goal: goal(cycleId) },
      });
    const byManager = await propose(f.id.hana);
    expect(byManager.status).toBe(201);
    expect(byManager.body.ownerId).toBe(f.id.sam);
    const replay = await propose(f.id.hana);
    expect(replay.headers.get('idempotent-replayed')).toBe('true');
    expect(replay.body.id).toBe(byManager.body.id);
    expect((await propose(f.id.sam)).status).toBe(201);
    const stranger = await propose(f.id.mo);
    expect(stranger.status).toBe(403);
    const coach = await propose(f.id.hana, MATRIX_COACH_CYCLE);
    expect(coach.status).toBe(409);
    expect(coach.body.code).toBe('wrong_phase');
    // The audit names the key acting for the person who proposed it (as for the Sheets add-on), for
    // the goal and for the plan agreement it reset.
    const keys = await h.call<{ items: { id: string; prefix: string }[] }>('GET', '/v1/api-keys?limit=100', {
      as: f.email.hal,
    });
    const keyId = keys.body.items.find((k) => key.startsWith(`pl_${k.prefix}_`))?.id;
    expect(keyId).toBeDefined();
    const entries = await allAudit();
    const created = entries.filter((e) => e.action === 'goal.create' && e.data.proposedBy !== undefined);
    expect(created.find((e) => e.resourceId === byManager.body.id)?.actor).toBe(
      `${f.id.hana}@api_key:${keyId}`,
    );
    expect(created.find((e) => e.data.proposedBy === f.id.sam)?.actor).toBe(`${f.id.sam}@api_key:${keyId}`);
    expect(created.every((e) => e.actor !== `api_key:${keyId}`)).toBe(true);
  });
});
