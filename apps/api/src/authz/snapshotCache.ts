// Organisation snapshots cached per org, keyed by `organisations.seq`: a primary-key read per request while nothing changed.
import type { Organisation } from '@perfloop/store';
import { loadOrgSnapshot, type OrgSnapshot, type ResourceSource } from './snapshot.ts';

export const DEFAULT_CACHED_ORGS = 100;

/** The store, as far as the cache needs it: resources to load from, the organisation row for its seq. */
export interface SnapshotSource extends ResourceSource {
  readonly organisations: { get(id: string): Promise<Pick<Organisation, 'seq'> | undefined> };
}

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
 * Every audited change (the API writes people and departments only through audited transactions)
 * takes the next value of the organisation's seq in the same commit, so an unchanged seq means an
 * unchanged organisation. The seq lives in the database, so several API instances on one database
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
      return slots.size;
    },
    async get(orgId) {
      const org = await source.organisations.get(orgId);
      // No such organisation: nothing to key on (the snapshot is empty; Access refuses the caller).
      if (org === undefined) return load(source, orgId);
      const cached = slots.get(orgId);
      // A slot tagged with a later seq (another request saw a newer state) is at least as fresh.
      if (cached !== undefined && cached.seq >= org.seq) {
        remember(orgId, cached);
        return cached.snapshot;
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
