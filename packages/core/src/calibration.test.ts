// Tests for calibration: distribution, rater statistics with shrinkage, normalisation, 9-box, adjustments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalibratedRating,
  CalibratedRatingSchema,
  calibrate,
  calibrationSummary,
  evidenceIssues,
  forcedDistributionSuggestions,
  NINE_BOX_LABELS,
  nineBox,
  normaliseScores,
  type RaterEntry,
  raterStatistics,
  ratingDistribution,
  ratingEvidenceShortfalls,
  requireRatingUnchanged,
  toCalibratedRating,
} from './calibration.ts';
import { charCount } from './common.ts';
import { POLICY_PRESETS, type Policy } from './policy.ts';
import { unwrap } from './result.ts';
import { type Review, ReviewSchema } from './scoring.ts';

// Base policy: scale 1–5 (meets 3), guideline 5/15/50/20/10 with tolerance 10 pp, shrinkage k = 5,
// evidenceMinChars 40, biasThreshold 0.5, centralTendencyRatio 0.5.
const policy: Policy = POLICY_PRESETS.control;
const withCalibration = (c: Partial<Policy['calibration']>): Policy => ({
  ...policy,
  calibration: { ...policy.calibration, ...c },
});

describe('ratingDistribution', () => {
  it('compares level shares with the guideline', () => {
    // 10 ratings: 1×1 (10%), 2×2 (20%), 3×4 (40%), 4×1 (10%), 5×2 (20%).
    // deltas vs 5/15/50/20/10: +5, +5, −10, −10, +10 → none exceeds 10 pp → within guideline.
    const d = ratingDistribution([1, 2, 2, 3, 3, 3, 3, 4, 5, 5], policy);
    expect(d.total).toBe(10);
    expect(d.levels.map((l) => [l.value, l.count, l.percent, l.guideline, l.delta, l.flagged])).toEqual([
      [1, 1, 10, 5, 5, false],
      [2, 2, 20, 15, 5, false],
      [3, 4, 40, 50, -10, false],
      [4, 1, 10, 20, -10, false],
      [5, 2, 20, 10, 10, false],
    ]);
    expect(d.withinGuideline).toBe(true);
  });

  it('flags levels beyond the tolerance and counts off-scale ratings apart', () => {
    // 6 ratings of 3 (100%): deltas 1: −5, 2: −15, 3: +50, 4: −20, 5: −10 → 2, 3 and 4 exceed 10 pp.
    // 2.5 and 9 are not levels: off scale, outside the total.
    const d = ratingDistribution([3, 3, 3, 3, 3, 3, 2.5, 9], policy);
    expect(d.total).toBe(6);
    expect(d.offScale).toBe(2);
    expect(d.levels.filter((l) => l.flagged).map((l) => [l.value, l.delta])).toEqual([
      [2, -15],
      [3, 50],
      [4, -20],
    ]);
    expect(d.withinGuideline).toBe(false);
  });

  it('has nothing to flag when empty', () => {
    const d = ratingDistribution([], policy);
    expect(d.total).toBe(0);
    expect(d.withinGuideline).toBe(true);
    expect(d.levels.every((l) => l.percent === 0)).toBe(true);
  });
});

// Worked data: rater A (2 reports) 4, 5; rater B 2, 3, 4; rater C 3, 3, 3.
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
// Population: n 8, sum 27 → mean 3.375. Squared deviations:
//   0.390625 + 2.640625 + 1.890625 + 0.140625 + 0.390625 + 3 × 0.140625 = 5.875 → sd = √(5.875/8) = 0.856957.
const POP_SD = Math.sqrt(5.875 / 8);

