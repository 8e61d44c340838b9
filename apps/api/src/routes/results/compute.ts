// Apply phase, pure: final ratings + compensation + potential + gap attributions → core bonus, merit, promotion, improvement plans, development.
import {
  allocateBonusPool,
  type BonusAllocation,
  type BonusLine,
  type BonusMode,
  type DevelopmentItem,
  type DomainError,
  developmentItems,
  diagnoseGaps,
  dominantFactor,
  FACTOR_ORDER,
  type Factor,
  type ImprovementPlan,
  improvementPlanTriggers,
  type MeritAllocation,
  type MeritIncrease,
  meritIncreases,
  type Policy,
  type PromotionCandidate,
  type PromotionDecision,
  promotionNominations,
  type Readiness,
  type ShortfallItem,
  type SkillGapInput,
  splitOf,
  type TargetReview,
} from '@perfloop/core';
import type { CompensationInput } from './compensation.ts';

/** One goal's outcome as scoring traced it (core GoalTrace's fields that results need). */
export interface GoalOutcomeRow {
  goalId: string;
  title: string;
  kind: 'kpi' | 'competency';
  weight: number;
  /** KPI achievement (1 = target met); null for competencies and unmeasured KPIs. */
  achievement: number | null;
  /** The goal's score on the rating scale; null when it was not counted. */
  score: number | null;
}

/** A person with their final (calibrated) rating. */
export interface RatedPerson {
  personId: string;
  /** Who is responsible for an improvement plan (their manager, else their department head). */
  managerId: string;
  departmentId: string | null;
  score: number;
  rating: { value: number; label: string };
  goals: readonly GoalOutcomeRow[];
}

export interface AttributionRow {
  subjectId: string;
  goalId: string;
  factors: { factor: Factor; share: number }[];
}

export interface PromotionInput {
  personId: string;
  monthsInRole: number;
  readiness?: Readiness | undefined;
}

export interface ResultsOptions {
  poolCents: number;
  meritBudgetCents: number;
  mode: BonusMode;
  /** First day of improvement plans (YYYY-MM-DD). */
  startsOn: string;
  promotionInputs: readonly PromotionInput[];
}

export interface ResultsInput {
  cycleId: string;
  policy: Policy;
  options: ResultsOptions;
  people: readonly RatedPerson[];
  /** People of the cycle who could not be rated: why (core ScoreErrorCode, e.g. `all_goals_cancelled`) and its message. */
  unrated: readonly { personId: string; code: string; message: string }[];
  compensation: ReadonlyMap<string, CompensationInput>;
  /** Potential (1–3) per person, from the cycle's potential assessments. */
  potential: ReadonlyMap<string, number>;
  attributions: readonly AttributionRow[];
  /** People of the cycle whose appeal is still open (their meeting is `appealed`). */
  appealsOpen?: readonly string[];
}

export interface PersonResultLine {
  personId: string;
  score: number;
  rating: { value: number; label: string };
  bonus: BonusLine | null;
  merit: MeritIncrease | null;
  promotion: PromotionDecision | null;
  improvementPlan: ImprovementPlan | null;
  targetReview: TargetReview | null;
  developmentItems: DevelopmentItem[];
}

export interface ResultsWarning {
  code:
    | 'not_rated'
    | 'all_goals_cancelled'
    | 'compensation_missing'
    | 'potential_missing'
    | 'months_in_role_unknown'
    | 'bonus_pool_disabled'
    | 'appeals_open';
  message: string;
  personIds: string[];
}

export interface ResultsComputation {
  people: PersonResultLine[];
  bonus: Omit<BonusAllocation, 'people'> | null;
  merit: Omit<MeritAllocation, 'people'>;
  promotions: { nominated: number; notYet: number };
  improvementPlans: number;
  targetReviews: number;
  developmentItems: number;
  warnings: ResultsWarning[];
}

const NOT_CHECKED = 'Months in role are unknown, so that criterion was not checked.';

