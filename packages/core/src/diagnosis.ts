// Gap diagnosis: shortfalls attributed to the four performance factors, aggregated per department.
import { z } from 'zod';
import { IdSchema, round } from './common.ts';
import { TEXT_LIMITS } from './limits.ts';
import { addRuleIssue } from './ruleIssue.ts';

/** The four factors behind performance (see the glossary). */
export const FactorSchema = z.enum(['skills', 'external_environment', 'internal_conditions', 'motivation']);
export type Factor = z.infer<typeof FactorSchema>;

/** The factors in their canonical order (also the tie-break order for "dominant"). */
export const FACTOR_ORDER: readonly Factor[] = FactorSchema.options;

export type FactorNature =
  | 'internal, improvable'
  | 'objective, uncontrollable'
  | 'objective, partly changeable'
  | 'subjective';
export type FactorResponse =
  | 'training and development'
  | "adjust targets fairly; don't penalise"
  | 'fix resources and constraints'
  | 'incentive review, recognition';

export interface FactorInfo {
  label: string;
  nature: FactorNature;
  /** The typical response to a shortfall caused by this factor. */
  response: FactorResponse;
}

/** What each factor is and what to do about it (from the glossary). */
export const FACTORS: Readonly<Record<Factor, FactorInfo>> = {
  skills: { label: 'Employee skills', nature: 'internal, improvable', response: 'training and development' },
  external_environment: {
    label: 'External environment',
    nature: 'objective, uncontrollable',
    response: "adjust targets fairly; don't penalise",
  },
  internal_conditions: {
    label: 'Internal conditions',
    nature: 'objective, partly changeable',
    response: 'fix resources and constraints',
  },
  motivation: {
    label: 'Motivation (incentive effect)',
    nature: 'subjective',
    response: 'incentive review, recognition',
  },
};

const SHARE_TOLERANCE = 1e-6;

export const FactorShareSchema = z.strictObject({ factor: FactorSchema, share: z.number().gt(0).max(1) });
export type FactorShare = z.infer<typeof FactorShareSchema>;

/**
 * Why one subject (person, or department for department goals) fell short on one goal: each factor
 * named at most once, shares totalling 1 (a factor named alone has share 1).
 */
export const AttributionSchema = z
  .strictObject({
    subjectId: IdSchema,
    goalId: IdSchema,
    factors: z.array(FactorShareSchema).min(1).max(4),
    note: z.string().max(TEXT_LIMITS.gapNote).default(''),
  })
  .superRefine((a, ctx) => {
    const seen = new Set<Factor>();
    let total = 0;
    a.factors.forEach((f, i) => {
      if (seen.has(f.factor)) {
        addRuleIssue(ctx, {
          path: ['factors', i, 'factor'],
          message: `factor ${f.factor} is named twice`,
          rule: 'factor_repeated',
          facts: { factor: f.factor },
        });
      }
      seen.add(f.factor);
      total += f.share;
    });
    if (Math.abs(total - 1) > SHARE_TOLERANCE) {
      addRuleIssue(ctx, {
        path: ['factors'],
        message: `factor shares total ${round(total, 6)}, not 1`,
        rule: 'shares_not_100',
        facts: { totalPercent: round(total * 100, 4) },
      });
    }
  });
export type Attribution = z.infer<typeof AttributionSchema>;

/** One goal result to check for a shortfall (achievement 1 = target met). */
export const ShortfallItemSchema = z.strictObject({
  subjectId: IdSchema,
  departmentId: IdSchema.nullable(),
  goalId: IdSchema,
  weight: z.number().min(0).max(100),
  achievement: z.number().finite(),
});
export type ShortfallItem = z.infer<typeof ShortfallItemSchema>;

/** A goal that fell short: `gap` = 1 − achievement, `weightedGap` = gap × weight / 100. */
export interface GapShortfall extends ShortfallItem {
  gap: number;
  weightedGap: number;
}

/**
 * Goals with achievement below 1, with their gap (1 − achievement, achievement floored at 0) and
 * weighted gap (gap × weight / 100, the share of the person's plan lost), rounded to 6 decimals.
 * Non-finite achievements are skipped. Keeps input order.
 */
