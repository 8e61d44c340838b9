// Vitest project for @perfloop/core: colocated unit and property tests.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    // Hang guards, not speed checks (speed is measured in `pnpm bench`): the scale tests must not
    // fail on a loaded machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts'],
  },
});
