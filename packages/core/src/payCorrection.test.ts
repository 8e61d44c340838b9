// Tests for payCorrection: a rating changed on appeal after apply re-pays one person at the apply's scale, within what is left.
import { describe, expect, it } from 'vitest';
import { correctPay } from './payCorrection.ts';
import { POLICY_PRESETS } from './policy.ts';
import { allocateBonusPool, meritIncreases } from './results.ts';

const policy = POLICY_PRESETS.incentive; // bonus multipliers 2 → 0.4, 3 → 1, 4 → 1.4; cap 2× target

/** An apply of two people (Ann 3, Bob 3) scaled down to fit: the lines and scales a correction starts from. */
function applied(poolCents: number, meritBudgetCents: number) {
  const bonus = allocateBonusPool(
    {
      poolCents,
      mode: 'fit',
      people: [
        { personId: 'ann', targetBonusCents: 100_000, rating: 3 },
        { personId: 'bob', targetBonusCents: 100_000, rating: 3 },
      ],
    },
    policy,
  );
  const merit = meritIncreases(
    {
      budgetCents: meritBudgetCents,
      people: [
        { personId: 'ann', salaryCents: 5_000_000, bandMidpointCents: 5_000_000, rating: 3 },
        { personId: 'bob', salaryCents: 5_000_000, bandMidpointCents: 5_000_000, rating: 3 },
      ],
    },
    policy,
  );
  if (!bonus.ok || !merit.ok) throw new Error('allocation failed');
  return { bonus: bonus.value, merit: merit.value };
}

describe('correctPay', () => {
  it('raises one person at the apply scale: the same as the apply would have paid them, nobody else touched', () => {
    const a = applied(1_000_000, 1_000_000); // both fit: scale 1
    const ann = { bonus: a.bonus.people[0] ?? null, merit: a.merit.people[0] ?? null };
    const res = correctPay(
      {
        rating: 4,
        ...ann,
        scales: { bonus: a.bonus.scale, merit: a.merit.scale },
        remaining: { bonusCents: a.bonus.unallocatedCents, meritCents: a.merit.unallocatedCents },
      },
      policy,
    );
    expect(res.ok).toBe(true);
    if (!res.ok) return;
    expect(res.value.bonus).toMatchObject({ rating: 4, multiplier: 1.4, amountCents: 140_000 });
    const band = ann.merit?.band ?? 0;
    const percent = policy.merit.matrix['4']?.[band] ?? 0;
    expect(res.value.merit).toMatchObject({ rating: 4, matrixPercent: percent });
    expect(res.value.merit?.amountCents).toBe(Math.floor((5_000_000 * percent) / 100));
    expect([res.value.bonusDeltaCents, res.value.bonusShortCents]).toEqual([40_000, 0]);
    expect(res.value.trace[0]).toContain('target 100000 × multiplier 1.4');
  });

  it('lowering returns the difference; a raise beyond what is left is refused, or capped when asked', () => {
    const a = applied(150_000, 1_000_000); // bonus scaled to 0.75 and the pool used up
    const ann = { bonus: a.bonus.people[0] ?? null, merit: a.merit.people[0] ?? null };
    const base = {
      ...ann,
      scales: { bonus: a.bonus.scale, merit: a.merit.scale },
      remaining: { bonusCents: a.bonus.unallocatedCents, meritCents: a.merit.unallocatedCents },
    };
    const down = correctPay({ ...base, rating: 2 }, policy);
    expect(down.ok && down.value.bonusDeltaCents).toBe(30_000 - 75_000);
    const refused = correctPay({ ...base, rating: 4 }, policy);
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    expect(refused.error.code).toBe('over_budget');
    expect(refused.error.details?.bonus).toEqual({
      neededCents: 30_000,
      remainingCents: 0,
      overCents: 30_000,
    });
    expect(refused.error.details?.merit).toMatchObject({ overCents: 0 });
    const capped = correctPay({ ...base, rating: 4, overBudget: 'cap' }, policy);
    expect(capped.ok).toBe(true);
    if (!capped.ok) return;
    expect([capped.value.bonus?.amountCents, capped.value.bonusShortCents]).toEqual([75_000, 30_000]);
    expect(capped.value.trace.join('\n')).toContain('30000 cents short of the rule');
  });

  it('no pool or no compensation: nothing to pay, nothing refused', () => {
    const res = correctPay(
      {
        rating: 5,
        bonus: null,
        merit: null,
        scales: { bonus: null, merit: 1 },
        remaining: { bonusCents: null, meritCents: 0 },
      },
      policy,
    );
    expect(res).toMatchObject({ ok: true, value: { bonus: null, merit: null, trace: [] } });
  });
});
