// Which alerts are due in one organisation now: core toDoItems per active person over the open cycles, kept to overdue check-ins, stages overdue by the cycle schedule and results to acknowledge.
import {
  daysBetween,
  GoalSchema,
  type Id,
  type Phase,
  PlanSchema,
  scheduledDueOn,
  type ToDoCycleFacts,
  type ToDoItem,
  type ToDoKind,
  type ToDoViewer,
  toDoItems,
} from '@perfloop/core';
import type { ResourceSource } from '../authz/index.ts';
import { loadOrgSnapshot } from '../authz/snapshot.ts';
import { StoredReviewSchema } from '../routes/appraise/storedReview.ts';
import { listAllWhere, parseCycle, type StoredCycle } from '../routes/cycles/cycleRecord.ts';
import { parsed, timelinessCheckIns, toDoMeetings } from '../routes/toDo/loadToDo.ts';
import { ALERT_KINDS, type Alert, type AlertKind } from './notification.ts';

/** A result to acknowledge is alerted from this many days before its due date (the end of the appeal window). */
export const ACKNOWLEDGE_LEAD_DAYS = 2;

/**
 * The alerted kinds a person must act on by the cycle schedule's date for their stage (core `scheduledDueOn`):
 * alerted once overdue by it — the day after — and every day after while still to do.
 */
export const SCHEDULED_ALERT_KINDS = [
  'complete_plan',
  'agree_plan',
  'self_review',
  'manager_review',
  'hold_feedback_meeting',
] as const satisfies readonly AlertKind[];

const ALERTED: ReadonlySet<ToDoKind> = new Set(ALERT_KINDS);

const MEETING_PHASES: readonly Phase[] = ['feedback', 'apply', 'improve'];

/**
 * Whether a to-do item is alerted today: a check-in once overdue by the coaching cadence; a report's plan to complete
 * (no goals, or weights not totalling 100), a plan to agree, a self or manager appraisal or a feedback meeting once
 * overdue by the cycle schedule (an undated one, or a meeting scheduled ahead, is not overdue); a result to acknowledge near or past its due day. Nothing else: not a request for peer or
 * upward feedback (its alert would name the reviewer to HR, who may be its subject), nor HR's cycle-wide tasks.
 */
export function isAlerted(item: ToDoItem, today: string): item is ToDoItem & { kind: AlertKind } {
  if (!ALERTED.has(item.kind)) return false;
  if (item.kind === 'acknowledge_result') {
    return item.dueOn !== null && daysBetween(today, item.dueOn) <= ACKNOWLEDGE_LEAD_DAYS;
  }
  return item.overdueByDays !== null;
}

/** The phase in which each scheduled kind is to do (core toDo), so a cycle's stage date is read only in its phase. */
const STAGE_PHASE: Record<(typeof SCHEDULED_ALERT_KINDS)[number], Phase> = {
  complete_plan: 'plan',
  agree_plan: 'plan',
  self_review: 'appraise',
  manager_review: 'appraise',
  hold_feedback_meeting: 'feedback',
};

/**
 * Whether a cycle can have an alert today: in coach (check-ins), in feedback / apply / improve (the meeting and the
 * acknowledgement), or in plan / appraise once a scheduled date of its phase is past.
 */
function mayAlert(cycle: StoredCycle, today: string): boolean {
  if (cycle.phase === 'coach' || MEETING_PHASES.includes(cycle.phase)) return true;
  return SCHEDULED_ALERT_KINDS.some((kind) => {
    const dueOn = scheduledDueOn(cycle.schedule, kind);
    return STAGE_PHASE[kind] === cycle.phase && dueOn !== null && dueOn < today;
  });
}

/**
 * One cycle's facts for everyone at once, one list per kind its phase alerts on: plans and goals (plan), submitted
 * reviews (appraise), check-ins (coach), feedback meetings (feedback, apply, improve). Feedback requests are never
 * read: they are not alerted.
 */
