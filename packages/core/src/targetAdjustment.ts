// Target adjustments: audited relief on a KPI goal's anchors for a shortfall the employee cannot control.
import { z } from 'zod';
import { charCount, IdSchema, IsoDateTimeSchema } from './common.ts';
import { type Factor, FactorSchema } from './diagnosis.ts';
import { type Goal, type KpiGoal, kpiAnchorIssues } from './goals.ts';
import { MIN_JUSTIFICATION_CHARS, TEXT_LIMITS } from './limits.ts';
import type { Plan } from './plan.ts';
import { planFingerprint } from './plan.ts';
import { RECUSAL_CODES, recusal } from './recusal.ts';
import { type DomainError, err, fail, ok, type Result } from './result.ts';

/**
 * The factors that justify relief on a target. Only the external environment (objective,
 * uncontrollable: the glossary's response is "adjust targets fairly; don't penalise").
 * Internal conditions are left out on purpose: their response is to fix resources and
 * constraints, and lowering the target instead would hide that fix from the gap diagnosis.
 * Skills and motivation are the employee's own and are never relief.
 */
export const RELIEF_FACTORS: readonly Factor[] = ['external_environment'];

/** The anchors a target adjustment may move (the baseline stays: it is where the period started). */
export const TargetAnchorsSchema = z.strictObject({
  threshold: z.number().finite().nullable(),
  target: z.number().finite(),
  stretch: z.number().finite().nullable(),
});
export type TargetAnchors = z.infer<typeof TargetAnchorsSchema>;

export const TargetAdjustmentStateSchema = z.enum(['requested', 'approved', 'rejected', 'withdrawn']);
export type TargetAdjustmentState = z.infer<typeof TargetAdjustmentStateSchema>;

/** A request to relieve one KPI goal's anchors, and its decision. */
export const TargetAdjustmentSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  goalId: IdSchema,
  /** The goal's owner: whose score the relief changes. */
  subjectId: IdSchema,
  factor: FactorSchema,
  /** The goal's anchors when the request was made (an approval needs them unchanged). */
  current: TargetAnchorsSchema,
  proposed: TargetAnchorsSchema,
  reason: z.string().trim().min(MIN_JUSTIFICATION_CHARS).max(TEXT_LIMITS.adjustmentReason),
  evidence: z.string().trim().max(TEXT_LIMITS.adjustmentEvidence).default(''),
  state: TargetAdjustmentStateSchema,
  requestedBy: IdSchema,
  requestedAt: IsoDateTimeSchema,
  decidedBy: IdSchema.nullable().default(null),
  decidedAt: IsoDateTimeSchema.nullable().default(null),
  decisionNote: z.string().trim().max(TEXT_LIMITS.adjustmentReason).default(''),
});
export type TargetAdjustment = z.infer<typeof TargetAdjustmentSchema>;

export type TargetAdjustmentIssueCode =
  | 'not_kpi_goal'
  | 'not_person_goal'
  | 'factor_not_eligible'
  | 'kpi_anchors_invalid'
  | 'anchor_presence_changed'
  | 'more_demanding'
  | 'anchors_unchanged';

const ANCHOR_KEYS = ['threshold', 'target', 'stretch'] as const;

/** A KPI goal's movable anchors. */
export function anchorsOf(goal: Pick<KpiGoal, 'threshold' | 'target' | 'stretch'>): TargetAnchors {
  return { threshold: goal.threshold, target: goal.target, stretch: goal.stretch };
}

/** Whether two sets of anchors are the same. */
export function sameAnchors(a: TargetAnchors, b: TargetAnchors): boolean {
  return ANCHOR_KEYS.every((k) => a[k] === b[k]);
}

/**
 * Every problem with relieving `goal` to `proposed` for `factor`: only KPI goals; only relief factors;
 * the proposed anchors in order against the baseline and direction (core `kpiAnchorIssues`); the same
 * anchors present (adding or dropping a threshold or stretch reshapes the curve, which is a plan
 * change, not relief); a person's goal; no anchor more demanding than now; at least one anchor changed. Empty = fine.
 */
