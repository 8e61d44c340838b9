// Resource ids: the documented format, unique, and increasing within a process (inserts append to indexes); opaque ids carry no time.
import { describe, expect, it } from 'vitest';
import { newId, newOpaqueId } from './ids.ts';

describe('newId', () => {
  it('is <prefix>_<16 base36 characters>, unique and increasing, also within one millisecond', () => {
    const ids = Array.from({ length: 50_000 }, () => newId('chk'));
    for (const id of ids) expect(id).toMatch(/^chk_[0-9a-z]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
    expect([...ids].sort()).toEqual(ids);
  });

  it('starts with the creation time', () => {
    const before = Date.now();
    const id = newId('per');
    const ms = Number.parseInt(id.slice(4, 14), 36);
    expect(ms).toBeGreaterThanOrEqual(before);
    expect(ms).toBeLessThanOrEqual(Date.now());
  });
});

describe('newOpaqueId', () => {
  it('has the same format, is unique, and carries no time: not ordered by creation, no creation time in it', () => {
    const ids = Array.from({ length: 20_000 }, () => newOpaqueId('rev'));
    for (const id of ids) expect(id).toMatch(/^rev_[0-9a-z]{16}$/);
    expect(new Set(ids).size).toBe(ids.length);
    // Made one after the other, yet about half of the neighbours are out of order (time-ordered ids never are).
    const descending = ids.slice(1).filter((id, i) => id < (ids[i] as string)).length;
    expect(descending / (ids.length - 1)).toBeGreaterThan(0.45);
    expect(descending / (ids.length - 1)).toBeLessThan(0.55);
    // The first 10 characters are no timestamp near now: every character is spread over all 36.
    const now = Date.now();
    const near = ids.filter((id) => Math.abs(Number.parseInt(id.slice(4, 14), 36) - now) < 86_400_000 * 365);
    expect(near.length).toBeLessThan(5);
    const firsts = new Set(ids.map((id) => id[4]));
    expect(firsts.size).toBe(36);
  });
});
