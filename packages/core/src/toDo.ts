// To-do: what one person must do now in the loop (agree plans, coach on cadence, review, meet, acknowledge, …), most urgent first.
import { coachingAsOf, coachingTimeliness, type TimelinessCheckIn } from './coaching.ts';
import { addDays, compareIds, daysBetween, type Id, toEpochMs } from './common.ts';
import { type Cycle, type Phase, phaseIndex } from './cycle.ts';
import { scheduledDueOn } from './cycleSchedule.ts';
import { type AcknowledgementState, type FeedbackMeeting, feedbackQuality } from './feedback.ts';
import type { FeedbackRequest } from './feedbackRequest.ts';
import { type Goal, validatePlanWeights } from './goals.ts';
import { resultSharedAt } from './meetingShare.ts';
import type { Plan } from './plan.ts';
import type { Policy } from './policy.ts';
import type { Review } from './scoring.ts';

/** The kinds of to-do, in the order the loop reaches them (also the tie-break order of `toDoItems`). */
export const TO_DO_KINDS = [
  'complete_plan',
  'agree_plan',
  'check_in_due',
  'feedback_request',
  'self_review',
  'manager_review',
  'open_calibration',
  'finalise_calibration',
  'hold_feedback_meeting',
  'acknowledge_result',
  'resolve_appeal',
  'apply_results',
  'review_next_cycle_drafts',
] as const;
export type ToDoKind = (typeof TO_DO_KINDS)[number];

/** Why a feedback meeting is still to hold: none recorded, one scheduled ahead, or one held as a mere formality. */
export type MeetingToDoReason = 'not_recorded' | 'scheduled' | 'mere_formality';

/** Why a report's plan cannot be agreed yet: it has no live goals, or their weights do not total 100. */
export type PlanToDoReason = 'no_goals' | 'weights_not_100';

/** One thing waiting for the viewer. */
export interface ToDoItem {
  kind: ToDoKind;
  cycleId: Id;
  phase: Phase;
  /** The person it is about (the viewer for their own plan, review and result); null for a cycle-wide task. */
  subjectId: Id | null;
  /** The record to act on (meeting, feedback request, calibration session), when there is one. */
  targetId: Id | null;
  /**
   * The day it is due (UTC, YYYY-MM-DD): its own rule's (check-in cadence, a scheduled meeting's day, the appeal
   * window), else the cycle schedule's date for its stage; null when none applies.
   */
  dueOn: string | null;
  /** Whole days past due when overdue (≥ 1); null otherwise. */
  overdueByDays: number | null;
  /** How many things a cycle-wide task covers (results to apply, drafts to review). */
  count?: number;
  /** hold_feedback_meeting: why it is still to hold; complete_plan: why the plan cannot be agreed yet. */
  reason?: MeetingToDoReason | PlanToDoReason;
  /** complete_plan: the live goals' weights as they total now (0 with no goals). */
  weightsTotal?: number;
}

/** A stored feedback meeting with the subject's answer to the result. */
export interface ToDoMeeting {
  meeting: Pick<
    FeedbackMeeting,
    'id' | 'subjectId' | 'heldAt' | 'summary' | 'strengths' | 'improvements' | 'agreedActions'
  >;
  acknowledgement: AcknowledgementState;
  /** When the manager last corrected the record (the appeal window runs from then when later than the meeting). */
  correctedAt?: string | null;
}

/**
 * One cycle as far as the viewer's to-do needs it. Lists may be broader than needed (records of other people
 * are ignored where they do not concern the viewer); callers load only what the cycle's phase asks for.
 */
