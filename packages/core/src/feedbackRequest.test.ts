// Tests for feedback requests: the schema, who may be asked, duplicates, and pending → submitted | declined | cancelled.
import { describe, expect, it } from 'vitest';
import {
  closeFeedbackRequest,
  FEEDBACK_REQUEST_PHASES,
  type FeedbackRequest,
  type FeedbackRequestAction,
  type FeedbackRequestDraft,
  FeedbackRequestSchema,
  type FeedbackRequestState,
  feedbackReviewerIssues,
  requestFeedback,
  requestToAnswer,
} from './feedbackRequest.ts';
import { buildOrg, type Org, PersonSchema } from './org.ts';
import { unwrap } from './result.ts';

const AT = '2026-03-02T10:00:00Z';

const draft = (over: Partial<FeedbackRequestDraft> = {}): FeedbackRequestDraft => ({
  id: 'frq-1',
  cycleId: 'cy',
  subjectId: 'ana',
  reviewerId: 'ben',
  component: 'peer',
  message: 'How did Ana run the launch?',
  requestedBy: 'sam',
  ...over,
});

const request = (state: FeedbackRequestState = 'pending', over: Partial<FeedbackRequest> = {}) =>
  FeedbackRequestSchema.parse({
    ...draft(),
    state,
    reviewId: state === 'submitted' ? 'rev-1' : null,
    reason: null,
    closedAt: state === 'pending' ? null : AT,
    closedBy: state === 'pending' ? null : 'ben',
    ...over,
  });

const org: Org = unwrap(
  buildOrg({
    departments: [{ id: 'd', name: 'D', parentId: null, headId: null }],
    people: [
      { id: 'sam', name: 'Sam', email: 'sam@x.test', departmentId: 'd', managerId: null },
      { id: 'ana', name: 'Ana', email: 'ana@x.test', departmentId: 'd', managerId: 'sam' },
      { id: 'ben', name: 'Ben', email: 'ben@x.test', departmentId: 'd', managerId: 'sam' },
      { id: 'old', name: 'Old', email: 'old@x.test', departmentId: 'd', managerId: 'sam', active: false },
    ].map((p) => PersonSchema.parse(p)),
  }),
);

describe('FeedbackRequestSchema', () => {
  it('accepts a stored request and refuses unknown states, components and keys', () => {
    expect(FeedbackRequestSchema.safeParse(request()).success).toBe(true);
    expect(FeedbackRequestSchema.safeParse({ ...request(), state: 'open' }).success).toBe(false);
    expect(FeedbackRequestSchema.safeParse({ ...request(), component: 'self' }).success).toBe(false);
    expect(FeedbackRequestSchema.safeParse({ ...request(), extra: 1 }).success).toBe(false);
  });

  it('is requested while the cycle coaches or appraises', () => {
    expect(FEEDBACK_REQUEST_PHASES).toEqual(['coach', 'appraise']);
  });
});

describe('feedbackReviewerIssues', () => {
  const issue = (reviewerId: string, component: 'peer' | 'upward' = 'peer', subjectId = 'ana') =>
    feedbackReviewerIssues(org, { subjectId, reviewerId, component }).map((e) => [e.code, e.path]);

  it('accepts an active peer, and a direct report for upward feedback', () => {
    expect(issue('ben')).toEqual([]);
    expect(issue('ana', 'upward', 'sam')).toEqual([]);
  });

  it('refuses unknown and inactive reviewers, the subject, their manager as a peer, and upward feedback from a non-report', () => {
    expect(issue('nobody')).toEqual([['unknown_reviewer', ['reviewerId']]]);
    expect(issue('old')).toEqual([['unknown_reviewer', ['reviewerId']]]);
    expect(issue('ana')).toEqual([['self_request', ['reviewerId']]]);
    expect(issue('ben', 'upward')).toEqual([['not_a_direct_report', ['reviewerId']]]);
    // The subject's own manager is not a peer (they write the manager appraisal); a peer's manager is no one's here.
    expect(issue('sam')).toEqual([['manager_not_peer', ['reviewerId']]]);
    expect(issue('sam', 'peer', 'sam')).toEqual([['self_request', ['reviewerId']]]);
    expect(issue('ana', 'peer', 'ben')).toEqual([]);
    expect(
      feedbackReviewerIssues(org, { subjectId: 'ana', reviewerId: 'ben', component: 'upward' })[0]?.message,
    ).toBe("Upward feedback comes from the subject's direct reports; ben does not report to ana.");
  });
});

