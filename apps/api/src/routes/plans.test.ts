// /v1/cycles/{id}/plans: plan views, two-sided agreement (weights must total 100), phase rule and scoped status lists.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeCursor } from '../kit/index.ts';
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
  kpiGoal,
  type ProblemJson,
} from './cycles/testCycle.ts';
import { planId } from './plans/planRecord.ts';

type PlanJson = {
  personId: string;
  status: string;
  employeeAgreedAt: string | null;
  managerAgreedAt: string | null;
  goals: { id: string }[];
  weightsTotal: number;
  weightsValid: boolean;
  goalMixWarning: { code: string; message: string; details?: Record<string, unknown> } | null;
  version: number;
  etag: string;
  warnings?: { code: string }[];
};
type SummaryJson = {
  items: { personId: string; status: string; goals: number; weightsTotal: number }[];
  nextCursor: string | null;
};

describe.each(ENGINES)('plans routes on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let policyId: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    policyId = await createPolicy(h, f);
  });
  afterAll(async () => {
    await h.close();
  });

  const view = (c: CycleJson, personId: string, as: string) =>
    h.call<PlanJson & ProblemJson>('GET', `/v1/cycles/${c.id}/plans/${personId}`, { as });
  const post = (
    c: CycleJson,
    personId: string,
    as: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ) =>
    h.call<PlanJson & ProblemJson>('POST', `/v1/cycles/${c.id}/plans/${personId}/agree`, {
      as,
      headers,
      ...(json === undefined ? {} : { json }),
    });
  /** Agrees to the plan as `as` reads it just before (If-Match: the ETag of that read). */
  const agree = async (
    c: CycleJson,
    personId: string,
    as: string,
    json?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const read = await view(c, personId, as);
    const ifMatch = read.headers.get('etag') ?? '"none"';
    return post(c, personId, as, json, { 'If-Match': ifMatch, ...headers });
  };

  describe('plan views', () => {
    it('goals, weights total, goal-mix advice and a draft status before anyone agreed', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam] });
      await createGoal(h, f.email.hana, competencyGoal(c.id, f.id.sam, 70));
      const res = await view(c, f.id.sam, f.email.sam);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ status: 'draft', weightsTotal: 70, weightsValid: false, version: 0 });
      expect(res.body.goals).toHaveLength(1);
      expect(res.body.goalMixWarning?.code).toBe('goal_mix_off_guideline');
      // What the English message names, in details (a client says it in its own language).
      const details = res.body.goalMixWarning?.details;
      expect(details).toMatchObject({ kpiWeight: 0 });
      expect(res.body.goalMixWarning?.message).toBe(
        `KPI goals carry 0% of the plan; the ${details?.theme} policy suggests ${details?.guideline}% ± ${details?.tolerance}.`,
      );
      expect((await view(c, f.id.sam, f.email.pia)).status).toBe(404);
      expect((await view(c, f.id.gus, f.email.hal)).status).toBe(404);
      expect((await h.call('GET', `/v1/cycles/cyc_nope/plans/${f.id.sam}`, { as: f.email.hal })).status).toBe(
        404,
      );
    });
  });

  describe('agreeing to a plan', () => {
    it('refuses weights that do not total 100, naming the sum; then employee + manager → agreed', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam] });
      const g = await createGoal(h, f.email.hana, kpiGoal(c.id, f.id.sam, 70));
      const refused = await agree(c, f.id.sam, f.email.sam);
      expect(refused.status).toBe(422);
      expect(refused.body.code).toBe('weights_not_100');
      expect(refused.body.details).toMatchObject({ total: 70 });
      expect(refused.body.detail).toMatch(/70/);
      await createGoal(h, f.email.hana, competencyGoal(c.id, f.id.sam, 30));
      const employee = await agree(c, f.id.sam, f.email.sam);
      expect(employee.status).toBe(200);
      expect(employee.body).toMatchObject({ status: 'proposed', managerAgreedAt: null, version: 1 });
      expect(employee.body.employeeAgreedAt).not.toBeNull();
      const manager = await agree(c, f.id.sam, f.email.hana, { side: 'manager' });
      expect(manager.body).toMatchObject({ status: 'agreed', version: 2, weightsValid: true });
      expect(manager.headers.get('etag')).toMatch(/^"p2-[0-9a-f]{16}"$/);
      expect(manager.headers.get('etag')).toBe(manager.body.etag);
      expect((await view(c, f.id.sam, f.email.sam)).headers.get('etag')).toBe(manager.body.etag);
      // A change to an agreed field clears both agreements; agreeing again warns the other side.
      await h.call('PATCH', `/v1/goals/${g.id}`, {
        as: f.email.hana,
        json: { target: 120 },
        headers: { 'If-Match': '"1"' },
      });
      expect((await view(c, f.id.sam, f.email.hal)).body).toMatchObject({
        status: 'proposed',
        managerAgreedAt: null,
      });
      const again = await agree(c, f.id.sam, f.email.sam);
      expect(again.body.status).toBe('proposed');
    });

    it('who may agree: the person as employee, their manager chain or HR as manager', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.paul] });
      await createGoal(h, f.email.hal, kpiGoal(c.id, f.id.paul, 100));
      expect((await agree(c, f.id.paul, f.email.paul, { side: 'manager' })).status).toBe(403);
      expect((await agree(c, f.id.paul, f.email.mo, { side: 'employee' })).status).toBe(403);
      expect((await agree(c, f.id.paul, f.email.hana)).status).toBe(404);
      expect((await agree(c, f.id.paul, f.email.mo)).body.managerAgreedAt).not.toBeNull();
      const body = await agree(c, f.id.paul, f.email.hal, { side: 'manager' });
      expect(body.status).toBe(200);
      const key = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const viaKey = await h.call('POST', `/v1/cycles/${c.id}/plans/${f.id.paul}/agree`, {
        key,
        json: {},
        headers: { 'If-Match': body.headers.get('etag') ?? '' },
      });
      expect(viaKey.status).toBe(403);
    });

    it('agrees only to the plan as read: 428 without If-Match, 412 (nothing agreed) after a goal changed or was added', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam] });
      const g = await createGoal(h, f.email.hana, kpiGoal(c.id, f.id.sam, 60));
      await createGoal(h, f.email.hana, competencyGoal(c.id, f.id.sam, 40));
      const seen = await view(c, f.id.sam, f.email.sam);
      expect(seen.headers.get('etag')).toMatch(/^"p0-[0-9a-f]{16}"$/);
      expect(seen.headers.get('etag')).toBe(seen.body.etag);

      const bare = await post(c, f.id.sam, f.email.sam, {});
      expect([bare.status, bare.body.code]).toEqual([428, 'precondition_required']);
      expect(bare.headers.get('content-type')).toMatch(/problem\+json/);
      const any = await post(c, f.id.sam, f.email.sam, {}, { 'If-Match': '*' });
      expect(any.status).toBe(428);
      const junk = await post(c, f.id.sam, f.email.sam, {}, { 'If-Match': 'p0-abc' });
      expect([junk.status, junk.body.code]).toEqual([400, 'invalid_if_match']);

      // The manager raises a target the employee has not seen: the employee's click agrees to nothing.
      const edited = await h.call('PATCH', `/v1/goals/${g.id}`, {
        as: f.email.hana,
        json: { target: 150 },
        headers: { 'If-Match': '"1"' },
      });
      expect(edited.status).toBe(200);
      const stale = await post(c, f.id.sam, f.email.sam, {}, { 'If-Match': seen.body.etag });
      expect([stale.status, stale.body.code]).toEqual([412, 'stale_version']);
      expect(stale.headers.get('content-type')).toMatch(/problem\+json/);
      const now = await view(c, f.id.sam, f.email.sam);
      expect(now.body.etag).not.toBe(seen.body.etag);
      expect(stale.headers.get('etag')).toBe(now.body.etag);
      expect(now.body).toMatchObject({ status: 'draft', employeeAgreedAt: null, version: 0 });
      expect(
        await h.store.resources('plans').get(f.acme.organisation.id, planId(c.id, f.id.sam)),
      ).toBeUndefined();

      // Agreed as read; then HR adds a goal (weights rebalanced) before the manager agrees: the manager's
      // agreement on the plan as first read is refused too (the edit already cleared the employee's).
      const employee = await post(c, f.id.sam, f.email.sam, {}, { 'If-Match': now.body.etag });
      expect(employee.status).toBe(200);
      const managerRead = await view(c, f.id.sam, f.email.hana);
      expect(managerRead.body.etag).toBe(employee.headers.get('etag'));
      await h.call('PATCH', `/v1/goals/${g.id}`, {
        as: f.email.hal,
        json: { weight: 50 },
        headers: { 'If-Match': '"2"' },
      });
      await createGoal(h, f.email.hal, kpiGoal(c.id, f.id.sam, 10));
      const late = await post(
        c,
        f.id.sam,
        f.email.hana,
        { side: 'manager' },
        { 'If-Match': managerRead.body.etag },
      );
      expect([late.status, late.body.code]).toEqual([412, 'stale_version']);
      const after = await view(c, f.id.sam, f.email.hal);
      expect(after.body).toMatchObject({ status: 'proposed', managerAgreedAt: null });
      expect(after.body.goals).toHaveLength(3);
    });

    it('only in plan; idempotent replay', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam] });
      await createGoal(h, f.email.hana, kpiGoal(c.id, f.id.sam, 100));
      const headers = { 'Idempotency-Key': `agree-${c.id}` };
      const first = await agree(c, f.id.sam, f.email.sam, {}, headers);
      const ifMatch = (await view(c, f.id.sam, f.email.sam)).body.etag;
      const again = await post(c, f.id.sam, f.email.sam, {}, { ...headers, 'If-Match': ifMatch });
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body.employeeAgreedAt).toBe(first.body.employeeAgreedAt);
      await forcePhase(h, f, c.id, 'coach');
      const late = await agree(c, f.id.sam, f.email.hana);
      expect([late.status, late.body.code]).toEqual([409, 'wrong_phase']);
    });
  });

  describe('the agreement answer in /openapi.json', () => {
    it('is one object holding the plan fields and warnings (not allOf with a closed Plan, which refuses warnings)', async () => {
      type S = { allOf?: unknown; properties?: Record<string, unknown>; additionalProperties?: unknown };
      const doc = (await (await h.app.request('/openapi.json')).json()) as {
        components: { schemas: Record<string, S> };
      };
      const agreement = doc.components.schemas.PlanAgreement as S;
      const plan = doc.components.schemas.Plan as S;
      expect(agreement.allOf).toBeUndefined();
      expect(Object.keys(agreement.properties ?? {})).toEqual([
        ...Object.keys(plan.properties ?? {}),
        'warnings',
      ]);
    });
  });

  describe('plan status lists', () => {
    it('each participant you may see, filtered by status and paged', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.pia, f.id.paul] });
      await createGoal(h, f.email.hal, kpiGoal(c.id, f.id.paul, 100));
      await agree(c, f.id.paul, f.email.paul);
      const all = await h.call<SummaryJson>('GET', `/v1/cycles/${c.id}/plans`, { as: f.email.hal });
      expect(all.body.items.map((p) => [p.personId, p.status, p.goals])).toEqual([
        [f.id.paul, 'proposed', 1],
        [f.id.pia, 'draft', 0],
        [f.id.sam, 'draft', 0],
      ]);
      const mo = await h.call<SummaryJson>('GET', `/v1/cycles/${c.id}/plans?status=draft`, {
        as: f.email.mo,
      });
      expect(mo.body.items.map((p) => p.personId)).toEqual([f.id.pia]);
      const first = await h.call<SummaryJson>('GET', `/v1/cycles/${c.id}/plans?limit=2`, { as: f.email.hal });
      expect(first.body.nextCursor).toBe(encodeCursor(f.id.pia));
      const second = await h.call<SummaryJson>(
        'GET',
        `/v1/cycles/${c.id}/plans?limit=2&cursor=${first.body.nextCursor}`,
        { as: f.email.hal },
      );
      expect([second.body.items.map((p) => p.personId), second.body.nextCursor]).toEqual([[f.id.sam], null]);
    });
  });
});