export interface ToDoCycleFacts {
  cycle: Pick<Cycle, 'id' | 'phase' | 'startsOn' | 'endsOn' | 'history' | 'schedule'>;
  policy: Pick<Policy, 'coaching' | 'feedback' | 'componentWeights'>;
  participants: readonly Id[];
  plans?: readonly Pick<Plan, 'personId' | 'employeeAgreedAt' | 'managerAgreedAt' | 'status'>[];
  /** Person goals of the plans concerned (level 'person', owner = plan person). */
  goals?: readonly Pick<Goal, 'id' | 'ownerId' | 'level' | 'weight' | 'status'>[];
  /** With their recording time: one recorded late counts from then (core checkInCounting). */
  checkIns?: readonly TimelinessCheckIn[];
  /** Submitted reviews (drafts do not count). */
  reviews?: readonly Pick<Review, 'subjectId' | 'reviewerId' | 'component'>[];
  feedbackRequests?: readonly Pick<FeedbackRequest, 'id' | 'subjectId' | 'reviewerId' | 'state'>[];
  /** The calibration sessions of the cycle the viewer may run. */
  calibrationSessions?: readonly { id: Id; state: 'open' | 'finalised' }[];
  /** Whether the cycle has any calibration session at all (the viewer's or not). */
  hasCalibrationSession?: boolean;
  feedbackMeetings?: readonly ToDoMeeting[];
  /** People whose result has been applied. */
  resultsApplied?: readonly Id[];
  /** The next-cycle drafts made from this cycle that the viewer may accept. */
  nextCycleDrafts?: readonly { id: Id; personId: Id | null; status: 'open' | 'accepted' }[];
}

/** Who the to-do is for: the person, whether they are HR, and their direct reports. */
export interface ToDoViewer {
  personId: Id;
  isHr: boolean;
  directReports: readonly Id[];
}

/** Phases in which each kind can be done (the routes' phase rules). */
const ACKNOWLEDGE_PHASES: readonly Phase[] = ['feedback', 'apply', 'improve'];
const APPEAL_PHASES: readonly Phase[] = ['feedback', 'apply'];
const REQUEST_PHASES: readonly Phase[] = ['coach', 'appraise'];

const dayOf = (iso: string): string => new Date(toEpochMs(iso)).toISOString().slice(0, 10);

function item(
  facts: ToDoCycleFacts,
  kind: ToDoKind,
  fields: Partial<Omit<ToDoItem, 'kind' | 'cycleId' | 'phase'>> = {},
): ToDoItem {
  return {
    kind,
    cycleId: facts.cycle.id,
    phase: facts.cycle.phase,
    subjectId: null,
    targetId: null,
    dueOn: null,
    overdueByDays: null,
    ...fields,
  };
}

/** Whether a person's plan can be agreed as it stands (live person goals whose weights total 100), else why not. */
function planReadiness(
  goals: ToDoCycleFacts['goals'],
  personId: Id,
): { agreeable: true } | { agreeable: false; reason: PlanToDoReason; weightsTotal: number } {
  const own = (goals ?? []).filter((g) => g.level === 'person' && g.ownerId === personId);
  const weights = validatePlanWeights(own);
  if (weights.ok) return { agreeable: true };
  if (weights.error.code === 'no_goals') return { agreeable: false, reason: 'no_goals', weightsTotal: 0 };
  const total = weights.error.details?.total;
  return { agreeable: false, reason: 'weights_not_100', weightsTotal: typeof total === 'number' ? total : 0 };
}

/**
 * agree_plan for the viewer's own plan and each participating report's while that side has not agreed and the plan
 * is agreeable; complete_plan for a report's plan the manager has not agreed that is not agreeable yet (no goals, or
 * weights not totalling 100), with why and the weights' total — so the manager has it to do, dated by planDue.
 */
function planItems(
  facts: ToDoCycleFacts,
  viewer: ToDoViewer,
  isParticipant: (id: Id) => boolean,
): ToDoItem[] {
  const plans = new Map((facts.plans ?? []).map((p) => [p.personId, p]));
  const out: ToDoItem[] = [];
  const me = viewer.personId;
  if (
    isParticipant(me) &&
    (plans.get(me)?.employeeAgreedAt ?? null) === null &&
    planReadiness(facts.goals, me).agreeable
  ) {
    out.push(item(facts, 'agree_plan', { subjectId: me }));
  }
  for (const id of viewer.directReports) {
    if (!isParticipant(id) || id === me) continue;
    if ((plans.get(id)?.managerAgreedAt ?? null) !== null) continue;
    const ready = planReadiness(facts.goals, id);
    out.push(
      ready.agreeable
        ? item(facts, 'agree_plan', { subjectId: id })
        : item(facts, 'complete_plan', {
            subjectId: id,
            reason: ready.reason,
            weightsTotal: ready.weightsTotal,
          }),
    );
  }
  return out;
}

