// Seeds the demo organisation on the first start of an empty database (no organisations), never again.
import type { Store } from '@perfloop/store';
import { createApp } from '../app.ts';
import type { IdentityDirectory } from '../auth/identity.ts';
import type { Env } from '../env.ts';
import { createKit } from '../kit/index.ts';
import { createLogger } from '../logger.ts';
import { createRoutes } from '../routes/index.ts';
import { type DemoSeed, seedDemo } from './seed.ts';
import type { SeedClock } from './seedClock.ts';

export type FirstStartOutcome =
  | { seeded: true; ms: number; seed: DemoSeed }
  | { seeded: false; reason: 'not_empty' | 'disabled' };

export interface FirstStartDeps {
  store: Store;
  directory: IdentityDirectory;
  /** The store's clock when it was opened with a seed clock: check-ins are then recorded on the day they were held. */
  clock?: SeedClock;
}

/** True when the database holds no organisation at all. */
export async function isEmptyDatabase(store: Store): Promise<boolean> {
  const { organisations } = await store.organisations.list({ limit: 1 });
  return organisations.length === 0;
}

/**
 * When seeding is on (demo mode, PERFLOOP_SEED not false) and the database is empty, seeds Acme
 * through an in-process app with the same routes and rules as the server. A database with any
 * organisation is left alone, so restarts keep every change.
 */
export async function seedOnFirstStart(env: Env, deps: FirstStartDeps): Promise<FirstStartOutcome> {
  if (!env.seed) return { seeded: false, reason: 'disabled' };
  if (!(await isEmptyDatabase(deps.store))) return { seeded: false, reason: 'not_empty' };
  const app = createApp({
    env,
    directory: deps.directory,
    ready: async () => true,
    logger: createLogger('silent'),
    routes: createRoutes(createKit(deps.store)),
  });
  const started = Date.now();
  const seed = await seedDemo(deps.store, app, deps.clock ? { clock: deps.clock } : {});
  return { seeded: true, ms: Date.now() - started, seed };
}
