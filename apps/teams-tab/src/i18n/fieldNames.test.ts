// A field error's field in the user's words, English and Chinese: the form's label first, the catalogue's name of the
// API's path (its item number counted from 1), "A field" for one it does not know — never the path as the API writes it.
import { describe, expect, it } from 'vitest';
import { fieldLabel } from './fieldNames.ts';
import { translator } from './index.tsx';

const en = translator('en');
const zh = translator('zh-CN');

describe('fieldLabel', () => {
  it('names the free-text fields of the tab’s forms by the catalogue, in both languages', () => {
    const paths = [
      'notes',
      'form.nextSteps',
      'summary',
      'reason',
      'note',
      'evidence',
      'message',
      'justification',
    ];
    expect(paths.map((p) => fieldLabel(p, en))).toEqual([
      'Notes',
      'Next steps',
      'Summary',
      'Reason',
      'Note',
      'Evidence',
      'Message',
      'Justification',
    ]);
    expect(paths.map((p) => fieldLabel(p, zh))).toEqual([
      '记录',
      '下一步',
      '总结',
      '理由',
      '说明',
      '事实依据',
      '留言',
      '调整理由',
    ]);
  });

  it('prefers the most specific name: the whole path, its last two names, then its last', () => {
    expect(fieldLabel('override.reason', en)).toBe('Reason for moving on anyway');
    expect(fieldLabel('goalUpdates.0.actual', en)).toBe('New actual (item 1)');
    expect(fieldLabel('ratings.2.evidence', zh)).toBe('事实依据（第 3 项）');
    expect(fieldLabel('agreedActions.4', en)).toBe('Agreed actions (item 5)');
  });

  it('takes the form’s own label first, and never shows an unknown path', () => {
    expect(
      fieldLabel('goalUpdates.0.actual', en, { 'goalUpdates.0.actual': 'New actual for “Revenue”' }),
    ).toBe('New actual for “Revenue”');
    expect(fieldLabel('somethingNew.0.deep', en)).toBe('A field');
    expect(fieldLabel('somethingNew', zh)).toBe('某个字段');
  });
});
