// Tests for the anonymity threshold of peer and upward feedback: withheld components, reviewer counts, the policy setting, UTC days.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ANONYMOUS_COMPONENTS,
  DEFAULT_ANONYMOUS_MIN_REVIEWS,
  reviewerCounts,
  utcDay,
  withheldComponents,
} from './feedbackAnonymity.ts';
import { type Component, POLICY_PRESETS, PolicySchema } from './policy.ts';

describe('withheldComponents', () => {
  const counts = (peer: number, upward: number, manager = 1) => [
    { component: 'self' as const, reviewers: 1 },
    { component: 'manager' as const, reviewers: manager },
    { component: 'peer' as const, reviewers: peer },
    { component: 'upward' as const, reviewers: upward },
  ];

  it('withholds a peer or upward component below the threshold, and shows it at the threshold', () => {
    expect(withheldComponents(counts(2, 1), 3)).toEqual([
      { component: 'peer', reviewers: 2, minReviews: 3 },
      { component: 'upward', reviewers: 1, minReviews: 3 },
    ]);
    expect(withheldComponents(counts(3, 3), 3)).toEqual([]);
    expect(withheldComponents(counts(3, 2), 3)).toEqual([
      { component: 'upward', reviewers: 2, minReviews: 3 },
    ]);
    expect(withheldComponents(counts(1, 4), 3)).toEqual([{ component: 'peer', reviewers: 1, minReviews: 3 }]);
  });

  it('never withholds self or manager reviews, nor a component nobody answered; 1 withholds nothing', () => {
    expect(withheldComponents(counts(0, 0, 1), 3)).toEqual([]);
    expect(withheldComponents(counts(1, 1), 1)).toEqual([]);
    expect(withheldComponents(counts(5, 5, 1), 50)).toEqual([
      { component: 'peer', reviewers: 5, minReviews: 50 },
      { component: 'upward', reviewers: 5, minReviews: 50 },
    ]);
  });

  it('holds exactly for 0 < reviewers < minReviews, whatever the counts', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 0, max: 10 }),
        fc.integer({ min: 1, max: 12 }),
        (peer, upward, min) => {
          const out = withheldComponents(counts(peer, upward), min);
          const expected = ANONYMOUS_COMPONENTS.filter((c) => {
            const n = c === 'peer' ? peer : upward;
            return n > 0 && n < min;
          });
          expect(out.map((w) => w.component)).toEqual(expected);
          for (const w of out) expect(w.minReviews).toBe(min);
        },
      ),
    );
  });
});

describe('reviewerCounts', () => {
  const r = (
    component: Component,
    reviewerId: string,
    submittedAt: string | null = '2026-05-04T10:00:00Z',
  ) => ({
    component,
    reviewerId,
    submittedAt,
  });

  it('counts the people who submitted one, once each; drafts do not count', () => {
    const counted = reviewerCounts([
      r('peer', 'a'),
      r('peer', 'a', '2026-05-05T10:00:00Z'),
      r('peer', 'b'),
      r('peer', 'c', null),
      r('upward', 'd'),
      r('manager', 'm'),
    ]);
    expect(counted).toEqual([
      { component: 'peer', reviewers: 2 },
      { component: 'upward', reviewers: 1 },
      { component: 'manager', reviewers: 1 },
    ]);
    expect(withheldComponents(counted, 3).map((w) => [w.component, w.reviewers])).toEqual([
      ['peer', 2],
      ['upward', 1],
    ]);
  });
});

describe('the policy setting feedback.anonymousMinReviews', () => {
  const { anonymousMinReviews: _, ...feedback } = POLICY_PRESETS.incentive.feedback;
  const stored = { ...POLICY_PRESETS.incentive, feedback };

  it('defaults to 3 for a policy stored before the setting existed; both presets say 3', () => {
    expect(PolicySchema.parse(stored).feedback.anonymousMinReviews).toBe(DEFAULT_ANONYMOUS_MIN_REVIEWS);
    expect(DEFAULT_ANONYMOUS_MIN_REVIEWS).toBe(3);
    expect(POLICY_PRESETS.incentive.feedback.anonymousMinReviews).toBe(3);
    expect(POLICY_PRESETS.control.feedback.anonymousMinReviews).toBe(3);
  });

  it('accepts whole numbers from 1 (no threshold) to 50 and refuses anything else', () => {
    const withMin = (anonymousMinReviews: unknown) =>
      PolicySchema.safeParse({ ...stored, feedback: { ...feedback, anonymousMinReviews } });
    for (const ok of [1, 3, 50]) expect(withMin(ok).data?.feedback.anonymousMinReviews).toBe(ok);
    for (const bad of [0, -1, 51, 2.5, '3', null]) {
      const res = withMin(bad);
      expect(res.success).toBe(false);
      expect(res.error?.issues[0]?.path).toEqual(['feedback', 'anonymousMinReviews']);
    }
  });
});

describe('utcDay', () => {
  it('gives the start of the instant’s UTC day, whatever offset it was written with', () => {
    expect(utcDay('2026-05-04T23:59:59.999Z')).toBe('2026-05-04T00:00:00.000Z');
    expect(utcDay('2026-05-04T00:00:00.000Z')).toBe('2026-05-04T00:00:00.000Z');
    expect(utcDay('2026-05-05T01:30:00+02:00')).toBe('2026-05-04T00:00:00.000Z');
    expect(utcDay(null)).toBeNull();
  });

  it('maps every instant of one UTC day to the same value, and never a later one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4_102_444_800_000 }), (ms) => {
        const iso = new Date(ms).toISOString();
        const day = utcDay(iso);
        expect(day.slice(0, 10)).toBe(iso.slice(0, 10));
        expect(day.endsWith('T00:00:00.000Z')).toBe(true);
        expect(Date.parse(day)).toBeLessThanOrEqual(ms);
        expect(ms - Date.parse(day)).toBeLessThan(86_400_000);
      }),
    );
  });
});
