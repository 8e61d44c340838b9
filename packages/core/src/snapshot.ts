// Cycle snapshot: every guard list of the cycle state machine, computed from the plain facts a caller stores.
import { z } from 'zod';
import { evidenceIssues } from './calibration.ts';
import { type CheckIn, CheckInSchema } from './coaching.ts';
import { charCount, compareIds, type Id, IdSchema } from './common.ts';
import type { CycleSnapshot } from './cycle.ts';
import {
  AcknowledgementStateSchema,
  type FeedbackMeeting,
  FeedbackMeetingSchema,
  feedbackQuality,
} from './feedback.ts';
import { type Goal, GoalSchema, validatePlanWeights } from './goals.ts';
import { type Plan, PlanSchema } from './plan.ts';
import { type Policy, scaleBounds } from './policy.ts';
import { type Review, ReviewSchema } from './scoring.ts';

/** One person's acknowledgement state for the cycle's result. */
export const PersonAcknowledgementSchema = z.strictObject({
  personId: IdSchema,
  state: AcknowledgementStateSchema,
});
export type PersonAcknowledgement = z.infer<typeof PersonAcknowledgementSchema>;

/**
 * The plain facts of one cycle, as a caller (the API) loads them from storage. Records of other
 * cycles (by `cycleId`) and about people who are not participants are ignored, so callers may
 * pass broader queries. Validate with the schema at the edge; `cycleSnapshot` does not parse.
 */
export const CycleFactsSchema = z.strictObject({
  cycleId: IdSchema,
  /** Everyone appraised in this cycle (person ids). */
  participants: z.array(IdSchema),
  /** Each participant's plan (a missing plan counts as not agreed). */
  plans: z.array(PlanSchema),
  /** The cycle's goals; person goals (level 'person', with an owner) make up each plan. */
  goals: z.array(GoalSchema),
  /** Check-ins of the cycle; only those written by someone other than the subject count as coaching. */
  checkIns: z.array(CheckInSchema),
  /** Submitted appraisal reviews of the cycle (resubmissions allowed). */
  reviews: z.array(ReviewSchema),
  /** True once the cycle has calibration sessions and every one is finalised (false while it has none). */
  calibrationFinalised: z.boolean(),
  /** Feedback meetings held; only a meeting that passes `feedbackQuality` counts as held. */
  feedbackMeetings: z.array(FeedbackMeetingSchema),
  /** Acknowledgement state per person (a participant without one counts as pending). */
  acknowledgements: z.array(PersonAcknowledgementSchema),
  /** People whose result (bonus, merit, promotion, improvement plan) has been applied. */
  resultsApplied: z.array(IdSchema),
  /** People who have draft goals for the next cycle. */
  improvementDrafts: z.array(IdSchema),
  /** People with an improvement gap (improvement plan, target review or development need). */
  improvementGaps: z.array(IdSchema),
  /** People with a target adjustment still `requested` (absent = none). */
  openTargetAdjustments: z.array(IdSchema).optional(),
  /** People no longer active in the organisation (absent = none); the guards' refusals hint to withdraw them. */
  inactivePeople: z.array(IdSchema).optional(),
});
export type CycleFacts = z.infer<typeof CycleFactsSchema>;

/** What `cycleSnapshot` reads: a parsed CycleFacts fits (arrays may be read-only). */
export interface CycleFactsArgs {
  cycleId: Id;
  participants: readonly Id[];
  plans: readonly Plan[];
  goals: readonly Goal[];
  checkIns: readonly CheckIn[];
  reviews: readonly Review[];
  calibrationFinalised: boolean;
  feedbackMeetings: readonly FeedbackMeeting[];
  acknowledgements: readonly PersonAcknowledgement[];
  resultsApplied: readonly Id[];
  improvementDrafts: readonly Id[];
  improvementGaps: readonly Id[];
  openTargetAdjustments?: readonly Id[];
  inactivePeople?: readonly Id[];
}

// One bit per participant and fact in cycleSnapshot.
const F_AGREED = 1;
const F_NOT_AGREED = 2;
const F_COACHED = 4;
const F_SELF = 8;
const F_MANAGER = 16;
const F_SUSPECT = 32;
const F_UNEVIDENCED = 64;
const F_MET = 128;
const F_APPLIED = 256;
const F_DRAFTED = 512;
const F_GAP = 1024;
const F_ADJUSTING = 2048;
const F_INACTIVE = 4096;
const ACK_PENDING = 0;
const ACK_APPEALED = 1;
const ACK_SETTLED = 2;

