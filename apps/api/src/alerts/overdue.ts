// Which alerts are due in one organisation now: core toDoItems per active person over the open cycles, kept to overdue check-ins and results to acknowledge.
import { daysBetween, type Phase, type ToDoCycleFacts, type ToDoItem, toDoItems } from '@perfloop/core';
import type { ResourceSource } from '../authz/index.ts';
import { loadOrgSnapshot } from '../authz/snapshot.ts';
import { listAllWhere, parseCycle, type StoredCycle } from '../routes/cycles/cycleRecord.ts';
import { timelinessCheckIns, toDoMeetings } from '../routes/toDo/loadToDo.ts';
import type { Alert, AlertKind } from './notification.ts';

/** A result to acknowledge is alerted from this many days before its due date (the end of the appeal window). */
export const ACKNOWLEDGE_LEAD_DAYS = 2;

const MEETING_PHASES: readonly Phase[] = ['feedback', 'apply', 'improve'];

/** Whether a to-do item is alerted today: a check-in once overdue, a result to acknowledge near or past its due day. */
export function isAlerted(item: ToDoItem, today: string): item is ToDoItem & { kind: AlertKind } {
  if (item.kind === 'check_in_due') return item.overdueByDays !== null;
  if (item.kind === 'acknowledge_result') {
    return item.dueOn !== null && daysBetween(today, item.dueOn) <= ACKNOWLEDGE_LEAD_DAYS;
  }
  return false;
}

/** One cycle's facts for everyone at once (core ignores the records that do not concern a viewer). */
async function cycleFacts(
  source: ResourceSource,
  orgId: string,
  cycle: StoredCycle,
): Promise<ToDoCycleFacts> {
  const facts: ToDoCycleFacts = { cycle, policy: cycle.policy, participants: cycle.participants };
  if (cycle.phase === 'coach') {
    const checkIns = timelinessCheckIns(
      await listAllWhere(source, 'check_ins', orgId, { cycleId: cycle.id }),
    );
    return { ...facts, checkIns };
  }
  if (MEETING_PHASES.includes(cycle.phase)) {
    const meetings = await listAllWhere(source, 'feedback_meetings', orgId, { cycleId: cycle.id });
    return { ...facts, feedbackMeetings: toDoMeetings(meetings) };
  }
  return facts;
}

/**
 * The organisation's alerts as of `now` (ISO date-time; its UTC day is "today"): for each active person, their
 * to-do by core `toDoItems` — as a manager of their direct reports (isHr off: HR's cycle-wide tasks are not alerted)
 * — kept to the alerted items. Only cycles in coach (check-ins) and feedback / apply / improve (acknowledgement) are read.
 */
export async function overdueAlerts(source: ResourceSource, orgId: string, now: string): Promise<Alert[]> {
  const today = now.slice(0, 10);
  const cycles = (await listAllWhere(source, 'cycles', orgId))
    .map(parseCycle)
    .filter((c) => c.phase === 'coach' || MEETING_PHASES.includes(c.phase));
  if (cycles.length === 0) return [];
  const snapshot = await loadOrgSnapshot(source, orgId);
  const facts: ToDoCycleFacts[] = [];
  for (const cycle of cycles) facts.push(await cycleFacts(source, orgId, cycle));
  const names = new Map(cycles.map((c) => [c.id, c.name]));
  const alerts: Alert[] = [];
  for (const { entity: person } of snapshot.people.values()) {
    if (!person.active) continue;
    const viewer = { personId: person.id, isHr: false, directReports: snapshot.org.directReports(person.id) };
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
