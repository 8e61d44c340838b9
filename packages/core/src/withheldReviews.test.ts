// Tests for withheld peer and upward reviews in a score's explanation: pooled competency goals, warnings left out, nothing to work a rating out from.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { round } from './common.ts';
import type { WithheldComponent } from './feedbackAnonymity.ts';
import { GoalSchema } from './goals.ts';
import { type Component, POLICY_PRESETS, type Policy } from './policy.ts';
import { unwrap } from './result.ts';
import { anonymousExplanation } from './scoreAnonymity.ts';
import { expandedFormula, explainScore, type Review, ReviewSchema, scorePerson } from './scoring.ts';
import { namesWithheldReview, withheldTrace } from './withheldReviews.ts';

// incentive preset: self 10 / manager 60 / peer 20 / upward 10.
const policy: Policy = POLICY_PRESETS.incentive;
const base = { cycleId: 'c1', level: 'person', ownerId: 'p1', departmentId: null, alignedTo: null } as const;
const goals = [
  GoalSchema.parse({
    ...base,
    id: 'k1',
    title: 'Bookings',
    weight: 40,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    target: 100,
    actual: 100,
  }),
  GoalSchema.parse({ ...base, id: 'c1', title: 'Ownership', weight: 30, kind: 'competency' }),
  GoalSchema.parse({ ...base, id: 'c2', title: 'Teamwork', weight: 30, kind: 'competency' }),
];

function review(
  id: string,
  reviewerId: string,
  component: Component,
  ratings: Record<string, number>,
): Review {
  return ReviewSchema.parse({
    id,
    cycleId: 'c1',
    subjectId: 'p1',
    reviewerId,
    component,
    ratings: Object.entries(ratings).map(([goalId, rating]) => ({
      goalId,
      rating,
      comment: `said ${rating}`,
    })),
    submittedAt: '2026-05-04T10:00:00Z',
  });
}

/** p1 with a self and a manager review and one peer review rating Ownership `a` and Teamwork `b`. */
function scored(a: number, b: number, extra: Review[] = []) {
  const reviews = [
    review('s1', 'p1', 'self', { c1: 4, c2: 4 }),
    review('m1', 'mo', 'manager', { c1: 4, c2: 3 }),
    review('q1', 'quinn', 'peer', { c1: a, c2: b }),
    ...extra,
  ];
  return unwrap(scorePerson({ subjectId: 'p1', goals, reviews }, policy));
}

const peerWithheld: WithheldComponent[] = [{ component: 'peer', reviewers: 1, minReviews: 3 }];

