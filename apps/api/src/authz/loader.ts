// Loads the caller's Access once per request (cached on the request's Context) over a per-org snapshot cache.
import type { Context } from 'hono';
import { principalOrgId } from '../auth/principal.ts';
import type { AppEnv } from '../context.ts';
import { type Access, createAccess } from './access.ts';
import { createSnapshotCache, type SnapshotCacheOptions, type SnapshotSource } from './snapshotCache.ts';

export type AccessLoader = (c: Context<AppEnv>) => Promise<Access>;

/**
 * One Access per request, shared by every `access(c)` call of that request. Its snapshot comes from the
 * per-organisation cache (snapshotCache.ts): dropped on a reported person or department change, or,
 * while change reports are not live, checked against the organisation's seq. Write transactions still
 * re-read with `loadOrgSnapshot(w.tx, …)` to validate structural changes.
 */
export function createAccessLoader(store: SnapshotSource, options: SnapshotCacheOptions = {}): AccessLoader {
  const snapshots = createSnapshotCache(store, options);
  const perRequest = new WeakMap<Context, Promise<Access>>();
  return (c) => {
    let access = perRequest.get(c);
    if (!access) {
      const principal = c.get('principal');
      access = snapshots.get(principalOrgId(principal)).then((s) => createAccess(principal, s));
      perRequest.set(c, access);
    }
    return access;
  };
}
