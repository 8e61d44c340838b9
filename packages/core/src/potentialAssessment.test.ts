// Tests for potential assessments: the 1–3 scale and its names, the stored shape and the phases it is assessed in.
import { describe, expect, it } from 'vitest';
import {
  POTENTIAL_LEVELS,
  POTENTIAL_PHASES,
  PotentialAssessmentSchema,
  PotentialSchema,
  potentialName,
} from './potentialAssessment.ts';

const assessment = {
  id: 'pot_1',
  cycleId: 'cy',
  subjectId: 'ana',
  potential: 3,
  note: 'Ready for a bigger team.',
  assessedBy: 'sam',
  assessedAt: '2026-07-10T09:00:00Z',
};

describe('potential assessments', () => {
  it('takes potential 1, 2 or 3 only', () => {
    expect([1, 2, 3].map((p) => PotentialSchema.safeParse(p).success)).toEqual([true, true, true]);
    expect([0, 4, 2.5, '2'].map((p) => PotentialSchema.safeParse(p).success)).toEqual([
      false,
      false,
      false,
      false,
    ]);
  });

  it('names each level of the scale (the 9-box rows), and a number off the scale as the number', () => {
    expect([1, 2, 3].map(potentialName)).toEqual(['low', 'moderate', 'high']);
    expect(Object.keys(POTENTIAL_LEVELS).map(Number)).toEqual([1, 2, 3]);
    expect([1, 2, 3].every((p) => PotentialSchema.safeParse(p).success)).toBe(true);
    expect(potentialName(4)).toBe('4');
  });

  it('stores the assessment strictly, with a note of at most 2,000 characters', () => {
    expect(PotentialAssessmentSchema.parse(assessment)).toEqual(assessment);
    expect(PotentialAssessmentSchema.safeParse({ ...assessment, extra: 1 }).success).toBe(false);
    expect(PotentialAssessmentSchema.safeParse({ ...assessment, note: 'x'.repeat(2_001) }).success).toBe(
      false,
    );
    expect(PotentialAssessmentSchema.safeParse({ ...assessment, potential: 4 }).success).toBe(false);
  });

  it('is assessed while appraising and in calibration', () => {
    expect(POTENTIAL_PHASES).toEqual(['appraise', 'calibrate']);
  });
});
