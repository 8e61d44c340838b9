// Plan formulation: the manager–employee agreement on a weighted plan, and goal templates for bulk plans.
import { z } from 'zod';
import { compareIds, IdSchema, IsoDateTimeSchema } from './common.ts';
import {
  CompetencyGoalSchema,
  type Goal,
  goalMixWarning,
  KpiGoalSchema,
  kpiAnchorIssues,
  validatePlanWeights,
} from './goals.ts';
import { TEXT_LIMITS } from './limits.ts';
import type { Policy } from './policy.ts';
import { type DomainError, err, fail, ok, type Result } from './result.ts';
import { addRuleIssue } from './ruleIssue.ts';

export const PlanStatusSchema = z.enum(['draft', 'proposed', 'agreed']);
export type PlanStatus = z.infer<typeof PlanStatusSchema>;

/**
 * One person's plan for one cycle. `goalsHash` is the fingerprint of the goals the recorded
 * agreements were given on ('' while nobody has agreed); an agreement only counts for that fingerprint.
 */
export const PlanSchema = z.strictObject({
  personId: IdSchema,
  cycleId: IdSchema,
  status: PlanStatusSchema,
  employeeAgreedAt: IsoDateTimeSchema.nullable(),
  managerAgreedAt: IsoDateTimeSchema.nullable(),
  goalsHash: z.string().max(1_000_000),
});
export type Plan = z.infer<typeof PlanSchema>;

export const PlanSideSchema = z.enum(['employee', 'manager']);
export type PlanSide = z.infer<typeof PlanSideSchema>;

/** Input to `agreePlan`: which side agrees, and when (the caller supplies the clock). */
export const PlanAgreementSchema = z.strictObject({ by: PlanSideSchema, at: IsoDateTimeSchema });
export type PlanAgreement = z.infer<typeof PlanAgreementSchema>;

/** A fresh plan: nobody has agreed yet. */
export function draftPlan(personId: string, cycleId: string): Plan {
  return { personId, cycleId, status: 'draft', employeeAgreedAt: null, managerAgreedAt: null, goalsHash: '' };
}

/** The fields of a goal that an agreement covers (what is to be achieved, how much it counts, by when). */
function agreedFields(g: Goal): unknown[] {
  const common = [g.id, g.kind, g.level, g.weight, g.title, g.alignedTo, g.dueDate];
  if (g.kind === 'competency') return [...common, g.expectations];
  const curve = g.curve.type === 'capped' ? `capped:${g.curve.cap}` : g.curve.type;
  return [...common, g.unit, g.direction, g.baseline, g.threshold, g.target, g.stretch, curve];
}

/**
 * Deterministic fingerprint of a plan's goals: canonical JSON of each live goal's agreed fields
 * (id, kind, level, weight, title, alignment, due date, and the KPI anchors/curve or competency
 * expectations), sorted by id. Status, description and actuals are not part of it, so recording
 * progress or activating goals never voids an agreement; cancelling a goal does.
 */
export function planFingerprint(goals: readonly Goal[]): string {
  const live = goals.filter((g) => g.status !== 'cancelled').sort((a, b) => compareIds(a.id, b.id));
  return `v1:${JSON.stringify(live.map(agreedFields))}`;
}

export type AgreePlanErrorCode =
  | 'no_goals'
  | 'weights_not_100'
  | 'kpi_anchors_invalid'
  | 'goal_not_in_plan'
  | 'duplicate_goal_id';

export type AgreePlanWarningCode = 'goal_mix_off_guideline' | 'agreement_reset';

export interface AgreePlanOutcome {
  plan: Plan;
  /** Advice that never blocks agreement (goal mix off guideline, the other side must agree again). */
  warnings: DomainError<AgreePlanWarningCode>[];
}

/** Checks that make a set of goals agreeable as this person's plan. */
function checkPlanGoals(plan: Plan, goals: readonly Goal[]): DomainError<AgreePlanErrorCode> | null {
  const seen = new Set<string>();
  for (let i = 0; i < goals.length; i++) {
    const g = goals[i] as Goal;
    if (g.level !== 'person' || g.ownerId !== plan.personId || g.cycleId !== plan.cycleId) {
      return {
        code: 'goal_not_in_plan',
        message: `Goal ${g.id} is not a person goal of ${plan.personId} in cycle ${plan.cycleId}.`,
        path: [i],
        details: { goalId: g.id },
      };
    }
    if (seen.has(g.id)) {
      return {
        code: 'duplicate_goal_id',
        message: `Goal ${g.id} appears twice.`,
        path: [i],
        details: { goalId: g.id },
      };
    }
    seen.add(g.id);
  }
  const weights = validatePlanWeights(goals);
  if (!weights.ok) {
    const code = weights.error.code === 'no_goals' ? 'no_goals' : 'weights_not_100';
    return { ...weights.error, code };
  }
  for (let i = 0; i < goals.length; i++) {
    const g = goals[i] as Goal;
    if (g.kind !== 'kpi' || g.status === 'cancelled') continue;
    const issues = kpiAnchorIssues(g);
    if (issues.length > 0) {
      return {
        code: 'kpi_anchors_invalid',
        message: `Goal ${g.id} has invalid targets: ${issues.map((x) => x.message).join('; ')}.`,
        path: [i, ...(issues[0]?.path ?? [])],
        details: { goalId: g.id, issues },
      };
    }
  }
  return null;
}

