// An appeal resolved as changed moves the rating (scores, explanation, results); upheld keeps it; bad, stale or late changes write nothing.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { put, seedMeasuredCycle, setPhase } from './loop/testCycle.ts';

type Problem = { code: string; errors?: { path: string; code: string }[]; details?: Record<string, unknown> };
type Meeting = Problem & {
  id: string;
  version: number;
  acknowledgement: {
    status: string;
    outcome?: string;
    correction?: { from: number; to: number; adjustmentId: string; resultId?: string };
  };
};
type Score = Problem & {
  rating: { value: number; label: string };
  original: { score: number; rating: { value: number } };
  calibrated: boolean;
  adjustments: { id: string; kind: string; sessionId: string | null; meetingId: string | null; to: number }[];
  explanation?: string;
  trace?: { ratingChanges?: { kind: string; from: { value: number }; to: { value: number }; by: string }[] };
};
type Computation = Problem & { people: { personId: string; rating: { value: number } }[] };

const CYCLE = 'cyc_appeal_fix';
const DAY = 86_400_000;
const NOTE = 'Your rating is raised to 4 after review of the outage evidence.';
const REASON = 'My target was missed because of the March outage, which the review did not consider.';

describe.each(ENGINES)('appeals that change the result on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    // Sam 5, Pia 3, Paul 1, Mo 2.
    await seedMeasuredCycle(
      h,
      org,
      { sam: f.id.sam, pia: f.id.pia, paul: f.id.paul, mo: f.id.mo },
      { id: CYCLE, phase: 'feedback' },
    );
  });
  afterAll(async () => {
    await h.close();
  });

  const call = <T>(method: string, path: string, as: string, json?: unknown, headers = {}) =>
    h.call<T>(method, path, { as, ...(json === undefined ? {} : { json }), headers });
  const resolve = (id: string, json: unknown, as = f.email.hal) =>
    call<Meeting>('POST', `/v1/feedback-meetings/${id}/resolve-appeal`, as, json);
  const score = (person: string, as = f.email.hal) =>
    call<Score>('GET', `/v1/cycles/${CYCLE}/scores/${person}?explain=true`, as);
  const moves = async (person: string) =>
    (await h.store.resources('calibration_adjustments').list(org, { cycleId: CYCLE, subjectId: person }))
      .records;

  /** A meeting held yesterday by `manager`, appealed by its subject. */
  async function appealed(subject: keyof Fixture['id'], manager: keyof Fixture['id']): Promise<string> {
    const m = await call<Meeting>('POST', '/v1/feedback-meetings', f.email[manager], {
      cycleId: CYCLE,
      subjectId: f.id[subject],
      heldAt: new Date(Date.now() - DAY).toISOString(),
      summary: `We went through every goal of the half with ${subject}, the rating and how it was reached, and what to focus on next.`,
      strengths: 'Careful preparation.',
      improvements: 'Raising risks earlier.',
      agreedActions: ['Draft the next plan together.'],
    });
    if (m.status !== 201) throw new Error(`meeting: ${m.status} ${JSON.stringify(m.body)}`);
    const a = await call<Meeting>('POST', `/v1/feedback-meetings/${m.body.id}/appeal`, f.email[subject], {
      reason: REASON,
    });
    if (a.status !== 200) throw new Error(`appeal: ${a.status}`);
    return m.body.id;
  }

  it('refuses a bad, missing, unchanged or stale rating and a short note (4xx, nothing changed)', async () => {
    const id = await appealed('pia', 'mo');
    const cases: [Record<string, unknown>, number, string, string | null][] = [
      [{ outcome: 'changed', note: NOTE, fromRating: 3 }, 422, 'rating_required', 'toRating'],
      [{ outcome: 'changed', note: NOTE, toRating: 4 }, 422, 'rating_required', 'fromRating'],
      [
        { outcome: 'changed', note: NOTE, toRating: 7, fromRating: 3 },
        422,
        'rating_not_on_scale',
        'toRating',
      ],
      [{ outcome: 'changed', note: NOTE, toRating: 3, fromRating: 3 }, 422, 'no_change', 'toRating'],
      [
        { outcome: 'changed', note: 'Raised to 4.', toRating: 4, fromRating: 3 },
        422,
        'justification_required',
        'note',
      ],
      [
        { outcome: 'changed', note: 'Raised to 5 after our review.', toRating: 5, fromRating: 3 },
        422,
        'evidence_required',
        'note',
      ],
      [{ outcome: 'changed', note: NOTE, toRating: 4, fromRating: 2 }, 409, 'rating_changed', null],
      [{ outcome: 'upheld', note: NOTE, toRating: 4 }, 422, 'rating_not_allowed', 'toRating'],
    ];
    for (const [json, status, code, path] of cases) {
      const res = await resolve(id, json);
      expect([res.status, res.body.code], JSON.stringify(json)).toEqual([status, code]);
      if (path !== null) expect(res.body.errors?.map((e) => [e.path, e.code])).toEqual([[path, code]]);
      if (code === 'rating_changed') expect(res.body.details).toMatchObject({ currentRating: 3 });
    }
    const bad = await resolve(id, { outcome: 'changed', note: NOTE, toRating: 'four', fromRating: 3 });
    expect(bad.status).toBe(400);
    const meeting = await call<Meeting>('GET', `/v1/feedback-meetings/${id}`, f.email.hal);
    expect(meeting.body.acknowledgement.status).toBe('appealed');
    expect(meeting.body.version).toBe(2);
    expect(await moves(f.id.pia)).toEqual([]);
    expect((await score(f.id.pia)).body.rating.value).toBe(3);
  });

  it('only HR resolves it, never the employee, their manager or someone who cannot see them', async () => {
    const [id] = (
      await h.store.resources('feedback_meetings').list(org, { subjectId: f.id.pia })
    ).records.map((r) => r.id);
    const json = { outcome: 'changed', note: NOTE, toRating: 4, fromRating: 3 };
    expect((await resolve(id ?? '', json, f.email.pia)).status).toBe(403);
    expect((await resolve(id ?? '', json, f.email.mo)).status).toBe(403);
    expect((await resolve(id ?? '', json, f.email.sam)).status).toBe(404);
    expect(await moves(f.id.pia)).toEqual([]);
  });

  it('changed moves the final rating: scores, the explanation, the results preview and apply read it', async () => {
    const [id = ''] = (
      await h.store.resources('feedback_meetings').list(org, { subjectId: f.id.pia })
    ).records.map((r) => r.id);
    const res = await resolve(id, { outcome: 'changed', note: NOTE, toRating: 4, fromRating: 3 });
    expect(res.status).toBe(200);
    const correction = res.body.acknowledgement.correction;
    expect(res.body.acknowledgement).toMatchObject({ status: 'appeal_resolved', outcome: 'changed' });
    expect(correction).toMatchObject({ from: 3, to: 4 });

    const stored = await moves(f.id.pia);
    expect(stored.map((r) => [r.id, r.parentId, r.data.kind, r.data.meetingId, r.data.actorId])).toEqual([
      [correction?.adjustmentId, id, 'appeal', id, f.id.hal],
    ]);
    // One transaction: the move and the resolution, each with its audit entry and feed event.
    const audit = await h.store.audit.list(org, { after: 0, limit: 1000 });
    const actions = audit.entries.filter(
      (e) => e.resourceId === id || e.resourceId === correction?.adjustmentId,
    );
    expect(actions.map((e) => e.action)).toEqual(
      expect.arrayContaining(['calibration_adjustment.appeal', 'feedback_meeting.resolve_appeal']),
    );
    const feed = await h.store.feed.read(org, { after: 0, limit: 1000 });
    expect(feed.events.some((e) => e.resourceId === correction?.adjustmentId)).toBe(true);

    // The employee reads the new rating, the original and the line that says why.
    const mine = await score(f.id.pia, f.email.pia);
    expect(mine.status).toBe(200);
    expect(mine.body.rating).toMatchObject({ value: 4 });
    expect(mine.body.original.rating.value).toBe(3);
    expect(mine.body.calibrated).toBe(true);
    expect(mine.body.adjustments).toEqual([
      expect.objectContaining({ kind: 'appeal', sessionId: null, meetingId: id, to: 4 }),
    ]);
    expect(mine.body.trace?.ratingChanges).toEqual([
      expect.objectContaining({ kind: 'appeal', from: expect.objectContaining({ value: 3 }), by: f.id.hal }),
    ]);
    expect(mine.body.explanation).toContain(
      `Changed on appeal (${new Date().toISOString().slice(0, 10)}, by ${f.id.hal}): Meets expectations → Exceeds expectations — ${NOTE}`,
    );
    // Her manager sees it too.
    expect((await score(f.id.pia, f.email.mo)).body.rating.value).toBe(4);

    const body = { poolCents: 1_000_000, meritBudgetCents: 500_000, startsOn: '2026-08-03' };
    const preview = await call<Computation>('POST', `/v1/cycles/${CYCLE}/results/preview`, f.email.hal, body);
    expect(preview.status).toBe(200);
    expect(preview.body.people.find((p) => p.personId === f.id.pia)?.rating.value).toBe(4);

    await setPhase(h, org, CYCLE, 'apply');
    const cycle = await h.store.resources('cycles').get(org, CYCLE);
    const applied = await call<Computation>('POST', `/v1/cycles/${CYCLE}/results/apply`, f.email.hal, body, {
      'If-Match': `"${cycle?.version}"`,
    });
    expect(applied.status).toBe(200);
    expect(applied.body.people.find((p) => p.personId === f.id.pia)?.rating.value).toBe(4);
    await setPhase(h, org, CYCLE, 'feedback');
  });

  it('a calibration session over the person lists the appeal move with its own (kind appeal, the meeting)', async () => {
    const session = 'cal_appeal_fix';
    await put(h, org, 'calibration_sessions', {
      id: session,
      cycleId: CYCLE,
      data: {
        id: session,
        cycleId: CYCLE,
        name: 'Engineering',
        departmentIds: [f.dept.eng],
        state: 'finalised',
        createdBy: f.id.hal,
        finalisedAt: '2026-07-01T10:00:00Z',
        finalisedBy: f.id.hal,
        summary: null,
      },
    });
    type Move = {
      id: string;
      kind?: string;
      meetingId?: string;
      sessionId?: string;
      subjectId: string;
      to: number;
    };
    const list = await call<{ items: Move[] }>(
      'GET',
      `/v1/calibration-sessions/${session}/adjustments`,
      f.email.hal,
    );
    expect(list.status).toBe(200);
    const [meetingId] = (
      await h.store.resources('feedback_meetings').list(org, { subjectId: f.id.pia })
    ).records.map((r) => r.id);
    expect(list.body.items).toEqual([
      expect.objectContaining({ kind: 'appeal', meetingId, subjectId: f.id.pia, to: 4 }),
    ]);
    expect(list.body.items[0]?.sessionId).toBeUndefined();
    // A session over Sales lists none of it.
    await put(h, org, 'calibration_sessions', {
      id: 'cal_sales',
      cycleId: CYCLE,
      data: {
        id: 'cal_sales',
        cycleId: CYCLE,
        name: 'Sales',
        departmentIds: [f.dept.sales],
        state: 'finalised',
        createdBy: f.id.hal,
        finalisedAt: '2026-07-01T10:00:00Z',
        finalisedBy: f.id.hal,
        summary: null,
      },
    });
    const sales = await call<{ items: Move[] }>(
      'GET',
      '/v1/calibration-sessions/cal_sales/adjustments',
      f.email.hal,
    );
    expect(sales.body.items).toEqual([]);
  });

  it('upheld keeps the rating and records no move', async () => {
    const id = await appealed('paul', 'pia');
    const res = await resolve(id, {
      outcome: 'upheld',
      note: 'The outage was accounted for; the rating stands.',
    });
    expect(res.status).toBe(200);
    expect(res.body.acknowledgement).toMatchObject({ status: 'appeal_resolved', outcome: 'upheld' });
    expect(res.body.acknowledgement.correction).toBeUndefined();
    expect(await moves(f.id.paul)).toEqual([]);
    const paul = await score(f.id.paul);
    expect([paul.body.rating.value, paul.body.calibrated, paul.body.adjustments]).toEqual([1, false, []]);
  });

  it('once results were applied for the person, changed re-applies their result (appealReapply.test.ts has the rules)', async () => {
    // Results were applied above (for everyone rated, Mo included).
    const id = await appealed('mo', 'erin');
    const before = await h.store.resources('results').list(org, { cycleId: CYCLE, subjectId: f.id.mo });
    expect(before.records[0]?.data.rating).toMatchObject({ value: 2 });
    const res = await resolve(id, { outcome: 'changed', note: NOTE, toRating: 3, fromRating: 2 });
    expect(res.status).toBe(200);
    expect(res.body.acknowledgement.correction).toMatchObject({
      from: 2,
      to: 3,
      resultId: before.records[0]?.id,
    });
    expect((await score(f.id.mo)).body.rating.value).toBe(3);
    const after = await h.store.resources('results').list(org, { cycleId: CYCLE, subjectId: f.id.mo });
    expect(after.records[0]?.data.rating).toMatchObject({ value: 3 });
  });

  it('never an appeal about your own result (403 own_appeal), nothing moved', async () => {
    const id = 'fbm_hal_own';
    await put(h, org, 'feedback_meetings', {
      id,
      cycleId: CYCLE,
      subjectId: f.id.hal,
      data: {
        id,
        cycleId: CYCLE,
        subjectId: f.id.hal,
        managerId: f.id.cat,
        heldAt: new Date(Date.now() - DAY).toISOString(),
        summary: 'We went through the half.',
        strengths: '',
        improvements: '',
        agreedActions: [],
        acknowledgement: { status: 'appealed', at: new Date().toISOString(), reason: REASON },
      },
    });
    const own = await resolve(id, { outcome: 'changed', note: NOTE, toRating: 4, fromRating: 3 });
    expect([own.status, own.body.code]).toEqual([403, 'own_appeal']);
    expect(await moves(f.id.hal)).toEqual([]);
  });
});
