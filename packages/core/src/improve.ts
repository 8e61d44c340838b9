// Improvement: turn this cycle's shortfalls into next cycle's draft goals, development items and manager actions.
import { z } from 'zod';
import { IdSchema, largestRemainder, round } from './common.ts';
import {
  type Attribution,
  AttributionSchema,
  dominantFactor,
  FACTORS,
  type Factor,
  type FactorSplit,
  splitOf,
} from './diagnosis.ts';
import { type CompetencyGoal, type Goal, GoalSchema } from './goals.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';

/** A goal of the cycle that ended, with its achievement (1 = target met; null = not measured). */
export const GoalOutcomeSchema = z.strictObject({
  goal: GoalSchema,
  achievement: z.number().finite().nullable(),
});
export type GoalOutcome = z.infer<typeof GoalOutcomeSchema>;

/**
 * A development item recommended when results were applied (compatible with the apply phase's
 * items: extra fields are allowed and ignored). Each is carried into the next cycle.
 */
export const PriorDevelopmentItemSchema = z.looseObject({
  id: IdSchema,
  personId: IdSchema,
  goalId: IdSchema,
  title: z.string().trim().min(1).max(200),
});
export type PriorDevelopmentItem = z.infer<typeof PriorDevelopmentItemSchema>;

export const DraftNextCycleInputSchema = z.strictObject({
  fromCycleId: IdSchema,
  toCycleId: IdSchema,
  goals: z.array(GoalOutcomeSchema),
  attributions: z.array(AttributionSchema),
  developmentItems: z.array(PriorDevelopmentItemSchema).optional(),
});
export type DraftNextCycleInput = z.infer<typeof DraftNextCycleInputSchema>;

/** What `draftNextCycle` reads (parsed `DraftNextCycleInput` fits; attribution notes are not needed). */
export interface DraftNextCycleArgs {
  fromCycleId: string;
  toCycleId: string;
  goals: readonly GoalOutcome[];
  attributions: readonly Pick<Attribution, 'goalId' | 'factors'>[];
  developmentItems?: readonly PriorDevelopmentItem[];
}

export const DraftOptionsSchema = z.strictObject({
  /** A factor carrying at least this share of a gap triggers its response (default 0.25). */
  minShare: z.number().gt(0).max(1).default(0.25),
  /**
   * Whole percentage points of each person's next plan reserved for their new development goals
   * (default 0: development goals start at weight 0 and are weighted when the plan is agreed).
   */
  developmentWeight: z.number().int().min(0).max(50).default(0),
});
export type DraftOptions = z.infer<typeof DraftOptionsSchema>;
export type DraftOptionsInput = z.input<typeof DraftOptionsSchema>;

export const DraftReasonCodeSchema = z.enum([
  'unfinished_goal',
  'skills_gap',
  'internal_conditions_gap',
  'motivation_gap',
  'development_item',
]);
export type DraftReasonCode = z.infer<typeof DraftReasonCodeSchema>;

/** Why a draft, development item or manager action exists. */
export interface DraftReason {
  code: DraftReasonCode;
  /** The goal of the cycle that ended that produced it. */
  sourceGoalId: string;
  /** The factor that produced it, with its share of the gap (null for a plain carry-forward). */
  factor: Factor | null;
  share: number | null;
  message: string;
}

export type DraftNoteCode =
  | 'adjust_target_fairly'
  | 'diagnose_gap'
  | 'realign'
  | 'set_weight'
  | 'team_skills';

export interface DraftNote {
  code: DraftNoteCode;
  message: string;
}

export interface DraftGoal {
  /** A valid goal of the next cycle, status 'draft'. */
  goal: Goal;
  /** The goal it continues (null for a new development goal). */
  carriedFrom: string | null;
  reason: DraftReason;
  notes: DraftNote[];
}

export interface NextCycleDevelopmentItem {
  id: string;
  personId: string;
  cycleId: string;
  title: string;
  sourceGoalId: string;
  /** The apply-phase item it continues, if any. */
  sourceItemId: string | null;
  /** The "Build skill" development goal it supports in the next cycle, if any. */
  developmentGoalId: string | null;
  reason: DraftReason;
}

export type ManagerActionKind = 'resource_fix' | 'incentive_review';

export interface ManagerAction {
  id: string;
  kind: ManagerActionKind;
  /** Whose goal it concerns: the owner of a person goal, else the goal's department (or null). */
  subjectId: string | null;
  departmentId: string | null;
  sourceGoalId: string;
  /** The carried-forward draft of the goal in the next cycle. */
  draftGoalId: string;
  title: string;
  reason: DraftReason;
}

