// Percentiles by nearest rank and the per-operation figures the LOAD line reports.
import { describe, expect, it } from 'vitest';
import { Metrics, percentile } from './metrics.ts';

describe('percentile', () => {
  it('takes the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 99)).toBe(7);
    expect(percentile([], 50)).toBe(0);
    expect(percentile([1, 2, 3], 0)).toBe(1);
  });
});

describe('Metrics', () => {
  it('counts statuses and latencies per operation and overall', () => {
    const m = new Metrics();
    m.record('read', 200, 10);
    m.record('read', 200, 30);
    m.record('write', 412, 5);
    m.record('write', 500, 100);
    expect(m.requests).toBe(4);
    expect(m.count((s) => s >= 500)).toBe(1);
    expect(m.byOperation()).toEqual({
      read: { requests: 2, p50: 10, p99: 30, max: 30, statuses: { '200': 2 } },
      write: { requests: 2, p50: 5, p99: 100, max: 100, statuses: { '412': 1, '500': 1 } },
    });
    expect(m.overall()).toMatchObject({
      requests: 4,
      p50: 10,
      p99: 100,
      statuses: { '200': 2, '412': 1, '500': 1 },
    });
  });
});
