// GET /v1/me/to-do on SQLite and PostgreSQL: each kind appears for the right person and disappears once done; scoping.
import { addDays, type FeedbackMeetingInput } from '@perfloop/core';
import type { JsonObject, ResourceKind } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { SYSTEM_ACTOR } from '../bootstrap.ts';
import { createWrite } from '../kit/write.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { kpi, put, seedCycle, seedGoal, seedReview } from './loop/testCycle.ts';

type Item = {
  kind: string;
  cycleId: string;
  cycleName: string;
  phase: string;
  subjectId: string | null;
  subjectName?: string;
  targetId: string | null;
  dueOn: string | null;
  overdueByDays: number | null;
  count?: number;
  reason?: string;
  weightsTotal?: number;
};
type ToDo = { asOf: string; total: number; overdue: number; items: Item[]; code?: string };

const today = new Date().toISOString().slice(0, 10);
const GOOD = {
  summary: 'A strong half: the pipeline doubled and the forecast held within five percent every month.',
  strengths: 'Forecast discipline',
  improvements: 'Delegate account reviews',
  agreedActions: ['Pair with a junior on two accounts'],
};

let h: ApiHarness;
let f: Fixture;
let org: string;

describe.each(ENGINES)('GET /v1/me/to-do on %s', (engine) => {
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
  });
  afterAll(async () => {
    await h.close();
  });

  const toDo = (as: string, cycleId?: string) =>
    h.call<ToDo>('GET', `/v1/me/to-do${cycleId === undefined ? '' : `?cycleId=${cycleId}`}`, { as });
  const items = async (as: string, cycleId: string) => {
    const res = await toDo(as, cycleId);
    expect(res.status).toBe(200);
    return res.body.items;
  };
  const kinds = async (as: string, cycleId: string) =>
    (await items(as, cycleId)).map((i) => [i.kind, i.subjectId]);
  /** Changes a stored record's data (audited as system), as another route's write would. */
  const patch = async (kind: ResourceKind, id: string, change: JsonObject) => {
    const record = await h.store.resources(kind).get(org, id);
    if (!record) throw new Error(`no ${kind} ${id}`);
    await h.store.transaction(org, async (tx) => {
      await createWrite(tx, SYSTEM_ACTOR).update(kind, id, {
        expectedVersion: record.version,
        data: { ...record.data, ...change },
      });
    });
  };
  const meeting = async (
    id: string,
    cycleId: string,
    input: Partial<FeedbackMeetingInput>,
    ack: JsonObject,
  ) => {
    const subjectId = input.subjectId ?? f.id.sam;
    await put(h, org, 'feedback_meetings', {
      id,
      cycleId,
      subjectId,
      data: {
        id,
        cycleId,
        subjectId,
        managerId: f.id.hana,
        heldAt: `${addDays(today, -1)}T10:00:00.000Z`,
        ...GOOD,
        ...input,
        acknowledgement: ack,
      } as JsonObject,
    });
  };

  it('plan: the employee and the direct manager agree the plan; each item goes once that side has agreed', async () => {
    const cycleId = 'cyc_td_plan';
    await seedCycle(h, org, { id: cycleId, phase: 'plan', participants: [f.id.sam, f.id.paul] });
    await seedGoal(h, org, kpi('g_td_sam', cycleId, f.id.sam, 100, null));
    await seedGoal(h, org, kpi('g_td_paul', cycleId, f.id.paul, 40, null)); // weights not 100: nothing to agree yet
    expect(await kinds(f.email.sam, cycleId)).toEqual([['agree_plan', f.id.sam]]);
    const hana = await items(f.email.hana, cycleId);
    expect(hana).toEqual([
      {
        kind: 'agree_plan',
        cycleId,
        cycleName: `Cycle ${cycleId}`,
        phase: 'plan',
        subjectId: f.id.sam,
        subjectName: 'Sam Seller',
        targetId: null,
        dueOn: null,
        overdueByDays: null,
      },
    ]);
    // Paul cannot agree a plan weighing 40; Pia, his manager, has it to complete. Another manager's report never
    // appears; nor does a skip-level's.
    expect(await kinds(f.email.paul, cycleId)).toEqual([]);
    expect(await kinds(f.email.pia, cycleId)).toEqual([['complete_plan', f.id.paul]]);
    expect(await kinds(f.email.cat, cycleId)).toEqual([]);

    const agree = async (as: string) => {
      const path = `/v1/cycles/${cycleId}/plans/${f.id.sam}`;
      const read = await h.call('GET', path, { as });
      const res = await h.call('POST', `${path}/agree`, {
        as,
        json: {},
        headers: { 'If-Match': read.headers.get('etag') ?? '' },
      });
      expect(res.status).toBe(200);
    };
    await agree(f.email.sam);
    expect(await kinds(f.email.sam, cycleId)).toEqual([]);
    expect(await kinds(f.email.hana, cycleId)).toEqual([['agree_plan', f.id.sam]]);
    await agree(f.email.hana);
    expect(await kinds(f.email.hana, cycleId)).toEqual([]);
  });

  it('plan: the manager completes a report’s plan without goals or whose weights do not total 100, dated by planDue; once complete it is to agree', async () => {
    const cycleId = 'cyc_td_complete';
    const planDue = addDays(today, -2);
    // Cat manages Hana (no goals yet) and Erin (weights 60).
    await seedCycle(h, org, {
      id: cycleId,
      phase: 'plan',
      participants: [f.id.hana, f.id.erin],
      startsOn: addDays(today, -10),
      endsOn: addDays(today, 170),
      schedule: { planDue },
    });
    await seedGoal(h, org, kpi('g_td_erin_1', cycleId, f.id.erin, 60, null));
    const res = await toDo(f.email.cat, cycleId);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ total: 2, overdue: 2 });
    const base = {
      cycleId,
      cycleName: `Cycle ${cycleId}`,
      phase: 'plan',
      kind: 'complete_plan',
      targetId: null,
      dueOn: planDue,
      overdueByDays: 2,
    };
    expect([...res.body.items].sort((a, b) => (a.subjectId ?? '').localeCompare(b.subjectId ?? ''))).toEqual([
      { ...base, subjectId: f.id.erin, subjectName: 'Erin Eng', reason: 'weights_not_100', weightsTotal: 60 },
      { ...base, subjectId: f.id.hana, subjectName: 'Hana Head', reason: 'no_goals', weightsTotal: 0 },
    ]);
    // Neither employee has anything to agree yet.
    expect(await kinds(f.email.hana, cycleId)).toEqual([]);
    expect(await kinds(f.email.erin, cycleId)).toEqual([]);

    // Erin's plan reaches 100: Cat now agrees it (and both Erin and Cat see agree_plan); Hana's is still to complete.
    await seedGoal(h, org, kpi('g_td_erin_2', cycleId, f.id.erin, 40, null));
    expect((await kinds(f.email.cat, cycleId)).sort()).toEqual(
      [
        ['agree_plan', f.id.erin],
        ['complete_plan', f.id.hana],
      ].sort(),
    );
    expect(await kinds(f.email.erin, cycleId)).toEqual([['agree_plan', f.id.erin]]);
  });

  it('coach: a check-in overdue by the policy cadence per report (the late-coaching alert), gone after a check-in', async () => {
    const cycleId = 'cyc_td_coach';
    // Biweekly cadence with 3 grace days (the test policy); 30 days in, nobody coached: due on day 14, 16 days late.
    await seedCycle(h, org, {
      id: cycleId,
      phase: 'coach',
      participants: [f.id.sam, f.id.paul],
      startsOn: addDays(today, -30),
      endsOn: addDays(today, 150),
    });
    const hana = await items(f.email.hana, cycleId);
    expect(hana).toEqual([
      expect.objectContaining({
        kind: 'check_in_due',
        subjectId: f.id.sam,
        subjectName: 'Sam Seller',
        dueOn: addDays(today, -16),
        overdueByDays: 16,
      }),
    ]);
    expect((await kinds(f.email.pia, cycleId)).map((k) => k[1])).toEqual([f.id.paul]);
    expect(await kinds(f.email.sam, cycleId)).toEqual([]);
    const res = await toDo(f.email.hana, cycleId);
    expect([res.body.total, res.body.overdue, res.body.asOf]).toEqual([1, 1, today]);

    const checkIn = await h.call('POST', '/v1/check-ins', {
      as: f.email.hana,
      json: { cycleId, subjectId: f.id.sam, kind: 'guidance_note', notes: 'Walked through the Q3 pipeline' },
    });
    expect(checkIn.status).toBe(201);
    expect(await kinds(f.email.hana, cycleId)).toEqual([]);
    expect((await kinds(f.email.pia, cycleId)).map((k) => k[1])).toEqual([f.id.paul]);
  });

  it('coach: a check-in recorded weeks after its date counts from its recording, so the next one falls due from then', async () => {
    const cycleId = 'cyc_td_backdated';
    await seedCycle(h, org, {
      id: cycleId,
      phase: 'coach',
      participants: [f.id.sam],
      startsOn: addDays(today, -30),
      endsOn: addDays(today, 150),
    });
    // Dated 10 days ago, recorded today (past the 7-day recording grace): it counts today, not 10 days ago.
    const checkIn = await h.call('POST', '/v1/check-ins', {
      as: f.email.hana,
      json: {
        cycleId,
        subjectId: f.id.sam,
        kind: 'performance_meeting',
        at: `${addDays(today, -10)}T09:00:00.000Z`,
        notes: 'Pipeline review, written up late',
      },
    });
    expect(checkIn.status).toBe(201);
    expect(await kinds(f.email.hana, cycleId)).toEqual([]);
    /** Hana's to-do on a later day (the clock moved on). */
    const later = async (days: number) => {
      vi.useFakeTimers({ toFake: ['Date'] });
      try {
        vi.setSystemTime(new Date(`${addDays(today, days)}T12:00:00.000Z`));
        return await items(f.email.hana, cycleId);
      } finally {
        vi.useRealTimers();
      }
    };
    // Dated as it says it would be due in 4 days; counted from today it is due in 14, overdue after 17.
    expect(await later(13)).toEqual([]);
    expect(await later(14)).toEqual([
      expect.objectContaining({
        kind: 'check_in_due',
        subjectId: f.id.sam,
        dueOn: addDays(today, 14),
        overdueByDays: null,
      }),
    ]);
    expect(await later(18)).toEqual([
      expect.objectContaining({ kind: 'check_in_due', dueOn: addDays(today, 14), overdueByDays: 4 }),
    ]);
  });

  it('appraise: self and manager reviews, and feedback requests addressed to the caller', async () => {
    const cycleId = 'cyc_td_appraise';
    await seedCycle(h, org, { id: cycleId, phase: 'appraise', participants: [f.id.sam] });
    await put(h, org, 'feedback_requests', {
      id: 'frq_td_1',
      cycleId,
      subjectId: f.id.sam,
      data: {
        id: 'frq_td_1',
        cycleId,
        subjectId: f.id.sam,
        reviewerId: f.id.paul,
        component: 'peer',
        message: 'How was the joint launch?',
        requestedBy: f.id.hana,
        state: 'pending',
        reviewId: null,
        reason: null,
        closedAt: null,
        closedBy: null,
      },
    });
    expect(await kinds(f.email.sam, cycleId)).toEqual([['self_review', f.id.sam]]);
    expect(await kinds(f.email.hana, cycleId)).toEqual([['manager_review', f.id.sam]]);
    expect(await items(f.email.paul, cycleId)).toEqual([
      expect.objectContaining({ kind: 'feedback_request', subjectId: f.id.sam, targetId: 'frq_td_1' }),
    ]);
    expect(await kinds(f.email.pia, cycleId)).toEqual([]);

    const review = (id: string, reviewerId: string, component: 'self' | 'manager') =>
      seedReview(h, org, {
        id,
        cycleId,
        subjectId: f.id.sam,
        reviewerId,
        component,
        ratings: [],
        submittedAt: `${today}T09:00:00Z`,
      });
    await review('rev_td_self', f.id.sam, 'self');
    expect(await kinds(f.email.sam, cycleId)).toEqual([]);
    await review('rev_td_mgr', f.id.hana, 'manager');
    expect(await kinds(f.email.hana, cycleId)).toEqual([]);
    const declined = await h.call('POST', '/v1/feedback-requests/frq_td_1/decline', {
      as: f.email.paul,
      json: { reason: 'I did not work with Sam this half' },
    });
    expect(declined.status).toBe(200);
    expect(await kinds(f.email.paul, cycleId)).toEqual([]);
  });

  it('calibrate: HR opens a session; whoever runs an open session finalises it', async () => {
    const cycleId = 'cyc_td_calibrate';
    await seedCycle(h, org, { id: cycleId, phase: 'calibrate', participants: [f.id.paul, f.id.sam] });
    expect(await kinds(f.email.hal, cycleId)).toEqual([['open_calibration', null]]);
    expect(await kinds(f.email.erin, cycleId)).toEqual([]);
    await put(h, org, 'calibration_sessions', {
      id: 'cal_td_eng',
      cycleId,
      data: {
        id: 'cal_td_eng',
        cycleId,
        name: 'Engineering',
        departmentIds: [f.dept.eng],
        state: 'open',
        createdBy: f.id.erin,
        finalisedAt: null,
        finalisedBy: null,
        summary: null,
      },
    });
    const running = [['finalise_calibration', 'cal_td_eng']];
    const targets = async (as: string) => (await items(as, cycleId)).map((i) => [i.kind, i.targetId]);
    expect(await targets(f.email.hal)).toEqual(running);
    expect(await targets(f.email.erin)).toEqual(running);
    // Hana heads Sales only: not her session.
    expect(await targets(f.email.hana)).toEqual([]);
    await patch('calibration_sessions', 'cal_td_eng', {
      state: 'finalised',
      finalisedAt: `${today}T09:00:00Z`,
    });
    expect(await targets(f.email.hal)).toEqual([]);
    expect(await targets(f.email.erin)).toEqual([]);
  });

  it('feedback: the manager holds the meeting; the employee acknowledges by the end of the appeal window', async () => {
    const cycleId = 'cyc_td_feedback';
    await seedCycle(h, org, { id: cycleId, phase: 'feedback', participants: [f.id.sam] });
    expect(await items(f.email.hana, cycleId)).toEqual([
      expect.objectContaining({ kind: 'hold_feedback_meeting', subjectId: f.id.sam, reason: 'not_recorded' }),
    ]);
    expect(await kinds(f.email.sam, cycleId)).toEqual([]);
    // Held 20 days ago; the test policy's appeal window is 14 days: due 6 days ago.
    await meeting(
      'fbm_td_1',
      cycleId,
      { heldAt: `${addDays(today, -20)}T10:00:00.000Z` },
      { status: 'pending' },
    );
    expect(await kinds(f.email.hana, cycleId)).toEqual([]);
    expect(await items(f.email.sam, cycleId)).toEqual([
      expect.objectContaining({
        kind: 'acknowledge_result',
        subjectId: f.id.sam,
        targetId: 'fbm_td_1',
        dueOn: addDays(today, -6),
        overdueByDays: 6,
      }),
    ]);
    expect(await kinds(f.email.pia, cycleId)).toEqual([]);
    const ack = await h.call('POST', '/v1/feedback-meetings/fbm_td_1/acknowledge', {
      as: f.email.sam,
      json: { comment: 'Fair summary' },
    });
    expect(ack.status).toBe(200);
    expect(await kinds(f.email.sam, cycleId)).toEqual([]);
  });

  it('apply: HR applies results and resolves appeals (never about themselves)', async () => {
    const cycleId = 'cyc_td_apply';
    await seedCycle(h, org, { id: cycleId, phase: 'apply', participants: [f.id.sam, f.id.paul] });
    await meeting(
      'fbm_td_appeal',
      cycleId,
      { subjectId: f.id.paul, managerId: f.id.pia },
      {
        status: 'appealed',
        at: `${addDays(today, -1)}T12:00:00.000Z`,
        reason: 'The rating ignores the migration I led in March.',
      },
    );
    expect(
      (await items(f.email.hal, cycleId)).map((i) => [i.kind, i.subjectId, i.targetId, i.count]),
    ).toEqual([
      ['resolve_appeal', f.id.paul, 'fbm_td_appeal', undefined],
      ['apply_results', null, null, 2],
    ]);
    expect(await kinds(f.email.pia, cycleId)).toEqual([]);
    expect(await kinds(f.email.hana, cycleId)).toEqual([]);
    const resolved = await h.call('POST', '/v1/feedback-meetings/fbm_td_appeal/resolve-appeal', {
      as: f.email.hal,
      json: { outcome: 'upheld', note: 'The migration is in the evidence already.' },
    });
    expect(resolved.status, JSON.stringify(resolved.body)).toBe(200);
    for (const personId of [f.id.sam, f.id.paul]) {
      await put(h, org, 'results', {
        id: `res_td_${personId}`,
        cycleId,
        subjectId: personId,
        data: { personId },
      });
    }
    expect(await kinds(f.email.hal, cycleId)).toEqual([]);
  });

  it('improve: open next-cycle drafts for the direct manager and HR, gone once accepted', async () => {
    const cycleId = 'cyc_td_improve';
    await seedCycle(h, org, { id: cycleId, phase: 'improve', participants: [f.id.paul] });
    await put(h, org, 'next_cycle_drafts', {
      id: 'ncd_td_paul',
      cycleId,
      subjectId: f.id.paul,
      parentId: 'cyc_td_next',
      data: {
        id: 'ncd_td_paul',
        fromCycleId: cycleId,
        toCycleId: 'cyc_td_next',
        personId: f.id.paul,
        status: 'open',
        createdBy: f.id.hal,
        drafts: [],
        developmentItems: [],
        managerActions: [],
        skipped: [],
        acceptedAt: null,
        acceptedBy: null,
        createdGoalIds: [],
      },
    });
    const counts = async (as: string) => (await items(as, cycleId)).map((i) => [i.kind, i.count]);
    expect(await counts(f.email.pia)).toEqual([['review_next_cycle_drafts', 1]]);
    expect(await counts(f.email.hal)).toEqual([['review_next_cycle_drafts', 1]]);
    expect(await counts(f.email.mo)).toEqual([]);
    expect(await counts(f.email.paul)).toEqual([]);
    await patch('next_cycle_drafts', 'ncd_td_paul', { status: 'accepted', acceptedAt: `${today}T09:00:00Z` });
    expect(await counts(f.email.pia)).toEqual([]);
  });

  it('across open cycles by default, most urgent first; closed cycles, other tenants and API keys get nothing', async () => {
    await seedCycle(h, org, {
      id: 'cyc_td_z_coach',
      phase: 'coach',
      participants: [f.id.sam],
      startsOn: addDays(today, -40),
      endsOn: addDays(today, 100),
    });
    await seedCycle(h, org, { id: 'cyc_td_closed', phase: 'closed', participants: [f.id.sam] });
    const all = await toDo(f.email.hana);
    expect(all.status).toBe(200);
    // The overdue check-in comes first, whatever the cycle ids.
    expect(all.body.items[0]).toMatchObject({
      kind: 'check_in_due',
      cycleId: 'cyc_td_z_coach',
      overdueByDays: 26,
    });
    expect(all.body.items.every((i) => i.cycleId !== 'cyc_td_closed')).toBe(true);
    expect(all.body.items.every((i) => i.subjectId === null || i.subjectId === f.id.sam)).toBe(true);
    expect((await toDo(f.email.hana, 'cyc_td_closed')).body.items).toEqual([]);
    expect((await toDo(f.email.hana, 'cyc_nope')).status).toBe(404);
    expect((await toDo(f.email.hana, 'bad id!')).status).toBe(400);
    // Another organisation: its own (empty) to-do; Acme's cycle is not found.
    expect((await toDo(f.email.gus)).body).toMatchObject({ total: 0, items: [] });
    expect((await toDo(f.email.gus, 'cyc_td_z_coach')).status).toBe(404);
    const key = await h.apiKey(org, ['sync:notion']);
    const byKey = await h.call<ToDo>('GET', '/v1/me/to-do', { key });
    expect([byKey.status, byKey.body.code]).toEqual([403, 'forbidden']);
  });
});
