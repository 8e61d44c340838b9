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

  it('says a coaching grace that covers the cadence with its days, in both languages', () => {
    const recording = api('recording_grace_covers_cadence', {
      cadence: 'weekly',
      cadenceDays: 7,
      recordingGraceDays: 10,
    });
    expect(policyWarningText(en, recording)).toBe(
      'Check-ins are due every 7 days, yet one recorded up to 10 days after the date it carries still counts at that date: a missed period can be filled in afterwards and late coaching never shows. Keep the recording grace shorter than 7 days.',
    );
    expect(policyWarningText(zh, recording)).toBe(
      '每 7 天应辅导一次，但晚于所填日期 10 天内补记的辅导记录仍按所填日期计入：错过的整个周期可以事后补上，不及时的辅导无法显现。请把补记宽限设得短于 7 天。',
    );
    const overdue = api('overdue_grace_covers_cadence', {
      cadence: 'monthly',
      cadenceDays: 30,
      graceDays: 30,
    });
    expect(policyWarningText(en, overdue)).toBe(
      'Check-ins are due every 30 days, yet one counts as overdue only 30 days after that: a whole period can pass without coaching before anyone is told. Keep the grace shorter than 30 days.',
    );
    expect(policyWarningText(zh, overdue)).toBe(
      '每 30 天应辅导一次，但要再过 30 天才算逾期：整个周期没有辅导也不会有人被提醒。请把宽限设得短于 30 天。',
    );
    // Without the days it names (or with the other grace's), the API's English.
    expect(policyWarningText(zh, api('overdue_grace_covers_cadence', { cadenceDays: 30 }))).toBe(
      'English from the API (overdue_grace_covers_cadence).',
    );
    expect(
      policyWarningText(en, api('recording_grace_covers_cadence', { cadenceDays: 7, graceDays: 9 })),
    ).toBe('English from the API (recording_grace_covers_cadence).');
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
