// Loads the caller's Access once per request (cached on the request's Context).
import type { Store } from '@perfloop/store';
import type { Context } from 'hono';
import { principalOrgId } from '../auth/principal.ts';
import type { AppEnv } from '../context.ts';
import { type Access, createAccess } from './access.ts';
import { loadOrgSnapshot } from './snapshot.ts';

export type AccessLoader = (c: Context<AppEnv>) => Promise<Access>;

/**
 * One snapshot load per request, shared by every `access(c)` call of that request. A possible
 * optimisation for large organisations: cache snapshots per org keyed by the org's feed seq
 * (`organisations.seq`), reloading only when it moved.
 */
export function createAccessLoader(store: Store): AccessLoader {
  const perRequest = new WeakMap<Context, Promise<Access>>();
  return (c) => {
    let access = perRequest.get(c);
    if (!access) {
      const principal = c.get('principal');
      access = loadOrgSnapshot(store, principalOrgId(principal)).then((s) => createAccess(principal, s));
      perRequest.set(c, access);
    }
    return access;
  };
}
