// Tests for review formality: which reviews and text are screened, drafts only for their reviewer, the cycle report.
import { describe, expect, it } from 'vitest';
import { POLICY_PRESETS, type Policy } from './policy.ts';
import {
  type ReviewToScreen,
  reviewFormalityReport,
  reviewText,
  screeningSet,
  screenReviews,
} from './reviewFormality.ts';

const policy: Pick<Policy, 'feedback'> = POLICY_PRESETS.incentive; // minChars 80, similarity 0.8

const copy =
  'NAME consistently delivered on the quarterly targets, mentored two new colleagues and ' +
  'improved the onboarding checklist for the whole team this half.';
const own = (name: string) => copy.replace('NAME', name);
const distinct =
  'Led the migration of the billing service with no customer-visible downtime, and wrote the ' +
  'runbook the on-call rotation now relies on every week.';

const review = (
  over: Partial<ReviewToScreen> & Pick<ReviewToScreen, 'id' | 'subjectId'>,
): ReviewToScreen => ({
  reviewerId: 'm1',
  component: 'manager',
  summary: '',
  ratings: [],
  submittedAt: '2026-03-01T10:00:00Z',
  ...over,
});

describe('reviewText', () => {
  it('joins the summary, then each rating’s comment and evidence, leaving blank parts out', () => {
    expect(
      reviewText({
        summary: 'Summary.',
        ratings: [
          { goalId: 'g1', comment: 'Comment one.', evidence: '  ' },
          { goalId: 'g2', evidence: 'Evidence two.' },
        ],
      }),
    ).toBe('Summary.\nComment one.\nEvidence two.');
    expect(reviewText({ summary: ' ', ratings: [{ goalId: 'g1' }] })).toBe('');
  });
});

describe('screenReviews', () => {
  it('flags empty, too short and the same text given to two people, masking their names', () => {
    const issues = screenReviews(
      [
        review({ id: 'r1', subjectId: 'p1', summary: own('Ava'), subjectName: 'Ava Stone' }),
        review({ id: 'r2', subjectId: 'p2', summary: own('Ben'), subjectName: 'Ben Hall' }),
        review({ id: 'r3', subjectId: 'p3', summary: distinct }),
        review({ id: 'r4', subjectId: 'p4', summary: 'Fine.' }),
        review({ id: 'r5', subjectId: 'p5', summary: '', ratings: [{ goalId: 'g1', comment: ' ' }] }),
      ],
      policy,
    );
    expect([...issues.keys()].sort()).toEqual(['r1', 'r2', 'r4', 'r5']);
    expect(issues.get('r1')?.map((i) => i.code)).toEqual(['near_duplicate']);
    expect(issues.get('r1')?.[0]?.details).toMatchObject({
      similarity: 1,
      matchCount: 1,
      matches: [{ id: 'r2', subjectId: 'p2', similarity: 1 }],
    });
    expect(issues.get('r4')?.map((i) => i.code)).toEqual(['too_short']);
    expect(issues.get('r4')?.[0]?.details).toEqual({ chars: 5, minChars: 80 });
    expect(issues.get('r5')?.map((i) => i.code)).toEqual(['empty']);
  });

  it('per-goal comments count: the same comments pasted for two people are a copy', () => {
    const ratings = [
      { goalId: 'g1', comment: own('They') },
      { goalId: 'g2', comment: distinct },
    ];
    const issues = screenReviews(
      [
        review({ id: 'r1', subjectId: 'p1', summary: 'Short.', ratings }),
        review({ id: 'r2', subjectId: 'p2', summary: 'Short.', ratings }),
      ],
      policy,
    );
    expect(issues.get('r1')?.map((i) => i.code)).toEqual(['near_duplicate']);
    expect(issues.get('r2')?.map((i) => i.code)).toEqual(['near_duplicate']);
  });

  it('compares one reviewer’s texts only, about different people; skips self reviews', () => {
    const issues = screenReviews(
      [
        review({ id: 'r1', subjectId: 'p1', summary: copy }),
        review({ id: 'r2', subjectId: 'p2', summary: copy, reviewerId: 'm2' }),
        review({ id: 'r3', subjectId: 'p1', summary: copy, component: 'peer', reviewerId: 'm3' }),
        review({ id: 'r4', subjectId: 'p1', summary: copy, component: 'upward', reviewerId: 'm3' }),
        review({ id: 'r5', subjectId: 'p5', summary: '', component: 'self', reviewerId: 'p5' }),
        review({ id: 'r6', subjectId: 'p6', summary: copy, component: 'self', reviewerId: 'm1' }),
      ],
      policy,
    );
    expect(issues.size).toBe(0);
  });

  it('a peer and an upward review by the same person about different people are compared', () => {
    const issues = screenReviews(
      [
        review({ id: 'r1', subjectId: 'p1', summary: copy, component: 'peer', reviewerId: 'x' }),
        review({ id: 'r2', subjectId: 'p2', summary: copy, component: 'upward', reviewerId: 'x' }),
      ],
      policy,
    );
    expect(issues.get('r2')?.[0]?.details.matches).toEqual([{ id: 'r1', subjectId: 'p1', similarity: 1 }]);
  });
});

