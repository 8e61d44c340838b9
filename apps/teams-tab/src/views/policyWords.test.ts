// A policy's culture-fit warnings said from their codes (and the ratings a missing multiplier names) in English and
// Chinese; the API's English for a code the tab does not know or a warning without its facts.
import { describe, expect, it } from 'vitest';
import { translator } from '../i18n/index.tsx';
import { policyWarningText } from './policyWords.ts';

const en = translator('en');
const zh = translator('zh-CN');
const api = (code: string, details?: Record<string, unknown>) => ({
  code,
  message: `English from the API (${code}).`,
  ...(details ? { details } : {}),
});

describe('policy words', () => {
  it('says each known code in both languages', () => {
    expect(policyWarningText(en, api('results_cycle_too_short'))).toBe(
      'Results-oriented organisations should lengthen the appraisal cycle (half-year or year).',
    );
    expect(policyWarningText(zh, api('results_cycle_too_short'))).toBe(
      '结果导向的组织应延长考核周期（半年或一年）。',
    );
    expect(policyWarningText(zh, api('team_stability'))).toMatch(/^已启用强制分布。/);
    expect(policyWarningText(en, api('results_no_benefit_sharing'))).toBe(
      'Results-oriented organisations should support an attractive benefit-sharing bonus pool.',
    );
  });

  it('names the ratings a missing multiplier is about', () => {
    expect(policyWarningText(en, api('multiplier_missing', { ratings: ['1', '2'] }))).toBe(
      'No bonus multiplier for rating 1, 2 (treated as 0).',
    );
    expect(policyWarningText(zh, api('multiplier_missing', { ratings: ['1', '2'] }))).toBe(
      '评级 1，2 没有奖金系数（按 0 计）。',
    );
  });

  it('keeps the API’s English for an unknown code, a catalogue key that is no warning, or missing facts', () => {
    expect(policyWarningText(zh, api('new_advice'))).toBe('English from the API (new_advice).');
    expect(policyWarningText(en, api('option'))).toBe('English from the API (option).');
    expect(policyWarningText(en, api('constructor'))).toBe('English from the API (constructor).');
    expect(policyWarningText(en, api('multiplier_missing'))).toBe(
      'English from the API (multiplier_missing).',
    );
  });
});
