// Vitest project for @perfloop/api: colocated in-process tests (app.request()).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    // Hang guards, not speed checks (speed is measured in `pnpm bench`): the scale tests must not
    // fail on a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts'],
    // Test files share one module graph per worker: importing the app and its routes costs ~1.5 s per
    // file, which isolation would pay 50 times. Tests keep no module-level state.
    isolate: false,
  },
});
