// What is still open when a cycle leaves its phase, though no guard holds it: overdue coaching, target adjustments and
// feedback requests still to answer (read for the readiness panel and the phase move's confirmation).
import type { Reader } from '../api/client.ts';
import type { CoachingReport, Cycle, FeedbackRequest, TargetAdjustment } from '../api/types.ts';
import { counted, type Translate } from '../i18n/index.tsx';

export interface OpenItems {
  /** Leaving coach: the check-ins overdue (one per person overdue) and how many managers they are with. */
  overdue: { checkIns: number; managers: number } | null;
  /** Leaving coach (HR): target adjustments still to decide; they hold the cycle only when it leaves appraise. */
  targetAdjustments: number | null;
  /** Leaving appraise (HR): peer and upward feedback requests not answered, which can no longer be once it has left. */
  feedbackRequests: number | null;
}

/** The overdue check-ins of a coaching report and their managers (people without a manager are not counted as one). */
export function overdueCoaching(report: CoachingReport): { checkIns: number; managers: number } {
  const overdue = report.people.filter((p) => p.overdue);
  const managers = new Set(overdue.flatMap((p) => (p.managerId ? [p.managerId] : [])));
  return { checkIns: overdue.length, managers: managers.size };
}

/**
 * Reads what is still open in `cycle`'s phase: the coaching report while it is in coach (anyone who sees the panel),
 * and for HR, who alone moves it on, the target adjustments (coach) or feedback requests (appraise) still waiting.
 */
export async function loadOpenItems(client: Reader, cycle: Cycle, hr: boolean): Promise<OpenItems> {
  const coach = cycle.phase === 'coach';
  const [coaching, adjustments, requests] = await Promise.all([
    coach ? client.get<CoachingReport>(`/v1/cycles/${cycle.id}/reports/coaching`) : null,
    coach && hr
      ? client.all<TargetAdjustment>('/v1/target-adjustments', { cycleId: cycle.id, state: 'requested' })
      : null,
    cycle.phase === 'appraise' && hr
      ? client.all<FeedbackRequest>('/v1/feedback-requests', { cycleId: cycle.id, state: 'pending' })
      : null,
  ]);
  return {
    overdue: coaching ? overdueCoaching(coaching) : null,
    targetAdjustments: adjustments ? adjustments.length : null,
    feedbackRequests: requests ? requests.length : null,
  };
}

/** "12 check-ins overdue with 5 managers". */
export function overdueWords(t: Translate, overdue: { checkIns: number; managers: number }): string {
  return t('dash.overdueWith', {
    checkIns: t(counted('dash.checkIns', overdue.checkIns), { count: overdue.checkIns }),
    managers: t(counted('dash.managers', overdue.managers), { count: overdue.managers }),
  });
}
