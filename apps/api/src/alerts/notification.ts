// The activity notification of one overdue alert: its manifest activity type, template parameters and the deep link into the tab.
import type { ToDoItem } from '@perfloop/core';

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

/** The sendActivityNotification body of an alert (topic text + Teams deep link, preview text, parameters). */
export function notificationBody(
  teamsAppId: string,
  tabUrl: string,
  alert: Alert,
): { activityType: ActivityType; body: Record<string, unknown>; webUrl: string } {
  const { webUrl } = deepLink(teamsAppId, tabUrl, alert);
  const { item } = alert;
  if (item.kind === 'check_in_due') {
    const days = String(item.overdueByDays ?? 0);
    return {
      activityType: 'checkInOverdue',
      webUrl,
      body: {
        topic: { source: 'text', value: clip(`Coaching: ${alert.subjectName}`, 100), webUrl },
        activityType: 'checkInOverdue',
        previewText: {
          content: clip(
            `${alert.cycleName}: check-in with ${alert.subjectName} was due on ${item.dueOn ?? ''}.`,
            150,
          ),
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
      topic: { source: 'text', value: clip(`Your result: ${alert.cycleName}`, 100), webUrl },
      activityType: 'acknowledgeResult',
      previewText: {
        content: clip(
          item.overdueByDays === null
            ? `Acknowledge your ${alert.cycleName} result, or appeal it, by ${due}.`
            : `Your ${alert.cycleName} result still waits for your acknowledgement (due ${due}).`,
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
