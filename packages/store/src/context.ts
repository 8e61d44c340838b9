// What every repository is built with: the executor (pool, connection or transaction), clock and guard.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { WroteHook } from './tx-log.ts';
import type { Clock, Engine } from './types.ts';

export interface RepoContext {
  db: Kysely<Database>;
  engine: Engine;
  clock: Clock;
  /** Runs before every call with the organisation it concerns (or null); throws when the call is not allowed. */
  guard: (orgId: string | null) => void;
  /** After every write that took effect (change tracking). */
  wrote?: WroteHook;
}

/** Clamps a page size to 1–1000 (default 100). */
export function pageLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return 100;
  return Math.min(1000, Math.max(1, Math.floor(limit)));
}