/** Whether a review has a lowest/highest rating whose evidence and comment are both too short. */
function hasShortExtreme(review: Review, min: number, max: number, required: number): boolean {
  for (const g of review.ratings) {
    if (g.rating !== min && g.rating !== max) continue;
    if (Math.max(charCount(g.evidence.trim()), charCount(g.comment.trim())) < required) return true;
  }
  return false;
}

/**
 * The snapshot the cycle guards read, computed from plain facts in one pass over each list
 * (linear: participant ids are indexed once and each fact sets a bit; only the participants and
 * the missing-actual KPI ids are sorted, so every list comes out sorted by id):
 * - plansNotAgreed: participants without a plan of this cycle, or with one not 'agreed';
 * - plansWithBadWeights: participants whose person goals fail `validatePlanWeights` (no goals, or
 *   weights not totalling 100; cancelled goals carry no weight);
 * - withoutCheckIn: participants with no check-in written about them by someone else;
 * - selfAppraisalsMissing (only when the policy's self weight is > 0) and managerAppraisalsMissing:
 *   participants without a review of that component;
 * - appraisalsMissing: participants without a manager review, or without a self review when the policy's self
 *   weight is > 0 (the same facts, read again by the gate into feedback);
 * - kpiActualsMissing: ids of participants' live KPI goals without an actual, sorted;
 * - extremeRatingsWithoutEvidence: participants with an `evidenceIssues` finding;
 * - calibrationOpen: calibration is not finished — no calibration session yet (`calibrationFinalised` is false
 *   then too), or one not finalised;
 * - feedbackMeetingsMissing: participants without a meeting that passes `feedbackQuality` (a
 *   mere-formality meeting does not count);
 * - acknowledgementsPending / appealsOpen: participants whose state is pending (or missing) /
 *   appealed;
 * - resultsNotApplied: participants not in `resultsApplied`;
 * - improvementDraftsMissing: participants with a gap and no next-cycle drafts;
 * - targetAdjustmentsOpen: participants in `openTargetAdjustments` (a request still to decide);
 * - allGoalsCancelled: participants with person goals in the cycle, every one cancelled (no score,
 *   so never a result); inactiveParticipants: participants in `inactivePeople`. These two only feed
 *   the refusals' hints (withdraw the person), no guard of their own.
 * Everything is computed regardless of policy except the self-appraisal list; the guards decide
 * what applies (see GUARDS).
 */
