// The worker's state commits in batches the API accepts: at most 500 writes and MAX_BATCH_BYTES of JSON each, in order.
import { describe, expect, it } from 'vitest';
import type { StateWrite } from '../perfloop/api.ts';
import { MAX_BATCH_BYTES, stateBatches } from './state.ts';

const write = (i: number, noteIds = 0): StateWrite => ({
  key: `goal:gol_${String(i).padStart(6, '0')}`,
  ifVersion: i,
  value: {
    pageId: `page-${i}`,
    notes: Array.from({ length: noteIds }, (_, n) => `chk_${i}_${n}_00mxcdp4m9ho7h5k`),
  },
});
const bytes = (batch: readonly StateWrite[]) => batch.reduce((n, w) => n + JSON.stringify(w).length + 1, 0);

describe('stateBatches', () => {
  it('splits by count: 1,200 small writes go as 500, 500 and 200, in order', () => {
    const writes = Array.from({ length: 1_200 }, (_, i) => write(i));
    const batches = stateBatches(writes);
    expect(batches.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(batches.flat()).toEqual(writes);
  });

  it('splits by size: goal states carrying many noted check-ins stay under the byte budget per request', () => {
    // ~40 KB each: 500 of them would be ~20 MB, far over the API's 1 MiB body limit.
    const writes = Array.from({ length: 60 }, (_, i) => write(i, 1_200));
    const batches = stateBatches(writes);
    expect(batches.length).toBeGreaterThan(1);
    for (const b of batches) expect(bytes(b)).toBeLessThanOrEqual(MAX_BATCH_BYTES);
    expect(batches.flat()).toEqual(writes);
  });

  it('sends a write bigger than the budget on its own rather than dropping it', () => {
    const writes = [write(1), write(2, 20_000), write(3)];
    const batches = stateBatches(writes);
    expect(batches).toEqual([[writes[0]], [writes[1]], [writes[2]]]);
  });
});
