// Renders the whole tab (Root) in happy-dom at a page, signed in as a demo person, against an in-process API.
import { type RenderResult, render } from '@testing-library/react';
import { Root } from '../../src/Root.tsx';
import type { InProcessApi } from './inProcess.ts';

export function renderTab(api: InProcessApi, options: { as?: string; path: string }): RenderResult {
  window.history.replaceState(null, '', options.path);
  sessionStorage.clear();
  if (options.as) sessionStorage.setItem('perfloop.demoEmail', options.as);
  return render(<Root fetcher={api.fetch} />);
}
