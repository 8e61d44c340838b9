// Problem codes and readiness guards in plain words; unknown ones are left to the API's own text (null).
import { describe, expect, it } from 'vitest';
import { translator } from './index.tsx';
import { fieldErrorText, guardText, problemText } from './problems.ts';

describe('problem and guard words', () => {
  const zh = translator('zh-CN');
  const en = translator('en');

  it('says known codes in both languages; unknown codes and helper keys are not codes', () => {
    expect(problemText({ title: 'Conflict', status: 409, code: 'draft_accepted' }, zh)).toBe(
      '该草案已被接受。',
    );
    expect(problemText({ title: 'Conflict', status: 409, code: 'draft_accepted' }, en)).toBe(
      'This draft was already accepted.',
    );
    expect(problemText({ title: 'Conflict', status: 409, code: 'not_a_code_yet' }, zh)).toBeNull();
    expect(problemText({ title: 'Conflict', status: 409 }, zh)).toBeNull();
    // wrong_phase needs its details; with a phase the tab does not know it is left to the API.
    expect(problemText({ title: 'Conflict', status: 409, code: 'wrong_phase' }, zh)).toBeNull();
    expect(
      problemText(
        { title: 'Conflict', status: 409, code: 'wrong_phase', details: { phase: 'x', allowed: [] } },
        zh,
      ),
    ).toBeNull();
    expect(
      problemText(
        { title: 'Conflict', status: 409, code: 'wrong_phase', details: { phase: 'closed', allowed: [] } },
        en,
      ),
    ).toBe('The cycle is in the Closed phase: this can no longer be done.');
  });

  it('says every recusal (a decision about oneself) in both languages', () => {
    const codes = [
      'own_rating',
      'own_appeal',
      'own_meeting',
      'own_potential',
      'own_review',
      'own_plan',
      'own_draft',
      'own_results',
      'own_attribution',
      'own_feedback_request',
    ];
    for (const code of codes) {
      const problem = { title: 'Forbidden', status: 403, code };
      expect(problemText(problem, en), code).toMatch(/^Nobody /);
      expect(problemText(problem, zh), code).toMatch(/^任何人都不能/);
    }
    expect(problemText({ title: 'Forbidden', status: 403, code: 'own_rating' }, en)).toBe(
      'Nobody calibrates their own rating: another member of the session moves it.',
    );
    expect(problemText({ title: 'Forbidden', status: 403, code: 'own_rating' }, zh)).toBe(
      '任何人都不能校准自己的评级，由校准会议的其他成员调整。',
    );
  });

  it('says readiness guards with their count', () => {
    expect(guardText('appeals_open', 2, zh)).toBe('尚未处理的申诉：2 份');
    expect(guardText('appeals_open', 2, en)).toBe('Appeals still open: 2');
    expect(guardText('a_new_guard', 1, en)).toBeNull();
  });

  it('says field errors by their code and params; unknown codes or missing facts are left to the API', () => {
    const f = (code: string, params?: Record<string, unknown>) => ({
      path: 'x',
      message: 'English',
      code,
      params,
    });
    const n = (x: number) => new Intl.NumberFormat('zh-CN').format(x);
    expect(fieldErrorText(f('required', { expected: 'string' }), zh)).toBe('必填。');
    expect(fieldErrorText(f('too_small', { origin: 'string', minimum: 20, inclusive: true }), zh)).toBe(
      '至少 20 个字符。',
    );
    expect(fieldErrorText(f('too_big', { origin: 'string', maximum: 5000, inclusive: true }), zh, n)).toBe(
      '最多 5,000 个字符。',
    );
    expect(fieldErrorText(f('too_big', { origin: 'number', maximum: 100, inclusive: true }), zh)).toBe(
      '不能大于 100。',
    );
    expect(fieldErrorText(f('too_small', { origin: 'number', minimum: 0, inclusive: false }), en)).toBe(
      'Must be more than 0.',
    );
    expect(fieldErrorText(f('too_big', { origin: 'array', maximum: 3, inclusive: true }), en)).toBe(
      'At most 3 items.',
    );
    expect(fieldErrorText(f('invalid_type', { expected: 'number' }), zh)).toBe('须为数字。');
    expect(fieldErrorText(f('invalid_type', { expected: 'int' }), zh)).toBe('须为整数。');
    expect(fieldErrorText(f('invalid_format', { format: 'date' }), zh)).toBe('须为日期（YYYY-MM-DD）。');
    expect(fieldErrorText(f('unrecognized_key', { key: 'colour' }), zh)).toBe('不是此处可填写的字段。');
    expect(fieldErrorText(f('invalid_value', { values: ['kpi', 'competency'] }), zh)).toBe(
      '须为以下之一：kpi、competency。',
    );
    expect(fieldErrorText(f('invalid_value', { values: ['kpi', 'competency'] }), en)).toBe(
      'Must be one of: kpi, competency.',
    );
    expect(fieldErrorText(f('not_multiple_of', { divisor: 5 }), zh)).toBe('须为 5 的倍数。');
    // Left to the API's message: a code without its facts, a date bound, a type or format the tab does not say.
    expect(fieldErrorText(f('too_small'), zh)).toBeNull();
    expect(
      fieldErrorText(f('too_small', { origin: 'date', minimum: '2026-01-01', inclusive: true }), zh),
    ).toBeNull();
    expect(fieldErrorText(f('invalid_type', { expected: 'object' }), zh)).toBeNull();
    expect(fieldErrorText(f('invalid_format', { format: 'regex' }), zh)).toBeNull();
    expect(fieldErrorText(f('custom'), zh)).toBeNull();
    // A rule's own code on a field: the problem's words when they need no facts.
    expect(fieldErrorText(f('unknown_cycle'), zh)).toBe(
      problemText({ title: '', status: 422, code: 'unknown_cycle' }, zh),
    );
    expect(fieldErrorText(f('wrong_phase'), zh)).toBeNull();
    expect(fieldErrorText({ path: 'x', message: 'English' }, zh)).toBeNull();
  });
});