export function cycleSnapshot(facts: CycleFactsArgs, policy: Policy): CycleSnapshot {
  const { cycleId } = facts;
  const participants = [...new Set(facts.participants)].sort(compareIds);
  const n = participants.length;
  const index = new Map<Id, number>();
  for (let i = 0; i < n; i++) index.set(participants[i] as Id, i);
  /** One bit per fact and participant (see the F_ constants); the last acknowledgement row wins. */
  const flags = new Uint16Array(n);
  const ack = new Uint8Array(n); // ACK_PENDING (also: no state yet), ACK_APPEALED or ACK_SETTLED
  const mark = (id: Id, bit: number): void => {
    const i = index.get(id);
    if (i !== undefined) flags[i] = (flags[i] as number) | bit;
  };

  for (const p of facts.plans)
    if (p.cycleId === cycleId) mark(p.personId, p.status === 'agreed' ? F_AGREED : F_NOT_AGREED);

  // Person goals of this cycle per participant (for validatePlanWeights), and KPIs without an actual.
  const goalsOf = new Array<Goal[] | undefined>(n);
  const kpiActualsMissing: Id[] = [];
  for (const g of facts.goals) {
    if (g.cycleId !== cycleId || g.level !== 'person' || g.ownerId === null) continue;
    const i = index.get(g.ownerId);
    if (i === undefined) continue;
    const list = goalsOf[i];
    if (list === undefined) goalsOf[i] = [g];
    else list.push(g);
    if (g.kind === 'kpi' && g.status !== 'cancelled' && g.actual === null) kpiActualsMissing.push(g.id);
  }

  for (const c of facts.checkIns)
    if (c.cycleId === cycleId && c.authorId !== c.subjectId) mark(c.subjectId, F_COACHED);

  // Reviews: who has a self / manager review, and who has an extreme rating short of evidence in
  // some review (a superseding resubmission may fix it, so evidenceIssues then judges all of
  // those people's reviews of this cycle — usually a small subset).
  const { min, max } = scaleBounds(policy.ratingScale);
  const required = policy.calibration.evidenceMinChars;
  let suspects = 0;
  for (const r of facts.reviews) {
    if (r.cycleId !== cycleId) continue;
    const i = index.get(r.subjectId);
    if (i === undefined) continue;
    let f = flags[i] as number;
    if (r.component === 'self') f |= F_SELF;
    else if (r.component === 'manager') f |= F_MANAGER;
    if (required > 0 && (f & F_SUSPECT) === 0 && hasShortExtreme(r, min, max, required)) {
      f |= F_SUSPECT;
      suspects++;
    }
    flags[i] = f;
  }
  if (suspects > 0) {
    const judged = facts.reviews.filter((r) => {
      const i = r.cycleId === cycleId ? index.get(r.subjectId) : undefined;
      return i !== undefined && ((flags[i] as number) & F_SUSPECT) !== 0;
    });
    for (const issue of evidenceIssues(judged, policy)) mark(issue.subjectId, F_UNEVIDENCED);
  }

  for (const m of facts.feedbackMeetings) {
    if (m.cycleId !== cycleId) continue;
    const i = index.get(m.subjectId);
    if (i === undefined || ((flags[i] as number) & F_MET) !== 0) continue;
    if (feedbackQuality(m, policy).passed) flags[i] = (flags[i] as number) | F_MET;
  }

  for (const a of facts.acknowledgements) {
    const i = index.get(a.personId);
    if (i === undefined) continue;
    const status = a.state.status;
    ack[i] = status === 'pending' ? ACK_PENDING : status === 'appealed' ? ACK_APPEALED : ACK_SETTLED;
  }
  for (const id of facts.resultsApplied) mark(id, F_APPLIED);
  for (const id of facts.improvementDrafts) mark(id, F_DRAFTED);
  for (const id of facts.improvementGaps) mark(id, F_GAP);
  for (const id of facts.openTargetAdjustments ?? []) mark(id, F_ADJUSTING);
  for (const id of facts.inactivePeople ?? []) mark(id, F_INACTIVE);

  const checkSelf = policy.componentWeights.self > 0;
  const snapshot: CycleSnapshot = {
    participants,
    plansNotAgreed: [],
    plansWithBadWeights: [],
    withoutCheckIn: [],
    selfAppraisalsMissing: [],
    managerAppraisalsMissing: [],
    appraisalsMissing: [],
    kpiActualsMissing: kpiActualsMissing.sort(compareIds),
    targetAdjustmentsOpen: [],
    extremeRatingsWithoutEvidence: [],
    calibrationOpen: !facts.calibrationFinalised,
    feedbackMeetingsMissing: [],
    acknowledgementsPending: [],
    appealsOpen: [],
    resultsNotApplied: [],
    improvementDraftsMissing: [],
    allGoalsCancelled: [],
    inactiveParticipants: [],
  };
  const noGoals: Goal[] = [];
  for (let i = 0; i < n; i++) {
    const id = participants[i] as Id;
    const f = flags[i] as number;
    if ((f & (F_AGREED | F_NOT_AGREED)) !== F_AGREED) snapshot.plansNotAgreed.push(id);
    if (!validatePlanWeights(goalsOf[i] ?? noGoals).ok) snapshot.plansWithBadWeights.push(id);
    if ((f & F_COACHED) === 0) snapshot.withoutCheckIn.push(id);
    if (checkSelf && (f & F_SELF) === 0) snapshot.selfAppraisalsMissing.push(id);
    if ((f & F_MANAGER) === 0) snapshot.managerAppraisalsMissing.push(id);
    if ((f & F_MANAGER) === 0 || (checkSelf && (f & F_SELF) === 0)) snapshot.appraisalsMissing.push(id);
    if ((f & F_UNEVIDENCED) !== 0) snapshot.extremeRatingsWithoutEvidence.push(id);
    if ((f & F_MET) === 0) snapshot.feedbackMeetingsMissing.push(id);
    if (ack[i] === ACK_PENDING) snapshot.acknowledgementsPending.push(id);
    else if (ack[i] === ACK_APPEALED) snapshot.appealsOpen.push(id);
    if ((f & F_APPLIED) === 0) snapshot.resultsNotApplied.push(id);
    if ((f & (F_GAP | F_DRAFTED)) === F_GAP) snapshot.improvementDraftsMissing.push(id);
    if ((f & F_ADJUSTING) !== 0) snapshot.targetAdjustmentsOpen.push(id);
    const goals = goalsOf[i];
    if (goals?.every((g) => g.status === 'cancelled')) snapshot.allGoalsCancelled.push(id);
    if ((f & F_INACTIVE) !== 0) snapshot.inactiveParticipants.push(id);
  }
  return snapshot;
}
