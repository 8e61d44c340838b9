// Tests for rating moves in a score's explanation: calibration and appeal changes, oldest first, in the trace and the text.
import { describe, expect, it } from 'vitest';
import type { RatingMove } from './appealCorrection.ts';
import { GoalSchema } from './goals.ts';
import { POLICY_PRESETS } from './policy.ts';
import { ratingChangeText, withRatingChanges } from './ratingChangeTrace.ts';
import { unwrap } from './result.ts';
import { explainScore, scorePerson } from './scoring.ts';

const policy = POLICY_PRESETS.control;
const goal = GoalSchema.parse({
  id: 'g1',
  cycleId: 'c1',
  level: 'person',
  ownerId: 'ava',
  departmentId: 'sales',
  alignedTo: null,
  title: 'Revenue',
  weight: 100,
  kind: 'kpi',
  direction: 'higher_is_better',
  baseline: 0,
  target: 10,
  actual: 10,
});
const scored = unwrap(scorePerson({ subjectId: 'ava', goals: [goal], reviews: [] }, policy));

const appeal: RatingMove = {
  id: 'adj_2',
  kind: 'appeal',
  meetingId: 'fbm_1',
  cycleId: 'c1',
  subjectId: 'ava',
  from: 4,
  to: 5,
  actorId: 'hal',
  justification: 'Raised after the appeal: the outage evidence shows the target would have been beaten.',
  at: '2026-12-14T10:00:00Z',
};
const calibration: RatingMove = {
  id: 'adj_1',
  sessionId: 'cal_1',
  cycleId: 'c1',
  subjectId: 'ava',
  from: 3,
  to: 4,
  actorId: 'hana',
  justification: 'Moved up after comparing with the team.',
  at: '2026-11-02T10:00:00Z',
};

describe('withRatingChanges', () => {
  it('adds the moves of the person, oldest first, with the scale’s labels; the score is untouched', () => {
    const other = { ...calibration, id: 'adj_9', subjectId: 'ben' };
    const shown = withRatingChanges(scored, [appeal, other, calibration], policy);
    expect(shown.score).toBe(scored.score);
    expect(shown.rating).toEqual(scored.rating);
    expect(shown.trace.ratingChanges).toEqual([
      {
        kind: 'calibration',
        from: { value: 3, label: 'Meets expectations' },
        to: { value: 4, label: 'Exceeds expectations' },
        by: 'hana',
        at: calibration.at,
        reason: calibration.justification,
        sessionId: 'cal_1',
      },
      {
        kind: 'appeal',
        from: { value: 4, label: 'Exceeds expectations' },
        to: { value: 5, label: 'Outstanding' },
        by: 'hal',
        at: appeal.at,
        reason: appeal.justification,
        meetingId: 'fbm_1',
      },
    ]);
    expect(withRatingChanges(scored, [other], policy)).toBe(scored);
  });

  it('explains each move in one line at the end of the explanation', () => {
    const text = explainScore(withRatingChanges(scored, [calibration, appeal], policy));
    const lines = text.split('\n');
    expect(lines.slice(-3)).toEqual([
      'Rating changed after scoring:',
      '  - Changed in calibration (2026-11-02, by hana): Meets expectations → Exceeds expectations — Moved up after comparing with the team.',
      `  - Changed on appeal (2026-12-14, by hal): Exceeds expectations → Outstanding — ${appeal.justification}`,
    ]);
    expect(explainScore(scored)).not.toContain('Rating changed after scoring');
    const [step] = withRatingChanges(scored, [appeal], policy).trace.ratingChanges ?? [];
    expect(step && ratingChangeText(step)).toBe(
      `Changed on appeal (2026-12-14, by hal): Exceeds expectations → Outstanding — ${appeal.justification}`,
    );
  });
});