export type CarrySkipReason = 'achieved' | 'cancelled' | 'not_measured' | 'other_cycle' | 'invalid_id';

export interface NextCycleDraft {
  drafts: DraftGoal[];
  developmentItems: NextCycleDevelopmentItem[];
  managerActions: ManagerAction[];
  /** Goals not carried forward, and why. */
  skipped: { goalId: string; reason: CarrySkipReason }[];
}

export type DraftErrorCode = 'same_cycle' | 'duplicate_goal_id' | 'invalid_options';

const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const ID_PATTERN = /^[\w.:@-]{1,128}$/;
const pct = (share: number) => `${round(share * 100, 1)}%`;
/** "30% of the gap on "Revenue" is attributed to employee skills: training and development." */
const attributedWords = (factor: Factor, share: number, title: string) =>
  `${pct(share)} of the gap on "${title}" is attributed to ${FACTORS[factor].label.toLowerCase()}: ${FACTORS[factor].response}.`;
const title200 = (text: string) => (text.length > 200 ? `${text.slice(0, 199)}…` : text);

/** The next-cycle copy of a goal: same targets (never raised), no actual yet, status 'draft'. */
function carriedGoal(g: Goal, id: string, cycleId: string, alignedTo: string | null): Goal {
  if (g.kind === 'competency') {
    return {
      id,
      cycleId,
      title: g.title,
      description: g.description,
      level: g.level,
      ownerId: g.ownerId,
      departmentId: g.departmentId,
      weight: g.weight,
      alignedTo,
      status: 'draft',
      dueDate: null,
      kind: 'competency',
      expectations: g.expectations,
    };
  }
  return {
    id,
    cycleId,
    title: g.title,
    description: g.description,
    level: g.level,
    ownerId: g.ownerId,
    departmentId: g.departmentId,
    weight: g.weight,
    alignedTo,
    status: 'draft',
    dueDate: null,
    kind: 'kpi',
    unit: g.unit,
    direction: g.direction,
    baseline: g.baseline,
    threshold: g.threshold,
    target: g.target,
    stretch: g.stretch,
    curve: g.curve.type === 'capped' ? { type: 'capped', cap: g.curve.cap } : { type: g.curve.type },
    actual: null,
  };
}

/** A "Build skill" competency goal for the skill behind a shortfall. */
function developmentGoal(g: Goal, id: string, cycleId: string, achievement: number): CompetencyGoal {
  return {
    id,
    cycleId,
    title: title200(`Build skill: ${g.title}`),
    description: '',
    level: 'person',
    ownerId: g.ownerId,
    departmentId: g.departmentId,
    weight: 0,
    alignedTo: null,
    status: 'draft',
    dueDate: null,
    kind: 'competency',
    expectations: `Close the skill gap behind "${g.title}" (${pct(achievement)} of target last cycle).`,
  };
}

/**
 * Integer weights for one person's drafts: carried goals share 100 − `reserved` (100 when the person
 * gets no development goal) in proportion to their old weights (equally when those are all 0);
 * development goals share `reserved` equally. Largest remainder, so the total is exactly 100.
 */
function renormalise(carried: DraftGoal[], development: DraftGoal[], reserved: number): void {
  const forDevelopment = development.length > 0 ? reserved : 0;
  const raw = carried.map((d) => d.goal.weight);
  const carriedWeights = largestRemainder(
    100 - forDevelopment,
    raw.some((w) => w > 0) ? raw : raw.map(() => 1),
  );
  carried.forEach((d, i) => {
    d.goal.weight = carriedWeights[i] ?? 0;
  });
  const devWeights = largestRemainder(
    forDevelopment,
    development.map(() => 1),
  );
  development.forEach((d, i) => {
    d.goal.weight = devWeights[i] ?? 0;
    if (d.goal.weight === 0) {
      d.notes.push({
        code: 'set_weight',
        message: 'Give this development goal a weight when the plan is agreed.',
      });
    }
  });
}

/**
 * Draft the next cycle from the one that ended. Rules, per goal of `fromCycleId` with
 * achievement < 1 that is not cancelled (goals are matched to attributions by goal id):
 * - it is carried forward as a 'draft' `${toCycleId}.${goalId}` with the same targets, `carriedFrom`
 *   set, its alignment remapped to the parent's draft when the parent is carried too (else cleared,
 *   with a 'realign' note), and each person's carried weights renormalised to integers totalling 100
 *   (minus `developmentWeight` when they get development goals);
 * - external environment dominant → a note to adjust the target fairly (never raise it, don't penalise);
 * - skills ≥ minShare → a "Build skill: …" competency draft `${toCycleId}.${goalId}.skill` and a
 *   development item (continuing the apply-phase item for that goal when there is one);
 * - internal conditions ≥ minShare → a 'resource_fix' action for the manager;
 * - motivation ≥ minShare → an 'incentive_review' action;
 * - no attribution at all → a note to diagnose the gap first (nothing is guessed).
 * Apply-phase development items are all carried into the next cycle. Outputs are sorted by id.
 */
