// Tests for corrections in a score's explanation: each corrected goal lists what changed, why, who and when.
import { describe, expect, it } from 'vitest';
import { addGoalCorrection, correctGoal, type GoalCorrection } from './goalCorrection.ts';
import { correctionText, withGoalCorrections } from './goalCorrectionTrace.ts';
import { type Goal, GoalSchema } from './goals.ts';
import { POLICY_PRESETS } from './policy.ts';
import { unwrap } from './result.ts';
import { explainScore, scorePerson } from './scoring.ts';

const policy = POLICY_PRESETS.incentive;
const REASON = 'The agreed weight left the plan at 110 by mistake.';
const base = { cycleId: 'c1', level: 'person', ownerId: 'ana', departmentId: 'sales', alignedTo: null };
const goal = (id: string, over: Record<string, unknown>): Goal =>
  GoalSchema.parse({
    ...base,
    id,
    title: id === 'g1' ? 'Revenue' : 'Tickets',
    weight: 50,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    target: 10,
    ...over,
  });

function corrected(): { goals: Goal[]; corrections: GoalCorrection[] } {
  const before = goal('g1', { weight: 60, actual: 10 });
  const after = goal('g1', { weight: 50, target: 8, actual: 10 });
  const first = unwrap(
    correctGoal(before, after, {
      id: 'gcr_2',
      phase: 'appraise',
      reason: REASON,
      by: 'hana',
      at: '2026-05-02T09:00:00Z',
    }),
  );
  const earlier = unwrap(
    correctGoal(goal('g1', { curve: { type: 'stepped' } }), goal('g1', {}), {
      id: 'gcr_1',
      phase: 'coach',
      reason: 'Stepped curve was not what the team agreed on.',
      by: 'hana',
      at: '2026-03-01T09:00:00Z',
    }),
  );
  if (!first || !earlier) throw new Error('corrections expected');
  return { goals: [after, goal('g2', { actual: 5 })], corrections: [first, earlier] };
}

