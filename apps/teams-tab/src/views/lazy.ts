// The views' code-split chunks: one loader per page, so boot can start fetching the page's chunk while signing in.
import { lazy } from 'react';
import type { PageName } from '../routes.ts';

export const viewLoaders = {
  me: () => import('./MeView.tsx'),
  team: () => import('./TeamView.tsx'),
  calibration: () => import('./CalibrationView.tsx'),
  results: () => import('./ResultsView.tsx'),
  department: () => import('./DepartmentView.tsx'),
  dashboard: () => import('./DashboardView.tsx'),
  config: () => import('./ConfigPage.tsx'),
} satisfies Record<PageName, () => Promise<{ default: unknown }>>;

export const MeView = lazy(viewLoaders.me);
export const TeamView = lazy(viewLoaders.team);
export const CalibrationView = lazy(viewLoaders.calibration);
export const ResultsView = lazy(viewLoaders.results);
export const DepartmentView = lazy(viewLoaders.department);
export const DashboardView = lazy(viewLoaders.dashboard);
export const ConfigPage = lazy(viewLoaders.config);

/** Starts downloading a page's chunk (errors surface later, when React renders it). */
export function preloadView(page: PageName): void {
  viewLoaders[page]().catch(() => undefined);
}
