// Opening another view from inside one (a to-do item's link): the shell's page switch, the cycle and the section.
import { createContext, useContext } from 'react';
import type { ViewName } from './routes.ts';

export interface NavigationTarget {
  view: ViewName;
  cycleId: string;
  /** On My team: the person to select. */
  personId: string | null;
  /** The section to bring into view (its heading is `<section>-heading`). */
  section: string;
}

export interface Navigation {
  /** The views this person may open. */
  allowed: readonly ViewName[];
  open(target: NavigationTarget): void;
}

export const NavigationContext = createContext<Navigation | null>(null);

export function useNavigation(): Navigation {
  const value = useContext(NavigationContext);
  if (!value) throw new Error('useNavigation outside the shell');
  return value;
}

/** The page's URL for a target: the view, the cycle (and the person on My team) in the query, the section as hash. */
export function targetUrl(target: NavigationTarget, current: string): string {
  const url = new URL(current);
  url.pathname = `/teams/${target.view}`;
  url.searchParams.set('cycle', target.cycleId);
  if (target.personId) url.searchParams.set('person', target.personId);
  else url.searchParams.delete('person');
  url.hash = target.section;
  return `${url.pathname}${url.search}${url.hash}`;
}

/** The pending retry of the last reveal: a new reveal replaces it (only the latest target is scrolled to). */
let pendingReveal: ReturnType<typeof setTimeout> | undefined;

/**
 * Scrolls the section's heading into view once it is rendered (a lazily loaded view renders it a moment later),
 * looking again every 100 ms for up to `tries` times. It stops once the page is gone (no `document`: a test's
 * environment torn down while it waited).
 */
export function revealSection(section: string, tries = 30): void {
  clearTimeout(pendingReveal);
  pendingReveal = undefined;
  if (typeof document === 'undefined') return;
  const heading = document.getElementById(`${section}-heading`);
  if (heading) {
    heading.scrollIntoView?.({ block: 'start' });
    return;
  }
  if (tries > 0) pendingReveal = setTimeout(() => revealSection(section, tries - 1), 100);
}
