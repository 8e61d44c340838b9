// A plan's goal-mix advice in the tab's language from its details (KPI weight, guideline ± tolerance, policy theme);
// the API's English message for another code or missing details.
import type { Plan } from '../api/types.ts';
import type { Translate } from '../i18n/index.tsx';

export function goalMixText(
  w: { t: Translate; number: (n: number, digits?: number) => string },
  warning: NonNullable<Plan['goalMixWarning']>,
): string {
  const d = warning.details;
  if (warning.code !== 'goal_mix_off_guideline' || !d) return warning.message;
  const { kpiWeight, guideline, tolerance, theme } = d;
  if (kpiWeight === undefined || guideline === undefined || tolerance === undefined) return warning.message;
  if (theme !== 'incentive' && theme !== 'control') return warning.message;
  return w.t('plan.goalMix', {
    kpi: w.number(kpiWeight),
    guideline: w.number(guideline),
    tolerance: w.number(tolerance),
    theme: w.t(`policyTheme.${theme}`),
  });
}
