// One person's KPI actuals and manager-review ratings, all or nothing, inside a write transaction: the code both score-entries routes share.
import { type Goal, GoalSchema, type ReviewRating } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type Access, recuse } from '../../authz/index.ts';
import { ApiError, Conflict, type DomainErrorLike, Forbidden, PreconditionFailed } from '../../errors.ts';
import { domainProblem, newId, type Write } from '../../kit/index.ts';
import { isParticipant, listAllWhere, requirePhase } from '../appraise/cycleContext.ts';
import { ratingIssues } from '../appraise/reviewRules.ts';
import { type StoredReview, StoredReviewSchema } from '../appraise/storedReview.ts';
import { createBatch } from '../cycles/batch.ts';
import type { StoredCycle } from '../cycles/cycleRecord.ts';
import { refuseWithdrawn } from '../cycles/withdrawnGuard.ts';
import { assertGoalChangeAllowed, goalWriter, validateGoal } from '../goals/goalRules.ts';
import { goalColumns } from '../goals/goalSchemas.ts';
import { syncPlan } from '../plans/planRecord.ts';
import { REVIEW_PREFIX } from '../reviews.ts';
import type { ScoreEntriesBody, ScoreEntriesInput, StaleRecord } from './schemas.ts';

/** Who scores, in which cycle (read once per request). */
export interface Scorer {
  access: Access;
  /** The caller's person id (manager-review ratings go into their own review). */
  reviewerId: string;
  cycle: StoredCycle;
}

/** 412 `stale_version` listing every record whose version moved on. */
export function staleRecords(records: readonly StaleRecord[]): PreconditionFailed {
  const names = records.map((r) => (r.kind === 'goal' ? `goal ${r.id}` : 'your manager review')).join(', ');
  return new PreconditionFailed(
    `Changed in Perfloop since you read it: ${names}. Nothing was written; read the current values and retry.`,
    { code: 'stale_version', details: { records } },
  );
}

/**
 * The checks that need no data of the person: they may be seen (404), are not withdrawn from the cycle
 * (409 `participant_withdrawn`), are appraised in it (422 `not_a_participant`) and, for ratings, the caller is in their manager chain (403) and the
 * cycle in `appraise` (409 `wrong_phase`).
 */
function checkPerson(s: Scorer, personId: string, body: ScoreEntriesInput): void {
  const { access, cycle } = s;
  access.seePerson(personId);
  refuseWithdrawn(access, cycle, personId);
  if (!isParticipant(cycle, personId)) {
    throw domainProblem([
      {
        code: 'not_a_participant',
        message: `${personId} is not appraised in cycle ${cycle.id}.`,
        path: ['personId'],
      },
    ]);
  }
  if (body.managerReview !== undefined) {
    recuse(access, 'manager_review', personId, { path: 'managerReview', location: 'body' });
    if (!access.org.isManagerOf(s.reviewerId, personId, { indirect: true })) {
      throw new Forbidden('Manager-review ratings are given by someone in the person’s manager chain.');
    }
    requirePhase(cycle, ['appraise'], 'manager reviews are written');
  }
}

/**
 * A compare-and-set that lost to a transaction committed after this one read the record (possible on
 * PostgreSQL, whose transactions read committed data): the same 412 as a stale entry, naming the record.
 */
function lostRace(record: Omit<StaleRecord, 'currentVersion'>) {
  return (error: unknown): never => {
    if (error instanceof ApiError && error.code === 'stale_version') {
      const current = error.details?.currentVersion;
      throw staleRecords([{ ...record, currentVersion: typeof current === 'number' ? current : null }]);
    }
    throw error;
  };
}

interface PlannedGoal {
  record: ResourceRecord;
  next: Goal;
}

