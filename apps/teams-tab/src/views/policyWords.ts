// A policy's culture-fit warnings in the tab's language from their codes and facts; the API's English for a code the
// tab does not know (or a warning without the facts it names).
import type { StoredPolicy } from '../api/types.ts';
import type { MessageKey, Translate } from '../i18n/index.tsx';

type PolicyWarning = NonNullable<StoredPolicy['warnings']>[number];

/** The codes said without facts (core's PolicyWarningCode; `multiplier_missing` names its ratings). */
const PLAIN = new Map<string, MessageKey>([
  ['team_stability', 'policyFit.team_stability'],
  ['results_cycle_too_short', 'policyFit.results_cycle_too_short'],
  ['results_targets_not_flexible', 'policyFit.results_targets_not_flexible'],
  ['results_no_benefit_sharing', 'policyFit.results_no_benefit_sharing'],
  ['distribution_levels_mismatch', 'policyFit.distribution_levels_mismatch'],
]);

/** A culture-fit warning from its code and facts; the API's English for a code the tab does not know. */
export function policyWarningText(t: Translate, warning: PolicyWarning): string {
  const plain = PLAIN.get(warning.code);
  if (plain) return t(plain);
  const ratings = warning.details?.ratings;
  if (warning.code === 'multiplier_missing' && Array.isArray(ratings) && ratings.length > 0) {
    return t('policyFit.multiplier_missing', { ratings: ratings.join(t('score.listSep')) });
  }
  return warning.message;
}