/**
 * Record one side's agreement to the plan as it stands. Refuses a plan whose live weights do not
 * total 100 (the error names the actual sum) or whose KPI anchors are out of order. Agreements given
 * on a different fingerprint are stale and are cleared (with an `agreement_reset` warning). When both
 * sides have agreed on the same fingerprint the plan is `agreed`; otherwise it is `proposed`.
 * Agreeing again on the same goals keeps the first timestamp.
 */
export function agreePlan(
  plan: Plan,
  goals: readonly Goal[],
  agreement: PlanAgreement,
  policy: Policy,
): Result<AgreePlanOutcome, DomainError<AgreePlanErrorCode>> {
  const problem = checkPlanGoals(plan, goals);
  if (problem) return err(problem);

  const warnings: DomainError<AgreePlanWarningCode>[] = [];
  const mix = goalMixWarning(goals, policy);
  if (mix) warnings.push(mix);

  const fingerprint = planFingerprint(goals);
  const stale = plan.goalsHash !== fingerprint;
  let employeeAgreedAt = stale ? null : plan.employeeAgreedAt;
  let managerAgreedAt = stale ? null : plan.managerAgreedAt;
  const other = agreement.by === 'employee' ? plan.managerAgreedAt : plan.employeeAgreedAt;
  if (stale && other !== null) {
    warnings.push({
      code: 'agreement_reset',
      message: `The goals changed since the ${agreement.by === 'employee' ? 'manager' : 'employee'} agreed; they must agree again.`,
    });
  }
  if (agreement.by === 'employee') employeeAgreedAt ??= agreement.at;
  else managerAgreedAt ??= agreement.at;

  const status: PlanStatus = employeeAgreedAt !== null && managerAgreedAt !== null ? 'agreed' : 'proposed';
  return ok({
    plan: { ...plan, status, employeeAgreedAt, managerAgreedAt, goalsHash: fingerprint },
    warnings,
  });
}

/**
 * Call after every goal edit: when the goals no longer match the fingerprint that was agreed, the
 * plan goes back to `proposed` with both agreements cleared. Otherwise the plan is returned as is.
 */
export function planChanged(plan: Plan, goals: readonly Goal[]): { plan: Plan; reset: boolean } {
  if (plan.goalsHash === '' || plan.goalsHash === planFingerprint(goals)) return { plan, reset: false };
  return {
    plan: { ...plan, status: 'proposed', employeeAgreedAt: null, managerAgreedAt: null, goalsHash: '' },
    reset: true,
  };
}

// ---------------------------------------------------------------------------------------------
// Goal templates

const {
  id: _kId,
  ownerId: _kOwner,
  cycleId: _kCycle,
  departmentId: _kDept,
  level: _kLevel,
  ...kpiTemplateShape
} = KpiGoalSchema.shape;
const {
  id: _cId,
  ownerId: _cOwner,
  cycleId: _cCycle,
  departmentId: _cDept,
  level: _cLevel,
  ...competencyTemplateShape
} = CompetencyGoalSchema.shape;

/** Template goals are always person goals, so `level` can only be 'person'. */
const personLevel = z.literal('person').default('person');

export const KpiTemplateGoalSchema = z
  .strictObject({ ...kpiTemplateShape, level: personLevel })
  .superRefine((g, ctx) => {
    for (const issue of kpiAnchorIssues(g)) addRuleIssue(ctx, issue);
  });
export const CompetencyTemplateGoalSchema = z.strictObject({
  ...competencyTemplateShape,
  level: personLevel,
});

/** A goal in a template: goal fields minus id, owner, cycle and department (filled in on assignment). */
export const TemplateGoalSchema = z.discriminatedUnion('kind', [
  KpiTemplateGoalSchema,
  CompetencyTemplateGoalSchema,
]);
export type TemplateGoal = z.infer<typeof TemplateGoalSchema>;

/** A reusable plan (e.g. "Account executive H1"): its live goal weights total 100. */
export const GoalTemplateSchema = z
  .strictObject({
    id: IdSchema,
    name: z.string().trim().min(1).max(TEXT_LIMITS.name),
    goals: z.array(TemplateGoalSchema).min(1).max(100),
  })
  .superRefine((t, ctx) => {
    let hundredths = 0;
    for (const g of t.goals) if (g.status !== 'cancelled') hundredths += Math.round(g.weight * 100);
    if (hundredths !== 10_000) {
      addRuleIssue(ctx, {
        path: ['goals'],
        message: `Template goal weights total ${hundredths / 100}, not 100.`,
        rule: 'weights_not_100',
        facts: { total: hundredths / 100 },
      });
    }
  });
export type GoalTemplate = z.infer<typeof GoalTemplateSchema>;

