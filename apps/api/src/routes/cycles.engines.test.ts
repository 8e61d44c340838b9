// The plan → coach loop on BOTH engines: a full pass, racing check-ins on one goal, racing goal edits and agreements.
import { GoalSchema, PlanSchema, planFingerprint } from '@perfloop/core';
import type { Tx } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import {
  agreeAsRead,
  agreeBoth,
  type CycleJson,
  competencyGoal,
  createCycle,
  createGoal,
  forcePhase,
  kpiGoal,
  planETagOf,
} from './cycles/testCycle.ts';
import { planId } from './plans/planRecord.ts';

describe.each(ENGINES)('plan and coach on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });
  const orgId = () => f.acme.organisation.id;

  it('goals → agreement → coach → check-in with an actual → appraise, without overrides; audit chain intact', async () => {
    const cycle = await createCycle(h, f, { personIds: [f.id.sam] });
    const goal = await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 70));
    await createGoal(h, f.email.sam, competencyGoal(cycle.id, f.id.sam, 30));
    await agreeBoth(h, cycle.id, f.email.sam, f.id.sam, f.email.hana);
    const move = (to: string) =>
      h.call<CycleJson>('POST', `/v1/cycles/${cycle.id}/transitions`, { as: f.email.hal, json: { to } });
    expect((await move('coach')).status).toBe(200);
    const checkIn = await h.call('POST', '/v1/check-ins', {
      as: f.email.hana,
      json: {
        cycleId: cycle.id,
        subjectId: f.id.sam,
        kind: 'performance_meeting',
        notes: 'Q1 review',
        goalUpdates: [{ goalId: goal.id, actual: 80, goalVersion: 1 }],
      },
    });
    expect(checkIn.status).toBe(201);
    const appraise = await move('appraise');
    expect([appraise.status, appraise.body.phase]).toEqual([200, 'appraise']);
    expect(await h.store.audit.verify(orgId())).toMatchObject({ ok: true });
  });

  it('check-ins racing on one goal version: exactly one sets the actual', async () => {
    const cycle = await createCycle(h, f, { personIds: [f.id.sam] });
    const goal = await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 100));
    await forcePhase(h, f, cycle.id, 'coach');
    const results = await Promise.all(
      [10, 20, 30, 40].map((actual) =>
        h.call('POST', '/v1/check-ins', {
          as: f.email.hana,
          json: {
            cycleId: cycle.id,
            subjectId: f.id.sam,
            kind: 'guidance_note',
            notes: `update ${actual}`,
            goalUpdates: [{ goalId: goal.id, actual, goalVersion: 1 }],
          },
        }),
      ),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.every((s) => s === 201 || s === 409 || s === 412)).toBe(true);
    const stored = await h.store.resources('goals').get(orgId(), goal.id);
    expect(stored?.version).toBe(2);
    const checkIns = await h.store.resources('check_ins').list(orgId(), { cycleId: cycle.id });
    expect(checkIns.records).toHaveLength(1);
  });

  it('goal edits racing agreements never leave an agreement on goals that changed', async () => {
    const cycle = await createCycle(h, f, { personIds: [f.id.sam] });
    const a = await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 50));
    const b = await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 50));
    const agree = (as: string) => agreeAsRead(h, cycle.id, f.id.sam, as);
    const edit = (id: string, title: string) =>
      h.call('PATCH', `/v1/goals/${id}`, {
        as: f.email.hana,
        json: { title },
        headers: { 'If-Match': '"1"' },
      });
    await agree(f.email.sam);
    const results = await Promise.all([
      agree(f.email.hana),
      edit(a.id, 'A2'),
      agree(f.email.sam),
      edit(b.id, 'B2'),
    ]);
    expect(results.every((r) => r.status < 500)).toBe(true);
    const planRecord = await h.store.resources('plans').get(orgId(), planId(cycle.id, f.id.sam));
    const plan = PlanSchema.parse(planRecord?.data);
    const goals = (await h.store.resources('goals').list(orgId(), { cycleId: cycle.id })).records.map((r) =>
      GoalSchema.parse(r.data),
    );
    expect(plan.goalsHash === '' || plan.goalsHash === planFingerprint(goals)).toBe(true);
    if (plan.status === 'agreed') expect(plan.goalsHash).toBe(planFingerprint(goals));
    expect(await h.store.audit.verify(orgId())).toMatchObject({ ok: true });
  });

  it('a goal added while an agreement is being written waits for it, then clears it: no agreement misses a goal', async () => {
    const cycle = await createCycle(h, f, { personIds: [f.id.sam] });
    await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 60));
    await createGoal(h, f.email.hana, kpiGoal(cycle.id, f.id.sam, 40));
    const ifMatch = await planETagOf(h, cycle.id, f.id.sam, f.email.sam);
    // The agreement's transaction pauses just before it writes the plan (goals read, If-Match checked), once.
    let paused!: () => void;
    const agreementPaused = new Promise<void>((resolve) => {
      paused = resolve;
    });
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let gate = true;
    const gated = (tx: Tx): Tx =>
      new Proxy(tx, {
        get(target, property, receiver) {
          if (property !== 'resources') return Reflect.get(target, property, receiver);
          return (kind: Parameters<Tx['resources']>[0]) => {
            const repo = target.resources(kind);
            if (kind !== 'plans') return repo;
            return new Proxy(repo, {
              get(r, p, rr) {
                if (p !== 'create') return Reflect.get(r, p, rr);
                return async (...args: Parameters<typeof repo.create>) => {
                  if (gate) {
                    gate = false;
                    paused();
                    await released;
                  }
                  return repo.create(...args);
                };
              },
            });
          };
        },
      });
    const transaction = h.store.transaction;
    h.store.transaction = (id, work) => transaction(id, (tx) => work(gated(tx)));
    try {
      const agreeing = h.call('POST', `/v1/cycles/${cycle.id}/plans/${f.id.sam}/agree`, {
        as: f.email.sam,
        json: {},
        headers: { 'If-Match': ifMatch },
      });
      await agreementPaused;
      let added = false;
      const adding = createGoal(h, f.email.hal, kpiGoal(cycle.id, f.id.sam, 10)).then((g) => {
        added = true;
        return g;
      });
      await new Promise((resolve) => setTimeout(resolve, 400));
      // The goal write waits for the agreement (PostgreSQL: the plan lock; SQLite: the write transaction).
      expect(added).toBe(false);
      release();
      const [agreed] = await Promise.all([agreeing, adding]);
      expect(agreed.status).toBe(200);
    } finally {
      h.store.transaction = transaction;
      release();
    }
    // The agreement was to the two goals read; the third, committed after it, cleared it.
    const record = await h.store.resources('plans').get(orgId(), planId(cycle.id, f.id.sam));
    expect(PlanSchema.parse(record?.data)).toMatchObject({
      status: 'proposed',
      employeeAgreedAt: null,
      goalsHash: '',
    });
    const view = await h.call<{ goals: unknown[] }>('GET', `/v1/cycles/${cycle.id}/plans/${f.id.sam}`, {
      as: f.email.sam,
    });
    expect(view.body.goals).toHaveLength(3);
    expect(await h.store.audit.verify(orgId())).toMatchObject({ ok: true });
  });
});
