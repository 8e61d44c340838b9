// Improvement: turn this cycle's shortfalls into next cycle's draft goals, development items and manager actions.
import { z } from 'zod';
import { compareIds, IdSchema, round } from './common.ts';
import {
  type Attribution,
  AttributionSchema,
  dominantFactor,
  FACTORS,
  type Factor,
  type FactorSplit,
  splitOf,
} from './diagnosis.ts';
import { buildSkillWords, type GeneratedLanguage, GeneratedLanguageSchema } from './generatedWords.ts';
import { type CompetencyGoal, type Goal, GoalSchema } from './goals.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';

/**
 * A goal of the cycle that ended, with its achievement (1 = target met; null = not measured) and,
 * for a competency goal, its score on the rating scale (compared with the policy's `meets`; a
 * competency has no achievement, and its achievement is ignored).
 */
export const GoalOutcomeSchema = z.strictObject({
  goal: GoalSchema,
  achievement: z.number().finite().nullable(),
  score: z.number().finite().nullable().optional(),
});
export type GoalOutcome = z.infer<typeof GoalOutcomeSchema>;

/** The apply phase's development types (results' DevelopmentTypeSchema). */
const PriorDevelopmentTypeSchema = z.enum(['training', 'mentoring', 'stretch_assignment']);

/**
 * A development item recommended when results were applied (compatible with the apply phase's
 * items: extra fields are allowed and ignored). Each is carried into the next cycle.
 */
export const PriorDevelopmentItemSchema = z.looseObject({
  id: IdSchema,
  personId: IdSchema,
  goalId: IdSchema,
  title: z.string().trim().min(1).max(200),
  /** The apply-phase item's type and goal title (what its English `title` says), carried for other languages. */
  type: PriorDevelopmentTypeSchema.optional(),
  goalTitle: z.string().optional(),
});
export type PriorDevelopmentItem = z.infer<typeof PriorDevelopmentItemSchema>;

export const DraftNextCycleInputSchema = z.strictObject({
  fromCycleId: IdSchema,
  toCycleId: IdSchema,
  goals: z.array(GoalOutcomeSchema),
  attributions: z.array(AttributionSchema),
  developmentItems: z.array(PriorDevelopmentItemSchema).optional(),
  /** The cycles' names, for the reasons' messages (people read them; ids when absent). */
  cycleNames: z.strictObject({ from: z.string().min(1), to: z.string().min(1) }).optional(),
  /** Titles of goals not in `goals` (e.g. the department goals a person's goals align to), for the notes. */
  goalTitles: z.record(z.string(), z.string()).optional(),
});
export type DraftNextCycleInput = z.infer<typeof DraftNextCycleInputSchema>;

/** What `draftNextCycle` reads (parsed `DraftNextCycleInput` fits; attribution notes are not needed). */
export interface DraftNextCycleArgs {
  fromCycleId: string;
  toCycleId: string;
  goals: readonly GoalOutcome[];
  attributions: readonly Pick<Attribution, 'goalId' | 'factors'>[];
  developmentItems?: readonly PriorDevelopmentItem[];
  /** The cycles' names, for the reasons' messages (people read them; ids when absent). */
  cycleNames?: { from: string; to: string };
  /** Titles of goals not in `goals` (e.g. the department goals a person's goals align to), for the notes. */
  goalTitles?: Readonly<Record<string, string>>;
}

export const DraftOptionsSchema = z.strictObject({
  /** A factor carrying at least this share of a gap triggers its response (default 0.25). */
  minShare: z.number().gt(0).max(1).default(0.25),
  /**
   * Whole percentage points of each person's next plan reserved for their new development goals
   * (default 0: development goals start at weight 0 and are weighted when the plan is agreed).
   */
  developmentWeight: z.number().int().min(0).max(50).default(0),
  /**
   * The policy's `ratingScale.meets`: a competency goal scored below it carries forward with a
   * development note. Required when any competency outcome has a score.
   */
  meets: z.number().finite().optional(),
  /**
   * The language of the texts drafted into goals — a "Build skill" goal's title and expectations — which become their
   * owner's editable text once accepted: the organisation's (default en). Every other text is English beside its code.
   */
  language: GeneratedLanguageSchema.default('en'),
});
export type DraftOptions = z.infer<typeof DraftOptionsSchema>;
export type DraftOptionsInput = z.input<typeof DraftOptionsSchema>;

