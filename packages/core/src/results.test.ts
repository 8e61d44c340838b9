// Tests for result application: bonus pool, merit, promotion, improvement plans and development items.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { POLICY_PRESETS, type Policy, policyFromPreset } from './policy.ts';
import { unwrap } from './result.ts';
import {
  allocateBonusPool,
  BonusAllocationSchema,
  type BonusPersonInput,
  bonusMultiplier,
  compaBand,
  DevelopmentItemSchema,
  developmentItems,
  developmentType,
  ImprovementPlanSchema,
  improvementPlanTriggers,
  MeritAllocationSchema,
  meritIncreases,
  PromotionNominationsSchema,
  promotionNominations,
  TargetReviewSchema,
} from './results.ts';

/** Multipliers 1→0, 2→0.5, 3→1, 4→1.5, 5→2; cap 2× target. */
const policy: Policy = policyFromPreset('incentive', {
  bonusPool: { enabled: true, multipliers: { '1': 0, '2': 0.5, '3': 1, '4': 1.5, '5': 2 }, capMultiple: 2 },
});

const team: BonusPersonInput[] = [
  { personId: 'a', targetBonusCents: 10_000, rating: 3 }, // raw 10 000, cap 20 000
  { personId: 'b', targetBonusCents: 10_000, rating: 5 }, // raw 20 000, cap 20 000
  { personId: 'c', targetBonusCents: 20_000, rating: 2 }, // raw 10 000, cap 40 000
  { personId: 'd', targetBonusCents: 5_000, rating: 1 }, // multiplier 0: raw 0
];

const amounts = (lines: { personId: string; amountCents: number }[]) =>
  Object.fromEntries(lines.map((l) => [l.personId, l.amountCents]));

