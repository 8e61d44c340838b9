// The page's view: rendered at once when its chunk has loaded (boot starts the opening page's), else lazily (Suspense).
import { type ComponentType, lazy, useState } from 'react';
import type { TeamsHost } from '../host/teams.ts';
import type { PageName } from '../routes.ts';
import { loadedView, loadView } from './loaders.ts';

interface ViewProps {
  host: TeamsHost | null;
}

const lazyViews = {} as Record<PageName, ComponentType<ViewProps>>;

function lazyView(page: PageName): ComponentType<ViewProps> {
  lazyViews[page] ??= lazy(() => loadView(page));
  return lazyViews[page];
}

/**
 * A loaded chunk renders synchronously: React's `lazy` suspends on its first render even for a module that is already
 * there, and a boundary that has just shown its fallback holds the content back for a moment (React throttles
 * reveals), which the opening page cannot afford. The component is chosen once per mount (mount it keyed by page), so
 * a chunk arriving later never swaps it under a mounted view. Only the configuration page takes the Teams host.
 */
export function PageView({ page, host }: { page: PageName; host: TeamsHost | null }) {
  const [View] = useState<ComponentType<ViewProps>>(() => loadedView(page) ?? lazyView(page));
  return <View host={page === 'config' ? host : null} />;
}
