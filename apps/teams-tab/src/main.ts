// Entry point, without React: the opening starts at once; React and the shell load and mount over index.html's placeholder.
import { startOpening } from './opening.ts';

const element = document.getElementById('root');
if (element) {
  const opening = startOpening();
  import('./mount.tsx').then(
    ({ mount }) => mount(element, opening),
    (error: unknown) => {
      element.setAttribute('role', 'alert');
      element.textContent = `Perfloop could not load: ${error instanceof Error ? error.message : String(error)}`;
    },
  );
}