async function cycleFacts(
  source: ResourceSource,
  orgId: string,
  cycle: StoredCycle,
): Promise<ToDoCycleFacts> {
  const facts: ToDoCycleFacts = { cycle, policy: cycle.policy, participants: cycle.participants };
  const inCycle = (kind: 'plans' | 'goals' | 'reviews' | 'check_ins' | 'feedback_meetings') =>
    listAllWhere(source, kind, orgId, { cycleId: cycle.id });
  switch (cycle.phase) {
    case 'plan':
      return {
        ...facts,
        plans: parsed(await inCycle('plans'), PlanSchema),
        goals: parsed(await inCycle('goals'), GoalSchema).filter((g) => g.level === 'person'),
      };
    case 'coach':
      return { ...facts, checkIns: timelinessCheckIns(await inCycle('check_ins')) };
    case 'appraise': {
      const reviews = parsed(await inCycle('reviews'), StoredReviewSchema);
      return { ...facts, reviews: reviews.filter((r) => r.submittedAt !== null) };
    }
    default:
      return MEETING_PHASES.includes(cycle.phase)
        ? { ...facts, feedbackMeetings: toDoMeetings(await inCycle('feedback_meetings')) }
        : facts;
  }
}

const group = <T>(items: readonly T[] | undefined, key: (item: T) => Id | null): Map<Id, T[]> => {
  const out = new Map<Id, T[]>();
  for (const it of items ?? []) {
    const k = key(it);
    if (k === null) continue;
    const list = out.get(k);
    if (list) list.push(it);
    else out.set(k, [it]);
  }
  return out;
};

/**
 * A cycle's facts indexed by the person each record is about, so that each person's to-do reads only the records
 * about themselves and their direct reports (core `cycleToDo` reads no others for these kinds) instead of the whole
 * cycle's: `forPeople` gives the facts for a set of people.
 */
export function indexFacts(facts: ToDoCycleFacts): { forPeople(people: readonly Id[]): ToDoCycleFacts } {
  const byPerson = {
    plans: group(facts.plans, (p) => p.personId),
    goals: group(facts.goals, (g) => g.ownerId),
    checkIns: group(facts.checkIns, (c) => c.subjectId),
    reviews: group(facts.reviews, (r) => r.subjectId),
    feedbackMeetings: group(facts.feedbackMeetings, (m) => m.meeting.subjectId),
  };
  return {
    forPeople(people) {
      const out: ToDoCycleFacts = { ...facts };
      const pick = <T>(byPerson: Map<Id, T[]>) => people.flatMap((id) => byPerson.get(id) ?? []);
      if (facts.plans) out.plans = pick(byPerson.plans);
      if (facts.goals) out.goals = pick(byPerson.goals);
      if (facts.checkIns) out.checkIns = pick(byPerson.checkIns);
      if (facts.reviews) out.reviews = pick(byPerson.reviews);
      if (facts.feedbackMeetings) out.feedbackMeetings = pick(byPerson.feedbackMeetings);
      return out;
    },
  };
}

/**
 * The organisation's alerts as of `now` (ISO date-time; its UTC day is "today"): for each active person, their
 * to-do by core `toDoItems` — as a manager of their direct reports (isHr off: HR's cycle-wide tasks are not alerted)
 * — kept to the alerted items (`isAlerted`). Only cycles that can have one today are read (`mayAlert`), one list per
 * kind and cycle for everyone, never one query per person.
 */
export async function overdueAlerts(source: ResourceSource, orgId: string, now: string): Promise<Alert[]> {
  const today = now.slice(0, 10);
  const cycles = (await listAllWhere(source, 'cycles', orgId))
    .map(parseCycle)
    .filter((c) => mayAlert(c, today));
  if (cycles.length === 0) return [];
  const snapshot = await loadOrgSnapshot(source, orgId);
  const indexed: ReturnType<typeof indexFacts>[] = [];
  for (const cycle of cycles) indexed.push(indexFacts(await cycleFacts(source, orgId, cycle)));
  const names = new Map(cycles.map((c) => [c.id, c.name]));
  const alerts: Alert[] = [];
  for (const { entity: person } of snapshot.people.values()) {
    if (!person.active) continue;
    const directReports = snapshot.org.directReports(person.id);
    const viewer: ToDoViewer = { personId: person.id, isHr: false, directReports };
    const concerned = [...new Set([person.id, ...directReports])];
    const facts = indexed.map((i) => i.forPeople(concerned));
    for (const item of toDoItems(facts, viewer, now)) {
      if (!isAlerted(item, today)) continue;
      const subject = item.subjectId === null ? undefined : snapshot.people.get(item.subjectId)?.entity;
      alerts.push({
        recipientId: person.id,
        item,
        cycleName: names.get(item.cycleId) ?? item.cycleId,
        subjectName: subject?.name ?? item.subjectId ?? '',
      });
    }
  }
  return alerts;
}
