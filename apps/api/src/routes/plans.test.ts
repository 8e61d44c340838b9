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
  const agree = (
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
      expect(manager.headers.get('etag')).toBe('"2"');
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
      const viaKey = await h.call('POST', `/v1/cycles/${c.id}/plans/${f.id.paul}/agree`, { key, json: {} });
      expect(viaKey.status).toBe(403);
    });

    it('only in plan; idempotent replay', async () => {
      const c = await createCycle(h, f, { policyId, personIds: [f.id.sam] });
      await createGoal(h, f.email.hana, kpiGoal(c.id, f.id.sam, 100));
      const headers = { 'Idempotency-Key': `agree-${c.id}` };
      const first = await agree(c, f.id.sam, f.email.sam, {}, headers);
      const again = await agree(c, f.id.sam, f.email.sam, {}, headers);
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
