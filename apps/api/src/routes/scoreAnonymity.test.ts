// Peer reviewers stay anonymous to the person reviewed in score warnings and explanations: live scores, kept results and drafts, calibration.
import { explainScore, policyFromPreset, type ScoreTrace } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { competencyGoal, seedGoal, seedReview } from './appraise/testAppraisal.ts';
import { seedCycle, setPhase, TEST_POLICY } from './loop/testCycle.ts';

type Warning = { code: string; message: string; details?: Record<string, unknown> };
type Explained = {
  subjectId: string;
  score: number;
  rating: { value: number; label: string };
  original: { score: number; rating: { value: number; label: string } };
  warnings: Warning[];
  trace?: ScoreTrace;
  explanation?: string;
};
type Page<T> = { items: T[] };
type ResultJson = { personId: string; explanation?: Explained | null };
type Draft = { id: string; personId: string | null; explanation?: Explained | null };

const CYCLE = 'cyc_anon';
const NEXT = 'cyc_anon_next';
const OLD = 'rv_anon_peer_old';
const NEW = 'rv_anon_peer_new';
const MANAGER = 'rv_anon_mgr';

/**
 * One peer reviewed Sam: under the default anonymity threshold (3) the peer review would be withheld from him
 * altogether. These cycles have none (1), so the peer's review shows and what is tested is its reviewer staying
 * anonymous; the threshold is anonymityThreshold.test.ts's.
 */
const NO_THRESHOLD = {
  ...TEST_POLICY,
  feedback: { ...TEST_POLICY.feedback, anonymousMinReviews: 1 },
};

const superseded = (e: Explained | null | undefined) =>
  e?.warnings.find((w) => w.code === 'superseded_review');

