// POST /v1/cycles/{id}/people/{personId}/score-entries: one person's KPI actuals and manager-review ratings, all or nothing.
import { createRoute, z } from '@hono/zod-openapi';
import { type Goal, GoalSchema, IdSchema, type ReviewRating } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { Conflict, type DomainErrorLike, Forbidden, PreconditionFailed } from '../errors.ts';
import {
  domainProblem,
  IdempotencyHeaders,
  IdParams,
  jsonResponse,
  type Kit,
  newId,
  problems,
  reply,
  send,
  type Write,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { isParticipant, listAllWhere, loadCycle, requirePhase } from './appraise/cycleContext.ts';
import { type StoredReview, StoredReviewSchema } from './appraise/entities.ts';
import { ratingIssues } from './appraise/reviewRules.ts';
import { createBatch } from './cycles/batch.ts';
import { assertGoalChangeAllowed, goalWriter, validateGoal } from './goals/goalRules.ts';
import { goalColumns } from './goals/goalSchemas.ts';
import { syncPlan } from './plans/planRecord.ts';
import { REVIEW_PREFIX } from './reviews.ts';

const tags = ['scores'];
const MAX_ENTRIES = 500;

const Version = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

const GoalEntry = z.strictObject({
  goalId: IdSchema,
  version: Version.openapi({ description: 'The goal version the value was based on (its ETag).' }),
  actual: z.number().finite().nullable().openapi({ description: 'The KPI actual; null clears it.' }),
});
const RatingEntry = z.strictObject({
  goalId: IdSchema,
  rating: z
    .number()
    .finite()
    .nullable()
    .openapi({ description: 'A level of the cycle policy’s scale; null removes the rating.' }),
});
const ReviewEntry = z.strictObject({
  version: Version.nullable().openapi({
    description: 'Your manager review’s version the ratings were based on; null when you have none yet.',
  }),
  ratings: z.array(RatingEntry).min(1).max(MAX_ENTRIES),
});

const unique = (ids: readonly string[]) => new Set(ids).size === ids.length;

const ScoreEntries = z
  .strictObject({
    goals: z
      .array(GoalEntry)
      .max(MAX_ENTRIES)
      .default([])
      .refine((g) => unique(g.map((e) => e.goalId)), { message: 'a goal may appear once' }),
    managerReview: ReviewEntry.optional().refine(
      (r) => r === undefined || unique(r.ratings.map((e) => e.goalId)),
      { message: 'a goal may be rated once' },
    ),
  })
  .refine((b) => b.goals.length > 0 || b.managerReview !== undefined, {
    message: 'send goals, managerReview or both',
  })
  .openapi('ScoreEntries');
type ScoreEntriesInput = z.infer<typeof ScoreEntries>;

const ScoreEntriesResult = z
  .object({
    cycleId: z.string(),
    personId: z.string(),
    changed: z
      .boolean()
      .openapi({ description: 'False when every value was already current (nothing written).' }),
    goals: z.array(
      z.object({ goalId: z.string(), version: z.number().int(), actual: z.number().nullable() }),
    ),
    managerReview: z
      .object({
        id: z.string(),
        version: z.number().int(),
        ratings: z.array(z.object({ goalId: z.string(), rating: z.number() })),
        submittedAt: z.string().nullable(),
      })
      .nullable(),
  })
  .openapi('ScoreEntriesResult');
type ScoreEntriesBody = z.infer<typeof ScoreEntriesResult>;

const PersonParams = IdParams.extend({
  personId: IdSchema.min(1).openapi({ param: { name: 'personId', in: 'path' } }),
});

/** One record whose version moved on since the caller read it. */
interface StaleRecord {
  kind: 'goal' | 'review';
  id: string | null;
  goalId?: string;
  currentVersion: number | null;
}

function staleRecords(records: readonly StaleRecord[]): PreconditionFailed {
  const names = records.map((r) => (r.kind === 'goal' ? `goal ${r.id}` : 'your manager review')).join(', ');
  return new PreconditionFailed(
    `Changed in Perfloop since you read it: ${names}. Nothing was written; read the current values and retry.`,
    { code: 'stale_version', details: { records } },
  );
}

interface PlannedGoal {
  record: ResourceRecord;
  before: Goal;
  next: Goal;
}

/** Checks every goal entry against the goal as committed now; collects stale versions and input problems. */
function planGoal(
  access: Access,
  phase: Parameters<typeof assertGoalChangeAllowed>[2],
  personId: string,
  entry: ScoreEntriesInput['goals'][number],
  index: number,
  record: ResourceRecord | undefined,
  stale: StaleRecord[],
  issues: DomainErrorLike[],
): PlannedGoal | null {
  const parsed = record ? GoalSchema.safeParse(record.data) : null;
  const goal = parsed?.success ? parsed.data : null;
  if (!record || !goal || goal.level !== 'person' || goal.ownerId !== personId) {
    issues.push({
      code: 'unknown_goal',
      message: `Goal ${entry.goalId} is not one of this person's goals in the cycle.`,
      path: ['goals', index, 'goalId'],
    });
    return null;
  }
  if (goal.kind !== 'kpi') {
    issues.push({
      code: 'not_a_kpi',
      message: `Goal ${entry.goalId} is a competency goal: it is rated, it has no actual.`,
      path: ['goals', index, 'actual'],
    });
    return null;
  }
  const writer = goalWriter(access, goal);
  if (writer === null) throw new Forbidden('You may see this goal but not change it.');
  assertGoalChangeAllowed(access, writer, phase, ['actual']);
  if (record.version !== entry.version) {
    stale.push({ kind: 'goal', id: goal.id, goalId: goal.id, currentVersion: record.version });
    return null;
  }
  if (goal.actual === entry.actual) return null;
  return { record, before: goal, next: validateGoal({ ...goal, actual: entry.actual }) };
}

export function scoreEntriesRoutes(kit: Kit): RouteModule {
  const apply = createRoute({
    method: 'post',
    path: '/{id}/people/{personId}/score-entries',
    tags,
    summary: 'Set one person’s KPI actuals and your manager-review ratings, all or nothing',
    description:
      'For bulk scoring tools such as the Sheets add-on: every entry names the version it was based on, and either every entry is applied in one transaction or none is. A stale version anywhere → 412 `stale_version` with `details.records` listing each changed record. Actuals follow the goal rules (owner, manager chain, heads and HR in `plan`/`coach`; later only HR). Ratings go into your own manager review of the person (you must be in their manager chain), kept as a draft, only in `appraise`; a submitted review is 409 `review_submitted`. Values already current are not written (`changed: false`). Use an Idempotency-Key to retry safely.',
    middleware: [kit.idempotent] as const,
    request: {
      params: PersonParams,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: ScoreEntries } } },
    },
    responses: {
      200: jsonResponse(ScoreEntriesResult, 'Applied (or already current)'),
      ...problems(400, 403, 404, 409, 412, 422),
    },
  });

  const router = createRouter().openapi(apply, async (c) => {
    const access = await kit.access(c);
    const me = access.requireUser();
    const { id: cycleId, personId } = c.req.valid('param');
    const body = c.req.valid('json');
    const { cycle } = await loadCycle(kit.store, access.orgId, cycleId);
    access.seePerson(personId);
    if (!isParticipant(cycle, personId)) {
      throw domainProblem([
        {
          code: 'not_a_participant',
          message: `${personId} is not appraised in cycle ${cycleId}.`,
          path: ['personId'],
        },
      ]);
    }
    const review = body.managerReview;
    if (review !== undefined) {
      if (!access.org.isManagerOf(me.id, personId, { indirect: true })) {
        throw new Forbidden('Manager-review ratings are given by someone in the person’s manager chain.');
      }
      requirePhase(cycle, ['appraise'], 'manager reviews are written');
    }

    const result = await kit.writeReply(c, async (w) => {
      const stale: StaleRecord[] = [];
      const issues: DomainErrorLike[] = [];
      const goalRecords = new Map(
        (await listAllWhere(w.tx, 'goals', w.orgId, { cycleId, subjectId: personId })).map((r) => [r.id, r]),
      );
      const planned = body.goals.flatMap((entry, i) => {
        const p = planGoal(
          access,
          cycle.phase,
          personId,
          entry,
          i,
          goalRecords.get(entry.goalId),
          stale,
          issues,
        );
        return p ? [p] : [];
      });
      const reviewPlan =
        review === undefined
          ? null
          : await planReview(w, me.id, personId, cycle, [...goalRecords.values()], review, stale, issues);
      if (stale.length > 0) throw staleRecords(stale);
      if (issues.length > 0) throw domainProblem(issues, 422);

      const b = createBatch(w);
      const written = new Map<string, ResourceRecord>();
      for (const p of planned) {
        const record = await b.update('goals', p.record.id, {
          expectedVersion: p.record.version,
          data: p.next,
          ...goalColumns(p.next),
        });
        written.set(record.id, record);
      }
      if (planned.length > 0) await syncPlan(b, cycleId, personId);
      let reviewRecord = reviewPlan?.record ?? null;
      let reviewData = reviewPlan?.current ?? null;
      if (reviewPlan?.next) {
        reviewData = reviewPlan.next;
        reviewRecord = reviewPlan.record
          ? await b.update('reviews', reviewPlan.record.id, {
              expectedVersion: reviewPlan.record.version,
              data: reviewPlan.next,
            })
          : await b.create(
              'reviews',
              {
                id: reviewPlan.next.id,
                cycleId,
                subjectId: personId,
                parentId: null,
                data: reviewPlan.next,
              },
              { action: 'review.create' },
            );
      }
      await b.flush();
      const out: ScoreEntriesBody = {
        cycleId,
        personId,
        changed: planned.length > 0 || Boolean(reviewPlan?.next),
        goals: body.goals.flatMap((e) => {
          const record = written.get(e.goalId) ?? goalRecords.get(e.goalId);
          if (!record) return [];
          const goal = GoalSchema.parse(record.data);
          return [
            { goalId: goal.id, version: record.version, actual: goal.kind === 'kpi' ? goal.actual : null },
          ];
        }),
        managerReview:
          reviewRecord && reviewData
            ? {
                id: reviewData.id,
                version: reviewRecord.version,
                ratings: reviewData.ratings.map((r) => ({ goalId: r.goalId, rating: r.rating })),
                submittedAt: reviewData.submittedAt,
              }
            : null,
      };
      return reply(200, out);
    });
    return send(c, result);
  });
  return { path: '/cycles', router };
}

