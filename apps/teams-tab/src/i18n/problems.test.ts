// Problem codes and readiness guards in plain words; unknown ones are left to the API's own text (null).
import { describe, expect, it } from 'vitest';
import { translator } from './index.tsx';
import { guardText, problemText } from './problems.ts';

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
});
