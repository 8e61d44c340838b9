// Opening another view from inside one (a to-do item's link): the shell's page switch, the cycle and the section; and
// the person open on My team, kept in the page's URL (`?person=`) so a deep link, a reload and the back button agree.
import { createContext, useContext, useSyncExternalStore } from 'react';
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

/** Views listening to the page's URL: told when the tab itself moves it (pushState fires no event) or on popstate. */
const locationListeners = new Set<() => void>();

/** Tells the views that the tab moved the page's URL (after its own pushState or replaceState). */
export function locationChanged(): void {
  for (const l of locationListeners) l();
}

function subscribeLocation(listener: () => void): () => void {
  locationListeners.add(listener);
  window.addEventListener('popstate', listener);
  return () => {
    locationListeners.delete(listener);
    window.removeEventListener('popstate', listener);
  };
}

/** The person named by the page's `?person=` (null for none). */
export function personInUrl(): string | null {
  return new URLSearchParams(window.location.search).get('person');
}

/**
 * Opens `personId` on My team (null: none): a new history entry with `?person=` (the other query and the hash kept),
 * so reloading keeps them open and the back button returns to the person before. Choosing the one already open adds
 * no entry.
 */
export function selectPerson(personId: string | null): void {
  const url = new URL(window.location.href);
  if (personId) url.searchParams.set('person', personId);
  else url.searchParams.delete('person');
  const next = `${url.pathname}${url.search}${url.hash}`;
  const current = `${window.location.pathname}${window.location.search}${window.location.hash}`;
  if (next !== current) window.history.pushState(null, '', next);
  locationChanged();
}

/** The person open on My team, following the URL: a deep link, the back and forward buttons, a to-do's link. */
export function usePersonInUrl(): string | null {
  return useSyncExternalStore(subscribeLocation, personInUrl, () => null);
}
