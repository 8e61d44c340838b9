// A KPI actual's plausibility warnings (core actualPlausibility) in the tab's language, with the goal's name and unit.
import type { PlausibilityIssue } from '@perfloop/core';
import type { Translate } from '../i18n/index.tsx';

/** A value with the goal's unit after it ("150 k€"), as the plan's table shows anchors. */
export function withUnit(number: (n: number) => string, value: number, unit: string | undefined): string {
  return unit ? `${number(value)} ${unit}` : number(value);
}

/** One warning about `goal`'s actual, in words. */
export function plausibilityText(
  words: { t: Translate; number: (n: number, digits?: number) => string },
  goal: { title: string; unit?: string | undefined },
  issue: PlausibilityIssue,
): string {
  const { t, number } = words;
  switch (issue.code) {
    case 'wrong_sign':
      return t(`checkIn.plaus.wrong_sign.${issue.facts.sign}`, { goal: goal.title });
    case 'far_beyond':
      return t('checkIn.plaus.far_beyond', {
        goal: goal.title,
        times: number(issue.facts.factor),
        anchor: t(`checkIn.plaus.anchor.${issue.facts.anchor}`),
        value: withUnit(number, issue.facts.value, goal.unit),
      });
    case 'beyond_cap':
      return t('checkIn.plaus.beyond_cap', {
        goal: goal.title,
        cap: `${number(issue.facts.cap * 100, 0)}%`,
        achievement: `${number(issue.facts.achievement * 100, 0)}%`,
      });
  }
}
