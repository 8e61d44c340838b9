// What a write led to: its problem in plain words (a stale edit offers a reload that also clears it; a refused one leaves
// the form as typed) or its success note.

import type { Action } from './action.ts';
import { Done } from './layout.tsx';
import { Problem } from './Problem.tsx';

/**
 * `<Problem>` and `<Done>` for an action. Only a stale edit (412) offers Reload, which clears the action's outcome, then
 * reloads what it edited; any other refusal is shown beside the form, which keeps what was typed.
 */
export function ActionOutcome({
  act,
  onReload,
  stale,
  labels,
}: {
  act: Action;
  onReload: () => void;
  /** What a stale edit means here (default: the generic words). */
  stale?: { text: string; action: string };
  /** The form's field labels by field path, in place of the raw path in field errors. */
  labels?: Readonly<Record<string, string>>;
}) {
  return (
    <>
      <Problem
        error={act.error}
        {...(stale ? { stale } : {})}
        {...(labels ? { labels } : {})}
        onReload={() => {
          act.clear();
          onReload();
        }}
      />
      <Done text={act.done} />
    </>
  );
}
