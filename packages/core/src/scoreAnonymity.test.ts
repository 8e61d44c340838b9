// Tests for anonymous reviewers in score explanations: warnings, text and stored explanations for the subject.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isAnonymousComponent } from './feedbackAnonymity.ts';
import { GoalSchema } from './goals.ts';
import { type Component, POLICY_PRESETS } from './policy.ts';
import { unwrap } from './result.ts';
import {
  anonymousExplanation,
  anonymousWarning,
  anonymousWarnings,
  namesHiddenReviewer,
} from './scoreAnonymity.ts';
import { explainScore, type Review, ReviewSchema, scoreCycle, scorePerson } from './scoring.ts';

const policy = POLICY_PRESETS.incentive;
const goal = GoalSchema.parse({
  id: 'g1',
  cycleId: 'c1',
  level: 'person',
  ownerId: 'p1',
  departmentId: null,
  alignedTo: null,
  title: 'Ownership',
  weight: 100,
  kind: 'competency',
});

function review(id: string, reviewerId: string, component: Component, rating: number, day = 1): Review {
  return ReviewSchema.parse({
    id,
    cycleId: 'c1',
    subjectId: 'p1',
    reviewerId,
    component,
    ratings: [{ goalId: 'g1', rating }],
    submittedAt: `2025-06-0${day}T12:00:00Z`,
  });
}

/** p1 scored with a peer who submitted twice (per_quinn), and a manager who did too (per_mo). */
function scored() {
  const reviews = [
    review('rv_p_old', 'per_quinn', 'peer', 2, 1),
    review('rv_p_new', 'per_quinn', 'peer', 4, 2),
    review('rv_m_old', 'per_mo', 'manager', 3, 1),
    review('rv_m_new', 'per_mo', 'manager', 5, 2),
  ];
  return unwrap(scorePerson({ subjectId: 'p1', goals: [goal], reviews }, policy));
}

