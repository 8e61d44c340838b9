// /v1/reviews: self, manager, peer and upward appraisals — drafts, If-Match edits, submit — with role- and phase-scoped reads.
import { createRoute, z } from '@hono/zod-openapi';
import {
  ComponentSchema,
  closeFeedbackRequest,
  DEFAULT_ANONYMOUS_MIN_REVIEWS,
  type FeedbackRequest,
  type FeedbackRequestRefusal,
  type FormalityIssue,
  type Goal,
  GoalSchema,
  IdSchema,
  isAnonymousComponent,
  type Phase,
  PhaseSchema,
  type Policy,
  PolicySchema,
  type ReviewRating,
  ReviewRatingSchema,
  requestToAnswer,
  TEXT_LIMITS,
  utcDay,
  type WithheldComponent,
} from '@perfloop/core';
import type { ResourceRecord, Tx } from '@perfloop/store';
import type { Context } from 'hono';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import { type Access, recuse } from '../authz/index.ts';
import type { AppEnv } from '../context.ts';
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
  newOpaqueId,
  PageQuery,
  paginate,
  problems,
  ResourceMeta,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
  type Write,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { nowIso, optionalIfMatch } from './appraise/conditional.ts';
import {
  isParticipant,
  listAllWhere,
  loadCycle,
  referencedCycle,
  requirePhase,
  type StoredCycle,
} from './appraise/cycleContext.ts';
import { reviewFormality } from './appraise/reviewFormality.ts';
import { evidenceProblems, type ReviewView, ratingIssues, reviewView } from './appraise/reviewRules.ts';
import { WithheldComponentSchema } from './appraise/scoreSchemas.ts';
import { type StoredReview, StoredReviewSchema } from './appraise/storedReview.ts';
import { minReviewsOf, withheldFor } from './appraise/withholding.ts';
import { refuseWithdrawn, WITHDRAWN_WORDS } from './cycles/withdrawnGuard.ts';
import { FormalityIssueSchema } from './feedback/meetingRecord.ts';
import { parseFeedbackRequest } from './feedback-requests.ts';

const tags = ['reviews'];
export const REVIEW_PREFIX = 'rev';
const APPRAISE: readonly Phase[] = ['appraise'];

const ANONYMOUS_TIMES =
  'Shown anonymously (`anonymous: true`), to the UTC day only (`…T00:00:00.000Z`), as are `createdAt` and `updatedAt`: a time to the millisecond could be matched with when a feedback request the reader can see was answered, and name its reviewer.';

const ReviewResource = StoredReviewSchema.extend({
  id: IdSchema.describe(
    'Peer and upward reviews have opaque ids (random characters, no creation time in them); other reviews’ ids are time-ordered.',
  ),
  reviewerId: IdSchema.nullable().openapi({
    description: 'Null when the review is shown anonymously (peer and upward reviews, to their subject).',
  }),
  submittedAt: z
    .string()
    .nullable()
    .openapi({ description: `Null while the review is a draft. ${ANONYMOUS_TIMES}` }),
  feedbackRequestId: IdSchema.nullable().openapi({
    description: 'The feedback request a peer/upward review answers (null otherwise or when anonymous).',
  }),
  anonymous: z.boolean(),
  formality: z.array(FormalityIssueSchema).nullable().openapi({
    description:
      "\"Mere formality\" flags (obstacle 3) of a manager, peer or upward review: its text (summary, per-goal comments and evidence) empty, shorter than the policy's `feedback.minChars`, or near-identical to the same reviewer's review of someone else in the cycle (`feedback.similarityThreshold`; drafts count only for their own reviewer). A warning, never a refusal: the review is saved and submitted as written, and HR sees the flagged reviews in GET /v1/cycles/{id}/reports/review-formality. Null for a self review and for callers other than the reviewer and the subject's managers, department heads and HR.",
  }),
  ...ResourceMeta,
  createdAt: ResourceMeta.createdAt.openapi({ description: 'To the UTC day when shown anonymously.' }),
  updatedAt: ResourceMeta.updatedAt.openapi({ description: 'To the UTC day when shown anonymously.' }),
}).openapi('Review');
type ReviewBody = z.infer<typeof ReviewResource>;