describe('requestFeedback', () => {
  it('creates a pending request with nothing closed', () => {
    const created = unwrap(requestFeedback(draft(), []));
    expect(created).toEqual({
      ...draft(),
      state: 'pending',
      reviewId: null,
      reason: null,
      closedAt: null,
      closedBy: null,
    });
    expect(FeedbackRequestSchema.parse(created)).toEqual(created);
  });

  it.each(['pending', 'submitted'] as const)('refuses asking again while one is %s', (state) => {
    const open = request(state, { id: 'frq-0' });
    const refused = requestFeedback(draft(), [open]);
    expect(refused).toEqual({
      ok: false,
      error: {
        code: 'duplicate_request',
        message: `ben was already asked for peer feedback about ana in this cycle (${state}).`,
        requestId: 'frq-0',
        state,
        details: { requestId: 'frq-0', state },
      },
    });
  });

  it('asks again after a decline or cancel, and ignores other cycles, subjects, reviewers and components', () => {
    const others = [
      request('declined', { id: 'a' }),
      request('cancelled', { id: 'b' }),
      request('pending', { id: 'c', cycleId: 'cy2' }),
      request('pending', { id: 'd', subjectId: 'sam' }),
      request('pending', { id: 'e', reviewerId: 'sam' }),
      request('pending', { id: 'f', component: 'upward' }),
    ];
    expect(requestFeedback(draft(), others).ok).toBe(true);
  });
});

describe('closeFeedbackRequest', () => {
  const close = (action: FeedbackRequestAction, from = request()) =>
    closeFeedbackRequest(from, action, 'ben', AT);

  it('submits with the answering review', () => {
    expect(unwrap(close({ kind: 'submit', reviewId: 'rev-9' }))).toEqual({
      ...request(),
      state: 'submitted',
      reviewId: 'rev-9',
      closedAt: AT,
      closedBy: 'ben',
    });
  });

  it('declines with the (trimmed) reason', () => {
    expect(unwrap(close({ kind: 'decline', reason: '  On leave until May. ' }))).toEqual({
      ...request(),
      state: 'declined',
      reason: 'On leave until May.',
      closedAt: AT,
      closedBy: 'ben',
    });
  });

  it('refuses a decline without a reason', () => {
    const refused = close({ kind: 'decline', reason: '   ' });
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({ code: 'reason_required', path: ['reason'], state: 'pending' });
  });

  it('cancels with or without a reason', () => {
    const cancelled = unwrap(closeFeedbackRequest(request(), { kind: 'cancel', reason: null }, 'sam', AT));
    expect(cancelled).toMatchObject({ state: 'cancelled', reason: null, closedBy: 'sam', reviewId: null });
    expect(unwrap(close({ kind: 'cancel', reason: 'Asked the wrong person.' })).reason).toBe(
      'Asked the wrong person.',
    );
  });

  it.each([
    ['submitted', 'decline'],
    ['declined', 'cancel'],
    ['cancelled', 'decline'],
    ['declined', 'submit'],
  ] as const)('refuses to close a %s request (%s)', (state, kind) => {
    const action: FeedbackRequestAction =
      kind === 'submit' ? { kind, reviewId: 'rev-2' } : { kind, reason: 'Some reason.' };
    const refused = close(action, request(state));
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toEqual({
      code: 'request_not_pending',
      message:
        kind === 'submit'
          ? `The feedback request is ${state}; it can no longer be answered.`
          : `The feedback request is already ${state}.`,
      requestId: 'frq-1',
      state,
      details: { requestId: 'frq-1', state },
    });
  });

  it('leaves the request it was given unchanged', () => {
    const before = request();
    const copy = structuredClone(before);
    close({ kind: 'submit', reviewId: 'rev-3' }, before);
    expect(before).toEqual(copy);
  });
});

describe('requestToAnswer', () => {
  it('picks the pending request among the reviewer’s', () => {
    const pending = request('pending', { id: 'frq-2' });
    expect(unwrap(requestToAnswer([request('declined'), pending]))).toBe(pending);
  });

  it('refuses with the first when none is pending', () => {
    const refused = requestToAnswer([request('declined'), request('cancelled', { id: 'frq-2' })]);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error).toMatchObject({
      code: 'request_not_pending',
      message: 'The feedback request is declined; it can no longer be answered.',
      details: { requestId: 'frq-1', state: 'declined' },
    });
  });
});