/**
 * check_in_due per direct report from the day the next check-in falls due by the policy cadence (the last check-in by
 * someone else as it counts — at its recording time when recorded late —, or the cycle start, + cadence days); overdue — the late-coaching alert — once core coachingTimeliness
 * says so (past cadence + grace), by its overdueByDays.
 */
function checkInItems(facts: ToDoCycleFacts, reports: readonly Id[], today: string): ToDoItem[] {
  if (reports.length === 0) return [];
  const asOf = coachingAsOf(facts.cycle, today);
  if (asOf <= facts.cycle.startsOn) return [];
  const timeliness = coachingTimeliness(
    {
      people: reports.map((id) => ({ id, managerId: null })),
      checkIns: facts.checkIns ?? [],
      periodStart: facts.cycle.startsOn,
      asOf,
    },
    facts.policy,
  );
  if (!timeliness.ok) return [];
  const { cadenceDays } = timeliness.value;
  const lastObserved = addDays(asOf, -1);
  const out: ToDoItem[] = [];
  for (const p of timeliness.value.people) {
    if (p.daysSinceLast < cadenceDays) continue;
    out.push(
      item(facts, 'check_in_due', {
        subjectId: p.personId,
        dueOn: addDays(lastObserved, cadenceDays - p.daysSinceLast),
        overdueByDays: p.overdue ? p.overdueByDays : null,
      }),
    );
  }
  return out;
}

function reviewItems(
  facts: ToDoCycleFacts,
  viewer: ToDoViewer,
  reports: readonly Id[],
  isParticipant: (id: Id) => boolean,
) {
  const reviews = facts.reviews ?? [];
  const out: ToDoItem[] = [];
  const me = viewer.personId;
  const selfDone = reviews.some((r) => r.component === 'self' && r.subjectId === me && r.reviewerId === me);
  if (facts.policy.componentWeights.self > 0 && isParticipant(me) && !selfDone) {
    out.push(item(facts, 'self_review', { subjectId: me }));
  }
  const managerReviewed = new Set(reviews.filter((r) => r.component === 'manager').map((r) => r.subjectId));
  for (const id of reports)
    if (!managerReviewed.has(id)) out.push(item(facts, 'manager_review', { subjectId: id }));
  return out;
}

/** Pending requests the viewer was asked to answer, about participants (not about someone withdrawn since). */
function requestItems(
  facts: ToDoCycleFacts,
  viewer: ToDoViewer,
  isParticipant: (id: Id) => boolean,
): ToDoItem[] {
  return (facts.feedbackRequests ?? [])
    .filter(
      (r) =>
        r.state === 'pending' &&
        r.reviewerId === viewer.personId &&
        r.subjectId !== viewer.personId &&
        isParticipant(r.subjectId),
    )
    .map((r) => item(facts, 'feedback_request', { subjectId: r.subjectId, targetId: r.id }));
}

function calibrationItems(facts: ToDoCycleFacts, viewer: ToDoViewer): ToDoItem[] {
  const sessions = facts.calibrationSessions ?? [];
  const out = sessions
    .filter((s) => s.state === 'open')
    .map((s) => item(facts, 'finalise_calibration', { targetId: s.id }));
  if (viewer.isHr && !(facts.hasCalibrationSession ?? sessions.length > 0))
    out.push(item(facts, 'open_calibration'));
  return out;
}

/** Meetings about `personId`, the latest held first. */
function meetingsAbout(meetings: readonly ToDoMeeting[], personId: Id): ToDoMeeting[] {
  return meetings
    .filter((m) => m.meeting.subjectId === personId)
    .sort(
      (a, b) =>
        toEpochMs(b.meeting.heldAt) - toEpochMs(a.meeting.heldAt) || compareIds(a.meeting.id, b.meeting.id),
    );
}