export function shortfalls(items: readonly ShortfallItem[]): GapShortfall[] {
  const out: GapShortfall[] = [];
  for (const it of items) {
    const gap = gapOf(it.achievement);
    if (gap === null) continue;
    out.push({
      subjectId: it.subjectId,
      departmentId: it.departmentId,
      goalId: it.goalId,
      weight: it.weight,
      achievement: it.achievement,
      gap: round(gap, 6),
      weightedGap: round((gap * it.weight) / 100, 6),
    });
  }
  return out;
}

/** 1 − achievement (achievement floored at 0) when the goal fell short; null when it did not. */
function gapOf(achievement: number): number | null {
  if (!(achievement < 1) || !Number.isFinite(achievement)) return null;
  return 1 - Math.max(achievement, 0);
}

/** Share of a gap per factor, plus the share nobody attributed; the five shares total 1. */
export interface FactorSplit {
  skills: number;
  external_environment: number;
  internal_conditions: number;
  motivation: number;
  unattributed: number;
}

/** The split of a shortfall nobody attributed (shared, frozen: never mutate a split). */
export const UNATTRIBUTED_SPLIT: Readonly<FactorSplit> = Object.freeze({
  skills: 0,
  external_environment: 0,
  internal_conditions: 0,
  motivation: 0,
  unattributed: 1,
});

/**
 * The combined split of one or more attributions of the same shortfall (e.g. the employee's and the
 * manager's): their shares are averaged. Shares a single attribution leaves unassigned, if any,
 * are `unattributed` (never guessed); shares over 1 in total are scaled down to 1.
 */
export function splitOf(attributions: readonly Pick<Attribution, 'factors'>[]): FactorSplit {
  if (attributions.length === 0) return { ...UNATTRIBUTED_SPLIT };
  const acc = [0, 0, 0, 0];
  for (const a of attributions) {
    let total = 0;
    for (const f of a.factors) total += f.share;
    const scale = total > 1 ? 1 / total : 1;
    for (const f of a.factors) {
      const k = FACTOR_ORDER.indexOf(f.factor);
      if (k >= 0) acc[k] = (acc[k] as number) + f.share * scale;
    }
  }
  const n = attributions.length;
  const skills = (acc[0] as number) / n;
  const external_environment = (acc[1] as number) / n;
  const internal_conditions = (acc[2] as number) / n;
  const motivation = (acc[3] as number) / n;
  const rest = 1 - skills - external_environment - internal_conditions - motivation;
  return {
    skills,
    external_environment,
    internal_conditions,
    motivation,
    unattributed: rest > SHARE_TOLERANCE ? round(rest, 9) : 0,
  };
}

/** The factor with the largest share (ties: canonical factor order); null when no factor has any. */
export function dominantFactor(split: Omit<FactorSplit, 'unattributed'>): Factor | null {
  let best: Factor | null = null;
  let bestShare = 0;
  for (const f of FACTOR_ORDER) {
    if (split[f] > bestShare) {
      best = f;
      bestShare = split[f];
    }
  }
  return best;
}

export interface DiagnosedShortfall extends GapShortfall {
  /** Shares of this gap per factor (and unattributed), totalling 1. */
  split: FactorSplit;
  /** How many attributions were combined (0 = undiagnosed). */
  attributions: number;
}

/** The attributions of one subject for one goal, with their split once computed. */
interface AttributionGroup {
  subjectId: string;
  attributions: Pick<Attribution, 'factors'>[];
  split: FactorSplit | null;
  /** Another subject's group for the same goal id (goal ids are normally unique per organisation). */
  next: AttributionGroup | null;
}

type AttributionRef = Pick<Attribution, 'subjectId' | 'goalId' | 'factors'>;

/**
 * Attributions indexed by goal id (no composite string keys: they cost a hash each time); a goal id
 * shared by several subjects chains their groups.
 */
function indexAttributions(attributions: readonly AttributionRef[]): Map<string, AttributionGroup> {
  const byGoal = new Map<string, AttributionGroup>();
  for (let i = 0; i < attributions.length; i++) {
    const a = attributions[i] as AttributionRef;
    const head = byGoal.get(a.goalId);
    let group: AttributionGroup | null | undefined = head;
    while (group !== undefined && group !== null && group.subjectId !== a.subjectId) group = group.next;
    if (group) group.attributions.push(a);
    else byGoal.set(a.goalId, { subjectId: a.subjectId, attributions: [a], split: null, next: head ?? null });
  }
  return byGoal;
}