/** Promotion decisions: people with known months in role under the policy's default, the others without that criterion. */
function promotions(input: ResultsInput, candidates: readonly RatedPerson[]): Map<string, PromotionDecision> {
  const months = new Map(input.options.promotionInputs.map((p) => [p.personId, p]));
  const known: PromotionCandidate[] = [];
  const unknown: PromotionCandidate[] = [];
  for (const p of candidates) {
    const potential = input.potential.get(p.personId);
    if (potential === undefined) continue;
    const given = months.get(p.personId);
    const candidate: PromotionCandidate = {
      personId: p.personId,
      rating: p.rating.value,
      potential,
      monthsInRole: given?.monthsInRole ?? 0,
      ...(given?.readiness !== undefined ? { readiness: given.readiness } : {}),
    };
    (given ? known : unknown).push(candidate);
  }
  const out = new Map<string, PromotionDecision>();
  const a = promotionNominations(known, input.policy);
  const b = promotionNominations(unknown, input.policy, { minMonthsInRole: 0 });
  for (const d of [...a.nominated, ...a.notYet]) out.set(d.personId, d);
  // Without months in role that criterion is not checked: no minimum (null), and the reasons say so.
  for (const d of [...b.nominated, ...b.notYet]) {
    out.set(d.personId, {
      ...d,
      minMonthsInRole: null,
      reasons: d.reasons.filter((r) => !r.includes('months in role')).concat(NOT_CHECKED),
    });
  }
  return out;
}

/**
 * Everything the apply phase decides, from the final ratings. Nothing is stored here: the preview
 * returns it and apply stores it. Bonus and merit only cover people with compensation inputs,
 * promotion only people with a potential assessment; both are listed in `warnings` otherwise.
 * Fails only on a core refusal (e.g. floors above the pool).
 */
