// The views' code-split chunks, without React: boot starts the opening page's chunk at once; a loaded one renders at once.
import type { ComponentType } from 'react';
import type { PageName } from '../routes.ts';

// biome-ignore lint/suspicious/noExplicitAny: each view has its own props; lazy.ts types them
type ViewModule = { default: ComponentType<any> };

const loaders = {
  me: () => import('./MeView.tsx'),
  team: () => import('./TeamView.tsx'),
  calibration: () => import('./CalibrationView.tsx'),
  results: () => import('./ResultsView.tsx'),
  department: () => import('./DepartmentView.tsx'),
  dashboard: () => import('./DashboardView.tsx'),
  config: () => import('./ConfigPage.tsx'),
} satisfies Record<PageName, () => Promise<ViewModule>>;

const started = new Map<PageName, Promise<ViewModule>>();
const loaded = new Map<PageName, ViewModule>();

/** Loads a page's chunk once (a failed load is tried again next time). */
export function loadView(page: PageName): Promise<ViewModule> {
  let promise = started.get(page);
  if (!promise) {
    promise = loaders[page]().then(
      (module) => {
        loaded.set(page, module);
        return module;
      },
      (error: unknown) => {
        started.delete(page);
        throw error;
      },
    );
    started.set(page, promise);
  }
  return promise;
}

/** The page's component if its chunk has loaded (render it at once, no Suspense fallback), else null. */
export function loadedView(page: PageName): ViewModule['default'] | null {
  return loaded.get(page)?.default ?? null;
}
