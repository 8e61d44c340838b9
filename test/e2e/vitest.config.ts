// Vitest project for @perfloop/e2e: the full-cycle test (one API process, Chromium, the Notion worker, the add-on).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'e2e',
    include: ['src/**/*.test.ts'],
    fileParallelism: false,
    // Hang guards, not speed checks: the machine is shared (2 cores) and the API seeds the demo on its first start.
    testTimeout: 600_000,
    hookTimeout: 300_000,
  },
});
