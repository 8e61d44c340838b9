// The catalogues: Chinese has every English key (also checked by the type) and spaces CJK from Latin text, numbers and
// the placeholders that hold them; locale tags map as Teams sends them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from './en.ts';
import { catalogues, dateFormatter, localeOf, signedFormatter, translator } from './index.tsx';
import { zh } from './zh.ts';

/** Placeholders the tab fills with the catalogue's own Chinese words (phase, component and factor names, the theme). */
const CHINESE_WORDS = new Set([
  'phase',
  'allowed',
  'component',
  'components',
  'missing',
  'present',
  'factor',
  'anchor',
  'kind',
  'theme',
]);
const HAN = '\\p{Script=Han}';
const FULL_WIDTH = '[\\u3000-\\u303f\\uff00-\\uffef“”‘’]';

/**
 * Where a Chinese text breaks the spacing rule (the Chinese copywriting guidelines): a space between a Han character
 * and Latin text or a number, also a placeholder that holds one (a name, cycle, date, amount, count, title); none
 * between a Han character and a placeholder holding Chinese words, nor beside full-width punctuation.
 */
function spacingErrors(text: string): string[] {
  const errors: string[] = [];
  /** Each match of the patterns (looked at separately: a placeholder may break the rule on both sides). */
  const find = (patterns: string[], what: (name: string, at: string) => string | null) => {
    for (const pattern of patterns) {
      for (const m of text.matchAll(new RegExp(pattern, 'gu'))) {
        const error = what(m[1] ?? '', m[0]);
        if (error) errors.push(error);
      }
    }
  };
  find([`(?<=${HAN})\\{(\\w+)\\}`, `\\{(\\w+)\\}(?=${HAN})`], (name, at) =>
    CHINESE_WORDS.has(name) ? null : `no space beside ${at} (beside Han)`,
  );
  find([`(?<=${HAN} )\\{(\\w+)\\}`, `\\{(\\w+)\\}(?= ${HAN})`], (name, at) =>
    CHINESE_WORDS.has(name) ? `a space beside ${at}, which holds Chinese words` : null,
  );
  find(
    [`(?<=${FULL_WIDTH} )\\{(\\w+)\\}`, `\\{(\\w+)\\}(?= ${FULL_WIDTH})`],
    (_, at) => `a space between ${at} and full-width punctuation`,
  );
  const literal = text.replace(/\{\w+\}/g, '\u0000');
  for (const pattern of [`(?<=${HAN})[A-Za-z0-9]`, `[A-Za-z0-9%](?=${HAN})`]) {
    for (const m of literal.matchAll(new RegExp(pattern, 'gu'))) {
      errors.push(`no space between Han and "${m[0]}" at ${m.index}`);
    }
  }
  return errors;
}

describe('i18n', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('shows a calendar day as that day west of UTC too; an instant in the local time zone', () => {
    vi.stubEnv('TZ', 'America/Los_Angeles');
    const en = dateFormatter('en');
    // An improvement plan from 2026-07-20 to 2026-10-18 (date-only values), not the 19th and the 17th.
    expect(en('2026-07-20')).toBe('Jul 20, 2026');
    expect(en('2026-10-18')).toBe('Oct 18, 2026');
    expect(dateFormatter('zh-CN')('2026-07-20')).toBe('2026年7月20日');
    // 01:40 UTC on 7 December is still 6 December in Los Angeles.
    expect(en('2026-12-07T01:40:00.000Z')).toBe('Dec 6, 2026');
    expect(en(null)).toBe('—');
  });

  it('signs differences in the locale: + above zero, - below, none for zero', () => {
    for (const locale of ['en', 'zh-CN'] as const) {
      const signed = signedFormatter(locale);
      expect([signed(0.4), signed(-0.25), signed(0), signed(1234.5)]).toEqual([
        '+0.4',
        '-0.25',
        '0',
        '+1,234.5',
      ]);
      expect(signed(0.123, 1)).toBe('+0.1');
    }
  });

  it('maps Teams locales: zh-cn / zh-CN / zh-Hans → Simplified Chinese, others → English', () => {
    expect(localeOf('zh-cn')).toBe('zh-CN');
    expect(localeOf('zh-CN')).toBe('zh-CN');
    expect(localeOf('zh-Hans-CN')).toBe('zh-CN');
    expect(localeOf('en-us')).toBe('en');
    expect(localeOf('zh-tw')).toBe('en');
    expect(localeOf(undefined)).toBe('en');
  });

  it('has the same keys in both catalogues, none empty, placeholders kept', () => {
    expect(Object.keys(zh).sort()).toEqual(Object.keys(en).sort());
    for (const [key, text] of Object.entries(catalogues['zh-CN'])) {
      expect(text.trim(), key).not.toBe('');
      const vars = (s: string) => (s.match(/\{\w+\}/g) ?? []).sort();
      expect(vars(text), key).toEqual(vars(en[key as keyof typeof en]));
    }
  });

  it('Chinese labels end in a full-width colon, never an ASCII ": "', () => {
    expect(zh.labelSep).toBe('：');
    expect(en.labelSep).toBe(': ');
    for (const [key, text] of Object.entries(zh)) {
      expect(text, key).not.toMatch(/[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]: /);
    }
  });

  it('Chinese spaces Han characters from Latin text, numbers and the placeholders that hold them', () => {
    // The rule itself, on what it must catch and let through.
    expect(spacingErrors('关于{name}的反馈')).toHaveLength(2);
    expect(spacingErrors('关于 {name} 的反馈')).toEqual([]);
    expect(spacingErrors('周期处于{phase}阶段')).toEqual([]);
    expect(spacingErrors('周期处于 {phase} 阶段')).toHaveLength(2);
    expect(spacingErrors('“{goal}”：{count} 个')).toEqual([]);
    expect(spacingErrors('{name} ，好')).toHaveLength(1);
    expect(spacingErrors('KPI目标 3个')).toHaveLength(2);
    // Every Chinese entry with placeholders (and every other one) follows it, so new strings keep to it.
    const broken = Object.entries(zh).flatMap(([key, text]) =>
      spacingErrors(text).map((e) => `${key}: ${e}`),
    );
    expect(broken).toEqual([]);
    expect(Object.values(zh).filter((text) => /\{\w+\}/.test(text)).length).toBeGreaterThan(100);
  });

  it('interpolates variables', () => {
    expect(translator('en')('team.overdue', { days: 4 })).toBe('Overdue by 4 days');
    expect(translator('zh-CN')('team.overdue', { days: 4 })).toBe('已逾期 4 天');
  });
});
