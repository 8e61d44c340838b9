// A cache of values that belong to an organisation, dropped when the store reports a change of the kinds they depend on.
import type { ChangeEvent, ChangeWatch } from '@perfloop/store';

export interface TrackedCacheOptions {
  /** Entries kept at most; beyond it the cache starts afresh. Default 10,000. */
  maxEntries?: number;
}

/**
 * Consistency (the store's change watch, see @perfloop/store changes.ts): an entry is served only while
 * the watch is live and no change of one of `kinds` in its organisation was reported since it was
 * loaded. So a change committed through this process is never missed (reported before its commit
 * resolves); on PostgreSQL another instance's change is seen once its notification arrives; on SQLite
 * another process's change is seen at the next poll (`get` polls). Loads race with changes: take a
 * token with `begin()` before loading and pass it to `set()`, which keeps nothing if any relevant
 * change was reported in between.
 */
export interface TrackedCache<V> {
  /** The cached value, or undefined (always undefined while the watch is not live). */
  get(key: string): V | undefined;
  /** Call before loading a value; pass the result to `set`. */
  begin(): number;
  /** Keeps `value` under `key` as part of organisation `orgId` (unless a relevant change came since `token`). */
  set(orgId: string, key: string, value: V, token: number): void;
  /** Entries currently kept. */
  readonly size: number;
}

export function createTrackedCache<V>(
  changes: ChangeWatch,
  kinds: readonly string[],
  options: TrackedCacheOptions = {},
): TrackedCache<V> {
  const maxEntries = Math.max(1, options.maxEntries ?? 10_000);
  const relevant = new Set(kinds);
  const values = new Map<string, V>();
  const keysByOrg = new Map<string, Set<string>>();
  /** Bumped by every relevant change: a load that saw it move keeps nothing. */
  let epoch = 0;

  const clear = (): void => {
    values.clear();
    keysByOrg.clear();
  };

  changes.subscribe((event: ChangeEvent) => {
    if (event.kinds !== null && !event.kinds.some((k) => relevant.has(k))) return;
    epoch += 1;
    if (event.orgId === null) {
      clear();
      return;
    }
    const keys = keysByOrg.get(event.orgId);
    if (keys === undefined) return;
    for (const key of keys) values.delete(key);
    keysByOrg.delete(event.orgId);
  });

  return {
    get(key) {
      changes.poll();
      return changes.live ? values.get(key) : undefined;
    },
    begin() {
      return epoch;
    },
    set(orgId, key, value, token) {
      if (token !== epoch || !changes.live) return;
      if (!values.has(key) && values.size >= maxEntries) clear();
      values.set(key, value);
      let keys = keysByOrg.get(orgId);
      if (keys === undefined) {
        keys = new Set();
        keysByOrg.set(orgId, keys);
      }
      keys.add(key);
    },
    get size() {
      return values.size;
    },
  };
}