export function computeResults(
  input: ResultsInput,
): { ok: true; value: ResultsComputation } | { ok: false; errors: DomainError[] } {
  const { policy, people, options } = input;
  const warnings: ResultsWarning[] = [];
  const withPay = people.filter((p) => input.compensation.has(p.personId));
  const pay = (id: string) => input.compensation.get(id) as CompensationInput;

  let bonus: BonusAllocation | null = null;
  if (policy.bonusPool.enabled) {
    const allocated = allocateBonusPool(
      {
        poolCents: options.poolCents,
        mode: options.mode,
        people: withPay.map((p) => ({
          personId: p.personId,
          targetBonusCents: pay(p.personId).targetBonusCents,
          rating: p.rating.value,
        })),
      },
      policy,
    );
    if (!allocated.ok) return { ok: false, errors: [allocated.error] };
    bonus = allocated.value;
  } else {
    warnings.push({
      code: 'bonus_pool_disabled',
      message: `The ${policy.name} policy has no bonus pool: no bonuses are allocated.`,
      personIds: [],
    });
  }
  const merit = meritIncreases(
    {
      budgetCents: options.meritBudgetCents,
      people: withPay.map((p) => ({
        personId: p.personId,
        salaryCents: pay(p.personId).salaryCents,
        bandMidpointCents: pay(p.personId).bandMidpointCents,
        rating: p.rating.value,
      })),
    },
    policy,
  );
  if (!merit.ok) return { ok: false, errors: [merit.error] };
  const promoted = promotions(input, people);

  // Gap diagnosis of the measured KPI shortfalls feeds the improvement plans (external factors are not penalised).
  const items: ShortfallItem[] = [];
  for (const p of people) {
    for (const g of p.goals) {
      if (g.achievement === null) continue;
      items.push({
        subjectId: p.personId,
        departmentId: p.departmentId,
        goalId: g.goalId,
        weight: g.weight,
        achievement: g.achievement,
      });
    }
  }
  const diagnosed = diagnoseGaps(items, input.attributions);
  const titles = new Map(
    people.flatMap((p) => p.goals.map((g) => [`${p.personId}\u0000${g.goalId}`, g.title])),
  );
  const shortfallsOf = new Map<string, { goalId: string; title: string; factor?: Factor }[]>();
  for (const d of diagnosed) {
    const factor = dominantFactor(d.split);
    const title = titles.get(`${d.subjectId}\u0000${d.goalId}`) ?? d.goalId;
    const list = shortfallsOf.get(d.subjectId) ?? [];
    list.push(factor === null ? { goalId: d.goalId, title } : { goalId: d.goalId, title, factor });
    shortfallsOf.set(d.subjectId, list);
  }
  const triggers = improvementPlanTriggers(
    people.map((p) => ({
      personId: p.personId,
      managerId: p.managerId,
      rating: p.rating.value,
      shortfalls: shortfallsOf.get(p.personId) ?? [],
    })),
    policy,
    { startsOn: options.startsOn },
  );
  if (!triggers.ok) return { ok: false, errors: [triggers.error] };

  // Skill gaps: shortfalls and competencies below meets, with the factors their attributions name.
  const byGoal = new Map<string, AttributionRow[]>();
  for (const a of input.attributions) {
    const key = `${a.subjectId}\u0000${a.goalId}`;
    const list = byGoal.get(key) ?? [];
    list.push(a);
    byGoal.set(key, list);
  }
  const gaps: SkillGapInput[] = [];
  for (const p of people) {
    for (const g of p.goals) {
      if (g.score === null) continue;
      const shortfall = g.achievement !== null && g.achievement < 1;
      const lowCompetency = g.kind === 'competency' && g.score < policy.ratingScale.meets;
      if (!shortfall && !lowCompetency) continue;
      const split = splitOf(byGoal.get(`${p.personId}\u0000${g.goalId}`) ?? []);
      gaps.push({
        personId: p.personId,
        goalId: g.goalId,
        title: g.title,
        kind: g.kind,
        score: g.score,
        factors: FACTOR_ORDER.filter((f) => split[f] > 0),
      });
    }
  }
  const development = developmentItems(gaps, policy);

  const bonusOf = new Map((bonus?.people ?? []).map((l) => [l.personId, l]));
  const meritOf = new Map(merit.value.people.map((l) => [l.personId, l]));
  const planOf = new Map(triggers.value.plans.map((plan) => [plan.personId, plan]));
  const reviewOf = new Map(triggers.value.targetReviews.map((t) => [t.personId, t]));
  const devOf = new Map<string, DevelopmentItem[]>();
  for (const item of development) {
    const list = devOf.get(item.personId) ?? [];
    list.push(item);
    devOf.set(item.personId, list);
  }
  const lines: PersonResultLine[] = people.map((p) => ({
    personId: p.personId,
    score: p.score,
    rating: p.rating,
    bonus: bonusOf.get(p.personId) ?? null,
    merit: meritOf.get(p.personId) ?? null,
    promotion: promoted.get(p.personId) ?? null,
    improvementPlan: planOf.get(p.personId) ?? null,
    targetReview: reviewOf.get(p.personId) ?? null,
    developmentItems: devOf.get(p.personId) ?? [],
  }));

  const ids = (list: readonly RatedPerson[]) => list.map((p) => p.personId);
  if (input.unrated.length > 0) {
    warnings.push({
      code: 'not_rated',
      message: `${input.unrated.length} people of the cycle have no final rating (nothing scorable) and get no result.`,
      personIds: input.unrated.map((u) => u.personId),
    });
    const cancelled = input.unrated.filter((u) => u.code === 'all_goals_cancelled');
    if (cancelled.length > 0) {
      warnings.push({
        code: 'all_goals_cancelled',
        message: `${cancelled.length === 1 ? '1 person' : `${cancelled.length} people`} of the cycle had every goal of their plan cancelled: no score, so no result.`,
        personIds: cancelled.map((u) => u.personId),
      });
    }
  }
  const noPay = people.filter((p) => !input.compensation.has(p.personId));
  if (noPay.length > 0) {
    warnings.push({
      code: 'compensation_missing',
      message: `${noPay.length} rated people have no compensation inputs: no bonus or merit increase for them.`,
      personIds: ids(noPay),
    });
  }
  const noPotential = people.filter((p) => !input.potential.has(p.personId));
  if (noPotential.length > 0) {
    warnings.push({
      code: 'potential_missing',
      message: `${noPotential.length} rated people have no potential assessment: no promotion decision for them.`,
      personIds: ids(noPotential),
    });
  }
  const given = new Set(options.promotionInputs.map((p) => p.personId));
  const noMonths = people.filter((p) => input.potential.has(p.personId) && !given.has(p.personId));
  if (noMonths.length > 0) {
    warnings.push({
      code: 'months_in_role_unknown',
      message: `${noMonths.length} people were considered for promotion without the months-in-role criterion (send promotionInputs).`,
      personIds: ids(noMonths),
    });
  }
  const appealing = [...new Set(input.appealsOpen ?? [])].sort();
  if (appealing.length > 0) {
    warnings.push({
      code: 'appeals_open',
      message: `${appealing.length === 1 ? '1 person has' : `${appealing.length} people have`} an appeal still open: applied now, their result is re-applied if the appeal is resolved as changed (within what the pool and budget have left); resolve it first to apply on the final rating.`,
      personIds: appealing,
    });
  }
  const { people: _bp, ...bonusSummary } = bonus ?? { people: [] };
  const { people: _mp, ...meritSummary } = merit.value;
  return {
    ok: true,
    value: {
      people: lines,
      bonus: bonus ? (bonusSummary as Omit<BonusAllocation, 'people'>) : null,
      merit: meritSummary,
      promotions: {
        nominated: lines.filter((l) => l.promotion?.status === 'nominated').length,
        notYet: lines.filter((l) => l.promotion?.status === 'not_yet').length,
      },
      improvementPlans: triggers.value.plans.length,
      targetReviews: triggers.value.targetReviews.length,
      developmentItems: development.length,
      warnings,
    },
  };
}
