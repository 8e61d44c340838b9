// The anonymity threshold of peer and upward feedback, end to end: withheld reviews, scores without their ratings, times to the day, opaque ids.
import { policyFromPreset } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  competencyGoal,
  kpiGoal,
  seedCycle,
  seedGoal,
  setPhase,
  uniqueId,
} from './appraise/testAppraisal.ts';

type Review = {
  id: string;
  subjectId: string;
  reviewerId: string | null;
  component: string;
  anonymous: boolean;
  submittedAt: string | null;
  createdAt: string;
  updatedAt: string;
};
type Withheld = {
  cycleId: string;
  subjectId: string;
  component: string;
  reviewers: number;
  minReviews: number;
};
type ReviewPage = { items: Review[]; nextCursor: string | null; withheld: Withheld[] };
type Request = {
  id: string;
  state: string;
  reviewId: string | null;
  closedAt: string | null;
  updatedAt: string;
};
type GoalTrace = {
  goalId: string;
  kind: string;
  score: number | null;
  contribution: number;
  pooled?: boolean;
  components: { component: string; mean: number }[];
};
type Score = {
  subjectId: string;
  score: number;
  warnings: { code: string }[];
  withheld?: { component: string; reviewers: number; minReviews: number }[];
  trace?: {
    goals: GoalTrace[];
    withheld?: { components: unknown[]; pooled: { goalIds: string[]; contribution: number } | null };
  };
  explanation?: string;
  formula?: string;
};

/** The start of the UTC day of a time: what the person reviewed is told. */
const day = (t: string | null | undefined) => `${new Date(t ?? 0).toISOString().slice(0, 10)}T00:00:00.000Z`;
/** Whether an id's first 10 characters could be a creation time within a year of now (a time-ordered id's are). */
const timeLike = (id: string) =>
  Math.abs(Number.parseInt(id.slice(4, 14), 36) - Date.now()) < 365 * 86_400_000;

