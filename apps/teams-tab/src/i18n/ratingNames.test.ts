// Rating levels named in the tab's language: the policy's Chinese label in zh-CN, the default label otherwise or without one.
import { describe, expect, it } from 'vitest';
import type { RatingLevel } from '../api/types.ts';
import { ratingNames } from './ratingNames.ts';

const levels: RatingLevel[] = [
  { value: 1, label: 'Unsatisfactory', labels: { 'zh-CN': '不合格' } },
  { value: 3, label: 'Meets expectations', labels: { 'zh-CN': '达到预期', en: 'On target' } },
  { value: 5, label: 'Outstanding' },
];

describe('rating names', () => {
  it('says a level in the locale’s label: Chinese in zh-CN, the English one given for en', () => {
    const zh = ratingNames(levels, 'zh-CN');
    expect(zh.text({ value: 1, label: 'Unsatisfactory' })).toBe('1 · 不合格');
    expect(zh.label({ value: 3, label: 'Meets expectations' })).toBe('达到预期');
    expect(zh.text(3)).toBe('3 · 达到预期');
    const en = ratingNames(levels, 'en');
    expect(en.text({ value: 1, label: 'Unsatisfactory' })).toBe('1 · Unsatisfactory');
    expect(en.text(3)).toBe('3 · On target');
  });

  it('falls back to the default label: a level without labels, a policy without any, a rating its level does not name', () => {
    const zh = ratingNames(levels, 'zh-CN');
    expect(zh.text({ value: 5, label: 'Outstanding' })).toBe('5 · Outstanding');
    expect(zh.text(5)).toBe('5 · Outstanding');
    expect(ratingNames([{ value: 3, label: 'Meets' }], 'zh-CN').text({ value: 3, label: 'Meets' })).toBe(
      '3 · Meets',
    );
    // A label that is not the level's in this scale (another policy's words): kept as the API wrote it.
    expect(zh.label({ value: 3, label: 'Solid' })).toBe('Solid');
    // A value off the scale: the API's label, or the value alone.
    expect(zh.text({ value: 4, label: 'Exceeds expectations' })).toBe('4 · Exceeds expectations');
    expect(zh.text(4)).toBe('4');
  });
});