describe('raterStatistics', () => {
  it('shrinks small teams toward the population (k = 5)', () => {
    const s = raterStatistics(entries, policy);
    expect(s.population).toEqual({ n: 8, mean: 3.375, sd: 0.856957 });
    const [a, b, c] = s.raters;
    // A: mean 4.5, sd 0.5; shrunkMean = (2×4.5 + 5×3.375)/7 = 25.875/7 = 3.696429; leniency 0.321429 ≤ 0.5.
    //    shrunkSd = (2×0.5 + 5×0.856957)/7 = 0.754970.
    expect(a).toMatchObject({
      raterId: 'A',
      n: 2,
      mean: 4.5,
      sd: 0.5,
      shrunkMean: 3.696429,
      leniency: 0.321429,
      flags: [],
    });
    expect(a?.shrunkSd).toBeCloseTo((1 + 5 * POP_SD) / 7, 6);
    // B: mean 3, sd √(2/3) = 0.816497.
    expect(b).toMatchObject({ raterId: 'B', n: 3, mean: 3, sd: 0.816497 });
    // C: mean 3, sd 0; shrunkSd = 5 × 0.856957 / 8 = 0.535598 → ratio 0.625 ≥ 0.5: not flagged yet.
    expect(c).toMatchObject({
      raterId: 'C',
      n: 3,
      mean: 3,
      sd: 0,
      shrunkMean: 3.234375,
      spreadRatio: 0.625,
      flags: [],
    });
  });

  it('uses the raw figures with k = 0 and flags lenient and central-tendency raters', () => {
    const s = raterStatistics(entries, withCalibration({ shrinkage: 0 }));
    // A: leniency 4.5 − 3.375 = 1.125 > 0.5 → lenient. C: spread 0/0.857 = 0 < 0.5 with n = 3 → central.
    expect(s.raters.map((r) => [r.raterId, r.shrunkMean, r.leniency, r.flags])).toEqual([
      ['A', 4.5, 1.125, ['lenient']],
      ['B', 3, -0.375, []],
      ['C', 3, -0.375, ['central_tendency']],
    ]);
  });

  it('flags a severe rater', () => {
    const s = raterStatistics(
      [...entries, { raterId: 'D', subjectId: 'd1', score: 1 }, { raterId: 'D', subjectId: 'd2', score: 1 }],
      withCalibration({ shrinkage: 0 }),
    );
    expect(s.raters.find((r) => r.raterId === 'D')?.flags).toEqual(['severe']);
  });

  it('handles no entries', () => {
    expect(raterStatistics([], policy)).toEqual({ raters: [], population: { n: 0, mean: 0, sd: 0 } });
  });
});

describe('normaliseScores', () => {
  it('maps each rater onto the population mean and spread (k = 0)', () => {
    const p = withCalibration({ shrinkage: 0 });
    const out = normaliseScores(entries, raterStatistics(entries, p), p);
    const by = new Map(out.map((o) => [o.subjectId, o.normalised]));
    // A (mean 4.5, sd 0.5): 4 → 3.375 + (4 − 4.5) × 0.856957/0.5 = 2.518043; 5 → 4.231957.
    expect(by.get('a1')).toBeCloseTo(3.375 - POP_SD, 5);
    expect(by.get('a2')).toBeCloseTo(3.375 + POP_SD, 5);
    // C has no spread: only shifted, 3 → 3.375 + (3 − 3) = 3.375.
    expect(by.get('c1')).toBe(3.375);
    expect(out.map((o) => o.subjectId)).toEqual(['a1', 'a2', 'b1', 'b2', 'b3', 'c1', 'c2', 'c3']);
  });

  it('passes through scores of raters without statistics and clamps to the scale', () => {
    const p = withCalibration({ shrinkage: 0 });
    const stats = raterStatistics(entries, p);
    const out = normaliseScores([{ raterId: 'Z', subjectId: 'z', score: 4.2 }], stats, p);
    expect(out[0]).toMatchObject({ normalised: 4.2, delta: 0, adjusted: false });
    const wide = normaliseScores(
      [{ raterId: 'C', subjectId: 'c9', score: 5 }],
      { ...stats, raters: stats.raters.map((r) => ({ ...r, shrunkSd: 0.1 })) },
      p,
    );
    expect(wide[0]?.normalised).toBe(5);
  });
});

const entriesArb = fc.array(
  fc.record({
    raterId: fc.constantFrom('r1', 'r2', 'r3', 'r4'),
    subjectId: fc.uuid(),
    score: fc.integer({ min: 100, max: 500 }).map((x) => x / 100),
  }),
  { minLength: 1, maxLength: 60 },
);

