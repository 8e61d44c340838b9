// Vitest project for @perfloop/teams-tab: component tests (happy-dom, against the real API in-process),
// the package script, and the Chromium end-to-end suite (test/e2e, against a real API process).
import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';

export default defineProject({
  plugins: [react()],
  test: {
    name: 'teams-tab',
    include: ['src/**/*.test.{ts,tsx}', 'manifest/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/support/globalSetup.ts'],
    setupFiles: ['test/support/setup.ts'],
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // Files run one at a time: each e2e file starts an API process and a Chromium (2 shared cores).
    fileParallelism: false,
  },
});
