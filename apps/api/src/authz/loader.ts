// Loads the caller's Access once per request (cached on the request's Context) over a per-org snapshot cache.
import type { Context } from 'hono';
import { principalOrgId } from '../auth/principal.ts';
import type { AppEnv } from '../context.ts';
import { type Access, createAccess } from './access.ts';
import { createSnapshotCache, type SnapshotCacheOptions, type SnapshotSource } from './snapshotCache.ts';

export type AccessLoader = (c: Context<AppEnv>) => Promise<Access>;

/**
 * One Access per request, shared by every `access(c)` call of that request. Its snapshot comes from a
 * cache keyed by the organisation's seq (one primary-key read per request; a reload only after a
 * change), so it is never older than the last change committed before the request asked. Write
 * transactions still re-read with `loadOrgSnapshot(w.tx, …)` to validate structural changes.
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