describe('screeningSet', () => {
  it('keeps every submitted review and only the viewer’s own drafts', () => {
    const all = [
      review({ id: 'r1', subjectId: 'p1' }),
      review({ id: 'r2', subjectId: 'p2', submittedAt: null }),
      review({ id: 'r3', subjectId: 'p3', submittedAt: null, reviewerId: 'm2' }),
    ];
    expect(screeningSet(all, 'm1').map((r) => r.id)).toEqual(['r1', 'r2']);
    expect(screeningSet(all, null).map((r) => r.id)).toEqual(['r1']);
  });
});

describe('reviewFormalityReport', () => {
  const reviews = [
    review({ id: 'r1', subjectId: 'p1', summary: copy }),
    review({ id: 'r2', subjectId: 'p2', summary: copy }),
    review({ id: 'r3', subjectId: 'p3', summary: 'Fine.', reviewerId: 'm0' }),
    review({ id: 'r4', subjectId: 'p4', summary: distinct, reviewerId: 'm0' }),
    review({ id: 'r5', subjectId: 'p5', summary: copy, submittedAt: null }),
    review({ id: 'r6', subjectId: 'p6', summary: '', component: 'self', reviewerId: 'p6' }),
  ];

  it('counts submitted manager/peer/upward reviews, lists the flagged ones by reviewer; drafts left out', () => {
    const report = reviewFormalityReport(reviews, policy);
    expect(report).toMatchObject({
      screened: 4,
      flagged: 3,
      byCode: { empty: 0, too_short: 1, near_duplicate: 2 },
    });
    expect(report.reviews.map((r) => [r.reviewId, r.codes])).toEqual([
      ['r3', ['too_short']],
      ['r1', ['near_duplicate']],
      ['r2', ['near_duplicate']],
    ]);
    // The draft r5 is the same text, but is nobody else's to compare with.
    expect(report.reviews.find((r) => r.reviewId === 'r1')?.issues[0]?.details.matchCount).toBe(1);
  });

  it('screens against the whole cycle but counts and lists only the reviews in scope', () => {
    const report = reviewFormalityReport(
      reviews,
      policy,
      (r) => r.subjectId === 'p1' || r.subjectId === 'p4',
    );
    expect(report).toMatchObject({ screened: 2, flagged: 1, byCode: { near_duplicate: 1, too_short: 0 } });
    expect(report.reviews[0]).toMatchObject({
      reviewId: 'r1',
      subjectId: 'p1',
      reviewerId: 'm1',
      component: 'manager',
      submittedAt: '2026-03-01T10:00:00Z',
    });
  });

  it('a review with two problems counts under both codes once', () => {
    const report = reviewFormalityReport(
      [
        review({ id: 'r1', subjectId: 'p1', summary: 'Good work, thanks.' }),
        review({ id: 'r2', subjectId: 'p2', summary: 'Good work, thanks.' }),
      ],
      policy,
    );
    expect(report.byCode).toEqual({ empty: 0, too_short: 2, near_duplicate: 2 });
    expect(report.reviews[0]?.codes).toEqual(['too_short', 'near_duplicate']);
  });
});
