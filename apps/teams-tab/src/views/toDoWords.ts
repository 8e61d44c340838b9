// A to-do item in plain words (from its kind and facts, in the tab's language) and the page where it is done.
import type { ToDoItem } from '../api/types.ts';
import { counted, type Translate } from '../i18n/index.tsx';
import type { NavigationTarget } from '../navigation.tsx';
import type { ViewName } from '../routes.ts';

/** Where an item is done: a view, in the item's cycle, at a section (and on My team, with the person selected). */
export type ToDoTarget = NavigationTarget;

export interface ToDoWords {
  action: string;
  /**
   * When it is due: the day in words ("Due 9 Dec 2026", "Due today") and, once overdue, the badge's words ("Overdue by
   * 3 days"; null while not overdue); null when the item has no date.
   */
  due: { text: string; overdue: string | null } | null;
  target: ToDoTarget;
}

type Say = { t: Translate; date: (iso: string | null | undefined) => string };

const SECTION: Record<ToDoItem['kind'], { view: ViewName; section: string; person?: boolean }> = {
  // A report's plan is completed where the manager edits its goals: the plan editor on My team.
  complete_plan: { view: 'team', section: 'team-checkin', person: true },
  agree_plan: { view: 'team', section: 'team-checkin', person: true },
  check_in_due: { view: 'team', section: 'team-checkin', person: true },
  feedback_request: { view: 'me', section: 'me-inbox' },
  self_review: { view: 'me', section: 'me-self' },
  manager_review: { view: 'team', section: 'team-appraisal', person: true },
  open_calibration: { view: 'calibration', section: 'cal-sessions' },
  finalise_calibration: { view: 'calibration', section: 'cal-sessions' },
  hold_feedback_meeting: { view: 'team', section: 'team-meeting', person: true },
  acknowledge_result: { view: 'me', section: 'me-result' },
  resolve_appeal: { view: 'results', section: 'results-appeals' },
  apply_results: { view: 'results', section: 'results-apply' },
  review_next_cycle_drafts: { view: 'team', section: 'team-next' },
};

function targetOf(item: ToDoItem, meId: string): ToDoTarget {
  // Your own plan is agreed on Me; a report's on My team.
  if (item.kind === 'agree_plan' && item.subjectId === meId) {
    return { view: 'me', cycleId: item.cycleId, personId: null, section: 'me-plan' };
  }
  const where = SECTION[item.kind];
  return {
    view: where.view,
    cycleId: item.cycleId,
    personId: where.person ? item.subjectId : null,
    section: where.section,
  };
}

/** What an item asks of `meId`, the person it is for (also said of an alert's recipient: `alertWords.ts`). */
export type ToDoAsked = Pick<ToDoItem, 'kind' | 'subjectId' | 'subjectName' | 'overdueByDays'> &
  Partial<Pick<ToDoItem, 'count' | 'reason' | 'weightsTotal'>>;

/** The item's action in words, said to `meId` ("Check-in with Ava Chen", "Agree your plan"). */
export function actionOf({ t }: Pick<Say, 't'>, item: ToDoAsked, meId: string): string {
  const name = item.subjectName ?? t('someone');
  const count = item.count ?? 0;
  switch (item.kind) {
    case 'complete_plan':
      return item.reason === 'weights_not_100'
        ? t('todo.complete_plan.weights_not_100', { name, total: item.weightsTotal ?? 0 })
        : t('todo.complete_plan', { name });
    case 'agree_plan':
      return item.subjectId === meId ? t('todo.agree_plan.own') : t('todo.agree_plan', { name });
    case 'hold_feedback_meeting':
      return item.reason === 'scheduled'
        ? t('todo.hold_feedback_meeting.scheduled', { name })
        : item.reason === 'mere_formality'
          ? t('todo.hold_feedback_meeting.mere_formality', { name })
          : t('todo.hold_feedback_meeting', { name });
    case 'acknowledge_result':
      return t(item.overdueByDays !== null ? 'todo.acknowledge_result.late' : 'todo.acknowledge_result');
    case 'apply_results':
    case 'review_next_cycle_drafts':
      return t(counted(`todo.${item.kind}`, count), { count });
    default:
      return t(`todo.${item.kind}`, { name });
  }
}

function dueOf({ t, date }: Say, item: ToDoItem, today: string): ToDoWords['due'] {
  const overdue =
    item.overdueByDays !== null
      ? t(counted('todo.overdue', item.overdueByDays), { days: item.overdueByDays })
      : null;
  if (item.dueOn === null) return overdue === null ? null : { text: overdue, overdue };
  return {
    text: item.dueOn === today ? t('todo.dueToday') : t('todo.due', { date: date(item.dueOn) }),
    overdue,
  };
}

/** The item's words and target; `today` is the list's `asOf` (the API's UTC day). */
export function toDoWords(say: Say, item: ToDoItem, meId: string, today: string): ToDoWords {
  return { action: actionOf(say, item, meId), due: dueOf(say, item, today), target: targetOf(item, meId) };
}