/**
 * hold_feedback_meeting per direct report without a held meeting that passes core feedbackQuality (a mere formality
 * does not count, as for the cycle guard): due on the day of a meeting scheduled ahead, else undated.
 */
function meetingItems(facts: ToDoCycleFacts, reports: readonly Id[], nowMs: number): ToDoItem[] {
  if (!facts.policy.feedback.meetingRequired) return [];
  const meetings = facts.feedbackMeetings ?? [];
  const out: ToDoItem[] = [];
  for (const id of reports) {
    const about = meetingsAbout(meetings, id);
    const held = about.filter((m) => toEpochMs(m.meeting.heldAt) <= nowMs);
    if (held.some((m) => feedbackQuality(m.meeting, facts.policy).passed)) continue;
    const scheduled = about.filter((m) => toEpochMs(m.meeting.heldAt) > nowMs).at(-1);
    if (scheduled) {
      out.push(
        item(facts, 'hold_feedback_meeting', {
          subjectId: id,
          targetId: scheduled.meeting.id,
          dueOn: dayOf(scheduled.meeting.heldAt),
          reason: 'scheduled',
        }),
      );
    } else {
      const formal = held[0];
      out.push(
        item(facts, 'hold_feedback_meeting', {
          subjectId: id,
          targetId: formal?.meeting.id ?? null,
          reason: formal ? 'mere_formality' : 'not_recorded',
        }),
      );
    }
  }
  return out;
}

/**
 * acknowledge_result for the viewer once a meeting about them has been held that passes the checklist (a mere
 * formality is not the feedback meeting: the API refuses to acknowledge it, 409 `meeting_not_counted`) and nothing is
 * decided yet (any acknowledged, appealed or resolved meeting settles it): due at the end of the policy's appeal window
 * from when that meeting shared the result (the last day an appeal is still possible).
 */
function acknowledgeItems(
  facts: ToDoCycleFacts,
  viewer: ToDoViewer,
  today: string,
  nowMs: number,
): ToDoItem[] {
  if (!facts.policy.feedback.acknowledgementRequired) return [];
  const about = meetingsAbout(facts.feedbackMeetings ?? [], viewer.personId);
  if (about.some((m) => m.acknowledgement.status !== 'pending')) return [];
  const held = about.find(
    (m) => toEpochMs(m.meeting.heldAt) <= nowMs && feedbackQuality(m.meeting, facts.policy).passed,
  );
  if (!held) return [];
  const shared = resultSharedAt(held.meeting, facts.policy, held.correctedAt) ?? held.meeting.heldAt;
  const dueOn = addDays(dayOf(shared), facts.policy.feedback.appealWindowDays);
  const late = daysBetween(dueOn, today);
  return [
    item(facts, 'acknowledge_result', {
      subjectId: viewer.personId,
      targetId: held.meeting.id,
      dueOn,
      overdueByDays: late > 0 ? late : null,
    }),
  ];
}

/** resolve_appeal for HR: every open appeal of the cycle except one about themselves. */
function appealItems(
  facts: ToDoCycleFacts,
  viewer: ToDoViewer,
  isParticipant: (id: Id) => boolean,
): ToDoItem[] {
  if (!viewer.isHr) return [];
  return (facts.feedbackMeetings ?? [])
    .filter(
      (m) =>
        m.acknowledgement.status === 'appealed' &&
        m.meeting.subjectId !== viewer.personId &&
        isParticipant(m.meeting.subjectId),
    )
    .map((m) => item(facts, 'resolve_appeal', { subjectId: m.meeting.subjectId, targetId: m.meeting.id }));
}

function applyItems(facts: ToDoCycleFacts, viewer: ToDoViewer): ToDoItem[] {
  if (!viewer.isHr) return [];
  const applied = new Set(facts.resultsApplied ?? []);
  const count = facts.participants.filter((id) => !applied.has(id)).length;
  return count > 0 ? [item(facts, 'apply_results', { count })] : [];
}