export function targetAdjustmentIssues(
  goal: Goal,
  factor: Factor,
  proposed: TargetAnchors,
): DomainError<TargetAdjustmentIssueCode>[] {
  if (goal.kind !== 'kpi') {
    return [
      {
        code: 'not_kpi_goal',
        message: `"${goal.title}" is a competency goal: only KPI targets can be adjusted.`,
        path: ['goalId'],
        details: { goalId: goal.id, kind: goal.kind },
      },
    ];
  }
  const issues: DomainError<TargetAdjustmentIssueCode>[] = [];
  if (goal.level !== 'person' || goal.ownerId === null) {
    issues.push({
      code: 'not_person_goal',
      message: `"${goal.title}" is a ${goal.level} goal: only a person's own KPI targets are adjusted here.`,
      path: ['goalId'],
      details: { goalId: goal.id, level: goal.level },
    });
  }
  if (!RELIEF_FACTORS.includes(factor)) {
    issues.push({
      code: 'factor_not_eligible',
      message: `Targets are relieved only for ${RELIEF_FACTORS.join(', ')}; a shortfall from ${factor} calls for another response.`,
      path: ['factor'],
      details: { factor, eligible: [...RELIEF_FACTORS] },
    });
  }
  for (const issue of kpiAnchorIssues({ ...goal, ...proposed })) {
    issues.push({
      code: 'kpi_anchors_invalid',
      message: issue.message,
      path: ['proposed', ...issue.path],
    });
  }
  const better = goal.direction === 'higher_is_better' ? 1 : -1;
  for (const key of ANCHOR_KEYS) {
    const now = goal[key];
    const next = proposed[key];
    if ((now === null) !== (next === null)) {
      issues.push({
        code: 'anchor_presence_changed',
        message: `A target adjustment moves existing anchors; it cannot ${now === null ? 'add' : 'remove'} the ${key}.`,
        path: ['proposed', key],
        details: { anchor: key, current: now, proposed: next },
      });
    } else if (now !== null && next !== null && (next - now) * better > 0) {
      issues.push({
        code: 'more_demanding',
        message: `The proposed ${key} ${next} is harder to reach than the current ${now}: an adjustment only relieves a target, never raises it.`,
        path: ['proposed', key],
        details: { anchor: key, current: now, proposed: next, direction: goal.direction },
      });
    }
  }
  if (issues.length === 0 && sameAnchors(anchorsOf(goal), proposed)) {
    issues.push({
      code: 'anchors_unchanged',
      message: 'The proposed anchors are the current ones: change at least one.',
      path: ['proposed'],
    });
  }
  return issues;
}

export interface TargetAdjustmentRequest {
  id: string;
  factor: Factor;
  proposed: TargetAnchors;
  reason: string;
  evidence?: string;
  requestedBy: string;
  at: string;
}

/** A new request (state `requested`) for relief on `goal`, or every problem with it. */
export function requestTargetAdjustment(
  goal: Goal,
  request: TargetAdjustmentRequest,
): Result<TargetAdjustment, DomainError<TargetAdjustmentIssueCode | 'reason_too_short'>[]> {
  const issues: DomainError<TargetAdjustmentIssueCode | 'reason_too_short'>[] = targetAdjustmentIssues(
    goal,
    request.factor,
    request.proposed,
  );
  if (charCount(request.reason.trim()) < MIN_JUSTIFICATION_CHARS) {
    issues.push({
      code: 'reason_too_short',
      message: `Say why the target should change in at least ${MIN_JUSTIFICATION_CHARS} characters.`,
      path: ['reason'],
      details: { min: MIN_JUSTIFICATION_CHARS },
    });
  }
  // The issues cover a competency goal and a goal without an owner; the checks narrow the types.
  if (issues.length > 0 || goal.kind !== 'kpi' || goal.ownerId === null) return err(issues);
  return ok(
    TargetAdjustmentSchema.parse({
      id: request.id,
      cycleId: goal.cycleId,
      goalId: goal.id,
      subjectId: goal.ownerId,
      factor: request.factor,
      current: anchorsOf(goal),
      proposed: request.proposed,
      reason: request.reason,
      evidence: request.evidence ?? '',
      state: 'requested',
      requestedBy: request.requestedBy,
      requestedAt: request.at,
    }),
  );
}

