// Goal rules at the HTTP edge: who may write a goal, which fields each phase allows, validation and alignment.
import { ALLOWED_PARENT_LEVELS, type Goal, GoalSchema, isCancellation, type Phase } from '@perfloop/core';
import { type Access, type ResourceSource, recuse } from '../../authz/index.ts';
import { BadRequest, Forbidden, UnprocessableEntity } from '../../errors.ts';
import { fieldErrors } from '../../validation.ts';
import { wrongPhase } from '../cycles/cycleRecord.ts';

/** How the caller relates to a goal they may write. */
export type GoalWriter = 'hr' | 'owner' | 'manager' | 'head' | 'service';

/**
 * Who may write a goal (phase aside): HR any; person goals their owner and the owner's manager
 * chain or department heads; department goals the head of that department (or a parent one);
 * organisation goals only HR; services with a scope that writes goal fields. Null: nobody else.
 * One's own goals are written as their owner, HR included: HR's reach past `coach` (targets and
 * actuals until the cycle closes) never covers what their own result is scored from.
 */
export function goalWriter(
  access: Access,
  goal: Pick<Goal, 'level' | 'ownerId' | 'departmentId'>,
): GoalWriter | null {
  if (access.isService) return access.serviceWritableFields('goals').size > 0 ? 'service' : null;
  if (goal.level === 'person' && goal.ownerId !== null && access.isSelf(goal.ownerId)) return 'owner';
  if (access.isHr) return 'hr';
  if (goal.level === 'person' && goal.ownerId !== null) {
    if (access.canManage(goal.ownerId)) return 'manager';
  }
  if (goal.level === 'department' && goal.departmentId !== null) {
    if (access.headedDepartments().has(goal.departmentId)) return 'head';
  }
  return null;
}

/** Fields owners, managers and services may still change while the cycle is in `coach`. */
export const COACH_FIELDS: ReadonlySet<string> = new Set(['actual', 'status', 'description']);

/**
 * The phase rules of a goal change: HR may change any field in any phase but `closed`; others may
 * change everything in `plan`, only actual/status/description in `coach`, nothing later.
 * Services are limited to the fields their scope grants (403) in `plan` and `coach`.
 */
export function assertGoalChangeAllowed(
  access: Access,
  writer: GoalWriter,
  phase: Phase,
  fields: readonly string[],
): void {
  if (writer === 'service') {
    const granted = access.serviceWritableFields('goals');
    const denied = fields.filter((f) => !granted.has(f));
    if (denied.length > 0) {
      throw new Forbidden(`This API key may not change ${denied.join(', ')} of a goal.`, {
        details: { fields: denied, allowed: [...granted] },
      });
    }
  }
  if (phase === 'closed') throw wrongPhase(phase, [], 'goals can be changed');
  if (writer === 'hr' || phase === 'plan') return;
  if (phase === 'coach') {
    const locked = fields.filter((f) => !COACH_FIELDS.has(f));
    if (locked.length === 0) return;
    throw wrongPhase(
      phase,
      ['plan'],
      `${locked.join(', ')} of a goal can be changed (in coach only actual, status and description, or by HR)`,
    );
  }
  throw wrongPhase(
    phase,
    ['plan', 'coach'],
    'goals can be changed by their owner or manager (later only by HR)',
  );
}

/**
 * Cancelling a person goal after `plan`, or restoring a cancelled one, decides whether it counts in the owner's
 * result (core `isCancellation`): its owner may not (403 `own_goal_cancel`, recusal: HR on their own goals too), an
 * API key may not (403 `goal_cancel_by_person`: a correction names the person who made it and why, which a key
 * cannot); the owner's manager chain (in `coach`) and HR do it as a correction with its reason (`planCorrection`).
 * Other status changes (draft, active, done) stay free in `coach`, and in `plan` everything does.
 */
export function assertCancellationAllowed(
  access: Access,
  writer: GoalWriter,
  phase: Phase,
  before: Goal,
  next: Goal,
): void {
  if (phase === 'plan' || before.level !== 'person' || before.ownerId === null) return;
  if (!isCancellation(before, next)) return;
  if (writer === 'owner') {
    recuse(access, 'cancel_own_goal', before.ownerId, { path: 'status', location: 'body' });
  }
  if (writer === 'service') {
    const message =
      'An API key may not cancel a goal, or restore a cancelled one, after the plan was agreed: it changes what ' +
      "the owner's result counts, so the owner's manager or HR does it in Perfloop, with a reason.";
    throw new Forbidden(message, {
      code: 'goal_cancel_by_person',
      errors: [{ path: 'status', message, code: 'goal_cancel_by_person', location: 'body' }],
    });
  }
}

/**
 * Validates a goal with core's schema: structural problems → 400 `validation_failed`; KPI anchors
 * out of order (threshold / target / stretch against the direction) → 422 `kpi_anchors_invalid`.
 * Both with per-field errors.
 */
export function validateGoal(candidate: unknown): Goal {
  const parsed = GoalSchema.safeParse(candidate);
  if (parsed.success) return parsed.data;
  const errors = fieldErrors(parsed.error, 'body');
  if (parsed.error.issues.every((i) => i.code === 'custom')) {
    throw new UnprocessableEntity(
      `The goal's targets are out of order: ${errors.map((e) => e.message).join('; ')}.`,
      { code: 'kpi_anchors_invalid', errors: errors.map((e) => ({ ...e, code: 'kpi_anchors_invalid' })) },
    );
  }
  throw new BadRequest('The goal is invalid.', { code: 'validation_failed', errors });
}

function alignmentError(code: string, message: string): UnprocessableEntity {
  return new UnprocessableEntity(message, {
    code,
    errors: [{ path: 'alignedTo', message, code, location: 'body' }],
  });
}

/**
 * The goal a goal aligns to must be a live goal of the same cycle one level up the cascade
 * (organisation → department → person): 422 `parent_not_found` / `level_order` otherwise.
 */
export async function assertAlignment(source: ResourceSource, orgId: string, goal: Goal): Promise<void> {
  if (goal.alignedTo === null) return;
  const record = await source.resources('goals').get(orgId, goal.alignedTo);
  const parent = record ? GoalSchema.safeParse(record.data) : null;
  if (!parent?.success || parent.data.cycleId !== goal.cycleId) {
    throw alignmentError(
      'parent_not_found',
      `Goal ${goal.alignedTo} does not exist in this cycle, so nothing can align to it.`,
    );
  }
  if (!ALLOWED_PARENT_LEVELS[goal.level].includes(parent.data.level)) {
    throw alignmentError(
      'level_order',
      `A ${goal.level} goal cannot align to a ${parent.data.level} goal: alignment goes organisation → department → person.`,
    );
  }
}

/** The top-level fields whose value differs between two goals. */
export function changedFields(before: Goal, after: Goal): string[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  return [...new Set([...Object.keys(a), ...Object.keys(b)])].filter(
    (k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]),
  );
}
