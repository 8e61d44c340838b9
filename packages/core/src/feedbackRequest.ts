// Feedback requests: peer or upward feedback asked of a reviewer, pending → submitted | declined | cancelled.
import { z } from 'zod';
import { type Id, IdSchema, IsoDateTimeSchema } from './common.ts';
import type { Phase } from './cycle.ts';
import { TEXT_LIMITS } from './limits.ts';
import type { Org } from './org.ts';
import { type DomainError, type Err, err, ok, type Result } from './result.ts';

export const FeedbackComponentSchema = z.enum(['peer', 'upward']);
export type FeedbackComponent = z.infer<typeof FeedbackComponentSchema>;

export const FeedbackRequestStateSchema = z.enum(['pending', 'submitted', 'declined', 'cancelled']);
export type FeedbackRequestState = z.infer<typeof FeedbackRequestStateSchema>;

/** A request for peer or upward feedback: pending → submitted (a review answered it) | declined | cancelled. */
export const FeedbackRequestSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  subjectId: IdSchema,
  reviewerId: IdSchema,
  component: FeedbackComponentSchema,
  message: z.string().max(TEXT_LIMITS.feedbackMessage),
  requestedBy: IdSchema,
  state: FeedbackRequestStateSchema,
  /** The review that answered the request (state `submitted`). */
  reviewId: IdSchema.nullable(),
  /** Why the reviewer declined, or why it was cancelled. */
  reason: z.string().nullable(),
  closedAt: IsoDateTimeSchema.nullable(),
  closedBy: IdSchema.nullable(),
});
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;

/** Feedback is requested, declined and cancelled while the cycle coaches or appraises. */
export const FEEDBACK_REQUEST_PHASES: readonly Phase[] = Object.freeze(['coach', 'appraise']);

/** What the requester decides; the rest of a new request (pending, nothing closed) follows. */
export type FeedbackRequestDraft = Pick<
  FeedbackRequest,
  'id' | 'cycleId' | 'subjectId' | 'reviewerId' | 'component' | 'message' | 'requestedBy'
>;

export type ReviewerIssueCode =
  | 'unknown_reviewer'
  | 'self_request'
  | 'manager_not_peer'
  | 'not_a_direct_report';

/**
 * Problems with who is asked (at most one, path `reviewerId`): an active person of the organisation,
 * not the subject (their own view is the self review), not the subject's own manager for peer feedback (the manager
 * writes the manager appraisal: theirs is not a peer's view), a direct report of the subject for upward feedback.
 */
export function feedbackReviewerIssues(
  org: Pick<Org, 'person'>,
  request: Pick<FeedbackRequest, 'subjectId' | 'reviewerId' | 'component'>,
): DomainError<ReviewerIssueCode>[] {
  const { subjectId, reviewerId, component } = request;
  const reviewer = org.person(reviewerId);
  const issue = (code: ReviewerIssueCode, message: string) => [{ code, message, path: ['reviewerId'] }];
  if (!reviewer?.active) {
    return issue('unknown_reviewer', `${reviewerId} is not an active person of this organisation.`);
  }
  if (reviewerId === subjectId) {
    return issue(
      'self_request',
      'Feedback about a person is requested from someone else (their own view is the self review).',
    );
  }
  if (component === 'peer' && org.person(subjectId)?.managerId === reviewerId) {
    return issue(
      'manager_not_peer',
      `${reviewerId} is ${subjectId}'s manager, not a peer: the manager's view is the manager appraisal.`,
    );
  }
  if (component === 'upward' && reviewer.managerId !== subjectId) {
    return issue(
      'not_a_direct_report',
      `Upward feedback comes from the subject's direct reports; ${reviewerId} does not report to ${subjectId}.`,
    );
  }
  return [];
}

export type FeedbackRequestErrorCode = 'duplicate_request' | 'request_not_pending' | 'reason_required';

/** The structured facts of a refusal (a type alias, so it stays assignable to DomainError's `details`). */
export type FeedbackRequestRefusalDetails = { requestId: Id; state: FeedbackRequestState };

/**
 * Why a feedback request was not created or closed: the request in the way (duplicate_request) or
 * the one that could not be closed, and its state.
 */
