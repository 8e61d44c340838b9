// Root Vitest config: one project per workspace package (run all with `pnpm vitest`).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: ['packages/*', 'apps/*', 'test/*'],
  },
});
