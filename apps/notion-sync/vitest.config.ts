// Vitest project for @perfloop/notion-sync: unit tests, and the worker against the Notion fake and an in-process API.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'notion-sync',
    include: ['src/**/*.test.ts'],
    // Hang guards, not speed checks: the integration suites wait for a worker to converge on a loaded machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
