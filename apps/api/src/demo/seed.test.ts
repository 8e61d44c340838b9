// Demo seed: a fresh database gets Acme with a closed H1 loop and a current H2 in coach; a second start seeds nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { depsFor } from '../deps.ts';
import { type ApiHarness, createApiHarness, ENGINES } from '../testing/apiHarness.ts';
import { testEnv } from '../testing/testApp.ts';
import { type FirstStartOutcome, seedOnFirstStart } from './firstStart.ts';
import { DEMO_EVERYONE, DEMO_HR, DEMO_PARTICIPANTS } from './roster.ts';
import { H1, H2, LATE_WRITE_UP } from './seed.ts';
import { createSeedClock } from './seedClock.ts';

type Json = Record<string, unknown>;
type Page = { items: Json[]; nextCursor: string | null };

const HR = DEMO_HR.email;
const N = DEMO_PARTICIPANTS.length;

describe.each(ENGINES)('demo seed (%s)', (engine) => {
  let h: ApiHarness;
  let first: FirstStartOutcome;
  let h1 = '';
  let h2 = '';
  const ids = new Map<string, string>();

  const get = async <T = Json>(path: string, as = HR): Promise<T> => {
    const res = await h.call<T>('GET', path, { as });
    expect(res.status, `${path} → ${JSON.stringify(res.body).slice(0, 300)}`).toBe(200);
    return res.body;
  };
  const all = (path: string, as = HR) => get<Page>(`${path}${path.includes('?') ? '&' : '?'}limit=500`, as);

  beforeAll(async () => {
    // As the server opens it with the seed on: the store's clock is the seed's.
    const clock = createSeedClock();
    h = await createApiHarness({ engine, clock: clock.clock });
    first = await seedOnFirstStart(testEnv(), {
      store: h.store,
      directory: depsFor(h.store).directory,
      clock,
    });
    if (first.seeded) {
      h1 = first.seed.closed.id;
      h2 = first.seed.current.id;
      for (const [key, id] of Object.entries(first.seed.org.person)) ids.set(key, id);
    }
  }, 120_000);
  afterAll(async () => {
    await h?.close();
  });

  it('seeds Acme on the first start: departments with heads and about 15 people', async () => {
    expect(first.seeded).toBe(true);
    const org = await get('/v1/organisation');
    expect(org).toMatchObject({ name: 'Acme', slug: 'acme', settings: { currency: 'EUR' } });
    const departments = await all('/v1/departments');
    expect(departments.items.map((d) => d.name).sort()).toEqual(['Acme', 'Engineering', 'People', 'Sales']);
    for (const d of departments.items.filter((x) => x.parentId !== null)) expect(d.headId).not.toBeNull();
    const people = await all('/v1/people');
    expect(people.items).toHaveLength(DEMO_EVERYONE.length);
    expect(people.items.every((p) => String(p.email).endsWith('@acme.test'))).toBe(true);
    const me = await get('/v1/people/me');
    expect(me.roles).toContain('hr_admin');
    const policies = await all('/v1/policies');
    expect(policies.items).toHaveLength(1);
    expect(policies.items[0]).toMatchObject({ theme: 'incentive' });
  });

  it('says the policy’s rating levels in Chinese too, in the policy and in both cycles’ snapshots of it', async () => {
    type Scale = { levels: { value: number; label: string; labels?: Record<string, string> }[] };
    const labelsOf = (scale: Scale) => scale.levels.map((l) => [l.value, l.label, l.labels?.['zh-CN']]);
    const expected = [
      [1, 'Unsatisfactory', '不合格'],
      [2, 'Needs improvement', '需改进'],
      [3, 'Meets expectations', '达到预期'],
      [4, 'Exceeds expectations', '超出预期'],
      [5, 'Outstanding', '卓越'],
    ];
    const [policy] = (await all('/v1/policies')).items as { ratingScale: Scale }[];
    expect(labelsOf(policy?.ratingScale ?? { levels: [] })).toEqual(expected);
    for (const id of [h1, h2]) {
      const cycle = await get<{ policy: { ratingScale: Scale } }>(`/v1/cycles/${id}`);
      expect(labelsOf(cycle.policy.ratingScale)).toEqual(expected);
    }
  });

  it('takes 2026 H1 through the whole loop to closed without overrides', async () => {
    const cycles = await all('/v1/cycles');
    const byName = new Map(cycles.items.map((c) => [c.name, c]));
    const closed = byName.get(H1.name);
    expect(closed).toMatchObject({ id: h1, phase: 'closed' });
    const history = (closed?.history ?? []) as Json[];
    expect(history.map((t) => t.to)).toEqual([
      'coach',
      'appraise',
      'calibrate',
      'feedback',
      'apply',
      'improve',
      'closed',
    ]);
    expect(history.every((t) => t.override === null)).toBe(true);
    expect(byName.get(H2.name)).toMatchObject({ id: h2, phase: 'coach', schedule: H2.schedule });
    // H1 predates schedules: an undated cycle, as every cycle stored before them.
    expect(closed).not.toHaveProperty('schedule');
  });

  it('keeps every step of the H1 loop readable', async () => {
    const plans = await all(`/v1/cycles/${h1}/plans`);
    expect(plans.items).toHaveLength(N);
    expect(plans.items.every((p) => p.status === 'agreed' && p.weightsValid === true)).toBe(true);
    expect((await all(`/v1/check-ins?cycleId=${h1}`)).items).toHaveLength(4 * N);
    const reviews = await all(`/v1/reviews?cycleId=${h1}`);
    expect(reviews.items.filter((r) => r.component === 'self')).toHaveLength(N);
    expect(reviews.items.filter((r) => r.component === 'manager')).toHaveLength(N);

    const sessions = await all(`/v1/calibration-sessions?cycleId=${h1}`);
    expect(sessions.items).toHaveLength(1);
    expect(sessions.items[0]).toMatchObject({ state: 'finalised' });
    const adjustments = await all(`/v1/calibration-sessions/${String(sessions.items[0]?.id)}/adjustments`);
    expect(adjustments.items).toHaveLength(1);

    const meetings = await all(`/v1/feedback-meetings?cycleId=${h1}`);
    expect(meetings.items).toHaveLength(N);
    for (const m of meetings.items) {
      expect(m.acknowledgement).toMatchObject({ status: 'acknowledged' });
      expect(m.quality).toMatchObject({ passed: true });
      expect(m.warnings).toEqual([]);
    }

    const results = await all(`/v1/cycles/${h1}/results`);
    expect(results.items).toHaveLength(N);
    expect(results.items.some((r) => r.improvementPlan !== null)).toBe(true);
    expect(results.items.some((r) => (r.bonus as Json | null)?.amountCents)).toBe(true);
    // Acme's amounts are in euros.
    expect(results.items.every((r) => r.currency === 'EUR')).toBe(true);
    const pay = await all(`/v1/cycles/${h1}/compensation`);
    expect(pay.items.length).toBeGreaterThan(0);
    expect(pay.items.every((c) => c.currency === 'EUR')).toBe(true);

    expect((await all(`/v1/gap-attributions?cycleId=${h1}`)).items).toHaveLength(3);
    expect((await all(`/v1/cycles/${h1}/next-cycle-drafts`)).items.length).toBeGreaterThanOrEqual(N);
  });

  it('explains a score with its trace, calibrated where the session moved it', async () => {
    const ava = ids.get('ava') ?? '';
    const score = await get(`/v1/cycles/${h1}/scores/${ava}?explain=true`);
    expect(score).toMatchObject({ subjectId: ava, rating: { value: 5 } });
    expect(score.trace).toBeDefined();
    expect(typeof score.explanation).toBe('string');
    expect(String(score.explanation).length).toBeGreaterThan(50);
    const ben = await get(`/v1/cycles/${h1}/scores/${ids.get('ben') ?? ''}`);
    expect(ben).toMatchObject({ calibrated: true });
  });

  it('has 2026 H2 in coach with agreed KPI (threshold/target/stretch) and competency goals and check-ins', async () => {
    const plans = await all(`/v1/cycles/${h2}/plans`);
    expect(plans.items).toHaveLength(N);
    expect(plans.items.every((p) => p.status === 'agreed')).toBe(true);
    const goals = await all(`/v1/goals?cycleId=${h2}&level=person`);
    const kpis = goals.items.filter((g) => g.kind === 'kpi');
    expect(kpis.length).toBe(2 * N);
    for (const g of kpis) {
      expect(g.threshold).not.toBeNull();
      expect(g.stretch).not.toBeNull();
      expect(g.actual).not.toBeNull();
    }
    expect(goals.items.filter((g) => g.kind === 'competency').length).toBeGreaterThanOrEqual(N);
    expect((await all(`/v1/check-ins?cycleId=${h2}`)).items).toHaveLength(3 * N);
    // An employee sees their own goals.
    const mine = await get<Page>(`/v1/me/goals?cycleId=${h2}`, 'ava@acme.test');
    expect(mine.items.length).toBeGreaterThanOrEqual(3);
  });

  it('records each check-in the day it was held, except one written up late (Chloe’s September meeting)', async () => {
    type CheckIn = { subjectId: string; at: string; createdAt: string };
    const hours = (c: CheckIn) => (Date.parse(c.createdAt) - Date.parse(c.at)) / 3_600_000;
    for (const cycleId of [h1, h2]) {
      const checkIns = (await all(`/v1/check-ins?cycleId=${cycleId}`)).items as CheckIn[];
      const late = checkIns.filter((c) => hours(c) > 24);
      expect(checkIns.filter((c) => hours(c) >= 0 && hours(c) <= 2).length).toBe(
        checkIns.length - late.length,
      );
      if (cycleId === h1) expect(late).toEqual([]);
      else {
        expect(late.map((c) => [c.subjectId, hours(c) / 24])).toEqual([
          [ids.get(LATE_WRITE_UP.person), LATE_WRITE_UP.days],
        ]);
      }
    }
    type Report = {
      people: { personId: string; recordedLate: number; recordedLateByDays: number }[];
      managers: { managerId: string; recordedLate: number; recordedLateByDays: number }[];
      totals: { recordedLate: number };
    };
    const report = await get<Report>(`/v1/cycles/${h2}/reports/coaching`);
    expect(report.totals.recordedLate).toBe(1);
    expect(report.people.filter((p) => p.recordedLate > 0)).toEqual([
      expect.objectContaining({ personId: ids.get('chloe'), recordedLate: 1, recordedLateByDays: 23 }),
    ]);
    expect(report.managers.filter((m) => m.recordedLate > 0)).toEqual([
      expect.objectContaining({ managerId: ids.get('marcus'), recordedLate: 1, recordedLateByDays: 23 }),
    ]);
  });

  it('records each step of the story on its day, not all on the day it was seeded', async () => {
    type Row = {
      createdAt: string;
      updatedAt: string;
      submittedAt?: string | null;
      appliedAt?: string;
      employeeAgreedAt?: string | null;
      managerAgreedAt?: string | null;
    };
    const agreedDays = (plans: Row[]) =>
      new Set(plans.flatMap((p) => [dayOf(p.employeeAgreedAt), dayOf(p.managerAgreedAt)]));
    const dayOf = (iso: string | null | undefined) => (iso ?? '').slice(0, 10);
    const rows = async (path: string) => (await all(path)).items as Row[];
    // H1: plans agreed in January, appraised on July 1, feedback met July 3–7 and acknowledged a day later,
    // results applied on July 9; H2 opened that day and agreed on July 13.
    expect(agreedDays(await rows(`/v1/cycles/${h1}/plans`))).toEqual(new Set(['2026-01-14']));
    const reviews = await rows(`/v1/reviews?cycleId=${h1}`);
    expect(reviews.length).toBeGreaterThan(0);
    expect(new Set(reviews.map((r) => dayOf(r.submittedAt)))).toEqual(new Set(['2026-07-01']));
    const meetings = await rows(`/v1/feedback-meetings?cycleId=${h1}`);
    expect(meetings).toHaveLength(N);
    for (const m of meetings) {
      expect(dayOf(m.createdAt) >= '2026-07-03' && dayOf(m.createdAt) <= '2026-07-07').toBe(true);
      expect(Date.parse(m.updatedAt) - Date.parse(m.createdAt)).toBe(21 * 3_600_000);
    }
    const results = await rows(`/v1/cycles/${h1}/results`);
    expect(results).toHaveLength(N);
    expect(new Set(results.map((r) => dayOf(r.appliedAt)))).toEqual(new Set(['2026-07-09']));
    expect(dayOf((await get<Row>(`/v1/cycles/${h2}`)).createdAt)).toBe('2026-07-09');
    expect(agreedDays(await rows(`/v1/cycles/${h2}/plans`))).toEqual(new Set(['2026-07-13']));
  });

  it('leaves an intact audit chain', async () => {
    expect(await get('/v1/audit/verify')).toMatchObject({ ok: true });
  });

  it('does not seed again on a second start', async () => {
    const before = await all('/v1/people');
    const again = await seedOnFirstStart(testEnv(), {
      store: h.store,
      directory: depsFor(h.store).directory,
    });
    expect(again).toEqual({ seeded: false, reason: 'not_empty' });
    expect((await all('/v1/people')).items).toHaveLength(before.items.length);
    expect((await all('/v1/cycles')).items).toHaveLength(2);
  });

  it('does nothing when seeding is off', async () => {
    const off = await seedOnFirstStart(testEnv({ PERFLOOP_SEED: 'false' }), {
      store: h.store,
      directory: depsFor(h.store).directory,
    });
    expect(off).toEqual({ seeded: false, reason: 'disabled' });
  });
});