describe('withGoalCorrections', () => {
  it('adds each goal its corrections, oldest first, and leaves the score as scored', () => {
    const { goals, corrections } = corrected();
    const scored = unwrap(scorePerson({ subjectId: 'ana', goals, reviews: [] }, policy));
    const shown = withGoalCorrections(scored, corrections);
    expect(shown.score).toBe(scored.score);
    const g1 = shown.trace.goals.find((g) => g.goalId === 'g1');
    expect(g1?.corrections?.map((c) => c.id)).toEqual(['gcr_1', 'gcr_2']);
    expect(g1?.corrections?.[1]).toMatchObject({
      fields: ['weight', 'target'],
      before: { weight: 60, target: 10 },
      after: { weight: 50, target: 8 },
      reason: REASON,
      correctedBy: 'hana',
      phase: 'appraise',
    });
    expect(shown.trace.goals.find((g) => g.goalId === 'g2')?.corrections).toBeUndefined();
  });

  it("ignores other people's corrections and returns the score unchanged without any", () => {
    const { goals, corrections } = corrected();
    const scored = unwrap(scorePerson({ subjectId: 'ana', goals, reviews: [] }, policy));
    expect(withGoalCorrections(scored, [])).toBe(scored);
    expect(
      withGoalCorrections(
        scored,
        corrections.map((c) => ({ ...c, subjectId: 'bo' })),
      ),
    ).toBe(scored);
    expect(
      withGoalCorrections(
        scored,
        corrections.map((c) => ({ ...c, goalId: 'gone' })),
      ),
    ).toBe(scored);
  });

  it('says each correction in the plain-text explanation, also for a goal not counted', () => {
    const { goals, corrections } = corrected();
    const text = explainScore(
      withGoalCorrections(unwrap(scorePerson({ subjectId: 'ana', goals, reviews: [] }, policy)), corrections),
    );
    expect(text).toContain(
      `Corrected after the plan was agreed (appraise, 2026-05-02, by hana): weight 60 → 50, target 10 → 8 — ${REASON}`,
    );
    expect(text).toContain('curve stepped → linear');
    const uncounted = [{ ...goals[0], actual: null } as Goal, goals[1] as Goal];
    const text2 = explainScore(
      withGoalCorrections(
        unwrap(scorePerson({ subjectId: 'ana', goals: uncounted, reviews: [] }, policy)),
        corrections,
      ),
    );
    expect(text2).toMatch(/Revenue \[kpi, weight 50\]: not counted[^\n]*\n {4}Corrected after/);
  });

  it('lists a goal cancelled after the plan was agreed, with the cancellation and its reason', () => {
    const revenue = goal('g1', { actual: 2 });
    const cancelled = { ...revenue, status: 'cancelled' as const };
    const cancel = unwrap(
      correctGoal(revenue, cancelled, {
        id: 'gcr_9',
        phase: 'coach',
        reason: 'The product line was discontinued in March.',
        by: 'mo',
        at: '2026-03-10T09:00:00Z',
      }),
    );
    if (!cancel) throw new Error('a correction expected');
    const goals = [cancelled, goal('g2', { actual: 5 })];
    const scored = unwrap(scorePerson({ subjectId: 'ana', goals, reviews: [] }, policy));
    expect(scored.trace.goals.map((g) => g.goalId)).toEqual(['g2']);
    // Without the person's goals the cancelled one cannot be named: nothing is invented.
    expect(withGoalCorrections(scored, [cancel])).toBe(scored);
    const shown = withGoalCorrections(scored, [cancel], goals);
    expect(shown.score).toBe(scored.score);
    expect(shown.trace.cancelledGoals).toEqual([
      {
        goalId: 'g1',
        title: 'Revenue',
        kind: 'kpi',
        weight: 50,
        corrections: [expect.objectContaining({ id: 'gcr_9', fields: ['status'] })],
      },
    ]);
    expect(explainScore(shown)).toContain(
      'Cancelled after the plan was agreed (not counted):\n  - Revenue [kpi, weight 50]\n' +
        '    Corrected after the plan was agreed (coach, 2026-03-10, by mo): status active → cancelled — ' +
        'The product line was discontinued in March.',
    );
    // Another person's cancelled goal, or one restored since (back in the trace), is not listed there.
    expect(withGoalCorrections(scored, [cancel], [{ ...cancelled, ownerId: 'bo' }])).toBe(scored);
    const restored = unwrap(
      scorePerson({ subjectId: 'ana', goals: [revenue, goals[1] as Goal], reviews: [] }, policy),
    );
    const back = withGoalCorrections(restored, [cancel], [revenue, goals[1] as Goal]);
    expect(back.trace.cancelledGoals).toBeUndefined();
    expect(back.trace.goals.find((g) => g.goalId === 'g1')?.corrections?.map((c) => c.id)).toEqual(['gcr_9']);
  });

  it('writes null anchors as none and capped curves with their cap', () => {
    expect(
      correctionText({
        id: 'x',
        phase: 'coach',
        fields: ['stretch', 'curve', 'direction'],
        before: { stretch: null, curve: { type: 'linear' }, direction: 'higher_is_better' },
        after: { stretch: 12, curve: { type: 'capped', cap: 1.2 }, direction: 'lower_is_better' },
        reason: 'r',
        correctedBy: 'hana',
        correctedAt: '2026-03-01T09:00:00Z',
      }),
    ).toContain(
      'stretch none → 12, curve linear → capped at 1.2, direction higher is better → lower is better',
    );
  });

  it('lists a goal added after the plan was agreed with its addition: title, weight, reason, who and when', () => {
    const added = goal('g2', { weight: 20, actual: 5, title: 'Churn' });
    const addition = unwrap(
      addGoalCorrection(added, {
        id: 'gcr_5',
        phase: 'appraise',
        reason: 'A second product line was handed to Ana in April.',
        by: 'hana',
        at: '2026-05-03T09:00:00Z',
      }),
    );
    if (!addition) throw new Error('a correction expected');
    const goals = [goal('g1', { weight: 80, actual: 10 }), added];
    const scored = unwrap(scorePerson({ subjectId: 'ana', goals, reviews: [] }, policy));
    const shown = withGoalCorrections(scored, [addition], goals);
    expect(shown.score).toBe(scored.score);
    expect(shown.trace.goals.find((g) => g.goalId === 'g2')?.corrections).toEqual([
      expect.objectContaining({
        id: 'gcr_5',
        kind: 'added',
        title: 'Churn',
        fields: ['weight', 'kind', 'direction', 'baseline', 'target', 'curve'],
        before: expect.objectContaining({ weight: null, target: null }),
        after: expect.objectContaining({ weight: 20, target: 10 }),
      }),
    ]);
    expect(shown.trace.cancelledGoals).toBeUndefined();
    expect(explainScore(shown)).toMatch(
      /- Churn \[kpi, weight 20 → [^\n]*\n {4}Added after the plan was agreed \(appraise, 2026-05-03, by hana\): Churn, weight 20 — A second product line was handed to Ana in April\./,
    );
    // Cancelled since: listed with its addition, then its cancellation.
    const cancelled = { ...added, status: 'cancelled' as const };
    const cancel = unwrap(
      correctGoal(added, cancelled, {
        id: 'gcr_6',
        phase: 'appraise',
        reason: 'The product line went to another team after all.',
        by: 'hana',
        at: '2026-05-04T09:00:00Z',
      }),
    );
    if (!cancel) throw new Error('a correction expected');
    const after = [goals[0] as Goal, cancelled];
    const rescored = unwrap(scorePerson({ subjectId: 'ana', goals: after, reviews: [] }, policy));
    const text = explainScore(withGoalCorrections(rescored, [cancel, addition], after));
    expect(text).toContain(
      '  - Churn [kpi, weight 20]\n    Added after the plan was agreed (appraise, 2026-05-03, by hana): Churn, weight 20 — ' +
        'A second product line was handed to Ana in April.\n    Corrected after the plan was agreed (appraise, 2026-05-04, by hana): status active → cancelled',
    );
  });

  it('says a step without a kind (kept before additions were corrections) as a change', () => {
    expect(
      correctionText({
        id: 'x',
        phase: 'coach',
        fields: ['weight'],
        before: { weight: 10 },
        after: { weight: 20 },
        reason: 'r',
        correctedBy: 'hana',
        correctedAt: '2026-03-01T09:00:00Z',
      }),
    ).toBe('Corrected after the plan was agreed (coach, 2026-03-01, by hana): weight 10 → 20 — r');
  });
});
