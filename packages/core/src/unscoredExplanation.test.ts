// Tests for the explanation of a person without a score: a plan whose every goal is cancelled lists those goals with the corrections that cancelled them.
import { describe, expect, it } from 'vitest';
import { correctGoal, type GoalCorrection } from './goalCorrection.ts';
import { type Goal, GoalSchema } from './goals.ts';
import { POLICY_PRESETS } from './policy.ts';
import { unwrap } from './result.ts';
import { scorePerson } from './scoring.ts';
import { explainUnscored, unscoredExplanation } from './unscoredExplanation.ts';

const policy = POLICY_PRESETS.incentive;
const REASON = 'The customer programme this goal measured was stopped in March.';
const base = { cycleId: 'c1', level: 'person', ownerId: 'ana', departmentId: 'sales', alignedTo: null };
const goal = (id: string, title: string, weight: number): Goal =>
  GoalSchema.parse({
    ...base,
    id,
    title,
    weight,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    target: 10,
    actual: 9,
  });

/** Ana's plan: Revenue cancelled in coach by her manager with a reason, Tickets cancelled while it was drafted. */
function allCancelled(): { goals: Goal[]; corrections: GoalCorrection[] } {
  const revenue = goal('g1', 'Revenue', 60);
  const cancelled = { ...revenue, status: 'cancelled' as const };
  const correction = unwrap(
    correctGoal(revenue, cancelled, {
      id: 'gcr_1',
      phase: 'coach',
      reason: REASON,
      by: 'mia',
      at: '2026-03-20T09:00:00Z',
    }),
  );
  if (!correction) throw new Error('a correction expected');
  const other: GoalCorrection = { ...correction, id: 'gcr_9', subjectId: 'ben', goalId: 'g9' };
  return {
    goals: [cancelled, { ...goal('g2', 'Tickets', 40), status: 'cancelled' }],
    corrections: [other, correction],
  };
}

describe('unscoredExplanation', () => {
  it('lists every cancelled goal of the plan with its corrections, in plan order', () => {
    const { goals, corrections } = allCancelled();
    const res = scorePerson({ subjectId: 'ana', goals, reviews: [] }, policy);
    if (res.ok) throw new Error('no score expected');
    const u = unscoredExplanation('ana', res.error, goals, corrections);
    expect(u).toEqual({
      subjectId: 'ana',
      reason: 'all_goals_cancelled',
      message: res.error.message,
      cancelledGoals: [
        {
          goalId: 'g1',
          title: 'Revenue',
          kind: 'kpi',
          weight: 60,
          corrections: [
            expect.objectContaining({
              id: 'gcr_1',
              fields: ['status'],
              before: { status: 'active' },
              after: { status: 'cancelled' },
              reason: REASON,
              correctedBy: 'mia',
            }),
          ],
        },
        { goalId: 'g2', title: 'Tickets', kind: 'kpi', weight: 40, corrections: [] },
      ],
    });
    // Pure: the same inputs give the same explanation.
    expect(unscoredExplanation('ana', res.error, goals, corrections)).toEqual(u);
  });

  it('says it in plain words: no score, why, and each cancelled goal with its cancellation', () => {
    const { goals, corrections } = allCancelled();
    const res = scorePerson({ subjectId: 'ana', goals, reviews: [] }, policy);
    if (res.ok) throw new Error('no score expected');
    expect(explainUnscored(unscoredExplanation('ana', res.error, goals, corrections))).toBe(
      [
        'No score for ana: every goal of the plan is cancelled, so nothing is left to score and there is no rating. Restore a goal or add one (a correction of the plan, with its reason) to score them.',
        'Cancelled goals (not counted):',
        '  - Revenue [kpi, weight 60]',
        `    Corrected after the plan was agreed (coach, 2026-03-20, by mia): status active → cancelled — ${REASON}`,
        '  - Tickets [kpi, weight 40]',
      ].join('\n'),
    );
  });

  it('for nothing scorable yet, gives the reason and the scoring message, no goals', () => {
    const waiting = { ...goal('g1', 'Revenue', 100), actual: null };
    const res = scorePerson({ subjectId: 'ana', goals: [waiting], reviews: [] }, policy);
    if (res.ok) throw new Error('no score expected');
    const u = unscoredExplanation('ana', res.error, [waiting]);
    expect([u.reason, u.cancelledGoals]).toEqual(['no_scorable_goals', []]);
    expect(explainUnscored(u)).toBe(
      'No score for ana: nothing can be scored yet.\n  No goal of ana can be scored yet: KPI goals need actuals and competency goals need ratings.',
    );
  });
});
