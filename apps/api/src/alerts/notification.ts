// The activity notification of one overdue alert: its manifest activity type, template parameters, the deep link into the tab and its text in the organisation's language.
import type { GeneratedLanguage, ToDoItem, ToDoKind } from '@perfloop/core';
import { ALERT_WORDS, type AlertWords } from './alertWords.ts';

export { ALERT_WORDS, type AlertWords } from './alertWords.ts';

/**
 * The activity types the Teams app manifest declares (apps/teams-tab/manifest/manifest.json `activities`), with the
 * template parameters each templateText uses besides `{actor}`. Keep both in step (a test compares them).
 */
export const ACTIVITY_TYPES = {
  checkInOverdue: { parameters: ['person', 'days'] },
  acknowledgeResult: { parameters: ['cycle', 'dueOn'] },
  planOverdue: { parameters: ['cycle', 'dueOn'] },
  reportPlanOverdue: { parameters: ['person', 'cycle', 'dueOn'] },
  selfAppraisalOverdue: { parameters: ['cycle', 'dueOn'] },
  managerAppraisalOverdue: { parameters: ['person', 'cycle', 'dueOn'] },
  feedbackMeetingOverdue: { parameters: ['person', 'cycle', 'dueOn'] },
  reportPlanIncomplete: { parameters: ['person', 'cycle', 'dueOn'] },
  // Daily digests (alerts/digest): several items of one kind and cycle about a recipient's reports in one notification.
  checkInsOverdue: { parameters: ['count', 'people'] },
  reportPlansOverdue: { parameters: ['count', 'cycle', 'people'] },
  managerAppraisalsOverdue: { parameters: ['count', 'cycle', 'people'] },
  feedbackMeetingsOverdue: { parameters: ['count', 'cycle', 'people'] },
  reportPlansIncomplete: { parameters: ['count', 'cycle', 'people'] },
} as const;
export type ActivityType = keyof typeof ACTIVITY_TYPES;
export type Parameter = (typeof ACTIVITY_TYPES)[ActivityType]['parameters'][number];
/** The activity types of one alert on its own (the digests' are alerts/digest `DIGEST_ACTIVITY_TYPES`). */
export type SingleActivityType = Exclude<
  ActivityType,
  | 'checkInsOverdue'
  | 'reportPlansOverdue'
  | 'managerAppraisalsOverdue'
  | 'feedbackMeetingsOverdue'
  | 'reportPlansIncomplete'
>;
type SingleParameter = (typeof ACTIVITY_TYPES)[SingleActivityType]['parameters'][number];

/**
 * The to-do kinds that are alerted (alerts/overdue `isAlerted` says when), in loop order. None asks anyone to write a
 * review: a `feedback_request` alert would name its recipient, the peer or upward reviewer, in the delivery records
 * and audit entries HR reads — to an HR administrator who may be its subject (routes/appraise/subjectAnonymity).
 */
export const ALERT_KINDS = [
  'complete_plan',
  'agree_plan',
  'check_in_due',
  'self_review',
  'manager_review',
  'hold_feedback_meeting',
  'acknowledge_result',
] as const satisfies readonly Exclude<ToDoKind, 'feedback_request'>[];
export type AlertKind = (typeof ALERT_KINDS)[number];

/** One alert: the to-do item as its recipient sees it, with the names the text needs. */
export interface Alert {
  recipientId: string;
  item: ToDoItem & { kind: AlertKind };
  cycleName: string;
  /** The subject's name (the report of a check-in, plan, appraisal or meeting; the recipient on their own items). */
  subjectName: string;
}

/** Whether an alert is about the recipient's own plan, appraisal or result (else about one of their reports). */
const isOwn = (alert: Alert) => alert.item.subjectId === alert.recipientId;

/**
 * The activity type an alert is sent as (one's own plan and a report's plan read differently; a report's plan still
 * to complete is to finish before it can be agreed).
 */
export function activityTypeOf(alert: Alert): SingleActivityType {
  switch (alert.item.kind) {
    case 'complete_plan':
      return 'reportPlanIncomplete';
    case 'agree_plan':
      return isOwn(alert) ? 'planOverdue' : 'reportPlanOverdue';
    case 'check_in_due':
      return 'checkInOverdue';
    case 'self_review':
      return 'selfAppraisalOverdue';
    case 'manager_review':
      return 'managerAppraisalOverdue';
    case 'hold_feedback_meeting':
      return 'feedbackMeetingOverdue';
    case 'acknowledge_result':
      return 'acknowledgeResult';
  }
}

/** The tab page and section each kind is done at (as the tab's own to-do links it: teams-tab src/views/toDoWords.ts). */
const TARGETS: Record<AlertKind, { entityId: 'me' | 'team'; section: string }> = {
  complete_plan: { entityId: 'team', section: 'team-checkin' },
  agree_plan: { entityId: 'team', section: 'team-checkin' },
  check_in_due: { entityId: 'team', section: 'team-checkin' },
  self_review: { entityId: 'me', section: 'me-self' },
  manager_review: { entityId: 'team', section: 'team-appraisal' },
  hold_feedback_meeting: { entityId: 'team', section: 'team-meeting' },
  acknowledge_result: { entityId: 'me', section: 'me-result' },
};

/**
 * Where in the tab an alert opens: the page, its query (the cycle; on My team the person) and the section (see
 * teams-tab toDoWords) — one's own plan on Me (`me-plan`), a report's on My team.
 */