describe('calibration invariants', () => {
  it('normalisation keeps each rater’s order', () => {
    fc.assert(
      fc.property(entriesArb, fc.integer({ min: 0, max: 50 }), (list, k) => {
        const p = withCalibration({ shrinkage: k });
        const stats = raterStatistics(list, p);
        const out = normaliseScores(list, stats, p);
        const byRater = new Map<string, { score: number; normalised: number }[]>();
        for (const o of out) byRater.set(o.raterId, [...(byRater.get(o.raterId) ?? []), o]);
        for (const [raterId, xs] of byRater) {
          const r = stats.raters.find((s) => s.raterId === raterId);
          const factor =
            r && r.shrunkSd > 0 && stats.population.sd > 0 ? stats.population.sd / r.shrunkSd : 1;
          for (const x of xs) {
            for (const y of xs) {
              if (x.score >= y.score) continue;
              expect(x.normalised).toBeLessThanOrEqual(y.normalised);
              // Strict unless clamped at a bound (or too close to separate after 6-decimal rounding).
              const clamped = y.normalised === 1 || x.normalised === 5;
              if (!clamped && (y.score - x.score) * factor > 2e-6)
                expect(x.normalised).toBeLessThan(y.normalised);
            }
          }
        }
      }),
    );
  });

  it('shrinkage k = 0 equals the raw means; a huge k approaches the population mean', () => {
    fc.assert(
      fc.property(entriesArb, (list) => {
        const raw = raterStatistics(list, withCalibration({ shrinkage: 0 }));
        for (const r of raw.raters) {
          expect(r.shrunkMean).toBe(r.mean);
          expect(r.shrunkSd).toBe(r.sd);
        }
        const huge = raterStatistics(list, withCalibration({ shrinkage: 1e9 }));
        for (const r of huge.raters) {
          expect(Math.abs(r.shrunkMean - huge.population.mean)).toBeLessThan(1e-5);
          expect(r.flags.filter((f) => f !== 'central_tendency')).toEqual([]);
        }
        // In between, the pull is monotone: |shrunk − pop| ≤ |raw − pop|.
        const mid = raterStatistics(list, withCalibration({ shrinkage: 5 }));
        for (const r of mid.raters) {
          const pop = mid.population.mean;
          expect(Math.abs(r.shrunkMean - pop)).toBeLessThanOrEqual(Math.abs(r.mean - pop) + 1e-6);
        }
      }),
    );
  });
});

describe('nineBox', () => {
  it('places people by performance band and potential', () => {
    expect(unwrap(nineBox(5, 3, policy.ratingScale))).toEqual({
      performance: 'high',
      potential: 3,
      box: 9,
      label: 'Future star',
    });
    expect(unwrap(nineBox(3, 2, policy.ratingScale))).toEqual({
      performance: 'moderate',
      potential: 2,
      box: 5,
      label: 'Core player',
    });
    expect(unwrap(nineBox(2, 1, policy.ratingScale))).toEqual({
      performance: 'low',
      potential: 1,
      box: 1,
      label: 'Risk',
    });
    // box = (potential − 1) × 3 + band + 1: rating 4 (high, band 2), potential 1 → 3.
    expect(unwrap(nineBox(4, 1, policy.ratingScale)).box).toBe(3);
    expect(new Set(NINE_BOX_LABELS.flat()).size).toBe(9);
  });

  it('rejects a potential outside 1–3 and a rating that is not a level', () => {
    const a = nineBox(3, 4, policy.ratingScale);
    expect(a.ok ? null : a.error.code).toBe('invalid_potential');
    const b = nineBox(3.5, 2, policy.ratingScale);
    expect(b.ok ? null : b.error.code).toBe('rating_not_on_scale');
  });
});

