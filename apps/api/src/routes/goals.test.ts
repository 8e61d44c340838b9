// /v1/goals and /v1/me/goals: placement rules, KPI anchors, alignment, phase rules, plan resets and scoped reads.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  agreeBoth,
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

describe.each(ENGINES)('goals routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let policyId: string;
  let cycle: CycleJson;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    policyId = await createPolicy(h, f);
    cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.pia, f.id.paul, f.id.mo] });
  });
  afterAll(async () => {
    await h.close();
  });

  type Reply = GoalJson & ProblemJson;
  const post = (json: Json, as: string, headers: Record<string, string> = {}) =>
    h.call<Reply>('POST', '/v1/goals', { as, json, headers });
  const patch = (id: string, json: Json, as: string, ifMatch: string | null) =>
    h.call<Reply>('PATCH', `/v1/goals/${id}`, {
      as,
      json,
      headers: ifMatch === null ? {} : { 'If-Match': ifMatch },
    });
  const plan = async (cycleId: string, personId: string) =>
    (
      await h.call<{ status: string; employeeAgreedAt: string | null; weightsTotal: number }>(
        'GET',
        `/v1/cycles/${cycleId}/plans/${personId}`,
        { as: f.email.hal },
      )
    ).body;

  describe('creating goals', () => {
    it('organisation goals by HR, department goals by the head, person goals by manager or owner', async () => {
      const org = await post(
        {
          cycleId: cycle.id,
          kind: 'competency',
          level: 'organisation',
          title: 'Customer first',
          weight: 100,
        },
        f.email.hal,
      );
      expect(org.status).toBe(201);
      expect(org.body).toMatchObject({
        level: 'organisation',
        ownerId: null,
        departmentId: null,
        version: 1,
      });
      expect(org.headers.get('location')).toBe(`/v1/goals/${org.body.id}`);
      const dept = await post(
        {
          ...kpiGoal(cycle.id, f.id.sam, 100),
          level: 'department',
          ownerId: null,
          departmentId: f.dept.sales,
          alignedTo: org.body.id,
        },
        f.email.hana,
      );
      expect(dept.status).toBe(201);
      const byManager = await post(
        kpiGoal(cycle.id, f.id.sam, 60, { alignedTo: dept.body.id }),
        f.email.hana,
      );
      expect(byManager.status).toBe(201);
      expect(byManager.body).toMatchObject({ ownerId: f.id.sam, departmentId: f.dept.sales, actual: null });
      const byOwner = await post(competencyGoal(cycle.id, f.id.sam, 40), f.email.sam);
      expect(byOwner.status).toBe(201);
      const stored = await h.store.resources('goals').get(f.acme.organisation.id, byManager.body.id);
      expect(stored).toMatchObject({ cycleId: cycle.id, subjectId: f.id.sam, parentId: dept.body.id });
    });

    it('404 for people you may not see, 403 for what is visible but not yours', async () => {
      expect((await post(kpiGoal(cycle.id, f.id.pia, 10), f.email.sam)).status).toBe(404);
      expect((await post(kpiGoal(cycle.id, f.id.sam, 10), f.email.mo)).status).toBe(404);
      const otherDept = await post(
        { ...kpiGoal(cycle.id, f.id.sam, 100), level: 'department', ownerId: null, departmentId: f.dept.eng },
        f.email.hana,
      );
      expect(otherDept.status).toBe(403);
      const orgByManager = await post(
        { cycleId: cycle.id, kind: 'competency', level: 'organisation', title: 'X', weight: 1 },
        f.email.cat,
      );
      expect(orgByManager.status).toBe(403);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      expect((await h.call('POST', '/v1/goals', { key, json: kpiGoal(cycle.id, f.id.sam, 10) })).status).toBe(
        403,
      );
    });

    it('400 for bad input, 422 for KPI anchors out of order and broken placement; nothing stored', async () => {
      const before = (await h.store.resources('goals').list(f.acme.organisation.id)).records.length;
      const bad = await post(
        { ...kpiGoal(cycle.id, f.id.sam, 10), weight: 101, colour: 'red', expectations: 'x' },
        f.email.hal,
      );
      expect(bad.status).toBe(400);
      expect(bad.body.errors?.map((e) => e.path).sort()).toEqual(['colour', 'expectations', 'weight']);
      const anchors = await post(
        kpiGoal(cycle.id, f.id.sam, 10, { baseline: 100, target: 50, stretch: 40 }),
        f.email.hal,
      );
      expect(anchors.status).toBe(422);
      expect(anchors.body.code).toBe('kpi_anchors_invalid');
      expect(anchors.body.errors?.map((e) => e.path).sort()).toEqual(['stretch', 'target']);
      // Each anchor's rule code and facts, for clients to say in their own language (higher is better here).
      expect(anchors.body.errors?.map((e) => [e.path, e.code, e.params])).toEqual([
        ['target', 'kpi_anchors_invalid', { anchor: 'target', relation: 'above', than: 'baseline' }],
        ['stretch', 'kpi_anchors_invalid', { anchor: 'stretch', relation: 'above', than: 'target' }],
      ]);
      const noOwner = await post({ ...kpiGoal(cycle.id, f.id.sam, 10), ownerId: undefined }, f.email.hal);
      expect(noOwner.body.code).toBe('owner_required');
      const outsider = await post(kpiGoal(cycle.id, f.id.erin, 10), f.email.hal);
      expect(outsider.body.code).toBe('not_participant');
      const unknownCycle = await post(kpiGoal('cyc_nope', f.id.sam, 10), f.email.hal);
      expect([unknownCycle.status, unknownCycle.body.code]).toEqual([422, 'unknown_cycle']);
      const person = await createGoal(h, f.email.hal, kpiGoal(cycle.id, f.id.pia, 10));
      const toPerson = await post(kpiGoal(cycle.id, f.id.paul, 10, { alignedTo: person.id }), f.email.hal);
      expect([toPerson.status, toPerson.body.code, toPerson.body.errors?.[0]?.path]).toEqual([
        422,
        'level_order',
        'alignedTo',
      ]);
      const toNothing = await post(kpiGoal(cycle.id, f.id.paul, 10, { alignedTo: 'gol_nope' }), f.email.hal);
      expect(toNothing.body.code).toBe('parent_not_found');
      expect((await h.store.resources('goals').list(f.acme.organisation.id)).records.length).toBe(before + 1);
    });

    it('idempotent create', async () => {
      const headers = { 'Idempotency-Key': 'goal-once' };
      const first = await post(kpiGoal(cycle.id, f.id.paul, 5), f.email.pia, headers);
      const again = await post(kpiGoal(cycle.id, f.id.paul, 5), f.email.pia, headers);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.id).toBe(first.body.id);
    });
  });

  describe('changing goals through the phases', () => {
    it('in plan: owner edits reset an agreed plan (in the same transaction); actuals alone do not', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam] });
      const a = await createGoal(h, f.email.hana, kpiGoal(c.id, f.id.sam, 60));
      await createGoal(h, f.email.hana, competencyGoal(c.id, f.id.sam, 40));
      await agreeBoth(h, c.id, f.email.sam, f.id.sam, f.email.hana);
      expect((await plan(c.id, f.id.sam)).status).toBe('agreed');
      const actual = await patch(a.id, { actual: 12 }, f.email.sam, '"1"');
      expect(actual.status).toBe(200);
      expect((await plan(c.id, f.id.sam)).status).toBe('agreed');
      expect((await patch(a.id, { weight: 50 }, f.email.sam, null)).status).toBe(428);
      const stale = await patch(a.id, { weight: 50 }, f.email.sam, '"1"');
      expect([stale.status, stale.body.details]).toEqual([412, { currentVersion: 2 }]);
      const changed = await patch(a.id, { weight: 50, title: 'Revenue (new)' }, f.email.sam, '"2"');
      expect(changed.status).toBe(200);
      expect(changed.body).toMatchObject({ weight: 50, title: 'Revenue (new)', version: 3 });
      expect(await plan(c.id, f.id.sam)).toMatchObject({
        status: 'proposed',
        employeeAgreedAt: null,
        weightsTotal: 90,
      });
      const audit = await h.store.audit.list(f.acme.organisation.id, { after: 0, limit: 1000 });
      const reset = audit.entries.filter((e) => e.action === 'plan.agreement_reset');
      expect(reset.map((e) => e.data)).toContainEqual(
        expect.objectContaining({ cycleId: c.id, personId: f.id.sam }),
      );
      const kindSwap = await patch(a.id, { expectations: 'be nice' }, f.email.sam, '"3"');
      expect(kindSwap.status).toBe(400);
      const badAnchors = await patch(a.id, { target: -5 }, f.email.sam, '"3"');
      expect([badAnchors.status, badAnchors.body.code]).toEqual([422, 'kpi_anchors_invalid']);
    });

    it('in coach: only actual/status/description for owner, manager and sync:notion; HR anything; later only HR', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam] });
      const g = await createGoal(h, f.email.hana, kpiGoal(c.id, f.id.sam, 100));
      const other = await createGoal(h, f.email.hana, kpiGoal(c.id, f.id.sam, 0));
      await forcePhase(h, f, c.id, 'coach');
      const weight = await patch(g.id, { weight: 90 }, f.email.sam, '"1"');
      expect([weight.status, weight.body.code]).toEqual([409, 'wrong_phase']);
      expect(weight.body.detail).toMatch(/cycle is in coach/);
      expect((await patch(g.id, { actual: 40, status: 'active' }, f.email.sam, '"1"')).status).toBe(200);
      expect((await patch(g.id, { actual: 50 }, f.email.hana, '"2"')).status).toBe(200);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const viaKey = await h.call<Reply>('PATCH', `/v1/goals/${g.id}`, {
        key,
        json: { actual: 55, description: 'synced from Notion' },
        headers: { 'If-Match': '"3"' },
      });
      expect(viaKey.status).toBe(200);
      const keyTitle = await h.call<Reply>('PATCH', `/v1/goals/${g.id}`, {
        key,
        json: { title: 'nope' },
        headers: { 'If-Match': '"4"' },
      });
      expect([keyTitle.status, keyTitle.body.code]).toEqual([403, 'forbidden']);
      // HR's change to a scoring field after plan is a correction: it needs a reason (see goalCorrections.test.ts).
      const noReason = await patch(g.id, { weight: 80 }, f.email.hal, '"4"');
      expect([noReason.status, noReason.body.code]).toEqual([422, 'correction_reason_required']);
      const corrected = await patch(
        g.id,
        { weight: 80, correctionReason: 'The agreed weight was entered as 100 by mistake.' },
        f.email.hal,
        '"4"',
      );
      expect(corrected.status).toBe(200);
      const del = await h.call<ProblemJson>('DELETE', `/v1/goals/${other.id}`, {
        as: f.email.hal,
        headers: { 'If-Match': '"1"' },
      });
      expect([del.status, del.body.code]).toEqual([409, 'wrong_phase']);
      expect((await post(kpiGoal(c.id, f.id.sam, 10), f.email.sam)).body.code).toBe('wrong_phase');
      // HR still adds goals after plan, as a correction of the agreed plan (see goalAdditions.test.ts).
      const unreasoned = await post(kpiGoal(c.id, f.id.sam, 10), f.email.hal);
      expect([unreasoned.status, unreasoned.body.code]).toEqual([422, 'correction_reason_required']);
      const reasoned = {
        ...kpiGoal(c.id, f.id.sam, 10),
        correctionReason: 'Sam took over a colleague’s accounts.',
      };
      expect((await post(reasoned, f.email.hal)).status).toBe(201);
      await forcePhase(h, f, c.id, 'appraise');
      expect((await patch(g.id, { actual: 60 }, f.email.sam, '"5"')).body.code).toBe('wrong_phase');
      expect((await patch(g.id, { actual: 60 }, f.email.hal, '"5"')).status).toBe(200);
    });

    it('delete in plan (owner, If-Match); refused while goals align to it', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam] });
      const dept = await createGoal(h, f.email.hana, {
        ...kpiGoal(c.id, f.id.sam, 100),
        level: 'department',
        ownerId: null,
        departmentId: f.dept.sales,
      });
      const mine = await createGoal(h, f.email.sam, kpiGoal(c.id, f.id.sam, 100, { alignedTo: dept.id }));
      const busy = await h.call<ProblemJson>('DELETE', `/v1/goals/${dept.id}`, {
        as: f.email.hana,
        headers: { 'If-Match': '"1"' },
      });
      expect([busy.status, busy.body.code]).toEqual([409, 'goal_has_aligned_goals']);
      expect((await h.call('DELETE', `/v1/goals/${mine.id}`, { as: f.email.sam })).status).toBe(428);
      expect(
        (await h.call('DELETE', `/v1/goals/${mine.id}`, { as: f.email.pia, headers: { 'If-Match': '"1"' } }))
          .status,
      ).toBe(404);
      expect(
        (await h.call('DELETE', `/v1/goals/${mine.id}`, { as: f.email.sam, headers: { 'If-Match': '"1"' } }))
          .status,
      ).toBe(204);
      expect((await h.call('GET', `/v1/goals/${mine.id}`, { as: f.email.sam })).status).toBe(404);
    });
  });

  describe('reading goals', () => {
    it('lists are scoped and filtered; organisation and department goals are everyone’s', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.pia] });
      const org = await createGoal(h, f.email.hal, {
        cycleId: c.id,
        kind: 'competency',
        level: 'organisation',
        title: 'O',
        weight: 100,
      });
      const sam = await createGoal(h, f.email.hal, kpiGoal(c.id, f.id.sam, 100));
      const pia = await createGoal(h, f.email.hal, kpiGoal(c.id, f.id.pia, 100));
      const ids = async (as: string, query: string) =>
        (await h.call<{ items: GoalJson[] }>('GET', `/v1/goals?cycleId=${c.id}${query}`, { as })).body.items
          .map((g) => g.id)
          .sort();
      expect(await ids(f.email.sam, '')).toEqual([org.id, sam.id].sort());
      expect(await ids(f.email.mo, '')).toEqual([org.id, pia.id].sort());
      expect(await ids(f.email.hal, '&level=person')).toEqual([pia.id, sam.id].sort());
      expect(await ids(f.email.hal, `&ownerId=${f.id.pia}`)).toEqual([pia.id]);
      expect(await ids(f.email.sam, `&ownerId=${f.id.pia}`)).toEqual([]);
      expect(await ids(f.email.hal, `&departmentId=${f.dept.sales}`)).toEqual([sam.id]);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const viaKey = await h.call<{ items: GoalJson[] }>('GET', `/v1/goals?cycleId=${c.id}`, { key });
      expect(viaKey.body.items).toHaveLength(3);
      expect((await h.call('GET', `/v1/goals/${pia.id}`, { as: f.email.sam })).status).toBe(404);
      expect((await h.call('GET', `/v1/goals/${pia.id}`, { as: f.email.gwen })).status).toBe(404);
      const one = await h.call<GoalJson>('GET', `/v1/goals/${sam.id}`, { as: f.email.sam });
      expect([one.status, one.headers.get('etag')]).toEqual([200, '"1"']);
      const page = await h.call<{ items: GoalJson[]; nextCursor: string }>(
        'GET',
        `/v1/goals?cycleId=${c.id}&limit=2`,
        { as: f.email.hal },
      );
      const next = await h.call<{ items: GoalJson[]; nextCursor: string | null }>(
        'GET',
        `/v1/goals?cycleId=${c.id}&limit=2&cursor=${page.body.nextCursor}`,
        { as: f.email.hal },
      );
      expect([page.body.items.length, next.body.items.length, next.body.nextCursor]).toEqual([2, 1, null]);
    });

    it('GET /v1/me/goals: your own goals only, by cycle', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.pia] });
      const mine = await createGoal(h, f.email.hal, kpiGoal(c.id, f.id.sam, 100));
      await createGoal(h, f.email.hal, kpiGoal(c.id, f.id.pia, 100));
      const res = await h.call<{ items: GoalJson[] }>('GET', `/v1/me/goals?cycleId=${c.id}`, {
        as: f.email.sam,
      });
      expect(res.status).toBe(200);
      expect(res.body.items.map((g) => g.id)).toEqual([mine.id]);
      const all = await h.call<{ items: GoalJson[] }>('GET', '/v1/me/goals?limit=500', { as: f.email.sam });
      expect(all.body.items.every((g) => g.ownerId === f.id.sam)).toBe(true);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      expect((await h.call('GET', '/v1/me/goals', { key })).status).toBe(403);
    });
  });
});