export type TargetDecisionCode =
  | 'adjustment_not_open'
  | 'own_target'
  | 'own_target_request'
  | 'target_changed'
  | 'note_required';

export interface TargetDecision {
  approve: boolean;
  by: string;
  at: string;
  note?: string;
}

/**
 * Approves or rejects an open request. Nobody decides about their own target (`own_target`) or their
 * own request (`own_target_request`); a rejection says why (`note_required`, the justification minimum);
 * an approval needs the goal's anchors as they were when the request was made (`target_changed`: the
 * request is stale, ask again), and returns the goal with the proposed anchors.
 */
export function decideTargetAdjustment(
  adjustment: TargetAdjustment,
  goal: KpiGoal,
  decision: TargetDecision,
): Result<{ adjustment: TargetAdjustment; goal: KpiGoal }, DomainError<TargetDecisionCode>> {
  if (adjustment.state !== 'requested') {
    return fail('adjustment_not_open', `This target adjustment is already ${adjustment.state}.`, {
      details: { state: adjustment.state },
    });
  }
  for (const [act, subject] of [
    ['decide_target_adjustment', adjustment.subjectId],
    ['decide_own_target_request', adjustment.requestedBy],
  ] as const) {
    const refused = recusal(act, decision.by, subject);
    if (!refused.ok) return err({ ...refused.error, code: RECUSAL_CODES[act] });
  }
  const note = (decision.note ?? '').trim();
  if (!decision.approve && charCount(note) < MIN_JUSTIFICATION_CHARS) {
    return fail(
      'note_required',
      `Say why the request is rejected in at least ${MIN_JUSTIFICATION_CHARS} characters.`,
      { path: ['note'], details: { min: MIN_JUSTIFICATION_CHARS } },
    );
  }
  const decided: TargetAdjustment = {
    ...adjustment,
    state: decision.approve ? 'approved' : 'rejected',
    decidedBy: decision.by,
    decidedAt: decision.at,
    decisionNote: note,
  };
  if (!decision.approve) return ok({ adjustment: decided, goal });
  if (!sameAnchors(anchorsOf(goal), adjustment.current)) {
    return fail(
      'target_changed',
      "The goal's targets changed since this adjustment was requested; withdraw it and request again from the current targets.",
      { details: { requested: adjustment.current, now: anchorsOf(goal) } },
    );
  }
  return ok({ adjustment: decided, goal: { ...goal, ...adjustment.proposed } });
}

/** Withdraws an open request; only its requester may (`not_requester`), only while open (`not_open`). */
export function withdrawTargetAdjustment(
  adjustment: TargetAdjustment,
  by: string,
  at: string,
): Result<TargetAdjustment, DomainError<'adjustment_not_open' | 'not_requester'>> {
  if (adjustment.state !== 'requested') {
    return fail('adjustment_not_open', `This target adjustment is already ${adjustment.state}.`, {
      details: { state: adjustment.state },
    });
  }
  if (adjustment.requestedBy !== by) {
    return fail('not_requester', 'Only the person who requested a target adjustment may withdraw it.');
  }
  return ok({ ...adjustment, state: 'withdrawn', decidedBy: by, decidedAt: at });
}

/**
 * The plan after an approved adjustment changed `before` into `after`: an agreement given on the goals
 * before keeps standing on the adjusted ones (the relief is an approved, audited decision, and a plan can
 * only be agreed in `plan`). A plan whose agreement was already stale, or never given, is returned as is.
 */
export function carryPlanAgreement(plan: Plan, before: readonly Goal[], after: readonly Goal[]): Plan {
  if (plan.goalsHash === '' || plan.goalsHash !== planFingerprint(before)) return plan;
  return { ...plan, goalsHash: planFingerprint(after) };
}