const WithheldReviews = WithheldComponentSchema.extend({ cycleId: IdSchema, subjectId: IdSchema }).openapi(
  'WithheldReviews',
);
const ReviewPage = z
  .object({
    items: z.array(ReviewResource),
    nextCursor: z
      .string()
      .nullable()
      .openapi({ description: 'Cursor of the next page; null on the last page.' }),
    withheld: z.array(WithheldReviews).openapi({
      description:
        'Reviews of yourself left out of this listing (every page of it) by the anonymity threshold: per cycle, the peer or upward component fewer people reviewed you in than the cycle policy’s `feedback.anonymousMinReviews`, with how many did — you could tell who wrote what. They count in your score all the same. Empty for everyone else: your managers, department heads and HR see them.',
    }),
  })
  .openapi('ReviewPage');

const Ratings = z.array(ReviewRatingSchema).max(500);
const ReviewCreate = z
  .strictObject({
    cycleId: IdSchema,
    subjectId: IdSchema.describe('The person reviewed.'),
    component: ComponentSchema.describe(
      '`self` (by the subject), `manager` (by someone in the subject’s manager chain), `peer` / `upward` (answering a pending feedback request addressed to you).',
    ),
    ratings: Ratings.default([]),
    summary: z.string().max(TEXT_LIMITS.reviewSummary).default(''),
    feedbackRequestId: IdSchema.optional().openapi({
      description:
        'Peer/upward: the request answered (default: your pending request for this subject and component).',
    }),
    submit: z.boolean().default(false).openapi({ description: 'Submit at once instead of saving a draft.' }),
  })
  .openapi('ReviewCreate');
const ReviewPatch = z
  .strictObject({
    ratings: Ratings.optional(),
    summary: z.string().max(TEXT_LIMITS.reviewSummary).optional(),
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' })
  .openapi('ReviewPatch');
const SubmitHeaders = IdempotencyHeaders.extend(IfMatchHeaders.shape);
const ReviewQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
  subjectId: IdSchema.optional().openapi({ param: { name: 'subjectId', in: 'query' } }),
  reviewerId: IdSchema.optional().openapi({
    param: { name: 'reviewerId', in: 'query' },
    description: 'Anonymous reviews never match a reviewer filter.',
  }),
  component: ComponentSchema.optional().openapi({ param: { name: 'component', in: 'query' } }),
  state: z
    .enum(['draft', 'submitted'])
    .optional()
    .openapi({ param: { name: 'state', in: 'query' } }),
});

export function parseReview(record: ResourceRecord): StoredReview {
  return StoredReviewSchema.parse(record.data);
}

function reviewBody(
  record: ResourceRecord,
  review: StoredReview,
  view: Exclude<ReviewView, null>,
  formality: ReadonlyMap<string, FormalityIssue[]>,
): ReviewBody {
  const anonymous = view === 'anonymous';
  // Anonymous: times to the UTC day, so they cannot be matched with a feedback request answered at that moment.
  const time = anonymous ? utcDay : (t: string) => t;
  return {
    ...review,
    reviewerId: anonymous ? null : review.reviewerId,
    submittedAt: review.submittedAt === null ? null : time(review.submittedAt),
    feedbackRequestId: anonymous ? null : record.parentId,
    anonymous,
    formality: anonymous ? null : (formality.get(review.id) ?? null),
    version: record.version,
    createdAt: time(record.createdAt),
    updatedAt: time(record.updatedAt),
  };
}

/** The subject's live goals in the cycle (their plan), for rating checks. */
async function planGoals(source: Pick<Tx, 'resources'>, orgId: string, cycleId: string, subjectId: string) {
  const records = await listAllWhere(source, 'goals', orgId, { cycleId, subjectId });
  return records.map((r) => GoalSchema.parse(r.data)).filter((g: Goal) => g.ownerId === subjectId);
}

/** 422 with every rating problem (scale levels, goals rated twice, goals outside the plan). */
async function assertRatings(
  source: Pick<Tx, 'resources'>,
  orgId: string,
  cycle: StoredCycle,
  subjectId: string,
  ratings: readonly ReviewRating[],
  policy: Policy = cycle.policy,
): Promise<void> {
  if (ratings.length === 0) return;
  const issues = ratingIssues(
    ratings,
    await planGoals(source, orgId, cycle.id, subjectId),
    policy.ratingScale,
  );
  if (issues.length > 0) throw domainProblem(issues, 422);
}

