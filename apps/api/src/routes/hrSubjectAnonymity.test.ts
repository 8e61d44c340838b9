// An HR administrator who is reviewed learns no more of their peer and upward reviewers than anyone else: audit log, change feed, feedback requests, formality report.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../bootstrap.ts';
import { createWrite } from '../kit/write.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { competencyGoal, seedCycle, seedGoal, seedReview, uniqueId } from './appraise/testAppraisal.ts';

type AuditEntry = {
  seq: number;
  actor: string;
  action: string;
  resourceKind: string | null;
  resourceId: string | null;
  data: unknown;
  hash: string;
  prevHash: string;
  redacted?: boolean;
};
type ChangeEvent = {
  seq: number;
  kind: string;
  resourceId: string;
  data: Record<string, unknown> | null;
  redacted?: boolean;
};
type Warning = { code: string; details?: Record<string, unknown> };
type Issue = {
  code: string;
  details: { matches?: { id: string; subjectId: string }[]; matchCount?: number };
};

/** The same appraisal given to two people, the name swapped (a near-duplicate). */
const copy = (name: string) =>
  `${name} consistently delivered on the quarterly targets, mentored two new colleagues and ` +
  'improved the onboarding checklist for the whole team this half.';

describe.each(ENGINES)('an HR administrator reviewed by peers on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;
  const cycleId = uniqueId('cyc');
  const applyId = uniqueId('cyc');
  /** Feedback requests and reviews by their story name. */
  const ids: Record<string, string> = {};

  const call = <T>(method: string, path: string, as: string, json?: unknown) =>
    h.call<T & { code?: string }>(method, path, { as, ...(json !== undefined ? { json } : {}) });
  const ok = async <T>(method: string, path: string, as: string, json?: unknown): Promise<T> => {
    const res = await call<T>(method, path, as, json);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    const { cat, hana, sam, erin, pia, paul } = f.id;
    // Hana — managed by Cat, manager of Sam — is an HR administrator too.
    await h.store.transaction(org, async (tx) => {
      const record = await tx.resources('people').get(org, hana);
      if (!record) throw new Error('no Hana');
      const roles = ['employee', 'manager', 'department_head', 'hr_admin'];
      await createWrite(tx, SYSTEM_ACTOR).update('people', hana, {
        expectedVersion: record.version,
        data: { ...record.data, roles },
      });
    });
    await seedCycle(h, org, cycleId, 'appraise', [hana, sam, erin, pia, paul]);
    const goal = await seedGoal(h, org, competencyGoal(uniqueId('gol'), cycleId, hana, 100));
    for (const person of [sam, pia])
      await seedGoal(h, org, competencyGoal(uniqueId('gol'), cycleId, person, 100));
    const ask = (as: string, subjectId: string, reviewerId: string, component = 'peer') =>
      ok<{ id: string }>('POST', '/v1/feedback-requests', as, { cycleId, subjectId, reviewerId, component });
    // About Hana: Cat asks Erin (peer) and Sam (upward), Hal asks Paul, Hana asks Pia herself.
    ids.erinReq = (await ask(f.email.cat, hana, erin)).id;
    ids.samReq = (await ask(f.email.cat, hana, sam, 'upward')).id;
    ids.paulReq = (await ask(f.email.hal, hana, paul)).id;
    ids.piaReq = (await ask(f.email.hana, hana, pia)).id;
    // Erin answers with a peer review; Sam declines; Paul and Pia have not answered.
    const review = (as: string, subjectId: string, summary: string) =>
      ok<{ id: string }>('POST', '/v1/reviews', as, {
        cycleId,
        subjectId,
        component: 'peer',
        ratings: [],
        summary,
        submit: true,
      });
    ids.erinReview = (await review(f.email.erin, hana, copy('Hana'))).id;
    await ok('POST', `/v1/feedback-requests/${ids.samReq}/decline`, f.email.sam, {
      reason: 'Too close to call.',
    });
    // Cat writes Hana's manager review through the score entries (the Sheets add-on's path).
    const entered = await ok<{ managerReview: { id: string } }>(
      'POST',
      `/v1/cycles/${cycleId}/people/${hana}/score-entries`,
      f.email.cat,
      { managerReview: { version: null, ratings: [{ goalId: goal.id, rating: 4 }] } },
    );
    ids.catReview = entered.managerReview.id;
    // Erin also reviews Sam, in the same words; Hana reviews Pia as a peer. Both asked by Hal.
    ids.erinSamReq = (await ask(f.email.hal, sam, erin)).id;
    ids.erinSam = (await review(f.email.erin, sam, copy('Sam'))).id;
    ids.hanaPiaReq = (await ask(f.email.hal, pia, hana)).id;
    ids.hanaPia = (await review(f.email.hana, pia, copy('Pia'))).id;

    // Another cycle, applied: Erin reviewed Hana twice (the later replaces the first), Cat once.
    await seedCycle(h, org, applyId, 'apply', [hana]);
    await seedGoal(h, org, competencyGoal(`${applyId}_hana`, applyId, hana, 100));
    const seeded = (
      id: string,
      reviewerId: string,
      component: 'peer' | 'manager',
      at: string,
      rating: number,
    ) =>
      seedReview(h, org, {
        id,
        cycleId: applyId,
        subjectId: hana,
        reviewerId,
        component,
        ratings: [{ goalId: `${applyId}_hana`, rating }],
        submittedAt: at,
      });
    ids.oldPeer = `${applyId}_p1`;
    ids.newPeer = `${applyId}_p2`;
    await seeded(ids.oldPeer, erin, 'peer', '2026-03-01T10:00:00Z', 2);
    await seeded(ids.newPeer, erin, 'peer', '2026-03-02T10:00:00Z', 4);
    await seeded(`${applyId}_m`, cat, 'manager', '2026-03-01T10:00:00Z', 4);
    const cycle = await h.store.resources('cycles').get(org, applyId);
    const applied = await h.call('POST', `/v1/cycles/${applyId}/results/apply`, {
      as: f.email.hal,
      json: { poolCents: 100_000, meritBudgetCents: 50_000, mode: 'fit', startsOn: '2026-08-03' },
      headers: { 'If-Match': `"${cycle?.version}"` },
    });
    if (applied.status !== 200) throw new Error(`apply: ${applied.status} ${JSON.stringify(applied.body)}`);
    const [result] = (await h.store.resources('results').list(org, { cycleId: applyId })).records;
    if (!result) throw new Error('no result');
    ids.result = result.id;
  });
  afterAll(async () => {
    await h.close();
  });

  /** Hana's hidden reviewers' ids: never in what she reads about herself. */
  const hidden = () => [f.id.erin, f.id.sam, f.id.paul, f.id.pia];
  const expectNoneOf = (body: unknown, people: readonly string[]) => {
    const text = JSON.stringify(body);
    for (const id of people) expect(text).not.toContain(id);
  };
  /** The records about Hana whose reviewers she may not learn. */
  const aboutHana = () =>
    new Set([ids.erinReq, ids.samReq, ids.paulReq, ids.piaReq, ids.erinReview, ids.oldPeer, ids.newPeer]);

  async function audit(as: string): Promise<AuditEntry[]> {
    const out: AuditEntry[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: AuditEntry[]; nextCursor: string | null } = await ok(
        'GET',
        `/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        as,
      );
      out.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    return out;
  }

  async function feed(as: string): Promise<ChangeEvent[]> {
    const out: ChangeEvent[] = [];
    let after = 0;
    for (;;) {
      const page: { events: ChangeEvent[]; nextCursor: number } = await ok(
        'GET',
        `/v1/changes?after=${after}&limit=500`,
        as,
      );
      out.push(...page.events);
      if (page.nextCursor === after) return out;
      after = page.nextCursor;
    }
  }

  it('the audit log: Hana reads changes to her peer and upward reviews and requests without who', async () => {
    const mine = await audit(f.email.hana);
    const masked = mine.filter((e) => e.resourceId !== null && aboutHana().has(e.resourceId));
    // Created, submitted, declined, answered: every change to each of them.
    expect(new Set(masked.map((e) => e.action))).toEqual(
      new Set([
        'feedback_request.create',
        'feedback_request.decline',
        'feedback_request.submit',
        'review.submit',
        'review.create',
      ]),
    );
    for (const e of masked) {
      expect(e).toMatchObject({ actor: 'anonymous', redacted: true });
      expectNoneOf(e, hidden());
    }
    const created = masked.find((e) => e.resourceId === ids.erinReview && e.action === 'review.submit');
    expect(created?.data).toMatchObject({
      // Nor what it says: she reads that through the reviews routes once the loop shows it to her.
      created: { subjectId: f.id.hana, reviewerId: null, component: 'peer', ratings: null, summary: null },
    });
    const answered = masked.find((e) => e.action === 'feedback_request.submit');
    expect(answered?.data).toMatchObject({
      changed: { reviewId: { from: null, to: null }, closedBy: { from: null, to: null } },
    });
    // Her manager's review (entered through the score entries) is named, without what it says; her own review of Pia
    // is whole.
    const named = mine.filter((e) => e.resourceId === ids.catReview || e.resourceId === ids.hanaPia);
    expect(named.map((e) => [e.resourceId, e.actor, e.redacted])).toEqual([
      [ids.catReview, f.id.cat, true],
      [ids.hanaPia, f.id.hana, undefined],
    ]);
    expect(named[0]?.data).toMatchObject({
      created: { reviewerId: f.id.cat, component: 'manager', ratings: null, summary: null },
    });
    expect(named[1]?.data).toMatchObject({ created: { reviewerId: f.id.hana, summary: expect.any(String) } });
    // Erin's review of Sam is no concern of Hana's anonymity: in full.
    expect(mine.find((e) => e.resourceId === ids.erinSam)).toMatchObject({ actor: f.id.erin });
    expect(mine.find((e) => e.resourceId === ids.erinSam)?.redacted).toBeUndefined();
  });

  it('the audit log: Hal reads them in full; nothing stored changed and the chain still verifies', async () => {
    const hals = await audit(f.email.hal);
    const hanas = await audit(f.email.hana);
    expect(hals.map((e) => e.seq)).toEqual(hanas.map((e) => e.seq));
    expect(hals.filter((e) => e.redacted)).toEqual([]);
    expect(hals.find((e) => e.resourceId === ids.erinReview)).toMatchObject({
      actor: f.id.erin,
      data: { created: { reviewerId: f.id.erin } },
    });
    const stored = (await h.store.audit.list(org, { after: 0, limit: 1000 })).entries;
    const bySeq = new Map(stored.map((e) => [e.seq, e]));
    const redacted = hanas.filter((x) => x.redacted);
    // Four requests made, one answered, one declined; Erin's review; the two seeded; the applied result; and, for
    // what they say, Cat's manager review (created, submitted).
    expect(redacted).toHaveLength(12);
    for (const e of redacted) {
      const s = bySeq.get(e.seq);
      expect([e.hash, e.prevHash]).toEqual([s?.hash, s?.prevHash]);
      expect(hals.find((x) => x.seq === e.seq)).toMatchObject({ actor: s?.actor, data: s?.data });
    }
    expect(stored.find((e) => e.resourceId === ids.erinReview)?.actor).toBe(f.id.erin);
    for (const as of [f.email.hana, f.email.hal]) {
      expect(await ok('GET', '/v1/audit/verify', as)).toMatchObject({ ok: true });
    }
  });

  it('kept explanations about Hana lose the peer in her audit log and feed — withheld, one peer being under the threshold; the actor stays', async () => {
    const superseded = (body: unknown) =>
      ((body as { warnings?: Warning[] } | undefined)?.warnings ?? []).find(
        (w) => w.code === 'superseded_review',
      );
    const entry = (entries: AuditEntry[]) =>
      entries.find((e) => e.resourceId === ids.result) as AuditEntry & {
        data: { created: { explanation: unknown } };
      };
    const hals = entry(await audit(f.email.hal));
    expect(superseded(hals.data.created.explanation)?.details).toMatchObject({ reviewerId: f.id.erin });
    const hanas = entry(await audit(f.email.hana));
    expect(hanas).toMatchObject({ actor: f.id.hal, redacted: true });
    // Only Erin reviewed her as a peer in that cycle, under its threshold (3): the peer review is withheld from
    // her — no warning about it, its goal's score not shown on its own — as GET /v1/me/results shows it.
    type Kept = {
      withheld?: unknown;
      trace?: { goals: { pooled?: boolean; score: number | null; components: unknown[] }[] };
    };
    const kept = hanas.data.created.explanation as Kept;
    expect(superseded(kept)).toBeUndefined();
    expect(kept.withheld).toEqual([{ component: 'peer', reviewers: 1, minReviews: 3 }]);
    expect(kept.trace?.goals.map((g) => [g.pooled, g.score, g.components])).toEqual([[true, null, []]]);
    expectNoneOf(hanas.data, [f.id.erin, ids.oldPeer ?? 'old', ids.newPeer ?? 'new']);
    const mine = await ok<{ items: { cycleId: string; explanation: unknown }[] }>(
      'GET',
      '/v1/me/results?explain=true',
      f.email.hana,
    );
    expect(mine.items.find((r) => r.cycleId === applyId)?.explanation).toEqual(kept);
    const event = (await feed(f.email.hana)).find((e) => e.resourceId === ids.result);
    expect(event?.redacted).toBe(true);
    expect((event?.data?.explanation as Kept | undefined)?.withheld).toEqual(kept.withheld);
    expectNoneOf(event, [f.id.erin, ids.oldPeer ?? 'old']);
  });

  it('the change feed: Hana reads her peer and upward reviews and requests without who; Hal in full', async () => {
    const mine = await feed(f.email.hana);
    const masked = mine.filter((e) => aboutHana().has(e.resourceId));
    expect(new Set(masked.map((e) => e.kind))).toEqual(new Set(['reviews', 'feedback_requests']));
    for (const e of masked) {
      expect(e.redacted).toBe(true);
      expect(e.data).toMatchObject({ subjectId: f.id.hana, reviewerId: null });
      expectNoneOf(e, hidden());
    }
    const answered = masked.filter((e) => e.resourceId === ids.erinReq).at(-1);
    expect(answered?.data).toMatchObject({ state: 'submitted', reviewId: null, closedBy: null });
    const manager = mine.find((e) => e.resourceId === ids.catReview);
    expect(manager?.data).toMatchObject({ reviewerId: f.id.cat, ratings: null, summary: null });
    expect(manager?.redacted).toBe(true);

    const hals = await feed(f.email.hal);
    expect(hals.filter((e) => e.redacted)).toEqual([]);
    expect(hals.filter((e) => e.resourceId === ids.erinReq).at(-1)?.data).toMatchObject({
      reviewerId: f.id.erin,
      reviewId: ids.erinReview,
      closedBy: f.id.erin,
    });
  });

  it('feedback requests: Hana sees about herself only those she asked for, like any other subject', async () => {
    const listed = await ok<{ items: { id: string; reviewerId: string; reviewId: string | null }[] }>(
      'GET',
      `/v1/feedback-requests?cycleId=${cycleId}`,
      f.email.hana,
    );
    // Hers about herself (Pia), and the one she was asked (about Pia); as HR, the one about Sam too.
    expect(new Set(listed.items.map((r) => r.id))).toEqual(
      new Set([ids.piaReq, ids.hanaPiaReq, ids.erinSamReq]),
    );
    for (const id of [ids.erinReq, ids.samReq, ids.paulReq]) {
      expect((await call('GET', `/v1/feedback-requests/${id}`, f.email.hana)).status).toBe(404);
      expect((await call('GET', `/v1/feedback-requests/${id}/subject`, f.email.hana)).status).toBe(404);
      expect((await call('GET', `/v1/feedback-requests/${id}`, f.email.hal)).status).toBe(200);
    }
    const asked = await call<{ reviewerId: string }>(
      'GET',
      `/v1/feedback-requests/${ids.piaReq}`,
      f.email.hana,
    );
    expect([asked.status, asked.body.reviewerId]).toEqual([200, f.id.pia]);
    // Not even to call off: the pending one Hal asked Paul for stays pending.
    const cancel = await call('POST', `/v1/feedback-requests/${ids.paulReq}/cancel`, f.email.hana, {});
    expect(cancel.status).toBe(404);
    const still = await ok<{ state: string }>('GET', `/v1/feedback-requests/${ids.paulReq}`, f.email.hal);
    expect(still.state).toBe('pending');
    // Hal's list has them all.
    const hals = await ok<{ items: { id: string }[] }>(
      'GET',
      `/v1/feedback-requests?cycleId=${cycleId}&subjectId=${f.id.hana}`,
      f.email.hal,
    );
    expect(new Set(hals.items.map((r) => r.id))).toEqual(
      new Set([ids.erinReq, ids.samReq, ids.paulReq, ids.piaReq]),
    );
  });

  it('formality: Hana is shown neither the reviews about her nor matches that name them', async () => {
    type Report = { reviews: { reviewId: string; subjectId: string; reviewerId: string; issues: Issue[] }[] };
    const report = (as: string) => ok<Report>('GET', `/v1/cycles/${cycleId}/reports/review-formality`, as);
    const hals = await report(f.email.hal);
    expect(hals.reviews.find((r) => r.reviewId === ids.erinReview)).toMatchObject({ reviewerId: f.id.erin });
    const erinSam = (r: Report) => r.reviews.find((x) => x.reviewId === ids.erinSam)?.issues[0]?.details;
    expect(erinSam(hals)?.matches?.map((m) => m.id)).toContain(ids.erinReview);
    const hanas = await report(f.email.hana);
    expect(hanas.reviews.filter((r) => r.subjectId === f.id.hana)).toEqual([]);
    // Erin's review of Sam (Hana's report) is hers to read, but not that Erin wrote the same of Hana.
    expect(erinSam(hanas)).toMatchObject({ matchCount: erinSam(hals)?.matchCount });
    expect(erinSam(hanas)?.matches?.map((m) => m.id)).not.toContain(ids.erinReview);
    const one = await ok<{ formality: Issue[] | null }>('GET', `/v1/reviews/${ids.erinSam}`, f.email.hana);
    expect(one.formality?.flatMap((i) => i.details.matches ?? []).map((m) => m.id)).not.toContain(
      ids.erinReview,
    );
  });

  it('/openapi.json says so: the optional `redacted`, the `anonymous` actor, the hash checked server-side', async () => {
    type S = { properties?: Record<string, S>; description?: string; enum?: unknown[]; required?: string[] };
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      components: { schemas: Record<string, S> };
    };
    const entry = doc.components.schemas.AuditEntry;
    expect(entry?.properties?.actor?.description).toContain('`anonymous`');
    expect(entry?.properties?.redacted?.description).toContain('GET /v1/audit/verify');
    expect(entry?.required).not.toContain('redacted');
    const event = doc.components.schemas.ChangeEvent;
    expect(event?.properties?.redacted?.description).toContain('Never for API keys');
    expect(event?.required).not.toContain('redacted');
  });
});
