// Vitest project for @perfloop/fakes: each fake's conformance to the service it stands in for.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'fakes',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