/** 422 `evidence_required` per lowest or highest rating short of the policy's evidence: checked when a review is submitted. */
function assertEvidence(ratings: readonly ReviewRating[], policy: Policy): void {
  const issues = evidenceProblems(ratings, policy);
  if (issues.length > 0) throw domainProblem(issues, 422);
}

/** 409 `request_not_pending`: the request a review would answer is no longer pending. */
const notPending = (refusal: FeedbackRequestRefusal) =>
  new Conflict(refusal.message, { code: refusal.code, details: refusal.details });

/** Marks the answered feedback request submitted by the reviewer (a person id, never an audit actor), inside the review's transaction. */
async function answerRequest(
  w: Write,
  requestId: string,
  reviewId: string,
  at: string,
  reviewerId: string,
): Promise<void> {
  const record = await w.tx.resources('feedback_requests').get(w.orgId, requestId);
  if (!record) throw new NotFound('The feedback request was not found.');
  const answered = closeFeedbackRequest(
    parseFeedbackRequest(record),
    { kind: 'submit', reviewId },
    reviewerId,
    at,
  );
  if (!answered.ok) throw notPending(answered.error);
  const next = answered.value;
  await w.update(
    'feedback_requests',
    requestId,
    { expectedVersion: record.version, data: next },
    { action: 'feedback_request.submit' },
  );
}

