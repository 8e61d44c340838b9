// The tab's pages under /teams/: one per view, the channel dashboard and its configuration page.
import type { Role } from './api/types.ts';

export type ViewName = 'me' | 'team' | 'calibration' | 'results' | 'department' | 'dashboard';
export type PageName = ViewName | 'config';

export const VIEWS: readonly { name: ViewName; roles: readonly Role[] | null }[] = [
  { name: 'me', roles: null },
  { name: 'team', roles: ['manager', 'department_head', 'hr_admin'] },
  { name: 'calibration', roles: ['department_head', 'hr_admin'] },
  { name: 'results', roles: ['hr_admin'] },
  { name: 'department', roles: ['department_head', 'hr_admin'] },
  { name: 'dashboard', roles: null },
];

const PAGES = new Set<string>([...VIEWS.map((v) => v.name), 'config']);

/** `/teams/calibration` → `calibration`; anything else → `me`. */
export function pageFromPath(pathname: string): PageName {
  const name = pathname.replace(/^\/teams\/?/, '').split('/')[0] ?? '';
  return PAGES.has(name) ? (name as PageName) : 'me';
}

export function viewsFor(roles: readonly Role[]): ViewName[] {
  return VIEWS.filter((v) => v.roles === null || v.roles.some((r) => roles.includes(r))).map((v) => v.name);
}
