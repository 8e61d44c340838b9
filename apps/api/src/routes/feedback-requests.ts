// /v1/feedback-requests (request, read, decline, cancel peer/upward feedback) and /v1/me/feedback-requests (the reviewer's inbox).
import { createRoute, z } from '@hono/zod-openapi';
import {
  closeFeedbackRequest,
  FEEDBACK_REQUEST_PHASES,
  FeedbackComponentSchema,
  type FeedbackRequest,
  type FeedbackRequestAction,
  FeedbackRequestSchema,
  FeedbackRequestStateSchema,
  feedbackReviewerIssues,
  IdSchema,
  requestFeedback,
  TEXT_LIMITS,
  utcDay,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import { type Access, recuse } from '../authz/index.ts';
import { Conflict, type DomainErrorLike, Forbidden, NotFound } from '../errors.ts';
import {
  createdResponse,
  domainProblem,
  etag,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  newId,
  PageQuery,
  pageSchema,
  paginate,
  problems,
  ResourceMeta,
  reply,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { nowIso, optionalIfMatch } from './appraise/conditional.ts';
import {
  isParticipant,
  listAllWhere,
  loadCycle,
  referencedCycle,
  requirePhase,
} from './appraise/cycleContext.ts';
import { seesReviewers } from './appraise/reviewRules.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';

const tags = ['feedback-requests'];
export const FEEDBACK_REQUEST_PREFIX = 'frq';

const ANSWERED_ABOUT_YOU =
  'To the UTC day only (`…T00:00:00.000Z`) on a request about yourself that was answered: to the millisecond it would be the answering review’s `submittedAt`, which names that anonymous review’s reviewer.';
export const REQUEST_REVIEW_ID =
  'The review that answered the request (state `submitted`); null on a request about yourself, whose answer stays anonymous to you.';
export const REQUEST_CLOSED_AT = `When it was answered, declined or cancelled. ${ANSWERED_ABOUT_YOU}`;
export const REQUEST_UPDATED_AT = ANSWERED_ABOUT_YOU;
const FeedbackRequestResource = FeedbackRequestSchema.extend({
  reviewId: FeedbackRequestSchema.shape.reviewId.describe(REQUEST_REVIEW_ID),
  closedAt: FeedbackRequestSchema.shape.closedAt.describe(REQUEST_CLOSED_AT),
  ...ResourceMeta,
  updatedAt: ResourceMeta.updatedAt.openapi({ description: REQUEST_UPDATED_AT }),
}).openapi('FeedbackRequest');
type FeedbackRequestBody = z.infer<typeof FeedbackRequestResource>;
const FeedbackRequestPage = pageSchema(FeedbackRequestResource, 'FeedbackRequestPage');

const FeedbackRequestCreate = z
  .strictObject({
    cycleId: IdSchema,
    subjectId: IdSchema.describe('The person the feedback is about.'),
    reviewerId: IdSchema.describe('The person asked to give it.'),
    component: FeedbackComponentSchema.describe(
      '`peer` (anyone active but the subject and their own manager: 422 `manager_not_peer`), or `upward` (the reviewer is a direct report of the subject).',
    ),
    message: z.string().trim().max(TEXT_LIMITS.feedbackMessage).default(''),
  })
  .openapi('FeedbackRequestCreate');
const Decline = z
  .strictObject({ reason: z.string().trim().min(1).max(TEXT_LIMITS.feedbackReason) })
  .openapi('FeedbackRequestDecline');
const Cancel = z
  .strictObject({ reason: z.string().trim().max(TEXT_LIMITS.feedbackReason).optional() })
  .openapi('FeedbackRequestCancel');
const ActionHeaders = IdempotencyHeaders.extend(IfMatchHeaders.shape);

const cycleFilter = IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } });
const ListQuery = PageQuery.extend({
  cycleId: cycleFilter,
  subjectId: IdSchema.optional().openapi({ param: { name: 'subjectId', in: 'query' } }),
  state: FeedbackRequestStateSchema.optional().openapi({ param: { name: 'state', in: 'query' } }),
});
const MineQuery = PageQuery.extend({
  cycleId: cycleFilter,
  state: FeedbackRequestStateSchema.default('pending').openapi({
    param: { name: 'state', in: 'query' },
    description: 'Default `pending`: what is waiting for you.',
  }),
});