export function reviewsRoutes(kit: Kit): RouteModule {
  const location = (id: string) => `${V1_PREFIX}/reviews/${id}`;

  /** The review with how the caller sees it; 404 when they may not — also when the anonymity threshold withholds it from them. */
  async function visibleReview(access: Access, id: string) {
    access.requireUser();
    const record = await kit.store.resources('reviews').get(access.orgId, id);
    if (!record) throw new NotFound('The review was not found.');
    const review = parseReview(record);
    const { cycle } = await loadCycle(kit.store, access.orgId, review.cycleId);
    const view = reviewView(access, review, cycle.phase);
    if (view === null) throw new NotFound('The review was not found.');
    if (view === 'anonymous') {
      const withheld = await withheldFor(
        kit.store,
        access.orgId,
        review.cycleId,
        review.subjectId,
        minReviewsOf(cycle.policy),
      );
      if (withheld.some((w) => w.component === review.component)) {
        throw new NotFound('The review was not found.');
      }
    }
    return { record, review, cycle, view };
  }

  /** The pending feedback request a peer/upward review answers; 404 / 403 / 409 as the caller's rights say. */
  async function requestFor(access: Access, body: z.infer<typeof ReviewCreate>): Promise<FeedbackRequest> {
    const me = access.personId;
    const [first, ...rest] = (
      await listAllWhere(kit.store, 'feedback_requests', access.orgId, {
        cycleId: body.cycleId,
        subjectId: body.subjectId,
      })
    )
      .map(parseFeedbackRequest)
      .filter(
        (r) =>
          r.reviewerId === me &&
          r.component === body.component &&
          (body.feedbackRequestId === undefined || r.id === body.feedbackRequestId),
      );
    if (first === undefined) {
      if (!access.canSee(body.subjectId)) throw new NotFound('The person was not found.');
      throw new Forbidden(
        `A ${body.component} review answers a feedback request addressed to you; you have none for this person.`,
      );
    }
    const pending = requestToAnswer([first, ...rest]);
    if (!pending.ok) throw notPending(pending.error);
    return pending.value;
  }

  /** Whether the caller may write a review of this component about the subject: 404 / 403. */
  async function authorise(
    access: Access,
    body: z.infer<typeof ReviewCreate>,
  ): Promise<FeedbackRequest | null> {
    const me = access.requireUser();
    if (!access.snapshot.people.has(body.subjectId)) throw new NotFound('The person was not found.');
    const refuse = (message: string) => {
      if (!access.canSee(body.subjectId)) return new NotFound('The person was not found.');
      return new Forbidden(message);
    };
    switch (body.component) {
      case 'self':
        if (!access.isSelf(body.subjectId)) throw refuse('A self review is written by its subject.');
        return null;
      case 'manager':
        if (access.isSelf(body.subjectId)) {
          recuse(access, 'manager_review', body.subjectId, { path: 'subjectId', location: 'body' });
        }
        if (!access.org.isManagerOf(me.id, body.subjectId, { indirect: true })) {
          throw refuse('A manager review is written by someone in the subject’s manager chain.');
        }
        return null;
      default:
        return requestFor(access, body);
    }
  }

  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Write a review (draft, or submitted with `submit: true`)',
    description:
      'Only while the cycle is in `appraise` (409 `wrong_phase`). Ratings must be levels of the policy scale and goals of the subject’s plan (422 with one error per rating). One review per reviewer, subject and component (409 `review_exists`). Nobody writes the manager review of themselves (403 `own_review`). With `submit: true` the evidence rule applies as on submit (422 `evidence_required`); a draft may still lack it. ' +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: ReviewCreate } } },
    },
    responses: { 201: createdResponse(ReviewResource, 'Created'), ...problems(400, 403, 404, 409, 422) },
  });
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List the reviews you may see',
    description:
      'Your own reviews; submitted reviews of people you manage (HR: all); your own appraisal from the `feedback` phase on, its peer and upward reviews anonymous — no reviewer, no feedback request, times to the UTC day only — and only once enough people gave one: while fewer people reviewed you in a peer or upward component of a cycle than its policy’s `feedback.anonymousMinReviews` (default 3), those reviews are left out and `withheld` says so (they count in your score all the same). Ordered by id; peer and upward reviews’ ids are opaque, so their order carries no time either. Managers, department heads and HR see every review of the people they manage as it is.',
    request: { query: ReviewQuery },
    responses: { 200: jsonResponse(ReviewPage, 'A page of reviews, by id'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a review',
    description:
      'As the listing shows it: a peer or upward review of yourself anonymous (times to the UTC day), and 404 while the anonymity threshold withholds it from you.',
    request: { params: IdParams },
    responses: { 200: resourceResponse(ReviewResource, 'The review'), ...problems(400, 403, 404) },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Change your draft review',
    description: `Only drafts (409 \`review_submitted\`), only in \`appraise\` (409 \`wrong_phase\`). ${WITHDRAWN_WORDS}`,
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: ReviewPatch } } },
    },
    responses: {
      200: resourceResponse(ReviewResource, 'Updated'),
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });
  const submit = createRoute({
    method: 'post',
    path: '/{id}/submit',
    tags,
    summary: 'Submit your draft review',
    description:
      'Sets submittedAt; a peer/upward review marks its feedback request `submitted`. Ratings are checked again against the plan. Every component (self, manager, peer, upward): a rating at the lowest or highest level of the scale needs written evidence — or a comment — of at least the policy’s `calibration.evidenceMinChars` characters (core ratingEvidenceShortfalls, the rule the calibrate guard `evidence_missing` enforces, and a submitted review no longer changes): 422 `evidence_required` with one error per such rating at `ratings.<i>.evidence` (`details`: goalId, rating, chars, required); nothing is submitted. The "mere formality" screening stays a warning (`formality`). If-Match is optional here; when sent it must be current. ' +
      WITHDRAWN_WORDS,
    middleware: [kit.idempotent] as const,
    request: { params: IdParams, headers: SubmitHeaders },
    responses: {
      200: resourceResponse(ReviewResource, 'Submitted'),
      ...problems(400, 403, 404, 409, 412, 422),
    },
  });

  const router = createRouter()
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      const body = c.req.valid('json');
      const { cycle } = await referencedCycle(kit.store, access.orgId, body.cycleId);
      const request = await authorise(access, body);
      const me = access.requireUser().id;
      refuseWithdrawn(access, cycle, body.subjectId);
      requirePhase(cycle, APPRAISE, 'reviews are written');
      const issues: DomainErrorLike[] = [];
      if (!isParticipant(cycle, body.subjectId)) {
        issues.push({
          code: 'not_a_participant',
          message: `${body.subjectId} is not appraised in cycle ${cycle.id}.`,
          path: ['subjectId'],
        });
      }
      if (request === null && body.feedbackRequestId !== undefined) {
        issues.push({
          code: 'feedback_request_not_applicable',
          message: 'Only peer and upward reviews answer a feedback request.',
          path: ['feedbackRequestId'],
        });
      }
      if (issues.length > 0) throw domainProblem(issues, 422);
      await assertRatings(kit.store, access.orgId, cycle, body.subjectId, body.ratings);
      if (body.submit) assertEvidence(body.ratings, cycle.policy);
      const at = nowIso();
      const review: StoredReview = {
        // A peer or upward review's id carries no time: its subject reads it anonymously (see kit/ids.ts).
        id: isAnonymousComponent(body.component) ? newOpaqueId(REVIEW_PREFIX) : newId(REVIEW_PREFIX),
        cycleId: body.cycleId,
        subjectId: body.subjectId,
        reviewerId: me,
        component: body.component,
        ratings: body.ratings,
        summary: body.summary,
        submittedAt: body.submit ? at : null,
      };
      const result = await kit.writeReply(c, async (w) => {
        const existing = (
          await listAllWhere(w.tx, 'reviews', w.orgId, { cycleId: body.cycleId, subjectId: body.subjectId })
        )
          .map(parseReview)
          .find((r) => r.reviewerId === me && r.component === body.component);
        if (existing) {
          throw new Conflict(
            `You already wrote a ${body.component} review of ${body.subjectId} in this cycle; change it while it is a draft.`,
            { code: 'review_exists', details: { reviewId: existing.id } },
          );
        }
        const record = await w.create(
          'reviews',
          {
            id: review.id,
            cycleId: review.cycleId,
            subjectId: review.subjectId,
            parentId: request?.id ?? null,
            data: review,
          },
          { action: body.submit ? 'review.submit' : 'review.create' },
        );
        if (body.submit && request) await answerRequest(w, request.id, review.id, at, review.reviewerId);
        const flags = await reviewFormality(w.tx, access, [review], async () => cycle.policy);
        return reply(201, reviewBody(record, review, 'full', flags), {
          ETag: etag(record),
          Location: location(review.id),
        });
      });
      return send(c, result);
    })
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const query = c.req.valid('query');
      const records = await listAllWhere(kit.store, 'reviews', access.orgId, {
        ...(query.cycleId !== undefined ? { cycleId: query.cycleId } : {}),
        ...(query.subjectId !== undefined ? { subjectId: query.subjectId } : {}),
      });
      const phases = new Map<string, Phase | null>();
      const policies = new Map<string, Policy>();
      const phaseOf = async (cycleId: string): Promise<Phase | null> => {
        if (!phases.has(cycleId)) {
          const record = await kit.store.resources('cycles').get(access.orgId, cycleId);
          const phase = PhaseSchema.safeParse(record?.data.phase);
          const policy = PolicySchema.safeParse(record?.data.policy);
          phases.set(cycleId, phase.success ? phase.data : null);
          if (policy.success) policies.set(cycleId, policy.data);
        }
        return phases.get(cycleId) ?? null;
      };
      // Per cycle and subject (only ever the caller: the anonymous view is theirs), what the threshold withholds.
      const withheldBy = new Map<string, WithheldComponent[]>();
      const withheldOf = async (review: StoredReview): Promise<WithheldComponent[]> => {
        const key = `${review.cycleId}\u0000${review.subjectId}`;
        let found = withheldBy.get(key);
        if (found === undefined) {
          const policy = policies.get(review.cycleId);
          const minReviews = policy ? minReviewsOf(policy) : DEFAULT_ANONYMOUS_MIN_REVIEWS;
          found = await withheldFor(kit.store, access.orgId, review.cycleId, review.subjectId, minReviews);
          withheldBy.set(key, found);
        }
        return found;
      };
      const left = new Map<string, z.infer<typeof WithheldReviews>>();
      const visible: { record: ResourceRecord; review: StoredReview; view: Exclude<ReviewView, null> }[] = [];
      for (const record of records) {
        const review = parseReview(record);
        if (query.component !== undefined && review.component !== query.component) continue;
        if (query.state !== undefined && (review.submittedAt === null) !== (query.state === 'draft'))
          continue;
        const phase = await phaseOf(review.cycleId);
        if (phase === null) continue;
        const view = reviewView(access, review, phase);
        if (view === null) continue;
        if (query.reviewerId !== undefined && (view !== 'full' || review.reviewerId !== query.reviewerId))
          continue;
        if (view === 'anonymous') {
          const withheld = (await withheldOf(review)).find((w) => w.component === review.component);
          if (withheld) {
            const key = `${review.cycleId}\u0000${review.subjectId}\u0000${review.component}`;
            left.set(key, { cycleId: review.cycleId, subjectId: review.subjectId, ...withheld });
            continue;
          }
        }
        visible.push({ record, review, view });
      }
      // By id: peer and upward reviews' ids are opaque (no time), so their order says nothing of when they were written.
      const page = paginate(visible, (e) => e.record.id, query);
      const flags = await reviewFormality(
        kit.store,
        access,
        page.items.map((e) => e.review),
        async (cycleId) =>
          policies.get(cycleId) ?? (await loadCycle(kit.store, access.orgId, cycleId)).policy,
      );
      const items: ReviewBody[] = page.items.map((e) => reviewBody(e.record, e.review, e.view, flags));
      const withheld = [...left.values()].sort((a, b) =>
        a.cycleId === b.cycleId ? a.component.localeCompare(b.component) : a.cycleId < b.cycleId ? -1 : 1,
      );
      return c.json({ items, nextCursor: page.nextCursor, withheld }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      const { record, review, view, cycle } = await visibleReview(access, c.req.valid('param').id);
      const flags = await reviewFormality(kit.store, access, [review], async () => cycle.policy);
      return c.json(reviewBody(record, review, view, flags), 200, { ETag: etag(record) });
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      const { record, review, cycle } = await visibleReview(access, c.req.valid('param').id);
      if (review.reviewerId !== access.personId)
        throw new Forbidden('Only the reviewer may change a review.');
      const expectedVersion = requireIfMatch(c, record.version);
      refuseWithdrawn(access, cycle, review.subjectId);
      requirePhase(cycle, APPRAISE, 'reviews are changed');
      if (review.submittedAt !== null) throw submitted(review);
      const changes = c.req.valid('json');
      const next = StoredReviewSchema.parse({ ...review, ...changes });
      await assertRatings(kit.store, access.orgId, cycle, review.subjectId, next.ratings);
      const result = await kit.writeReply(c, async (w) => {
        const updated = await w.update('reviews', review.id, { expectedVersion, data: next });
        const flags = await reviewFormality(w.tx, access, [next], async () => cycle.policy);
        return reply(200, reviewBody(updated, next, 'full', flags), { ETag: etag(updated) });
      });
      return send(c, result);
    })
    .openapi(submit, async (c) => submitReview(c, await kit.access(c), c.req.valid('param').id));

  async function submitReview(c: Context<AppEnv>, access: Access, id: string) {
    const { record, review, cycle } = await visibleReview(access, id);
    if (review.reviewerId !== access.personId) throw new Forbidden('Only the reviewer may submit a review.');
    const expectedVersion = optionalIfMatch(c, record.version);
    refuseWithdrawn(access, cycle, review.subjectId);
    requirePhase(cycle, APPRAISE, 'reviews are submitted');
    if (review.submittedAt !== null) throw submitted(review);
    await assertRatings(kit.store, access.orgId, cycle, review.subjectId, review.ratings);
    assertEvidence(review.ratings, cycle.policy);
    const at = nowIso();
    const next: StoredReview = { ...review, submittedAt: at };
    const result = await kit.writeReply(c, async (w) => {
      const updated = await w.update(
        'reviews',
        review.id,
        { expectedVersion, data: next },
        { action: 'review.submit' },
      );
      if (record.parentId !== null) await answerRequest(w, record.parentId, review.id, at, review.reviewerId);
      const flags = await reviewFormality(w.tx, access, [next], async () => cycle.policy);
      return reply(200, reviewBody(updated, next, 'full', flags), { ETag: etag(updated) });
    });
    return send(c, result);
  }

  return { path: '/reviews', router };
}

function submitted(review: StoredReview): Conflict {
  return new Conflict(`The review was submitted at ${review.submittedAt}; submitted reviews do not change.`, {
    code: 'review_submitted',
    details: { submittedAt: review.submittedAt },
  });
}