describe('a score explained to the person reviewed while their peer reviews are withheld', () => {
  it('keeps the score and shows the competency goals only together', () => {
    const ps = scored(2, 5);
    const shown = anonymousExplanation(ps, peerWithheld);
    expect(shown.hidden).toBe(true);
    expect([shown.score.score, shown.score.rating]).toEqual([ps.score, ps.rating]);
    const trace = shown.score.trace;
    expect(trace.withheld?.components).toEqual(peerWithheld);
    const [kpi, c1, c2] = trace.goals;
    // The KPI is objective: unchanged.
    expect(kpi).toEqual(ps.trace.goals[0]);
    for (const g of [c1, c2]) {
      expect(g).toMatchObject({ pooled: true, score: null, contribution: 0, components: [], counted: true });
    }
    const full = ps.trace.goals;
    const pooled = trace.withheld?.pooled;
    expect(pooled).toEqual({
      goalIds: ['c1', 'c2'],
      weight: 60,
      effectiveWeight: 60,
      score: round((30 * (full[1]?.score ?? 0) + 30 * (full[2]?.score ?? 0)) / 60, 4),
      contribution: round((full[1]?.contribution ?? 0) + (full[2]?.contribution ?? 0), 4),
    });
    // The parts still add up to the score, and the formula says so.
    expect(Math.abs((kpi?.contribution ?? 0) + (pooled?.contribution ?? 0) - ps.score)).toBeLessThan(1e-3);
    expect(expandedFormula(shown.score)).toBe(`(40 × 3 + 60 × ${pooled?.score}) / 100 = ${ps.score}`);
    // The component summary (how many reviewed) is told; the input is not changed.
    expect(trace.components).toEqual(ps.trace.components);
    expect(ps.trace.goals[1]?.components.map((c) => c.component)).toEqual(['self', 'manager', 'peer']);
  });

  it('says so in the text, without a per-goal peer rating', () => {
    const shown = anonymousExplanation(scored(2, 5), peerWithheld);
    expect(shown.text).toBe(explainScore(shown.score));
    const lines = shown.text.split('\n');
    expect(lines).toContain(
      '  - Ownership [competency, weight 30 → 30%]: scored with the other competency goals together',
    );
    expect(lines.some((l) => l.startsWith('  - Competency goals together [weight 60 → 60%]: score '))).toBe(
      true,
    );
    expect(lines).toContain('Withheld (too few reviewers to stay anonymous):');
    expect(lines).toContain(
      '  - 1 peer review: not shown, as fewer than 3 people gave one and their authors could be recognised; counted in the score, with the competency goals shown together',
    );
    // No goal line gives a component's rating; the summary line still says how many reviewed.
    expect(lines.filter((l) => l.includes('[competency')).join('\n')).not.toMatch(/self|manager|peer/);
    expect(lines).toContain(
      'Components: self 10 (1 review), manager 60 (1 review), peer 20 (1 review), upward 10 (none)',
    );
    expect(shown.text).not.toContain('contributes 0,');
  });

  it('cannot tell which goal the withheld reviewer rated how: their ratings swapped between goals read the same', () => {
    const a = anonymousExplanation(scored(2, 5), peerWithheld);
    const b = anonymousExplanation(scored(5, 2), peerWithheld);
    expect(JSON.stringify(a.score)).toBe(JSON.stringify(b.score));
    expect(a.text).toBe(b.text);
    // Whoever sees the reviewers reads them apart.
    expect(explainScore(scored(2, 5))).not.toBe(explainScore(scored(5, 2)));

    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.integer({ min: 1, max: 5 }), (x, y) => {
        const one = anonymousExplanation(scored(x, y), peerWithheld);
        const two = anonymousExplanation(scored(y, x), peerWithheld);
        expect(two.text).toBe(one.text);
        expect(JSON.stringify(two.score.trace)).toBe(JSON.stringify(one.score.trace));
      }),
      { numRuns: 50 },
    );
  });

  it('leaves out warnings about a withheld review (and any that does not say its component); keeps the others', () => {
    const ps = scored(2, 5, [
      review('m2', 'mo', 'manager', { gone: 2 }),
      review('q2', 'quinn', 'peer', { c1: 3, ghost: 4 }),
    ]);
    expect(ps.warnings.map((w) => [w.code, w.details?.component])).toEqual(
      expect.arrayContaining([
        ['superseded_review', 'manager'],
        ['superseded_review', 'peer'],
        ['unknown_goal', 'peer'],
      ]),
    );
    const shown = anonymousExplanation(ps, peerWithheld);
    // The resubmitted manager review rates no live goal: the manager's absence is said (it names no review).
    expect(shown.score.warnings.map((w) => [w.code, w.details?.component]).sort()).toEqual([
      ['manager_review_missing', undefined],
      ['superseded_review', 'manager'],
      ['unknown_goal', 'manager'],
    ]);
    expect(shown.text).not.toContain('q2');
    expect(shown.text).not.toContain('ghost');
    // A kept warning about a review without its component is never trusted while anything is withheld.
    const legacy = { code: 'invalid_rating', message: 'Review r9 gives 3.5', details: { reviewId: 'r9' } };
    expect(namesWithheldReview(legacy, peerWithheld)).toBe(true);
    expect(namesWithheldReview(legacy, [])).toBe(false);
    expect(namesWithheldReview({ code: 'missing_actual', details: { goalId: 'k1' } }, peerWithheld)).toBe(
      false,
    );
  });

  it('works on a kept explanation (plain JSON), and a trace made so is not made again', () => {
    const stored = JSON.parse(JSON.stringify(scored(2, 5))) as ReturnType<typeof scored>;
    const shown = anonymousExplanation(stored, peerWithheld);
    expect(shown.score.trace.withheld?.pooled?.goalIds).toEqual(['c1', 'c2']);
    const again = anonymousExplanation(shown.score, peerWithheld);
    expect(again.score.trace).toBe(shown.score.trace);
    expect(again.text).toBe(shown.text);
  });

  it('drops the notes on goals rated by only some components (they would say which goals peers rated)', () => {
    // The peer rates Ownership only: Teamwork is rated by self and manager only.
    const ps = unwrap(
      scorePerson(
        {
          subjectId: 'p1',
          goals,
          reviews: [
            review('s1', 'p1', 'self', { c1: 4, c2: 4 }),
            review('m1', 'mo', 'manager', { c1: 4, c2: 3 }),
            review('q1', 'quinn', 'peer', { c1: 2 }),
          ],
        },
        policy,
      ),
    );
    expect(ps.trace.renormalisation.map((n) => n.code)).toContain('goal_components_partial');
    const trace = withheldTrace(ps.trace, peerWithheld);
    expect(trace.renormalisation.map((n) => n.code)).not.toContain('goal_components_partial');
    expect(trace.renormalised).toEqual(trace.renormalisation.map((n) => n.text));
    expect(trace.renormalised.join()).not.toContain('was rated by');
  });

  it('pools nothing for a withheld component of weight 0: only its entries go, the goal scores stay', () => {
    const noUpward: Policy = { ...policy, componentWeights: { ...policy.componentWeights, upward: 0 } };
    const ps = unwrap(
      scorePerson(
        {
          subjectId: 'p1',
          goals,
          reviews: [
            review('m1', 'mo', 'manager', { c1: 4, c2: 3 }),
            review('u1', 'ula', 'upward', { c1: 1, c2: 5 }),
          ],
        },
        noUpward,
      ),
    );
    const upward: WithheldComponent[] = [{ component: 'upward', reviewers: 1, minReviews: 3 }];
    const shown = anonymousExplanation(ps, upward);
    expect(shown.score.trace.withheld).toEqual({ components: upward, pooled: null });
    expect(shown.score.trace.goals.map((g) => g.score)).toEqual(ps.trace.goals.map((g) => g.score));
    expect(shown.score.trace.goals.flatMap((g) => g.components.map((c) => c.component))).toEqual([
      'manager',
      'manager',
    ]);
    expect(shown.text).toContain(
      '  - 1 upward review: not shown, as fewer than 3 people gave one and their authors could be recognised; counted in the score',
    );
    expect(shown.text).not.toContain('upward 1');
  });

  it('changes nothing when nothing is withheld', () => {
    const ps = unwrap(
      scorePerson(
        { subjectId: 'p1', goals, reviews: [review('m1', 'mo', 'manager', { c1: 4, c2: 3 })] },
        policy,
      ),
    );
    const shown = anonymousExplanation(ps, []);
    expect(shown.hidden).toBe(false);
    expect(shown.score).toBe(ps);
    expect(withheldTrace(ps.trace, [])).toBe(ps.trace);
  });
});