describe('allocateBonusPool — worked examples', () => {
  it('fill scales down proportionally when no bound binds', () => {
    // Σraw = 10 000 + 20 000 + 10 000 + 0 = 40 000; pool 30 000 → s = 30 000 / 40 000 = 0.75.
    // a = 7 500, b = 15 000, c = 7 500, d = 0 (all below caps 20 000 / 20 000 / 40 000).
    const r = unwrap(allocateBonusPool({ poolCents: 30_000, people: team, mode: 'fill' }, policy));
    expect(BonusAllocationSchema.safeParse(r).success).toBe(true);
    expect(r.scale).toBe(0.75);
    expect(amounts(r.people)).toEqual({ a: 7_500, b: 15_000, c: 7_500, d: 0 });
    expect(r.allocatedCents).toBe(30_000);
    expect(r.unallocatedCents).toBe(0);
    expect(r.people.map((l) => l.cappedOrFloored)).toEqual([null, null, null, null]);
    expect(r.people[1]).toMatchObject({
      multiplier: 2,
      rawCents: 20_000,
      scaledCents: 15_000,
      capCents: 20_000,
    });
  });

  it('fill re-solves the scale when a cap binds', () => {
    // Pool 50 000: s = 1.25 would give b 25 000 > cap 20 000. With b capped:
    // 10 000·s (a) + 20 000 (b) + 10 000·s (c) = 50 000 → s = 30 000 / 20 000 = 1.5.
    // a = 15 000 ≤ 20 000, c = 15 000 ≤ 40 000, b = 20 000 (cap).
    const r = unwrap(allocateBonusPool({ poolCents: 50_000, people: team, mode: 'fill' }, policy));
    expect(r.scale).toBe(1.5);
    expect(amounts(r.people)).toEqual({ a: 15_000, b: 20_000, c: 15_000, d: 0 });
    expect(r.people[1]?.cappedOrFloored).toBe('cap');
    expect(r.cappedCount).toBe(1);
    expect(r.allocatedCents).toBe(50_000);
  });

  it('fill stops at the caps when the pool is larger than all caps', () => {
    // Caps total 20 000 + 20 000 + 40 000 = 80 000 < pool 100 000 → everyone at cap, 20 000 unallocated.
    // Scale = the smallest s that caps everyone = max(20 000/10 000, 20 000/20 000, 40 000/10 000) = 4.
    const r = unwrap(allocateBonusPool({ poolCents: 100_000, people: team, mode: 'fill' }, policy));
    expect(amounts(r.people)).toEqual({ a: 20_000, b: 20_000, c: 40_000, d: 0 });
    expect(r.allocatedCents).toBe(80_000);
    expect(r.unallocatedCents).toBe(20_000);
    expect(r.scale).toBe(4);
    expect(r.cappedCount).toBe(3);
  });

  it('fit never scales up, and scales down like fill when the pool is short', () => {
    // Σraw 40 000 ≤ pool 50 000 → s = 1, paid exactly the raw amounts, 10 000 unallocated.
    const up = unwrap(allocateBonusPool({ poolCents: 50_000, people: team, mode: 'fit' }, policy));
    expect(up.scale).toBe(1);
    expect(amounts(up.people)).toEqual({ a: 10_000, b: 20_000, c: 10_000, d: 0 });
    expect(up.unallocatedCents).toBe(10_000);
    // Pool 30 000 < 40 000 → s = 0.75 exactly as in the fill example.
    const down = unwrap(allocateBonusPool({ poolCents: 30_000, people: team, mode: 'fit' }, policy));
    expect(down.scale).toBe(0.75);
    expect(amounts(down.people)).toEqual({ a: 7_500, b: 15_000, c: 7_500, d: 0 });
  });

  it('respects floors, ignores floors for multiplier 0, and rounds by largest remainder', () => {
    // a floor 9 000, d floor 1 000 (but d's multiplier is 0 → d gets 0, floor not counted). Pool 20 000:
    // a at floor: 9 000 + (20 000 + 10 000)·s = 20 000 → s = 11 000 / 30 000 = 0.36667 (a's 3 666.7 < 9 000 ✓).
    // b = 20 000 · 11/30 = 7 333.33…, c = 10 000 · 11/30 = 3 666.66…
    // ⌊⌋: 9 000 + 7 333 + 3 666 = 19 999 → 1 cent left → largest remainder c (.67 > .33) → c = 3 667.
    const people = team.map((p) =>
      p.personId === 'a' ? { ...p, floorCents: 9_000 } : p.personId === 'd' ? { ...p, floorCents: 1_000 } : p,
    );
    const r = unwrap(allocateBonusPool({ poolCents: 20_000, people, mode: 'fill' }, policy));
    expect(amounts(r.people)).toEqual({ a: 9_000, b: 7_333, c: 3_667, d: 0 });
    expect(r.people[0]?.cappedOrFloored).toBe('floor');
    expect(r.flooredCount).toBe(1);
    expect(r.people[3]).toMatchObject({ floorCents: 0, amountCents: 0, cappedOrFloored: null });
    expect(r.scale).toBeCloseTo(11 / 30, 8);
    expect(r.trace).toContain('Allocated 20000 cents');
  });

  it('breaks remainder ties by personId, not by input position', () => {
    // Three equal raws of 100, pool 100 → 33.33… each; ⌊⌋ = 99, 1 cent left, all remainders equal → 'a'.
    const people = ['c', 'a', 'b'].map((personId) => ({ personId, targetBonusCents: 100, rating: 3 }));
    const r = unwrap(allocateBonusPool({ poolCents: 100, people, mode: 'fit' }, policy));
    expect(r.people.map((l) => [l.personId, l.amountCents])).toEqual([
      ['c', 33],
      ['a', 34],
      ['b', 33],
    ]);
  });

  it('ties mathematically equal remainders despite float noise, smaller personId first', () => {
    // Targets 800 000 / 320 000 / 80 000 at multiplier 1: Σraw 1 200 000, pool 1 100 000 → s = 11/12.
    // Exact: 733 333.33…, 293 333.33…, 73 333.33… — every remainder is exactly 1/3 of a cent.
    // ⌊⌋ sum 1 099 999 → 1 cent left; a three-way tie → the smallest personId gets it, wherever the
    // amounts sit. (In floats the 73 333.33… remainder is the largest, so noise used to pick it.)
    for (const targets of [
      [800_000, 320_000, 80_000],
      [320_000, 800_000, 80_000],
      [80_000, 320_000, 800_000],
    ]) {
      const people = targets.map((t, i) => ({
        personId: ['a', 'b', 'c'][i] as string,
        targetBonusCents: t,
        rating: 3,
      }));
      const r = unwrap(allocateBonusPool({ poolCents: 1_100_000, people, mode: 'fill' }, policy));
      const want = targets.map((t, i) => Math.floor((t * 11) / 12) + (i === 0 ? 1 : 0));
      expect(r.people.map((l) => l.amountCents)).toEqual(want);
    }
  });

  it('pays fractional raw amounts in fit mode without exceeding their total', () => {
    // Rating 4 (1.5×) on target 101 → raw 151.5 each; Σ = 303 ≤ pool 1 000 → s = 1, allocated ⌊303⌋ = 303.
    // ⌊151.5⌋ = 151 each = 302 → 1 cent to the tie winner 'x' (x < y).
    const people = ['y', 'x'].map((personId) => ({ personId, targetBonusCents: 101, rating: 4 }));
    const r = unwrap(allocateBonusPool({ poolCents: 1_000, people, mode: 'fit' }, policy));
    expect(amounts(r.people)).toEqual({ x: 152, y: 151 });
    expect(r.allocatedCents).toBe(303);
    expect(r.people[0]?.rawCents).toBe(151.5);
  });

  it('computes caps without float noise', () => {
    // 100 × 1.15 is 114.99999999999999 in floating point; the cap must still be 115 cents.
    const control = policyFromPreset('control', {
      bonusPool: { enabled: true, multipliers: { '3': 1 }, capMultiple: 1.15 },
    });
    const people = [{ personId: 'p', targetBonusCents: 100, rating: 3 }];
    const r = unwrap(allocateBonusPool({ poolCents: 1_000, people, mode: 'fill' }, control));
    expect(r.people[0]).toMatchObject({ capCents: 115, amountCents: 115, cappedOrFloored: 'cap' });
  });

  it('rejects floors above the pool, floors above caps, duplicates and a disabled pool', () => {
    // Floors a 9 000 + b 5 000 = 14 000 > pool 13 000.
    const floors = team.map((p) =>
      p.personId === 'a' ? { ...p, floorCents: 9_000 } : p.personId === 'b' ? { ...p, floorCents: 5_000 } : p,
    );
    const below = allocateBonusPool({ poolCents: 13_000, people: floors, mode: 'fill' }, policy);
    expect(below.ok ? null : below.error).toMatchObject({
      code: 'pool_below_floors',
      details: { poolCents: 13_000, floorsCents: 14_000 },
    });
    // a's cap is 2 × 10 000 = 20 000 < floor 20 001.
    const overCap = allocateBonusPool(
      {
        poolCents: 50_000,
        people: [{ ...team[0], personId: 'a', floorCents: 20_001 }] as BonusPersonInput[],
        mode: 'fit',
      },
      policy,
    );
    expect(overCap.ok ? null : overCap.error.code).toBe('floor_above_cap');
    const dup = allocateBonusPool(
      { poolCents: 1, people: [...team, team[0] as BonusPersonInput], mode: 'fit' },
      policy,
    );
    expect(dup.ok ? null : dup.error).toMatchObject({
      code: 'duplicate_person',
      path: ['people', 4, 'personId'],
    });
    const off = policyFromPreset('control', { bonusPool: { ...policy.bonusPool, enabled: false } });
    const disabled = allocateBonusPool({ poolCents: 1, people: team, mode: 'fit' }, off);
    expect(disabled.ok ? null : disabled.error.code).toBe('bonus_pool_disabled');
  });

  it('handles nobody eligible and an empty list', () => {
    const zero = unwrap(
      allocateBonusPool(
        { poolCents: 500, people: [{ personId: 'z', targetBonusCents: 9, rating: 1 }], mode: 'fill' },
        policy,
      ),
    );
    expect(zero).toMatchObject({ allocatedCents: 0, unallocatedCents: 500 });
    expect(unwrap(allocateBonusPool({ poolCents: 0, people: [], mode: 'fill' }, policy)).people).toEqual([]);
  });

  it('splits a 100 000-person pool exactly', () => {
    // Targets 100 007 … 200 007 cents (never multiples of 4, so raws are fractional), ratings cycle 1–5,
    // pool = 1.3 × Σtarget: some people hit their cap; the parts must still sum to the pool exactly.
    const people = Array.from({ length: 100_000 }, (_, i) => ({
      personId: `p${i}`,
      targetBonusCents: 100_007 + (i % 5) * 25_000,
      rating: 1 + ((i * 7) % 5),
      ...(i % 10 === 0 ? { floorCents: 50_000 } : {}),
    }));
    const pool = Math.floor(people.reduce((a, p) => a + p.targetBonusCents, 0) * 1.3);
    const r = unwrap(allocateBonusPool({ poolCents: pool, people, mode: 'fill' }, POLICY_PRESETS.incentive));
    let sum = 0;
    for (const l of r.people) sum += l.amountCents;
    expect(sum).toBe(pool);
    expect(r.allocatedCents).toBe(pool);
  });
});

