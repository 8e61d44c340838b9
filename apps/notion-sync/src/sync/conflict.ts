// The conflict policy: which side wins a field both Notion and Perfloop changed since the last sync, and why (pure).
import type { Phase } from '@perfloop/core';
import { same } from './mapping.ts';

/** Phases in which managers' Notion edits may still change a goal (Perfloop's API agrees: plan and coach). */
export const EDITABLE_PHASES: ReadonlySet<Phase> = new Set(['plan', 'coach']);

export type Winner = 'notion' | 'perfloop' | 'same';

export type Reason =
  /** Only Notion changed it: Notion's edit is applied. */
  | 'notion_only'
  /** Both sides hold the same value now. */
  | 'converged'
  /** The cycle is past coach: Perfloop's value stands. */
  | 'phase_locked'
  /** Both changed it; Notion's edit came later. */
  | 'notion_later'
  /** Both changed it; Perfloop's change came later. */
  | 'perfloop_later'
  /** Both changed it within the same minute (Notion only reports the minute): Perfloop keeps its value. */
  | 'same_minute'
  /**
   * A person goal cancelled in Notion after `plan`, or restored there: a correction of the agreed plan that needs a
   * person and a reason, so it is done in Perfloop (by the owner's manager or HR), never from a page.
   */
  | 'cancel_in_perfloop';

export interface FieldEdit<T> {
  /** The value the page shows now. */
  notion: T;
  /** The value Perfloop holds now. */
  perfloop: T;
  /** The value both held at the last sync. */
  synced: T;
  phase: Phase;
  /** The page's last_edited_time (rounded down to the minute by Notion), ms. */
  notionEditedAt: number;
  /** The goal's updatedAt, ms. */
  perfloopEditedAt: number;
}

export interface Decision {
  winner: Winner;
  reason: Reason;
}

/**
 * Decides one field that Notion changed (notion ≠ synced):
 * 1. equal values on both sides → nothing to do;
 * 2. cycle past `coach` → Perfloop wins (goals are locked for appraisal);
 * 3. Perfloop unchanged since the sync → Notion's edit is applied;
 * 4. both changed → the later edit wins. Notion's time is rounded down to the minute, so Notion is
 *    later only when Perfloop's change came before that minute began; Perfloop is later when its
 *    change came a whole minute after it; within the minute Perfloop keeps its value.
 * The losing value is never dropped silently: the worker writes it into a page comment.
 */
export function decide<T>(edit: FieldEdit<T>): Decision {
  if (same(edit.notion, edit.perfloop)) return { winner: 'same', reason: 'converged' };
  if (!EDITABLE_PHASES.has(edit.phase)) return { winner: 'perfloop', reason: 'phase_locked' };
  if (same(edit.perfloop, edit.synced)) return { winner: 'notion', reason: 'notion_only' };
  if (edit.perfloopEditedAt < edit.notionEditedAt) return { winner: 'notion', reason: 'notion_later' };
  if (edit.perfloopEditedAt >= edit.notionEditedAt + 60_000)
    return { winner: 'perfloop', reason: 'perfloop_later' };
  return { winner: 'perfloop', reason: 'same_minute' };
}
