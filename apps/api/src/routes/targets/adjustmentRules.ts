// Who may request and decide target adjustments, and the approval's writes: the adjustment, the goal and the plan in one batch.
import {
  carryPlanAgreement,
  type Goal,
  GoalSchema,
  type KpiGoal,
  type Phase,
  RECUSAL_CODES,
  type TargetAdjustment,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type Access, recuse } from '../../authz/index.ts';
import { Forbidden, UnprocessableEntity } from '../../errors.ts';
import type { Batch } from '../cycles/batch.ts';
import { inManagerChain } from '../gap-attributions.ts';
import { goalColumns } from '../goals/goalSchemas.ts';
import { loadPlan, lockPlan, planGoals } from '../plans/planRecord.ts';
import { ADJUSTMENT_KIND, targetAdjustmentData } from './adjustmentRecord.ts';

/** Relief is requested and decided while the period runs and is appraised: settled before calibration compares scores. */
export const ADJUSTMENT_PHASES: readonly Phase[] = ['coach', 'appraise'];

/** The goal's owner or their manager chain (direct and indirect managers, heads of their department) may ask. */
export function assertMayRequest(access: Access, ownerId: string): void {
  if (access.isSelf(ownerId) || inManagerChain(access, ownerId)) return;
  throw new Forbidden('Only the goal’s owner or their manager chain may ask for its target to be adjusted.');
}

/**
 * HR or the head of the owner's department (or of a parent department) decides; never the owner
 * (`own_target`) nor the requester (`own_target_request`), HR and heads included.
 */
export function assertMayDecide(access: Access, adjustment: TargetAdjustment): void {
  recuse(access, 'decide_target_adjustment', adjustment.subjectId);
  recuse(access, 'decide_own_target_request', adjustment.requestedBy);
  const owner = access.org.person(adjustment.subjectId);
  if (access.isHr || (owner !== undefined && access.headedDepartments().has(owner.departmentId))) return;
  throw new Forbidden('Target adjustments are decided by HR or the head of the goal owner’s department.');
}

/** Codes of core's decision refusals that are 403s (the rest are 409 or 422). */
export const DECISION_FORBIDDEN: ReadonlySet<string> = new Set([
  RECUSAL_CODES.decide_target_adjustment,
  RECUSAL_CODES.decide_own_target_request,
]);

export function unknownGoal(goalId: string): UnprocessableEntity {
  const message = `Goal ${goalId} does not exist or is not one you may see.`;
  return new UnprocessableEntity(message, {
    code: 'unknown_goal',
    errors: [{ path: 'goalId', message, code: 'unknown_goal', location: 'body' }],
  });
}

/**
 * The approval's writes, inside the transaction: the adjustment (approved), the goal's anchors (its
 * audit entry and feed event carry the new target to the Notion worker and the Sheets refresh) and, when
 * the owner's plan was agreed on the goals before, its agreement carried onto the adjusted goals.
 */
export async function writeApproval(
  b: Batch,
  adjustment: { next: TargetAdjustment; expectedVersion: number },
  goal: { record: ResourceRecord; before: KpiGoal; after: KpiGoal },
): Promise<{ adjustment: ResourceRecord; goal: ResourceRecord }> {
  const { tx, orgId } = b.w;
  const next = adjustment.next;
  const adjusted = await b.update(
    ADJUSTMENT_KIND,
    next.id,
    { expectedVersion: adjustment.expectedVersion, data: targetAdjustmentData(next) },
    { action: 'target_adjustment.approve' },
  );
  const goalRecord = await b.updateRead(
    'goals',
    goal.record,
    { data: goal.after, ...goalColumns(goal.after) },
    {
      action: 'goal.target_adjusted',
      summary: {
        adjustmentId: next.id,
        factor: next.factor,
        reason: next.reason,
        from: next.current,
        to: next.proposed,
      },
    },
  );
  await lockPlan(tx, next.cycleId, next.subjectId, 'shared');
  const loaded = await loadPlan(tx, orgId, next.cycleId, next.subjectId);
  if (loaded) {
    const after: Goal[] = (await planGoals(tx, orgId, next.cycleId, next.subjectId)).map((g) => g.goal);
    const before = after.map((g) => (g.id === goal.before.id ? goal.before : g));
    const carried = carryPlanAgreement(loaded.plan, before, after);
    if (carried !== loaded.plan) {
      await b.updateRead(
        'plans',
        loaded.record,
        { data: carried },
        {
          action: 'plan.agreement_carried',
          summary: { personId: next.subjectId, cycleId: next.cycleId, adjustmentId: next.id },
        },
      );
    }
  }
  return { adjustment: adjusted, goal: goalRecord };
}

/** A goal record as core's goal (null when it is not one). */
export function goalOf(record: ResourceRecord | undefined): Goal | null {
  if (!record) return null;
  const parsed = GoalSchema.safeParse(record.data);
  return parsed.success ? parsed.data : null;
}
