// A meeting's quality checks and formality warnings from their codes and counts in English and Chinese; the API's
// English for an unknown code or missing counts.
import { describe, expect, it } from 'vitest';
import type { FormalityWarning, QualityCheck } from '../api/types.ts';
import { type Locale, translator } from '../i18n/index.tsx';
import { formalityLabel, formalityText, qualityCheckText } from './meetingWords.ts';

const words = (locale: Locale) => ({
  t: translator(locale),
  number: (n: number, digits = 2) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(n),
});
const check = (c: Partial<QualityCheck>): QualityCheck => ({
  code: 'summary',
  passed: true,
  message: 'English from the API.',
  ...c,
});
const warning = (w: Partial<FormalityWarning>): FormalityWarning => ({
  id: 'fbm_1',
  code: 'near_duplicate',
  message: 'English from the API.',
  ...w,
});

describe('meeting words', () => {
  it('says each check in both languages (the English is the API’s own wording)', () => {
    const summary = check({ chars: 22, minChars: 80, passed: false });
    expect(qualityCheckText(words('en'), summary)).toBe('Summary: 22 characters (at least 80).');
    expect(qualityCheckText(words('zh-CN'), summary)).toBe('总结 22 个字符（至少 80 个）。');
    expect(qualityCheckText(words('en'), check({ code: 'strengths', passed: false }))).toBe(
      'No strengths are named.',
    );
    expect(qualityCheckText(words('zh-CN'), check({ code: 'strengths' }))).toBe('已写明优点。');
    expect(qualityCheckText(words('zh-CN'), check({ code: 'improvements', passed: false }))).toBe(
      '没有写明待改进之处。',
    );
    expect(qualityCheckText(words('en'), check({ code: 'agreed_action', actions: 1 }))).toBe(
      '1 agreed action.',
    );
    expect(qualityCheckText(words('en'), check({ code: 'agreed_action', actions: 2 }))).toBe(
      '2 agreed actions.',
    );
    expect(qualityCheckText(words('zh-CN'), check({ code: 'agreed_action', actions: 2 }))).toBe(
      '商定了 2 项行动。',
    );
    expect(
      qualityCheckText(words('zh-CN'), check({ code: 'agreed_action', actions: 0, passed: false })),
    ).toBe('没有商定的行动。');
  });

  it('falls back to the API’s message without the counts or for an unknown check', () => {
    expect(qualityCheckText(words('zh-CN'), check({}))).toBe('English from the API.');
    expect(qualityCheckText(words('zh-CN'), check({ code: 'agreed_action' }))).toBe('English from the API.');
    expect(qualityCheckText(words('zh-CN'), check({ code: 'tone' }))).toBe('English from the API.');
  });

  it('names each formality warning and says what is wrong', () => {
    const dup = warning({ details: { similarity: 0.8596, matchCount: 1, matches: [] } });
    expect(formalityLabel(words('en'), dup)).toBe('Near duplicate');
    expect(formalityLabel(words('zh-CN'), dup)).toBe('内容雷同');
    expect(formalityText(words('en'), dup)).toBe(
      'Nearly the same text (86% similar) as 1 other review by the same author about different people.',
    );
    expect(formalityText(words('zh-CN'), dup)).toBe(
      '与同一作者写给其他人的 1 份评价几乎相同（相似度 86%）。',
    );
    expect(
      formalityText(words('en'), warning({ details: { similarity: 0.912, matchCount: 3, matches: [] } })),
    ).toBe(
      'Nearly the same text (91.2% similar) as 3 other reviews by the same author about different people.',
    );
    const short = warning({ code: 'too_short', details: { chars: 9, minChars: 80 } });
    expect(formalityLabel(words('zh-CN'), short)).toBe('内容过短');
    expect(formalityText(words('zh-CN'), short)).toBe('反馈只有 9 个字符，至少应有 80 个。');
    expect(formalityText(words('en'), short)).toBe(
      'The feedback has 9 characters; at least 80 are expected.',
    );
    const empty = warning({ code: 'empty', details: { authorId: 'm' } });
    expect([formalityLabel(words('zh-CN'), empty), formalityText(words('zh-CN'), empty)]).toEqual([
      '内容为空',
      '反馈内容为空。',
    ]);
  });

  it('keeps the API’s message when the details lack a count (an older API) and an unknown code as it is', () => {
    expect(formalityText(words('zh-CN'), warning({ details: { similarity: 0.9, matches: [] } }))).toBe(
      'English from the API.',
    );
    expect(formalityText(words('zh-CN'), warning({ code: 'too_short' }))).toBe('English from the API.');
    const unknown = warning({ code: 'tone' as FormalityWarning['code'] });
    expect([formalityLabel(words('zh-CN'), unknown), formalityText(words('zh-CN'), unknown)]).toEqual([
      'tone',
      'English from the API.',
    ]);
  });
});
