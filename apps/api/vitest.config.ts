// Vitest project for @perfloop/api: colocated in-process tests (app.request()).
import { defineProject } from 'vitest/config';

export default defineProject({
  test: {
    name: 'api',
    include: ['src/**/*.test.ts'],
  },
});
