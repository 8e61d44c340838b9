// Vitest project for @perfloop/core: colocated unit and property tests.
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'core',
    include: ['src/**/*.test.ts', 'examples/**/*.test.ts'],
  },
});
