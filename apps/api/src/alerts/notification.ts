// The activity notification of one overdue alert: its manifest activity type, template parameters, the deep link into the tab and its text in the organisation's language.
import type { GeneratedLanguage, ToDoItem, ToDoKind } from '@perfloop/core';

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
} as const;
export type ActivityType = keyof typeof ACTIVITY_TYPES;
type Parameter = (typeof ACTIVITY_TYPES)[ActivityType]['parameters'][number];

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
export function activityTypeOf(alert: Alert): ActivityType {
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
  const target = tabTarget(alert);
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

const clip = (text: string, max: number) => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

/**
 * The notification's own text (topic and preview; the feed line is the manifest's templateText, which Teams shows in
 * the reader's Teams language from the app package's localization files), in English and Simplified Chinese.
 * `late` is how long past due, in words ("3 days").
 */
export const ALERT_WORDS: Record<
  GeneratedLanguage,
  {
    days(n: number): string;
    checkInTopic(person: string): string;
    checkInPreview(cycle: string, person: string, dueOn: string): string;
    resultTopic(cycle: string): string;
    resultPreview(cycle: string, dueOn: string): string;
    resultOverduePreview(cycle: string, dueOn: string): string;
    planTopic(cycle: string): string;
    planPreview(cycle: string, dueOn: string, late: string): string;
    reportPlanTopic(person: string): string;
    reportPlanPreview(cycle: string, person: string, dueOn: string, late: string): string;
    incompletePlanTopic(person: string): string;
    noGoalsPlanPreview(cycle: string, person: string, dueOn: string, late: string): string;
    weightsPlanPreview(cycle: string, person: string, total: string, dueOn: string, late: string): string;
    selfAppraisalTopic(cycle: string): string;
    selfAppraisalPreview(cycle: string, dueOn: string, late: string): string;
    managerAppraisalTopic(person: string): string;
    managerAppraisalPreview(cycle: string, person: string, dueOn: string, late: string): string;
    meetingTopic(person: string): string;
    meetingPreview(cycle: string, person: string, dueOn: string, late: string): string;
    meetingFormalityPreview(cycle: string, person: string, dueOn: string): string;
  }
> = {
  en: {
    days: (n) => (n === 1 ? '1 day' : `${n} days`),
    checkInTopic: (person) => `Coaching: ${person}`,
    checkInPreview: (cycle, person, dueOn) => `${cycle}: check-in with ${person} was due on ${dueOn}.`,
    resultTopic: (cycle) => `Your result: ${cycle}`,
    resultPreview: (cycle, dueOn) => `Acknowledge your ${cycle} result, or appeal it, by ${dueOn}.`,
    resultOverduePreview: (cycle, dueOn) =>
      `Your ${cycle} result still waits for your acknowledgement (due ${dueOn}).`,
    planTopic: (cycle) => `Your plan: ${cycle}`,
    planPreview: (cycle, dueOn, late) => `Agree your ${cycle} plan: it was due on ${dueOn}, ${late} ago.`,
    reportPlanTopic: (person) => `Plan: ${person}`,
    reportPlanPreview: (cycle, person, dueOn, late) =>
      `${cycle}: ${person}’s plan waits for your agreement; it was due on ${dueOn}, ${late} ago.`,
    incompletePlanTopic: (person) => `Plan to complete: ${person}`,
    noGoalsPlanPreview: (cycle, person, dueOn, late) =>
      `${cycle}: ${person}’s plan has no goals yet; set them and agree it. It was due on ${dueOn}, ${late} ago.`,
    weightsPlanPreview: (cycle, person, total, dueOn, late) =>
      `${cycle}: ${person}’s goal weights total ${total}, not 100; finish the plan and agree it. It was due on ${dueOn}, ${late} ago.`,
    selfAppraisalTopic: (cycle) => `Your self-appraisal: ${cycle}`,
    selfAppraisalPreview: (cycle, dueOn, late) =>
      `Your ${cycle} self-appraisal was due on ${dueOn}, ${late} ago.`,
    managerAppraisalTopic: (person) => `Appraisal: ${person}`,
    managerAppraisalPreview: (cycle, person, dueOn, late) =>
      `${cycle}: your appraisal of ${person} was due on ${dueOn}, ${late} ago.`,
    meetingTopic: (person) => `Feedback meeting: ${person}`,
    meetingPreview: (cycle, person, dueOn, late) =>
      `${cycle}: the feedback meeting with ${person} was due on ${dueOn}, ${late} ago.`,
    meetingFormalityPreview: (cycle, person, dueOn) =>
      `${cycle}: the feedback meeting with ${person} is, as recorded, a mere formality; complete it (due ${dueOn}).`,
  },
  'zh-CN': {
    days: (n) => `${n} 天`,
    checkInTopic: (person) => `辅导：${person}`,
    checkInPreview: (cycle, person, dueOn) => `${cycle}：与 ${person} 的辅导沟通应于 ${dueOn} 完成。`,
    resultTopic: (cycle) => `您的考核结果：${cycle}`,
    resultPreview: (cycle, dueOn) => `请在 ${dueOn} 前确认您的 ${cycle} 考核结果，或提出申诉。`,
    resultOverduePreview: (cycle, dueOn) => `您的 ${cycle} 考核结果仍待您确认（截止 ${dueOn}）。`,
    planTopic: (cycle) => `您的绩效计划：${cycle}`,
    planPreview: (cycle, dueOn, late) => `请确认您的 ${cycle} 绩效计划：应于 ${dueOn} 完成，已逾期 ${late}。`,
    reportPlanTopic: (person) => `绩效计划：${person}`,
    reportPlanPreview: (cycle, person, dueOn, late) =>
      `${cycle}：${person} 的绩效计划待您确认，应于 ${dueOn} 完成，已逾期 ${late}。`,
    incompletePlanTopic: (person) => `待完善的绩效计划：${person}`,
    noGoalsPlanPreview: (cycle, person, dueOn, late) =>
      `${cycle}：${person} 的绩效计划尚无目标，请设定目标并确认，应于 ${dueOn} 完成，已逾期 ${late}。`,
    weightsPlanPreview: (cycle, person, total, dueOn, late) =>
      `${cycle}：${person} 的目标权重合计 ${total}，不是 100，请完善并确认绩效计划，应于 ${dueOn} 完成，已逾期 ${late}。`,
    selfAppraisalTopic: (cycle) => `您的自评：${cycle}`,
    selfAppraisalPreview: (cycle, dueOn, late) => `您的 ${cycle} 自评应于 ${dueOn} 提交，已逾期 ${late}。`,
    managerAppraisalTopic: (person) => `经理评价：${person}`,
    managerAppraisalPreview: (cycle, person, dueOn, late) =>
      `${cycle}：您对 ${person} 的经理评价应于 ${dueOn} 提交，已逾期 ${late}。`,
    meetingTopic: (person) => `反馈面谈：${person}`,
    meetingPreview: (cycle, person, dueOn, late) =>
      `${cycle}：与 ${person} 的反馈面谈应于 ${dueOn} 完成，已逾期 ${late}。`,
    meetingFormalityPreview: (cycle, person, dueOn) =>
      `${cycle}：与 ${person} 的反馈面谈按现有记录只是走过场，请完善（截止 ${dueOn}）。`,
  },
};

export interface NotificationOptions {
  /** The text's language (the organisation's `locale`, core `generatedLanguageOf`); default English. */
  language?: GeneratedLanguage;
  /** Graph `chainId`: a later send with the same one replaces this notification in the feed. */
  chainId?: number;
}

/** An alert's topic and preview in `words`. */
function alertText(
  alert: Alert,
  type: ActivityType,
  words: (typeof ALERT_WORDS)[GeneratedLanguage],
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
): { activityType: ActivityType; body: Record<string, unknown>; webUrl: string } {
  const { webUrl } = deepLink(teamsAppId, tabUrl, alert);
  const activityType = activityTypeOf(alert);
  const { topic, preview } = alertText(alert, activityType, ALERT_WORDS[options.language ?? 'en']);
  const values: Record<Parameter, string> = {
    person: alert.subjectName,
    cycle: alert.cycleName,
    days: String(alert.item.overdueByDays ?? 0),
    dueOn: alert.item.dueOn ?? '',
  };
  const parameters: readonly Parameter[] = ACTIVITY_TYPES[activityType].parameters;
  return {
    activityType,
    webUrl,
    body: {
      topic: { source: 'text', value: clip(topic, 100), webUrl },
      activityType,
      ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
      previewText: { content: clip(preview, 150) },
      templateParameters: parameters.map((name) => ({ name, value: values[name] })),
    },
  };
}
