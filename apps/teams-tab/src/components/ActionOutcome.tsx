// What a write led to: its problem in plain words (a stale edit offers a reload that also clears it) or its success note.

import type { Action } from './action.ts';
import { Done } from './layout.tsx';
import { Problem } from './Problem.tsx';

/** `<Problem>` and `<Done>` for an action; Reload clears the action's outcome, then reloads what it edited. */
export function ActionOutcome({
  act,
  onReload,
  stale,
}: {
  act: Action;
  onReload: () => void;
  /** What a stale edit means here (default: the generic words). */
  stale?: { text: string; action: string };
}) {
  return (
    <>
      <Problem
        error={act.error}
        {...(stale ? { stale } : {})}
        onReload={() => {
          act.clear();
          onReload();
        }}
      />
      <Done text={act.done} />
    </>
  );
}
