// /v1/check-ins: coaching in the coach phase, goal actuals set in the same transaction through goal versions, scoped reads.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
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
  createPolicy,
  forcePhase,
  type GoalJson,
  type Json,
  kpiGoal,
  type ProblemJson,
} from './cycles/testCycle.ts';

type CheckInJson = {
  id: string;
  authorId: string;
  subjectId: string;
  kind: string;
  notes: string;
  version: number;
  updatedGoals?: { goalId: string; version: number; actual: number | null }[];
};
type Reply = CheckInJson & ProblemJson;

describe.each(ENGINES)('check-ins routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let cycle: CycleJson;
  let kpi: GoalJson;
  let skill: GoalJson;
  let piaGoal: GoalJson;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    const policyId = await createPolicy(h, f);
    cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.pia] });
    kpi = await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 60));
    skill = await createGoal(h, f.email.hana, competencyGoal(cycle.id, f.id.sam, 40));
    piaGoal = await createGoal(h, f.email.hal, kpiGoal(cycle.id, f.id.pia, 100));
    await forcePhase(h, f, cycle.id, 'coach');
  });
  afterAll(async () => {
    await h.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  const post = (json: Json, as: string, headers: Record<string, string> = {}) =>
    h.call<Reply>('POST', '/v1/check-ins', { as, json, headers });
  const goalNow = async (id: string) =>
    (await h.call<GoalJson>('GET', `/v1/goals/${id}`, { as: f.email.hal })).body;
  const meeting = (extra: Json = {}): Json => ({
    cycleId: cycle.id,
    subjectId: f.id.sam,
    kind: 'performance_meeting',
    notes: 'Pipeline review',
    ...extra,
  });

  describe('recording check-ins', () => {
    it("a manager's meeting sets the goals' actuals in the same transaction", async () => {
      const current = await goalNow(kpi.id);
      const res = await post(
        meeting({
          goalUpdates: [
            { goalId: kpi.id, actual: 42, progressNote: 'two deals closed', goalVersion: current.version },
            { goalId: skill.id, actual: null, progressNote: 'ran a workshop', goalVersion: skill.version },
          ],
        }),
        f.email.hana,
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ authorId: f.id.hana, subjectId: f.id.sam, version: 1 });
      expect(res.body.updatedGoals).toEqual([{ goalId: kpi.id, version: current.version + 1, actual: 42 }]);
      expect(res.headers.get('location')).toBe(`/v1/check-ins/${res.body.id}`);
      expect(await goalNow(kpi.id)).toMatchObject({ actual: 42, version: current.version + 1 });
      expect((await goalNow(skill.id)).version).toBe(skill.version);
    });

    it('a goal changed since the check-in was drafted → 409 goal_changed, nothing stored', async () => {
      const current = await goalNow(kpi.id);
      const before = (await h.store.resources('check_ins').list(f.acme.organisation.id)).records.length;
      const res = await post(
        meeting({ goalUpdates: [{ goalId: kpi.id, actual: 99, goalVersion: current.version - 1 }] }),
        f.email.hana,
      );
      expect(res.status).toBe(409);
      expect(res.body.code).toBe('goal_changed');
      expect(res.body.details).toEqual({
        goals: [{ goalId: kpi.id, goalVersion: current.version - 1, currentVersion: current.version }],
      });
      expect((await goalNow(kpi.id)).actual).toBe(current.actual);
      expect((await h.store.resources('check_ins').list(f.acme.organisation.id)).records.length).toBe(before);
    });

    it('400 for invalid check-ins, 422 for goals outside the plan or without an actual', async () => {
      const form = await post(meeting({ kind: 'feedback_form', notes: '' }), f.email.hana);
      expect([form.status, form.body.errors?.map((e) => e.path)]).toEqual([400, ['form']]);
      const notes = await post(meeting({ notes: '' }), f.email.hana);
      expect(notes.body.errors?.map((e) => [e.path, e.code, e.params])).toEqual([
        ['notes', 'notes_required', { kind: 'performance_meeting' }],
      ]);
      const carried = await post(
        meeting({ form: { strengths: 'Clear goals', improvements: 'Delegation', nextSteps: 'Pair weekly' } }),
        f.email.hana,
      );
      expect([carried.status, carried.body.code, carried.body.errors?.map((e) => [e.path, e.code])]).toEqual([
        400,
        'validation_failed',
        [['form', 'form_not_allowed']],
      ]);
      const foreign = await post(
        meeting({ goalUpdates: [{ goalId: piaGoal.id, actual: 1, goalVersion: 1 }] }),
        f.email.hal,
      );
      expect([foreign.status, foreign.body.code, foreign.body.errors?.[0]?.path]).toEqual([
        422,
        'goal_not_in_plan',
        'goalUpdates.0.goalId',
      ]);
      const measured = await post(
        meeting({ goalUpdates: [{ goalId: skill.id, actual: 3, goalVersion: 1 }] }),
        f.email.hana,
      );
      expect(measured.body.code).toBe('actual_not_measurable');
      const twice = await post(
        meeting({
          goalUpdates: [
            { goalId: skill.id, actual: null, goalVersion: 1 },
            { goalId: skill.id, actual: null, goalVersion: 1 },
          ],
        }),
        f.email.hana,
      );
      expect(twice.body.code).toBe('duplicate_goal_update');
      const outsider = await post(meeting({ subjectId: f.id.paul }), f.email.hal);
      expect(outsider.body.code).toBe('not_participant');
    });

    it('422 for a time in the future, nothing stored (a check-in dated ahead would keep its author off the overdue list)', async () => {
      const list = async () =>
        (
          await h.call<{ items: CheckInJson[] }>(
            'GET',
            `/v1/check-ins?cycleId=${cycle.id}&subjectId=${f.id.sam}`,
            {
              as: f.email.hal,
            },
          )
        ).body.items.length;
      const before = await list();
      const ahead = await post(
        meeting({ at: new Date(Date.now() + 86_400_000).toISOString() }),
        f.email.hana,
      );
      expect([ahead.status, ahead.body.code, ahead.body.errors?.[0]?.path]).toEqual([
        422,
        'at_in_future',
        'at',
      ]);
      expect(typeof ahead.body.errors?.[0]?.params?.maximum).toBe('string');
      expect(await list()).toBe(before);
      // Before the cycle opened (its period starts 2026-01-01, it was created later): refused, naming the first day.
      const before2026 = await post(meeting({ at: '2025-12-30T09:00:00Z' }), f.email.hana);
      expect([before2026.status, before2026.body.code, before2026.body.errors?.[0]?.path]).toEqual([
        422,
        'at_before_cycle',
        'at',
      ]);
      expect(before2026.body.errors?.[0]?.params?.minimum).toBe('2026-01-01');
      expect(await list()).toBe(before);
      // A few minutes ahead (a client's clock), the cycle's past, and its first day picked in a time zone ahead of
      // UTC (still the 31st in UTC) are fine.
      const skewed = await post(meeting({ at: new Date(Date.now() + 60_000).toISOString() }), f.email.hana);
      const past = await post(meeting({ at: '2026-01-01T09:00:00Z' }), f.email.hana);
      const early = await post(meeting({ at: '2025-12-31T23:00:00Z' }), f.email.hana);
      expect([skewed.status, past.status, early.status]).toEqual([201, 201, 201]);
      expect(await list()).toBe(before + 3);
    });

    it('who may write: managers about their people; anyone a progress note about themselves; sync:notion notes', async () => {
      expect((await post(meeting(), f.email.mo)).status).toBe(404);
      const selfMeeting = await post(meeting(), f.email.sam);
      expect([selfMeeting.status, selfMeeting.body.code]).toEqual([422, 'progress_note_kind']);
      const note = await post(meeting({ kind: 'guidance_note', notes: 'Closed the Acme deal' }), f.email.sam);
      expect(note.status).toBe(201);
      expect(note.body.authorId).toBe(f.id.sam);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const current = await goalNow(kpi.id);
      const synced = await h.call<Reply>('POST', '/v1/check-ins', {
        key,
        json: meeting({
          kind: 'guidance_note',
          notes: 'From Notion',
          goalUpdates: [{ goalId: kpi.id, actual: 50, goalVersion: current.version }],
        }),
      });
      expect(synced.status).toBe(201);
      expect(synced.body.authorId).toBe(f.id.sam);
      expect((await goalNow(kpi.id)).actual).toBe(50);
      const readOnly = await h.apiKey(f.acme.organisation.id, []);
      expect(
        (await h.call('POST', '/v1/check-ins', { key: readOnly, json: meeting({ kind: 'guidance_note' }) }))
          .status,
      ).toBe(403);
    });

    it('only in coach', async () => {
      const c = await createCycle(h, f, { personIds: [f.id.sam] });
      const res = await post(meeting({ cycleId: c.id }), f.email.hana);
      expect([res.status, res.body.code]).toEqual([409, 'wrong_phase']);
      expect(res.body.detail).toMatch(/in plan/);
    });

    it('idempotent replay', async () => {
      const headers = { 'Idempotency-Key': 'check-in-once' };
      const first = await post(meeting({ notes: 'Once' }), f.email.hana, headers);
      const again = await post(meeting({ notes: 'Once' }), f.email.hana, headers);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
    });
  });

  describe('reading and correcting check-ins', () => {
    it('scoped lists and gets', async () => {
      const made = await post(meeting({ notes: 'Visible to Sam' }), f.email.hana);
      const samList = await h.call<{ items: CheckInJson[] }>('GET', `/v1/check-ins?cycleId=${cycle.id}`, {
        as: f.email.sam,
      });
      expect(samList.body.items.length).toBeGreaterThan(0);
      expect(samList.body.items.every((c) => c.subjectId === f.id.sam)).toBe(true);
      const pia = await h.call<{ items: CheckInJson[] }>(`GET`, `/v1/check-ins?subjectId=${f.id.sam}`, {
        as: f.email.pia,
      });
      expect(pia.body.items).toEqual([]);
      expect((await h.call('GET', `/v1/check-ins/${made.body.id}`, { as: f.email.pia })).status).toBe(404);
      expect((await h.call('GET', `/v1/check-ins/${made.body.id}`, { as: f.email.gwen })).status).toBe(404);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      expect((await h.call('GET', `/v1/check-ins/${made.body.id}`, { key })).status).toBe(200);
    });

    it('the author corrects notes the same day (If-Match); others 403; the next day 409', async () => {
      const made = await post(meeting({ notes: 'Typo' }), f.email.hana);
      const path = `/v1/check-ins/${made.body.id}`;
      expect((await h.call('PATCH', path, { as: f.email.hana, json: { notes: 'Fixed' } })).status).toBe(428);
      expect(
        (
          await h.call('PATCH', path, {
            as: f.email.hal,
            json: { notes: 'x' },
            headers: { 'If-Match': '"1"' },
          })
        ).status,
      ).toBe(403);
      const fixed = await h.call<Reply>('PATCH', path, {
        as: f.email.hana,
        json: { notes: 'Fixed' },
        headers: { 'If-Match': '"1"' },
      });
      expect(fixed.body).toMatchObject({ notes: 'Fixed', version: 2 });
      // The correction is audited: who changed which check-in.
      const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 10_000 });
      expect(
        audit.entries.filter((e) => e.resourceId === made.body.id).map((e) => [e.action, e.actor]),
      ).toEqual([
        ['check_in.create', f.id.hana],
        ['check_in.update', f.id.hana],
      ]);
      const empty = await h.call<Reply>('PATCH', path, {
        as: f.email.hana,
        json: { notes: '' },
        headers: { 'If-Match': '"2"' },
      });
      expect(empty.status).toBe(400);
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(new Date(Date.now() + 86_400_000));
      const late = await h.call<Reply>('PATCH', path, {
        as: f.email.hana,
        json: { notes: 'Late' },
        headers: { 'If-Match': '"2"' },
      });
      expect([late.status, late.body.code]).toEqual([409, 'check_in_locked']);
    });
  });
});
