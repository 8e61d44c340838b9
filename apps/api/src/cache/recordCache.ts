// Parsed records of one kind, kept until the store reports a change of that kind in their organisation.
import type { ResourceKind, ResourceRecord, Store } from '@perfloop/store';
import { createTrackedCache, type TrackedCacheOptions } from './trackedCache.ts';

export interface CachedRecord<T> {
  record: ResourceRecord;
  entity: T;
}

/**
 * For reads outside transactions of records that change rarely and are parsed often (cycles carry
 * their policy and participants). Same consistency as the tracked cache (trackedCache.ts); a write
 * that depends on the record still checks it inside its transaction (e.g. `version()` against
 * `record.version`). Missing records are not cached. Callers must not modify what they get.
 */
export interface RecordCache<T> {
  get(orgId: string, id: string): Promise<CachedRecord<T> | undefined>;
}

export function createRecordCache<T>(
  store: Store,
  kind: ResourceKind,
  parse: (record: ResourceRecord) => T,
  options: TrackedCacheOptions = {},
): RecordCache<T> {
  const cache = createTrackedCache<CachedRecord<T>>(store.changes, [kind], options);
  return {
    async get(orgId, id) {
      const key = `${orgId}\u0000${id}`;
      const hit = cache.get(key);
      if (hit !== undefined) return hit;
      const token = cache.begin();
      const record = await store.resources(kind).get(orgId, id);
      if (record === undefined) return undefined;
      const entry = { record, entity: parse(record) };
      cache.set(orgId, key, entry, token);
      return entry;
    },
  };
}
