// The KPI actuals typed into a check-in, read in the tab's locale: the goal updates to send, and the goals whose actual
// is not a number (the form waits for them rather than send nothing, 0 or a number cut short).
import type { Goal } from '../api/types.ts';
import { parseNumber } from '../i18n/numbers.ts';

export interface ActualUpdates {
  /** `goalUpdates` of `POST /v1/check-ins`: each goal with an actual typed, with the version it was read at. */
  updates: { goalId: string; actual: number; goalVersion: number }[];
  /** The goals whose typed actual is not a number in the locale. */
  invalid: string[];
}

/** The actuals typed (`typed` by goal id; empty fields send nothing) for `kpis`, read in `locale`. */
export function actualUpdates(
  kpis: readonly Goal[],
  typed: Readonly<Record<string, string>>,
  locale: string,
): ActualUpdates {
  const out: ActualUpdates = { updates: [], invalid: [] };
  for (const g of kpis) {
    const actual = parseNumber(typed[g.id] ?? '', locale);
    if (actual === null) continue;
    if (Number.isFinite(actual)) out.updates.push({ goalId: g.id, actual, goalVersion: g.version });
    else out.invalid.push(g.id);
  }
  return out;
}
