// /v1/goal-templates: CRUD by HR and managers, bulk assignment with a per-person report, idempotent and phase-bound.
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
  createCycle,
  createGoal,
  createPolicy,
  forcePhase,
  type GoalJson,
  type Json,
  kpiGoal,
  type ProblemJson,
} from './cycles/testCycle.ts';

type TemplateJson = { id: string; name: string; goals: Json[]; createdBy: string | null; version: number };
type AssignJson = {
  created: number;
  report: { personId: string; created: number; skipped: string | null }[];
};

describe.each(ENGINES)('goal templates routes on %s', (engine) => {
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

  const goals = [
    { kind: 'kpi', title: 'Bookings', weight: 70, direction: 'higher_is_better', baseline: 0, target: 500 },
    { kind: 'competency', title: 'Coaching', weight: 30 },
  ];
  const create = (json: Json, as: string) =>
    h.call<TemplateJson & ProblemJson>('POST', '/v1/goal-templates', { as, json });
  const assign = (id: string, json: Json, as: string, headers: Record<string, string> = {}) =>
    h.call<AssignJson & ProblemJson>('POST', `/v1/goal-templates/${id}/assign`, { as, json, headers });

  describe('templates', () => {
    it('managers and HR create; weights must total 100; employees may not', async () => {
      const res = await create({ name: 'Account executive', goals }, f.email.hana);
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ name: 'Account executive', createdBy: f.id.hana, version: 1 });
      expect(res.body.id).toMatch(/^tpl_/);
      const weights = await create({ name: 'Bad', goals: [{ ...goals[0], weight: 50 }] }, f.email.hal);
      expect([weights.status, weights.body.code, weights.body.errors?.[0]?.path]).toEqual([
        422,
        'template_invalid',
        'goals',
      ]);
      const bad = await create({ name: '', goals: [] }, f.email.hal);
      expect(bad.status).toBe(400);
      expect((await create({ name: 'Mine', goals }, f.email.sam)).status).toBe(403);
      const list = await h.call<{ items: TemplateJson[] }>('GET', '/v1/goal-templates', { as: f.email.sam });
      expect(list.body.items.map((t) => t.id)).toContain(res.body.id);
    });

    it('the creator or HR change and delete them, with If-Match', async () => {
      const t = (await create({ name: 'Draft', goals }, f.email.hana)).body;
      const path = `/v1/goal-templates/${t.id}`;
      expect(
        (await h.call('PATCH', path, { as: f.email.mo, json: { name: 'X' }, headers: { 'If-Match': '"1"' } }))
          .status,
      ).toBe(403);
      expect((await h.call('PATCH', path, { as: f.email.hana, json: { name: 'X' } })).status).toBe(428);
      const renamed = await h.call<TemplateJson>('PATCH', path, {
        as: f.email.hana,
        json: { name: 'Renamed' },
        headers: { 'If-Match': '"1"' },
      });
      expect(renamed.body).toMatchObject({ name: 'Renamed', version: 2 });
      expect((await h.call('DELETE', path, { as: f.email.hal, headers: { 'If-Match': '"1"' } })).status).toBe(
        412,
      );
      expect((await h.call('DELETE', path, { as: f.email.hal, headers: { 'If-Match': '"2"' } })).status).toBe(
        204,
      );
      expect((await h.call('GET', path, { as: f.email.hal })).status).toBe(404);
    });
  });

  describe('assigning a template', () => {
    it('creates each person’s goals in one go; repeating creates nothing; non-participants are reported', async () => {
      const cycle = await createCycle(h, f, {
        policyId,
        personIds: [f.id.sam, f.id.mo, f.id.pia, f.id.paul],
      });
      const t = (await create({ name: 'Platform', goals }, f.email.hal)).body;
      const res = await assign(t.id, { cycleId: cycle.id, departmentId: f.dept.eng }, f.email.hal);
      expect(res.status).toBe(200);
      expect(res.body.created).toBe(6);
      expect(res.body.report).toEqual([
        { personId: f.id.erin, created: 0, skipped: 'not_participant' },
        { personId: f.id.mo, created: 2, skipped: null },
        { personId: f.id.paul, created: 2, skipped: null },
        { personId: f.id.pia, created: 2, skipped: null },
      ]);
      const mine = await h.call<{ items: GoalJson[] }>('GET', `/v1/me/goals?cycleId=${cycle.id}`, {
        as: f.email.paul,
      });
      expect(mine.body.items.map((g) => [g.id, g.weight])).toEqual([
        [`${t.id}.${f.id.paul}.0`, 70],
        [`${t.id}.${f.id.paul}.1`, 30],
      ]);
      const again = await assign(t.id, { cycleId: cycle.id, personIds: [f.id.paul] }, f.email.pia);
      expect(again.body).toEqual({
        templateId: t.id,
        cycleId: cycle.id,
        created: 0,
        report: [{ personId: f.id.paul, created: 0, skipped: 'already_assigned' }],
      });
    });

    it('resets agreed plans it changes; managers only for their people; only in plan; replayable', async () => {
      const cycle = await createCycle(h, f, { policyId, personIds: [f.id.sam, f.id.pia] });
      await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 100));
      await agreeBoth(h, cycle.id, f.email.sam, f.id.sam, f.email.hana);
      const t = (await create({ name: 'Extra', goals }, f.email.hana)).body;
      expect((await assign(t.id, { cycleId: cycle.id, personIds: [f.id.pia] }, f.email.hana)).status).toBe(
        404,
      );
      expect((await assign(t.id, { cycleId: cycle.id, personIds: [f.id.hana] }, f.email.sam)).status).toBe(
        404,
      );
      expect((await assign(t.id, { cycleId: cycle.id, personIds: [f.id.sam] }, f.email.sam)).status).toBe(
        403,
      );
      const both = await assign(
        t.id,
        { cycleId: cycle.id, personIds: [f.id.sam], departmentId: f.dept.sales },
        f.email.hana,
      );
      expect(both.status).toBe(400);
      const headers = { 'Idempotency-Key': `assign-${cycle.id}` };
      const res = await assign(t.id, { cycleId: cycle.id, personIds: [f.id.sam] }, f.email.hana, headers);
      expect(res.body.created).toBe(2);
      const replay = await assign(t.id, { cycleId: cycle.id, personIds: [f.id.sam] }, f.email.hana, headers);
      expect(replay.headers.get('idempotent-replayed')).toBe('true');
      expect(replay.body.created).toBe(2);
      const plan = await h.call<{ status: string; weightsTotal: number }>(
        'GET',
        `/v1/cycles/${cycle.id}/plans/${f.id.sam}`,
        {
          as: f.email.sam,
        },
      );
      expect(plan.body).toMatchObject({ status: 'proposed', weightsTotal: 200 });
      await forcePhase(h, f, cycle.id, 'coach');
      const late = await assign(t.id, { cycleId: cycle.id, personIds: [f.id.pia] }, f.email.hal);
      expect([late.status, late.body.code]).toEqual([409, 'wrong_phase']);
    });
  });
});
