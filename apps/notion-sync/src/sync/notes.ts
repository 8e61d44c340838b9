// Which check-ins' notes a goal's page holds, in constant space: a high-water mark in change-feed order (and the old id list, converted).
import type { GoalState } from './state.ts';

/*
 * Why one number per goal is enough (and exact):
 * - Check-ins reach the push only as `create` events of the change feed, one per check-in. Feed seqs are taken
 *   at commit under the organisation's row lock (packages/store/src/log-flush.ts), so the feed is gapless and
 *   read in commit order: an event with a lower seq never shows up after a higher one was read.
 * - The feed cursor is committed only after a whole folded batch is in Notion, and every re-read starts at the
 *   committed cursor: check-ins at or below it are never seen again. Only the window above it is re-read (after
 *   a failed or stopped round), and from the same cursor, so a re-read batch holds the earlier one as a prefix.
 * - All of a goal's check-ins in one batch are appended to its page in one go and recorded together, so the
 *   ones on the page are always every check-in for the goal up to some seq: a prefix in feed order.
 * So `notedThrough` (the seq of the newest check-in on the page) tells exactly which re-read check-ins to skip,
 * however many the goal has; check-in ids and createdAt are not used (ids are not ordered like the feed, and
 * a check-in's `at` may be backdated). The out-of-order window a set would otherwise cover is the in-flight
 * append: `appendingThrough` names it as a seq range (notedThrough, appendingThrough] whose check-ins are
 * looked up by their marker on the page before anything is appended again.
 */

/** A check-in as the push folded it: with the seq of its `create` event. */
export interface Sequenced<T> {
  checkIn: T;
  seq: number;
}

/** The feed seq up to which every check-in for this goal is on its page (0: none). */
export const notedThrough = (s: GoalState): number => s.notedThrough ?? 0;

/** Whether the check-in at feed seq `seq` is already on the goal's page. */
export const isNoted = (s: GoalState, seq: number): boolean => seq <= notedThrough(s);

/** The in-flight append to check first, as a seq range (null when none). */
export function appendingRange(s: GoalState): { after: number; through: number } | null {
  const through = s.appendingThrough;
  const after = notedThrough(s);
  return through !== undefined && through > after ? { after, through } : null;
}

/** The state once check-ins up to `through` are on the page (the in-flight range dropped once covered). */
export function noted(s: GoalState, through: number): GoalState {
  const { appendingThrough, ...rest } = s;
  const mark = Math.max(notedThrough(s), through);
  return {
    ...rest,
    notedThrough: mark,
    ...(appendingThrough !== undefined && appendingThrough > mark ? { appendingThrough } : {}),
  };
}

/** The state with an append of check-ins up to `through` about to be sent (the intent, committed before). */
export function appending(s: GoalState, through: number): GoalState {
  return { ...s, appendingThrough: Math.max(s.appendingThrough ?? 0, through) };
}

/** The shape goal states had before the mark: every noted check-in's id, and the ids being appended. */
export interface LegacyNotes {
  notes?: string[];
  appending?: string[];
}

export const hasLegacyNotes = (s: GoalState & LegacyNotes): boolean =>
  Array.isArray(s.notes) || Array.isArray(s.appending);

/**
 * A legacy state in the new shape. `noted` holds the ids on the page (the old `notes`, plus any old in-flight
 * append already finished by the caller); `seqOf` knows the seqs of the batch read from `cursor`. The old
 * worker recorded each goal's check-ins of a batch together too, so its noted ids in the re-read window are a
 * prefix of them in feed order: the highest seq among them is the mark. Noted ids the batch does not hold lie at
 * or below the cursor (never read again), which the mark covers by starting at the cursor.
 */
export function fromLegacy(
  s: GoalState & LegacyNotes,
  noted: Iterable<string>,
  seqOf: (checkInId: string) => number | undefined,
  cursor: number,
): GoalState {
  const { notes: _n, appending: _a, ...rest } = s;
  let mark = Math.max(notedThrough(rest), cursor);
  for (const id of noted) mark = Math.max(mark, seqOf(id) ?? 0);
  return { ...rest, notedThrough: mark };
}
