// Test helpers for the appraise/calibrate suites: cycles, goals and reviews written straight to the store, and API shorthands.
import {
  CycleSchema,
  type Goal,
  type GoalInput,
  GoalSchema,
  PHASES,
  type Phase,
  type Policy,
  phaseIndex,
  policyFromPreset,
  type ReviewRatingSchema,
} from '@perfloop/core';
import type { JsonObject, ResourceKind } from '@perfloop/store';
import type { z } from 'zod';
import { SYSTEM_ACTOR } from '../../bootstrap.ts';
import { createWrite } from '../../kit/write.ts';
import type { ApiHarness } from '../../testing/apiHarness.ts';
import type { StoredReview } from './storedReview.ts';

export const APPRAISAL_POLICY: Policy = policyFromPreset('incentive', { name: 'Appraisal test policy' });

export type ProblemJson = {
  code: string;
  detail: string;
  errors?: { path: string; code: string }[];
  details?: Record<string, unknown>;
};

function history(phase: Phase) {
  const phases = PHASES.slice(0, phaseIndex(phase) + 1);
  return phases.slice(1).map((to, i) => ({
    from: phases[i] as Phase,
    to,
    at: `2026-0${Math.min(9, i + 1)}-01T09:00:00Z`,
    actorId: 'system',
    override: null,
    skipped: [],
  }));
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
    await createWrite(tx, SYSTEM_ACTOR).create(kind, input);
  });
}

/** A cycle stored as routes/cycles stores it (core Cycle + policyId, policy snapshot, participants). */
export async function seedCycle(
  h: ApiHarness,
  orgId: string,
  id: string,
  phase: Phase,
  participants: readonly string[],
  policy: Policy = APPRAISAL_POLICY,
): Promise<void> {
  const cycle = CycleSchema.parse({
    id,
    name: `Cycle ${id}`,
    policyName: policy.name,
    startsOn: '2026-01-01',
    endsOn: '2026-06-30',
    phase,
    history: history(phase),
  });
  const policyId = `pol_${id}`;
  await put(h, orgId, 'policies', { id: policyId, data: { id: policyId, ...policy } });
  await put(h, orgId, 'cycles', {
    id,
    data: { ...cycle, policyId, policy, participants: [...participants].sort() },
  });
}

/** Moves a seeded cycle to `phase` (history rebuilt). */
export async function setPhase(h: ApiHarness, orgId: string, cycleId: string, phase: Phase): Promise<void> {
  await h.store.transaction(orgId, async (tx) => {
    const record = await tx.resources('cycles').get(orgId, cycleId);
    if (!record) throw new Error(`no cycle ${cycleId}`);
    await createWrite(tx, SYSTEM_ACTOR).update('cycles', cycleId, {
      expectedVersion: record.version,
      data: { ...record.data, phase, history: history(phase) },
    });
  });
}

/** A person goal stored as the goals routes store it. */
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

const base = (id: string, cycleId: string, ownerId: string, weight: number) => ({
  id,
  cycleId,
  title: `Goal ${id}`,
  level: 'person' as const,
  ownerId,
  departmentId: null,
  weight,
  alignedTo: null,
});

/** A KPI goal: baseline 0, threshold 50, target 100, stretch 150 (higher is better). */
export function kpiGoal(
  id: string,
  cycleId: string,
  ownerId: string,
  weight: number,
  actual: number | null,
): GoalInput {
  return {
    ...base(id, cycleId, ownerId, weight),
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    threshold: 50,
    target: 100,
    stretch: 150,
    actual,
  };
}

export function competencyGoal(id: string, cycleId: string, ownerId: string, weight: number): GoalInput {
  return { ...base(id, cycleId, ownerId, weight), kind: 'competency' };
}

/** A review stored directly (submitted unless `submittedAt: null`). */
export async function seedReview(
  h: ApiHarness,
  orgId: string,
  review: Omit<StoredReview, 'ratings' | 'summary' | 'submittedAt'> & {
    ratings: z.input<typeof ReviewRatingSchema>[];
    summary?: string;
    submittedAt?: string | null;
  },
): Promise<void> {
  const data: StoredReview = {
    summary: '',
    submittedAt: '2026-03-01T10:00:00Z',
    ...review,
    ratings: review.ratings.map((r) => ({ comment: '', evidence: '', ...r })),
  };
  await put(h, orgId, 'reviews', { id: data.id, cycleId: data.cycleId, subjectId: data.subjectId, data });
}

let counter = 0;
/** A fresh id for a test's own cycle (tests share one harness per file). */
export function uniqueId(prefix: string): string {
  counter += 1;
  return `${prefix}_${counter}_${Math.random().toString(36).slice(2, 8)}`;
}
