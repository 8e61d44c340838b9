// Corrections to an agreed plan: which goal fields a score is computed from, and the reason a change to them after `plan` must carry.
import { z } from 'zod';
import { charCount, IdSchema, IsoDateTimeSchema } from './common.ts';
import { type Phase, PhaseSchema } from './cycle.ts';
import { CurveSchema, type Goal } from './goals.ts';
import { MIN_JUSTIFICATION_CHARS, TEXT_LIMITS } from './limits.ts';
import { type DomainError, err, ok, type Result } from './result.ts';

/**
 * The goal fields core scoring computes a person's result from (besides the actual, which is measured, not
 * planned): the plan weight, the kind, a KPI's direction, baseline, threshold, target, stretch and curve, and the
 * status as far as it says whether the goal counts at all. A status change counts only into or out of `cancelled`
 * (a cancelled goal drops out of the score: `isCancellation`); draft, active and done are progress, free to change
 * in `coach`. The title, description, unit, due date, alignment and a competency's expectations change nothing in
 * the arithmetic.
 */
export const SCORING_FIELDS = [
  'weight',
  'kind',
  'direction',
  'baseline',
  'threshold',
  'target',
  'stretch',
  'curve',
  'status',
] as const;
export const ScoringFieldSchema = z.enum(SCORING_FIELDS);
export type ScoringField = z.infer<typeof ScoringFieldSchema>;

/** The longest correction reason (as for target adjustments). */
export const MAX_CORRECTION_REASON_CHARS = TEXT_LIMITS.reason;

/** A scoring field's value: a number, a direction or kind, null (no threshold / stretch) or a curve. */
export const ScoringValueSchema = z.union([z.number(), z.string(), z.null(), CurveSchema]);
export type ScoringValue = z.infer<typeof ScoringValueSchema>;

const ScoringValues = z.partialRecord(ScoringFieldSchema, ScoringValueSchema);

/**
 * What a correction did: `changed` a goal of the agreed plan (its scoring fields, a cancellation or a restoring)
 * or `added` a goal to it (its scoring fields from null; `addGoalCorrection`). Records kept before additions were
 * corrections carry no kind: they are changes.
 */
export const GoalCorrectionKindSchema = z.enum(['changed', 'added']);
export type GoalCorrectionKind = z.infer<typeof GoalCorrectionKindSchema>;

/** A change to what a person goal is scored from, made after the plan was agreed, and why. */
export const GoalCorrectionSchema = z.strictObject({
  id: IdSchema,
  kind: GoalCorrectionKindSchema.default('changed'),
  cycleId: IdSchema,
  goalId: IdSchema,
  /** The goal's owner: whose result the correction changes. */
  subjectId: IdSchema,
  /** The cycle's phase when the correction was made (never `plan`). */
  phase: PhaseSchema,
  /** The scoring fields changed (an added goal's: those it has, `before` null), in `SCORING_FIELDS` order. */
  fields: z.array(ScoringFieldSchema).min(1),
  before: ScoringValues,
  after: ScoringValues,
  /** An added goal's title as it was added (the explanation names it); absent on changes. */
  title: z.string().optional(),
  reason: z.string().trim().min(MIN_JUSTIFICATION_CHARS).max(MAX_CORRECTION_REASON_CHARS),
  correctedBy: IdSchema,
  correctedAt: IsoDateTimeSchema,
});
export type GoalCorrection = z.infer<typeof GoalCorrectionSchema>;

/** The scoring fields whose value differs between two versions of a goal, with both values. */
export interface ScoringChange {
  fields: ScoringField[];
  before: Partial<Record<ScoringField, ScoringValue>>;
  after: Partial<Record<ScoringField, ScoringValue>>;
}

function fieldValue(goal: Goal, field: ScoringField): ScoringValue | undefined {
  return (goal as Record<string, unknown>)[field] as ScoringValue | undefined;
}

/**
 * Whether a status change takes a goal out of the score or puts it back: into or out of `cancelled` (draft,
 * active and done among themselves are not).
 */
export function isCancellation(before: Pick<Goal, 'status'>, after: Pick<Goal, 'status'>): boolean {
  return (before.status === 'cancelled') !== (after.status === 'cancelled');
}

/**
 * The scoring fields changed from `before` to `after` (a field one kind lacks counts as null; the status only
 * into or out of `cancelled`).
 */
export function scoringChange(before: Goal, after: Goal): ScoringChange {
  const change: ScoringChange = { fields: [], before: {}, after: {} };
  for (const field of SCORING_FIELDS) {
    if (field === 'status' && !isCancellation(before, after)) continue;
    const a = fieldValue(before, field) ?? null;
    const b = fieldValue(after, field) ?? null;
    if (JSON.stringify(a) === JSON.stringify(b)) continue;
    change.fields.push(field);
    change.before[field] = a;
    change.after[field] = b;
  }
  return change;
}

/**
 * Whether a change is a correction of an agreed plan: a person goal (the only kind a result is scored from),
 * a cycle past `plan` (the plan was agreed there, or the cycle left it without one) and at least one scoring field.
 */
export function isPlanCorrection(
  goal: Pick<Goal, 'level' | 'ownerId'>,
  phase: Phase,
  change: Pick<ScoringChange, 'fields'>,
): boolean {
  return goal.level === 'person' && goal.ownerId !== null && phase !== 'plan' && change.fields.length > 0;
}

export type GoalCorrectionCode = 'correction_reason_required' | 'correction_reason_too_long';

export interface GoalCorrectionInput {
  /** The correction's id (kept whether or not one is needed; unused when none is). */
  id: string;
  phase: Phase;
  /** Why (trimmed; at least `MIN_JUSTIFICATION_CHARS`); absent or blank when the caller gave none. */
  reason?: string | null;
  by: string;
  at: string;
}

