// Review rules: who sees a review (and anonymously when), and rating checks against the plan and the scale.
import { DEFAULT_RATING_SCALE } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { ratingIssues, reviewView, seesReviewers, type Viewer } from './reviewRules.ts';
import type { StoredReview } from './storedReview.ts';

const review = (over: Partial<StoredReview> = {}): StoredReview => ({
  id: 'rev_1',
  cycleId: 'cyc_1',
  subjectId: 'sam',
  reviewerId: 'pia',
  component: 'peer',
  ratings: [],
  summary: '',
  submittedAt: '2026-03-01T10:00:00Z',
  ...over,
});
const viewer = (personId: string | null, manages: string[] = []): Viewer => ({
  personId,
  canManage: (id) => manages.includes(id),
});

describe('reviewView', () => {
  it('the reviewer always sees their own, drafts included', () => {
    expect(reviewView(viewer('pia'), review({ submittedAt: null }), 'appraise')).toBe('full');
  });

  it('managers see submitted reviews only', () => {
    expect(reviewView(viewer('hana', ['sam']), review(), 'appraise')).toBe('full');
    expect(reviewView(viewer('hana', ['sam']), review({ submittedAt: null }), 'appraise')).toBeNull();
  });

  it('the subject sees others from feedback on; peer and upward reviewers anonymous', () => {
    expect(reviewView(viewer('sam'), review(), 'calibrate')).toBeNull();
    expect(reviewView(viewer('sam'), review(), 'feedback')).toBe('anonymous');
    expect(reviewView(viewer('sam'), review({ component: 'upward' }), 'closed')).toBe('anonymous');
    expect(reviewView(viewer('sam'), review({ component: 'manager', reviewerId: 'hana' }), 'apply')).toBe(
      'full',
    );
    expect(reviewView(viewer('sam'), review({ submittedAt: null }), 'feedback')).toBeNull();
  });

  it('nobody else, and no services', () => {
    expect(reviewView(viewer('mo'), review(), 'closed')).toBeNull();
    expect(reviewView(viewer(null), review(), 'closed')).toBeNull();
  });
});

describe('seesReviewers', () => {
  it('the manager chain (and HR) see every reviewer of a person; the person and everyone else do not', () => {
    expect(seesReviewers(viewer('hana', ['sam']), 'sam')).toBe(true);
    expect(seesReviewers(viewer('sam'), 'sam')).toBe(false);
    expect(seesReviewers(viewer('mo'), 'sam')).toBe(false);
    expect(seesReviewers({ personId: null, canManage: () => true }, 'sam')).toBe(false);
    // HR manages everyone, themselves included in `canManage`, but never sees who reviewed them.
    expect(seesReviewers({ personId: 'hal', canManage: () => true }, 'hal')).toBe(false);
  });
});

describe('ratingIssues', () => {
  const goals = [
    { id: 'g1', status: 'active' as const },
    { id: 'g2', status: 'cancelled' as const },
  ];
  const rating = (goalId: string, value: number) => ({ goalId, rating: value, comment: '', evidence: '' });

  it('accepts levels of the scale on live goals', () => {
    expect(ratingIssues([rating('g1', 4)], goals, DEFAULT_RATING_SCALE)).toEqual([]);
  });

  it('lists unknown or cancelled goals, off-scale ratings and duplicates, in rating order', () => {
    const issues = ratingIssues(
      [rating('g1', 9), rating('g2', 3), rating('g1', 3), rating('gx', 0)],
      goals,
      DEFAULT_RATING_SCALE,
    );
    expect(issues.map((i) => [i.path?.join('.'), i.code])).toEqual([
      ['ratings.0.rating', 'rating_not_on_scale'],
      ['ratings.1.goalId', 'unknown_goal'],
      ['ratings.2.goalId', 'duplicate_goal_rating'],
      ['ratings.3.goalId', 'unknown_goal'],
      ['ratings.3.rating', 'rating_not_on_scale'],
    ]);
  });
});