export function parseFeedbackRequest(record: ResourceRecord): FeedbackRequest {
  return FeedbackRequestSchema.parse(record.data);
}

/**
 * The request as the caller sees it. The subject (when they asked peers themselves) does not see
 * which review answered it, so peer reviews stay anonymous to them — nor when to the millisecond: an answered
 * request's `closedAt` and `updatedAt` are the answering review's `submittedAt`, which would link the two, so the
 * subject gets them to the UTC day (as the anonymous review's own times).
 */
function requestBody(record: ResourceRecord, request: FeedbackRequest, access: Access): FeedbackRequestBody {
  const me = access.personId;
  const hideReview = me === request.subjectId && me !== request.reviewerId;
  const answered = hideReview && request.state === 'submitted';
  return {
    ...request,
    reviewId: hideReview ? null : request.reviewId,
    closedAt: answered ? utcDay(request.closedAt) : request.closedAt,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: answered ? utcDay(record.updatedAt) : record.updatedAt,
  };
}

/**
 * The reviewer, the requester and whoever sees every reviewer of the subject (`seesReviewers`: their managers,
 * department heads, HR); never the subject for a request someone else made — HR included, whose reach would
 * otherwise show them who was asked about themselves (peers stay anonymous).
 */
export function canSeeRequest(access: Access, request: FeedbackRequest): boolean {
  const me = access.personId;
  if (me === null) return false;
  return request.reviewerId === me || request.requestedBy === me || seesReviewers(access, request.subjectId);
}

