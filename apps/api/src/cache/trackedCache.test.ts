// The tracked cache on a scripted change watch: kept until a relevant change, never across a racing change,
// nothing served or kept while not live, bounded.
import type { ChangeEvent, ChangeListener, ChangeWatch } from '@perfloop/store';
import { describe, expect, it } from 'vitest';
import { createTrackedCache } from './trackedCache.ts';

function scriptedWatch() {
  const listeners = new Set<ChangeListener>();
  let polls = 0;
  const watch: ChangeWatch & { live: boolean } = {
    live: true,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    poll() {
      polls += 1;
    },
    async sync() {},
  };
  return {
    watch,
    report: (event: ChangeEvent) => {
      for (const listener of listeners) listener(event);
    },
    polls: () => polls,
  };
}

describe('createTrackedCache', () => {
  it('keeps an entry until a change of a relevant kind in its organisation is reported', () => {
    const { watch, report, polls } = scriptedWatch();
    const cache = createTrackedCache<string>(watch, ['people']);
    cache.set('org_a', 'a1', 'A', cache.begin());
    cache.set('org_b', 'b1', 'B', cache.begin());
    expect(cache.get('a1')).toBe('A');
    expect(polls()).toBe(1);
    report({ orgId: 'org_a', kinds: ['goals'] });
    expect(cache.get('a1')).toBe('A');
    report({ orgId: 'org_a', kinds: ['goals', 'people'] });
    expect(cache.get('a1')).toBeUndefined();
    expect(cache.get('b1')).toBe('B');
    report({ orgId: 'org_b', kinds: null });
    expect(cache.get('b1')).toBeUndefined();
  });

  it('an unknown organisation (another process, a lost listener) drops everything', () => {
    const { watch, report } = scriptedWatch();
    const cache = createTrackedCache<string>(watch, ['people']);
    cache.set('org_a', 'a1', 'A', cache.begin());
    cache.set('org_b', 'b1', 'B', cache.begin());
    report({ orgId: null, kinds: null });
    expect([cache.get('a1'), cache.get('b1'), cache.size]).toEqual([undefined, undefined, 0]);
  });

  it('keeps nothing loaded across a relevant change (the load may predate it)', () => {
    const { watch, report } = scriptedWatch();
    const cache = createTrackedCache<string>(watch, ['people']);
    const token = cache.begin();
    report({ orgId: 'org_other', kinds: ['people'] });
    cache.set('org_a', 'a1', 'stale?', token);
    expect(cache.get('a1')).toBeUndefined();
    // An irrelevant change does not matter.
    const again = cache.begin();
    report({ orgId: 'org_a', kinds: ['check_ins'] });
    cache.set('org_a', 'a1', 'fresh', again);
    expect(cache.get('a1')).toBe('fresh');
  });

  it('serves and keeps nothing while the watch is not live', () => {
    const { watch } = scriptedWatch();
    const cache = createTrackedCache<string>(watch, ['people']);
    cache.set('org_a', 'a1', 'A', cache.begin());
    watch.live = false;
    expect(cache.get('a1')).toBeUndefined();
    cache.set('org_a', 'a2', 'B', cache.begin());
    watch.live = true;
    expect(cache.get('a2')).toBeUndefined();
  });

  it('starts afresh beyond maxEntries', () => {
    const { watch } = scriptedWatch();
    const cache = createTrackedCache<number>(watch, ['people'], { maxEntries: 2 });
    cache.set('o', 'k1', 1, cache.begin());
    cache.set('o', 'k2', 2, cache.begin());
    cache.set('o', 'k2', 22, cache.begin());
    expect(cache.size).toBe(2);
    cache.set('o', 'k3', 3, cache.begin());
    expect([cache.size, cache.get('k1'), cache.get('k3')]).toEqual([1, undefined, 3]);
  });
});
