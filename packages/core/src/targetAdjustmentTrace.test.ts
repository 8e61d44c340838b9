// Tests for the relief in a score's explanation: original and adjusted anchors, the original score, nothing hidden.
import { describe, expect, it } from 'vitest';
import { type Goal, GoalSchema } from './goals.ts';
import { POLICY_PRESETS } from './policy.ts';
import { unwrap } from './result.ts';
import { explainScore, scorePerson } from './scoring.ts';
import {
  decideTargetAdjustment,
  requestTargetAdjustment,
  type TargetAdjustment,
} from './targetAdjustment.ts';
import { withTargetAdjustments } from './targetAdjustmentTrace.ts';

// incentive preset: threshold achievement 0.5, stretch achievement 1.5; scale 1–5 with meets 3.
const policy = POLICY_PRESETS.incentive;
const AT = '2026-04-01T09:00:00Z';
const REASON = 'A new competitor halved the regional market in March.';

const base = { cycleId: 'c1', level: 'person', ownerId: 'ana', departmentId: 'sales', alignedTo: null };
const revenue = (anchors: { threshold: number; target: number; stretch: number }): Goal =>
  GoalSchema.parse({
    ...base,
    id: 'g1',
    title: 'Revenue',
    weight: 50,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    actual: 100,
    ...anchors,
  });
const tickets = GoalSchema.parse({
  ...base,
  id: 'g2',
  title: 'Tickets closed',
  weight: 50,
  kind: 'kpi',
  direction: 'higher_is_better',
  baseline: 0,
  target: 10,
  actual: 10,
});

/** Revenue 120 → 100 (threshold 80 → 70, stretch 150 → 130), approved by Hana. */
function approved(): { adjustment: TargetAdjustment; goals: Goal[] } {
  const before = revenue({ threshold: 80, target: 120, stretch: 150 });
  const open = unwrap(
    requestTargetAdjustment(before, {
      id: 'tad_1',
      factor: 'external_environment',
      proposed: { threshold: 70, target: 100, stretch: 130 },
      reason: REASON,
      evidence: 'Market report Q1',
      requestedBy: 'sam',
      at: AT,
    }),
  );
  if (before.kind !== 'kpi') throw new Error('kpi expected');
  const decided = unwrap(decideTargetAdjustment(open, before, { approve: true, by: 'hana', at: AT }));
  return { adjustment: decided.adjustment, goals: [decided.goal, tickets] };
}

describe('withTargetAdjustments', () => {
  it('shows the original and adjusted anchors, the factor, the reason and the original score', () => {
    const { adjustment, goals } = approved();
    const ps = unwrap(scorePerson({ subjectId: 'ana', goals, reviews: [] }, policy));
    // Adjusted: 100 meets the target 100 → achievement 1 → score 3; with tickets (3) the score is 3.
    expect(ps.score).toBe(3);
    const shown = withTargetAdjustments(ps, [adjustment], policy);
    const g1 = shown.trace.goals.find((g) => g.goalId === 'g1');
    // Original: 100 between threshold 80 and target 120 → 0.5 + 20/40 × 0.5 = 0.75 → 1 + 0.75 × 2 = 2.5.
    expect(g1?.targetAdjustment).toEqual({
      original: { threshold: 80, target: 120, stretch: 150 },
      adjusted: { threshold: 70, target: 100, stretch: 130 },
      factor: 'external_environment',
      reason: REASON,
      steps: [
        {
          id: 'tad_1',
          factor: 'external_environment',
          reason: REASON,
          evidence: 'Market report Q1',
          from: { threshold: 80, target: 120, stretch: 150 },
          to: { threshold: 70, target: 100, stretch: 130 },
          requestedBy: 'sam',
          decidedBy: 'hana',
          decidedAt: AT,
          decisionNote: '',
        },
      ],
      originalReached: 'threshold',
      originalAchievement: 0.75,
      originalScore: 2.5,
    });
    expect(g1?.score).toBe(3);
    // (50 × 2.5 + 50 × 3) / 100 = 2.75.
    expect(shown.trace.unadjustedScore).toBe(2.75);
    expect(shown.score).toBe(3);
    expect(shown.trace.goals.find((g) => g.goalId === 'g2')?.targetAdjustment).toBeUndefined();
    const text = explainScore(shown);
    expect(text).toContain(
      `Target adjusted for the external environment: 120 → 100 (threshold 80 → 70, stretch 150 → 130) — ${REASON} (the original target would have given achievement 0.75, score 2.5)`,
    );
    expect(text).toContain('Without the target adjustments the score would be 2.75.');
  });

  it('two approvals of one goal: the original is the plan’s anchors, every step is listed', () => {
    const { adjustment, goals } = approved();
    const g1 = goals[0];
    if (g1?.kind !== 'kpi') throw new Error('kpi expected');
    const second = unwrap(
      requestTargetAdjustment(g1, {
        id: 'tad_2',
        factor: 'external_environment',
        proposed: { threshold: 60, target: 90, stretch: 130 },
        reason: REASON,
        requestedBy: 'ana',
        at: AT,
      }),
    );
    const later = unwrap(
      decideTargetAdjustment(second, g1, { approve: true, by: 'hal', at: '2026-05-01T09:00:00Z' }),
    );
    const ps = unwrap(scorePerson({ subjectId: 'ana', goals: [later.goal, tickets], reviews: [] }, policy));
    // Given newest first: the trace orders them by decision.
    const shown = withTargetAdjustments(ps, [later.adjustment, adjustment], policy);
    const t = shown.trace.goals[0]?.targetAdjustment;
    expect(t?.steps.map((s) => s.id)).toEqual(['tad_1', 'tad_2']);
    expect([t?.original.target, t?.adjusted.target, t?.originalScore]).toEqual([120, 90, 2.5]);
  });

  it('ignores requests not approved and other people’s; no approval leaves the score as it was', () => {
    const { adjustment, goals } = approved();
    const ps = unwrap(scorePerson({ subjectId: 'ana', goals, reviews: [] }, policy));
    expect(withTargetAdjustments(ps, [{ ...adjustment, state: 'rejected' }], policy)).toBe(ps);
    expect(withTargetAdjustments(ps, [{ ...adjustment, subjectId: 'bo' }], policy)).toBe(ps);
    expect(explainScore(ps)).not.toContain('Target adjusted');
  });

  it('a goal without an actual keeps its relief visible, without an original score', () => {
    const { adjustment, goals } = approved();
    const [g1] = goals;
    const ps = unwrap(
      scorePerson(
        { subjectId: 'ana', goals: [{ ...(g1 as Goal), actual: null } as Goal, tickets], reviews: [] },
        policy,
      ),
    );
    const t = withTargetAdjustments(ps, [adjustment], policy).trace.goals[0]?.targetAdjustment;
    expect([t?.original.target, t?.originalScore, t?.originalAchievement]).toEqual([120, null, null]);
  });
});
