// The activity notification of one overdue alert: its manifest activity type, template parameters, the deep link into the tab and its text in the organisation's language.
import type { GeneratedLanguage, ToDoItem } from '@perfloop/core';

/**
 * The activity types the Teams app manifest declares (apps/teams-tab/manifest/manifest.json `activities`), with the
 * template parameters each templateText uses besides `{actor}`. Keep both in step (a test compares them).
 */
export const ACTIVITY_TYPES = {
  checkInOverdue: { parameters: ['person', 'days'] },
  acknowledgeResult: { parameters: ['cycle', 'dueOn'] },
} as const;
export type ActivityType = keyof typeof ACTIVITY_TYPES;

/** The to-do kinds that are alerted, and who receives each. */
export type AlertKind = 'check_in_due' | 'acknowledge_result';

/** One alert: the to-do item as its recipient sees it, with the names the text needs. */
export interface Alert {
  recipientId: string;
  item: ToDoItem & { kind: AlertKind };
  cycleName: string;
  /** The subject's name (check-ins: the report). */
  subjectName: string;
}

/** Where in the tab an alert opens: the page, its query (cycle, person) and the section (see teams-tab toDoWords). */
export function tabTarget(alert: Alert): { entityId: string; path: string } {
  const q = new URLSearchParams({ cycle: alert.item.cycleId });
  if (alert.item.kind === 'check_in_due') {
    q.set('person', alert.item.subjectId ?? '');
    return { entityId: 'team', path: `team?${q.toString()}#team-checkin` };
  }
  return { entityId: 'me', path: `me?${q.toString()}#me-result` };
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
 */
export const ALERT_WORDS: Record<
  GeneratedLanguage,
  {
    checkInTopic(person: string): string;
    checkInPreview(cycle: string, person: string, dueOn: string): string;
    resultTopic(cycle: string): string;
    resultPreview(cycle: string, dueOn: string): string;
    resultOverduePreview(cycle: string, dueOn: string): string;
  }
> = {
  en: {
    checkInTopic: (person) => `Coaching: ${person}`,
    checkInPreview: (cycle, person, dueOn) => `${cycle}: check-in with ${person} was due on ${dueOn}.`,
    resultTopic: (cycle) => `Your result: ${cycle}`,
    resultPreview: (cycle, dueOn) => `Acknowledge your ${cycle} result, or appeal it, by ${dueOn}.`,
    resultOverduePreview: (cycle, dueOn) =>
      `Your ${cycle} result still waits for your acknowledgement (due ${dueOn}).`,
  },
  'zh-CN': {
    checkInTopic: (person) => `辅导：${person}`,
    checkInPreview: (cycle, person, dueOn) => `${cycle}：与 ${person} 的辅导沟通应于 ${dueOn} 完成。`,
    resultTopic: (cycle) => `您的考核结果：${cycle}`,
    resultPreview: (cycle, dueOn) => `请在 ${dueOn} 前确认您的 ${cycle} 考核结果，或提出申诉。`,
    resultOverduePreview: (cycle, dueOn) => `您的 ${cycle} 考核结果仍待您确认（截止 ${dueOn}）。`,
  },
};

export interface NotificationOptions {
  /** The text's language (the organisation's `locale`, core `generatedLanguageOf`); default English. */
  language?: GeneratedLanguage;
  /** Graph `chainId`: a later send with the same one replaces this notification in the feed. */
  chainId?: number;
}

/** The sendActivityNotification body of an alert (topic text + Teams deep link, preview text, parameters). */
export function notificationBody(
  teamsAppId: string,
  tabUrl: string,
  alert: Alert,
  options: NotificationOptions = {},
): { activityType: ActivityType; body: Record<string, unknown>; webUrl: string } {
  const { webUrl } = deepLink(teamsAppId, tabUrl, alert);
  const { item } = alert;
  const words = ALERT_WORDS[options.language ?? 'en'];
  const chain = options.chainId === undefined ? {} : { chainId: options.chainId };
  if (item.kind === 'check_in_due') {
    const days = String(item.overdueByDays ?? 0);
    return {
      activityType: 'checkInOverdue',
      webUrl,
      body: {
        topic: { source: 'text', value: clip(words.checkInTopic(alert.subjectName), 100), webUrl },
        activityType: 'checkInOverdue',
        ...chain,
        previewText: {
          content: clip(words.checkInPreview(alert.cycleName, alert.subjectName, item.dueOn ?? ''), 150),
        },
        templateParameters: [
          { name: 'person', value: alert.subjectName },
          { name: 'days', value: days },
        ],
      },
    };
  }
  const due = item.dueOn ?? '';
  return {
    activityType: 'acknowledgeResult',
    webUrl,
    body: {
      topic: { source: 'text', value: clip(words.resultTopic(alert.cycleName), 100), webUrl },
      activityType: 'acknowledgeResult',
      ...chain,
      previewText: {
        content: clip(
          item.overdueByDays === null
            ? words.resultPreview(alert.cycleName, due)
            : words.resultOverduePreview(alert.cycleName, due),
          150,
        ),
      },
      templateParameters: [
        { name: 'cycle', value: alert.cycleName },
        { name: 'dueOn', value: due },
      ],
    },
  };
}