describe.each(ENGINES)('the anonymity threshold of peer and upward feedback on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;
  /** Under the default threshold (3): Sam has two peers, Hana one upward reviewer, Hal (HR) one peer. */
  const below = uniqueId('cyc');
  /** Threshold 3: Sam has three peers; Cat two upward reviewers (withheld). */
  const at = uniqueId('cyc');
  /** Threshold 2: Cat's two upward reviewers are shown. */
  const lower = uniqueId('cyc');
  /** Goal ids by cycle and person: a KPI (40) and two competency goals (30 each). */
  const goals = new Map<string, { kpi: string; a: string; b: string }>();
  /** Review and request ids by story name. */
  const ids: Record<string, string> = {};

  const call = <T>(method: string, path: string, as: string, json?: unknown) =>
    h.call<T>(method, path, { as, ...(json !== undefined ? { json } : {}) });
  const ok = async <T>(method: string, path: string, as: string, json?: unknown): Promise<T> => {
    const res = await call<T>(method, path, as, json);
    if (res.status >= 300) throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  };
  const goalsOf = (cycleId: string, person: string) => {
    const g = goals.get(`${cycleId}:${person}`);
    if (!g) throw new Error(`no goals of ${person} in ${cycleId}`);
    return g;
  };

  /** `reviewerId` answers a request (asked by `askedBy`) with a submitted review rating the two competency goals (each
   *  comment long enough to be the evidence an extreme rating needs). */
  async function answer(
    cycleId: string,
    subjectId: string,
    reviewerId: string,
    component: 'peer' | 'upward',
    askedBy: string,
    ratings: [number, number],
  ): Promise<{ request: string; review: Review }> {
    const request = await ok<{ id: string }>('POST', '/v1/feedback-requests', askedBy, {
      cycleId,
      subjectId,
      reviewerId,
      component,
    });
    const g = goalsOf(cycleId, subjectId);
    const review = await ok<Review>('POST', '/v1/reviews', emailOf(reviewerId), {
      cycleId,
      subjectId,
      component,
      ratings: [
        {
          goalId: g.a,
          rating: ratings[0],
          comment: `${reviewerId} says ${ratings[0]}, with the examples seen this half.`,
        },
        {
          goalId: g.b,
          rating: ratings[1],
          comment: `${reviewerId} says ${ratings[1]}, with the examples seen this half.`,
        },
      ],
      summary: `Written by ${reviewerId}.`,
      submit: true,
    });
    return { request: request.id, review };
  }
  const emailOf = (personId: string) => {
    const name = Object.entries(f.id).find(([, id]) => id === personId)?.[0];
    const email = name === undefined ? undefined : (f.email as Record<string, string>)[name];
    if (email === undefined) throw new Error(`no email of ${personId}`);
    return email;
  };
  const managerReview = (cycleId: string, subjectId: string, as: string) => {
    const g = goalsOf(cycleId, subjectId);
    return ok<Review>('POST', '/v1/reviews', as, {
      cycleId,
      subjectId,
      component: 'manager',
      ratings: [
        { goalId: g.a, rating: 4 },
        { goalId: g.b, rating: 3 },
      ],
      submit: true,
    });
  };

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    const { cat, hana, sam, erin, mo, pia, paul } = f.id;
    const hal = f.acme.hr.id;
    const everyone = [hal, cat, hana, sam, erin, mo, pia, paul];
    const policy = (anonymousMinReviews?: number) => {
      const p = policyFromPreset('incentive', { name: 'Threshold test' });
      return anonymousMinReviews === undefined
        ? p
        : { ...p, feedback: { ...p.feedback, anonymousMinReviews } };
    };
    await seedCycle(h, org, below, 'appraise', everyone, policy());
    await seedCycle(h, org, at, 'appraise', everyone, policy(3));
    await seedCycle(h, org, lower, 'appraise', everyone, policy(2));
    for (const cycleId of [below, at, lower]) {
      for (const person of everyone) {
        const kpi = await seedGoal(h, org, kpiGoal(uniqueId('gol'), cycleId, person, 40, 100));
        const a = await seedGoal(h, org, competencyGoal(uniqueId('gol'), cycleId, person, 30));
        const b = await seedGoal(h, org, competencyGoal(uniqueId('gol'), cycleId, person, 30));
        goals.set(`${cycleId}:${person}`, { kpi: kpi.id, a: a.id, b: b.id });
      }
    }
    // Below: Sam asks Pia and Paul himself; Hana's one report, Sam, reviews her upward; Hal asks Cat about himself.
    const pias = await answer(below, sam, pia, 'peer', f.email.sam, [2, 5]);
    ids.piaRequest = pias.request;
    ids.piaReview = pias.review.id;
    ids.piaSubmittedAt = pias.review.submittedAt ?? '';
    ids.paulReview = (await answer(below, sam, paul, 'peer', f.email.sam, [3, 1])).review.id;
    ids.samUpward = (await answer(below, hana, sam, 'upward', f.email.hal, [2, 2])).review.id;
    ids.catOnHal = (await answer(below, hal, cat, 'peer', f.acme.hr.email, [1, 5])).review.id;
    ids.hanaOnSam = (await managerReview(below, sam, f.email.hana)).id;
    // At: three peers of Sam; two upward reviewers of Cat (still under 3).
    for (const [reviewer, ratings] of [
      [pia, [2, 5]],
      [paul, [3, 1]],
      [mo, [4, 4]],
    ] as const) {
      ids[`at_${reviewer}`] = (await answer(at, sam, reviewer, 'peer', f.email.sam, [...ratings])).review.id;
    }
    await managerReview(at, sam, f.email.hana);
    for (const reviewer of [hana, erin]) await answer(at, cat, reviewer, 'upward', f.email.hal, [3, 4]);
    // Lower (threshold 2): the same two upward reviewers of Cat.
    for (const reviewer of [hana, erin]) await answer(lower, cat, reviewer, 'upward', f.email.hal, [3, 4]);
    for (const cycleId of [below, at, lower]) await setPhase(h, org, cycleId, 'feedback');
  });
  afterAll(async () => {
    await h.close();
  });

  const reviews = (as: string, query: string) => ok<ReviewPage>('GET', `/v1/reviews?${query}`, as);

  describe('GET /v1/reviews and /{id}', () => {
    it('below the threshold: the subject is told the peer reviews are withheld, and cannot open one', async () => {
      const { sam } = f.id;
      const page = await reviews(f.email.sam, `cycleId=${below}&subjectId=${sam}`);
      expect(page.items.map((r) => [r.component, r.anonymous])).toEqual([['manager', false]]);
      expect(page.withheld).toEqual([
        { cycleId: below, subjectId: sam, component: 'peer', reviewers: 2, minReviews: 3 },
      ]);
      // Their text is nowhere in what he reads.
      expect(JSON.stringify(page)).not.toContain('Written by');
      for (const id of [ids.piaReview, ids.paulReview]) {
        const one = await call<{ code?: string }>('GET', `/v1/reviews/${id}`, f.email.sam);
        expect(one.status).toBe(404);
      }
      // Filtered to peers, it says the same; filtered to self reviews, nothing was left out.
      expect((await reviews(f.email.sam, `cycleId=${below}&component=peer`)).withheld).toEqual(page.withheld);
      expect((await reviews(f.email.sam, `cycleId=${below}&component=self`)).withheld).toEqual([]);
    });

    it('the manager chain and HR see every review as it is, with its reviewer; nothing withheld from them', async () => {
      const { sam, pia, paul } = f.id;
      for (const as of [f.email.hana, f.email.cat, f.acme.hr.email]) {
        const page = await reviews(as, `cycleId=${below}&subjectId=${sam}`);
        expect(page.withheld).toEqual([]);
        expect(
          page.items
            .filter((r) => r.component === 'peer')
            .map((r) => r.reviewerId)
            .sort(),
        ).toEqual([paul, pia].sort());
        const one = await ok<Review>('GET', `/v1/reviews/${ids.piaReview}`, as);
        expect(one).toMatchObject({ reviewerId: pia, anonymous: false, submittedAt: ids.piaSubmittedAt });
      }
    });

    it('upward below the threshold: withheld from the manager reviewed (one report)', async () => {
      const { hana } = f.id;
      const page = await reviews(f.email.hana, `cycleId=${below}&subjectId=${hana}`);
      expect(page.items.filter((r) => r.component === 'upward')).toEqual([]);
      expect(page.withheld).toEqual([
        { cycleId: below, subjectId: hana, component: 'upward', reviewers: 1, minReviews: 3 },
      ]);
      expect((await call('GET', `/v1/reviews/${ids.samUpward}`, f.email.hana)).status).toBe(404);
      // Her manager reads it, with Sam's name.
      expect(await ok<Review>('GET', `/v1/reviews/${ids.samUpward}`, f.email.cat)).toMatchObject({
        reviewerId: f.id.sam,
      });
      // Two upward reviewers under 3: withheld from Cat; at a threshold of 2, shown (anonymously).
      const cats = await reviews(f.email.cat, `cycleId=${at}&subjectId=${f.id.cat}&component=upward`);
      expect([cats.items, cats.withheld.map((w) => [w.component, w.reviewers])]).toEqual([
        [],
        [['upward', 2]],
      ]);
      const shown = await reviews(f.email.cat, `cycleId=${lower}&subjectId=${f.id.cat}&component=upward`);
      expect(shown.withheld).toEqual([]);
      expect(shown.items.map((r) => [r.reviewerId, r.anonymous])).toEqual([
        [null, true],
        [null, true],
      ]);
    });

    it('an HR administrator reviewed is withheld from like anyone; they read everyone else’s', async () => {
      const hal = f.acme.hr.id;
      const mine = await reviews(f.acme.hr.email, `cycleId=${below}&subjectId=${hal}`);
      expect(mine.items).toEqual([]);
      expect(mine.withheld).toEqual([
        { cycleId: below, subjectId: hal, component: 'peer', reviewers: 1, minReviews: 3 },
      ]);
      expect((await call('GET', `/v1/reviews/${ids.catOnHal}`, f.acme.hr.email)).status).toBe(404);
      // Cat wrote it: she reads her own review.
      expect(await ok<Review>('GET', `/v1/reviews/${ids.catOnHal}`, f.email.cat)).toMatchObject({
        reviewerId: f.id.cat,
      });
    });

    it('at the threshold: shown anonymously — times to the UTC day, opaque ids, listed by id', async () => {
      const { sam } = f.id;
      const page = await reviews(f.email.sam, `cycleId=${at}&subjectId=${sam}`);
      expect(page.withheld).toEqual([]);
      const peers = page.items.filter((r) => r.component === 'peer');
      expect(peers).toHaveLength(3);
      // The listing is by id, and peer ids carry no time: their order says nothing of who answered first.
      expect(page.items.map((r) => r.id)).toEqual(page.items.map((r) => r.id).sort());
      const written = [ids[`at_${f.id.pia}`], ids[`at_${f.id.paul}`], ids[`at_${f.id.mo}`]];
      expect(new Set(peers.map((r) => r.id))).toEqual(new Set(written));
      for (const review of peers) {
        expect(review.id).toMatch(/^rev_[0-9a-z]{16}$/);
        expect(timeLike(review.id)).toBe(false);
        expect(review).toMatchObject({ reviewerId: null, anonymous: true });
        const full = await ok<Review>('GET', `/v1/reviews/${review.id}`, f.email.hana);
        expect([review.submittedAt, review.createdAt, review.updatedAt]).toEqual([
          day(full.submittedAt),
          day(full.createdAt),
          day(full.updatedAt),
        ]);
        expect(full.submittedAt).not.toBe(review.submittedAt);
        expect(await ok<Review>('GET', `/v1/reviews/${review.id}`, f.email.sam)).toEqual(review);
      }
      // The manager review, not anonymous, keeps its time-ordered id and exact times.
      const manager = page.items.find((r) => r.component === 'manager');
      expect(manager && timeLike(manager.id)).toBe(true);
      expect(manager?.submittedAt?.endsWith('T00:00:00.000Z')).toBe(false);
    });
  });

  describe('feedback requests the subject made', () => {
    it('an answered one gives its times to the UTC day to the subject, to the millisecond to the manager', async () => {
      const mine = await ok<Request>('GET', `/v1/feedback-requests/${ids.piaRequest}`, f.email.sam);
      expect(mine).toMatchObject({ state: 'submitted', reviewId: null });
      expect(mine.closedAt).toBe(day(ids.piaSubmittedAt));
      expect(mine.updatedAt).toBe(day(ids.piaSubmittedAt));
      const listed = await ok<{ items: Request[] }>(
        'GET',
        `/v1/feedback-requests?cycleId=${below}&subjectId=${f.id.sam}`,
        f.email.sam,
      );
      expect(listed.items.find((r) => r.id === ids.piaRequest)).toEqual(mine);
      const managers = await ok<Request>('GET', `/v1/feedback-requests/${ids.piaRequest}`, f.email.hana);
      expect(managers).toMatchObject({ reviewId: ids.piaReview, closedAt: ids.piaSubmittedAt });
      expect(managers.closedAt).not.toBe(mine.closedAt);
    });
  });

  describe('scores', () => {
    const score = (cycleId: string, personId: string, as: string, explain = true) =>
      ok<Score>('GET', `/v1/cycles/${cycleId}/scores/${personId}${explain ? '?explain=true' : ''}`, as);

    it('withheld peers still count; the subject’s explanation carries none of their ratings', async () => {
      const { sam } = f.id;
      const managers = await score(below, sam, f.email.hana);
      const own = await score(below, sam, f.email.sam);
      expect(own.score).toBe(managers.score);
      expect(managers.withheld).toBeUndefined();
      expect(own.withheld).toEqual([{ component: 'peer', reviewers: 2, minReviews: 3 }]);
      // The manager reads each goal's peer mean; the subject only the competency goals together.
      const competency = (s: Score) => s.trace?.goals.filter((g) => g.kind === 'competency') ?? [];
      expect(competency(managers).every((g) => g.components.some((c) => c.component === 'peer'))).toBe(true);
      for (const g of competency(own)) expect(g).toMatchObject({ pooled: true, score: null, components: [] });
      const pooled = own.trace?.withheld?.pooled;
      expect(pooled?.goalIds.sort()).toEqual(
        competency(managers)
          .map((g) => g.goalId)
          .sort(),
      );
      const parts = competency(managers).reduce((sum, g) => sum + g.contribution, 0);
      expect(pooled?.contribution).toBeCloseTo(parts, 4);
      expect(own.explanation).toContain('2 peer reviews: not shown, as fewer than 3 people gave one');
      expect(own.explanation).not.toMatch(/peer \d+(\.\d+)? \(\d+ rater/);
      expect(managers.explanation).toMatch(/peer \d+(\.\d+)? \(2 raters/);
      expect(own.formula).toMatch(/ \+ 60 × [\d.]+\) \/ 100 = /);
      expect(JSON.stringify(own)).not.toContain(f.id.pia);
      // Without explain too: it says what is withheld.
      expect((await score(below, sam, f.email.sam, false)).withheld).toEqual(own.withheld);
    });

    it('at the threshold the subject reads the peer means (anonymously); HR reviewed is withheld from', async () => {
      const atThree = await score(at, f.id.sam, f.email.sam);
      expect(atThree.withheld).toBeUndefined();
      expect(atThree.trace?.goals.some((g) => g.components.some((c) => c.component === 'peer'))).toBe(true);
      const hal = f.acme.hr.id;
      const hrOwn = await score(below, hal, f.acme.hr.email);
      expect(hrOwn.withheld).toEqual([{ component: 'peer', reviewers: 1, minReviews: 3 }]);
      expect(JSON.stringify(hrOwn)).not.toContain(f.id.cat);
    });
  });

  it('HR’s own audit log never shows what the withheld review says, nor who wrote it', async () => {
    type Entry = { resourceId: string | null; actor: string; data: unknown; redacted?: boolean };
    const entries: Entry[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: Entry[]; nextCursor: string | null } = await ok(
        'GET',
        `/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`,
        f.acme.hr.email,
      );
      entries.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    const about = entries.filter((e) => e.resourceId === ids.catOnHal);
    expect(about.length).toBeGreaterThan(0);
    for (const e of about) {
      expect(e).toMatchObject({ actor: 'anonymous', redacted: true });
      expect(JSON.stringify(e.data)).not.toContain('Written by');
      expect(JSON.stringify(e.data)).not.toContain(f.id.cat);
    }
  });
});
