// Mounts the tab with React once its code has loaded and the opening has settled, so the first render is the page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { type Opened, type Opening, settle } from './opening.ts';
import { Root } from './Root.tsx';

export async function mount(element: HTMLElement, opening: Opening): Promise<void> {
  // Until then the page shows index.html's placeholder; a failing host is reported by Root itself.
  const opened: Opened | undefined = await settle(opening).catch(() => undefined);
  createRoot(element).render(
    <StrictMode>
      <Root opening={opening} {...(opened ? { opened } : {})} />
    </StrictMode>,
  );
}
