// Plan records (one per person and cycle, under a derived id) and keeping their agreement in step with goal writes.
import { createHash } from 'node:crypto';
import { type Goal, GoalSchema, type Plan, PlanSchema, planChanged } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { ResourceSource } from '../../authz/index.ts';
import type { Batch } from '../cycles/batch.ts';
import { listAllWhere } from '../cycles/cycleRecord.ts';

/**
 * The id of a person's plan in a cycle: `pln_` + 24 hex characters of sha-256(cycle, person), so
 * there is one plan per pair and it is found by primary key.
 */
export function planId(cycleId: string, personId: string): string {
  return `pln_${createHash('sha256').update(`${cycleId}\u0000${personId}`).digest('hex').slice(0, 24)}`;
}

export interface LoadedPlan {
  record: ResourceRecord;
  plan: Plan;
}

export async function loadPlan(
  source: ResourceSource,
  orgId: string,
  cycleId: string,
  personId: string,
): Promise<LoadedPlan | null> {
  const record = await source.resources('plans').get(orgId, planId(cycleId, personId));
  return record ? { record, plan: PlanSchema.parse(record.data) } : null;
}

/** The person-level goals a person owns in a cycle (their plan), ordered by id. */
export async function planGoals(
  source: ResourceSource,
  orgId: string,
  cycleId: string,
  personId: string,
): Promise<{ record: ResourceRecord; goal: Goal }[]> {
  const records = await listAllWhere(source, 'goals', orgId, { cycleId, subjectId: personId });
  return records
    .map((record) => ({ record, goal: GoalSchema.parse(record.data) }))
    .filter(({ goal }) => goal.level === 'person' && goal.ownerId === personId);
}

/** The person-level goals `personId` owns among `records` (ordered by id, like planGoals). */
function personGoals(records: readonly ResourceRecord[], personId: string): Goal[] {
  return [...records]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((record) => GoalSchema.parse(record.data))
    .filter((goal) => goal.level === 'person' && goal.ownerId === personId);
}

/**
 * After a write to a person's goals (inside the write's transaction): core planChanged on the plan
 * and its current goals; when the agreed fields changed, both agreements are cleared (audited as
 * `plan.agreement_reset`). A person without a plan record has nothing to reset. `current`: the
 * person's goals as this transaction now holds them (every record of theirs in the cycle, as
 * planGoals would list them), when the caller has them already — saves reading them again.
 */
export async function syncPlan(
  b: Batch,
  cycleId: string,
  personId: string,
  current?: readonly ResourceRecord[],
): Promise<{ reset: boolean }> {
  const { tx, orgId } = b.w;
  const loaded = await loadPlan(tx, orgId, cycleId, personId);
  if (!loaded) return { reset: false };
  const goals = current
    ? personGoals(current, personId)
    : (await planGoals(tx, orgId, cycleId, personId)).map((g) => g.goal);
  const { plan, reset } = planChanged(loaded.plan, goals);
  if (!reset) return { reset: false };
  await b.update(
    'plans',
    loaded.record.id,
    { expectedVersion: loaded.record.version, data: plan },
    {
      action: 'plan.agreement_reset',
      summary: { personId, cycleId, reason: 'the agreed goals changed' },
    },
  );
  return { reset: true };
}
