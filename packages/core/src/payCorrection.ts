// One person's bonus and merit after their rating changed on appeal once results were applied: the apply's own scale, never anyone else's amount, within what the pool and budget have left.
import { round } from './common.ts';
import type { Policy } from './policy.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';
import { type BonusLine, bonusMultiplier, type MeritIncrease } from './results.ts';

/** Whole cents of an exact amount, never above it (float noise tolerated, as the allocations do). */
const floorCents = (v: number): number => Math.floor(v + 1e-7);

/** What to do when the corrected pay needs more than the pool or budget has left. */
export type OverBudget = 'refuse' | 'cap';

export interface PayCorrectionInput {
  /** The corrected (final) rating. */
  rating: number;
  /** The person's applied lines (null: no bonus pool, or no compensation inputs). */
  bonus: BonusLine | null;
  merit: MeritIncrease | null;
  /** The common scales the apply used (bonus: null when the policy has no pool). */
  scales: { bonus: number | null; merit: number };
  /**
   * What is left unallocated now in the pool and the merit budget the apply used, after every current result of the
   * cycle (this person's included): the room a raise may take. Null bonus when there is no pool.
   */
  remaining: { bonusCents: number | null; meritCents: number };
  /** `refuse` (default): fail `over_budget`; `cap`: pay what is left and record the shortfall. */
  overBudget?: OverBudget;
}

export interface PayCorrection {
  bonus: BonusLine | null;
  merit: MeritIncrease | null;
  /** New amount − applied amount (negative: returned to the pool or budget). */
  bonusDeltaCents: number;
  meritDeltaCents: number;
  /** What the rules would pay above what was left (0 unless capped with `cap`). */
  bonusShortCents: number;
  meritShortCents: number;
  /** Plain English, one line per amount: how it was worked out, and any cap. */
  trace: string[];
}

export type PayCorrectionErrorCode = 'over_budget';

/** The bonus line for `rating` at the apply's scale: target × multiplier × scale, within floor and cap, whole cents. */
export function bonusLineAt(line: BonusLine, rating: number, scale: number, policy: Policy): BonusLine {
  const multiplier = bonusMultiplier(rating, policy);
  const raw = line.targetCents * multiplier;
  const scaled = raw * scale;
  const active = multiplier > 0 && raw > 0;
  const floor = active ? line.floorCents : 0;
  const cap = active ? floorCents(line.targetCents * policy.bonusPool.capMultiple) : 0;
  const exact = active ? Math.min(Math.max(scaled, floor), cap) : 0;
  let hit: BonusLine['cappedOrFloored'] = null;
  if (active && scaled >= cap - 1e-9) hit = 'cap';
  else if (active && scaled < floor - 1e-9) hit = 'floor';
  return {
    ...line,
    rating,
    multiplier,
    rawCents: round(raw, 2),
    scaledCents: round(scaled, 2),
    floorCents: floor,
    capCents: cap,
    cappedOrFloored: hit,
    amountCents: floorCents(exact),
  };
}

/** The merit increase for `rating` in the person's compa-ratio band at the apply's scale, whole cents. */
export function meritLineAt(
  line: MeritIncrease,
  rating: number,
  scale: number,
  policy: Policy,
): MeritIncrease {
  const percent = policy.merit.matrix[String(rating)]?.[line.band] ?? 0;
  const raw = (line.salaryCents * percent) / 100;
  const amount = floorCents(raw * scale);
  return {
    ...line,
    rating,
    matrixPercent: percent,
    rawCents: round(raw, 2),
    amountCents: amount,
    effectivePercent: line.salaryCents > 0 ? round((amount / line.salaryCents) * 100, 4) : 0,
  };
}

/**
 * Corrects one person's bonus and merit for a rating changed on appeal after results were applied: the same rules and
 * the same common scale the apply used (so the person is paid as the apply would have paid them at that rating), and
 * nobody else's amount moves. A raise may take only what the pool or budget has left: beyond it, `over_budget` (its
 * details: what is needed and what is left of each) unless `overBudget` is `cap`, which pays what is left and records
 * the shortfall. A lower amount returns the difference to the pool or budget.
 */
