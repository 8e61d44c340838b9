// Score bodies and evidence issues as their reader may see them: peer and upward reviewers hidden from the subject.
import { describe, expect, it } from 'vitest';
import { evidenceForReader, scoreForReader } from './anonymity.ts';
import type { Viewer } from './reviewRules.ts';
import { explainedBody } from './scoreBodyFixture.ts';
import type { PersonScoreBody } from './scoreSchemas.ts';

const viewer = (personId: string | null, manages: string[] = []): Viewer => ({
  personId,
  canManage: (id) => manages.includes(id),
});
const rating = { value: 3, label: 'Meets' };
const peerWarning = {
  code: 'superseded_review',
  message: 'Review r1 by pia (peer) is replaced by their later review r2.',
  details: { reviewId: 'r1', supersededBy: 'r2', reviewerId: 'pia', component: 'peer' },
};
const body = (over: Partial<PersonScoreBody> = {}): PersonScoreBody => ({
  subjectId: 'sam',
  score: 3,
  rating,
  original: { score: 3, rating },
  calibrated: false,
  adjustments: [],
  warnings: [peerWarning],
  ...over,
});

describe('scoreForReader', () => {
  it('hands the manager chain the very same body', () => {
    const b = body({ explanation: 'Warnings:\n  - [superseded_review] Review r1 by pia (peer) …' });
    expect(scoreForReader(viewer('hana', ['sam']), b, 3)).toBe(b);
  });

  it('hides the peer from the subject, and from anyone who does not see every reviewer', () => {
    // Three peers reviewed: nothing is withheld, the warning stays without its reviewer.
    const counts = [{ component: 'peer' as const, reviewers: 3 }];
    for (const reader of [viewer('sam'), viewer('gwen'), viewer(null)]) {
      const shown = scoreForReader(reader, body(), 3, () => counts);
      expect(shown.warnings[0]?.details).toEqual({ reviewId: 'r1', supersededBy: 'r2', component: 'peer' });
      expect(JSON.stringify(shown)).not.toContain('pia');
    }
  });

  it('leaves out a kept text it cannot say again (no trace) rather than cut it', () => {
    const shown = scoreForReader(viewer('sam'), body({ explanation: 'Review r1 by pia (peer)' }), 3);
    expect('explanation' in shown).toBe(false);
    expect(JSON.stringify(shown)).not.toContain('pia');
  });

  it('keeps a body with nothing to hide as it is', () => {
    const b = body({ warnings: [{ code: 'missing_actual', message: 'Goal "x" has no actual yet.' }] });
    expect(scoreForReader(viewer('sam'), b, 3)).toBe(b);
  });
});

