// The words of the worker's page comments: what was not applied and why, and which value was kept — nothing is lost silently.
import type { Reason } from './conflict.ts';
import { display, FIELD_LABELS, type RowField } from './mapping.ts';

const when = (ms: number) => `${new Date(ms).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

export const PREFIX = 'Perfloop sync:';

/** Notion's edit lost: the page shows Perfloop's value again; the edit is kept here. */
export function notionLost(
  field: RowField,
  notionValue: unknown,
  perfloopValue: unknown,
  why: Reason | { invalid: string } | { refused: string },
  perfloopEditedAt: number,
  phase: string,
): string {
  const label = FIELD_LABELS[field];
  let reason: string;
  if (typeof why === 'object' && 'invalid' in why) reason = why.invalid;
  else if (typeof why === 'object') reason = `Perfloop refused it: ${why.refused}`;
  else if (why === 'phase_locked') reason = `the cycle is in ${phase}, so goals are locked in Perfloop`;
  else if (why === 'cancel_in_perfloop')
    reason =
      `the cycle is in ${phase}, past the agreed plan: cancelling a goal, or restoring a cancelled one, changes what ` +
      "counts in its owner's result, so it needs a reason — the owner's manager or HR does it in Perfloop, with the reason";
  else if (why === 'perfloop_later') reason = `it was changed in Perfloop later (${when(perfloopEditedAt)})`;
  else
    reason = `it was changed in Perfloop in the same minute (${when(perfloopEditedAt)}); Perfloop keeps its value when the order cannot be told`;
  return `${label} ${display(field, notionValue)} was not applied — ${reason}. The page shows Perfloop's value again: ${display(field, perfloopValue)}.`;
}

/** Notion's later edit replaced a value Perfloop had changed too: that value is kept here. */
export function perfloopLost(
  field: RowField,
  perfloopValue: unknown,
  notionValue: unknown,
  perfloopEditedAt: number,
): string {
  return `${FIELD_LABELS[field]} was also changed in Perfloop (to ${display(field, perfloopValue)} at ${when(perfloopEditedAt)}); your later edit ${display(field, notionValue)} was applied in Perfloop.`;
}

/** A field Perfloop owns was edited in Notion: put back, the edit kept here. */
export function readOnlyRestored(field: RowField, notionValue: unknown, perfloopValue: unknown): string {
  return `${FIELD_LABELS[field]} is kept in Perfloop (change it there): ${display(field, notionValue)} was replaced by ${display(field, perfloopValue)}.`;
}

export function compose(lines: readonly string[]): string {
  return lines.length === 1 ? `${PREFIX} ${lines[0]}` : `${PREFIX}\n${lines.map((l) => `• ${l}`).join('\n')}`;
}