/** The (cached) attribution group of one subject's goal, if anyone attributed it. */
function groupOf(
  index: Map<string, AttributionGroup>,
  subjectId: string,
  goalId: string,
): AttributionGroup | null {
  let g: AttributionGroup | null | undefined = index.size > 0 ? index.get(goalId) : undefined;
  while (g !== undefined && g !== null && g.subjectId !== subjectId) g = g.next;
  if (!g) return null;
  g.split ??= splitOf(g.attributions);
  return g;
}

/**
 * Attach the attribution split to each shortfall, matching on (subjectId, goalId). Takes goal
 * results (rows that did not fall short are skipped, as `shortfalls` would) or `shortfalls` output.
 * Several attributions of one shortfall are averaged; a shortfall nobody attributed is wholly
 * `unattributed`. Attributions for goals that did not fall short are ignored. Keeps input order.
 */
export function diagnoseGaps(
  gaps: readonly ShortfallItem[],
  attributions: readonly AttributionRef[],
): DiagnosedShortfall[] {
  const index = indexAttributions(attributions);
  const out: DiagnosedShortfall[] = [];
  for (let i = 0; i < gaps.length; i++) {
    const s = gaps[i] as ShortfallItem;
    const gap = gapOf(s.achievement);
    if (gap === null) continue;
    const g = groupOf(index, s.subjectId, s.goalId);
    out.push({
      subjectId: s.subjectId,
      departmentId: s.departmentId,
      goalId: s.goalId,
      weight: s.weight,
      achievement: s.achievement,
      gap: round(gap, 6),
      weightedGap: round((gap * s.weight) / 100, 6),
      split: g?.split ?? UNATTRIBUTED_SPLIT,
      attributions: g ? g.attributions.length : 0,
    });
  }
  return out;
}

export interface FactorDiagnosis {
  factor: Factor;
  /** Sum over shortfalls of weightedGap × this factor's share. */
  weightedGap: number;
  /** Part of the total weighted gap (unattributed included), 0–1. */
  share: number;
  nature: FactorNature;
  response: FactorResponse;
}

export interface DiagnosisSummary {
  shortfalls: number;
  /** Total weighted gap, attributed or not. */
  weightedGap: number;
  /** All four factors, in canonical order. */
  factors: FactorDiagnosis[];
  unattributed: {
    weightedGap: number;
    share: number;
    /** Shortfalls not (or not fully) attributed to a factor. */
    shortfalls: number;
  };
  /** The factor carrying the largest weighted gap (ties: canonical order); null when none. */
  dominant: Factor | null;
  /** Responses for the factors that carry any gap, largest first: what to do, in order. */
  recommendations: { factor: Factor; response: FactorResponse; weightedGap: number }[];
}

export interface DiagnosisReport {
  overall: DiagnosisSummary;
  /** Sorted by department id; shortfalls without a department last. */
  departments: (DiagnosisSummary & { departmentId: string | null })[];
}

/** Accumulator layout per department: the four factor gaps, unattributed gap, shortfalls, unattributed count. */
const SLOTS = 7;
const S_UNATTRIBUTED = 4;
const S_COUNT = 5;
const S_UNATTRIBUTED_COUNT = 6;

function summarise(acc: Float64Array, at: number): DiagnosisSummary {
  let total = 0;
  for (let k = 0; k <= S_UNATTRIBUTED; k++) total += acc[at + k] as number;
  const shareOf = (v: number) => (total > 0 ? round(v / total, 6) : 0);
  const factors: FactorDiagnosis[] = FACTOR_ORDER.map((factor, k) => {
    const weightedGap = acc[at + k] as number;
    return {
      factor,
      weightedGap: round(weightedGap, 6),
      share: shareOf(weightedGap),
      nature: FACTORS[factor].nature,
      response: FACTORS[factor].response,
    };
  });
  const dominant = dominantFactor({
    skills: acc[at] as number,
    external_environment: acc[at + 1] as number,
    internal_conditions: acc[at + 2] as number,
    motivation: acc[at + 3] as number,
  });
  const recommendations = factors
    .filter((f) => f.weightedGap > 0)
    .sort(
      (a, b) =>
        b.weightedGap - a.weightedGap || FACTOR_ORDER.indexOf(a.factor) - FACTOR_ORDER.indexOf(b.factor),
    )
    .map((f) => ({ factor: f.factor, response: f.response, weightedGap: f.weightedGap }));
  const unattributedGap = acc[at + S_UNATTRIBUTED] as number;
  return {
    shortfalls: acc[at + S_COUNT] as number,
    weightedGap: round(total, 6),
    factors,
    unattributed: {
      weightedGap: round(unattributedGap, 6),
      share: shareOf(unattributedGap),
      shortfalls: acc[at + S_UNATTRIBUTED_COUNT] as number,
    },
    dominant,
    recommendations,
  };
}

