// Whom a feedback request is offered to: those already asked for the same kind are not offered again (whatever the
// order they come in); upward feedback is for the subject's managers to ask, of the subject's direct reports.
import { describe, expect, it } from 'vitest';
import type { Colleague, FeedbackRequest } from '../api/types.ts';
import { reviewerChoices, upwardUnavailable } from './feedbackChoices.ts';

const person = (id: string, name: string): Colleague => ({ id, name, jobTitle: '', departmentId: 'dep' });
const request = (
  reviewerId: string,
  state: FeedbackRequest['state'],
  component: 'peer' | 'upward' = 'peer',
) => ({
  subjectId: 'ava',
  reviewerId,
  component,
  state,
});

describe('reviewerChoices', () => {
  const candidates = [person('dan', 'Dan Wu'), person('ben', 'Ben Carter'), person('chloe', 'Chloe Dubois')];

  it('offers everyone the API lists, by name, when nobody was asked yet', () => {
    expect(reviewerChoices(candidates, [], 'peer', 'ava')).toEqual({
      offered: [candidates[1], candidates[2], candidates[0]],
      asked: [],
    });
  });

  it('leaves out whoever was asked for this kind and has not declined (nor been cancelled)', () => {
    const requests = [
      request('ben', 'pending'),
      request('chloe', 'declined'),
      request('dan', 'submitted'),
      request('chloe', 'pending', 'upward'),
      { ...request('chloe', 'pending'), subjectId: 'someone-else' },
    ];
    const choices = reviewerChoices(candidates, requests, 'peer', 'ava');
    expect(choices.offered.map((c) => c.id)).toEqual(['chloe']);
    expect(choices.asked).toEqual(['ben', 'dan']);
    expect(reviewerChoices(candidates, requests, 'upward', 'ava').asked).toEqual(['chloe']);
  });
});

describe('upwardUnavailable', () => {
  it('is never for the subject to ask, and needs direct reports', () => {
    expect(upwardUnavailable(true, true)).toBe('own');
    expect(upwardUnavailable(true, false)).toBe('own');
    expect(upwardUnavailable(false, false)).toBe('no_reports');
    expect(upwardUnavailable(false, true)).toBeNull();
  });
});
