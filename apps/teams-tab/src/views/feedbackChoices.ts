// Whom a feedback request may go to, and why someone is not offered: the subject's own manager is no peer (the API's
// manager_not_peer), someone already asked for this kind is not asked twice, and upward feedback is asked by the
// subject's managers or HR of the subject's direct reports only (never by the subject: the API's rule).
import type { Colleague, FeedbackComponent, FeedbackRequest } from '../api/types.ts';

/** Why upward feedback cannot be asked for here: the subject asks about themselves, or has no direct reports. */
export type UpwardUnavailable = 'own' | 'no_reports';

export function upwardUnavailable(own: boolean, hasReports: boolean): UpwardUnavailable | null {
  if (own) return 'own';
  return hasReports ? null : 'no_reports';
}

/** A request that keeps its reviewer from being asked again for the same kind (core blocksNewRequest). */
const blocks = (r: Pick<FeedbackRequest, 'state'>) => r.state === 'pending' || r.state === 'submitted';

export interface ReviewerChoices {
  /** Whom to offer, by name. */
  offered: Colleague[];
  /** Asked already for this kind (waiting or answered), so not offered again: their ids, as the requests list them. */
  asked: string[];
}

/** The colleagues the API lists for `component`, less those already asked for it about `subjectId`. */
export function reviewerChoices(
  candidates: readonly Colleague[],
  requests: readonly Pick<FeedbackRequest, 'subjectId' | 'reviewerId' | 'component' | 'state'>[],
  component: FeedbackComponent,
  subjectId: string,
): ReviewerChoices {
  const asked = [
    ...new Set(
      requests
        .filter((r) => r.subjectId === subjectId && r.component === component && blocks(r))
        .map((r) => r.reviewerId),
    ),
  ];
  const taken = new Set(asked);
  const offered = candidates.filter((c) => !taken.has(c.id)).sort((a, b) => a.name.localeCompare(b.name));
  return { offered, asked };
}
