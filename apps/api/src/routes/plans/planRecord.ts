// Plan records (one per person and cycle, under a derived id) and keeping their agreement in step with goal writes.
import { createHash } from 'node:crypto';
import { type Goal, GoalSchema, type Plan, PlanSchema, planChanged } from '@perfloop/core';
import type { ResourceRecord, Tx } from '@perfloop/store';
import type { ResourceSource } from '../../authz/index.ts';
import { ApiError } from '../../errors.ts';
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

/**
 * The ETag of a plan as a reader sees it: the plan record's version (0 before anyone agreed) and each of its
 * goals' id and version (any goal added, edited, cancelled or deleted moves it), hashed:
 * `"p<version>-<16 hex>"`. Agreeing requires it as If-Match, so an agreement covers exactly the goals read.
 */
export function planETag(
  record: { version: number } | null,
  goals: readonly { record: { id: string; version: number } }[],
): string {
  const version = record?.version ?? 0;
  const pairs = goals.map((g) => `${g.record.id}:${g.record.version}`).sort();
  const hash = createHash('sha256')
    .update(`${version}\n${pairs.join('\n')}`)
    .digest('hex')
    .slice(0, 16);
  return `"p${version}-${hash}"`;
}

/**
 * Holds the person's plan against concurrent changes until the transaction ends. An agreement takes it
 * `exclusive` before reading the plan and its goals; every goal write takes it `shared` (in syncPlan) after
 * writing its goals and before reading the plan. So either the goal write commits first and the agreement
 * then reads it (its ETag no longer matches: 412), or the agreement commits first and the goal write then
 * reads the agreed plan (and resets it if the agreed fields changed) — also for a goal inserted while the
 * plan has no record yet, which no row lock could cover. Shared holders do not wait for each other.
 */
export function lockPlan(
  tx: Tx,
  cycleId: string,
  personId: string,
  mode: 'shared' | 'exclusive',
): Promise<void> {
  return tx.lock(`plan:${planId(cycleId, personId)}`, mode);
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
  await lockPlan(tx, cycleId, personId, 'shared');
  for (let attempt = 1; ; attempt++) {
    const loaded = await loadPlan(tx, orgId, cycleId, personId);
    if (!loaded) return { reset: false };
    // On a retry the goals are read again: what another transaction committed meanwhile counts too.
    const goals =
      current && attempt === 1
        ? personGoals(current, personId)
        : (await planGoals(tx, orgId, cycleId, personId)).map((g) => g.goal);
    const { plan, reset } = planChanged(loaded.plan, goals);
    if (!reset) return { reset: false };
    try {
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
    } catch (error) {
      // The plan moved on between its read and this update: another transaction committed a change to the
      // same person's goals in between (PostgreSQL reads committed data statement by statement, so the goals
      // read above may already include it). The caller's own change is not stale — only this derived reset
      // was — so the plan is read again and judged afresh, instead of failing the caller's write with a 412.
      if (!(error instanceof ApiError && error.code === 'stale_version') || attempt >= MAX_PLAN_SYNC_ATTEMPTS)
        throw error;
    }
  }
}

/** Plan resets re-judged after losing a race with another transaction, before the write fails. */
const MAX_PLAN_SYNC_ATTEMPTS = 3;
