// Organisation snapshots cached per org: kept until the store reports a person or department change (no read per
// request), or, while change reports are not live, keyed by `organisations.seq` (a primary-key read per request).
import type { ChangeWatch, Organisation } from '@perfloop/store';
import { createTrackedCache } from '../cache/trackedCache.ts';
import { loadOrgSnapshot, type OrgSnapshot, type ResourceSource } from './snapshot.ts';

export const DEFAULT_CACHED_ORGS = 100;

/** The store, as far as the cache needs it: resources to load from, the organisation row for its seq. */
export interface SnapshotSource extends ResourceSource {
  readonly organisations: { get(id: string): Promise<Pick<Organisation, 'seq'> | undefined> };
  /** When given, a moved seq only reloads if people or departments changed in between. */
  readonly feed?: {
    anyOfKinds(
      orgId: string,
      range: { after: number; upTo: number },
      kinds: readonly string[],
    ): Promise<boolean>;
  };
  /**
   * When given (the store's change watch) and live, a snapshot is reused until a person or department
   * change of its organisation is reported: no database read per request.
   */
  readonly changes?: ChangeWatch;
}

/** The resource kinds a snapshot is built from: only their changes make a cached snapshot stale. */
export const SNAPSHOT_KINDS: readonly string[] = ['people', 'departments'];

export interface SnapshotCacheOptions {
  /** Organisations kept, least recently used dropped first; default 100. */
  maxOrgs?: number;
  /** How a snapshot is loaded; default `loadOrgSnapshot` (tests count the loads). */
  load?: (source: ResourceSource, orgId: string) => Promise<OrgSnapshot>;
}

export interface SnapshotCache {
  /** The organisation as of at least its current seq: cached while the seq has not moved, else reloaded. */
  get(orgId: string): Promise<OrgSnapshot>;
  /** Organisations currently cached. */
  readonly size: number;
}

interface Slot {
  /** The seq read before the load began: the snapshot holds every change up to it (maybe a few more). */
  seq: number;
  snapshot: Promise<OrgSnapshot>;
}

/**
 * While the store's change watch is live (always on SQLite; on PostgreSQL while its LISTEN connection
 * is up), a snapshot is kept until a person or department change of its organisation is reported:
 * this process's own changes before their commit resolves, other instances' once their notification
 * arrives (see cache/trackedCache.ts). Otherwise, the seq rule below applies.
 *
 * Every audited change (the API writes people and departments only through audited transactions)
 * takes the next value of the organisation's seq in the same commit, so an unchanged seq means an
 * unchanged organisation; a moved seq whose feed events since the cached one name no person or
 * department leaves the snapshot valid too (one indexed probe instead of a reload). The seq lives in the database, so several API instances on one database
 * each keep their own cache and still see each other's changes on the next request.
 */
export function createSnapshotCache(
  source: SnapshotSource,
  options: SnapshotCacheOptions = {},
): SnapshotCache {
  const maxOrgs = Math.max(1, options.maxOrgs ?? DEFAULT_CACHED_ORGS);
  const load = options.load ?? loadOrgSnapshot;
  /** In least- to most-recently-used order (a Map keeps insertion order). */
  const slots = new Map<string, Slot>();
  const { changes } = source;
  const tracked =
    changes === undefined
      ? undefined
      : createTrackedCache<OrgSnapshot>(changes, SNAPSHOT_KINDS, { maxEntries: maxOrgs });
  /** Loads in progress while changes are tracked, shared by the requests of one epoch. */
  const loading = new Map<string, { token: number; snapshot: Promise<OrgSnapshot> }>();

  /** Change reports are live: the cached snapshot, else one load shared by concurrent callers. */
  const tracking = async (orgId: string): Promise<OrgSnapshot> => {
    const cache = tracked as NonNullable<typeof tracked>;
    const hit = cache.get(orgId);
    if (hit !== undefined) return hit;
    const token = cache.begin();
    const pending = loading.get(orgId);
    if (pending !== undefined && pending.token === token) return pending.snapshot;
    const snapshot = load(source, orgId);
    const entry = { token, snapshot };
    loading.set(orgId, entry);
    const done = () => {
      if (loading.get(orgId) === entry) loading.delete(orgId);
    };
    snapshot.then((value) => {
      done();
      // An organisation without people does not exist (yet): nothing worth keeping.
      if (value.people.size > 0) cache.set(orgId, orgId, value, token);
    }, done);
    return snapshot;
  };

  const remember = (orgId: string, slot: Slot): void => {
    slots.delete(orgId);
    slots.set(orgId, slot);
    for (const oldest of slots.keys()) {
      if (slots.size <= maxOrgs) break;
      slots.delete(oldest);
    }
  };

  return {
    get size() {
      return slots.size + (tracked?.size ?? 0);
    },
    async get(orgId) {
      changes?.poll();
      if (changes?.live === true) return tracking(orgId);
      const org = await source.organisations.get(orgId);
      // No such organisation: nothing to key on (the snapshot is empty; Access refuses the caller).
      if (org === undefined) return load(source, orgId);
      const cached = slots.get(orgId);
      // A slot tagged with a later seq (another request saw a newer state) is at least as fresh.
      if (cached !== undefined && cached.seq >= org.seq) {
        remember(orgId, cached);
        return cached.snapshot;
      }
      // The seq moved: when no person or department changed since, the snapshot still holds (every
      // change emits its feed event in the same commit that takes its seq).
      if (
        cached !== undefined &&
        source.feed !== undefined &&
        !(await source.feed.anyOfKinds(orgId, { after: cached.seq, upTo: org.seq }, SNAPSHOT_KINDS))
      ) {
        const fresh = slots.get(orgId);
        // Another request may have tagged a newer state meanwhile; keep the freshest tag.
        const slot: Slot =
          fresh !== undefined && fresh.seq >= org.seq ? fresh : { seq: org.seq, snapshot: cached.snapshot };
        remember(orgId, slot);
        return slot.snapshot;
      }
      // Concurrent requests on the same seq share this one load.
      const slot: Slot = { seq: org.seq, snapshot: load(source, orgId) };
      remember(orgId, slot);
      slot.snapshot.catch(() => {
        if (slots.get(orgId) === slot) slots.delete(orgId);
      });
      return slot.snapshot;
    },
  };
}
