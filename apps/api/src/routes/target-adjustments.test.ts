// /v1/target-adjustments: the owner or their manager chain asks for relief; HR or the owner's head decides; approval moves the goal's anchors.
import { type Goal, PlanSchema, planFingerprint } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { kpi, put, seedCycle, seedGoal, setPhase } from './loop/testCycle.ts';
import { loadPlan, planId } from './plans/planRecord.ts';

type Anchors = { threshold: number | null; target: number; stretch: number | null };
type AdjustmentJson = {
  id: string;
  goalId: string;
  subjectId: string;
  state: string;
  current: Anchors;
  proposed: Anchors;
  requestedBy: string;
  decidedBy: string | null;
  decisionNote: string;
  version: number;
  code?: string;
  errors?: { path: string; code: string }[];
  details?: { id?: string };
};
type Page = { items: AdjustmentJson[]; nextCursor: string | null };
type GoalJson = { target: number; threshold: number | null; stretch: number | null; version: number };
type ScoreJson = {
  score: number;
  explanation: string;
  trace: {
    unadjustedScore?: number;
    goals: {
      goalId: string;
      target: number | null;
      score: number | null;
      targetAdjustment?: {
        original: Anchors;
        adjusted: Anchors;
        factor: string;
        reason: string;
        originalScore: number | null;
        steps: { id: string }[];
      };
    }[];
  };
};

const REASON = 'A new competitor halved the regional market in March.';
const REJECTION = 'The market change hit every team the same; the target stays.';

