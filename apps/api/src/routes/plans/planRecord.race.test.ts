// syncPlan under a race on PostgreSQL: another transaction resets the same plan between this one's reads.
import { agreePlan, type Goal, GoalSchema, type Plan, POLICY_PRESETS, planFingerprint } from '@perfloop/core';
import type { Tx } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Write } from '../../kit/index.ts';
import { type ApiHarness, createApiHarness } from '../../testing/apiHarness.ts';
import { createBatch } from '../cycles/batch.ts';
import { loadPlan, planId, syncPlan } from './planRecord.ts';

const ORG = 'org_race';
const CYCLE = 'cyc_race';
const PERSON = 'per_race';

const goal = (id: string, weight: number): Goal =>
  GoalSchema.parse({
    id,
    cycleId: CYCLE,
    title: `Goal ${id}`,
    level: 'person',
    ownerId: PERSON,
    departmentId: null,
    weight,
    alignedTo: null,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    target: 100,
  });

/** The Write syncPlan needs: the transaction (its audit and feed are not what this test is about). */
const writeOn = (tx: Tx): Write => ({ tx, orgId: ORG, actor: 'test' }) as unknown as Write;

describe('syncPlan on PostgreSQL', () => {
  let h: ApiHarness;
  beforeAll(async () => {
    h = await createApiHarness({ engine: 'postgres' });
    await h.store.organisations.create({ id: ORG, name: 'Race', slug: 'race' });
  });
  afterAll(async () => {
    await h.close();
  });

  it('a plan reset committed between its reads is judged afresh, not failed as a stale write', async () => {
    const goals = [goal('gol_a', 60), goal('gol_b', 40)];
    for (const g of goals)
      await h.store.resources('goals').create(ORG, { id: g.id, cycleId: CYCLE, subjectId: PERSON, data: g });
    const fresh: Plan = {
      personId: PERSON,
      cycleId: CYCLE,
      status: 'draft',
      employeeAgreedAt: null,
      managerAgreedAt: null,
      goalsHash: '',
    };
    const policy = POLICY_PRESETS.control;
    const byEmployee = agreePlan(fresh, goals, { by: 'employee', at: '2026-12-01T10:00:00.000Z' }, policy);
    if (!byEmployee.ok) throw new Error(byEmployee.error.message);
    const agreed = agreePlan(
      byEmployee.value.plan,
      goals,
      { by: 'manager', at: '2026-12-01T11:00:00.000Z' },
      policy,
    );
    if (!agreed.ok) throw new Error(agreed.error.message);
    expect(agreed.value.plan.goalsHash).toBe(planFingerprint(goals));
    await h.store.resources('plans').create(ORG, {
      id: planId(CYCLE, PERSON),
      cycleId: CYCLE,
      subjectId: PERSON,
      data: agreed.value.plan,
    });

    // The second transaction reads the plan (still agreed), then waits while the first adds a goal and resets
    // the plan; its goal list then already holds the new goal (read committed), so it wants to reset the plan
    // too — from the version it read, which has moved on.
    let paused!: () => void;
    const secondPaused = new Promise<void>((resolve) => {
      paused = resolve;
    });
    let resume!: () => void;
    const firstCommitted = new Promise<void>((resolve) => {
      resume = resolve;
    });
    const second = h.store.transaction(ORG, async (tx) => {
      const gated: Tx = new Proxy(tx, {
        get(target, property, receiver) {
          if (property !== 'resources') return Reflect.get(target, property, receiver);
          return (kind: Parameters<Tx['resources']>[0]) => {
            const repo = target.resources(kind);
            if (kind !== 'goals') return repo;
            return new Proxy(repo, {
              get(r, p, rr) {
                if (p !== 'list') return Reflect.get(r, p, rr);
                return async (...args: Parameters<typeof repo.list>) => {
                  paused();
                  await firstCommitted;
                  return repo.list(...args);
                };
              },
            });
          };
        },
      });
      return syncPlan(createBatch(writeOn(gated)), CYCLE, PERSON);
    });
    await secondPaused;
    await h.store.transaction(ORG, async (tx) => {
      const added = goal('gol_c', 10);
      await tx
        .resources('goals')
        .create(ORG, { id: added.id, cycleId: CYCLE, subjectId: PERSON, data: added });
      expect(await syncPlan(createBatch(writeOn(tx)), CYCLE, PERSON)).toEqual({ reset: true });
    });
    resume();

    // Before the fix this was a 412 stale_version ("it is at version 2") for a write that was not stale.
    expect(await second).toEqual({ reset: false });
    const plan = await loadPlan(h.store, ORG, CYCLE, PERSON);
    expect(plan?.record.version).toBe(2);
    expect(plan?.plan).toMatchObject({ status: 'proposed', goalsHash: '', managerAgreedAt: null });
  });
});