export function feedbackRequestsRoutes(kit: Kit): RouteModule {
  const location = (id: string) => `${V1_PREFIX}/feedback-requests/${id}`;

  /** The request when the caller may see it; 404 otherwise. */
  async function visibleRequest(access: Access, id: string) {
    access.requireUser();
    const record = await kit.store.resources('feedback_requests').get(access.orgId, id);
    const request = record ? parseFeedbackRequest(record) : null;
    if (!record || !request || !canSeeRequest(access, request))
      throw new NotFound('The feedback request was not found.');
    return { record, request };
  }

  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Request peer or upward feedback',
    description:
      'By the subject’s managers, department heads or HR; the subject may ask peers for feedback about themselves. Only while the cycle is in `coach` or `appraise` (409 `wrong_phase`). The reviewer answers with a review (POST /v1/reviews) or declines. ' +
      WITHDRAWN_WORDS +
      ' A pending request about them may still be declined or cancelled (that closes what was asked before).',
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: FeedbackRequestCreate } } },
    },
    responses: {
      201: createdResponse(FeedbackRequestResource, 'Created'),
      ...problems(400, 403, 404, 409, 422),
    },
  });
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List the feedback requests you may see',
    description:
      'Requests you made, were asked, or that concern people you manage (HR: everyone). About yourself, only those you made: who else was asked about you stays hidden, from HR too; and one of them that was answered gives neither the answering review (`reviewId` null) nor its time: `closedAt` and `updatedAt` to the UTC day only.',
    request: { query: ListQuery },
    responses: {
      200: jsonResponse(FeedbackRequestPage, 'A page of feedback requests, by id'),
      ...problems(400, 403),
    },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a feedback request',
    request: { params: IdParams },
    responses: {
      200: resourceResponse(FeedbackRequestResource, 'The feedback request'),
      ...problems(400, 403, 404),
    },
  });
  const decline = createRoute({
    method: 'post',
    path: '/{id}/decline',
    tags,
    summary: 'Decline a feedback request (the reviewer)',
    description:
      'Only a pending request (409 `request_not_pending`). If-Match is optional here; when sent it must be current.',
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      headers: ActionHeaders,
      body: { required: true, content: { 'application/json': { schema: Decline } } },
    },
    responses: {
      200: resourceResponse(FeedbackRequestResource, 'Declined'),
      ...problems(400, 403, 404, 409, 412, 422),
    },
  });
  const cancel = createRoute({
    method: 'post',
    path: '/{id}/cancel',
    tags,
    summary: 'Cancel a feedback request (the requester, the subject’s managers or HR)',
    description:
      'Only a pending request (409 `request_not_pending`). If-Match is optional here; when sent it must be current. Never a request about yourself that someone else made, HR included: you do not see it (404; were it shown, 403 `own_feedback_request`).',
    middleware: [kit.idempotent] as const,
    request: {
      params: IdParams,
      headers: ActionHeaders,
      body: { required: true, content: { 'application/json': { schema: Cancel } } },
    },
    responses: {
      200: resourceResponse(FeedbackRequestResource, 'Cancelled'),
      ...problems(400, 403, 404, 409, 412, 422),
    },
  });

  /** Closes a pending request as declined or cancelled (core closeFeedbackRequest; 409 `request_not_pending`). */
  async function close(
    c: Parameters<typeof kit.writeReply>[0],
    access: Access,
    found: { record: ResourceRecord; request: FeedbackRequest },
    action: Extract<FeedbackRequestAction, { kind: 'decline' | 'cancel' }>,
  ) {
    const expectedVersion = optionalIfMatch(c, found.record.version);
    const { cycle } = await loadCycle(kit.store, access.orgId, found.request.cycleId);
    const state = action.kind === 'decline' ? 'declined' : 'cancelled';
    requirePhase(cycle, FEEDBACK_REQUEST_PHASES, `feedback requests can be ${state}`);
    const closed = closeFeedbackRequest(found.request, action, access.requireUser().id, nowIso());
    if (!closed.ok) {
      const e = closed.error;
      if (e.code !== 'request_not_pending') throw domainProblem([e]);
      throw new Conflict(e.message, { code: e.code, details: { state: e.state } });
    }
    const next = closed.value;
    return kit.writeReply(c, async (w) => {
      const record = await w.update(
        'feedback_requests',
        next.id,
        { expectedVersion, data: next },
        { action: `feedback_request.${action.kind}` },
      );
      return reply(200, requestBody(record, next, access), { ETag: etag(record) });
    });
  }

  const router = createRouter()
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      const me = access.requireUser();
      const body = c.req.valid('json');
      const { cycle } = await referencedCycle(kit.store, access.orgId, body.cycleId);
      access.seePerson(body.subjectId);
      const selfPeer = access.isSelf(body.subjectId) && body.component === 'peer';
      if (!access.canManage(body.subjectId) && !selfPeer) {
        throw new Forbidden(
          'Feedback about a person is requested by their managers, department heads or HR; you may ask peers about yourself.',
        );
      }
      refuseWithdrawn(access, cycle, body.subjectId);
      requirePhase(cycle, FEEDBACK_REQUEST_PHASES, 'feedback can be requested');
      const issues: DomainErrorLike[] = feedbackReviewerIssues(access.org, body);
      if (!isParticipant(cycle, body.subjectId)) {
        issues.push({
          code: 'not_a_participant',
          message: `${body.subjectId} is not appraised in cycle ${cycle.id}.`,
          path: ['subjectId'],
        });
      }
      if (issues.length > 0) throw domainProblem(issues, 422);
      const draft = {
        id: newId(FEEDBACK_REQUEST_PREFIX),
        cycleId: body.cycleId,
        subjectId: body.subjectId,
        reviewerId: body.reviewerId,
        component: body.component,
        message: body.message,
        requestedBy: me.id,
      };
      const result = await kit.writeReply(c, async (w) => {
        const existing = await listAllWhere(w.tx, 'feedback_requests', w.orgId, {
          cycleId: body.cycleId,
          subjectId: body.subjectId,
        });
        const requested = requestFeedback(draft, existing.map(parseFeedbackRequest));
        if (!requested.ok) {
          const e = requested.error;
          throw new Conflict(e.message, { code: e.code, details: e.details });
        }
        const request = requested.value;
        const record = await w.create('feedback_requests', {
          id: request.id,
          cycleId: request.cycleId,
          subjectId: request.subjectId,
          data: request,
        });
        return reply(201, requestBody(record, request, access), {
          ETag: etag(record),
          Location: location(request.id),
        });
      });
      return send(c, result);
    })
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const query = c.req.valid('query');
      const records = await listAllWhere(kit.store, 'feedback_requests', access.orgId, {
        ...(query.cycleId !== undefined ? { cycleId: query.cycleId } : {}),
        ...(query.subjectId !== undefined ? { subjectId: query.subjectId } : {}),
      });
      const visible = records
        .map((record) => ({ record, request: parseFeedbackRequest(record) }))
        .filter((e) => canSeeRequest(access, e.request))
        .filter((e) => query.state === undefined || e.request.state === query.state);
      const page = paginate(visible, (e) => e.record.id, query);
      return c.json(
        {
          items: page.items.map((e) => requestBody(e.record, e.request, access)),
          nextCursor: page.nextCursor,
        },
        200,
      );
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      const { record, request } = await visibleRequest(access, c.req.valid('param').id);
      return c.json(requestBody(record, request, access), 200, { ETag: etag(record) });
    })
    .openapi(decline, async (c) => {
      const access = await kit.access(c);
      const found = await visibleRequest(access, c.req.valid('param').id);
      if (found.request.reviewerId !== access.personId) {
        throw new Forbidden('Only the person asked for feedback may decline the request.');
      }
      return send(c, await close(c, access, found, { kind: 'decline', reason: c.req.valid('json').reason }));
    })
    .openapi(cancel, async (c) => {
      const access = await kit.access(c);
      const found = await visibleRequest(access, c.req.valid('param').id);
      // Feedback about yourself that someone else asked for is not yours to call off, HR included. Such a request is
      // not even visible to you (canSeeRequest: 404 above); this recusal keeps the rule should that ever widen.
      if (found.request.requestedBy !== access.personId) {
        recuse(access, 'cancel_feedback_request', found.request.subjectId);
      }
      if (found.request.requestedBy !== access.personId && !access.canManage(found.request.subjectId)) {
        throw new Forbidden('Only the requester, the subject’s managers or HR may cancel the request.');
      }
      const reason = c.req.valid('json').reason ?? null;
      return send(c, await close(c, access, found, { kind: 'cancel', reason }));
    });
  return { path: '/feedback-requests', router };
}

/** GET /v1/me/feedback-requests: the requests addressed to the caller (pending by default). */
export function myFeedbackRequestsRoutes(kit: Kit): RouteModule {
  const mine = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Feedback requests addressed to you',
    request: { query: MineQuery },
    responses: {
      200: jsonResponse(FeedbackRequestPage, 'A page of the requests you were asked, by id'),
      ...problems(400, 403),
    },
  });
  const router = createRouter().openapi(mine, async (c) => {
    const access = await kit.access(c);
    const me = access.requireUser();
    const query = c.req.valid('query');
    const records = await listAllWhere(
      kit.store,
      'feedback_requests',
      access.orgId,
      query.cycleId !== undefined ? { cycleId: query.cycleId } : {},
    );
    const items = records
      .map((record) => ({ record, request: parseFeedbackRequest(record) }))
      .filter((e) => e.request.reviewerId === me.id && e.request.state === query.state);
    const page = paginate(items, (e) => e.record.id, query);
    return c.json(
      { items: page.items.map((e) => requestBody(e.record, e.request, access)), nextCursor: page.nextCursor },
      200,
    );
  });
  return { path: '/me/feedback-requests', router };
}