export function correctPay(
  input: PayCorrectionInput,
  policy: Policy,
): Result<PayCorrection, DomainError<PayCorrectionErrorCode>> {
  const { rating, scales, remaining } = input;
  const trace: string[] = [];
  let bonus: BonusLine | null = null;
  let bonusDelta = 0;
  let bonusNeeded = 0;
  if (input.bonus !== null && scales.bonus !== null && remaining.bonusCents !== null) {
    bonus = bonusLineAt(input.bonus, rating, scales.bonus, policy);
    bonusDelta = bonus.amountCents - input.bonus.amountCents;
    bonusNeeded = Math.max(0, bonusDelta - Math.max(0, remaining.bonusCents));
  }
  let merit: MeritIncrease | null = null;
  let meritDelta = 0;
  let meritNeeded = 0;
  if (input.merit !== null) {
    merit = meritLineAt(input.merit, rating, scales.merit, policy);
    meritDelta = merit.amountCents - input.merit.amountCents;
    meritNeeded = Math.max(0, meritDelta - Math.max(0, remaining.meritCents));
  }
  if ((bonusNeeded > 0 || meritNeeded > 0) && (input.overBudget ?? 'refuse') === 'refuse') {
    const parts = [
      ...(bonusNeeded > 0
        ? [
            `the bonus needs ${bonusDelta} more cents but the pool has ${Math.max(0, remaining.bonusCents ?? 0)} left`,
          ]
        : []),
      ...(meritNeeded > 0
        ? [
            `the merit increase needs ${meritDelta} more cents but the budget has ${Math.max(0, remaining.meritCents)} left`,
          ]
        : []),
    ];
    return fail(
      'over_budget',
      `The corrected result does not fit what the applied results left: ${parts.join('; ')}. Pay within what is left (overBudget: cap), or resolve the appeal as upheld.`,
      {
        details: {
          bonus:
            bonus === null
              ? null
              : { neededCents: bonusDelta, remainingCents: remaining.bonusCents, overCents: bonusNeeded },
          merit:
            merit === null
              ? null
              : { neededCents: meritDelta, remainingCents: remaining.meritCents, overCents: meritNeeded },
        },
      },
    );
  }
  if (bonus !== null && input.bonus !== null) {
    const rule = `Bonus at rating ${rating}: target ${bonus.targetCents} × multiplier ${bonus.multiplier} × the apply's scale ${round(scales.bonus ?? 1, 6)} = ${bonus.amountCents} cents${bonus.cappedOrFloored ? ` (at its ${bonus.cappedOrFloored})` : ''}, was ${input.bonus.amountCents}.`;
    trace.push(rule);
    if (bonusNeeded > 0) {
      bonus = { ...bonus, amountCents: bonus.amountCents - bonusNeeded };
      bonusDelta -= bonusNeeded;
      trace.push(
        `The pool had ${Math.max(0, remaining.bonusCents ?? 0)} cents left: paid ${bonus.amountCents}, ${bonusNeeded} cents short of the rule.`,
      );
    }
  }
  if (merit !== null && input.merit !== null) {
    trace.push(
      `Merit at rating ${rating}: ${merit.matrixPercent}% of salary ${merit.salaryCents} (compa-ratio band ${merit.band}) × the apply's scale ${round(scales.merit, 6)} = ${merit.amountCents} cents, was ${input.merit.amountCents}.`,
    );
    if (meritNeeded > 0) {
      const amount = merit.amountCents - meritNeeded;
      merit = {
        ...merit,
        amountCents: amount,
        effectivePercent: merit.salaryCents > 0 ? round((amount / merit.salaryCents) * 100, 4) : 0,
      };
      meritDelta -= meritNeeded;
      trace.push(
        `The merit budget had ${Math.max(0, remaining.meritCents)} cents left: paid ${amount}, ${meritNeeded} cents short of the rule.`,
      );
    }
  }
  return ok({
    bonus,
    merit,
    bonusDeltaCents: bonusDelta,
    meritDeltaCents: meritDelta,
    bonusShortCents: bonusNeeded,
    meritShortCents: meritNeeded,
    trace,
  });
}
