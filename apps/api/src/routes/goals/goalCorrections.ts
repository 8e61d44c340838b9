// Corrections of an agreed plan at the HTTP edge: core correctGoal's and addGoalCorrection's verdicts as a 422, the audit entries and the stored record.
import {
  addGoalCorrection,
  correctGoal,
  type Goal,
  type GoalCorrection,
  GoalCorrectionSchema,
  type Phase,
} from '@perfloop/core';
import type { CreateResourceInput, ResourceRecord } from '@perfloop/store';
import { UnprocessableEntity } from '../../errors.ts';
import { type ChangeOptions, newId } from '../../kit/index.ts';
import { nowIso } from '../loop/cycle.ts';

export const GOAL_CORRECTION_ID_PREFIX = 'gcr';

/**
 * The correction a goal change makes, null when it is none (see core `correctGoal`). Without a reason of the
 * justification minimum: 422 `correction_reason_required` with a per-field error on `correctionReason`.
 */
export function planCorrection(
  before: Goal,
  after: Goal,
  phase: Phase,
  reason: string | undefined,
  actor: string,
): GoalCorrection | null {
  const result = correctGoal(before, after, {
    id: newId(GOAL_CORRECTION_ID_PREFIX),
    phase,
    reason: reason ?? null,
    by: actor,
    at: nowIso(),
  });
  if (result.ok) return result.value;
  const e = result.error;
  const message =
    e.code === 'correction_reason_required' ? `${e.message} (POST /v1/target-adjustments)` : e.message;
  return failed(message, e.code, e.details);
}

/**
 * The correction adding a goal makes, null when it is none (see core `addGoalCorrection`: a person goal added after
 * `plan`). Without a reason of the justification minimum: 422 `correction_reason_required` on `correctionReason`.
 */
export function planAddition(
  goal: Goal,
  phase: Phase,
  reason: string | undefined,
  actor: string,
): GoalCorrection | null {
  const result = addGoalCorrection(goal, {
    id: newId(GOAL_CORRECTION_ID_PREFIX),
    phase,
    reason: reason ?? null,
    by: actor,
    at: nowIso(),
  });
  if (result.ok) return result.value;
  return failed(result.error.message, result.error.code, result.error.details);
}

function failed(message: string, code: string, details: Record<string, unknown> | undefined): never {
  throw new UnprocessableEntity(message, {
    code,
    errors: [{ path: 'correctionReason', message, code, location: 'body' }],
    ...(details ? { details } : {}),
  });
}

/**
 * The goal write's audit entry: `goal.corrected` with the correction's kind (`changed`, or `added` with the goal as
 * created), the fields, before and after values, reason and record id.
 */
export function correctionChange(correction: GoalCorrection, created?: Goal): ChangeOptions {
  return {
    action: 'goal.corrected',
    summary: {
      kind: correction.kind,
      ...(created ? { created } : {}),
      correctionId: correction.id,
      goalId: correction.goalId,
      subjectId: correction.subjectId,
      cycleId: correction.cycleId,
      phase: correction.phase,
      fields: correction.fields,
      before: correction.before,
      after: correction.after,
      reason: correction.reason,
    },
  };
}

/** The stored correction: indexed by cycle, owner (subject) and goal (parent), so a cycle's scores load them at once. */
export function correctionRecord(correction: GoalCorrection): CreateResourceInput {
  return {
    id: correction.id,
    cycleId: correction.cycleId,
    subjectId: correction.subjectId,
    parentId: correction.goalId,
    data: { ...correction },
  };
}

export function parseGoalCorrection(record: ResourceRecord): GoalCorrection {
  return GoalCorrectionSchema.parse(record.data);
}
