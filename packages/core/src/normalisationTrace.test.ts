// explainNormalisation: the trace gives exactly normaliseScores' numbers, with the shrinkage and mapping as lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normaliseScores, type RaterEntry, raterStatistics } from './calibration.ts';
import { explainNormalisation } from './normalisationTrace.ts';
import { POLICY_PRESETS, type Policy } from './policy.ts';

// Scale 1–5, shrinkage k = 5 (the control preset).
const policy: Policy = POLICY_PRESETS.control;
const withShrinkage = (shrinkage: number): Policy => ({
  ...policy,
  calibration: { ...policy.calibration, shrinkage },
});

// Rater A 4, 5; B 2, 3, 4; C 3, 3, 3. Population n 8, mean 3.375, sd √(5.875/8) = 0.856957.
const entries: RaterEntry[] = [
  { raterId: 'A', subjectId: 'a1', score: 4 },
  { raterId: 'A', subjectId: 'a2', score: 5 },
  { raterId: 'B', subjectId: 'b1', score: 2 },
  { raterId: 'B', subjectId: 'b2', score: 3 },
  { raterId: 'B', subjectId: 'b3', score: 4 },
  { raterId: 'C', subjectId: 'c1', score: 3 },
  { raterId: 'C', subjectId: 'c2', score: 3 },
  { raterId: 'C', subjectId: 'c3', score: 3 },
];

describe('explainNormalisation', () => {
  it('traces the shrinkage and the mapping of one score (k = 5)', () => {
    const stats = raterStatistics(entries, policy);
    const t = explainNormalisation(entries[1] as RaterEntry, stats, policy);
    // A: n 2, mean 4.5, sd 0.5; pull 5/7 = 0.714286; shrunkMean 3.696429, shrunkSd 0.754969.
    expect(t.rater).toEqual({
      n: 2,
      mean: 4.5,
      sd: 0.5,
      pull: 0.714286,
      shrunkMean: 3.696429,
      shrunkSd: 0.754969,
    });
    expect(t.population).toEqual({ n: 8, mean: 3.375, sd: 0.856957 });
    expect(t.shrinkage).toBe(5);
    // factor 0.856957 / 0.754969 = 1.135088; 3.375 + (5 − 3.696429) × 1.135088 = 4.854665.
    expect(t.factor).toBeCloseTo(1.135088, 5);
    expect(t.normalised).toBeCloseTo(4.854665, 5);
    expect(t.clamped).toBe(false);
    expect(t.lines).toEqual([
      'Score 5 given by A, whose 2 scores have mean 4.5 and spread (sd) 0.5.',
      'Population: 8 scores, mean 3.375, sd 0.857.',
      "Shrinkage k = 5: the population counts as 5 scores, so A's figures move k / (n + k) = 5 / 7 = 71.4286% toward it: mean 4.5 → 3.6964, sd 0.5 → 0.755.",
      'Spread factor = population sd / shrunk sd = 0.857 / 0.755 = 1.1351.',
      'Normalised = population mean + (score − shrunk mean) × factor = 3.375 + (5 − 3.6964) × 1.1351 = 4.8547.',
      'Normalised 4.8547 (-0.1453): a view for the calibration meeting; it changes no rating.',
    ]);
  });

  it('says when the rater has no spread, when the score is clamped, and when there are no statistics', () => {
    const p = withShrinkage(0);
    const stats = raterStatistics(entries, p);
    const flat = explainNormalisation({ raterId: 'C', subjectId: 'c1', score: 3 }, stats, p);
    expect(flat.factor).toBe(1);
    expect(flat.normalised).toBe(3.375);
    expect(flat.lines[2]).toBe("Shrinkage k = 0: C's own mean 3 and sd 0 are used as they are.");
    expect(flat.lines[3]).toBe("Spread factor 1: C's shrunk spread is 0, so the score is only shifted.");
    const narrow = { ...stats, raters: stats.raters.map((r) => ({ ...r, shrunkSd: 0.1 })) };
    const high = explainNormalisation({ raterId: 'C', subjectId: 'c9', score: 5 }, narrow, p);
    expect(high.clamped).toBe(true);
    expect(high.unclamped).toBeGreaterThan(5);
    expect(high.normalised).toBe(5);
    expect(high.lines).toContain('Clamped to the scale 1–5: 5.');
    const none = explainNormalisation({ raterId: 'Z', subjectId: 'z', score: 4.2 }, stats, p);
    expect(none).toMatchObject({ rater: null, normalised: 4.2, delta: 0, clamped: false });
    expect(none.lines[1]).toContain('passes through unchanged');
  });

  it('gives exactly the numbers normaliseScores gives, for any entries and shrinkage', () => {
    const arb = fc.array(
      fc.record({
        raterId: fc.constantFrom('r1', 'r2', 'r3'),
        subjectId: fc.uuid(),
        score: fc.integer({ min: 100, max: 500 }).map((x) => x / 100),
      }),
      { minLength: 1, maxLength: 30 },
    );
    fc.assert(
      fc.property(arb, fc.integer({ min: 0, max: 20 }), (list, k) => {
        const p = withShrinkage(k);
        const stats = raterStatistics(list, p);
        const view = normaliseScores(list, stats, p);
        list.forEach((e, i) => {
          const t = explainNormalisation(e, stats, p);
          expect(t.normalised).toBe(view[i]?.normalised);
          expect(t.delta).toBe(view[i]?.delta);
          expect(t.rater !== null).toBe(view[i]?.adjusted);
        });
      }),
      { numRuns: 100 },
    );
  });
});
