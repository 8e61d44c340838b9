// Handing people from a guard's hint (the phase panel) to the Participants section: who to withdraw, preselected.
import { useSyncExternalStore } from 'react';

/** The people a hint named and why (its code), for the Participants section to offer their withdrawal first. */
export interface WithdrawalFocus {
  ids: readonly string[];
  code: string;
  /** Changes on every hand-over, so the same hint clicked twice preselects again. */
  seq: number;
}

/** The id of the Participants section (the hint's link scrolls there). */
export const PARTICIPANTS_SECTION = 'cycle-participants';

let focus: WithdrawalFocus | null = null;
let seq = 0;
const listeners = new Set<() => void>();

/** Preselects `ids` in the Participants section and scrolls to it. */
export function focusWithdrawal(ids: readonly string[], code: string): void {
  seq += 1;
  focus = { ids: [...ids], code, seq };
  for (const l of listeners) l();
  const section = document.getElementById(PARTICIPANTS_SECTION);
  section?.scrollIntoView?.({ behavior: 'smooth', block: 'start' });
}

/** Clears the preselection (the section unmounts, or HR dismissed it). */
export function clearWithdrawalFocus(): void {
  if (focus === null) return;
  focus = null;
  for (const l of listeners) l();
}

/** The current preselection (null when none). */
export function useWithdrawalFocus(): WithdrawalFocus | null {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => focus,
    () => null,
  );
}