interface PlannedReview {
  /** The caller's manager review as committed now (null: none yet). */
  record: ResourceRecord | null;
  current: StoredReview | null;
  /** The review to write; null when the ratings are already current. */
  next: StoredReview | null;
}

/** Checks the ratings against the caller's manager review as committed now and the person's plan. */
async function planReview(
  w: Write,
  reviewerId: string,
  personId: string,
  cycle: { id: string; policy: { ratingScale: Parameters<typeof ratingIssues>[2] } },
  goalRecords: readonly ResourceRecord[],
  entry: NonNullable<ScoreEntriesInput['managerReview']>,
  stale: StaleRecord[],
  issues: DomainErrorLike[],
): Promise<PlannedReview> {
  const mine = (await listAllWhere(w.tx, 'reviews', w.orgId, { cycleId: cycle.id, subjectId: personId }))
    .map((record) => ({ record, review: StoredReviewSchema.parse(record.data) }))
    .find((r) => r.review.reviewerId === reviewerId && r.review.component === 'manager');
  const currentVersion = mine?.record.version ?? null;
  if (currentVersion !== entry.version) {
    stale.push({ kind: 'review', id: mine?.record.id ?? null, currentVersion });
    return { record: mine?.record ?? null, current: mine?.review ?? null, next: null };
  }
  if (mine && mine.review.submittedAt !== null) {
    throw new Conflict(
      `Your manager review was submitted at ${mine.review.submittedAt}; submitted reviews do not change.`,
      {
        code: 'review_submitted',
        details: { reviewId: mine.review.id, submittedAt: mine.review.submittedAt },
      },
    );
  }
  const goals = goalRecords
    .map((r) => GoalSchema.parse(r.data))
    .filter((g) => g.level === 'person' && g.ownerId === personId);
  const given = entry.ratings.flatMap((r, i) =>
    r.rating === null
      ? []
      : [{ index: i, rating: { goalId: r.goalId, rating: r.rating, comment: '', evidence: '' } }],
  );
  for (const issue of ratingIssues(
    given.map((g) => g.rating),
    goals,
    cycle.policy.ratingScale,
  )) {
    const [, at, field] = issue.path ?? [];
    const index = given[Number(at)]?.index ?? 0;
    issues.push({ ...issue, path: ['managerReview', 'ratings', index, String(field ?? 'rating')] });
  }
  const byGoal = new Map<string, ReviewRating>((mine?.review.ratings ?? []).map((r) => [r.goalId, r]));
  let changed = false;
  for (const r of entry.ratings) {
    const existing = byGoal.get(r.goalId);
    if (r.rating === null) {
      if (existing) changed = byGoal.delete(r.goalId) || changed;
    } else if (existing?.rating !== r.rating) {
      byGoal.set(r.goalId, { comment: '', evidence: '', ...existing, goalId: r.goalId, rating: r.rating });
      changed = true;
    }
  }
  if (!changed) return { record: mine?.record ?? null, current: mine?.review ?? null, next: null };
  const ratings = [...byGoal.values()];
  const next: StoredReview = mine
    ? { ...mine.review, ratings }
    : {
        id: newId(REVIEW_PREFIX),
        cycleId: cycle.id,
        subjectId: personId,
        reviewerId,
        component: 'manager',
        ratings,
        summary: '',
        submittedAt: null,
      };
  return { record: mine?.record ?? null, current: mine?.review ?? null, next };
}

/** The entries' location for docs and tests. */
export const scoreEntriesPath = (cycleId: string, personId: string) =>
  `${V1_PREFIX}/cycles/${cycleId}/people/${personId}/score-entries`;
