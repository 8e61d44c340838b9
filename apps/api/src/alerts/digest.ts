// Daily digests of the overdue alerts: a recipient's several alerted items of one kind and cycle about their reports become one notification (how many, and who) linked to My team for that cycle.
import { compareIds } from '@perfloop/core';
import { ALERT_WORDS, type AlertWords } from './alertWords.ts';
import {
  ACTIVITY_TYPES,
  type ActivityType,
  type Alert,
  type AlertKind,
  clip,
  deepLinkTo,
  type NotificationOptions,
  PREVIEW_MAX,
  TOPIC_MAX,
} from './notification.ts';

/**
 * The kinds a manager is alerted of once per report: several of one kind and cycle on one day are sent as one digest.
 * The others (one's own plan, self-appraisal and result) are one per person and cycle anyway.
 */
export const DIGEST_KINDS = [
  'complete_plan',
  'agree_plan',
  'check_in_due',
  'manager_review',
  'hold_feedback_meeting',
] as const satisfies readonly AlertKind[];
export type DigestKind = (typeof DIGEST_KINDS)[number];

/** The activity type of each kind's digest (declared in the Teams app manifest like every other). */
export const DIGEST_ACTIVITY_TYPES = {
  complete_plan: 'reportPlansIncomplete',
  agree_plan: 'reportPlansOverdue',
  check_in_due: 'checkInsOverdue',
  manager_review: 'managerAppraisalsOverdue',
  hold_feedback_meeting: 'feedbackMeetingsOverdue',
} as const satisfies Record<DigestKind, ActivityType>;
export type DigestActivityType = (typeof DIGEST_ACTIVITY_TYPES)[DigestKind];
type DigestParameter = (typeof ACTIVITY_TYPES)[DigestActivityType]['parameters'][number];

/** The longest `people` template parameter of a digest (characters): whole entries, then "…" for the rest. */
export const PEOPLE_PARAMETER_MAX = 100;

/** The alerts of one recipient, kind and cycle about their reports: delivered as a digest when there are several. */
export interface AlertGroup {
  recipientId: string;
  kind: DigestKind;
  cycleId: string;
  cycleName: string;
  alerts: Alert[];
}

/** What the dispatcher delivers: an alert that is never part of a digest, or a group of digestible ones. */
export type DeliveryUnit = { alert: Alert } | { group: AlertGroup };

const DIGESTED: ReadonlySet<AlertKind> = new Set(DIGEST_KINDS);

/** Whether an alert may be part of a digest: of a digest kind and about one of the recipient's reports. */
export function digestible(alert: Alert): boolean {
  const { kind, subjectId } = alert.item;
  return DIGESTED.has(kind) && subjectId !== null && subjectId !== alert.recipientId;
}

const isDigestKind = (kind: AlertKind): kind is DigestKind => DIGESTED.has(kind);

/**
 * The alerts as delivery units, in the order of each unit's first alert: the digestible ones grouped by recipient,
 * kind and cycle (a group of one included: whether it is sent alone is decided with the day's deliveries, see
 * alerts/deliveries `claimGroup`), every other alert on its own.
 */
export function deliveryUnits(alerts: readonly Alert[]): DeliveryUnit[] {
  const units: DeliveryUnit[] = [];
  const groups = new Map<string, AlertGroup>();
  for (const alert of alerts) {
    const { kind, cycleId } = alert.item;
    if (!digestible(alert) || !isDigestKind(kind)) {
      units.push({ alert });
      continue;
    }
    const key = JSON.stringify([alert.recipientId, kind, cycleId]);
    const group = groups.get(key);
    if (group) group.alerts.push(alert);
    else {
      const created: AlertGroup = {
        recipientId: alert.recipientId,
        kind,
        cycleId,
        cycleName: alert.cycleName,
        alerts: [alert],
      };
      groups.set(key, created);
      units.push({ group: created });
    }
  }
  return units;
}

/** A digest's alerts in the order it names them: most days overdue first, then by name (then id). */
export function digestOrder(alerts: readonly Alert[]): Alert[] {
  return [...alerts].sort(
    (a, b) =>
      (b.item.overdueByDays ?? 0) - (a.item.overdueByDays ?? 0) ||
      a.subjectName.localeCompare(b.subjectName, 'en') ||
      compareIds(a.item.subjectId ?? '', b.item.subjectId ?? ''),
  );
}

