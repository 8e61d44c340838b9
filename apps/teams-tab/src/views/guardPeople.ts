// The people a readiness guard or its hint is about, named in the tab's language: at most five, then "and N more".
import type { Translate } from '../i18n/index.tsx';

/** How many names a guard or hint spells out before "and N more" (the API names as many). */
export const NAMED = 5;

/** Whether a reason's ids are people (not the goal ids of kpi_actuals_missing; none for reasons about the cycle). */
export function listsPeople(reason: { code: string; ids: readonly string[] }): boolean {
  return reason.ids.length > 0 && reason.code !== 'kpi_actuals_missing';
}

/** "Ann Lee, Bob Ma and 3 more" (、 and 等另外 N 人 in Chinese): the first NAMED of `ids`, then how many more. */
export function namesText(ids: readonly string[], nameOf: (id: string) => string, t: Translate): string {
  const names = ids.slice(0, NAMED).map((id) => nameOf(id));
  const more = ids.length - names.length;
  return names.join(t('hint.listSep')) + (more > 0 ? t('hint.more', { count: more }) : '');
}
