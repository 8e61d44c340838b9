// Per-file test setup: generous waits for Testing Library (the machine is shared; no test may depend on timing), and
// happy-dom's Web Animations made to treat a cancelled animation's `finished` promise as browsers do.
import { configure } from '@testing-library/dom';

configure({ asyncUtilTimeout: 20_000 });

// The Web Animations spec rejects `finished` with an AbortError on cancel and marks that promise as handled, so a page
// that never looks at it sees nothing; happy-dom leaves it unhandled. Fluent's motions (the date picker's calendar)
// cancel their animations when they unmount and listen to `oncancel`, not to `finished`: handled here as in a browser.
const animation = (globalThis as { Animation?: { prototype: Animation } }).Animation;
if (animation) {
  const cancel = animation.prototype.cancel;
  animation.prototype.cancel = function (this: Animation) {
    this.finished.catch(() => undefined);
    cancel.call(this);
  };
}