function draftItems(facts: ToDoCycleFacts): ToDoItem[] {
  const count = (facts.nextCycleDrafts ?? []).filter((d) => d.status === 'open').length;
  return count > 0 ? [item(facts, 'review_next_cycle_drafts', { count })] : [];
}

/**
 * The viewer's to-do in one cycle, by its phase (a closed cycle has none). Items without a date of their own are due
 * on the cycle schedule's date for their stage (`scheduledDueOn`), overdue by the whole days today is past it.
 */
export function cycleToDo(facts: ToDoCycleFacts, viewer: ToDoViewer, now: string): ToDoItem[] {
  const phase = facts.cycle.phase;
  const participants = new Set(facts.participants);
  const isParticipant = (id: Id) => participants.has(id);
  const reports = viewer.directReports.filter((id) => id !== viewer.personId && isParticipant(id));
  const nowMs = toEpochMs(now);
  const today = dayOf(now);
  const out: ToDoItem[] = [];
  if (phase === 'plan') out.push(...planItems(facts, viewer, isParticipant));
  if (phase === 'coach') out.push(...checkInItems(facts, reports, today));
  if (REQUEST_PHASES.includes(phase)) out.push(...requestItems(facts, viewer, isParticipant));
  if (phase === 'appraise') out.push(...reviewItems(facts, viewer, reports, isParticipant));
  if (phase === 'calibrate') out.push(...calibrationItems(facts, viewer));
  if (phase === 'feedback') out.push(...meetingItems(facts, reports, nowMs));
  if (ACKNOWLEDGE_PHASES.includes(phase)) out.push(...acknowledgeItems(facts, viewer, today, nowMs));
  if (APPEAL_PHASES.includes(phase)) out.push(...appealItems(facts, viewer, isParticipant));
  if (phase === 'apply') out.push(...applyItems(facts, viewer));
  if (phase === 'improve') out.push(...draftItems(facts));
  return out.map((i) => scheduled(facts, i, today));
}

/** An item without a date of its own takes its stage's date from the cycle schedule; overdue once today is past it. */
function scheduled(facts: ToDoCycleFacts, it: ToDoItem, today: string): ToDoItem {
  if (it.dueOn !== null) return it;
  const dueOn = scheduledDueOn(facts.cycle.schedule, it.kind);
  if (dueOn === null) return it;
  const late = daysBetween(dueOn, today);
  return { ...it, dueOn, overdueByDays: late > 0 ? late : null };
}

const KIND_ORDER = new Map<ToDoKind, number>(TO_DO_KINDS.map((k, i) => [k, i]));
const cmp = (a: string | null, b: string | null): number =>
  a === b ? 0 : a === null ? 1 : b === null ? -1 : compareIds(a, b);

/**
 * Most urgent first: overdue items (most days overdue first), then by due date (earliest first), undated last; ties by
 * phase in loop order, kind, cycle, subject and target ids.
 */
export function compareToDo(a: ToDoItem, b: ToDoItem): number {
  const ao = a.overdueByDays ?? 0;
  const bo = b.overdueByDays ?? 0;
  return (
    bo - ao ||
    cmp(a.dueOn, b.dueOn) ||
    phaseIndex(a.phase) - phaseIndex(b.phase) ||
    (KIND_ORDER.get(a.kind) ?? 0) - (KIND_ORDER.get(b.kind) ?? 0) ||
    compareIds(a.cycleId, b.cycleId) ||
    cmp(a.subjectId, b.subjectId) ||
    cmp(a.targetId, b.targetId)
  );
}

/** The viewer's to-do across cycles as of `now` (an ISO date-time; its UTC day is "today"), most urgent first. */
export function toDoItems(cycles: readonly ToDoCycleFacts[], viewer: ToDoViewer, now: string): ToDoItem[] {
  return cycles.flatMap((facts) => cycleToDo(facts, viewer, now)).sort(compareToDo);
}
