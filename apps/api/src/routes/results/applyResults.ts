// Apply phase, write side: stores a computation as results, improvement_plans and development_items (re-applying replaces them).
import type { DevelopmentItem, ImprovementPlan } from '@perfloop/core';
import type { JsonObject, ResourceKind, ResourceRecord } from '@perfloop/store';
import { newId } from '../../kit/index.ts';
import type { PersonScoreBody } from '../appraise/scoreSchemas.ts';
import type { Batch } from '../cycles/batch.ts';
import { listWhere } from '../loop/cycle.ts';
import type { PersonResultLine, ResultsComputation } from './compute.ts';
import {
  type AppliedBudget,
  DEVELOPMENT_ID_PREFIX,
  type PersonResult,
  PLAN_ID_PREFIX,
  RESULT_ID_PREFIX,
} from './resultRecord.ts';

interface Desired {
  key: string;
  subjectId: string;
  /** Builds the data once the record id is known. */
  data: (id: string) => JsonObject;
}

/**
 * Makes the cycle's records of `kind` exactly `desired`, matching existing ones by `keyOf`: kept
 * keys are updated in place (same id), new ones created, the rest removed. Returns id by key.
 */
async function sync(
  b: Batch,
  kind: ResourceKind,
  cycleId: string,
  prefix: string,
  desired: readonly Desired[],
  keyOf: (record: ResourceRecord) => string,
): Promise<Map<string, string>> {
  const existing = new Map<string, ResourceRecord>();
  for (const record of await listWhere(b.w.tx, kind, b.w.orgId, { cycleId }))
    existing.set(keyOf(record), record);
  const ids = new Map<string, string>();
  for (const d of desired) {
    const current = existing.get(d.key);
    if (current) {
      existing.delete(d.key);
      await b.update(kind, current.id, { expectedVersion: current.version, data: d.data(current.id) });
      ids.set(d.key, current.id);
    } else {
      const id = newId(prefix);
      await b.create(kind, { id, cycleId, subjectId: d.subjectId, data: d.data(id) });
      ids.set(d.key, id);
    }
  }
  for (const stale of existing.values()) await b.remove(kind, stale.id, stale.version);
  return ids;
}

/** The pool and budget this apply used, as stored on each of its results. */
export function appliedBudget(computation: ResultsComputation): AppliedBudget {
  const { bonus, merit } = computation;
  return {
    bonus:
      bonus === null
        ? null
        : {
            mode: bonus.mode,
            poolCents: bonus.poolCents,
            allocatedCents: bonus.allocatedCents,
            unallocatedCents: bonus.unallocatedCents,
            scale: bonus.scale,
          },
    merit: {
      budgetCents: merit.budgetCents,
      allocatedCents: merit.allocatedCents,
      unallocatedCents: merit.unallocatedCents,
      scale: merit.scale,
    },
  };
}

const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const itemKey = (personId: string, goalId: string) => `${personId}\u0000${goalId}`;

/** The lines as stored, with record ids in place of core's ids. */
export interface AppliedLine extends PersonResultLine {
  resultId: string;
}

/**
 * Stores one `results` record per rated person, their `improvement_plans` and `development_items`
 * (all with cycle_id = the cycle, subject_id = the person), replacing what an earlier apply stored; each
 * result keeps its score's explanation (`explain`) as it is at apply.
 * Writes go through the batch: the caller flushes the audit entries and feed events afterwards.
 */
export async function storeResults(
  b: Batch,
  cycleId: string,
  computation: ResultsComputation,
  appliedAt: string,
  appliedBy: string,
  explain: (personId: string) => PersonScoreBody | null,
): Promise<AppliedLine[]> {
  const lines = computation.people;
  const planIds = await sync(
    b,
    'improvement_plans',
    cycleId,
    PLAN_ID_PREFIX,
    lines.flatMap((l) => {
      const plan = l.improvementPlan;
      if (plan === null) return [];
      return [{ key: l.personId, subjectId: l.personId, data: (id: string) => ({ ...plan, id }) }];
    }),
    (r) => r.subjectId ?? str(r.data.personId),
  );
  const itemIds = await sync(
    b,
    'development_items',
    cycleId,
    DEVELOPMENT_ID_PREFIX,
    lines.flatMap((l) =>
      l.developmentItems.map((item) => ({
        key: itemKey(item.personId, item.goalId),
        subjectId: item.personId,
        data: (id: string) => ({ ...item, id }),
      })),
    ),
    (r) => itemKey(r.subjectId ?? str(r.data.personId), str(r.data.goalId)),
  );
  const planFor = (l: PersonResultLine): ImprovementPlan | null =>
    l.improvementPlan === null
      ? null
      : { ...l.improvementPlan, id: planIds.get(l.personId) ?? l.improvementPlan.id };
  const itemsFor = (l: PersonResultLine): DevelopmentItem[] =>
    l.developmentItems.map((i) => ({ ...i, id: itemIds.get(itemKey(i.personId, i.goalId)) ?? i.id }));
  const resultIds = await sync(
    b,
    'results',
    cycleId,
    RESULT_ID_PREFIX,
    lines.map((l) => ({
      key: l.personId,
      subjectId: l.personId,
      data: (id: string): JsonObject => {
        const result: PersonResult = {
          id,
          cycleId,
          personId: l.personId,
          score: l.score,
          rating: l.rating,
          bonus: l.bonus,
          merit: l.merit,
          promotion: l.promotion,
          improvementPlanId: planFor(l)?.id ?? null,
          targetReview: l.targetReview,
          developmentItemIds: itemsFor(l).map((i) => i.id),
          appliedAt,
          appliedBy,
          budget: appliedBudget(computation),
        };
        // The explanation of the applied score, as it is now: kept so that it never drifts from the number.
        const explanation = explain(l.personId);
        if (explanation !== null) result.explanation = explanation;
        return { ...result };
      },
    })),
    (r) => r.subjectId ?? str(r.data.personId),
  );
  return lines.map((l) => ({
    ...l,
    improvementPlan: planFor(l),
    developmentItems: itemsFor(l),
    resultId: resultIds.get(l.personId) ?? '',
  }));
}