describe('scoreForReader under the anonymity threshold', () => {
  const min = 3;

  it('withholds a peer component with fewer reviewers from the subject: pooled goals, no peer rating, the score kept', () => {
    const full = explainedBody('sam', [[2, 5]]);
    const shown = scoreForReader(viewer('sam'), full, min);
    expect(shown.withheld).toEqual([{ component: 'peer', reviewers: 1, minReviews: 3 }]);
    expect([shown.score, shown.rating, shown.original]).toEqual([full.score, full.rating, full.original]);
    expect(shown.trace?.withheld?.pooled?.goalIds).toEqual(['c1g', 'c2g']);
    expect(shown.trace?.goals.filter((g) => g.pooled).map((g) => [g.score, g.components])).toEqual([
      [null, []],
      [null, []],
    ]);
    // Nothing of the peer's review: no warning about it, no rating in the text, the formula pooled.
    expect(shown.warnings).toEqual([]);
    expect(shown.explanation).toContain('1 peer review: not shown');
    expect(shown.explanation).not.toMatch(/peer \d(?!0 \()/);
    expect(shown.formula).toBe(
      `(40 × 3 + 60 × ${shown.trace?.withheld?.pooled?.score}) / 100 = ${full.score}`,
    );
    expect(JSON.stringify(shown)).not.toContain('peer0');
    // Their ratings swapped between the goals, the subject reads the very same.
    const swapped = scoreForReader(viewer('sam'), explainedBody('sam', [[5, 2]]), min);
    expect(JSON.stringify(swapped)).toBe(JSON.stringify(shown));
  });

  it('shows it at the threshold (reviewers anonymous), and to the manager chain and HR as it is', () => {
    const three = explainedBody('sam', [
      [2, 5],
      [3, 3],
      [4, 4],
    ]);
    const shown = scoreForReader(viewer('sam'), three, min);
    expect(shown.withheld).toBeUndefined();
    expect(shown.trace).toEqual(three.trace);
    expect(shown.explanation).toContain('peer 3 (3 raters');
    expect(JSON.stringify(shown)).not.toContain('peer0');
    const one = explainedBody('sam', [[2, 5]]);
    expect(scoreForReader(viewer('hana', ['sam']), one, min)).toBe(one);
    // The counts are never worked out for a reader who sees every reviewer (a cycle score's trace is built on demand).
    const never = () => {
      throw new Error('counts worked out');
    };
    expect(scoreForReader(viewer('hana', ['sam']), one, min, never)).toBe(one);
    // A threshold of 1: nothing withheld.
    expect(scoreForReader(viewer('sam'), one, 1).withheld).toBeUndefined();
  });

  it('without a trace (explain=false), decides from the counts it is given and leaves out the warnings', () => {
    const { trace, explanation: _e, formula: _f, ...bare } = explainedBody('sam', [[2, 5]]);
    const shown = scoreForReader(viewer('sam'), bare, min, () => trace?.components ?? []);
    expect(shown.withheld).toEqual([{ component: 'peer', reviewers: 1, minReviews: 3 }]);
    expect(shown.warnings).toEqual([]);
    // Counts unknown: every warning about a peer or upward review goes, nothing is said of `withheld`.
    const unknown = scoreForReader(viewer('sam'), bare, min);
    expect(unknown.warnings).toEqual([]);
    expect(unknown.withheld).toBeUndefined();
  });
});

describe('evidenceForReader', () => {
  const issue = (reviewId: string, reviewerId: string) => ({
    reviewId,
    subjectId: 'erin',
    reviewerId,
    goalId: 'g',
    rating: 5,
    chars: 0,
    required: 20,
  });
  const reviews = [
    { id: 'p', component: 'peer' },
    { id: 'u', component: 'upward' },
    { id: 'm', component: 'manager' },
  ].map((r) => ({
    ...r,
    cycleId: 'c',
    subjectId: 'erin',
    reviewerId: 'x',
    ratings: [],
    summary: '',
    submittedAt: '2026-03-01T10:00:00Z',
  })) as Parameters<typeof evidenceForReader>[2];
  const issues = [issue('p', 'mo'), issue('u', 'paul'), issue('m', 'cat'), issue('gone', 'zed')];

  it('names the manager to the subject, never a peer, an upward reviewer or one it cannot place', () => {
    // A threshold of 1 withholds nothing.
    expect(evidenceForReader(viewer('erin'), issues, reviews, 1).map((i) => i.reviewerId)).toEqual([
      null,
      null,
      'cat',
      null,
    ]);
    expect(evidenceForReader(viewer('hal', ['erin']), issues, reviews, 1)).toEqual(issues);
  });

  it('leaves out, for the subject only, the issues of a review withheld by the threshold (they give its rating)', () => {
    // One peer and one upward reviewer each, under a threshold of 2: both withheld from Erin.
    expect(evidenceForReader(viewer('erin'), issues, reviews, 2).map((i) => i.reviewId)).toEqual([
      'm',
      'gone',
    ]);
    expect(evidenceForReader(viewer('hal', ['erin']), issues, reviews, 2)).toEqual(issues);
    // A second peer reaches the threshold for peers; upward stays withheld.
    const more = [...reviews, { ...(reviews[0] as (typeof reviews)[number]), id: 'p2', reviewerId: 'y' }];
    expect(evidenceForReader(viewer('erin'), issues, more, 2).map((i) => i.reviewId)).toEqual([
      'p',
      'm',
      'gone',
    ]);
  });
});
