// Tests of recusal: a decision about oneself is refused with the act's code, anyone else's passes.
import { describe, expect, it } from 'vitest';
import { mayDecideAbout, RECUSAL_CODES, type RecusalAct, recusal } from './recusal.ts';

describe('recusal', () => {
  it('refuses every act about oneself with its own stable code, path and details', () => {
    const acts = Object.keys(RECUSAL_CODES) as RecusalAct[];
    for (const act of acts) {
      const r = recusal(act, 'per_a', 'per_a', ['personId']);
      expect(r.ok).toBe(false);
      if (r.ok) continue;
      expect(r.error.code).toBe(RECUSAL_CODES[act]);
      expect(r.error.path).toEqual(['personId']);
      expect(r.error.details).toEqual({ act, subjectId: 'per_a' });
      expect(r.error.message.length).toBeGreaterThan(20);
    }
    expect(new Set(Object.values(RECUSAL_CODES)).size).toBe(acts.length);
    expect(RECUSAL_CODES.calibrate).toBe('own_rating');
  });

  it('lets anyone decide about someone else, and never recuses a non-person actor', () => {
    expect(recusal('calibrate', 'per_a', 'per_b')).toEqual({ ok: true, value: null });
    expect(recusal('resolve_appeal', null, 'per_b').ok).toBe(true);
    expect(mayDecideAbout('per_a', 'per_a')).toBe(false);
    expect(mayDecideAbout('per_a', 'per_b')).toBe(true);
    expect(mayDecideAbout(null, 'per_a')).toBe(true);
  });

  it('leaves the path out when none is given', () => {
    const r = recusal('assess_potential', 'per_a', 'per_a');
    expect(r.ok ? null : r.error.path).toBeUndefined();
  });
});