describe.each(ENGINES)('target adjustments routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let org: string;
  const CYCLE = 'cyc_ta';

  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    org = f.acme.organisation.id;
    await seedCycle(h, org, {
      id: CYCLE,
      phase: 'appraise',
      participants: [f.id.paul, f.id.sam, f.id.pia, f.id.erin],
    });
    // Paul: 60 against threshold 50 / target 100 / stretch 150 → 0.5 + 10/50 × 0.5 = 0.6 → score 2.2.
    await seedGoal(h, org, kpi('g.ta.paul', CYCLE, f.id.paul, 100, 60));
    await seedGoal(h, org, kpi('g.ta.paul2', CYCLE, f.id.paul, 0, 60));
    await seedGoal(h, org, kpi('g.ta.sam', CYCLE, f.id.sam, 100, 60));
    await seedGoal(h, org, kpi('g.ta.erin', CYCLE, f.id.erin, 100, 60));
    await seedGoal(h, org, kpi('g.ta.pia', CYCLE, f.id.pia, 100, 60));
    await seedGoal(h, org, {
      id: 'g.ta.skills',
      cycleId: CYCLE,
      title: 'Mentoring',
      level: 'person',
      ownerId: f.id.paul,
      departmentId: null,
      weight: 0,
      alignedTo: null,
      kind: 'competency',
    });
    await seedCycle(h, org, { id: 'cyc_ta_plan', phase: 'plan', participants: [f.id.paul] });
    await seedGoal(h, org, kpi('g.ta.plan', 'cyc_ta_plan', f.id.paul, 100, null));
    await seedCycle(h, org, { id: 'cyc_ta_coach', phase: 'coach', participants: [f.id.paul] });
    await seedGoal(h, org, kpi('g.ta.coach', 'cyc_ta_coach', f.id.paul, 100, 30));
  });
  afterAll(async () => {
    await h.close();
  });

  const request = (
    goalId: string,
    as: string,
    proposed: Partial<Anchors> = { threshold: 40, target: 60, stretch: 120 },
    extra: Record<string, unknown> = {},
    headers: Record<string, string> = {},
  ) =>
    h.call<AdjustmentJson>('POST', '/v1/target-adjustments', {
      as,
      json: { goalId, factor: 'external_environment', proposed, reason: REASON, ...extra },
      headers,
    });
  const decide = (id: string, as: string, json: Record<string, unknown>, version: number | null = 1) =>
    h.call<AdjustmentJson>('POST', `/v1/target-adjustments/${id}/decision`, {
      as,
      json,
      headers: version === null ? {} : { 'If-Match': `"${version}"` },
    });
  const goal = async (id: string) =>
    (await h.call<GoalJson>('GET', `/v1/goals/${id}`, { as: f.email.hal })).body;

  describe('requesting', () => {
    it('the owner’s manager asks; the request records the current and proposed anchors; one open request per goal', async () => {
      const res = await request(
        'g.ta.paul',
        f.email.pia,
        { threshold: 40, target: 60, stretch: 120 },
        {
          evidence: 'Regional market report, March',
        },
      );
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({
        goalId: 'g.ta.paul',
        subjectId: f.id.paul,
        state: 'requested',
        current: { threshold: 50, target: 100, stretch: 150 },
        proposed: { threshold: 40, target: 60, stretch: 120 },
        requestedBy: f.id.pia,
        decidedBy: null,
        version: 1,
      });
      expect(res.headers.get('location')).toBe(`/v1/target-adjustments/${res.body.id}`);
      const again = await request('g.ta.paul', f.email.paul, { target: 80 });
      expect([again.status, again.body.code, again.body.details?.id]).toEqual([
        409,
        'adjustment_open',
        res.body.id,
      ]);
    });

    it('relief only: a harder anchor, anchors out of order, a dropped anchor, no change, another factor are 422 per field', async () => {
      const harder = await request('g.ta.sam', f.email.sam, { target: 110 });
      expect([harder.status, harder.body.code, harder.body.errors?.map((e) => e.path)]).toEqual([
        422,
        'more_demanding',
        ['proposed.target'],
      ]);
      const order = await request('g.ta.sam', f.email.sam, { threshold: 45, target: 40 });
      expect([order.status, order.body.code]).toEqual([422, 'kpi_anchors_invalid']);
      const dropped = await request('g.ta.sam', f.email.sam, { threshold: null, target: 80 });
      expect([dropped.status, dropped.body.code]).toEqual([422, 'anchor_presence_changed']);
      const same = await request('g.ta.sam', f.email.sam, {});
      expect([same.status, same.body.code]).toEqual([422, 'anchors_unchanged']);
      const factor = await request(
        'g.ta.sam',
        f.email.sam,
        { target: 80 },
        { factor: 'internal_conditions' },
      );
      expect([factor.status, factor.body.code, factor.body.errors?.[0]?.path]).toEqual([
        422,
        'factor_not_eligible',
        'factor',
      ]);
      const competency = await request('g.ta.skills', f.email.paul, { target: 80 });
      expect([competency.status, competency.body.code]).toEqual([422, 'not_kpi_goal']);
      const short = await request('g.ta.sam', f.email.sam, { target: 80 }, { reason: 'market' });
      expect([short.status, short.body.errors?.[0]?.path]).toEqual([400, 'reason']);
      const list = await h.call<Page>('GET', '/v1/target-adjustments?goalId=g.ta.sam', { as: f.email.hal });
      expect(list.body.items).toEqual([]);
    });

    it('only the owner or their manager chain: HR as such 403, people who may not see the owner 422, other organisations 422', async () => {
      expect((await request('g.ta.sam', f.email.hal, { target: 80 })).status).toBe(403);
      expect((await request('g.ta.sam', f.email.paul, { target: 80 })).body.code).toBe('unknown_goal');
      expect((await request('g.ta.sam', f.email.gwen, { target: 80 })).status).toBe(422);
      expect((await request('g.none', f.email.sam, { target: 80 })).body.code).toBe('unknown_goal');
    });

    it('in coach or appraise only (409 wrong_phase in plan)', async () => {
      const plan = await request('g.ta.plan', f.email.paul, { target: 80 });
      expect([plan.status, plan.body.code]).toEqual([409, 'wrong_phase']);
      const coach = await request('g.ta.coach', f.email.paul, { target: 80 });
      expect(coach.status).toBe(201);
    });

    it('Idempotency-Key replays the request', async () => {
      const headers = { 'Idempotency-Key': 'ta-erin-1' };
      const first = await request('g.ta.erin', f.email.cat, { target: 80 }, {}, headers);
      const again = await request('g.ta.erin', f.email.cat, { target: 80 }, {}, headers);
      expect([first.status, again.status, again.headers.get('idempotent-replayed'), again.body.id]).toEqual([
        201,
        201,
        'true',
        first.body.id,
      ]);
    });
  });

  describe('deciding', () => {
    const open = async (goalId: string) => {
      const list = await h.call<Page>('GET', `/v1/target-adjustments?goalId=${goalId}&state=requested`, {
        as: f.email.hal,
      });
      const found = list.body.items[0];
      if (!found) throw new Error(`no open request on ${goalId}`);
      return found;
    };

    it('never the owner, never the requester, never a manager who is not the head; If-Match required', async () => {
      const paul = await open('g.ta.paul');
      expect((await decide(paul.id, f.email.paul, { decision: 'approve' })).body.code).toBe('own_target');
      expect((await decide(paul.id, f.email.pia, { decision: 'approve' })).body.code).toBe(
        'own_target_request',
      );
      const mo = await decide(paul.id, f.email.mo, { decision: 'approve' });
      expect([mo.status, mo.body.code]).toEqual([403, 'forbidden']);
      expect((await decide(paul.id, f.email.hana, { decision: 'approve' })).status).toBe(404);
      expect((await decide(paul.id, f.email.erin, { decision: 'approve' }, null)).status).toBe(428);
      expect((await decide(paul.id, f.email.erin, { decision: 'approve' }, 7)).status).toBe(412);
      // Erin's own goal (she heads Engineering): only HR decides it.
      const erin = await open('g.ta.erin');
      expect((await decide(erin.id, f.email.erin, { decision: 'approve' })).body.code).toBe('own_target');
      expect((await goal('g.ta.paul')).target).toBe(100);
    });

    it('the head approves: the goal’s anchors move in the same transaction, audited and in the change feed; an agreed plan stays agreed', async () => {
      const goals = (
        await h.store.resources('goals').list(org, { cycleId: CYCLE, subjectId: f.id.paul })
      ).records.map((r) => r.data as unknown as Goal);
      const agreedAt = '2026-01-10T09:00:00.000Z';
      await put(h, org, 'plans', {
        id: planId(CYCLE, f.id.paul),
        cycleId: CYCLE,
        subjectId: f.id.paul,
        data: PlanSchema.parse({
          personId: f.id.paul,
          cycleId: CYCLE,
          status: 'agreed',
          employeeAgreedAt: agreedAt,
          managerAgreedAt: agreedAt,
          goalsHash: planFingerprint(goals),
        }),
      });
      const paul = await open('g.ta.paul');
      const before = await goal('g.ta.paul');
      const res = await decide(paul.id, f.email.erin, {
        decision: 'approve',
        note: 'Market report checked.',
      });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({
        state: 'approved',
        decidedBy: f.id.erin,
        decisionNote: 'Market report checked.',
        version: 2,
      });
      expect(res.headers.get('etag')).toBe('"2"');
      const after = await goal('g.ta.paul');
      expect([after.threshold, after.target, after.stretch, after.version]).toEqual([
        40,
        60,
        120,
        before.version + 1,
      ]);
      const plan = await loadPlan(h.store, org, CYCLE, f.id.paul);
      expect(plan?.plan).toMatchObject({
        status: 'agreed',
        employeeAgreedAt: agreedAt,
        managerAgreedAt: agreedAt,
      });
      const now = (
        await h.store.resources('goals').list(org, { cycleId: CYCLE, subjectId: f.id.paul })
      ).records.map((r) => r.data as unknown as Goal);
      expect(plan?.plan.goalsHash).toBe(planFingerprint(now));

      const audit = await h.call<{ items: { action: string; resourceId: string | null; data: unknown }[] }>(
        'GET',
        '/v1/audit?limit=500',
        { as: f.email.hal },
      );
      const actions = audit.body.items.map((e) => [e.action, e.resourceId]);
      expect(actions).toContainEqual(['target_adjustment.approve', paul.id]);
      expect(actions).toContainEqual(['goal.target_adjusted', 'g.ta.paul']);
      expect(actions).toContainEqual(['plan.agreement_carried', planId(CYCLE, f.id.paul)]);
      type Event = { kind: string; resourceId: string; op: string; data: { target?: number } | null };
      const events: Event[] = [];
      for (let after = 0; ; ) {
        const page = await h.call<{ events: Event[]; nextCursor: number }>(
          'GET',
          `/v1/changes?after=${after}&limit=200`,
          { as: f.email.hal },
        );
        events.push(...page.body.events);
        if (page.body.nextCursor === after) break;
        after = page.body.nextCursor;
      }
      const goalEvents = events.filter((e) => e.kind === 'goals' && e.resourceId === 'g.ta.paul');
      expect(goalEvents.at(-1)).toMatchObject({ op: 'update', data: { target: 60 } });
      expect(events.some((e) => e.kind === 'target_adjustments' && e.resourceId === paul.id)).toBe(true);

      const again = await decide(paul.id, f.email.hal, { decision: 'approve' }, 2);
      expect([again.status, again.body.code]).toEqual([409, 'adjustment_not_open']);
    });

    it('the score explanation shows the original and adjusted anchors, the factor, the reason and the original score', async () => {
      const res = await h.call<ScoreJson>('GET', `/v1/cycles/${CYCLE}/scores/${f.id.paul}?explain=true`, {
        as: f.email.pia,
      });
      expect(res.status).toBe(200);
      // Adjusted: 60 meets the target 60 → score 3 (the weight-0 goal does not move it).
      expect(res.body.score).toBe(3);
      const traced = res.body.trace.goals.find((g) => g.goalId === 'g.ta.paul');
      expect(traced?.targetAdjustment).toMatchObject({
        original: { threshold: 50, target: 100, stretch: 150 },
        adjusted: { threshold: 40, target: 60, stretch: 120 },
        factor: 'external_environment',
        reason: REASON,
        originalScore: 2.2,
      });
      expect(res.body.trace.unadjustedScore).toBe(2.2);
      expect(res.body.explanation).toContain(
        `Target adjusted for the external environment: 100 → 60 (threshold 50 → 40, stretch 150 → 120) — ${REASON}`,
      );
      const plain = await h.call<ScoreJson>('GET', `/v1/cycles/${CYCLE}/scores/${f.id.paul}`, {
        as: f.email.pia,
      });
      expect(plain.body.trace).toBeUndefined();
    });

    it('a request whose goal changed since is stale: 409 target_changed, nothing written', async () => {
      const sam = await request('g.ta.sam', f.email.hana, { target: 80 });
      expect(sam.status).toBe(201);
      const g = await goal('g.ta.sam');
      const edit = await h.call('PATCH', '/v1/goals/g.ta.sam', {
        as: f.email.hal,
        json: { target: 90, correctionReason: 'HR corrects the agreed target after a data error.' },
        headers: { 'If-Match': `"${g.version}"` },
      });
      expect(edit.status).toBe(200);
      const stale = await decide(sam.body.id, f.email.hal, { decision: 'approve' });
      expect([stale.status, stale.body.code]).toEqual([409, 'target_changed']);
      expect((await goal('g.ta.sam')).target).toBe(90);
      const still = await h.call<AdjustmentJson>('GET', `/v1/target-adjustments/${sam.body.id}`, {
        as: f.email.sam,
      });
      expect([still.body.state, still.body.version]).toEqual(['requested', 1]);
    });

    it('a rejection needs a note; rejected, the goal keeps its target', async () => {
      const sam = await open('g.ta.sam');
      const bare = await decide(sam.id, f.email.hal, { decision: 'reject' });
      expect([bare.status, bare.body.code]).toEqual([422, 'note_required']);
      const res = await decide(sam.id, f.email.hal, { decision: 'reject', note: REJECTION });
      expect(res.body).toMatchObject({ state: 'rejected', decidedBy: f.id.hal, decisionNote: REJECTION });
      expect((await goal('g.ta.sam')).target).toBe(90);
    });

    it('decisions are settled before calibration: 409 wrong_phase once the cycle moved on', async () => {
      await seedCycle(h, org, { id: 'cyc_ta_late', phase: 'appraise', participants: [f.id.paul] });
      await seedGoal(h, org, kpi('g.ta.late', 'cyc_ta_late', f.id.paul, 100, 30));
      const late = await request('g.ta.late', f.email.paul, { target: 80 });
      await setPhase(h, org, 'cyc_ta_late', 'calibrate');
      const res = await decide(late.body.id, f.email.hal, { decision: 'approve' });
      expect([res.status, res.body.code]).toEqual([409, 'wrong_phase']);
    });
  });

  describe('the cycle’s readiness', () => {
    it('an open request holds the cycle in appraise (target_adjustments_open) until it is decided or withdrawn', async () => {
      await seedCycle(h, org, { id: 'cyc_ta_ready', phase: 'appraise', participants: [f.id.paul] });
      await seedGoal(h, org, kpi('g.ta.ready', 'cyc_ta_ready', f.id.paul, 100, 30));
      type Readiness = { reasons: { code: string; ids: string[] }[] };
      const reasons = async () =>
        (await h.call<Readiness>('GET', '/v1/cycles/cyc_ta_ready/readiness', { as: f.email.hal })).body
          .reasons;
      expect((await reasons()).map((r) => r.code)).not.toContain('target_adjustments_open');
      const open = await request('g.ta.ready', f.email.paul, { target: 80 });
      expect((await reasons()).find((r) => r.code === 'target_adjustments_open')?.ids).toEqual([f.id.paul]);
      const move = await h.call<{ code: string; details?: { reasons?: { code: string }[] } }>(
        'POST',
        '/v1/cycles/cyc_ta_ready/transitions',
        { as: f.email.hal, json: { to: 'calibrate' } },
      );
      expect(move.status).toBe(409);
      expect(move.body.code).toBe('transition_refused');
      expect(move.body.details?.reasons?.map((r) => r.code)).toContain('target_adjustments_open');
      const withdrawn = await h.call('POST', `/v1/target-adjustments/${open.body.id}/withdraw`, {
        as: f.email.paul,
        headers: { 'If-Match': '"1"' },
      });
      expect(withdrawn.status).toBe(200);
      expect((await reasons()).map((r) => r.code)).not.toContain('target_adjustments_open');
    });
  });

  describe('withdrawing and reading', () => {
    it('only the requester withdraws, with If-Match, while open', async () => {
      const paul = await request('g.ta.paul2', f.email.paul, { target: 80 });
      const url = `/v1/target-adjustments/${paul.body.id}/withdraw`;
      const other = await h.call<AdjustmentJson>('POST', url, {
        as: f.email.pia,
        headers: { 'If-Match': '"1"' },
      });
      expect([other.status, other.body.code]).toEqual([403, 'forbidden']);
      expect((await h.call('POST', url, { as: f.email.paul })).status).toBe(428);
      const ok = await h.call<AdjustmentJson>('POST', url, {
        as: f.email.paul,
        headers: { 'If-Match': '"1"' },
      });
      expect([ok.status, ok.body.state, ok.body.version]).toEqual([200, 'withdrawn', 2]);
      const twice = await h.call<AdjustmentJson>('POST', url, {
        as: f.email.paul,
        headers: { 'If-Match': '"2"' },
      });
      expect([twice.status, twice.body.code]).toEqual([409, 'adjustment_not_open']);
      expect((await goal('g.ta.paul2')).target).toBe(100);
    });

    it('lists are scoped to the people you may see and filter by cycle, goal and state', async () => {
      const sam = await h.call<Page>('GET', `/v1/target-adjustments?cycleId=${CYCLE}`, { as: f.email.sam });
      expect(new Set(sam.body.items.map((a) => a.subjectId))).toEqual(new Set([f.id.sam]));
      const erin = await h.call<Page>(`GET`, `/v1/target-adjustments?cycleId=${CYCLE}&state=approved`, {
        as: f.email.erin,
      });
      expect(erin.body.items.map((a) => a.goalId)).toEqual(['g.ta.paul']);
      const hr = await h.call<Page>('GET', `/v1/target-adjustments?cycleId=${CYCLE}`, { as: f.email.hal });
      expect(hr.body.items.map((a) => a.state).sort()).toEqual([
        'approved',
        'rejected',
        'requested',
        'withdrawn',
      ]);
      const gwen = await h.call<Page>('GET', '/v1/target-adjustments', { as: f.email.gwen });
      expect(gwen.body.items).toEqual([]);
      const pauls = await h.call<Page>('GET', `/v1/target-adjustments?subjectId=${f.id.paul}`, {
        as: f.email.hal,
      });
      expect(pauls.body.items.length).toBeGreaterThan(0);
      const everyone = await h.call<Page>('GET', '/v1/target-adjustments?limit=100', { as: f.email.hal });
      expect(pauls.body.items.length).toBeLessThan(everyone.body.items.length);
      expect(pauls.body.items.map((a) => a.id)).toEqual(
        everyone.body.items.filter((a) => a.subjectId === f.id.paul).map((a) => a.id),
      );
      expect(new Set(pauls.body.items.map((a) => a.subjectId))).toEqual(new Set([f.id.paul]));
      const notSams = await h.call<Page>('GET', `/v1/target-adjustments?subjectId=${f.id.paul}`, {
        as: f.email.sam,
      });
      expect([notSams.status, notSams.body.items]).toEqual([200, []]);
      const hidden = sam.body.items[0];
      if (!hidden) throw new Error('missing');
      expect(
        (
          await h.call(
            'GET',
            `/v1/target-adjustments/${hr.body.items.find((a) => a.subjectId === f.id.paul)?.id}`,
            { as: f.email.sam },
          )
        ).status,
      ).toBe(404);
      expect((await h.call('GET', `/v1/target-adjustments/${hidden.id}`, { as: f.email.hana })).status).toBe(
        200,
      );
    });
  });
});