/**
 * The correction recorded for changing `before` into `after`, null when the change is none (a goal that is not a
 * person's, the cycle still in `plan`, or no scoring field changed: a reason given then is not needed). A
 * correction needs a reason of `MIN_JUSTIFICATION_CHARS`: `correction_reason_required` (path `correctionReason`,
 * details `fields` and `min`) otherwise; relief for the external environment has its own flow (a target adjustment).
 */
export function correctGoal(
  before: Goal,
  after: Goal,
  input: GoalCorrectionInput,
): Result<GoalCorrection | null, DomainError<GoalCorrectionCode>> {
  const change = scoringChange(before, after);
  if (!isPlanCorrection(after, input.phase, change) || after.ownerId === null) return ok(null);
  const cancelled = after.status === 'cancelled';
  const what = change.fields.includes('status')
    ? `${cancelled ? 'Cancelling' : 'Restoring the cancelled goal'} "${after.title}"` +
      (change.fields.length > 1
        ? ` and changing ${change.fields.filter((f) => f !== 'status').join(', ')}`
        : '')
    : `Changing ${change.fields.join(', ')} of "${after.title}"`;
  const effect = change.fields.includes('status')
    ? `${cancelled ? 'takes it out of' : 'puts it back into'} the result`
    : 'changes what the result is scored from';
  const reason = correctionReason(
    input,
    change.fields,
    `${what} after the plan was agreed (the cycle is in ${input.phase}) ${effect}`,
    true,
  );
  if (!reason.ok) return reason;
  return ok({
    id: input.id,
    kind: 'changed',
    cycleId: after.cycleId,
    goalId: after.id,
    subjectId: after.ownerId,
    phase: input.phase,
    fields: change.fields,
    before: change.before,
    after: change.after,
    reason: reason.value,
    correctedBy: input.by,
    correctedAt: input.at,
  });
}

/**
 * The trimmed reason a correction of `fields` carries: `correction_reason_required` (path `correctionReason`, details
 * `fields`, `min`, `length`, `phase`) when shorter than `MIN_JUSTIFICATION_CHARS`, its message `what` plus what to do
 * (and, with `relief`, where relief for the external environment goes instead); `correction_reason_too_long` over
 * `MAX_CORRECTION_REASON_CHARS`.
 */
function correctionReason(
  input: GoalCorrectionInput,
  fields: readonly ScoringField[],
  what: string,
  relief: boolean,
): Result<string, DomainError<GoalCorrectionCode>> {
  const reason = (input.reason ?? '').trim();
  if (charCount(reason) < MIN_JUSTIFICATION_CHARS) {
    return err({
      code: 'correction_reason_required',
      message:
        `${what}: say why in at least ${MIN_JUSTIFICATION_CHARS} characters.` +
        (relief ? ' Relief for the external environment is requested as a target adjustment instead.' : ''),
      path: ['correctionReason'],
      details: {
        fields: [...fields],
        min: MIN_JUSTIFICATION_CHARS,
        length: reason.length,
        phase: input.phase,
      },
    });
  }
  if (reason.length > MAX_CORRECTION_REASON_CHARS) {
    return err({
      code: 'correction_reason_too_long',
      message: `A correction's reason has at most ${MAX_CORRECTION_REASON_CHARS} characters.`,
      path: ['correctionReason'],
      details: { max: MAX_CORRECTION_REASON_CHARS, length: reason.length },
    });
  }
  return ok(reason);
}

/**
 * The scoring fields a goal has a value for (a KPI's missing threshold or stretch and a competency goal's anchors
 * are none), as an addition changes them: each from null. The status is left out: a goal added live counts, and one
 * added cancelled is no correction (`addGoalCorrection`).
 */
export function addedScoringFields(goal: Goal): ScoringChange {
  const change: ScoringChange = { fields: [], before: {}, after: {} };
  for (const field of SCORING_FIELDS) {
    if (field === 'status') continue;
    const value = fieldValue(goal, field) ?? null;
    if (value === null) continue;
    change.fields.push(field);
    change.before[field] = null;
    change.after[field] = value;
  }
  return change;
}

/**
 * The correction recorded for adding `goal` to its owner's plan, null when it is none: a goal that is not a
 * person's, the cycle still in `plan` (adding there is drafting the plan), or a goal added cancelled (it is not
 * scored; restoring it later is a correction of its own). An addition after `plan` changes what the owner's result
 * is scored from, so it needs a reason as any correction (`correction_reason_required`, details `fields`, `min`);
 * the record is of kind `added`, with the goal's scoring fields from null and its title.
 */
export function addGoalCorrection(
  goal: Goal,
  input: GoalCorrectionInput,
): Result<GoalCorrection | null, DomainError<GoalCorrectionCode>> {
  if (goal.level !== 'person' || goal.ownerId === null || input.phase === 'plan') return ok(null);
  if (goal.status === 'cancelled') return ok(null);
  const change = addedScoringFields(goal);
  const reason = correctionReason(
    input,
    change.fields,
    `Adding "${goal.title}" to ${goal.ownerId}'s plan after it was agreed (the cycle is in ${input.phase}) ` +
      'changes what the result is scored from',
    false,
  );
  if (!reason.ok) return reason;
  return ok({
    id: input.id,
    kind: 'added',
    cycleId: goal.cycleId,
    goalId: goal.id,
    subjectId: goal.ownerId,
    phase: input.phase,
    fields: change.fields,
    before: change.before,
    after: change.after,
    title: goal.title,
    reason: reason.value,
    correctedBy: input.by,
    correctedAt: input.at,
  });
}