export interface FeedbackRequestRefusal extends DomainError<FeedbackRequestErrorCode> {
  requestId: Id;
  state: FeedbackRequestState;
  details: FeedbackRequestRefusalDetails;
}

function refuse(
  code: FeedbackRequestErrorCode,
  message: string,
  request: FeedbackRequest,
  path?: (string | number)[],
): Err<FeedbackRequestRefusal> {
  const details = { requestId: request.id, state: request.state };
  return err({ code, message, ...(path ? { path } : {}), ...details, details });
}

/** A pending request, and a submitted one (its answer stands), keep the same reviewer from being asked again. */
export function blocksNewRequest(request: Pick<FeedbackRequest, 'state'>): boolean {
  return request.state === 'pending' || request.state === 'submitted';
}

/**
 * A new pending request, unless the reviewer was already asked for this component of feedback about
 * the subject in the cycle and that request is pending or submitted (duplicate_request naming it;
 * declined and cancelled requests do not count). `existing` may hold any requests: only the same
 * cycle, subject, reviewer and component are compared.
 */
export function requestFeedback(
  draft: FeedbackRequestDraft,
  existing: readonly FeedbackRequest[],
): Result<FeedbackRequest, FeedbackRequestRefusal> {
  const open = existing.find(
    (r) =>
      r.cycleId === draft.cycleId &&
      r.subjectId === draft.subjectId &&
      r.reviewerId === draft.reviewerId &&
      r.component === draft.component &&
      blocksNewRequest(r),
  );
  if (open) {
    return refuse(
      'duplicate_request',
      `${draft.reviewerId} was already asked for ${draft.component} feedback about ${draft.subjectId} in this cycle (${open.state}).`,
      open,
    );
  }
  return ok({
    ...draft,
    state: 'pending',
    reviewId: null,
    reason: null,
    closedAt: null,
    closedBy: null,
  });
}

/** How a pending request is closed: answered by a review, declined by the reviewer, or cancelled. */
export type FeedbackRequestAction =
  | { kind: 'submit'; reviewId: Id }
  | { kind: 'decline'; reason: string }
  | { kind: 'cancel'; reason: string | null };

const CLOSED_STATE = {
  submit: 'submitted',
  decline: 'declined',
  cancel: 'cancelled',
} as const satisfies Record<FeedbackRequestAction['kind'], FeedbackRequestState>;

function notPending(request: FeedbackRequest, kind: FeedbackRequestAction['kind']) {
  const message =
    kind === 'submit'
      ? `The feedback request is ${request.state}; it can no longer be answered.`
      : `The feedback request is already ${request.state}.`;
  return refuse('request_not_pending', message, request);
}

/**
 * Close a pending request `by` someone `at` a time: submitted (keeps the answering review),
 * declined (needs a reason) or cancelled (the reason is optional). Only a pending request closes
 * (request_not_pending otherwise); who may close it is the caller's to check.
 */
export function closeFeedbackRequest(
  request: FeedbackRequest,
  action: FeedbackRequestAction,
  by: Id,
  at: string,
): Result<FeedbackRequest, FeedbackRequestRefusal> {
  if (request.state !== 'pending') return notPending(request, action.kind);
  const closed = { ...request, state: CLOSED_STATE[action.kind], closedAt: at, closedBy: by };
  switch (action.kind) {
    case 'submit':
      return ok({ ...closed, reviewId: action.reviewId });
    case 'decline': {
      const reason = action.reason.trim();
      if (reason === '') {
        return refuse('reason_required', 'Declining a feedback request needs a reason.', request, ['reason']);
      }
      return ok({ ...closed, reason });
    }
    case 'cancel':
      return ok({ ...closed, reason: action.reason });
  }
}

/**
 * The pending one of the requests a review would answer (those addressed to the reviewer for the
 * subject and component), or request_not_pending naming the first when none is pending.
 */
export function requestToAnswer(
  requests: readonly [FeedbackRequest, ...FeedbackRequest[]],
): Result<FeedbackRequest, FeedbackRequestRefusal> {
  const pending = requests.find((r) => r.state === 'pending');
  return pending ? ok(pending) : notPending(requests[0], 'submit');
}
