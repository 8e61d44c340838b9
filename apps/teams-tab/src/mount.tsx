// Mounts the tab with React once its code has loaded, handing it the opening that boot started.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import type { Opening } from './opening.ts';
import { Root } from './Root.tsx';

export function mount(element: HTMLElement, opening: Opening): void {
  createRoot(element).render(
    <StrictMode>
      <Root opening={opening} />
    </StrictMode>,
  );
}