describe('forcedDistributionSuggestions', () => {
  const people = [4.8, 4.6, 4.4, 3.9, 3.6, 3.2, 3.0, 2.7, 2.6, 2.6].map((score, i) => ({
    subjectId: `s${i}`,
    score,
    rating: score >= 4.5 ? 5 : score >= 3.5 ? 4 : score >= 2.5 ? 3 : 2,
  }));

  it('does nothing unless the policy forces the distribution', () => {
    expect(forcedDistributionSuggestions(people, policy)).toEqual({
      enabled: false,
      targets: [],
      suggestions: [],
      warnings: [],
    });
  });

  it('ranks by score and suggests the guideline counts, with a team-stability warning', () => {
    // Guideline from the top: 5:10%, 4:20%, 3:50%, 2:15%, 1:5% of 10 → 1, 2, 5, 1.5, 0.5.
    // Floors 1, 2, 5, 1, 0 = 9; the last seat goes to the larger remainder, a tie (0.5, 0.5) → the
    // higher level 2. Targets: 5→1 (s0), 4→2 (s1, s2), 3→5 (s3…s7), 2→2 (s8, s9; tie 2.6 by id).
    const forced: Policy = { ...policy, distribution: { ...policy.distribution, forced: true } };
    const out = forcedDistributionSuggestions(people, forced);
    expect(out.enabled).toBe(true);
    expect(out.targets.map((t) => [t.value, t.target, t.current])).toEqual([
      [1, 0, 0],
      [2, 2, 0],
      [3, 5, 5],
      [4, 2, 3],
      [5, 1, 2],
    ]);
    // Current: s0 5, s1 5, s2 4, s3 4, s4 4, s5 3 … s9 3.
    expect(out.suggestions.map((s) => [s.subjectId, s.rank, s.from, s.to, s.change])).toEqual([
      ['s1', 2, 5, 4, 'down'],
      ['s3', 4, 4, 3, 'down'],
      ['s4', 5, 4, 3, 'down'],
      ['s8', 9, 3, 2, 'down'],
      ['s9', 10, 3, 2, 'down'],
    ]);
    expect(out.warnings.map((w) => w.code)).toEqual(['team_stability']);
  });
});

describe('evidenceIssues', () => {
  it('lists extreme ratings without enough written evidence', () => {
    const r: Review = ReviewSchema.parse({
      id: 'rv1',
      cycleId: 'c1',
      subjectId: 'p1',
      reviewerId: 'm1',
      component: 'manager',
      submittedAt: '2025-06-30T00:00:00Z',
      ratings: [
        { goalId: 'g1', rating: 5, evidence: 'Great.' },
        { goalId: 'g2', rating: 1, comment: 'Missed every deadline this half, see tickets 12–19.' },
        { goalId: 'g3', rating: 3 },
        { goalId: 'g0', rating: 1, evidence: '   ' },
      ],
    });
    expect(evidenceIssues([r], policy)).toEqual([
      { reviewId: 'rv1', subjectId: 'p1', reviewerId: 'm1', goalId: 'g0', rating: 1, chars: 0, required: 40 },
      { reviewId: 'rv1', subjectId: 'p1', reviewerId: 'm1', goalId: 'g1', rating: 5, chars: 6, required: 40 },
    ]);
    expect(evidenceIssues([r], withCalibration({ evidenceMinChars: 0 }))).toEqual([]);
    // A later resubmission by the same reviewer replaces the review: only its ratings are checked.
    const fixed = ReviewSchema.parse({
      ...r,
      id: 'rv2',
      submittedAt: '2025-07-01T00:00:00Z',
      ratings: r.ratings.map((x) => ({ ...x, evidence: 'Shipped the import tool alone, two weeks early.' })),
    });
    expect(evidenceIssues([r, fixed], policy)).toEqual([]);
    expect(evidenceIssues([fixed, r], policy)).toEqual([]);
  });
});

