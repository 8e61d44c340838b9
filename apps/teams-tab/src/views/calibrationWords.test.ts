// What a calibrated rating rests on, said plainly in English and Chinese; the API's message for what the tab cannot say.
import { describe, expect, it } from 'vitest';
import type { RatingBasisWarning } from '../api/types.ts';
import { translator } from '../i18n/index.tsx';
import { basisLines, basisText, restsOnMissingAppraisal } from './calibrationWords.ts';

const en = translator('en');
const zh = translator('zh-CN');
const w = (code: RatingBasisWarning['code'], details?: Record<string, unknown>): RatingBasisWarning => ({
  code,
  message: 'English message.',
  ...(details ? { details } : {}),
});

describe('calibration words', () => {
  it('says the missing manager appraisal by what the competency goals rest on instead', () => {
    expect(basisText(en, w('manager_review_missing', { ratedBy: ['self'] }))).toBe(
      'No manager appraisal: the competency goals rest on the self-appraisal alone',
    );
    expect(basisText(en, w('manager_review_missing', { ratedBy: [] }))).toBe(
      'No manager appraisal and no other rating: the competency goals are left out of the score',
    );
    expect(basisText(en, w('manager_review_missing', { ratedBy: ['self', 'peer'] }))).toBe(
      'No manager appraisal: the competency goals rest on self, peer ratings alone',
    );
    expect(basisText(zh, w('manager_review_missing', { ratedBy: ['self'] }))).toBe(
      '缺少经理评估：能力目标仅依据自评',
    );
    // Facts the tab cannot say: the API's English, never a guess.
    expect(basisText(en, w('manager_review_missing', { ratedBy: ['robot'] }))).toBe('English message.');
    expect(basisText(en, w('manager_review_missing'))).toBe('English message.');
  });

  it('names a goal left out by its title', () => {
    expect(basisText(en, w('unrated_goal', { goalId: 'g', title: 'Ownership', rated: false }))).toBe(
      'Ownership not rated: left out of the score',
    );
    expect(basisText(zh, w('unrated_goal', { goalId: 'g', title: 'Ownership', rated: false }))).toBe(
      '“Ownership”未评分：未计入得分',
    );
    expect(basisText(en, w('missing_actual', { goalId: 'k', title: 'Bookings' }))).toBe(
      'Bookings has no actual: left out of the score',
    );
    expect(basisText(en, w('unrated_goal', { goalId: 'g' }))).toBe('English message.');
  });

  it('puts the missing appraisal first and counts only appraisals as missing appraisals', () => {
    const list = [
      w('unrated_goal', { goalId: 'g', title: 'Ownership', rated: false }),
      w('manager_review_missing', { ratedBy: [] }),
    ];
    expect(basisLines(en, list)[0]).toMatch(/^No manager appraisal/);
    expect(restsOnMissingAppraisal(list)).toBe(true);
    expect(restsOnMissingAppraisal([w('missing_actual', { title: 'Bookings' })])).toBe(false);
    expect(restsOnMissingAppraisal(undefined)).toBe(false);
  });
});
