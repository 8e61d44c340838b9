// Cycle reports: the alignment tree with rolled-up progress, alignment coverage and coaching timeliness, each scoped.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  type CycleJson,
  competencyGoal,
  createCycle,
  createGoal,
  forcePhase,
  type GoalJson,
  kpiGoal,
} from './cycles/testCycle.ts';

type Node = {
  id: string;
  depth: number;
  progress: number | null;
  rolledUpProgress: number;
  children: string[];
};
type Stats = { goals: number; alignedGoals: number; countPct: number | null; weightPct: number | null };
type Tree = {
  roots: string[];
  goals: Node[];
  coverage: { overall: Stats; unaligned: { goalId: string; reason: string }[] };
};
type Coverage = { overall: Stats; departments: (Stats & { departmentId: string | null })[] };
type Coaching = {
  cadenceDays: number;
  recordingGraceDays: number;
  asOf: string;
  coachingEndedOn: string | null;
  people: {
    personId: string;
    checkIns: number;
    lastCheckInAt: string | null;
    recordedLate: number;
    recordedLateByDays: number;
    daysSinceLast: number;
    windowsElapsed: number;
    windowsCovered: number;
    overdue: boolean;
    overdueByDays: number;
  }[];
  managers: {
    managerId: string;
    managerName: string | null;
    reports: number;
    recordedLate: number;
    recordedLateByDays: number;
  }[];
  totals: { people: number; checkIns: number; recordedLate: number };
};
type CheckInJson = { id: string; at: string; createdAt: string; authorId: string };

const DAY = 86_400_000;

/**
 * Runs `fn` with the clock at `iso` (Date: the API's and the store's), e.g. to record a check-in on the day it was
 * held: one recorded weeks after its `at` counts at its recording time.
 */
async function atTime<T>(iso: string, fn: () => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ['Date'] });
  try {
    vi.setSystemTime(new Date(iso));
    return await fn();
  } finally {
    vi.useRealTimers();
  }
}