/** Checks one goal entry against the goal as committed now; collects stale versions and input problems. */
function planGoal(
  s: Scorer,
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
    // The path names the entry; the id is not echoed (it may be anyone's, or no one's).
    issues.push({
      code: 'unknown_goal',
      message: 'Not one of this person’s goals in the cycle.',
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
  const writer = goalWriter(s.access, goal);
  if (writer === null) throw new Forbidden('You may see this goal but not change it.');
  assertGoalChangeAllowed(s.access, writer, s.cycle.phase, ['actual']);
  if (record.version !== entry.version) {
    stale.push({ kind: 'goal', id: goal.id, goalId: goal.id, currentVersion: record.version });
    return null;
  }
  if (goal.actual === entry.actual) return null;
  return { record, next: validateGoal({ ...goal, actual: entry.actual }) };
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
  s: Scorer,
  personId: string,
  goalRecords: readonly ResourceRecord[],
  entry: NonNullable<ScoreEntriesInput['managerReview']>,
  stale: StaleRecord[],
  issues: DomainErrorLike[],
): Promise<PlannedReview> {
  const { cycle, reviewerId } = s;
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
    const path = ['managerReview', 'ratings', index, String(field ?? 'rating')];
    // As for actuals: the path names the entry, the goal id sent is not echoed.
    issues.push(
      issue.code === 'unknown_goal'
        ? { code: issue.code, message: 'Not a live goal of this person’s plan in the cycle.', path }
        : { ...issue, path },
    );
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

/**
 * Applies one person's entries in `w`'s transaction, all or nothing: the checks above, then every
 * entry against the records as committed now — any stale version is 412 `stale_version` listing each
 * changed record, any bad entry 422 listing each (paths into the entries) — and only then the writes:
 * goals by compare-and-set on the versions just read (one statement each), the plan's agreement reset
 * when its goals changed, the caller's manager review; audit entries and feed events after every row
 * (createBatch), all in the same transaction. Throws ApiErrors (nothing written) on refusal.
 */
export async function scorePerson(
  w: Write,
  s: Scorer,
  personId: string,
  body: ScoreEntriesInput,
): Promise<ScoreEntriesBody> {
  checkPerson(s, personId, body);
  const cycleId = s.cycle.id;
  const review = body.managerReview;
  const stale: StaleRecord[] = [];
  const issues: DomainErrorLike[] = [];
  const goalRecords = new Map(
    (await listAllWhere(w.tx, 'goals', w.orgId, { cycleId, subjectId: personId })).map((r) => [r.id, r]),
  );
  const planned = body.goals.flatMap((entry, i) => {
    const p = planGoal(s, personId, entry, i, goalRecords.get(entry.goalId), stale, issues);
    return p ? [p] : [];
  });
  const reviewPlan =
    review === undefined
      ? null
      : await planReview(w, s, personId, [...goalRecords.values()], review, stale, issues);
  if (stale.length > 0) throw staleRecords(stale);
  if (issues.length > 0) throw domainProblem(issues, 422);

  const b = createBatch(w);
  const written = new Map<string, ResourceRecord>();
  for (const p of planned) {
    const record = await b
      .updateRead('goals', p.record, { data: p.next, ...goalColumns(p.next) })
      .catch(lostRace({ kind: 'goal', id: p.record.id, goalId: p.record.id }));
    written.set(record.id, record);
  }
  if (planned.length > 0) {
    const now = [...goalRecords.values()].map((r) => written.get(r.id) ?? r);
    await syncPlan(b, cycleId, personId, now);
  }
  let reviewRecord = reviewPlan?.record ?? null;
  let reviewData = reviewPlan?.current ?? null;
  if (reviewPlan?.next) {
    reviewData = reviewPlan.next;
    reviewRecord = reviewPlan.record
      ? await b
          .updateRead('reviews', reviewPlan.record, { data: reviewPlan.next })
          .catch(lostRace({ kind: 'review', id: reviewPlan.record.id }))
      : await b.create(
          'reviews',
          { id: reviewPlan.next.id, cycleId, subjectId: personId, parentId: null, data: reviewPlan.next },
          { action: 'review.create' },
        );
  }
  await b.flush();
  return {
    cycleId,
    personId,
    changed: planned.length > 0 || Boolean(reviewPlan?.next),
    goals: body.goals.flatMap((e) => {
      const record = written.get(e.goalId) ?? goalRecords.get(e.goalId);
      if (!record) return [];
      const goal = GoalSchema.parse(record.data);
      return [{ goalId: goal.id, version: record.version, actual: goal.kind === 'kpi' ? goal.actual : null }];
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
}
