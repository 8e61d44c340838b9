// The catalogues: Chinese has every English key (also checked by the type), locale tags map as Teams sends them.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { en } from './en.ts';
import { catalogues, dateFormatter, localeOf, translator } from './index.tsx';
import { zh } from './zh.ts';

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

  it('interpolates variables', () => {
    expect(translator('en')('team.overdue', { days: 4 })).toBe('Overdue by 4 days');
    expect(translator('zh-CN')('team.overdue', { days: 4 })).toBe('已逾期 4 天');
  });
});