describe.each(ENGINES)('cycle reports routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let cycle: CycleJson;
  const g: Record<'org' | 'dept' | 'sam1' | 'sam2' | 'pia', GoalJson> = {} as never;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    cycle = await createCycle(h, f, { personIds: [f.id.sam, f.id.pia, f.id.paul] });
    g.org = await createGoal(h, f.email.hal, {
      cycleId: cycle.id,
      kind: 'competency',
      level: 'organisation',
      title: 'Grow',
      weight: 100,
    });
    g.dept = await createGoal(h, f.email.hana, {
      ...kpiGoal(cycle.id, f.id.sam, 100),
      level: 'department',
      ownerId: null,
      departmentId: f.dept.sales,
      alignedTo: g.org.id,
    });
    g.sam1 = await createGoal(
      h,
      f.email.hana,
      kpiGoal(cycle.id, f.id.sam, 60, { alignedTo: g.dept.id, actual: 50 }),
    );
    g.sam2 = await createGoal(h, f.email.hana, competencyGoal(cycle.id, f.id.sam, 40));
    g.pia = await createGoal(
      h,
      f.email.hal,
      kpiGoal(cycle.id, f.id.pia, 100, { alignedTo: g.org.id, actual: 100 }),
    );
  });
  afterAll(async () => {
    await h.close();
  });

  describe('alignment', () => {
    it('the tree rolls progress up over every goal; coverage counts aligned person goals', async () => {
      const res = await h.call<Tree>('GET', `/v1/cycles/${cycle.id}/alignment`, { as: f.email.hal });
      expect(res.status).toBe(200);
      expect(res.body.roots).toEqual([g.org.id, g.sam2.id].sort());
      const node = (id: string) => res.body.goals.find((n) => n.id === id);
      expect(node(g.org.id)).toMatchObject({ depth: 0, progress: null, rolledUpProgress: 0.75 });
      expect(node(g.org.id)?.children).toEqual([g.dept.id, g.pia.id].sort());
      expect(node(g.dept.id)).toMatchObject({ depth: 1, rolledUpProgress: 0.5, children: [g.sam1.id] });
      expect(node(g.sam1.id)).toMatchObject({ depth: 2, progress: 0.5 });
      // Parents come before their children (the two roots may come in either order: ids are random).
      const at = (id: string) => res.body.goals.findIndex((n) => n.id === id);
      expect(at(g.org.id)).toBeLessThan(at(g.dept.id));
      expect(at(g.dept.id)).toBeLessThan(at(g.sam1.id));
      expect(res.body.coverage.overall).toMatchObject({
        goals: 3,
        alignedGoals: 2,
        countPct: 66.67,
        weightPct: 80,
      });
      expect(res.body.coverage.unaligned).toEqual([
        expect.objectContaining({ goalId: g.sam2.id, reason: 'not_aligned' }),
      ]);
    });

    it("others see the organisation's progress but only the person goals they may see", async () => {
      const res = await h.call<Tree>('GET', `/v1/cycles/${cycle.id}/alignment`, { as: f.email.sam });
      expect(res.body.goals.map((n) => n.id).sort()).toEqual(
        [g.org.id, g.dept.id, g.sam1.id, g.sam2.id].sort(),
      );
      expect(res.body.goals.find((n) => n.id === g.org.id)).toMatchObject({
        rolledUpProgress: 0.75,
        children: [g.dept.id],
      });
      expect(res.body.coverage.overall).toMatchObject({ goals: 2, alignedGoals: 1 });
      expect((await h.call('GET', `/v1/cycles/${cycle.id}/alignment`, { as: f.email.gwen })).status).toBe(
        404,
      );
    });

    it('the coverage report breaks down by department', async () => {
      const res = await h.call<Coverage>('GET', `/v1/cycles/${cycle.id}/reports/alignment`, {
        as: f.email.hal,
      });
      expect(res.body.overall.goals).toBe(3);
      expect(res.body.departments.map((d) => [d.departmentId, d.goals, d.alignedGoals])).toEqual([
        [f.dept.platform, 1, 1],
        [f.dept.sales, 2, 1],
      ]);
      const hana = await h.call<Coverage>('GET', `/v1/cycles/${cycle.id}/reports/alignment`, {
        as: f.email.hana,
      });
      expect(hana.body.departments.map((d) => d.departmentId)).toEqual([f.dept.sales]);
    });
  });

  describe('coaching timeliness', () => {
    it('by default observes today: a check-in recorded today counts at once', async () => {
      const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);
      const now = await createCycle(h, f, {
        name: 'Running now',
        personIds: [f.id.sam],
        startsOn: day(-60),
        endsOn: day(60),
      });
      await forcePhase(h, f, now.id, 'coach');
      const report = () =>
        h.call<Coaching>('GET', `/v1/cycles/${now.id}/reports/coaching`, { as: f.email.hal });
      const before = await report();
      expect(before.status).toBe(200);
      expect(before.body.asOf).toBe(day(1));
      expect(before.body.people.find((p) => p.personId === f.id.sam)).toMatchObject({
        checkIns: 0,
        overdue: true,
      });
      const note = await h.call('POST', '/v1/check-ins', {
        as: f.email.hana,
        json: {
          cycleId: now.id,
          subjectId: f.id.sam,
          kind: 'guidance_note',
          notes: 'Call the two open leads.',
        },
      });
      expect(note.status).toBe(201);
      const after = await report();
      expect(after.body.people.find((p) => p.personId === f.id.sam)).toMatchObject({
        checkIns: 1,
        daysSinceLast: 0,
        overdue: false,
      });
    });

    it('once the cycle has left coach, it is judged as of the end of coaching: frozen, not growing', async () => {
      const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
      const [lastCoached, today, tomorrow, later] = [day(-30), day(0), day(1), day(20)];
      const done = await createCycle(h, f, {
        name: 'Coached and over',
        personIds: [f.id.sam],
        startsOn: day(-60),
        endsOn: day(60),
      });
      await forcePhase(h, f, done.id, 'coach');
      // Recorded the day it was held.
      const note = await atTime(`${lastCoached}T11:00:00Z`, () =>
        h.call('POST', '/v1/check-ins', {
          as: f.email.hana,
          json: {
            cycleId: done.id,
            subjectId: f.id.sam,
            kind: 'performance_meeting',
            at: `${lastCoached}T10:00:00Z`,
            notes: 'Pipeline review.',
          },
        }),
      );
      expect(note.status).toBe(201);
      const report = (query = '') =>
        h.call<Coaching>('GET', `/v1/cycles/${done.id}/reports/coaching${query}`, { as: f.email.hal });
      const sam = (r: { body: Coaching }) => r.body.people.find((p) => p.personId === f.id.sam);
      // While coaching runs, a later day may be asked for and the figure grows with it.
      const during = await report(`?asOf=${later}`);
      expect(during.body).toMatchObject({ asOf: later, coachingEndedOn: null });
      expect(sam(during)).toMatchObject({ overdue: true, overdueByDays: 30 + 19 - 14 });

      await forcePhase(h, f, done.id, 'appraise');
      const ended = await report();
      expect(ended.status).toBe(200);
      // Coaching ended today: observed through today, 30 days after the last meeting, 16 past the 14-day cadence.
      expect(ended.body).toMatchObject({ asOf: tomorrow, coachingEndedOn: today });
      expect(sam(ended)).toMatchObject({ daysSinceLast: 30, overdue: true, overdueByDays: 16 });
      // A later day asked for is held at the end of coaching ...
      const asked = await report(`?asOf=${later}`);
      expect(asked.body).toMatchObject({ asOf: tomorrow, coachingEndedOn: today });
      expect(sam(asked)).toMatchObject({ overdueByDays: 16 });
      // ... and so is the default on a later day, after the cycle has moved on again.
      await forcePhase(h, f, done.id, 'calibrate');
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(Date.now() + 20 * DAY);
        const weeksLater = await report();
        expect(weeksLater.body).toMatchObject({ asOf: tomorrow, coachingEndedOn: today });
        expect(sam(weeksLater)).toMatchObject({ daysSinceLast: 30, overdueByDays: 16 });
      } finally {
        vi.useRealTimers();
      }
    });

    it('names each manager, also one the caller may not look up (a head’s own manager), and no one else', async () => {
      const both = await createCycle(h, f, {
        name: 'Sales coaching',
        personIds: [f.id.hana, f.id.sam, f.id.paul],
      });
      // Hana heads Sales: she sees herself and Sam, not Paul (Platform); her own manager Cat is not hers to look up.
      expect((await h.call('GET', `/v1/people/${f.id.cat}`, { as: f.email.hana })).status).toBe(404);
      const res = await h.call<Coaching>('GET', `/v1/cycles/${both.id}/reports/coaching`, {
        as: f.email.hana,
      });
      expect(res.status).toBe(200);
      expect(res.body.people.map((p) => p.personId).sort()).toEqual([f.id.hana, f.id.sam].sort());
      expect(res.body.managers).toEqual([
        expect.objectContaining({ managerId: f.id.cat, managerName: 'Cat Chief', reports: 1 }),
        expect.objectContaining({ managerId: f.id.hana, managerName: 'Hana Head', reports: 1 }),
      ]);
      // Paul's manager Pia is named to HR, who sees Paul, never to Hana.
      expect(JSON.stringify(res.body)).not.toContain('Pia Lead');
      const hr = await h.call<Coaching>('GET', `/v1/cycles/${both.id}/reports/coaching`, { as: f.email.hal });
      expect(hr.body.managers.map((m) => [m.managerId, m.managerName])).toEqual([
        [f.id.cat, 'Cat Chief'],
        [f.id.hana, 'Hana Head'],
        [f.id.pia, 'Pia Lead'],
      ]);
    });

    it('per person and manager against the cadence; self notes do not count; scoped to who you may see', async () => {
      await forcePhase(h, f, cycle.id, 'coach');
      // Written up half an hour after the 1:1.
      const note = (as: string, subjectId: string, kind: string) =>
        atTime('2026-01-10T10:30:00Z', () =>
          h.call('POST', '/v1/check-ins', {
            as,
            json: { cycleId: cycle.id, subjectId, kind, at: '2026-01-10T10:00:00Z', notes: 'Weekly 1:1' },
          }),
        );
      expect((await note(f.email.hana, f.id.sam, 'performance_meeting')).status).toBe(201);
      expect((await note(f.email.pia, f.id.pia, 'guidance_note')).status).toBe(201);
      const res = await h.call<Coaching>('GET', `/v1/cycles/${cycle.id}/reports/coaching?asOf=2026-02-01`, {
        as: f.email.hal,
      });
      expect(res.status).toBe(200);
      expect(res.body.asOf).toBe('2026-02-01');
      expect(res.body.totals).toMatchObject({ people: 3, checkIns: 1 });
      const person = (id: string) => res.body.people.find((p) => p.personId === id);
      expect(person(f.id.sam)).toMatchObject({
        checkIns: 1,
        lastCheckInAt: '2026-01-10T10:00:00Z',
        recordedLate: 0,
        // Observed through Jan 31 (asOf is the first day not observed).
        daysSinceLast: 21,
      });
      expect(person(f.id.pia)).toMatchObject({ checkIns: 0, daysSinceLast: 30, overdue: true });
      const mo = await h.call<Coaching>('GET', `/v1/cycles/${cycle.id}/reports/coaching?asOf=2026-02-01`, {
        as: f.email.mo,
      });
      expect(mo.body.people.map((p) => p.personId).sort()).toEqual([f.id.paul, f.id.pia].sort());
      expect(mo.body.managers.map((m) => m.managerId).sort()).toEqual([f.id.mo, f.id.pia].sort());
      const late = await h.call<Coaching>('GET', `/v1/cycles/${cycle.id}/reports/coaching?asOf=2030-01-01`, {
        as: f.email.hal,
      });
      expect(late.body.asOf).toBe('2026-07-01');
      const bad = await h.call('GET', `/v1/cycles/${cycle.id}/reports/coaching?asOf=soon`, {
        as: f.email.hal,
      });
      expect(bad.status).toBe(400);
    });

    it('a check-in dated back counts when it was recorded, flagged per person, manager and in the totals', async () => {
      const day = (offset: number) => new Date(Date.now() + offset * DAY).toISOString().slice(0, 10);
      const running = await createCycle(h, f, {
        name: 'Backdated coaching',
        personIds: [f.id.sam, f.id.paul],
        startsOn: day(-60),
        endsOn: day(60),
      });
      await forcePhase(h, f, running.id, 'coach');
      const post = (as: string, subjectId: string, at: string) =>
        h.call<CheckInJson>('POST', '/v1/check-ins', {
          as,
          json: {
            cycleId: running.id,
            subjectId,
            kind: 'performance_meeting',
            at,
            notes: 'Pipeline review.',
          },
        });
      // Hana writes up today a meeting she dates 40 days ago; Pia records hers two days after holding it.
      const dated = `${day(-40)}T10:00:00Z`;
      const backdated = await post(f.email.hana, f.id.sam, dated);
      expect(backdated.status).toBe(201);
      const held = `${day(-3)}T09:00:00Z`;
      const prompt = await atTime(`${day(-1)}T16:00:00Z`, () => post(f.email.pia, f.id.paul, held));
      expect(prompt.status).toBe(201);
      // The check-in keeps both times: when it happened and when it was recorded (createdAt, the server's clock).
      const read = await h.call<CheckInJson>('GET', `/v1/check-ins/${backdated.body.id}`, {
        as: f.email.hal,
      });
      expect(read.body.at).toBe(dated);
      expect(read.body.createdAt).toBe(backdated.body.createdAt);
      const recordedAt = backdated.body.createdAt;
      const lateBy = Math.floor((Date.parse(recordedAt) - Date.parse(dated)) / DAY);
      expect(lateBy).toBeGreaterThanOrEqual(39);
      // A progress note Sam wrote in Notion 20 days ago and the worker imports only now is no coaching: not flagged.
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const imported = await h.call<CheckInJson>('POST', '/v1/check-ins', {
        key,
        json: {
          cycleId: running.id,
          subjectId: f.id.sam,
          kind: 'guidance_note',
          at: `${day(-20)}T08:00:00Z`,
          notes: 'From Notion',
        },
      });
      expect([imported.status, imported.body.authorId]).toEqual([201, f.id.sam]);

      const res = await h.call<Coaching>('GET', `/v1/cycles/${running.id}/reports/coaching`, {
        as: f.email.hal,
      });
      expect(res.status).toBe(200);
      expect(res.body.recordingGraceDays).toBe(7);
      const person = (id: string) => res.body.people.find((p) => p.personId === id);
      // Sam: coached as of today, not 40 days ago — the windows before today stay missed.
      expect(person(f.id.sam)).toMatchObject({
        checkIns: 1,
        lastCheckInAt: recordedAt,
        recordedLate: 1,
        recordedLateByDays: lateBy,
        daysSinceLast: 0,
        windowsCovered: 1,
        overdue: false,
      });
      expect(person(f.id.paul)).toMatchObject({
        checkIns: 1,
        lastCheckInAt: held,
        recordedLate: 0,
        recordedLateByDays: 0,
        daysSinceLast: 3,
      });
      const manager = (id: string) => res.body.managers.find((m) => m.managerId === id);
      expect(manager(f.id.hana)).toMatchObject({ reports: 1, recordedLate: 1, recordedLateByDays: lateBy });
      expect(manager(f.id.pia)).toMatchObject({ reports: 1, recordedLate: 0, recordedLateByDays: 0 });
      expect(res.body.totals).toMatchObject({ people: 2, checkIns: 2, recordedLate: 1 });
      // The same report Hana reads about her team.
      const hana = await h.call<Coaching>('GET', `/v1/cycles/${running.id}/reports/coaching`, {
        as: f.email.hana,
      });
      expect(hana.body.people.map((p) => [p.personId, p.recordedLate])).toEqual([[f.id.sam, 1]]);
      // Asked as of the day before it was recorded, Sam had not been coached at all.
      const before = await h.call<Coaching>(
        'GET',
        `/v1/cycles/${running.id}/reports/coaching?asOf=${day(0)}`,
        { as: f.email.hal },
      );
      expect(before.body.people.find((p) => p.personId === f.id.sam)).toMatchObject({
        checkIns: 0,
        recordedLate: 0,
        overdue: true,
      });
    });

    it('publishes the recording time and the late-recorded counts in /openapi.json', async () => {
      type Schema = { properties: Record<string, Schema>; items: Schema; description?: string };
      const doc = (await (await h.app.request('/openapi.json')).json()) as {
        components: { schemas: Record<string, Schema> };
      };
      const { CoachingReport: report, CheckIn: checkIn } = doc.components.schemas;
      if (!report || !checkIn) throw new Error('CoachingReport and CheckIn are published');
      expect(checkIn.properties.createdAt?.description).toContain('When the check-in was recorded');
      const fields = (schema: Schema | undefined) => Object.keys(schema?.properties ?? {});
      expect(fields(report)).toContain('recordingGraceDays');
      const late = ['recordedLate', 'recordedLateByDays'];
      expect(fields(report.properties.people?.items)).toEqual(expect.arrayContaining(late));
      expect(fields(report.properties.managers?.items)).toEqual(expect.arrayContaining(late));
      expect(fields(report.properties.totals)).toContain('recordedLate');
    });
  });
});
