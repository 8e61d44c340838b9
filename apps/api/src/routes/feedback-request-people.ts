// The reads a feedback request needs between people who may not see each other: whom to ask, and what the reviewer rates.
import { createRoute, z } from '@hono/zod-openapi';
import { FeedbackComponentSchema, feedbackReviewerIssues, IdSchema, type Person } from '@perfloop/core';
import type { RouteModule } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { Forbidden, NotFound } from '../errors.ts';
import { IdParams, jsonResponse, type Kit, PageQuery, pageSchema, paginate, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { listAllWhere, loadCycle } from './appraise/cycleContext.ts';
import { canSeeRequest, parseFeedbackRequest } from './feedback-requests.ts';
import { GoalResource, goalBody, parseGoal } from './goals/goalSchemas.ts';

const tags = ['feedback-requests'];

/** A colleague as a feedback request shows them: enough to recognise them, nothing more. */
const Colleague = z
  .object({ id: IdSchema, name: z.string(), jobTitle: z.string(), departmentId: IdSchema })
  .openapi('FeedbackColleague');
const ColleaguePage = pageSchema(Colleague, 'FeedbackColleaguePage');
const ReviewersQuery = PageQuery.extend({
  subjectId: IdSchema.describe('subjectId').openapi({
    param: { name: 'subjectId', in: 'query' },
    description: 'The person the feedback would be about.',
  }),
  component: FeedbackComponentSchema.default('peer').openapi({
    param: { name: 'component', in: 'query' },
    description:
      '`peer` (default): every other active person but the subject’s own manager (whose view is the manager appraisal); `upward`: the subject’s active direct reports.',
  }),
});
const RequestSubject = z
  .object({
    requestId: IdSchema,
    subject: Colleague,
    requestedBy: Colleague.nullable().openapi({
      description: 'Who asked (null if no longer in the directory).',
    }),
    goals: z.array(GoalResource).openapi({
      description:
        'The live competency goals of the subject’s plan in the cycle: what a peer or upward review rates.',
    }),
  })
  .openapi('FeedbackRequestSubject');

const colleague = (p: Person) => ({
  id: p.id,
  name: p.name,
  jobTitle: p.jobTitle,
  departmentId: p.departmentId,
});

/** The same rule as POST /v1/feedback-requests: the subject’s managers, heads and HR; the subject for peers. */
function mayAskAbout(access: Access, subjectId: string, component: 'peer' | 'upward'): boolean {
  return access.canManage(subjectId) || (access.isSelf(subjectId) && component === 'peer');
}

/** GET /v1/cycles/{id}/feedback-reviewers: whom the caller may ask for feedback about a person. */
export function feedbackReviewersRoutes(kit: Kit): RouteModule {
  const reviewers = createRoute({
    method: 'get',
    path: '/{id}/feedback-reviewers',
    tags,
    summary: 'The colleagues you may ask for feedback about a person',
    description:
      'For whoever may request feedback about the subject (their managers, department heads and HR; the subject for peer feedback; 403 otherwise): the active people who can be asked — name, job title and department only. Feedback is requested with POST /v1/feedback-requests.',
    request: { params: IdParams, query: ReviewersQuery },
    responses: {
      200: jsonResponse(ColleaguePage, 'A page of colleagues, by id'),
      ...problems(400, 403, 404),
    },
  });
  const router = createRouter().openapi(reviewers, async (c) => {
    const access = await kit.access(c);
    access.requireUser();
    await loadCycle(kit.store, access.orgId, c.req.valid('param').id);
    const query = c.req.valid('query');
    access.seePerson(query.subjectId);
    if (!mayAskAbout(access, query.subjectId, query.component)) {
      throw new Forbidden(
        'Feedback about a person is requested by their managers, department heads or HR; you may ask peers about yourself.',
      );
    }
    // Exactly those POST /v1/feedback-requests accepts (core feedbackReviewerIssues).
    const people = access.org
      .people()
      .filter(
        (p) =>
          feedbackReviewerIssues(access.org, {
            subjectId: query.subjectId,
            reviewerId: p.id,
            component: query.component,
          }).length === 0,
      )
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const page = paginate(people, (p) => p.id, query);
    return c.json({ items: page.items.map(colleague), nextCursor: page.nextCursor }, 200);
  });
  return { path: '/cycles', router };
}

/** GET /v1/feedback-requests/{id}/subject: who the feedback is about and the goals a review rates. */
export function feedbackRequestSubjectRoutes(kit: Kit): RouteModule {
  const subject = createRoute({
    method: 'get',
    path: '/{id}/subject',
    tags,
    summary: 'Who a feedback request is about, and the goals to rate',
    description:
      'For whoever may see the request (its reviewer, its requester, the subject’s managers, department heads and HR — never the subject for a request someone else made, HR included): the subject’s and the requester’s name, job title and department, and the live competency goals of their plan in the cycle (KPIs are scored from their actuals). The reviewer usually may not see the subject otherwise.',
    request: { params: IdParams },
    responses: {
      200: jsonResponse(RequestSubject, 'The subject and their goals'),
      ...problems(400, 403, 404),
    },
  });
  const router = createRouter().openapi(subject, async (c) => {
    const access = await kit.access(c);
    access.requireUser();
    const { id } = c.req.valid('param');
    const record = await kit.store.resources('feedback_requests').get(access.orgId, id);
    const request = record ? parseFeedbackRequest(record) : null;
    if (!request || !canSeeRequest(access, request))
      throw new NotFound('The feedback request was not found.');
    const person = access.org.person(request.subjectId);
    if (!person) throw new NotFound('The person was not found.');
    const requester = access.org.person(request.requestedBy);
    const goals = (
      await listAllWhere(kit.store, 'goals', access.orgId, {
        cycleId: request.cycleId,
        subjectId: request.subjectId,
      })
    )
      .map((r) => ({ record: r, goal: parseGoal(r) }))
      .filter(
        ({ goal }) =>
          goal.ownerId === request.subjectId && goal.kind === 'competency' && goal.status !== 'cancelled',
      );
    return c.json(
      {
        requestId: request.id,
        subject: colleague(person),
        requestedBy: requester ? colleague(requester) : null,
        goals: goals.map(({ record: r, goal }) => goalBody(r, goal)),
      },
      200,
    );
  });
  return { path: '/feedback-requests', router };
}
