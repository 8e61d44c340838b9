// Vitest global setup: builds the tab into a temp folder (so tests always serve the current source) and seeds the
// demo organisation once into a template SQLite file that each test file copies.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { seedOnFirstStart } from '@perfloop/api/src/demo/firstStart.ts';
import { createDeps } from '@perfloop/api/src/deps.ts';
import { loadEnv } from '@perfloop/api/src/env.ts';
import type { TestProject } from 'vitest/node';
import { buildTab } from './buildTab.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The built tab (index.html + assets). */
    tabDir: string;
    /** A SQLite data directory holding the seeded demo organisation (copy it, never write to it). */
    seededDataDir: string;
  }
}

export default async function setup(project: TestProject) {
  const root = await mkdtemp(join(tmpdir(), 'perfloop-tab-test-'));
  const tabDir = join(root, 'dist');
  await buildTab(tabDir);

  const seededDataDir = join(root, 'seed');
  const env = loadEnv({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: seededDataDir });
  const deps = await createDeps(env);
  try {
    const outcome = await seedOnFirstStart(env, deps);
    if (!outcome.seeded) throw new Error(`demo seed did not run: ${outcome.reason}`);
  } finally {
    await deps.close();
  }
  project.provide('tabDir', tabDir);
  project.provide('seededDataDir', seededDataDir);
  return async () => {
    await rm(root, { recursive: true, force: true });
  };
}