/** Random people with unique ids, fractional raws, missing multipliers (ratings 0 and 6) and floors. */
const bonusCase = fc
  .record({
    people: fc.array(
      fc.record({
        target: fc.integer({ min: 0, max: 2_000_000 }),
        rating: fc.integer({ min: 0, max: 6 }),
        floorShare: fc.option(fc.double({ min: 0, max: 1, noNaN: true }), { nil: undefined }),
      }),
      { minLength: 0, maxLength: 40 },
    ),
    capMultiple: fc.constantFrom(0.5, 1, 1.15, 1.5, 2, 3.3),
    theme: fc.constantFrom('incentive' as const, 'control' as const),
    poolShare: fc.double({ min: 0, max: 4, noNaN: true }),
    mode: fc.constantFrom('fit' as const, 'fill' as const),
  })
  .map(({ people, capMultiple, theme, poolShare, mode }) => {
    const pol = policyFromPreset(theme, { bonusPool: { ...POLICY_PRESETS[theme].bonusPool, capMultiple } });
    const input: BonusPersonInput[] = people.map((p, i) => {
      const cap = Math.floor(p.target * capMultiple + 1e-7);
      return {
        personId: `p${(i * 7919) % 1000}-${i}`,
        targetBonusCents: p.target,
        rating: p.rating,
        ...(p.floorShare === undefined ? {} : { floorCents: Math.floor(cap * p.floorShare * 0.6) }),
      };
    });
    const totalTarget = people.reduce((a, p) => a + p.target, 0);
    return { pol, input, mode, poolCents: Math.floor(totalTarget * poolShare) };
  });

