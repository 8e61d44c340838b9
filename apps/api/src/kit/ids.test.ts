// Resource ids: the documented format, unique, and increasing within a process (inserts append to indexes).
import { describe, expect, it } from 'vitest';
import { newId } from './ids.ts';

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