describe('ratingEvidenceShortfalls', () => {
  it('checks one review’s ratings as evidenceIssues does, by position, before anything is stored', () => {
    const ratings = [
      { goalId: 'g1', rating: 5, evidence: 'Great.' },
      { goalId: 'g2', rating: 1, comment: 'Missed every deadline this half, see tickets 12–19.' },
      { goalId: 'g3', rating: 3 },
      { goalId: 'g4', rating: 1, evidence: '   ', comment: 'Late.' },
    ];
    expect(ratingEvidenceShortfalls(ratings, policy)).toEqual([
      { index: 0, goalId: 'g1', rating: 5, chars: 6, required: 40 },
      { index: 3, goalId: 'g4', rating: 1, chars: 5, required: 40 },
    ]);
    // Exactly the minimum passes (code points: CJK counts one per character).
    const forty = '这'.repeat(40);
    expect(ratingEvidenceShortfalls([{ goalId: 'g', rating: 5, evidence: forty }], policy)).toEqual([]);
    expect(
      ratingEvidenceShortfalls([{ goalId: 'g', rating: 5, evidence: forty.slice(1) }], policy),
    ).toHaveLength(1);
    expect(ratingEvidenceShortfalls(ratings, withCalibration({ evidenceMinChars: 0 }))).toEqual([]);
  });

  it('agrees with evidenceIssues on any single review', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ rating: fc.integer({ min: 1, max: 5 }), evidence: fc.string({ maxLength: 60 }) }),
          { maxLength: 6 },
        ),
        (rs) => {
          const ratings = rs.map((r, i) => ({ goalId: `g${i}`, rating: r.rating, evidence: r.evidence }));
          const review = ReviewSchema.parse({
            id: 'rv',
            cycleId: 'c',
            subjectId: 'p',
            reviewerId: 'm',
            component: 'self',
            submittedAt: '2025-06-30T00:00:00Z',
            ratings,
          });
          const a = ratingEvidenceShortfalls(ratings, policy).map((s) => s.goalId);
          const b = evidenceIssues([review], policy).map((s) => s.goalId);
          expect(a.sort()).toEqual(b.sort());
        },
      ),
    );
  });
});

