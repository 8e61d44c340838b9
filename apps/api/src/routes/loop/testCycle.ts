// Test helpers for the feedback/apply/improve routes: cycles, goals and reviews written straight to the store.
import {
  type Cycle,
  type CycleSchedule,
  CycleSchema,
  type Goal,
  type GoalInput,
  GoalSchema,
  type Phase,
  type Policy,
  policyFromPreset,
  type ReviewInput,
  ReviewSchema,
} from '@perfloop/core';
import type { JsonObject, ResourceKind } from '@perfloop/store';
import { SYSTEM_ACTOR } from '../../bootstrap.ts';
import { createWrite } from '../../kit/write.ts';
import type { ApiHarness } from '../../testing/apiHarness.ts';
import { phasesBetween } from './cycle.ts';

export const TEST_POLICY: Policy = policyFromPreset('incentive', { name: 'Loop test policy' });

export interface SeedCycleOptions {
  id: string;
  phase: Phase;
  participants?: readonly string[];
  policy?: Policy;
  startsOn?: string;
  endsOn?: string;
  /** The stage due dates (core CycleSchedule); none by default. */
  schedule?: CycleSchedule;
}

/** A cycle record as the cycles routes store it (core Cycle + policyId, policy snapshot, participants). */
export async function seedCycle(h: ApiHarness, orgId: string, options: SeedCycleOptions): Promise<Cycle> {
  const policy = options.policy ?? TEST_POLICY;
  const phases = phasesBetween('plan', options.phase);
  const history = phases.slice(1).map((to, i) => ({
    from: phases[i] as Phase,
    to,
    at: `2026-0${Math.min(9, i + 1)}-01T09:00:00Z`,
    actorId: 'system',
    override: null,
    skipped: [],
  }));
  const cycle = CycleSchema.parse({
    id: options.id,
    name: `Cycle ${options.id}`,
    policyName: policy.name,
    startsOn: options.startsOn ?? '2026-01-01',
    endsOn: options.endsOn ?? '2026-06-30',
    phase: options.phase,
    history,
    ...(options.schedule ? { schedule: options.schedule } : {}),
  });
  const policyId = `pol_${options.id}`;
  await put(h, orgId, 'policies', { id: policyId, data: { id: policyId, ...policy } });
  await put(h, orgId, 'cycles', {
    id: cycle.id,
    data: { ...cycle, policyId, policy, participants: [...(options.participants ?? [])].sort() },
  });
  return cycle;
}

/** Moves a seeded cycle to another phase (history rebuilt), keeping its other fields. */
export async function setPhase(h: ApiHarness, orgId: string, cycleId: string, phase: Phase): Promise<void> {
  const record = await h.store.resources('cycles').get(orgId, cycleId);
  if (!record) throw new Error(`no cycle ${cycleId}`);
  const phases = phasesBetween('plan', phase);
  const history = phases.slice(1).map((to, i) => ({
    from: phases[i] as Phase,
    to,
    at: `2026-0${Math.min(9, i + 1)}-01T09:00:00Z`,
    actorId: 'system',
    override: null,
    skipped: [],
  }));
  await h.store.transaction(orgId, async (tx) => {
    const w = createWrite(tx, SYSTEM_ACTOR);
    await w.update('cycles', cycleId, {
      expectedVersion: record.version,
      data: { ...record.data, phase, history },
    });
  });
}

/** Writes one record (audited as `system`). */
export async function put(
  h: ApiHarness,
  orgId: string,
  kind: ResourceKind,
  input: {
    id: string;
    cycleId?: string;
    subjectId?: string | null;
    parentId?: string | null;
    data: JsonObject;
  },
): Promise<void> {
  await h.store.transaction(orgId, async (tx) => {
    const w = createWrite(tx, SYSTEM_ACTOR);
    await w.create(kind, input);
  });
}

/** A person KPI goal (core Goal) stored as the goals routes do. */
export async function seedGoal(h: ApiHarness, orgId: string, input: GoalInput): Promise<Goal> {
  const goal = GoalSchema.parse(input);
  await put(h, orgId, 'goals', {
    id: goal.id,
    cycleId: goal.cycleId,
    subjectId: goal.ownerId,
    parentId: goal.alignedTo,
    data: goal,
  });
  return goal;
}

/** A submitted review (core Review) stored as the appraise routes do. */
export async function seedReview(h: ApiHarness, orgId: string, input: ReviewInput): Promise<void> {
  const review = ReviewSchema.parse(input);
  await put(h, orgId, 'reviews', {
    id: review.id,
    cycleId: review.cycleId,
    subjectId: review.subjectId,
    data: review,
  });
}

/** A KPI goal owned by `ownerId`: baseline 0, target 100 (higher is better), with `actual`. */
export function kpi(
  id: string,
  cycleId: string,
  ownerId: string,
  weight: number,
  actual: number | null,
): GoalInput {
  return {
    id,
    cycleId,
    title: `Goal ${id}`,
    level: 'person',
    ownerId,
    departmentId: null,
    weight,
    alignedTo: null,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    threshold: 50,
    target: 100,
    stretch: 150,
    actual,
  };
}

/**
 * A cycle whose people have measured KPI goals (one each, weight 100): Sam 150 (stretch → rated 5),
 * Pia 100 (target → 3), Paul 20 (below threshold → 1), Mo 60 (→ 2.2, rated 2). Goal ids `g.<cycle>.<name>`.
 */
export async function seedMeasuredCycle(
  h: ApiHarness,
  orgId: string,
  ids: Record<'sam' | 'pia' | 'paul' | 'mo', string>,
  options: { id: string; phase: Phase },
): Promise<Record<'sam' | 'pia' | 'paul' | 'mo', string>> {
  await seedCycle(h, orgId, { id: options.id, phase: options.phase, participants: Object.values(ids) });
  const actuals = { sam: 150, pia: 100, paul: 20, mo: 60 } as const;
  const goals = {} as Record<'sam' | 'pia' | 'paul' | 'mo', string>;
  for (const name of ['sam', 'pia', 'paul', 'mo'] as const) {
    const goalId = `g.${options.id}.${name}`;
    await seedGoal(h, orgId, kpi(goalId, options.id, ids[name], 100, actuals[name]));
    goals[name] = goalId;
  }
  return goals;
}