describe.each(ENGINES)('anonymous peer reviewers in score explanations on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    const { sam, pia, hana } = f.id;
    await seedCycle(h, org, { id: CYCLE, phase: 'apply', participants: [sam], policy: NO_THRESHOLD });
    await seedGoal(h, org, competencyGoal(`${CYCLE}_sam`, CYCLE, sam, 100));
    const ratings = (rating: number) => [{ goalId: `${CYCLE}_sam`, rating }];
    const review = { cycleId: CYCLE, subjectId: sam };
    // Pia reviewed Sam as a peer twice (the later review replaces the first); Hana, his manager, once.
    await seedReview(h, org, {
      ...review,
      id: OLD,
      reviewerId: pia,
      component: 'peer',
      ratings: ratings(2),
      submittedAt: '2026-03-01T10:00:00Z',
    });
    await seedReview(h, org, {
      ...review,
      id: NEW,
      reviewerId: pia,
      component: 'peer',
      ratings: ratings(4),
      submittedAt: '2026-03-02T10:00:00Z',
    });
    await seedReview(h, org, {
      ...review,
      id: MANAGER,
      reviewerId: hana,
      component: 'manager',
      ratings: ratings(4),
    });
  });
  afterAll(async () => {
    await h.close();
  });

  const live = (as: string, explain = true) =>
    h.call<Explained>('GET', `/v1/cycles/${CYCLE}/scores/${f.id.sam}${explain ? '?explain=true' : ''}`, {
      as,
    });

  /** What a subject must never be told: the peer reviewer's id, anywhere in the answer. */
  const expectNoPeer = (body: unknown) => expect(JSON.stringify(body)).not.toContain(f.id.pia);

  it('the live score: HR and the manager see the peer reviewer, the subject never does', async () => {
    const hr = await live(f.email.hal);
    expect(hr.status).toBe(200);
    expect(superseded(hr.body)?.details).toMatchObject({
      reviewId: OLD,
      reviewerId: f.id.pia,
      component: 'peer',
    });
    expect(hr.body.explanation).toContain(`Review ${OLD} by ${f.id.pia} (peer)`);
    const manager = await live(f.email.hana);
    expect(manager.body).toEqual(hr.body);

    const own = await live(f.email.sam);
    expect(own.status).toBe(200);
    expectNoPeer(own.body);
    expect(superseded(own.body)).toEqual({
      code: 'superseded_review',
      message: `Review ${OLD} (peer) is replaced by its reviewer's later review ${NEW}.`,
      details: { reviewId: OLD, supersededBy: NEW, component: 'peer' },
    });
    // Everything else is what HR reads: the same numbers and trace, the text differing only on that warning.
    expect({ ...own.body, warnings: [], explanation: '' }).toEqual({
      ...hr.body,
      warnings: [],
      explanation: '',
    });
    const hrLines = hr.body.explanation?.split('\n') ?? [];
    expect(own.body.explanation?.split('\n').filter((l) => !hrLines.includes(l))).toEqual([
      `  - [superseded_review] Review ${OLD} (peer) is replaced by its reviewer's later review ${NEW}.`,
    ]);
  });

  it('warnings come without explain too, and in the scores list: anonymous there as well', async () => {
    const plain = await live(f.email.sam, false);
    expect(plain.status).toBe(200);
    expect(plain.body.explanation).toBeUndefined();
    expect(superseded(plain.body)?.details).toEqual({ reviewId: OLD, supersededBy: NEW, component: 'peer' });
    expectNoPeer(plain.body);
    const list = await h.call<Page<Explained>>('GET', `/v1/cycles/${CYCLE}/scores?explain=true`, {
      as: f.email.sam,
    });
    expect(list.body.items.map((s) => s.subjectId)).toEqual([f.id.sam]);
    expectNoPeer(list.body);
    const hrList = await h.call<Page<Explained>>('GET', `/v1/cycles/${CYCLE}/scores?explain=true`, {
      as: f.email.hal,
    });
    expect(superseded(hrList.body.items[0])?.details?.reviewerId).toBe(f.id.pia);
  });

  it('an applied result keeps the full explanation; the subject reads it without the peer, HR with', async () => {
    const cycle = await h.store.resources('cycles').get(org, CYCLE);
    const applied = await h.call<{ people: ResultJson[] }>(
      'POST',
      `/v1/cycles/${CYCLE}/results/apply?explain=true`,
      {
        as: f.email.hal,
        json: { poolCents: 100_000, meritBudgetCents: 50_000, mode: 'fit', startsOn: '2026-08-03' },
        headers: { 'If-Match': `"${cycle?.version}"` },
      },
    );
    expect(applied.status).toBe(200);
    // HR applying reads the full explanation.
    expect(superseded(applied.body.people[0]?.explanation)?.details?.reviewerId).toBe(f.id.pia);
    // Kept in full (as every explanation kept before redaction existed): redaction happens as it is read.
    const [stored] = (await h.store.resources('results').list(org, { cycleId: CYCLE })).records;
    const kept = stored?.data.explanation as Explained | undefined;
    expect(kept?.explanation).toContain(`by ${f.id.pia} (peer)`);

    const mine = await h.call<Page<ResultJson>>('GET', '/v1/me/results?explain=true', { as: f.email.sam });
    expect(mine.status).toBe(200);
    const own = mine.body.items.find((r) => r.personId === f.id.sam)?.explanation;
    expect(own).toBeTruthy();
    expectNoPeer(mine.body);
    expect(superseded(own)?.details).toEqual({ reviewId: OLD, supersededBy: NEW, component: 'peer' });
    // The text is said again from the kept trace and the redacted warnings, consistently with core.
    if (!own?.trace) throw new Error('no trace kept');
    expect(own.explanation).toBe(
      explainScore({ ...own, rating: own.original.rating, trace: own.trace, warnings: own.warnings }),
    );
    // Everything but that warning is exactly what was kept.
    const keptLines = kept?.explanation?.split('\n') ?? [];
    expect(own.explanation?.split('\n').filter((l) => !keptLines.includes(l))).toHaveLength(1);
    expect(own.trace).toEqual(kept?.trace);
    // The cycle's results list for the subject too; HR's shows the peer.
    const cycleList = await h.call<Page<ResultJson>>('GET', `/v1/cycles/${CYCLE}/results?explain=true`, {
      as: f.email.sam,
    });
    expect(cycleList.body.items).toHaveLength(1);
    expectNoPeer(cycleList.body);
    const hr = await h.call<Page<ResultJson>>(
      'GET',
      `/v1/cycles/${CYCLE}/results?explain=true&personId=${f.id.sam}`,
      { as: f.email.hal },
    );
    expect(hr.body.items[0]?.explanation).toEqual(kept);
    const manager = await h.call<Page<ResultJson>>('GET', `/v1/cycles/${CYCLE}/results?explain=true`, {
      as: f.email.hana,
    });
    expect(manager.body.items[0]?.explanation).toEqual(kept);
  });

  it('a next-cycle draft keeps the explanation drafting read: the subject reads it without the peer', async () => {
    await setPhase(h, org, CYCLE, 'improve');
    await seedCycle(h, org, { id: NEXT, phase: 'plan', participants: [f.id.sam] });
    const made = await h.call<{ items: Draft[] }>(
      'POST',
      `/v1/cycles/${CYCLE}/next-cycle-drafts?explain=true`,
      {
        as: f.email.hal,
        json: { toCycleId: NEXT, personIds: [f.id.sam] },
      },
    );
    expect(made.status).toBe(201);
    const draft = made.body.items.find((d) => d.personId === f.id.sam);
    expect(superseded(draft?.explanation)?.details?.reviewerId).toBe(f.id.pia);

    const one = await h.call<Draft>('GET', `/v1/next-cycle-drafts/${draft?.id}?explain=true`, {
      as: f.email.sam,
    });
    expect(one.status).toBe(200);
    expect(superseded(one.body.explanation)?.details).toEqual({
      reviewId: OLD,
      supersededBy: NEW,
      component: 'peer',
    });
    expectNoPeer(one.body);
    const list = await h.call<Page<Draft>>('GET', `/v1/cycles/${CYCLE}/next-cycle-drafts?explain=true`, {
      as: f.email.sam,
    });
    expect(list.body.items.map((d) => d.id)).toEqual([draft?.id]);
    expectNoPeer(list.body);
    const manager = await h.call<Draft>('GET', `/v1/next-cycle-drafts/${draft?.id}?explain=true`, {
      as: f.email.hana,
    });
    expect(manager.body.explanation).toEqual(draft?.explanation);
  });

  it('a head covered by their own calibration session reads their own explanation and evidence without the peer', async () => {
    const OWN = 'cyc_anon_own';
    const { erin, mo, pia, paul } = f.id;
    const policy = {
      ...policyFromPreset('incentive', { name: 'Forced anonymous' }),
      feedback: NO_THRESHOLD.feedback,
    };
    await seedCycle(h, org, {
      id: OWN,
      phase: 'calibrate',
      participants: [erin, mo, pia, paul],
      policy: { ...policy, distribution: { ...policy.distribution, forced: true } },
    });
    for (const person of [erin, mo, pia, paul]) {
      await seedGoal(h, org, competencyGoal(`${OWN}_${person}`, OWN, person, 100));
    }
    const review = (
      id: string,
      subjectId: string,
      reviewerId: string,
      component: 'peer' | 'manager',
      at: string,
      rating = 3,
    ) =>
      seedReview(h, org, {
        id,
        cycleId: OWN,
        subjectId,
        reviewerId,
        component,
        ratings: [{ goalId: `${OWN}_${subjectId}`, rating }],
        submittedAt: at,
      });
    // Mo reviewed Erin (his manager) as a peer twice; Cat, her manager, once. The counted peer review and the
    // manager's give the top rating without written evidence: calibration's evidence view lists both.
    await review(`${OWN}_p1`, erin, mo, 'peer', '2026-03-01T10:00:00Z');
    await review(`${OWN}_p2`, erin, mo, 'peer', '2026-03-02T10:00:00Z', 5);
    await review(`${OWN}_m1`, erin, f.id.cat, 'manager', '2026-03-01T10:00:00Z', 5);
    for (const person of [mo, pia, paul]) {
      await review(`${OWN}_m_${person}`, person, f.id.cat, 'manager', '2026-03-01T10:00:00Z');
    }
    const opened = await h.call<{ id: string }>('POST', '/v1/calibration-sessions', {
      as: f.email.erin,
      json: { cycleId: OWN, departmentIds: [f.dept.eng], name: 'Own department' },
    });
    expect(opened.status).toBe(201);
    await setPhase(h, org, OWN, 'feedback');
    type Forced = { suggestions: { subjectId: string; explanation?: Explained }[] };
    const view = (as: string) =>
      h.call<Forced>('GET', `/v1/calibration-sessions/${opened.body.id}/forced-distribution?explain=true`, {
        as,
      });
    const head = await view(f.email.erin);
    expect(head.status).toBe(200);
    const own = head.body.suggestions.find((s) => s.subjectId === erin);
    expect(superseded(own?.explanation)?.details).toEqual({
      reviewId: `${OWN}_p1`,
      supersededBy: `${OWN}_p2`,
      component: 'peer',
    });
    expect(JSON.stringify(own)).not.toContain(mo);
    const hr = await view(f.email.hal);
    const full = hr.body.suggestions.find((s) => s.subjectId === erin);
    expect(superseded(full?.explanation)?.details?.reviewerId).toBe(mo);

    // The evidence view names reviewers: not the peer of Erin's own review to her; her manager, and to HR both.
    type Evidence = { issues: { reviewId: string; subjectId: string; reviewerId: string | null }[] };
    const evidence = (as: string) =>
      h.call<Evidence>('GET', `/v1/calibration-sessions/${opened.body.id}/evidence`, { as });
    const issuesOf = (e: Evidence) =>
      e.issues.filter((i) => i.subjectId === erin).map((i) => [i.reviewId, i.reviewerId]);
    const headEvidence = await evidence(f.email.erin);
    expect(headEvidence.status).toBe(200);
    expect(issuesOf(headEvidence.body)).toEqual([
      [`${OWN}_m1`, f.id.cat],
      [`${OWN}_p2`, null],
    ]);
    expect(issuesOf((await evidence(f.email.hal)).body)).toEqual([
      [`${OWN}_m1`, f.id.cat],
      [`${OWN}_p2`, mo],
    ]);
  });
});
