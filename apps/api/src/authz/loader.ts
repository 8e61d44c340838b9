// Loads the caller's Access once per request (cached on the request's Context) over a per-org snapshot cache.
import type { Context } from 'hono';
import { type Principal, principalOrgId } from '../auth/principal.ts';
import type { AppEnv } from '../context.ts';
import { type Access, createAccess } from './access.ts';
import type { OrgSnapshot } from './snapshot.ts';
import { createSnapshotCache, type SnapshotCacheOptions, type SnapshotSource } from './snapshotCache.ts';

/** Access objects kept per snapshot; beyond it that snapshot's start afresh. */
const MAX_ACCESS_PER_SNAPSHOT = 1_000;

/**
 * Everything createAccess reads from a principal: two principals with the same key get the same Access
 * (an Access is a pure function of principal and snapshot). `\u0000` cannot occur in ids, roles or scopes.
 */
export function principalKey(principal: Principal): string {
  switch (principal.kind) {
    case 'user':
      return `user\u0000${principal.via}\u0000${principal.orgId}\u0000${principal.personId}\u0000${principal.roles.join(',')}`;
    case 'service':
      return `service\u0000${principal.orgId}\u0000${principal.apiKeyId}\u0000${principal.scopes.join(',')}`;
    case 'addon': {
      const u = principal.user;
      return `addon\u0000${principal.apiKeyId}\u0000${u.via}\u0000${u.orgId}\u0000${u.personId}\u0000${u.roles.join(',')}`;
    }
  }
}

/**
 * createAccess, memoised per snapshot: a snapshot is immutable and replaced on every person or
 * department change, so its Access objects (and what they work out lazily: visible people, headed
 * departments) live exactly as long as it does. An inactive caller's refusal is not kept (it throws).
 */
function accessMemo(): (principal: Principal, snapshot: OrgSnapshot) => Access {
  const bySnapshot = new WeakMap<OrgSnapshot, Map<string, Access>>();
  return (principal, snapshot) => {
    let known = bySnapshot.get(snapshot);
    if (known === undefined) {
      known = new Map();
      bySnapshot.set(snapshot, known);
    }
    const key = principalKey(principal);
    let access = known.get(key);
    if (access === undefined) {
      access = createAccess(principal, snapshot);
      if (known.size >= MAX_ACCESS_PER_SNAPSHOT) known.clear();
      known.set(key, access);
    }
    return access;
  };
}

export type AccessLoader = (c: Context<AppEnv>) => Promise<Access>;

/**
 * One Access per request, shared by every `access(c)` call of that request. Its snapshot comes from the
 * per-organisation cache (snapshotCache.ts): dropped on a reported person or department change, or,
 * while change reports are not live, checked against the organisation's seq. Write transactions still
 * re-read with `loadOrgSnapshot(w.tx, …)` to validate structural changes.
 */
export function createAccessLoader(store: SnapshotSource, options: SnapshotCacheOptions = {}): AccessLoader {
  const snapshots = createSnapshotCache(store, options);
  const accessFor = accessMemo();
  const perRequest = new WeakMap<Context, Promise<Access>>();
  return (c) => {
    let access = perRequest.get(c);
    if (!access) {
      const principal = c.get('principal');
      access = snapshots.get(principalOrgId(principal)).then((s) => accessFor(principal, s));
      perRequest.set(c, access);
    }
    return access;
  };
}
