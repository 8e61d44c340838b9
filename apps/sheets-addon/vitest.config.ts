// Vitest project for @perfloop/sheets-addon: unit tests, the HTTP endpoints, and the end-to-end flow against the fakes.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'sheets-addon',
    include: ['src/**/*.test.ts'],
    // Hang guards, not speed checks: the end-to-end suite starts the API, seeds it and runs every flow.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