describe('anonymous reviewers in score explanations', () => {
  it('knows which components are anonymous to the subject', () => {
    expect((['self', 'manager', 'peer', 'upward'] as const).filter(isAnonymousComponent)).toEqual([
      'peer',
      'upward',
    ]);
  });

  it('leaves a superseded peer review’s reviewer out of the warning and the text, and keeps the manager’s', () => {
    const ps = scored();
    // The full explanation (HR, the manager chain) names both reviewers.
    expect(explainScore(ps)).toContain('by per_quinn (peer)');
    expect(explainScore(ps)).toContain('by per_mo (manager)');

    const shown = anonymousExplanation(ps);
    expect(shown.hidden).toBe(true);
    expect(shown.text).not.toContain('per_quinn');
    expect(JSON.stringify(shown.score)).not.toContain('per_quinn');
    expect(shown.text).toBe(explainScore(shown.score));
    expect(shown.text).toContain(
      "[superseded_review] Review rv_p_old (peer) is replaced by its reviewer's later review rv_p_new.",
    );
    // The manager is not anonymous to the subject: named as before.
    expect(shown.text).toContain(
      'Review rv_m_old by per_mo (manager) is replaced by their later review rv_m_new.',
    );
    const peer = shown.score.warnings.find((w) => w.details?.component === 'peer');
    expect(peer?.details).toEqual({ reviewId: 'rv_p_old', supersededBy: 'rv_p_new', component: 'peer' });
    // The trace names no reviewer: it is the same trace, and the numbers are untouched.
    expect(shown.score.trace).toBe(ps.trace);
    expect(shown.score.score).toBe(ps.score);
    // Every line but the peer warning is the full explanation's.
    const full = explainScore(ps).split('\n');
    const anon = shown.text.split('\n');
    expect(anon.filter((l) => !full.includes(l))).toEqual([
      "  - [superseded_review] Review rv_p_old (peer) is replaced by its reviewer's later review rv_p_new.",
    ]);
    // The input is not changed.
    expect(JSON.stringify(ps.warnings)).toContain('per_quinn');
  });

  it('hides an upward reviewer the same way', () => {
    const reviews = [review('u1', 'per_ula', 'upward', 2, 1), review('u2', 'per_ula', 'upward', 4, 3)];
    const ps = unwrap(scorePerson({ subjectId: 'p1', goals: [goal], reviews }, policy));
    const shown = anonymousExplanation(ps);
    expect(shown.hidden).toBe(true);
    expect(`${shown.text}${JSON.stringify(shown.score.warnings)}`).not.toContain('per_ula');
  });

  it('hands back the very same score and its usual text when no reviewer is hidden', () => {
    const reviews = [review('m1', 'per_mo', 'manager', 3, 1), review('m2', 'per_mo', 'manager', 4, 2)];
    const ps = unwrap(scorePerson({ subjectId: 'p1', goals: [goal], reviews }, policy));
    const shown = anonymousExplanation(ps);
    expect(shown.hidden).toBe(false);
    expect(shown.score).toBe(ps);
    expect(shown.text).toBe(explainScore(ps));
    expect(anonymousWarnings(ps.warnings)).toBe(ps.warnings);
  });

  it('works on a cycle score, whose trace is built on first read', () => {
    const reviews = [review('q1', 'per_quinn', 'peer', 2, 1), review('q2', 'per_quinn', 'peer', 4, 2)];
    const [ps] = scoreCycle([{ subjectId: 'p1', goals: [goal] }], policy, reviews).scores;
    if (!ps) throw new Error('not scored');
    const shown = anonymousExplanation(ps);
    expect(shown.score.trace.goals[0]?.goalId).toBe('g1');
    expect(shown.text).not.toContain('per_quinn');
    expect(shown.text).toContain('Goals:');
  });

  it('redacts a stored explanation (plain JSON, any version) and never trusts a warning without its component', () => {
    const stored = JSON.parse(JSON.stringify(scored())) as ReturnType<typeof scored>;
    const shown = anonymousExplanation(stored);
    expect(shown.text).not.toContain('per_quinn');
    expect(shown.text).toBe(explainScore(shown.score));

    // A superseded warning kept without its component: the reviewer is hidden, the message still reads.
    const legacy = {
      code: 'superseded_review',
      message: 'Review r1 by per_quinn is replaced by their later review r2.',
      details: { reviewId: 'r1', supersededBy: 'r2', reviewerId: 'per_quinn' },
    };
    expect(namesHiddenReviewer(legacy)).toBe(true);
    expect(anonymousWarning(legacy)).toEqual({
      code: 'superseded_review',
      message: "Review r1 is replaced by its reviewer's later review r2.",
      details: { reviewId: 'r1', supersededBy: 'r2' },
    });
    // A warning of a code core does not know that names a peer reviewer: the id is taken out of what it says.
    expect(
      anonymousWarning({
        code: 'brand_new',
        message: 'per_quinn did something twice (per_quinn).',
        details: { reviewerId: 'per_quinn', component: 'peer' },
      }),
    ).toEqual({
      code: 'brand_new',
      message: 'a reviewer did something twice (a reviewer).',
      details: { component: 'peer' },
    });
    // Warnings that name no reviewer are the same objects.
    const plain = { code: 'unknown_goal', message: 'Review r1 rates goal x.', details: { reviewId: 'r1' } };
    expect(anonymousWarning(plain)).toBe(plain);
    expect(namesHiddenReviewer({ code: 'missing_actual', message: 'm' })).toBe(false);
  });

  it('never lets a peer or upward reviewer id through, whatever the reviews', () => {
    const arbReview = fc.record({
      reviewer: fc.integer({ min: 0, max: 2 }),
      component: fc.constantFrom<Component>('self', 'manager', 'peer', 'upward'),
      rating: fc.integer({ min: 1, max: 5 }),
      day: fc.integer({ min: 1, max: 9 }),
    });
    fc.assert(
      fc.property(fc.array(arbReview, { maxLength: 12 }), (specs) => {
        const reviews = specs.map((s, i) =>
          review(
            `rv${String(i).padStart(2, '0')}`,
            // Reviewer ids say their component, so a hidden one cannot also be a named reviewer.
            s.component === 'self' ? 'p1' : `per_${s.component}_${s.reviewer}`,
            s.component,
            s.rating,
            s.day,
          ),
        );
        const out = scorePerson({ subjectId: 'p1', goals: [goal], reviews }, policy);
        if (!out.ok) return;
        const shown = anonymousExplanation(out.value);
        const said = `${shown.text}\n${JSON.stringify(shown.score)}`;
        expect(said).not.toMatch(/per_(peer|upward)_/);
        expect(shown.text).toBe(explainScore(shown.score));
      }),
      { numRuns: 200 },
    );
  });
});