export function tabTarget(alert: Alert): { entityId: string; path: string } {
  const where =
    alert.item.kind === 'agree_plan' && isOwn(alert)
      ? { entityId: 'me', section: 'me-plan' }
      : TARGETS[alert.item.kind];
  const q = new URLSearchParams({ cycle: alert.item.cycleId });
  if (where.entityId === 'team') q.set('person', alert.item.subjectId ?? '');
  return { entityId: where.entityId, path: `${where.entityId}?${q.toString()}#${where.section}` };
}

/**
 * The Teams deep link to the app's static tab (`/l/entity/<app id>/<entity id>`): `webUrl` is the tab page itself
 * (its fallback in a browser), `context.subEntityId` the page path the tab opens on (read as the context's
 * `page.subPageId`, see apps/teams-tab src/host/subPage.ts).
 */
export function deepLink(
  teamsAppId: string,
  tabUrl: string,
  alert: Alert,
): { webUrl: string; pageUrl: string } {
  return deepLinkTo(teamsAppId, tabUrl, tabTarget(alert));
}

/** The Teams deep link to a tab page (`deepLink` of an alert; a digest's is My team for its cycle). */
export function deepLinkTo(
  teamsAppId: string,
  tabUrl: string,
  target: { entityId: string; path: string },
): { webUrl: string; pageUrl: string } {
  const pageUrl = `${tabUrl}/${target.path}`;
  const q = new URLSearchParams({
    webUrl: pageUrl,
    label: 'Perfloop',
    context: JSON.stringify({ subEntityId: target.path }),
  });
  return {
    webUrl: `https://teams.microsoft.com/l/entity/${teamsAppId}/${target.entityId}?${q.toString()}`,
    pageUrl,
  };
}

/** Teams' limits on a notification's own text (characters): its topic and its preview. */
export const TOPIC_MAX = 100;
export const PREVIEW_MAX = 150;

/** `text` cut to `max` characters, ending with "…" when cut. */
export const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

export interface NotificationOptions {
  /** The text's language (the organisation's `locale`, core `generatedLanguageOf`); default English. */
  language?: GeneratedLanguage;
  /** Graph `chainId`: a later send with the same one replaces this notification in the feed. */
  chainId?: number;
}

/** An alert's topic and preview in `words`. */
function alertText(
  alert: Alert,
  type: SingleActivityType,
  words: AlertWords,
): { topic: string; preview: string } {
  const { item, cycleName: cycle, subjectName: person } = alert;
  const due = item.dueOn ?? '';
  const late = words.days(item.overdueByDays ?? 0);
  switch (type) {
    case 'checkInOverdue':
      return { topic: words.checkInTopic(person), preview: words.checkInPreview(cycle, person, due) };
    case 'acknowledgeResult':
      return {
        topic: words.resultTopic(cycle),
        preview:
          item.overdueByDays === null
            ? words.resultPreview(cycle, due)
            : words.resultOverduePreview(cycle, due),
      };
    case 'planOverdue':
      return { topic: words.planTopic(cycle), preview: words.planPreview(cycle, due, late) };
    case 'reportPlanOverdue':
      return {
        topic: words.reportPlanTopic(person),
        preview: words.reportPlanPreview(cycle, person, due, late),
      };
    case 'reportPlanIncomplete':
      return {
        topic: words.incompletePlanTopic(person),
        preview:
          item.reason === 'weights_not_100'
            ? words.weightsPlanPreview(cycle, person, String(item.weightsTotal ?? 0), due, late)
            : words.noGoalsPlanPreview(cycle, person, due, late),
      };
    case 'selfAppraisalOverdue':
      return {
        topic: words.selfAppraisalTopic(cycle),
        preview: words.selfAppraisalPreview(cycle, due, late),
      };
    case 'managerAppraisalOverdue':
      return {
        topic: words.managerAppraisalTopic(person),
        preview: words.managerAppraisalPreview(cycle, person, due, late),
      };
    case 'feedbackMeetingOverdue':
      return {
        topic: words.meetingTopic(person),
        preview:
          item.reason === 'mere_formality'
            ? words.meetingFormalityPreview(cycle, person, due)
            : words.meetingPreview(cycle, person, due, late),
      };
  }
}

/** The sendActivityNotification body of an alert (topic text + Teams deep link, preview text, parameters). */
export function notificationBody(
  teamsAppId: string,
  tabUrl: string,
  alert: Alert,
  options: NotificationOptions = {},
): { activityType: SingleActivityType; body: Record<string, unknown>; webUrl: string } {
  const { webUrl } = deepLink(teamsAppId, tabUrl, alert);
  const activityType = activityTypeOf(alert);
  const { topic, preview } = alertText(alert, activityType, ALERT_WORDS[options.language ?? 'en']);
  const values: Record<SingleParameter, string> = {
    person: alert.subjectName,
    cycle: alert.cycleName,
    days: String(alert.item.overdueByDays ?? 0),
    dueOn: alert.item.dueOn ?? '',
  };
  const parameters: readonly SingleParameter[] = ACTIVITY_TYPES[activityType].parameters;
  return {
    activityType,
    webUrl,
    body: {
      topic: { source: 'text', value: clip(topic, TOPIC_MAX), webUrl },
      activityType,
      ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
      previewText: { content: clip(preview, PREVIEW_MAX) },
      templateParameters: parameters.map((name) => ({ name, value: values[name] })),
    },
  };
}
