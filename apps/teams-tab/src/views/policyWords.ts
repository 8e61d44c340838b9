// A policy's culture-fit warnings in the tab's language from their codes and facts; the API's English for a code the
// tab does not know (or a warning without the facts it names).
import type { StoredPolicy } from '../api/types.ts';
import type { MessageKey, Translate } from '../i18n/index.tsx';

type PolicyWarning = NonNullable<StoredPolicy['warnings']>[number];

/**
 * The codes said without facts (core's PolicyWarningCode; `multiplier_missing` names its ratings, the coaching
 * graces their days).
 */
const PLAIN = new Map<string, MessageKey>([
  ['team_stability', 'policyFit.team_stability'],
  ['results_cycle_too_short', 'policyFit.results_cycle_too_short'],
  ['results_targets_not_flexible', 'policyFit.results_targets_not_flexible'],
  ['results_no_benefit_sharing', 'policyFit.results_no_benefit_sharing'],
  ['distribution_levels_mismatch', 'policyFit.distribution_levels_mismatch'],
]);

/** Coaching graces that cover the cadence's interval, and the detail naming each one's days. */
const COACHING_GRACE = new Map<string, { key: MessageKey; days: string }>([
  [
    'recording_grace_covers_cadence',
    { key: 'policyFit.recording_grace_covers_cadence', days: 'recordingGraceDays' },
  ],
  ['overdue_grace_covers_cadence', { key: 'policyFit.overdue_grace_covers_cadence', days: 'graceDays' }],
]);

const isDays = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** A culture-fit warning from its code and facts; the API's English for a code the tab does not know. */
export function policyWarningText(t: Translate, warning: PolicyWarning): string {
  const plain = PLAIN.get(warning.code);
  if (plain) return t(plain);
  const ratings = warning.details?.ratings;
  if (warning.code === 'multiplier_missing' && Array.isArray(ratings) && ratings.length > 0) {
    return t('policyFit.multiplier_missing', { ratings: ratings.join(t('score.listSep')) });
  }
  const grace = COACHING_GRACE.get(warning.code);
  const cadence = warning.details?.cadenceDays;
  const days = grace ? warning.details?.[grace.days] : undefined;
  if (grace && isDays(cadence) && isDays(days)) return t(grace.key, { cadence, days });
  return warning.message;
}
