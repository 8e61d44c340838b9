// What the Me view reads, without React: the view's sections load through these, and boot starts them ahead for /teams/me.
import { ApiError, type Reader } from '../api/client.ts';
import { myReview } from '../api/reviews.ts';
import type {
  CheckIn,
  Cycle,
  Explanation,
  FeedbackMeeting,
  Goal,
  Person,
  Plan,
  Result,
  Review,
} from '../api/types.ts';
import { reached } from '../phase.ts';

type Me = Pick<Person, 'id'>;
type OfCycle = Pick<Cycle, 'id' | 'phase'>;

/** The plan's path: the Me view's first meaningful content, which its first render takes when already read. */
export function planPath(cycle: OfCycle, me: Me): string {
  return `/v1/cycles/${cycle.id}/plans/${me.id}`;
}

export function planOf(api: Reader, cycle: OfCycle, me: Me): Promise<Plan> {
  return api.get<Plan>(planPath(cycle, me));
}

export async function checkInsOf(
  api: Reader,
  cycle: OfCycle,
  me: Me,
): Promise<{ checkIns: CheckIn[]; goals: Goal[] }> {
  const [checkIns, goals] = await Promise.all([
    api.all<CheckIn>('/v1/check-ins', { cycleId: cycle.id, subjectId: me.id }),
    api.all<Goal>('/v1/me/goals', { cycleId: cycle.id }),
  ]);
  return { checkIns, goals };
}

export async function selfAppraisalOf(
  api: Reader,
  cycle: OfCycle,
  me: Me,
): Promise<{ review: Review | null; goals: Goal[] }> {
  const [review, goals] = await Promise.all([
    myReview(api, cycle.id, me.id, me.id, 'self'),
    api.all<Goal>('/v1/me/goals', { cycleId: cycle.id }),
  ]);
  return { review, goals };
}

/**
 * My result in the cycle and its explanation: the one kept with the applied result (it never drifts from the applied
 * number); without one (no result yet, or one applied before explanations were kept) the live score's, `provisional`.
 */
/** Why there is no score yet: a plan whose every goal was cancelled (the goals' titles), as the API's 422 says. */
export interface Unscored {
  reason: 'all_goals_cancelled';
  goals: string[];
}

/** The cancelled plan's goal titles when `error` is the score's 422 `all_goals_cancelled`; null for anything else. */
export function unscoredOf(error: unknown): Unscored | null {
  if (!(error instanceof ApiError) || error.status !== 422 || error.problem.code !== 'all_goals_cancelled')
    return null;
  const goals = error.problem.details?.cancelledGoals;
  const titles = Array.isArray(goals)
    ? goals.flatMap((g) =>
        typeof g === 'object' && g !== null && typeof (g as { title?: unknown }).title === 'string'
          ? [(g as { title: string }).title]
          : [],
      )
    : [];
  return { reason: 'all_goals_cancelled', goals: titles };
}

export async function resultOf(
  api: Reader,
  cycle: OfCycle,
  me: Me,
): Promise<{
  result: Result | null;
  meeting: FeedbackMeeting | null;
  explanation: Explanation | null;
  provisional: boolean;
  unscored: Unscored | null;
}> {
  const [results, meetings] = await Promise.all([
    api.all<Result>('/v1/me/results', { explain: true }),
    api.all<FeedbackMeeting>('/v1/feedback-meetings', { cycleId: cycle.id, subjectId: me.id }),
  ]);
  const result = results.find((r) => r.cycleId === cycle.id) ?? null;
  // The meeting that counts (the latest passing the feedback checklist), else the latest recorded.
  const meeting = meetings.filter((m) => m.quality?.passed).at(-1) ?? meetings.at(-1) ?? null;
  if (result?.explanation)
    return { result, meeting, explanation: result.explanation, provisional: false, unscored: null };
  let explanation: Explanation | null = null;
  let unscored: Unscored | null = null;
  if (reached(cycle, 'feedback')) {
    explanation = await api
      .get<Explanation>(`/v1/cycles/${cycle.id}/scores/${me.id}`, { explain: true })
      .catch((error: unknown) => {
        // No score: a plan whose goals were all cancelled says so; anything else shows as no result yet.
        unscored = unscoredOf(error);
        return null;
      });
  }
  return { result, meeting, explanation, provisional: explanation !== null, unscored };
}

/** Starts every read of the Me view, the plan first; settles when the plan (its first meaningful content) has. */
export async function readMeAhead(api: Reader, cycle: OfCycle, me: Me): Promise<void> {
  const plan = planOf(api, cycle, me);
  for (const rest of [
    checkInsOf(api, cycle, me),
    selfAppraisalOf(api, cycle, me),
    resultOf(api, cycle, me),
  ]) {
    rest.catch(() => undefined);
  }
  await plan.catch(() => undefined);
}
