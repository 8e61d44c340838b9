// Vitest project for @perfloop/harness: the short fuzz, crash and load runs (one file at a time: each loads the machine).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'harness',
    include: ['src/**/*.test.ts'],
    fileParallelism: false,
    // Hang guards, not speed checks: the runs must not fail on a loaded machine.
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