const compareNullableIds = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : a < b ? -1 : 1;

/**
 * Per department and overall: weighted gap per factor and its share, the dominant factor, the
 * recommended response per factor, and how many shortfalls are (partly) unattributed. One pass with
 * a Map from department to a slot in a flat Float64Array: no allocation per row.
 */
export function aggregateDiagnosis(diagnosed: readonly DiagnosedShortfall[]): DiagnosisReport {
  const acc = new DiagnosisAccumulator();
  for (let i = 0; i < diagnosed.length; i++) {
    const row = diagnosed[i] as DiagnosedShortfall;
    acc.add(row.departmentId, row.weightedGap, row.split);
  }
  return acc.report();
}

/**
 * `aggregateDiagnosis(diagnoseGaps(items, attributions))` in one pass, without building a row per
 * shortfall: for cycle-wide dashboards over hundreds of thousands of goals.
 */
export function diagnoseCycle(
  items: readonly ShortfallItem[],
  attributions: readonly AttributionRef[],
): DiagnosisReport {
  const index = indexAttributions(attributions);
  const acc = new DiagnosisAccumulator();
  for (let i = 0; i < items.length; i++) {
    const s = items[i] as ShortfallItem;
    const gap = gapOf(s.achievement);
    if (gap === null) continue;
    const g = groupOf(index, s.subjectId, s.goalId);
    acc.add(s.departmentId, round((gap * s.weight) / 100, 6), g?.split ?? UNATTRIBUTED_SPLIT);
  }
  return acc.report();
}

/** Per-department sums in a flat Float64Array (a slot per department): no allocation per row. */
class DiagnosisAccumulator {
  #slotOf = new Map<string | null, number>();
  #acc = new Float64Array(SLOTS * 16);
  #lastDept: string | null | undefined = undefined;
  #at = 0;

  add(dept: string | null, wg: number, sp: FactorSplit): void {
    if (dept !== this.#lastDept) {
      let slot = this.#slotOf.get(dept);
      if (slot === undefined) {
        slot = this.#slotOf.size;
        this.#slotOf.set(dept, slot);
        if ((slot + 1) * SLOTS > this.#acc.length) {
          const grown = new Float64Array(this.#acc.length * 2);
          grown.set(this.#acc);
          this.#acc = grown;
        }
      }
      this.#lastDept = dept;
      this.#at = slot * SLOTS;
    }
    const acc = this.#acc;
    const at = this.#at;
    acc[at] = (acc[at] as number) + wg * sp.skills;
    acc[at + 1] = (acc[at + 1] as number) + wg * sp.external_environment;
    acc[at + 2] = (acc[at + 2] as number) + wg * sp.internal_conditions;
    acc[at + 3] = (acc[at + 3] as number) + wg * sp.motivation;
    acc[at + S_UNATTRIBUTED] = (acc[at + S_UNATTRIBUTED] as number) + wg * sp.unattributed;
    acc[at + S_COUNT] = (acc[at + S_COUNT] as number) + 1;
    if (sp.unattributed > 0) acc[at + S_UNATTRIBUTED_COUNT] = (acc[at + S_UNATTRIBUTED_COUNT] as number) + 1;
  }

  report(): DiagnosisReport {
    const keys = [...this.#slotOf.keys()].sort(compareNullableIds);
    const overall = new Float64Array(SLOTS);
    const departments: DiagnosisReport['departments'] = [];
    for (const dept of keys) {
      const base = (this.#slotOf.get(dept) as number) * SLOTS;
      for (let k = 0; k < SLOTS; k++) overall[k] = (overall[k] as number) + (this.#acc[base + k] as number);
      departments.push(Object.assign({ departmentId: dept }, summarise(this.#acc, base)));
    }
    return { overall: summarise(overall, 0), departments };
  }
}