/**
 * The people a digest names, in `alerts`' order — "Ava Chen (12 days), Ben Carter (5 days), …" — in at most `max`
 * characters: whole entries while they fit, then "…" for the rest (a first entry alone longer than `max` is cut).
 * In `words`' language, the organisation's: Teams localises a notification's templateText for its reader, never its
 * parameters, and no reader's language is known here (README, *Overdue alerts in Teams*, Language).
 */
export function peopleList(alerts: readonly Alert[], words: AlertWords, max: number): string {
  if (max < 1) return '';
  const entries = alerts.map((a) =>
    words.digestEntry(
      a.subjectName,
      words.days(a.item.overdueByDays ?? 0),
      a.item.reason === 'mere_formality',
    ),
  );
  const sep = words.listSeparator;
  const all = entries.join(sep);
  if (all.length <= max) return all;
  const tail = `${sep}…`;
  let out = '';
  for (const entry of entries) {
    const next = out === '' ? entry : `${out}${sep}${entry}`;
    if (next.length + tail.length > max) break;
    out = next;
  }
  return out === '' ? clip(entries[0] ?? '', max) : `${out}${tail}`;
}

/** Where a digest opens: My team for its cycle with nobody selected, at the list of reports (`team-coaching`). */
export function digestTarget(cycleId: string): { entityId: 'team'; path: string } {
  return {
    entityId: 'team',
    path: `team?${new URLSearchParams({ cycle: cycleId }).toString()}#team-coaching`,
  };
}

/** Each kind's digest topic and preview (`people`: the list of people, sized to fit the preview). */
const DIGEST_TEXT: Record<
  DigestKind,
  {
    topic(w: AlertWords, count: number): string;
    preview(w: AlertWords, cycle: string, people: string): string;
  }
> = {
  complete_plan: {
    topic: (w, n) => w.incompletePlansTopic(n),
    preview: (w, c, p) => w.incompletePlansPreview(c, p),
  },
  agree_plan: { topic: (w, n) => w.reportPlansTopic(n), preview: (w, c, p) => w.reportPlansPreview(c, p) },
  check_in_due: { topic: (w, n) => w.checkInsTopic(n), preview: (w, c, p) => w.checkInsPreview(c, p) },
  manager_review: {
    topic: (w, n) => w.managerAppraisalsTopic(n),
    preview: (w, c, p) => w.managerAppraisalsPreview(c, p),
  },
  hold_feedback_meeting: {
    topic: (w, n) => w.meetingsTopic(n),
    preview: (w, c, p) => w.meetingsPreview(c, p),
  },
};

/**
 * The sendActivityNotification body of a digest naming `group.alerts` (two or more): its activity type with `count`,
 * `cycle` and `people` (the names and days overdue, at most PEOPLE_PARAMETER_MAX characters), the topic and preview
 * in the organisation's language (the preview names as many as fit its 150 characters), and the deep link to My team
 * for the cycle.
 */
export function digestBody(
  teamsAppId: string,
  tabUrl: string,
  group: AlertGroup,
  options: NotificationOptions = {},
): { activityType: DigestActivityType; body: Record<string, unknown>; webUrl: string } {
  const words = ALERT_WORDS[options.language ?? 'en'];
  const ordered = digestOrder(group.alerts);
  const { webUrl } = deepLinkTo(teamsAppId, tabUrl, digestTarget(group.cycleId));
  const activityType = DIGEST_ACTIVITY_TYPES[group.kind];
  const text = DIGEST_TEXT[group.kind];
  const room = PREVIEW_MAX - text.preview(words, group.cycleName, '').length;
  const preview = text.preview(words, group.cycleName, peopleList(ordered, words, room));
  const values: Record<DigestParameter, string> = {
    count: String(ordered.length),
    cycle: group.cycleName,
    people: peopleList(ordered, words, PEOPLE_PARAMETER_MAX),
  };
  const parameters: readonly DigestParameter[] = ACTIVITY_TYPES[activityType].parameters;
  return {
    activityType,
    webUrl,
    body: {
      topic: { source: 'text', value: clip(text.topic(words, ordered.length), TOPIC_MAX), webUrl },
      activityType,
      ...(options.chainId === undefined ? {} : { chainId: options.chainId }),
      previewText: { content: clip(preview, PREVIEW_MAX) },
      templateParameters: parameters.map((name) => ({ name, value: values[name] })),
    },
  };
}