describe('allocateBonusPool — properties', () => {
  it('sums exactly, never exceeds the pool, keeps every part within [floor, cap] and near its exact share', () => {
    fc.assert(
      fc.property(bonusCase, ({ pol, input, mode, poolCents }) => {
        const res = allocateBonusPool({ poolCents, people: input, mode }, pol);
        const floors = input.reduce(
          (a, p) => a + (bonusMultiplier(p.rating, pol) > 0 ? (p.floorCents ?? 0) : 0),
          0,
        );
        if (floors > poolCents) {
          expect(res.ok ? null : res.error.code).toBe('pool_below_floors');
          return;
        }
        const r = unwrap(res);
        let sum = 0;
        let allCapped = true;
        for (const [i, l] of r.people.entries()) {
          const p = input[i] as BonusPersonInput;
          const m = bonusMultiplier(p.rating, pol);
          const cap = m > 0 ? Math.floor(p.targetBonusCents * pol.bonusPool.capMultiple + 1e-7) : 0;
          const floor = m > 0 ? (p.floorCents ?? 0) : 0;
          expect(l.personId).toBe(p.personId);
          expect(Number.isInteger(l.amountCents)).toBe(true);
          expect(l.amountCents).toBeGreaterThanOrEqual(floor);
          expect(l.amountCents).toBeLessThanOrEqual(cap);
          // Within one cent of the exact clamped share (scale is reported to 8 decimals).
          const exact = Math.min(cap, Math.max(floor, p.targetBonusCents * m * r.scale));
          expect(Math.abs(l.amountCents - exact)).toBeLessThan(1 + p.targetBonusCents * m * 1e-8 + 1e-6);
          if (m > 0 && p.targetBonusCents > 0 && l.amountCents < cap) allCapped = false;
          sum += l.amountCents;
        }
        expect(sum).toBe(r.allocatedCents);
        expect(r.allocatedCents).toBeLessThanOrEqual(poolCents);
        expect(r.allocatedCents + r.unallocatedCents).toBe(poolCents);
        if (mode === 'fill') expect(r.allocatedCents === poolCents || allCapped).toBe(true);
        if (mode === 'fit') expect(r.scale).toBeLessThanOrEqual(1);
      }),
      { numRuns: 400 },
    );
  });

  it('fit allocates min(pool, ⌊Σ clamp(raw, floor, cap)⌋)', () => {
    fc.assert(
      fc.property(bonusCase, ({ pol, input, poolCents }) => {
        const res = allocateBonusPool({ poolCents, people: input, mode: 'fit' }, pol);
        if (!res.ok) return;
        let atOne = 0;
        for (const p of input) {
          const m = bonusMultiplier(p.rating, pol);
          if (m === 0) continue;
          const cap = Math.floor(p.targetBonusCents * pol.bonusPool.capMultiple + 1e-7);
          atOne += Math.min(cap, Math.max(p.floorCents ?? 0, p.targetBonusCents * m));
        }
        expect(res.value.allocatedCents).toBe(Math.min(poolCents, Math.floor(atOne + 1e-7)));
      }),
      { numRuns: 300 },
    );
  });

  it('a higher rating never gets a lower raw amount or payout for the same target', () => {
    fc.assert(
      fc.property(
        fc.constantFrom('incentive' as const, 'control' as const),
        fc.array(
          fc.tuple(
            fc.integer({ min: 0, max: 1_000_000 }),
            fc.integer({ min: 1, max: 5 }),
            fc.integer({ min: 1, max: 5 }),
          ),
          {
            minLength: 1,
            maxLength: 20,
          },
        ),
        fc.double({ min: 0, max: 3, noNaN: true }),
        fc.constantFrom('fit' as const, 'fill' as const),
        (theme, pairs, poolShare, mode) => {
          const pol = POLICY_PRESETS[theme];
          const people = pairs.flatMap(([target, r1, r2], i) => [
            { personId: `lo${i}`, targetBonusCents: target, rating: Math.min(r1, r2) },
            { personId: `hi${i}`, targetBonusCents: target, rating: Math.max(r1, r2) },
          ]);
          const pool = Math.floor(people.reduce((a, p) => a + p.targetBonusCents, 0) * poolShare);
          const r = unwrap(allocateBonusPool({ poolCents: pool, people, mode }, pol));
          for (let i = 0; i < pairs.length; i++) {
            const lo = r.people[2 * i];
            const hi = r.people[2 * i + 1];
            if (!lo || !hi) throw new Error('missing line');
            expect(hi.multiplier).toBeGreaterThanOrEqual(lo.multiplier);
            expect(hi.rawCents).toBeGreaterThanOrEqual(lo.rawCents);
            expect(hi.amountCents).toBeGreaterThanOrEqual(lo.amountCents);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('meritIncreases', () => {
  const merit = POLICY_PRESETS.control.merit; // bands [0.9, 1.1]; '2' [1, 0.5, 0], '3' [4, 3, 2], '4' [6, 4.5, 3], '5' [8, 6, 4]
  const staff = [
    // compa 0.8 → band 0; rating 4 → 6% → raw 8 000 000 × 6% = 480 000
    { personId: 'a', salaryCents: 8_000_000, bandMidpointCents: 10_000_000, rating: 4 },
    // compa 1.0 → band 1; rating 3 → 3% → 300 000
    { personId: 'b', salaryCents: 10_000_000, bandMidpointCents: 10_000_000, rating: 3 },
    // compa 1.2 → band 2; rating 5 → 4% → 480 000
    { personId: 'c', salaryCents: 12_000_000, bandMidpointCents: 10_000_000, rating: 5 },
    // compa 0.9 → band 1 (bounds are exclusive); rating 2 → 0.5% → 45 000
    { personId: 'd', salaryCents: 9_000_000, bandMidpointCents: 10_000_000, rating: 2 },
  ];

  it('pays the matrix when it fits the budget (never scales up)', () => {
    // Σraw = 480 000 + 300 000 + 480 000 + 45 000 = 1 305 000 ≤ 2 000 000 → scale 1, 695 000 left.
    const r = unwrap(meritIncreases({ budgetCents: 2_000_000, people: staff }, POLICY_PRESETS.control));
    expect(MeritAllocationSchema.safeParse(r).success).toBe(true);
    expect(merit.compaBands).toEqual([0.9, 1.1]);
    expect(r.people.map((l) => [l.band, l.matrixPercent, l.amountCents])).toEqual([
      [0, 6, 480_000],
      [1, 3, 300_000],
      [2, 4, 480_000],
      [1, 0.5, 45_000],
    ]);
    expect(r).toMatchObject({
      scale: 1,
      allocatedCents: 1_305_000,
      unallocatedCents: 695_000,
      rawTotalCents: 1_305_000,
    });
    expect(r.people[2]).toMatchObject({ compaRatio: 1.2, effectivePercent: 4 });
  });

  it('scales down proportionally to the budget with exact cents', () => {
    // Budget 1 000 000 → s = 1 000 000 / 1 305 000 = 0.76628352…
    // a = 480 000 / 1.305 = 367 816.09, b = 229 885.06, c = 367 816.09, d = 34 482.76.
    // ⌊⌋ sum = 367 816 + 229 885 + 367 816 + 34 482 = 999 999 → 1 cent to the largest remainder (d, .76).
    const r = unwrap(meritIncreases({ budgetCents: 1_000_000, people: staff }, POLICY_PRESETS.control));
    expect(r.people.map((l) => l.amountCents)).toEqual([367_816, 229_885, 367_816, 34_483]);
    expect(r.allocatedCents).toBe(1_000_000);
    expect(r.scale).toBeCloseTo(1 / 1.305, 8);
    // d: 34 483 / 9 000 000 × 100 = 0.38314…% → 0.3831.
    expect(r.people[3]?.effectivePercent).toBe(0.3831);
  });

  it('ties mathematically equal remainders despite float noise, smaller personId first', () => {
    // Rating 3, midpoint 30 000 000 → compa < 0.9 → band 0 → 4%: raws 800 000, 320 000, 80 000 (Σ 1 200 000).
    // Budget 1 100 000 → s = 11/12: 733 333.33…, 293 333.33…, 73 333.33…, all remainders 1/3 of a cent;
    // ⌊⌋ sum 1 099 999 → the 1 cent left goes to the smallest personId of the tie, 'k'.
    const people = [
      { personId: 'm', salaryCents: 20_000_000, bandMidpointCents: 30_000_000, rating: 3 },
      { personId: 'l', salaryCents: 2_000_000, bandMidpointCents: 30_000_000, rating: 3 },
      { personId: 'k', salaryCents: 8_000_000, bandMidpointCents: 30_000_000, rating: 3 },
    ];
    const r = unwrap(meritIncreases({ budgetCents: 1_100_000, people }, POLICY_PRESETS.control));
    expect(r.people.map((l) => [l.personId, l.amountCents])).toEqual([
      ['m', 733_333],
      ['l', 73_333],
      ['k', 293_334],
    ]);
  });

  it('bands by exclusive upper bounds and rejects bad amounts and duplicates', () => {
    expect([0.8999, 0.9, 1.0999, 1.1, 2].map((c) => compaBand(c, [0.9, 1.1]))).toEqual([0, 1, 1, 2, 2]);
    const zeroMid = meritIncreases(
      { budgetCents: 1, people: [{ personId: 'z', salaryCents: 1, bandMidpointCents: 0, rating: 3 }] },
      POLICY_PRESETS.control,
    );
    expect(zeroMid.ok ? null : zeroMid.error.code).toBe('invalid_amount');
    const dup = meritIncreases({ budgetCents: 1, people: [...staff, ...staff] }, POLICY_PRESETS.control);
    expect(dup.ok ? null : dup.error.code).toBe('duplicate_person');
  });

  it('totals never exceed the budget and parts sum exactly', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            salary: fc.integer({ min: 0, max: 50_000_000 }),
            mid: fc.integer({ min: 1, max: 50_000_000 }),
            rating: fc.integer({ min: 0, max: 6 }),
          }),
          { maxLength: 40 },
        ),
        fc.integer({ min: 0, max: 20_000_000 }),
        (rows, budget) => {
          const people = rows.map((p, i) => ({
            personId: `m${i}`,
            salaryCents: p.salary,
            bandMidpointCents: p.mid,
            rating: p.rating,
          }));
          const r = unwrap(meritIncreases({ budgetCents: budget, people }, POLICY_PRESETS.incentive));
          const sum = r.people.reduce((a, l) => a + l.amountCents, 0);
          expect(sum).toBe(r.allocatedCents);
          expect(r.allocatedCents).toBeLessThanOrEqual(budget);
          expect(r.scale).toBeLessThanOrEqual(1);
          const rawSum = r.people.reduce((a, l) => a + (l.salaryCents * l.matrixPercent) / 100, 0);
          if (rawSum > budget) expect(r.allocatedCents).toBe(budget);
          else expect(r.allocatedCents).toBe(Math.floor(rawSum + 1e-7));
          for (const l of r.people) {
            expect(Number.isInteger(l.amountCents) && l.amountCents >= 0).toBe(true);
            const exact =
              ((l.salaryCents * l.matrixPercent) / 100) * Math.min(1, rawSum > 0 ? budget / rawSum : 1);
            expect(Math.abs(l.amountCents - exact)).toBeLessThan(1 + 1e-6);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('promotionNominations', () => {
  // Control preset: minRating 4, minPotential 3; minMonthsInRole default 12.
  const people = [
    { personId: 'a', rating: 5, potential: 3, monthsInRole: 24 },
    { personId: 'b', rating: 4, potential: 2, monthsInRole: 30 },
    { personId: 'c', rating: 3, potential: 3, monthsInRole: 6 },
    { personId: 'd', rating: 5, potential: 3, monthsInRole: 24, readiness: 'ready_later' as const },
    { personId: 'e', rating: 4, potential: 3, monthsInRole: 12, readiness: 'ready_now' as const },
  ];

  it('nominates only when every criterion is met and explains the rest', () => {
    const r = promotionNominations(people, POLICY_PRESETS.control);
    expect(PromotionNominationsSchema.safeParse(r).success).toBe(true);
    expect(r.nominated.map((d) => d.personId)).toEqual(['a', 'e']);
    expect(r.notYet.map((d) => [d.personId, d.unmet])).toEqual([
      ['b', ['potential']],
      ['c', ['rating', 'months_in_role']],
      ['d', ['readiness']],
    ]);
    expect(r.notYet[0]?.reasons).toEqual(['Potential is moderate, below the minimum of high.']);
    expect(r.notYet[1]?.reasons).toEqual([
      'Rating 3 is below the minimum of 4.',
      'Only 6 months in role; 12 needed.',
    ]);
    expect(r.nominated[1]?.reasons).toEqual([
      'Rating 4 meets the minimum of 4.',
      'Potential is high (minimum: high).',
      '12 months in role (minimum 12).',
      'The manager judges the person ready now.',
    ]);
    expect(r.nominated[0]).toMatchObject({ status: 'nominated', readiness: null, unmet: [] });
    // The minimums the reasons name, as fields (clients say the reasons in their own language).
    for (const d of [...r.nominated, ...r.notYet]) {
      expect(d).toMatchObject({ minRating: 4, minPotential: 3, minMonthsInRole: 12 });
    }
  });

  it('honours a custom minimum tenure', () => {
    const r = promotionNominations(people, POLICY_PRESETS.control, { minMonthsInRole: 6 });
    expect(r.notYet.find((d) => d.personId === 'c')?.unmet).toEqual(['rating']);
    expect(r.notYet.find((d) => d.personId === 'c')?.minMonthsInRole).toBe(6);
  });
});

describe('improvementPlanTriggers', () => {
  // Control preset: plan at or below rating 2 for 90 days.
  const people = [
    {
      personId: 'p1',
      managerId: 'm1',
      rating: 2,
      shortfalls: [
        { goalId: 'g1', title: 'Close rate', factor: 'skills' as const },
        { goalId: 'g2', title: 'Regional sales', factor: 'external_environment' as const },
      ],
    },
    {
      personId: 'p2',
      managerId: 'm1',
      rating: 1,
      shortfalls: [
        { goalId: 'g3', title: 'Export volume', factor: 'external_environment' as const },
        { goalId: 'g4', title: 'Import volume', factor: 'external_environment' as const },
      ],
    },
    { personId: 'p3', managerId: 'm2', rating: 3, shortfalls: [{ goalId: 'g5', title: 'Quality' }] },
    { personId: 'p4', managerId: 'm2', rating: 2, shortfalls: [] },
    { personId: 'p5', managerId: 'm2', rating: 1, shortfalls: [{ goalId: 'g6', title: 'Tickets closed' }] },
  ];

  it('plans for low ratings, leaving out the uncontrollable', () => {
    // endsOn = 2025-03-01 + 90 days: March 31 days → 04-01 (+31), April 30 → 05-01 (+61), +29 → 05-30 (+90).
    const r = unwrap(improvementPlanTriggers(people, POLICY_PRESETS.control, { startsOn: '2025-03-01' }));
    expect(r.plans.map((p) => p.personId)).toEqual(['p1', 'p4', 'p5']);
    for (const p of r.plans) expect(ImprovementPlanSchema.safeParse(p).success).toBe(true);
    const p1 = r.plans[0];
    expect(p1).toMatchObject({
      id: 'p1:2025-03-01:improvement_plan',
      startsOn: '2025-03-01',
      endsOn: '2025-05-30',
    });
    expect(p1?.focusGoals).toEqual([
      { goalId: 'g1', title: 'Close rate', factor: 'skills', response: 'training and development' },
    ]);
    expect(p1?.reason).toContain('1 goal(s) attributed to the external environment are left out');
    // …and what the reason says, as fields.
    expect(p1?.reason).toMatch(/^Rating 2 is at or below 2: a 90-day improvement plan\. Focus: Close rate\./);
    expect(p1).toMatchObject({ rating: 2, atOrBelowRating: 2, durationDays: 90, externalLeftOut: 1 });
    expect(r.plans[1]).toMatchObject({ atOrBelowRating: 2, durationDays: 90, externalLeftOut: 0 });
    expect(r.plans[1]?.focusGoals).toEqual([]);
    expect(r.plans[2]?.focusGoals[0]).toMatchObject({
      factor: null,
      response: 'diagnose the cause with the employee',
    });
  });

  it('recommends a target review when every shortfall is external', () => {
    const r = unwrap(improvementPlanTriggers(people, POLICY_PRESETS.control, { startsOn: '2025-03-01' }));
    expect(r.targetReviews).toHaveLength(1);
    const review = r.targetReviews[0];
    expect(TargetReviewSchema.safeParse(review).success).toBe(true);
    expect(review).toMatchObject({ personId: 'p2', recommendation: 'target_review' });
    expect(review?.goals.map((g) => g.goalId)).toEqual(['g3', 'g4']);
  });

  it('rejects an invalid start date', () => {
    const r = improvementPlanTriggers(people, POLICY_PRESETS.control, { startsOn: '2025-13-01' });
    expect(r.ok ? null : r.error.code).toBe('invalid_date');
  });
});

describe('developmentItems', () => {
  // Default scale: min 1, meets 3 → gap share (3 − score) / 2; > 0.5 training, ≤ 0.5 mentoring, ≥ meets stretch.
  const gaps = [
    {
      personId: 'p',
      goalId: 'g1',
      title: 'Forecasting',
      kind: 'kpi' as const,
      score: 1.5,
      factors: ['skills' as const],
    },
    {
      personId: 'p',
      goalId: 'g2',
      title: 'Stakeholder communication',
      kind: 'competency' as const,
      score: 2.5,
      factors: [],
    },
    {
      personId: 'p',
      goalId: 'g3',
      title: 'SQL',
      kind: 'competency' as const,
      score: 3.5,
      factors: ['skills' as const],
    },
    {
      personId: 'p',
      goalId: 'g4',
      title: 'Exports',
      kind: 'kpi' as const,
      score: 1,
      factors: ['external_environment' as const],
    },
    { personId: 'p', goalId: 'g5', title: 'Teamwork', kind: 'competency' as const, score: 3, factors: [] },
    {
      personId: 'p',
      goalId: 'g2',
      title: 'Stakeholder communication',
      kind: 'competency' as const,
      score: 2.5,
      factors: [],
    },
    {
      personId: 'q',
      goalId: 'g6',
      title: 'Coaching others',
      kind: 'competency' as const,
      score: 2,
      factors: [],
    },
  ];

  it('creates one item per skill gap with a fitting type and a deterministic id', () => {
    // g1: (3 − 1.5)/2 = 0.75 > 0.5 → training; g2: (3 − 2.5)/2 = 0.25 → mentoring; g3: 3.5 ≥ 3 with skills →
    // stretch; g4 external only → none; g5 at meets → none; duplicate g2 → once; g6: (3 − 2)/2 = 0.5 → mentoring.
    const items = developmentItems(gaps, POLICY_PRESETS.control);
    for (const it of items) expect(DevelopmentItemSchema.safeParse(it).success).toBe(true);
    expect(items.map((i) => [i.id, i.type])).toEqual([
      ['p:g1:dev', 'training'],
      ['p:g2:dev', 'mentoring'],
      ['p:g3:dev', 'stretch_assignment'],
      ['q:g6:dev', 'mentoring'],
    ]);
    expect(items[0]?.title).toBe('Training: Forecasting');
    // The goal's title as a field, for clients that name the type in another language.
    expect(items.map((i) => i.goalTitle)).toEqual([
      'Forecasting',
      'Stakeholder communication',
      'SQL',
      'Coaching others',
    ]);
    expect(items[0]?.reason).toBe(
      '"Forecasting" is attributed to employee skills; the gap is large, so structured training.',
    );
    expect(items[1]?.reason).toBe(
      '"Stakeholder communication" is a competency scored below meets (3); the gap is small, so mentoring by an experienced colleague.',
    );
    expect(items[2]?.score).toBe(3.5);
  });

  it('keeps item titles within 200 characters', () => {
    // 'Mentoring: ' (11) + 200-character goal title = 211 → cut to 199 characters + '…' = 200.
    const long = { ...gaps[1], goalId: 'long', title: 'x'.repeat(200) } as (typeof gaps)[number];
    const [item] = developmentItems([long], POLICY_PRESETS.control);
    expect(item?.title).toHaveLength(200);
    expect(item?.title.endsWith('x…')).toBe(true);
    expect(item?.goalTitle).toBe('x'.repeat(200));
  });

  it('classifies scores around meets', () => {
    const p = POLICY_PRESETS.incentive;
    expect([1, 1.99, 2, 2.99, 3, 5].map((s) => developmentType(s, p))).toEqual([
      'training',
      'training',
      'mentoring',
      'mentoring',
      'stretch_assignment',
      'stretch_assignment',
    ]);
  });
});
