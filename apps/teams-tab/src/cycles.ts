// Which cycle a page shows: the one asked for in `?cycle=` if this person can see it, else the default.
import type { Cycle } from './api/types.ts';

/** The cycle to show first: the latest one still running, else the latest closed one. */
export function defaultCycle(cycles: readonly Cycle[]): Cycle | null {
  const byStart = [...cycles].sort((a, b) => (a.startsOn < b.startsOn ? 1 : -1));
  return byStart.find((c) => c.phase !== 'closed') ?? byStart[0] ?? null;
}

/** `wanted` when it is among `cycles`, else the default cycle; null when there are none. */
export function chooseCycle(cycles: readonly Cycle[], wanted: string | null): Cycle | null {
  return (wanted ? cycles.find((c) => c.id === wanted) : undefined) ?? defaultCycle(cycles);
}