describe('calibrate', () => {
  const start = toCalibratedRating({ subjectId: 'p1', score: 3.42, rating: { value: 3 } });
  const why = 'Delivered the migration two weeks early.';

  it('records an adjustment and keeps the original', () => {
    const res = unwrap(
      calibrate(
        start,
        { toRating: 4, actorId: 'hr1', justification: `  ${why}  `, at: '2025-07-01T10:00:00Z' },
        policy,
      ),
    );
    expect(res.original).toEqual({ score: 3.42, rating: 3 });
    expect(res.current).toEqual({ score: 3.42, rating: 4 });
    expect(res.adjustments).toEqual([
      { from: 3, to: 4, actorId: 'hr1', justification: why, at: '2025-07-01T10:00:00Z' },
    ]);
    expect(CalibratedRatingSchema.safeParse(res).success).toBe(true);
    expect(start.adjustments).toEqual([]);
  });

  it('counts a justification in characters as its schema does: 21 UTF-16 units of emoji are 13 characters', () => {
    const at = '2025-07-01T10:00:00Z';
    const emoji = '👩‍👩‍👧‍👦🏳️‍🌈👍🏽';
    expect([emoji.length, charCount(emoji)]).toEqual([21, 13]);
    const refused = calibrate(start, { toRating: 4, actorId: 'hr1', justification: emoji, at }, policy);
    expect(refused.ok ? null : [refused.error.code, refused.error.details]).toEqual([
      'justification_required',
      { minChars: 20, chars: 13 },
    ]);
    // What calibrate accepts, the stored adjustment's schema reads back (it refused emoji calibrate let through).
    const cjk = '因客户项目提前两周上线并带领新人完成了迁移工作。';
    const moved = unwrap(calibrate(start, { toRating: 4, actorId: 'hr1', justification: cjk, at }, policy));
    expect(CalibratedRatingSchema.safeParse(moved).success).toBe(true);
    // A change recorded under the earlier rule (21 units of emoji passed) still reads back: the minimum binds making a
    // change, not reading one, so such a record cannot make its cycle's scores unreadable.
    const recorded = {
      ...moved,
      adjustments: [{ from: 3, to: 4, actorId: 'hr1', justification: emoji, at }],
    };
    expect(CalibratedRatingSchema.safeParse(recorded).success).toBe(true);
    expect(
      CalibratedRatingSchema.safeParse({
        ...recorded,
        adjustments: [{ ...recorded.adjustments[0], justification: '' }],
      }).success,
    ).toBe(false);
  });

  it('refuses changes without justification, off the scale, without change or out of order', () => {
    const code = (r: ReturnType<typeof calibrate>): string => (r.ok ? 'ok' : r.error.code);
    const at = '2025-07-01T10:00:00Z';
    expect(
      code(calibrate(start, { toRating: 4, actorId: 'hr1', justification: 'too short', at }, policy)),
    ).toBe('justification_required');
    expect(code(calibrate(start, { toRating: 6, actorId: 'hr1', justification: why, at }, policy))).toBe(
      'rating_not_on_scale',
    );
    expect(code(calibrate(start, { toRating: 3, actorId: 'hr1', justification: why, at }, policy))).toBe(
      'no_change',
    );
    expect(
      code(calibrate(start, { toRating: 4, actorId: 'hr1', justification: why, at: 'yesterday' }, policy)),
    ).toBe('invalid_input');
    const once = unwrap(calibrate(start, { toRating: 4, actorId: 'hr1', justification: why, at }, policy));
    expect(
      code(
        calibrate(
          once,
          { toRating: 3, actorId: 'hr1', justification: why, at: '2025-06-30T10:00:00Z' },
          policy,
        ),
      ),
    ).toBe('out_of_order');
  });

  it('refuses a move decided against a rating that changed meanwhile, naming the current rating', () => {
    const at = '2025-07-01T10:00:00Z';
    expect(requireRatingUnchanged(start, 3)).toEqual({ ok: true, value: start });
    const moved = unwrap(calibrate(start, { toRating: 4, actorId: 'hr1', justification: why, at }, policy));
    expect(requireRatingUnchanged(moved, 4).ok).toBe(true);
    expect(requireRatingUnchanged(moved, 3)).toEqual({
      ok: false,
      error: {
        code: 'rating_changed',
        message: expect.stringContaining('rated 4 now, not 3'),
        path: ['fromRating'],
        details: { subjectId: 'p1', fromRating: 3, currentRating: 4 },
      },
    });
  });

  it('needs evidence-length justification to move to an extreme rating', () => {
    // "Delivered the migration two weeks early." is 40 characters: enough for 4, and exactly the 40 needed for 5.
    expect(why.length).toBe(40);
    const at = '2025-07-01T10:00:00Z';
    const short = 'Exceptional quarter, top of the team.'; // 37 characters ≥ 20 but < 40
    const r = calibrate(start, { toRating: 5, actorId: 'hr1', justification: short, at }, policy);
    expect(r.ok ? 'ok' : r.error.code).toBe('evidence_required');
    expect(calibrate(start, { toRating: 5, actorId: 'hr1', justification: why, at }, policy).ok).toBe(true);
    expect(calibrate(start, { toRating: 1, actorId: 'hr1', justification: short, at }, policy).ok).toBe(
      false,
    );
  });

  it('summarises changes up and down', () => {
    const at = '2025-07-01T10:00:00Z';
    const up = unwrap(calibrate(start, { toRating: 4, actorId: 'hr1', justification: why, at }, policy));
    const back = unwrap(calibrate(up, { toRating: 3, actorId: 'hr2', justification: why, at }, policy));
    const down: CalibratedRating = unwrap(
      calibrate(
        toCalibratedRating({ subjectId: 'p2', score: 4, rating: 4 }),
        { toRating: 2, actorId: 'hr1', justification: why, at },
        policy,
      ),
    );
    // up: 3→4 (changed up); back: 3→4→3 (unchanged, 2 adjustments); down: 4→2; untouched start.
    expect(calibrationSummary([up, back, down, start])).toEqual({
      total: 4,
      changed: 2,
      up: 1,
      down: 1,
      unchanged: 2,
      adjustments: 4,
      moves: [
        { from: 3, to: 4, count: 1 },
        { from: 4, to: 2, count: 1 },
      ],
    });
  });
});