export const AssignTemplateInputSchema = z.strictObject({
  cycleId: IdSchema,
  people: z.array(z.strictObject({ id: IdSchema, departmentId: IdSchema.nullable() })),
  existingGoals: z.array(z.looseObject({ id: IdSchema, ownerId: IdSchema.nullable() })),
});
export type AssignTemplateInput = z.infer<typeof AssignTemplateInputSchema>;

export interface AssignTemplateOptions {
  /** Id of the goal made from template goal `index` (0-based) for `personId`. */
  idFor?: (personId: string, index: number) => string;
}

/**
 * Why a person got no goals: the template's goal ids already exist for them (`already_assigned`),
 * belong to someone else (`id_conflict`), are not valid ids (`invalid_id`), or the person is listed twice.
 */
export type AssignSkipReason = 'already_assigned' | 'id_conflict' | 'invalid_id' | 'duplicate_person';

export interface AssignReport {
  personId: string;
  created: number;
  skipped: AssignSkipReason | null;
}

/**
 * One goal from a template goal. Every field is written out (no `{ ...spread, extra }`): on Node 20
 * a spread followed by more properties takes a slow runtime path (~1 µs per object), which dominates
 * bulk assignment.
 */
function goalFromTemplate(
  tg: TemplateGoal,
  id: string,
  cycleId: string,
  ownerId: string,
  departmentId: string | null,
): Goal {
  if (tg.kind === 'competency') {
    return {
      id,
      cycleId,
      title: tg.title,
      description: tg.description,
      level: 'person',
      ownerId,
      departmentId,
      weight: tg.weight,
      alignedTo: tg.alignedTo,
      status: tg.status,
      dueDate: tg.dueDate,
      kind: 'competency',
      expectations: tg.expectations,
    };
  }
  return {
    id,
    cycleId,
    title: tg.title,
    description: tg.description,
    level: 'person',
    ownerId,
    departmentId,
    weight: tg.weight,
    alignedTo: tg.alignedTo,
    status: tg.status,
    dueDate: tg.dueDate,
    kind: 'kpi',
    unit: tg.unit,
    direction: tg.direction,
    baseline: tg.baseline,
    threshold: tg.threshold,
    target: tg.target,
    stretch: tg.stretch,
    curve: tg.curve.type === 'capped' ? { type: 'capped', cap: tg.curve.cap } : { type: tg.curve.type },
    actual: tg.actual,
  };
}

const ID_PATTERN = /^[\w.:@-]{1,128}$/;

/**
 * Create each person's goals from a template (one goal per template goal, in cycle `cycleId`, with the
 * person's department). Default ids are `${template.id}.${personId}.${index}`. People who already
 * hold any of those ids are skipped, never duplicated. Output is ordered by person id, then template
 * order. O(people × template goals) with one Map lookup per goal.
 */
export function assignTemplate(
  template: GoalTemplate,
  input: AssignTemplateInput,
  options: AssignTemplateOptions = {},
): { goals: Goal[]; report: AssignReport[] } {
  const idFor = options.idFor ?? ((personId: string, index: number) => `${template.id}.${personId}.${index}`);
  const ownerOf = new Map<string, string | null>();
  for (const g of input.existingGoals) ownerOf.set(g.id, g.ownerId);

  const people = [...input.people].sort((a, b) => compareIds(a.id, b.id));
  const goals: Goal[] = [];
  const report: AssignReport[] = [];
  const n = template.goals.length;
  let previous: string | null = null;
  for (const person of people) {
    if (person.id === previous) {
      report.push({ personId: person.id, created: 0, skipped: 'duplicate_person' });
      continue;
    }
    previous = person.id;
    const ids = new Array<string>(n);
    let skipped: AssignSkipReason | null = null;
    for (let i = 0; i < n && skipped === null; i++) {
      const id = idFor(person.id, i);
      ids[i] = id;
      if (!ID_PATTERN.test(id)) skipped = 'invalid_id';
      else if (ownerOf.has(id)) skipped = ownerOf.get(id) === person.id ? 'already_assigned' : 'id_conflict';
    }
    if (skipped === null && new Set(ids).size !== n) skipped = 'invalid_id';
    if (skipped !== null) {
      report.push({ personId: person.id, created: 0, skipped });
      continue;
    }
    for (let i = 0; i < n; i++) {
      const tg = template.goals[i] as TemplateGoal;
      const id = ids[i] as string;
      ownerOf.set(id, person.id);
      goals.push(goalFromTemplate(tg, id, input.cycleId, person.id, person.departmentId));
    }
    report.push({ personId: person.id, created: n, skipped: null });
  }
  return { goals, report };
}

/** Convenience for callers holding an unknown template payload: validate, or a typed error. */
export function parseGoalTemplate(input: unknown): Result<GoalTemplate, DomainError<'invalid_template'>> {
  const parsed = GoalTemplateSchema.safeParse(input);
  if (parsed.success) return ok(parsed.data);
  const first = parsed.error.issues[0];
  return fail('invalid_template', first ? first.message : 'Invalid goal template.', {
    path: first ? first.path.filter((p): p is string | number => typeof p !== 'symbol') : [],
    details: { issues: parsed.error.issues.length },
  });
}
