// Scale fixture: a department of N people with K KPI goals each in a new cycle in coach, written straight to the API's store.
import { SYSTEM_ACTOR } from '@perfloop/api/src/bootstrap.ts';
import { linkEmailIdentity } from '@perfloop/api/src/deps.ts';
import { createWrite } from '@perfloop/api/src/kit/write.ts';
import { StoredCycleSchema } from '@perfloop/api/src/routes/cycles/cycleRecord.ts';
import { DepartmentSchema, type Goal, GoalSchema, PersonSchema, POLICY_PRESETS } from '@perfloop/core';
import type { Stack } from './stack.ts';

export interface ScaleFixture {
  cycleId: string;
  departmentId: string;
  people: number;
  rows: number;
}

/**
 * Adds to Acme a department "Field sales <tag>" of `people` employees (managed by HR's chain: HR sees
 * them all) and a cycle in coach in which each has `goalsPerPerson` KPI goals. One transaction.
 */
export async function seedScale(
  s: Stack,
  people: number,
  goalsPerPerson: number,
  tag = 'bench',
): Promise<ScaleFixture> {
  const hr = await s.api<{ id: string; departmentId: string }>('GET', '/v1/people/me', {
    as: 'hr@acme.test',
  });
  const org = await s.api<{ id: string }>('GET', '/v1/organisation', { as: 'hr@acme.test' });
  const orgId = org.body.id;
  const departmentId = `dep_scale_${tag}`;
  const cycleId = `cyc_scale_${tag}`;
  const ids = Array.from({ length: people }, (_, i) => `per_scale_${tag}_${String(i).padStart(5, '0')}`);
  await s.store.transaction(orgId, async (tx) => {
    for (const [i, id] of ids.entries()) {
      const linked = await linkEmailIdentity(tx, orgId, id, `scale${i}.${tag}@acme.test`);
      if (!linked.ok) throw new Error(`could not link scale person ${i}`);
    }
    const w = createWrite(tx, SYSTEM_ACTOR);
    const department = DepartmentSchema.parse({
      id: departmentId,
      name: `Field sales ${tag}`,
      parentId: hr.body.departmentId,
      headId: null,
    });
    await w.create('departments', { id: department.id, parentId: department.parentId, data: department });
    for (const [i, id] of ids.entries()) {
      const p = PersonSchema.parse({
        id,
        name: `Scale Person ${String(i).padStart(5, '0')}`,
        email: `scale${i}.${tag}@acme.test`,
        departmentId,
        managerId: hr.body.id,
        roles: ['employee'],
      });
      await w.create('people', { id: p.id, subjectId: p.id, parentId: p.departmentId, data: p });
    }
    const cycle = StoredCycleSchema.parse({
      id: cycleId,
      name: `Scale ${tag}`,
      policyName: POLICY_PRESETS.incentive.name,
      startsOn: '2027-01-01',
      endsOn: '2027-06-30',
      phase: 'coach',
      history: [
        {
          from: 'plan',
          to: 'coach',
          at: '2027-01-02T00:00:00Z',
          actorId: 'system',
          override: { reason: 'scale fixture', refusals: [] },
          skipped: [],
        },
      ],
      policyId: `pol_scale_${tag}`,
      policy: POLICY_PRESETS.incentive,
      participants: [...ids].sort(),
    });
    await w.create('cycles', { id: cycleId, cycleId, data: cycle });
    for (const [i, ownerId] of ids.entries()) {
      for (let k = 0; k < goalsPerPerson; k++) {
        const goal: Goal = GoalSchema.parse({
          id: `gol_scale_${tag}_${String(i).padStart(5, '0')}_${k}`,
          cycleId,
          title: `KPI ${k + 1}`,
          level: 'person',
          ownerId,
          departmentId,
          weight: 100 / goalsPerPerson,
          alignedTo: null,
          kind: 'kpi',
          unit: 'units',
          direction: 'higher_is_better',
          baseline: 0,
          threshold: 50,
          target: 100,
          stretch: 150,
          actual: 40 + ((i + k) % 80),
        });
        await w.create('goals', { id: goal.id, cycleId, subjectId: ownerId, data: goal });
      }
    }
  });
  return { cycleId, departmentId, people, rows: people * goalsPerPerson };
}
