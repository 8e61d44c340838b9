// Applied results in the tab's language: development-item titles, improvement-plan reasons, promotion reasons and
// results-preview warnings from their codes and fields; the API's English only where a field is missing (older results).
import type { DevelopmentItem, ImprovementPlan, PromotionDecision, ResultsPreview } from '../api/types.ts';
import { counted, type MessageKey, type Translate } from '../i18n/index.tsx';

export interface ResultWords {
  t: Translate;
  number: (n: number, digits?: number) => string;
}

const DEVELOPMENT_TYPES: Record<string, MessageKey> = {
  training: 'res.devType.training',
  mentoring: 'res.devType.mentoring',
  stretch_assignment: 'res.devType.stretch_assignment',
};

/** "Mentoring: <goal>" from the item's type and goal title; the API's title for an unknown type or an older item. */
export function developmentItemTitle(w: ResultWords, item: DevelopmentItem): string {
  const type = DEVELOPMENT_TYPES[item.type];
  if (!type || item.goalTitle === undefined) return item.title;
  return w.t('res.devItem', { type: w.t(type), goal: item.goalTitle });
}

/** Sentences one after another (a space between them in English, none in Chinese). */
const sentences = (t: Translate, parts: readonly string[]): string =>
  parts.reduce((first, next) => t('res.sentences', { first, next }));

/** Why the plan: the rating against the policy's threshold, its length, its focus and the external goals left out. */
export function improvementPlanReason(w: ResultWords, plan: ImprovementPlan): string {
  const { t } = w;
  const { atOrBelowRating, durationDays, externalLeftOut } = plan;
  if (atOrBelowRating === undefined || durationDays === undefined || externalLeftOut === undefined) {
    return plan.reason;
  }
  const parts = [
    t('res.plan.reason', {
      rating: w.number(plan.rating),
      threshold: w.number(atOrBelowRating),
      days: w.number(durationDays),
    }),
  ];
  if (plan.focusGoals.length > 0) {
    parts.push(t('res.plan.focus', { goals: plan.focusGoals.map((g) => g.title).join(t('res.listSep')) }));
  }
  if (externalLeftOut > 0) parts.push(t('res.plan.leftOut', { count: w.number(externalLeftOut) }));
  return sentences(t, parts);
}

const POTENTIAL_NAMES: Record<number, MessageKey> = {
  1: 'res.potential.1',
  2: 'res.potential.2',
  3: 'res.potential.3',
};

/** A potential level by its name on core's 1–3 scale (low, moderate, high); the number for one off the scale. */
export function potentialName(w: ResultWords, potential: number): string {
  const key = POTENTIAL_NAMES[potential];
  return key ? w.t(key) : w.number(potential);
}

/**
 * Why a person is nominated (each criterion met) or not yet (each criterion not met), in the order the API gives its
 * English reasons; the API's reasons for a decision without the minimums (applied before they were added).
 */
export function promotionReasons(w: ResultWords, d: PromotionDecision): string[] {
  const { t } = w;
  const { minRating, minPotential, minMonthsInRole } = d;
  if (minRating === undefined || minPotential === undefined || minMonthsInRole === undefined)
    return d.reasons;
  const n = w.number;
  const out: string[] = [];
  if (d.status === 'nominated') {
    out.push(
      t('res.promo.ratingMet', { rating: n(d.rating), min: n(minRating) }),
      t('res.promo.potentialMet', {
        potential: potentialName(w, d.potential),
        min: potentialName(w, minPotential),
      }),
    );
    if (minMonthsInRole !== null) {
      out.push(t('res.promo.monthsMet', { months: n(d.monthsInRole), min: n(minMonthsInRole) }));
    }
    if (d.readiness === 'ready_now') out.push(t('res.promo.readyNow'));
  } else {
    for (const criterion of d.unmet) {
      if (criterion === 'rating') {
        out.push(t('res.promo.ratingBelow', { rating: n(d.rating), min: n(minRating) }));
      } else if (criterion === 'potential') {
        out.push(
          t('res.promo.potentialBelow', {
            potential: potentialName(w, d.potential),
            min: potentialName(w, minPotential),
          }),
        );
      } else if (criterion === 'months_in_role' && minMonthsInRole !== null) {
        out.push(t('res.promo.monthsBelow', { months: n(d.monthsInRole), min: n(minMonthsInRole) }));
      } else if (criterion === 'readiness') {
        out.push(t(d.readiness === 'ready_later' ? 'res.promo.readyLater' : 'res.promo.notReady'));
      } else {
        return d.reasons; // a criterion this tab does not know
      }
    }
  }
  if (minMonthsInRole === null) out.push(t('res.promo.monthsUnchecked'));
  return out;
}

const WARNINGS: Record<string, MessageKey> = {
  not_rated: 'res.warn.not_rated',
  all_goals_cancelled: 'res.warn.all_goals_cancelled',
  compensation_missing: 'res.warn.compensation_missing',
  potential_missing: 'res.warn.potential_missing',
  months_in_role_unknown: 'res.warn.months_in_role_unknown',
  bonus_pool_disabled: 'res.warn.bonus_pool_disabled',
  appeals_open: 'res.warn.appeals_open',
};

/** A results-preview warning: how many people it is about (or which policy); the API's message for an unknown code. */
export function resultsWarningText(
  w: ResultWords,
  preview: Pick<ResultsPreview, 'policyName'>,
  warning: ResultsPreview['warnings'][number],
  /** Names the people a warning is about, where its words name them (appeals_open). */
  nameOf: (personId: string) => string = (id) => id,
): string {
  const key = WARNINGS[warning.code];
  if (!key) return warning.message;
  const count = warning.personIds.length;
  return w.t(counted(key, count), {
    count: w.number(count),
    policy: preview.policyName,
    names: warning.personIds.map(nameOf).join(w.t('res.listSep')),
  });
}
