// The cycle schedule over HTTP on SQLite and PostgreSQL: set at create, changed by PATCH (If-Match, audit, feed), bad schedules 422 with nothing changed, and its dates in the to-do and readiness.
import { addDays } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  type CycleJson,
  createGoal,
  createPolicy,
  forcePhase,
  kpiGoal,
  type ProblemJson,
} from './cycles/testCycle.ts';

type Schedule = Record<string, string>;
type Reply = CycleJson & ProblemJson & { schedule?: Schedule };
type ToDo = {
  overdue: number;
  items: { kind: string; subjectId: string | null; dueOn: string | null; overdueByDays: number | null }[];
};
type Readiness = { phase: string; dueOn: string | null; overdueByDays: number | null };
type Page = { events: { kind: string; resourceId: string; op: string }[]; nextCursor: number };

const today = new Date().toISOString().slice(0, 10);
const day = (n: number) => addDays(today, n);
/** A period around today, with plan overdue by 3 days and the later stages ahead. */
const period = { startsOn: day(-60), endsOn: day(120) };
const schedule: Schedule = {
  planDue: day(-3),
  selfAppraisalDue: day(40),
  managerAppraisalDue: day(50),
  calibrationDue: day(60),
  feedbackDue: day(75),
};

describe.each(ENGINES)('cycle schedule on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let policyId: string;
  let org: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    policyId = await createPolicy(h, f);
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (json: unknown) => h.call<Reply>('POST', '/v1/cycles', { as: f.email.hal, json });
  const patch = (id: string, json: unknown, version: number, as = f.email.hal) =>
    h.call<Reply>('PATCH', `/v1/cycles/${id}`, { as, json, headers: { 'If-Match': `"${version}"` } });
  const get = (id: string) => h.call<Reply>('GET', `/v1/cycles/${id}`, { as: f.email.hal });
  const base = (extra: Record<string, unknown> = {}) => ({
    name: 'Scheduled',
    policyId,
    ...period,
    personIds: [f.id.sam, f.id.paul],
    ...extra,
  });
  /** The change feed's cursor after its last event. */
  const feedEnd = async () => {
    let after = 0;
    for (;;) {
      const page = await h.call<Page>('GET', `/v1/changes?after=${after}&limit=500`, { as: f.email.hal });
      if (page.body.events.length === 0) return after;
      after = page.body.nextCursor;
    }
  };
  const count = async () => (await h.store.resources('cycles').list(org, { limit: 1000 })).records.length;

  it('create keeps the schedule; a cycle without one stays undated (and an empty one is none)', async () => {
    const res = await post(base({ schedule }));
    expect(res.status).toBe(201);
    expect(res.body.schedule).toEqual(schedule);
    expect((await get(res.body.id)).body.schedule).toEqual(schedule);
    const plain = await post(base());
    expect(plain.status).toBe(201);
    expect(plain.body).not.toHaveProperty('schedule');
    const empty = await post(base({ schedule: {} }));
    expect(empty.body).not.toHaveProperty('schedule');
  });

  it('create: a bad schedule is 422 schedule_invalid with a field error per date, nothing stored', async () => {
    const before = await count();
    const res = await post(
      base({
        schedule: { planDue: day(-153), managerAppraisalDue: day(30), selfAppraisalDue: day(31) },
      }),
    );
    expect(res.status).toBe(422);
    expect(res.body.code).toBe('schedule_invalid');
    expect(res.body.errors?.map((e) => [e.path, e.code, e.params])).toEqual([
      // A quarter before the period starts (92 days) is the earliest a stage may be due; half a year after it ends the latest.
      ['schedule.planDue', 'schedule_out_of_range', { earliest: day(-152), latest: day(303) }],
      [
        'schedule.managerAppraisalDue',
        'schedule_out_of_order',
        { after: 'selfAppraisalDue', afterOn: day(31) },
      ],
    ]);
    // Shape problems stay 400 validation_failed: an unknown stage, a date that is not a day.
    const shape = await post(base({ schedule: { reviewDue: day(1), planDue: 'soon' } }));
    expect(shape.status).toBe(400);
    expect(shape.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ['schedule.planDue', 'invalid_format'],
      ['schedule.reviewDue', 'unrecognized_key'],
    ]);
    expect(await count()).toBe(before);
  });

  it('PATCH sets, changes and clears the schedule with If-Match, audited and on the feed', async () => {
    const created = await post(base());
    const id = created.body.id;
    const cursor = await feedEnd();
    expect((await h.call('PATCH', `/v1/cycles/${id}`, { as: f.email.hal, json: { schedule } })).status).toBe(
      428,
    );
    expect((await patch(id, { schedule }, 1, f.email.hana)).status).toBe(403);
    const set = await patch(id, { schedule }, 1);
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ schedule, version: 2 });
    expect((await patch(id, { schedule }, 1)).status).toBe(412);
    const audit = await h.store.audit.list(org, { after: 0, limit: 10_000 });
    expect(audit.entries.filter((e) => e.resourceId === id).map((e) => e.action)).toEqual([
      'cycle.create',
      'cycle.update',
    ]);
    const feed = await h.call<Page>('GET', `/v1/changes?after=${cursor}&limit=500`, { as: f.email.hal });
    expect(feed.body.events.filter((e) => e.resourceId === id).map((e) => e.op)).toEqual(['update']);

    // Other fields keep the schedule; a new schedule replaces it whole; {} clears it.
    const renamed = await patch(id, { name: 'Renamed' }, 2);
    expect(renamed.body).toMatchObject({ name: 'Renamed', schedule });
    const moved = await patch(id, { schedule: { feedbackDue: day(80) } }, 3);
    expect(moved.body.schedule).toEqual({ feedbackDue: day(80) });
    const cleared = await patch(id, { schedule: {} }, 4);
    expect(cleared.status).toBe(200);
    expect(cleared.body).not.toHaveProperty('schedule');
    expect((await get(id)).body).not.toHaveProperty('schedule');
  });

  it('PATCH: a bad schedule, or a period that leaves the schedule outside it, is 422 and changes nothing', async () => {
    const created = await post(base({ schedule }));
    const id = created.body.id;
    const bad = await patch(id, { schedule: { ...schedule, calibrationDue: day(45) } }, 1);
    expect(bad.status).toBe(422);
    expect(bad.body.errors?.map((e) => [e.path, e.code])).toEqual([
      ['schedule.calibrationDue', 'schedule_out_of_order'],
    ]);
    // Stages may fall after the period ends (appraisal in the weeks after it): a shorter period keeps them.
    const later = await patch(id, { startsOn: day(90) }, 1);
    expect(later.status).toBe(422);
    expect(later.body.code).toBe('schedule_invalid');
    expect(later.body.errors?.map((e) => e.path)).toEqual(['schedule.planDue']);
    // The period's own rule stays 400.
    expect((await patch(id, { endsOn: day(-70) }, 1)).status).toBe(400);
    const after = await get(id);
    expect(after.body).toMatchObject({ version: 1, schedule, startsOn: period.startsOn });
  });

  it('the schedule can move after plan (not the name or dates), never once closed', async () => {
    const created = await post(base({ schedule }));
    const id = created.body.id;
    const coach = await forcePhase(h, f, id, 'coach');
    const later = { ...schedule, selfAppraisalDue: day(45) };
    const ok = await patch(id, { schedule: later }, coach.version);
    expect(ok.status).toBe(200);
    expect(ok.body.schedule).toEqual(later);
    const rename = await patch(id, { name: 'Late', schedule: later }, ok.body.version);
    expect(rename.status).toBe(409);
    expect(rename.body.code).toBe('wrong_phase');
    const closed = await forcePhase(h, f, id, 'closed');
    const locked = await patch(id, { schedule }, closed.version);
    expect(locked.status).toBe(409);
    expect(locked.body.code).toBe('wrong_phase');
  });

  it('the to-do and readiness carry the schedule’s dates: plan overdue, then the appraisal ahead', async () => {
    const created = await post(base({ schedule, personIds: [f.id.sam] }));
    const id = created.body.id;
    await createGoal(h, f.email.hana, kpiGoal(id, f.id.sam, 100));
    const toDo = async (as: string) => (await h.call<ToDo>('GET', `/v1/me/to-do?cycleId=${id}`, { as })).body;
    const sam = await toDo(f.email.sam);
    expect(sam.items.map((i) => [i.kind, i.subjectId, i.dueOn, i.overdueByDays])).toEqual([
      ['agree_plan', f.id.sam, day(-3), 3],
    ]);
    expect(sam.overdue).toBe(1);
    const ready = await h.call<Readiness>('GET', `/v1/cycles/${id}/readiness`, { as: f.email.hal });
    expect(ready.body).toMatchObject({ phase: 'plan', dueOn: day(-3), overdueByDays: 3 });

    await forcePhase(h, f, id, 'appraise');
    const hana = await toDo(f.email.hana);
    expect(hana.items.map((i) => [i.kind, i.subjectId, i.dueOn, i.overdueByDays])).toEqual([
      ['manager_review', f.id.sam, day(50), null],
    ]);
    expect((await toDo(f.email.sam)).items.map((i) => [i.kind, i.dueOn])).toEqual([['self_review', day(40)]]);
    const appraise = await h.call<Readiness>('GET', `/v1/cycles/${id}/readiness`, { as: f.email.hal });
    expect(appraise.body).toMatchObject({ phase: 'appraise', dueOn: day(50), overdueByDays: null });
  });

  it('is in /openapi.json: the schedule on create, PATCH and the cycle; readiness and to-do dates; the 422', async () => {
    type S = { properties?: Record<string, S>; $ref?: string; allOf?: S[] };
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, { responses: Record<string, unknown> }>>;
      components: { schemas: Record<string, S> };
    };
    const schemas = doc.components.schemas;
    expect(Object.keys(schemas.CycleSchedule?.properties ?? {})).toEqual([
      'planDue',
      'peerFeedbackDue',
      'selfAppraisalDue',
      'managerAppraisalDue',
      'calibrationDue',
      'feedbackDue',
      'applyDue',
      'improveDue',
    ]);
    expect(schemas.CycleCreate?.properties).toHaveProperty('schedule');
    expect(schemas.CyclePatch?.properties).toHaveProperty('schedule');
    expect(schemas.Cycle?.properties).toHaveProperty('schedule');
    expect(schemas.CycleReadiness?.properties).toHaveProperty('dueOn');
    expect(schemas.CycleReadiness?.properties).toHaveProperty('overdueByDays');
    expect(schemas.ToDoItem?.properties).toHaveProperty('dueOn');
    expect(doc.paths['/v1/cycles/{id}']?.patch?.responses).toHaveProperty('422');
    expect(doc.paths['/v1/cycles']?.post?.responses).toHaveProperty('422');
    expect(schemas.FieldErrorParams?.properties).toHaveProperty('afterOn');
  });
});