export function draftNextCycle(
  input: DraftNextCycleArgs,
  options: DraftOptionsInput = {},
): Result<NextCycleDraft, DomainError<DraftErrorCode>> {
  const { fromCycleId, toCycleId } = input;
  const parsedOptions = DraftOptionsSchema.safeParse(options);
  if (!parsedOptions.success) {
    const issue = parsedOptions.error.issues[0];
    return fail('invalid_options', `Invalid options: ${issue?.message ?? 'unknown problem'}.`, {
      path: issue?.path.filter((p): p is string | number => typeof p !== 'symbol') ?? [],
    });
  }
  const { minShare, developmentWeight } = parsedOptions.data;
  if (fromCycleId === toCycleId) {
    return fail('same_cycle', `The next cycle must differ from ${fromCycleId}.`, { path: ['toCycleId'] });
  }
  const outcomes = [...input.goals].sort((a, b) => compareIds(a.goal.id, b.goal.id));
  for (let i = 1; i < outcomes.length; i++) {
    const id = (outcomes[i] as GoalOutcome).goal.id;
    if (id === (outcomes[i - 1] as GoalOutcome).goal.id) {
      return fail('duplicate_goal_id', `Goal ${id} appears more than once.`, { details: { goalId: id } });
    }
  }

  // Which goals are carried forward (needed first, to remap alignment).
  const skipped: NextCycleDraft['skipped'] = [];
  const carried = new Map<string, GoalOutcome>();
  for (const o of outcomes) {
    const g = o.goal;
    const reason: CarrySkipReason | null =
      g.cycleId !== fromCycleId
        ? 'other_cycle'
        : g.status === 'cancelled'
          ? 'cancelled'
          : o.achievement === null || !Number.isFinite(o.achievement)
            ? 'not_measured'
            : o.achievement >= 1
              ? 'achieved'
              : !ID_PATTERN.test(`${toCycleId}.${g.id}.skill`)
                ? 'invalid_id'
                : null;
    if (reason === null) carried.set(g.id, o);
    else skipped.push({ goalId: g.id, reason });
  }

  const attributionsByGoal = new Map<string, Pick<Attribution, 'factors'>[]>();
  for (const a of input.attributions) {
    const list = attributionsByGoal.get(a.goalId);
    if (list === undefined) attributionsByGoal.set(a.goalId, [a]);
    else list.push(a);
  }
  const priorByGoal = new Map<string, PriorDevelopmentItem[]>();
  for (const item of input.developmentItems ?? []) {
    const key = `${item.personId}\u0000${item.goalId}`;
    const list = priorByGoal.get(key);
    if (list === undefined) priorByGoal.set(key, [item]);
    else list.push(item);
  }

  const drafts: DraftGoal[] = [];
  const developmentItems: NextCycleDevelopmentItem[] = [];
  const managerActions: ManagerAction[] = [];
  const carriedByPerson = new Map<string, DraftGoal[]>();
  const devByPerson = new Map<string, DraftGoal[]>();
  const devGoalFor = new Map<string, string>(); // source goal id → development goal id
  const push = (map: Map<string, DraftGoal[]>, key: string, d: DraftGoal) => {
    const list = map.get(key);
    if (list === undefined) map.set(key, [d]);
    else list.push(d);
  };

  for (const [goalId, o] of carried) {
    const g = o.goal;
    const achievement = o.achievement as number;
    const draftId = `${toCycleId}.${goalId}`;
    const attrs = attributionsByGoal.get(goalId) ?? [];
    const split: FactorSplit = splitOf(attrs);
    const dominant = dominantFactor(split);
    const notes: DraftNote[] = [];
    let alignedTo: string | null = null;
    if (g.alignedTo !== null) {
      if (carried.has(g.alignedTo)) alignedTo = `${toCycleId}.${g.alignedTo}`;
      else {
        notes.push({
          code: 'realign',
          message: `Its parent goal ${g.alignedTo} is not carried forward: align it to a goal of ${toCycleId}.`,
        });
      }
    }
    if (attrs.length === 0) {
      notes.push({
        code: 'diagnose_gap',
        message:
          'No cause was recorded for this shortfall: diagnose it (skills, external environment, internal ' +
          'conditions, motivation) before the plan is agreed.',
      });
    }
    if (dominant === 'external_environment') {
      notes.push({
        code: 'adjust_target_fairly',
        message:
          `The gap was mainly due to the external environment (${pct(split.external_environment)} of it), which is ` +
          'objective and uncontrollable: adjust the target fairly, do not raise it, and do not penalise.',
      });
    }
    const draft: DraftGoal = {
      goal: carriedGoal(g, draftId, toCycleId, alignedTo),
      carriedFrom: goalId,
      reason: {
        code: 'unfinished_goal',
        sourceGoalId: goalId,
        factor: dominant,
        share: dominant === null ? null : round(split[dominant], 6),
        message: `"${g.title}" reached ${pct(achievement)} of target in ${fromCycleId}: carried forward.`,
      },
      notes,
    };
    drafts.push(draft);
    if (g.level === 'person' && g.ownerId !== null) push(carriedByPerson, g.ownerId, draft);

    const reasonFor = (code: DraftReasonCode, factor: Factor, message: string): DraftReason => ({
      code,
      sourceGoalId: goalId,
      factor,
      share: round(split[factor], 6),
      message,
    });

    if (split.skills >= minShare) {
      const why = attributedWords('skills', split.skills, g.title);
      if (g.level === 'person' && g.ownerId !== null) {
        const devId = `${toCycleId}.${goalId}.skill`;
        const dev: DraftGoal = {
          goal: developmentGoal(g, devId, toCycleId, achievement),
          carriedFrom: null,
          reason: reasonFor('skills_gap', 'skills', why),
          notes: [],
        };
        drafts.push(dev);
        push(devByPerson, g.ownerId, dev);
        devGoalFor.set(goalId, devId);
        if (!priorByGoal.has(`${g.ownerId}\u0000${goalId}`)) {
          developmentItems.push({
            id: `${toCycleId}.${goalId}.dev`,
            personId: g.ownerId,
            cycleId: toCycleId,
            title: title200(`Training and development: ${g.title}`),
            sourceGoalId: goalId,
            sourceItemId: null,
            developmentGoalId: devId,
            reason: reasonFor('skills_gap', 'skills', why),
          });
        }
      } else {
        notes.push({ code: 'team_skills', message: `${why} Plan it for the team that owns this goal.` });
      }
    }
    const subjectId = g.level === 'person' ? g.ownerId : g.departmentId;
    const action = (
      kind: ManagerActionKind,
      factor: Factor,
      code: DraftReasonCode,
      suffix: string,
      title: string,
    ) => {
      managerActions.push({
        id: `${toCycleId}.${goalId}.${suffix}`,
        kind,
        subjectId,
        departmentId: g.departmentId,
        sourceGoalId: goalId,
        draftGoalId: draftId,
        title: title200(title),
        reason: reasonFor(code, factor, attributedWords(factor, split[factor], g.title)),
      });
    };
    if (split.internal_conditions >= minShare) {
      action(
        'resource_fix',
        'internal_conditions',
        'internal_conditions_gap',
        'resources',
        `Fix resources and constraints for "${g.title}"`,
      );
    }
    if (split.motivation >= minShare) {
      action(
        'incentive_review',
        'motivation',
        'motivation_gap',
        'incentive',
        `Review incentives and recognition for "${g.title}"`,
      );
    }
  }

  // Every apply-phase development item continues in the next cycle.
  for (const items of priorByGoal.values()) {
    for (const item of items) {
      const devId = devGoalFor.get(item.goalId) ?? null;
      developmentItems.push({
        id: `${toCycleId}.${item.id}`,
        personId: item.personId,
        cycleId: toCycleId,
        title: item.title,
        sourceGoalId: item.goalId,
        sourceItemId: item.id,
        developmentGoalId: devId,
        reason: {
          code: 'development_item',
          sourceGoalId: item.goalId,
          factor: devId === null ? null : 'skills',
          share: null,
          message: `Development recommended when ${fromCycleId} results were applied continues in ${toCycleId}.`,
        },
      });
    }
  }

  // Development goals only come from carried person goals, so every such person is in carriedByPerson.
  for (const [personId, list] of carriedByPerson)
    renormalise(list, devByPerson.get(personId) ?? [], developmentWeight);

  drafts.sort((a, b) => compareIds(a.goal.id, b.goal.id));
  developmentItems.sort((a, b) => compareIds(a.id, b.id));
  managerActions.sort((a, b) => compareIds(a.id, b.id));
  return ok({ drafts, developmentItems, managerActions, skipped });
}
