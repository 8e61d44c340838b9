// The plan's goal-mix advice from its details in English and Chinese; the API's English without them.
import { describe, expect, it } from 'vitest';
import { type Locale, translator } from '../i18n/index.tsx';
import { goalMixText } from './planWords.ts';

const words = (locale: Locale) => ({
  t: translator(locale),
  number: (n: number, digits = 2) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
});
const advice = {
  code: 'goal_mix_off_guideline',
  message: 'English from the API.',
  details: { kpiWeight: 90, guideline: 40, tolerance: 10, theme: 'control' },
};

describe('plan words', () => {
  it('says the goal mix against the policy’s guideline (the English is the API’s own wording)', () => {
    expect(goalMixText(words('en'), advice)).toBe(
      'KPI goals carry 90% of the plan; the control policy suggests 40% ± 10.',
    );
    expect(goalMixText(words('zh-CN'), advice)).toBe('KPI 目标占计划权重的 90%；管控型政策建议为 40% ± 10。');
    expect(
      goalMixText(words('zh-CN'), {
        ...advice,
        details: { ...advice.details, theme: 'incentive', kpiWeight: 33.5 },
      }),
    ).toBe('KPI 目标占计划权重的 33.5%；激励型政策建议为 40% ± 10。');
  });

  it('keeps the API’s message without details, with an unknown theme or for another code', () => {
    expect(goalMixText(words('zh-CN'), { code: advice.code, message: advice.message })).toBe(
      'English from the API.',
    );
    expect(goalMixText(words('zh-CN'), { ...advice, details: { ...advice.details, theme: 'other' } })).toBe(
      'English from the API.',
    );
    expect(goalMixText(words('zh-CN'), { ...advice, code: 'something_else' })).toBe('English from the API.');
  });
});
