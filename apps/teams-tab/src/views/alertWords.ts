// A Teams alert's delivery in plain words for HR: what it asked its recipient to do (the to-do's words) and why it failed.
import type { AlertDelivery } from '../api/types.ts';
import type { Translate } from '../i18n/index.tsx';
import { actionOf } from './toDoWords.ts';

/** What the alert asked its recipient, one line per person it is about (a daily digest names several). */
export function alertAsked(
  t: Translate,
  d: Pick<AlertDelivery, 'kind' | 'recipientId' | 'subjectId' | 'subjectIds'>,
  nameOf: (personId: string) => string,
): { subjectId: string | null; text: string }[] {
  const subjects: (string | null)[] = d.subjectIds.length > 0 ? d.subjectIds : [d.subjectId];
  return subjects.map((subjectId) => {
    const name = subjectId === null ? t('someone') : nameOf(subjectId);
    // The record keeps no reason: the plan had no goals or its weights did not total 100. Said as the alert says it.
    if (d.kind === 'complete_plan') return { subjectId, text: t('alerts.asked.complete_plan', { name }) };
    const text = actionOf(
      { t },
      { kind: d.kind, subjectId, subjectName: name, overdueByDays: null },
      d.recipientId,
    );
    return { subjectId, text };
  });
}

/** Why a failed delivery did not reach its recipient, in plain words, and what Microsoft Graph said (null: nothing). */
export interface AlertFailure {
  reason: string;
  graph: string | null;
}

/** Graph's message without its code (`lastError` is `<code>: <message>`). */
function graphMessage(lastError: string): string {
  const at = lastError.indexOf(': ');
  const message = at < 0 ? lastError : lastError.slice(at + 2);
  return message.trim() === '' ? lastError : message;
}

/**
 * The failure of `d` in words. `today` is the UTC day now: a throttled send is tried again by a later run the same day
 * only, so on an earlier day it was not delivered that day (a still overdue item was alerted anew the next day).
 */
export function alertFailure(
  t: Translate,
  d: Pick<AlertDelivery, 'day' | 'httpStatus' | 'lastError' | 'retryable'>,
  today: string,
): AlertFailure {
  const status = d.httpStatus ?? 0;
  const graph =
    d.lastError === null && status === 0
      ? null
      : t('alerts.graphSaid', { status, error: d.lastError ?? '' }).trim();
  const later = d.day >= today;
  // The dispatcher records an Entra token refusal as `token: <code>`, retryable: nothing reached Graph.
  if (d.lastError?.startsWith('token:')) {
    return { reason: t(later ? 'alerts.why.token' : 'alerts.why.tokenPast'), graph };
  }
  // Graph's 403 also when the app lacks TeamsActivity.Send (no admin consent): not something to install per person.
  if (status === 403 && /TeamsActivity\.Send|permission/i.test(d.lastError ?? '')) {
    return { reason: t('alerts.why.noPermission'), graph };
  }
  if (status === 403) return { reason: t('alerts.why.notInstalled'), graph };
  if (status === 404) return { reason: t('alerts.why.noAccount'), graph };
  if (d.retryable || status === 429 || status >= 500 || status === 0) {
    return { reason: t(later ? 'alerts.why.busy' : 'alerts.why.busyPast'), graph };
  }
  const message = d.lastError === null ? `HTTP ${status}` : graphMessage(d.lastError);
  return { reason: t('alerts.why.other', { message }), graph };
}

/** How long a claim is in flight before the API takes its sender for dead and may send it again (API CLAIM_EXPIRY_MS). */
export const CLAIM_EXPIRY_MS = 10 * 60_000;

/**
 * A delivery still `sending` past the claim expiry: its sender stopped (killed) before recording whether Teams took it.
 * The same day's next run sends it again while it is still due (a digest: naming those still to do); once it is not —
 * its items done meanwhile — or its day is over, it stays so. Null while it is truly in flight, or not `sending`.
 */
export function alertInterrupted(
  t: Translate,
  d: Pick<AlertDelivery, 'status' | 'claimedAt' | 'day'>,
  now: Date,
): string | null {
  if (d.status !== 'sending') return null;
  const claimed = Date.parse(d.claimedAt);
  if (!Number.isNaN(claimed) && now.getTime() - claimed < CLAIM_EXPIRY_MS) return null;
  const today = now.toISOString().slice(0, 10);
  return t(d.day >= today ? 'alerts.interrupted' : 'alerts.interruptedPast');
}
