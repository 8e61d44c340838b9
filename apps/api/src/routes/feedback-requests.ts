// /v1/feedback-requests (request, read, decline, cancel peer/upward feedback) and /v1/me/feedback-requests (the reviewer's inbox).
import { createRoute, z } from '@hono/zod-openapi';
import { IdSchema, type Phase } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { Conflict, type DomainErrorLike, Forbidden, NotFound } from '../errors.ts';
import {
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
import {
  FeedbackComponentSchema,
  type FeedbackRequest,
  FeedbackRequestSchema,
  FeedbackRequestStateSchema,
} from './appraise/entities.ts';

const tags = ['feedback-requests'];
export const FEEDBACK_REQUEST_PREFIX = 'frq';
/** Feedback may be requested, declined and cancelled while the cycle coaches or appraises. */
const REQUEST_PHASES: readonly Phase[] = ['coach', 'appraise'];

const FeedbackRequestResource = FeedbackRequestSchema.extend(ResourceMeta).openapi('FeedbackRequest');
type FeedbackRequestBody = z.infer<typeof FeedbackRequestResource>;
const FeedbackRequestPage = pageSchema(FeedbackRequestResource, 'FeedbackRequestPage');

const FeedbackRequestCreate = z
  .strictObject({
    cycleId: IdSchema,
    subjectId: IdSchema.describe('The person the feedback is about.'),
    reviewerId: IdSchema.describe('The person asked to give it.'),
    component: FeedbackComponentSchema.openapi({
      description: '`peer`, or `upward` (the reviewer is a direct report of the subject).',
    }),
    message: z.string().trim().max(5_000).default(''),
  })
  .openapi('FeedbackRequestCreate');
const Decline = z
  .strictObject({ reason: z.string().trim().min(1).max(2_000) })
  .openapi('FeedbackRequestDecline');
const Cancel = z
  .strictObject({ reason: z.string().trim().max(2_000).optional() })
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
 * which review answered it, so peer reviews stay anonymous to them.
 */
function requestBody(record: ResourceRecord, request: FeedbackRequest, access: Access): FeedbackRequestBody {
  const me = access.personId;
  const hideReview = me === request.subjectId && me !== request.reviewerId;
  return {
    ...request,
    reviewId: hideReview ? null : request.reviewId,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** The reviewer, the requester and the subject's managers / department heads / HR; not the subject (peers stay anonymous). */
export function canSeeRequest(access: Access, request: FeedbackRequest): boolean {
  const me = access.personId;
  if (me === null) return false;
  return request.reviewerId === me || request.requestedBy === me || access.canManage(request.subjectId);
}

/** Problems with who is asked: a known active person, not the subject, a direct report for upward feedback. */
function reviewerIssues(access: Access, body: z.infer<typeof FeedbackRequestCreate>): DomainErrorLike[] {
  const issues: DomainErrorLike[] = [];
  const reviewer = access.org.person(body.reviewerId);
  if (!reviewer?.active) {
    issues.push({
      code: 'unknown_reviewer',
      message: `${body.reviewerId} is not an active person of this organisation.`,
      path: ['reviewerId'],
    });
  } else if (body.reviewerId === body.subjectId) {
    issues.push({
      code: 'self_request',
      message: 'Feedback about a person is requested from someone else (their own view is the self review).',
      path: ['reviewerId'],
    });
  } else if (body.component === 'upward' && reviewer.managerId !== body.subjectId) {
    issues.push({
      code: 'not_a_direct_report',
      message: `Upward feedback comes from the subject's direct reports; ${body.reviewerId} does not report to ${body.subjectId}.`,
      path: ['reviewerId'],
    });
  }
  return issues;
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
      'By the subject’s managers, department heads or HR; the subject may ask peers for feedback about themselves. Only while the cycle is in `coach` or `appraise` (409 `wrong_phase`). The reviewer answers with a review (POST /v1/reviews) or declines.',
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: FeedbackRequestCreate } } },
    },
    responses: {
      201: resourceResponse(FeedbackRequestResource, 'Created'),
      ...problems(400, 403, 404, 409, 422),
    },
  });
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List the feedback requests you may see',
    description: 'Requests you made, were asked, or that concern people you manage (HR: all).',
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
      'Only a pending request (409 `request_not_pending`). If-Match is optional here; when sent it must be current.',
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

  /** Closes a pending request as declined or cancelled. */
  async function close(
    c: Parameters<typeof kit.writeReply>[0],
    access: Access,
    found: { record: ResourceRecord; request: FeedbackRequest },
    state: 'declined' | 'cancelled',
    reason: string | null,
  ) {
    const expectedVersion = optionalIfMatch(c, found.record.version);
    const { cycle } = await loadCycle(kit.store, access.orgId, found.request.cycleId);
    requirePhase(cycle, REQUEST_PHASES, `feedback requests can be ${state}`);
    if (found.request.state !== 'pending') {
      throw new Conflict(`The feedback request is already ${found.request.state}.`, {
        code: 'request_not_pending',
        details: { state: found.request.state },
      });
    }
    const next: FeedbackRequest = {
      ...found.request,
      state,
      reason,
      closedAt: nowIso(),
      closedBy: access.personId,
    };
    return kit.writeReply(c, async (w) => {
      const record = await w.update(
        'feedback_requests',
        next.id,
        { expectedVersion, data: next },
        {
          action: `feedback_request.${state === 'declined' ? 'decline' : 'cancel'}`,
        },
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
      requirePhase(cycle, REQUEST_PHASES, 'feedback can be requested');
      const issues = reviewerIssues(access, body);
      if (!isParticipant(cycle, body.subjectId)) {
        issues.push({
          code: 'not_a_participant',
          message: `${body.subjectId} is not appraised in cycle ${cycle.id}.`,
          path: ['subjectId'],
        });
      }
      if (issues.length > 0) throw domainProblem(issues, 422);
      const request: FeedbackRequest = {
        id: newId(FEEDBACK_REQUEST_PREFIX),
        cycleId: body.cycleId,
        subjectId: body.subjectId,
        reviewerId: body.reviewerId,
        component: body.component,
        message: body.message,
        requestedBy: me.id,
        state: 'pending',
        reviewId: null,
        reason: null,
        closedAt: null,
        closedBy: null,
      };
      const result = await kit.writeReply(c, async (w) => {
        const open = (
          await listAllWhere(w.tx, 'feedback_requests', w.orgId, {
            cycleId: body.cycleId,
            subjectId: body.subjectId,
          })
        )
          .map(parseFeedbackRequest)
          .find(
            (r) =>
              r.reviewerId === body.reviewerId &&
              r.component === body.component &&
              (r.state === 'pending' || r.state === 'submitted'),
          );
        if (open) {
          throw new Conflict(
            `${body.reviewerId} was already asked for ${body.component} feedback about ${body.subjectId} in this cycle (${open.state}).`,
            { code: 'duplicate_request', details: { requestId: open.id, state: open.state } },
          );
        }
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
      return send(c, await close(c, access, found, 'declined', c.req.valid('json').reason));
    })
    .openapi(cancel, async (c) => {
      const access = await kit.access(c);
      const found = await visibleRequest(access, c.req.valid('param').id);
      if (found.request.requestedBy !== access.personId && !access.canManage(found.request.subjectId)) {
        throw new Forbidden('Only the requester, the subject’s managers or HR may cancel the request.');
      }
      return send(c, await close(c, access, found, 'cancelled', c.req.valid('json').reason ?? null));
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
