import { describe, expect, it } from 'vitest';
import { buildSkillWords, generatedLanguageOf } from './generatedWords.ts';

describe('generated words', () => {
  it('maps an organisation locale to the language core writes in', () => {
    for (const tag of ['zh', 'zh-CN', 'zh-cn', 'zh-Hans', 'zh-Hans-CN', 'zh-SG'])
      expect(generatedLanguageOf(tag), tag).toBe('zh-CN');
    for (const tag of ['en', 'en-GB', 'de-DE', 'zh-TW', 'zh-Hant', '', null, undefined])
      expect(generatedLanguageOf(tag), String(tag)).toBe('en');
  });

  it('writes a "Build skill" goal in English and Chinese (a space between Chinese and a number)', () => {
    expect(buildSkillWords('en', 'Win rate', '45%')).toEqual({
      title: 'Build skill: Win rate',
      expectations: 'Close the skill gap behind "Win rate" (45% of target last cycle).',
    });
    expect(buildSkillWords('zh-CN', '赢单率', '45%')).toEqual({
      title: '培养技能：赢单率',
      expectations: '弥补“赢单率”背后的技能差距（上个周期达成目标的 45%）。',
    });
  });
});