export const DraftReasonCodeSchema = z.enum([
  'unfinished_goal',
  /** A competency / behaviour goal: ongoing expected behaviour, always carried forward. */
  'ongoing_competency',
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
  /** 'unfinished_goal': the source goal's achievement in the cycle that ended (1 = target met). */
  achievement?: number;
  /** 'ongoing_competency': the goal's score and the policy's `meets` (both null when it was not scored). */
  score?: number | null;
  meets?: number | null;
  /** English; clients that speak other languages render the code and the fields above instead. */
  message: string;
}

export type DraftNoteCode =
  | 'adjust_target_fairly'
  | 'develop_competency'
  | 'diagnose_gap'
  | 'realign'
  | 'rebalance_mix'
  | 'set_weight'
  | 'team_skills';

/**
 * A point to settle when the plan is agreed. Besides the English `message`, the fields a client needs to say it in
 * another language: `share` (adjust_target_fairly: the external environment's share of the gap; team_skills: the
 * skills share), `score` / `meets` (develop_competency), `parentGoalId` / `parentTitle` (realign; the title when the
 * parent is among the goals drafted from), `missing` and `mix` (rebalance_mix: the kind with no carried goal and the
 * old plan's KPI / competency split in whole percent).
 */
export interface DraftNote {
  code: DraftNoteCode;
  share?: number;
  score?: number;
  meets?: number;
  parentGoalId?: string;
  parentTitle?: string;
  missing?: 'kpi' | 'competency';
  mix?: { kpi: number; competency: number };
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
  /**
   * An item continuing an apply-phase item: that item's type and goal title (what its English `title` says), for
   * clients in other languages; absent when the apply-phase item lacks them (or for an item made for a skills gap).
   */
  sourceType?: 'training' | 'mentoring' | 'stretch_assignment';
  goalTitle?: string;
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
  /** Goals not carried forward (with their title, for people), and why. */
  skipped: { goalId: string; title: string; reason: CarrySkipReason }[];
}

export type DraftErrorCode = 'same_cycle' | 'duplicate_goal_id' | 'invalid_options';

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

/**
 * The draft of a carried competency goal: the expected behaviour goes on unchanged; a score below
 * `meets` adds a development note.
 */
function competencyDraft(
  g: CompetencyGoal,
  score: number | null,
  meets: number | undefined,
  cycles: { from: string; to: string },
  alignedTo: string | null,
  notes: DraftNote[],
  fromName: string,
): DraftGoal {
  let message = `"${g.title}" describes ongoing expected behaviour: carried forward unchanged.`;
  let scored: { score: number | null; meets: number | null } = { score: null, meets: null };
  if (score !== null && meets !== undefined) {
    const s = round(score, 2);
    scored = { score: s, meets };
    if (score < meets - 1e-9) {
      message = `"${g.title}" scored ${s} in ${fromName}, below meets (${meets}): carried forward with development.`;
      notes.push({
        code: 'develop_competency',
        score: s,
        meets,
        message:
          `Scored ${s}, below meets (${meets}): agree how this behaviour will be developed (coaching, ` +
          'mentoring or training) when the plan is agreed.',
      });
    } else {
      message = `"${g.title}" scored ${s} in ${fromName} (meets ${meets}): carried forward unchanged.`;
    }
  }
  return {
    goal: carriedGoal(g, `${cycles.to}.${g.id}`, cycles.to, alignedTo),
    carriedFrom: g.id,
    reason: { code: 'ongoing_competency', sourceGoalId: g.id, factor: null, share: null, ...scored, message },
    notes,
  };
}

/** A "Build skill" competency goal for the skill behind a shortfall, its texts in `language`. */
function developmentGoal(
  g: Goal,
  id: string,
  cycleId: string,
  achievement: number,
  language: GeneratedLanguage,
): CompetencyGoal {
  const words = buildSkillWords(language, g.title, pct(achievement));
  return {
    id,
    cycleId,
    title: title200(words.title),
    description: '',
    level: 'person',
    ownerId: g.ownerId,
    departmentId: g.departmentId,
    weight: 0,
    alignedTo: null,
    status: 'draft',
    dueDate: null,
    kind: 'competency',
    expectations: words.expectations,
  };
}

/** A weight in whole hundredths of a point (exact integer arithmetic for renormalising). */
const hundredths = (weight: number): number => Math.round(weight * 100);

/**
 * Split the integer `total` into integer parts proportional to the integer `shares` (equal parts
 * when every share is 0), exactly: each part is ⌊total·share / Σ⌋ and the points left go to the
 * largest remainders total·share mod Σ, compared as integers, ties to the lower index. Unlike the
 * float `largestRemainder`, mathematically equal remainders always tie.
 */
function apportion(total: number, shares: readonly number[]): number[] {
  const n = shares.length;
  let sum = 0;
  for (const share of shares) sum += share;
  const w = sum > 0 ? shares : shares.map(() => 1);
  const denominator = sum > 0 ? sum : n;
  const parts = new Array<number>(n).fill(0);
  if (n === 0 || total <= 0) return parts;
  const rem = new Array<number>(n).fill(0);
  let left = total;
  for (let i = 0; i < n; i++) {
    const numerator = total * (w[i] ?? 0);
    const part = Math.floor(numerator / denominator);
    parts[i] = part;
    rem[i] = numerator - part * denominator;
    left -= part;
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => (rem[b] ?? 0) - (rem[a] ?? 0) || a - b);
  for (let k = 0; k < left && k < n; k++) {
    const i = order[k] as number;
    parts[i] = (parts[i] ?? 0) + 1;
  }
  return parts;
}

/** One person's drafts by kind, and the KPI / competency weight of their plan in the cycle that ended. */
interface PersonDrafts {
  kpi: DraftGoal[];
  competency: DraftGoal[];
  development: DraftGoal[];
  /** Live (not cancelled) goal weights of the old plan, in hundredths: [KPI, competency]. */
  oldMix: [number, number];
}

/** Spread `points` over drafts in proportion to their old weights (equally when all are 0). */
function spread(drafts: DraftGoal[], points: number): void {
  const parts = apportion(
    points,
    drafts.map((d) => hundredths(d.goal.weight)),
  );
  drafts.forEach((d, i) => {
    d.goal.weight = parts[i] ?? 0;
  });
}

/**
 * Integer weights for one person's drafts, totalling exactly 100. Development goals take
 * `reserved` points off the top (only when the person gets one) and share them equally. The rest
 * is split between carried KPI and carried competency goals in the ratio of the person's old plan
 * (KPI weight : competency weight; by count when both were 0), so the goal mix stays as it was; then
 * within each kind in proportion to the old weights (equally when those are all 0). When only one
 * kind carries forward it takes the rest, with a 'rebalance_mix' note when the old plan gave the
 * other kind weight. Exact integer arithmetic throughout (weights in hundredths).
 */
function renormalise(person: PersonDrafts, reserved: number): void {
  const { kpi, competency, development, oldMix } = person;
  const forDevelopment = development.length > 0 ? reserved : 0;
  const rest = 100 - forDevelopment;
  if (kpi.length > 0 && competency.length > 0) {
    const mix = oldMix[0] + oldMix[1] > 0 ? oldMix : [kpi.length, competency.length];
    const [kpiPoints = 0, competencyPoints = 0] = apportion(rest, mix);
    spread(kpi, kpiPoints);
    spread(competency, competencyPoints);
  } else {
    const present = kpi.length > 0 ? kpi : competency;
    spread(present, rest);
    const missingShare = kpi.length > 0 ? oldMix[1] : oldMix[0];
    if (missingShare > 0) {
      const [k, c] = apportion(100, oldMix);
      const [have, lack] = kpi.length > 0 ? ['KPI', 'competency'] : ['competency', 'KPI'];
      for (const d of present) {
        d.notes.push({
          code: 'rebalance_mix',
          missing: kpi.length > 0 ? 'competency' : 'kpi',
          mix: { kpi: k ?? 0, competency: c ?? 0 },
          message:
            `No ${lack} goal of this person carries forward, so the ${have} goals hold the plan for now: add ` +
            `${lack} goals and rebalance to the old mix (${k}% KPI / ${c}% competency).`,
        });
      }
    }
  }
  const devWeights = apportion(
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
 * Draft the next cycle from the one that ended. Competency / behaviour goals of `fromCycleId` that
 * are not cancelled describe ongoing expected behaviour and always carry forward unchanged as
 * drafts (reason 'ongoing_competency'); one scored below `options.meets` gets a
 * 'develop_competency' note. KPI rules, per goal of `fromCycleId` with
 * achievement < 1 that is not cancelled (goals are matched to attributions by goal id):
 * - it is carried forward as a 'draft' `${toCycleId}.${goalId}` with the same targets, `carriedFrom`
 *   set, its alignment remapped to the parent's draft when the parent is carried too (else cleared,
 *   with a 'realign' note), and each person's carried weights renormalised to integers totalling 100
 *   (`developmentWeight` of it for their development goals, if any), keeping the KPI / competency
 *   split of the person's old plan (see renormalise);
 * - external environment dominant → a note to adjust the target fairly (never raise it, don't penalise);
 * - skills ≥ minShare → a "Build skill: …" competency draft `${toCycleId}.${goalId}.skill` (its title and
 *   expectations in `options.language`) and a development item (continuing the apply-phase item for that goal
 *   when there is one);
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
  // Messages name the cycles as people know them.
  const fromName = input.cycleNames?.from ?? fromCycleId;
  const toName = input.cycleNames?.to ?? toCycleId;
  const parsedOptions = DraftOptionsSchema.safeParse(options);
  if (!parsedOptions.success) {
    const issue = parsedOptions.error.issues[0];
    return fail('invalid_options', `Invalid options: ${issue?.message ?? 'unknown problem'}.`, {
      path: issue?.path.filter((p): p is string | number => typeof p !== 'symbol') ?? [],
    });
  }
  const { minShare, developmentWeight, meets, language } = parsedOptions.data;
  if (fromCycleId === toCycleId) {
    return fail('same_cycle', `The next cycle must differ from ${fromCycleId}.`, { path: ['toCycleId'] });
  }
  const outcomes = [...input.goals].sort((a, b) => compareIds(a.goal.id, b.goal.id));
  const parentTitles = new Map([
    ...Object.entries(input.goalTitles ?? {}),
    ...input.goals.map((o): [string, string] => [o.goal.id, o.goal.title]),
  ]);
  for (let i = 1; i < outcomes.length; i++) {
    const id = (outcomes[i] as GoalOutcome).goal.id;
    if (id === (outcomes[i - 1] as GoalOutcome).goal.id) {
      return fail('duplicate_goal_id', `Goal ${id} appears more than once.`, { details: { goalId: id } });
    }
  }

  // Which goals are carried forward (needed first, to remap alignment), and each person's old mix.
  const skipped: NextCycleDraft['skipped'] = [];
  const carried = new Map<string, GoalOutcome>();
  const oldMix = new Map<string, [number, number]>();
  for (const o of outcomes) {
    const g = o.goal;
    const competency = g.kind === 'competency';
    if (g.cycleId === fromCycleId && g.status !== 'cancelled') {
      if (competency && meets === undefined && typeof o.score === 'number') {
        return fail(
          'invalid_options',
          `Competency goal ${g.id} has a score: pass the policy's rating-scale meets as options.meets.`,
          { path: ['meets'] },
        );
      }
      if (g.level === 'person' && g.ownerId !== null) {
        let mix = oldMix.get(g.ownerId);
        if (mix === undefined) {
          mix = [0, 0];
          oldMix.set(g.ownerId, mix);
        }
        mix[competency ? 1 : 0] += hundredths(g.weight);
      }
    }
    const reason: CarrySkipReason | null =
      g.cycleId !== fromCycleId
        ? 'other_cycle'
        : g.status === 'cancelled'
          ? 'cancelled'
          : competency
            ? ID_PATTERN.test(`${toCycleId}.${g.id}`)
              ? null
              : 'invalid_id'
            : o.achievement === null || !Number.isFinite(o.achievement)
              ? 'not_measured'
              : o.achievement >= 1
                ? 'achieved'
                : !ID_PATTERN.test(`${toCycleId}.${g.id}.skill`)
                  ? 'invalid_id'
                  : null;
    if (reason === null) carried.set(g.id, o);
    else skipped.push({ goalId: g.id, title: g.title, reason });
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
  const byPerson = new Map<string, PersonDrafts>();
  const personDrafts = (personId: string): PersonDrafts => {
    let p = byPerson.get(personId);
    if (p === undefined) {
      p = { kpi: [], competency: [], development: [], oldMix: oldMix.get(personId) ?? [0, 0] };
      byPerson.set(personId, p);
    }
    return p;
  };
  const devGoalFor = new Map<string, string>(); // source goal id → development goal id

  for (const [goalId, o] of carried) {
    const g = o.goal;
    const draftId = `${toCycleId}.${goalId}`;
    const notes: DraftNote[] = [];
    let alignedTo: string | null = null;
    if (g.alignedTo !== null) {
      if (carried.has(g.alignedTo)) alignedTo = `${toCycleId}.${g.alignedTo}`;
      else {
        const parent = parentTitles.get(g.alignedTo);
        notes.push({
          code: 'realign',
          parentGoalId: g.alignedTo,
          ...(parent === undefined ? {} : { parentTitle: parent }),
          message: `Its parent goal ${parent === undefined ? g.alignedTo : `"${parent}"`} is not carried forward: align it to a goal of ${toName}.`,
        });
      }
    }
    const owner = g.level === 'person' ? g.ownerId : null;
    if (g.kind === 'competency') {
      const cycles = { from: fromCycleId, to: toCycleId };
      const draft = competencyDraft(g, o.score ?? null, meets, cycles, alignedTo, notes, fromName);
      drafts.push(draft);
      if (owner !== null) personDrafts(owner).competency.push(draft);
      continue;
    }
    const achievement = o.achievement as number;
    const attrs = attributionsByGoal.get(goalId) ?? [];
    const split: FactorSplit = splitOf(attrs);
    const dominant = dominantFactor(split);
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
        share: round(split.external_environment, 6),
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
        achievement: round(achievement, 6),
        message: `"${g.title}" reached ${pct(achievement)} of target in ${fromName}: carried forward.`,
      },
      notes,
    };
    drafts.push(draft);
    if (owner !== null) personDrafts(owner).kpi.push(draft);

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
          goal: developmentGoal(g, devId, toCycleId, achievement, language),
          carriedFrom: null,
          reason: reasonFor('skills_gap', 'skills', why),
          notes: [],
        };
        drafts.push(dev);
        personDrafts(g.ownerId).development.push(dev);
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
        notes.push({
          code: 'team_skills',
          share: round(split.skills, 6),
          message: `${why} Plan it for the team that owns this goal.`,
        });
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
        ...(item.type === undefined ? {} : { sourceType: item.type }),
        ...(item.goalTitle === undefined ? {} : { goalTitle: item.goalTitle }),
        reason: {
          code: 'development_item',
          sourceGoalId: item.goalId,
          factor: devId === null ? null : 'skills',
          share: null,
          message: `Development recommended when ${fromName} results were applied continues in ${toName}.`,
        },
      });
    }
  }

  // Development goals only come from carried person goals, so every such person has carried drafts.
  for (const person of byPerson.values()) renormalise(person, developmentWeight);

  drafts.sort((a, b) => compareIds(a.goal.id, b.goal.id));
  developmentItems.sort((a, b) => compareIds(a.id, b.id));
  managerActions.sort((a, b) => compareIds(a.id, b.id));
  return ok({ drafts, developmentItems, managerActions, skipped });
}
