// Result application ("apply"): incentive and restraint — bonus pool, merit, promotion, improvement plans, development.
import { z } from 'zod';
import { addDays, CentsSchema, clamp, IdSchema, IsoDateSchema, round } from './common.ts';
import { FACTORS, FactorSchema } from './diagnosis.ts';
import { type Policy, scaleBounds } from './policy.ts';
import { potentialName } from './potentialAssessment.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';

// ---------------------------------------------------------------------------------------------
// Shared vocabulary
// ---------------------------------------------------------------------------------------------

export type ResultsErrorCode =
  | 'bonus_pool_disabled'
  | 'pool_below_floors'
  | 'floor_above_cap'
  | 'duplicate_person'
  | 'invalid_amount'
  | 'invalid_date';

const isCents = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;

/** Cents an exact amount may pay at most (floor, tolerant of float noise such as 114.99999999999999). */
const floorCents = (v: number): number => Math.floor(v + 1e-7);

// ---------------------------------------------------------------------------------------------
// Integer cent distribution (largest remainder with floors and caps)
// ---------------------------------------------------------------------------------------------

/**
 * Rearrange `idx` so its first `k` entries are the k best under `cmp` (negative = a before b), in
 * O(n) on average (quickselect with median-of-three pivots; deterministic). `cmp` must be a strict
 * total order (ties broken by id), which keeps the chosen set independent of input order.
 */
function selectBest(idx: Uint32Array, k: number, cmp: (a: number, b: number) => number): void {
  let lo = 0;
  let hi = idx.length - 1;
  const target = k - 1;
  const at = (i: number): number => idx[i] as number;
  while (hi > lo) {
    const mid = (lo + hi) >>> 1;
    const a = at(lo);
    const b = at(mid);
    const c = at(hi);
    const pivot =
      cmp(a, b) < 0 ? (cmp(b, c) < 0 ? b : cmp(a, c) < 0 ? c : a) : cmp(a, c) < 0 ? a : cmp(b, c) < 0 ? c : b;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (cmp(at(i), pivot) < 0) i++;
      while (cmp(at(j), pivot) > 0) j--;
      if (i <= j) {
        const t = at(i);
        idx[i] = at(j);
        idx[j] = t;
        i++;
        j--;
      }
    }
    if (target <= j) hi = j;
    else if (target >= i) lo = i;
    else return;
  }
}

/** Nano-cents per cent: remainders are compared at this resolution (1e-9 of a cent). */
const NANO = 1e9;

/**
 * Turn exact amounts `exact[i]` into integer cents that sum EXACTLY to `total`, stay within
 * [`floor[i]`, `cap[i]`], and differ from the exact amount by less than one cent whenever the exact
 * amounts already sum to `total` and respect the bounds. Each part starts at ⌊exact⌋; the cents
 * left over go one each to the largest fractional remainders (ties: smaller personId first); a
 * float-noise surplus is taken back from the smallest remainders. Remainders are compared as whole
 * nano-cents (rounded to 1e-9 of a cent), so remainders that are mathematically equal but differ in
 * float noise (733 333.33… vs 293 333.33…) tie and the smaller personId wins, as documented.
 * The caller guarantees Σ floor ≤ total ≤ Σ cap. O(n) on average.
 */
function distributeCents(
  exact: Float64Array,
  floor: Float64Array,
  cap: Float64Array,
  total: number,
  ids: readonly string[],
): Float64Array {
  const n = exact.length;
  const parts = new Float64Array(n);
  /** Fractional remainder in whole nano-cents: exact integers, so equal remainders compare equal. */
  const rem = new Float64Array(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const x = exact[i] as number;
    let p = floorCents(x);
    const lo = floor[i] as number;
    const hi = cap[i] as number;
    if (p < lo) p = lo;
    if (p > hi) p = hi;
    parts[i] = p;
    rem[i] = Math.round((x - p) * NANO);
    assigned += p;
  }
  const byId = (a: number, b: number): number => {
    const x = ids[a] as string;
    const y = ids[b] as string;
    return x < y ? -1 : x > y ? 1 : a - b;
  };
  let left = total - assigned;
  // Largest remainders first; normally one round, more only to absorb float noise.
  while (left > 0) {
    const cand = collect(n, (i) => (parts[i] as number) < (cap[i] as number));
    if (cand.length === 0) break;
    if (left < cand.length)
      selectBest(cand, left, (a, b) => (rem[b] as number) - (rem[a] as number) || byId(a, b));
    const give = Math.min(left, cand.length);
    for (let k = 0; k < give; k++) {
      const i = cand[k] as number;
      parts[i] = (parts[i] as number) + 1;
      rem[i] = (rem[i] as number) - NANO;
    }
    left -= give;
  }
  while (left < 0) {
    const cand = collect(n, (i) => (parts[i] as number) > (floor[i] as number));
    if (cand.length === 0) break;
    const take = Math.min(-left, cand.length);
    if (take < cand.length)
      selectBest(cand, take, (a, b) => (rem[a] as number) - (rem[b] as number) || byId(b, a));
    for (let k = 0; k < take; k++) {
      const i = cand[k] as number;
      parts[i] = (parts[i] as number) - 1;
      rem[i] = (rem[i] as number) + NANO;
    }
    left += take;
  }
  return parts;
}

function collect(n: number, keep: (i: number) => boolean): Uint32Array {
  const out = new Uint32Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) if (keep(i)) out[m++] = i;
  return out.subarray(0, m);
}

// ---------------------------------------------------------------------------------------------
// Bonus pool
// ---------------------------------------------------------------------------------------------

export const BonusModeSchema = z.enum(['fit', 'fill']);
export type BonusMode = z.infer<typeof BonusModeSchema>;

export const BonusPersonInputSchema = z.strictObject({
  personId: IdSchema,
  targetBonusCents: CentsSchema,
  /** Final (calibrated) rating value. */
  rating: z.number().int(),
  /** Guaranteed minimum (default 0); ignored for people whose multiplier is 0. */
  floorCents: CentsSchema.optional(),
});
export type BonusPersonInput = z.infer<typeof BonusPersonInputSchema>;

export const BonusPoolInputSchema = z.strictObject({
  poolCents: CentsSchema,
  people: z.array(BonusPersonInputSchema),
  /** 'fit': only scale down to fit the pool; 'fill': scale up or down to use the whole pool. */
  mode: BonusModeSchema,
});
export type BonusPoolInput = z.infer<typeof BonusPoolInputSchema>;

export const BoundHitSchema = z.enum(['cap', 'floor']).nullable();

/** One person's bonus line. Raw and scaled amounts are exact (hundredths of a cent), amountCents is paid. */
export const BonusLineSchema = z.object({
  personId: IdSchema,
  rating: z.number().int(),
  multiplier: z.number().min(0),
  targetCents: CentsSchema,
  /** target × multiplier. */
  rawCents: z.number().min(0),
  /** raw × scale, before floor and cap. */
  scaledCents: z.number().min(0),
  floorCents: CentsSchema,
  /** ⌊target × capMultiple⌋ (0 when the multiplier is 0). */
  capCents: CentsSchema,
  cappedOrFloored: BoundHitSchema,
  amountCents: CentsSchema,
});
export type BonusLine = z.infer<typeof BonusLineSchema>;

export const BonusAllocationSchema = z.object({
  mode: BonusModeSchema,
  poolCents: CentsSchema,
  allocatedCents: CentsSchema,
  unallocatedCents: CentsSchema,
  /** The common scale factor s applied to every raw amount. */
  scale: z.number().min(0),
  cappedCount: z.number().int().min(0),
  flooredCount: z.number().int().min(0),
  /** People in input order. */
  people: z.array(BonusLineSchema),
  /** Plain-words explanation of how the pool was split. */
  trace: z.string(),
});
export type BonusAllocation = z.infer<typeof BonusAllocationSchema>;

/** The policy's bonus multiplier for a rating value (a rating without a multiplier gets 0). */
export function bonusMultiplier(rating: number, policy: Policy): number {
  return policy.bonusPool.multipliers[String(rating)] ?? 0;
}

/** F(s) = Σ clamp(raw·s, floor, cap) with its local linear form F = C + R·s. */
function evalScaled(
  s: number,
  active: Uint32Array,
  raw: Float64Array,
  floor: Float64Array,
  cap: Float64Array,
): { f: number; c: number; r: number } {
  let c = 0;
  let r = 0;
  for (let k = 0; k < active.length; k++) {
    const i = active[k] as number;
    const ri = raw[i] as number;
    const x = ri * s;
    const lo = floor[i] as number;
    const hi = cap[i] as number;
    if (x <= lo) c += lo;
    else if (x >= hi) c += hi;
    else r += ri;
  }
  return { f: c + r * s, c, r };
}

/**
 * Solve F(s) = target on [lo, hi] where F(lo) ≤ target ≤ F(hi) and F is monotone and
 * piecewise linear: Newton steps on the current linear piece (exact once inside the right piece),
 * safeguarded by bisection every fourth step or when a step leaves the bracket.
 */
function solveScale(
  target: number,
  lo0: number,
  hi0: number,
  guess: number,
  active: Uint32Array,
  raw: Float64Array,
  floor: Float64Array,
  cap: Float64Array,
): number {
  let lo = lo0;
  let hi = hi0;
  const tol = Math.max(1e-6, target * 1e-13);
  let s = guess > lo && guess < hi ? guess : (lo + hi) / 2;
  for (let iter = 0; iter < 400; iter++) {
    const { f, c, r } = evalScaled(s, active, raw, floor, cap);
    if (Math.abs(f - target) <= tol) return s;
    if (f < target) lo = s;
    else hi = s;
    let next = r > 0 ? (target - c) / r : Number.NaN;
    if (!(next > lo && next < hi) || iter % 4 === 3) next = lo + (hi - lo) / 2;
    if (next === s || hi - lo <= hi * 1e-15) break;
    s = next;
  }
  return hi;
}

/**
 * Split a bonus pool. Each person's raw amount is target × the policy multiplier for their rating
 * (missing multiplier → 0); one common scale factor s ≥ 0 is found so that
 * Σ clamp(raw·s, floor, cap) equals the pool ('fill', unless everyone reaches their cap) or
 * min(pool, Σ clamp(raw, floor, cap)) ('fit': only ever scales down). Cap = ⌊target × capMultiple⌋;
 * people with multiplier 0 get 0 whatever their floor. The exact amounts are then turned into integer
 * cents by the largest-remainder method: the parts sum exactly to `allocatedCents` ≤ pool and each
 * stays within [floor, cap]. O(n) per solver step, a handful of steps; no sorting.
 */
export function allocateBonusPool(
  input: BonusPoolInput,
  policy: Policy,
): Result<BonusAllocation, DomainError<ResultsErrorCode>> {
  const { poolCents, people, mode } = input;
  if (!policy.bonusPool.enabled) {
    return fail('bonus_pool_disabled', `The ${policy.name} policy has no bonus pool.`);
  }
  if (!isCents(poolCents)) {
    return fail('invalid_amount', 'The pool must be a whole, non-negative number of cents.', {
      path: ['poolCents'],
    });
  }
  const n = people.length;
  const capMultiple = policy.bonusPool.capMultiple;
  const ids = new Array<string>(n);
  const mult = new Float64Array(n);
  const raw = new Float64Array(n);
  const floor = new Float64Array(n);
  const cap = new Float64Array(n);
  const activeAll = new Uint32Array(n);
  let activeCount = 0;
  let floorSum = 0;
  let rawSum = 0;
  const seen = new Set<string>();
  const multByRating = new Map<number, number>();
  for (let i = 0; i < n; i++) {
    const p = people[i] as BonusPersonInput;
    if (seen.has(p.personId)) {
      return fail('duplicate_person', `Person ${p.personId} appears more than once.`, {
        path: ['people', i, 'personId'],
      });
    }
    seen.add(p.personId);
    const fl = p.floorCents ?? 0;
    if (!isCents(p.targetBonusCents) || !isCents(fl)) {
      return fail(
        'invalid_amount',
        `Person ${p.personId}: target and floor must be whole, non-negative cents.`,
        {
          path: ['people', i],
        },
      );
    }
    let m = multByRating.get(p.rating);
    if (m === undefined) {
      m = bonusMultiplier(p.rating, policy);
      multByRating.set(p.rating, m);
    }
    ids[i] = p.personId;
    mult[i] = m;
    if (m <= 0) continue; // multiplier 0: paid nothing, floor ignored
    const r = p.targetBonusCents * m;
    const c = floorCents(p.targetBonusCents * capMultiple);
    if (fl > c) {
      return fail(
        'floor_above_cap',
        `Person ${p.personId}: floor ${fl} cents is above their cap of ${c} cents.`,
        {
          path: ['people', i, 'floorCents'],
          details: { personId: p.personId, floorCents: fl, capCents: c },
        },
      );
    }
    raw[i] = r;
    floor[i] = fl;
    cap[i] = c;
    floorSum += fl;
    if (r > 0) {
      activeAll[activeCount++] = i;
      rawSum += r;
    }
  }
  if (floorSum > poolCents) {
    return fail(
      'pool_below_floors',
      `The guaranteed floors total ${floorSum} cents, more than the pool of ${poolCents}.`,
      {
        path: ['poolCents'],
        details: { poolCents, floorsCents: floorSum },
      },
    );
  }
  const active = activeAll.subarray(0, activeCount);
  const atOne = evalScaled(1, active, raw, floor, cap).f;
  let capSum = 0;
  let sAllCapped = 0;
  for (let k = 0; k < activeCount; k++) {
    const i = active[k] as number;
    capSum += cap[i] as number;
    const sc = (cap[i] as number) / (raw[i] as number);
    if (sc > sAllCapped) sAllCapped = sc;
  }

  let scale: number;
  let total: number;
  let how: string;
  if (activeCount === 0) {
    scale = 1;
    total = 0;
    how = 'Nobody has a positive multiplier and target: nothing to allocate.';
  } else if (mode === 'fit' && atOne <= poolCents) {
    scale = 1;
    total = Math.min(poolCents, floorCents(atOne));
    how = `Fit: the raw amounts after floors and caps (${round(atOne, 2)} cents) fit in the pool; scale 1.`;
  } else if (mode === 'fill' && capSum <= poolCents) {
    scale = sAllCapped;
    total = capSum;
    how = `Fill: everyone reaches their cap (caps total ${capSum} cents ≤ pool); scale ${round(scale, 6)}.`;
  } else {
    const hi = mode === 'fit' ? 1 : sAllCapped;
    scale = solveScale(poolCents, 0, hi, rawSum > 0 ? poolCents / rawSum : 0, active, raw, floor, cap);
    total = poolCents;
    how =
      mode === 'fit'
        ? `Fit: the raw amounts (${round(atOne, 2)} cents after floors and caps) exceed the pool; scaled down by ${round(scale, 6)}.`
        : `Fill: scaled by ${round(scale, 6)} so the whole pool is used.`;
  }

  const exact = new Float64Array(n);
  for (let k = 0; k < activeCount; k++) {
    const i = active[k] as number;
    const x = (raw[i] as number) * scale;
    exact[i] = clamp(x, floor[i] as number, cap[i] as number);
  }
  // Inactive people (multiplier 0 or target 0) have floor = cap = 0 here, so they stay at 0.
  const amounts = distributeCents(exact, floor, cap, total, ids);

  const lines = new Array<BonusLine>(n);
  let allocated = 0;
  let cappedCount = 0;
  let flooredCount = 0;
  for (let i = 0; i < n; i++) {
    const p = people[i] as BonusPersonInput;
    const r = raw[i] as number;
    const x = r * scale;
    const lo = floor[i] as number;
    const hi = cap[i] as number;
    let hit: 'cap' | 'floor' | null = null;
    if (r > 0 && x >= hi - 1e-9) hit = 'cap';
    else if (x < lo - 1e-9) hit = 'floor';
    if (hit === 'cap') cappedCount++;
    else if (hit === 'floor') flooredCount++;
    const amount = amounts[i] as number;
    allocated += amount;
    lines[i] = {
      personId: p.personId,
      rating: p.rating,
      multiplier: mult[i] as number,
      targetCents: p.targetBonusCents,
      rawCents: round(r, 2),
      scaledCents: round(x, 2),
      floorCents: lo,
      capCents: hi,
      cappedOrFloored: hit,
      amountCents: amount,
    };
  }
  const trace = [
    `Bonus pool of ${poolCents} cents across ${n} people in '${mode}' mode (cap ${capMultiple}× target).`,
    `Raw amounts (target × rating multiplier) total ${round(rawSum, 2)} cents; floors total ${floorSum} cents.`,
    how,
    `${cappedCount} at their cap, ${flooredCount} lifted to their floor; rounded to whole cents by largest remainder.`,
    `Allocated ${allocated} cents; ${poolCents - allocated} cents left unallocated.`,
  ].join('\n');
  return ok({
    mode,
    poolCents,
    allocatedCents: allocated,
    unallocatedCents: poolCents - allocated,
    scale: round(scale, 8),
    cappedCount,
    flooredCount,
    people: lines,
    trace,
  });
}

// ---------------------------------------------------------------------------------------------
// Merit increases
// ---------------------------------------------------------------------------------------------

export const MeritPersonInputSchema = z.strictObject({
  personId: IdSchema,
  salaryCents: CentsSchema,
  bandMidpointCents: CentsSchema.refine((v) => v > 0, { message: 'band midpoint must be positive' }),
  rating: z.number().int(),
});
export type MeritPersonInput = z.infer<typeof MeritPersonInputSchema>;

export const MeritInputSchema = z.strictObject({
  budgetCents: CentsSchema,
  people: z.array(MeritPersonInputSchema),
});
export type MeritInput = z.infer<typeof MeritInputSchema>;

/** One person's merit increase. */
export const MeritIncreaseSchema = z.object({
  personId: IdSchema,
  rating: z.number().int(),
  salaryCents: CentsSchema,
  /** salary / band midpoint (4 decimals). */
  compaRatio: z.number().min(0),
  /** Index into policy.merit.compaBands (bands.length = above the last bound). */
  band: z.number().int().min(0),
  /** Increase percent from the merit matrix for (rating, band); 0 when the matrix has no entry. */
  matrixPercent: z.number().min(0),
  /** salary × matrixPercent / 100 (exact, hundredths of a cent). */
  rawCents: z.number().min(0),
  amountCents: CentsSchema,
  /** amount / salary × 100 (4 decimals). */
  effectivePercent: z.number().min(0),
});
export type MeritIncrease = z.infer<typeof MeritIncreaseSchema>;

export const MeritAllocationSchema = z.object({
  budgetCents: CentsSchema,
  rawTotalCents: z.number().min(0),
  allocatedCents: CentsSchema,
  unallocatedCents: CentsSchema,
  /** Proportional scale-down factor (1 when the matrix fits the budget; never above 1). */
  scale: z.number().min(0).max(1),
  /** People in input order. */
  people: z.array(MeritIncreaseSchema),
  trace: z.string(),
});
export type MeritAllocation = z.infer<typeof MeritAllocationSchema>;

/** Compa-ratio band: the first band whose (exclusive) upper bound is above the ratio. */
export function compaBand(compaRatio: number, bands: readonly number[]): number {
  // Rounded to 6 decimals so float noise never moves a person across a band edge.
  const c = Math.round(compaRatio * 1e6) / 1e6;
  for (let j = 0; j < bands.length; j++) if (c < (bands[j] as number)) return j;
  return bands.length;
}

/**
 * Merit increases from the policy matrix (rating × compa-ratio band). When the matrix amounts
 * exceed the budget every amount is scaled down proportionally (never up). Integer cents sum
 * exactly to the allocated total ≤ budget (largest remainder, ties by personId).
 */
export function meritIncreases(
  input: MeritInput,
  policy: Policy,
): Result<MeritAllocation, DomainError<ResultsErrorCode>> {
  const { budgetCents, people } = input;
  if (!isCents(budgetCents)) {
    return fail('invalid_amount', 'The budget must be a whole, non-negative number of cents.', {
      path: ['budgetCents'],
    });
  }
  const n = people.length;
  const bands = policy.merit.compaBands;
  const ids = new Array<string>(n);
  const compa = new Float64Array(n);
  const band = new Uint8Array(n);
  const pct = new Float64Array(n);
  const raw = new Float64Array(n);
  const seen = new Set<string>();
  let rawSum = 0;
  let missing = 0;
  for (let i = 0; i < n; i++) {
    const p = people[i] as MeritPersonInput;
    if (seen.has(p.personId)) {
      return fail('duplicate_person', `Person ${p.personId} appears more than once.`, {
        path: ['people', i, 'personId'],
      });
    }
    seen.add(p.personId);
    if (!isCents(p.salaryCents) || !isCents(p.bandMidpointCents) || p.bandMidpointCents === 0) {
      return fail(
        'invalid_amount',
        `Person ${p.personId}: salary must be whole cents and the band midpoint positive.`,
        {
          path: ['people', i],
        },
      );
    }
    ids[i] = p.personId;
    const c = p.salaryCents / p.bandMidpointCents;
    const b = compaBand(c, bands);
    const entry = policy.merit.matrix[String(p.rating)]?.[b];
    if (entry === undefined) missing++;
    const m = entry ?? 0;
    const r = (p.salaryCents * m) / 100;
    compa[i] = c;
    band[i] = b;
    pct[i] = m;
    raw[i] = r;
    rawSum += r;
  }
  const scale = rawSum > budgetCents ? budgetCents / rawSum : 1;
  const total = scale < 1 ? budgetCents : Math.min(budgetCents, floorCents(rawSum));
  const exact = new Float64Array(n);
  const floor = new Float64Array(n);
  const cap = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  for (let i = 0; i < n; i++) exact[i] = (raw[i] as number) * scale;
  const amounts = distributeCents(exact, floor, cap, total, ids);
  const lines = new Array<MeritIncrease>(n);
  let allocated = 0;
  for (let i = 0; i < n; i++) {
    const p = people[i] as MeritPersonInput;
    const amount = amounts[i] as number;
    allocated += amount;
    lines[i] = {
      personId: p.personId,
      rating: p.rating,
      salaryCents: p.salaryCents,
      compaRatio: round(compa[i] as number, 4),
      band: band[i] as number,
      matrixPercent: pct[i] as number,
      rawCents: round(raw[i] as number, 2),
      amountCents: amount,
      effectivePercent: p.salaryCents > 0 ? round((amount / p.salaryCents) * 100, 4) : 0,
    };
  }
  const trace = [
    `Merit budget of ${budgetCents} cents across ${n} people; compa-ratio bands below ${bands.join(', ')}.`,
    `Matrix increases total ${round(rawSum, 2)} cents.`,
    scale < 1
      ? `Over budget: every increase scaled down by ${round(scale, 6)}.`
      : 'Within budget: no scaling (merit is never scaled up).',
    ...(missing > 0
      ? [`${missing} people had no matrix entry for their rating and band (treated as 0%).`]
      : []),
    `Allocated ${allocated} cents; ${budgetCents - allocated} cents left unallocated.`,
  ].join('\n');
  return ok({
    budgetCents,
    rawTotalCents: round(rawSum, 2),
    allocatedCents: allocated,
    unallocatedCents: budgetCents - allocated,
    scale: round(scale, 8),
    people: lines,
    trace,
  });
}

// ---------------------------------------------------------------------------------------------
// Promotion
// ---------------------------------------------------------------------------------------------

/** The manager's judgement of readiness for the next role (optional). */
export const ReadinessSchema = z.enum(['ready_now', 'ready_later', 'not_ready']);
export type Readiness = z.infer<typeof ReadinessSchema>;

export const PromotionCandidateSchema = z.strictObject({
  personId: IdSchema,
  rating: z.number().int(),
  /** Potential on the 9-box axis: 1 low, 2 medium, 3 high. */
  potential: z.number().int().min(1).max(3),
  monthsInRole: z.number().int().min(0),
  readiness: ReadinessSchema.optional(),
});
export type PromotionCandidate = z.infer<typeof PromotionCandidateSchema>;

export const PromotionOptionsSchema = z.strictObject({
  minMonthsInRole: z.number().int().min(0).default(12),
});
export type PromotionOptions = z.input<typeof PromotionOptionsSchema>;

export const PromotionCriterionSchema = z.enum(['rating', 'potential', 'months_in_role', 'readiness']);
export type PromotionCriterion = z.infer<typeof PromotionCriterionSchema>;

export const PromotionDecisionSchema = z.object({
  personId: IdSchema,
  status: z.enum(['nominated', 'not_yet']),
  rating: z.number().int(),
  potential: z.number().int(),
  monthsInRole: z.number().int(),
  readiness: ReadinessSchema.nullable(),
  /** Criteria not met (empty when nominated). */
  unmet: z.array(PromotionCriterionSchema),
  /**
   * The minimums the decision was made against, for clients that say `reasons` in another language (absent on
   * decisions stored before they were added). `minMonthsInRole` is null when the months in role were not checked.
   */
  minRating: z.number().int().optional(),
  minPotential: z.number().int().optional(),
  minMonthsInRole: z.number().int().min(0).nullable().optional(),
  /** Why, in English: the criteria met (nominated) or each criterion not met (not yet). */
  reasons: z.array(z.string()),
});
export type PromotionDecision = z.infer<typeof PromotionDecisionSchema>;

export const PromotionNominationsSchema = z.object({
  nominated: z.array(PromotionDecisionSchema),
  notYet: z.array(PromotionDecisionSchema),
});
export type PromotionNominations = z.infer<typeof PromotionNominationsSchema>;

/**
 * Promotion nominations: rating ≥ policy.promotion.minRating, potential ≥ minPotential and at least
 * `minMonthsInRole` months in role (default 12). A manager readiness other than 'ready_now' also
 * holds a nomination back. Everyone else gets a 'not_yet' entry naming the unmet criteria.
 * Both lists keep input order.
 */
export function promotionNominations(
  people: readonly PromotionCandidate[],
  policy: Policy,
  options: PromotionOptions = {},
): PromotionNominations {
  const minMonths = options.minMonthsInRole ?? 12;
  const { minRating, minPotential } = policy.promotion;
  const nominated: PromotionDecision[] = [];
  const notYet: PromotionDecision[] = [];
  for (const p of people) {
    const okRating = p.rating >= minRating;
    const okPotential = p.potential >= minPotential;
    const okMonths = p.monthsInRole >= minMonths;
    const okReady = p.readiness === undefined || p.readiness === 'ready_now';
    const unmet: PromotionCriterion[] = [];
    const reasons: string[] = [];
    if (okRating && okPotential && okMonths && okReady) {
      reasons.push(
        `Rating ${p.rating} meets the minimum of ${minRating}.`,
        `Potential is ${potentialName(p.potential)} (minimum: ${potentialName(minPotential)}).`,
        `${p.monthsInRole} months in role (minimum ${minMonths}).`,
      );
      if (p.readiness === 'ready_now') reasons.push('The manager judges the person ready now.');
    } else {
      if (!okRating) {
        unmet.push('rating');
        reasons.push(`Rating ${p.rating} is below the minimum of ${minRating}.`);
      }
      if (!okPotential) {
        unmet.push('potential');
        reasons.push(
          `Potential is ${potentialName(p.potential)}, below the minimum of ${potentialName(minPotential)}.`,
        );
      }
      if (!okMonths) {
        unmet.push('months_in_role');
        reasons.push(`Only ${p.monthsInRole} months in role; ${minMonths} needed.`);
      }
      if (!okReady) {
        unmet.push('readiness');
        reasons.push(
          p.readiness === 'ready_later'
            ? 'The manager judges the person ready later, not now.'
            : 'The manager judges the person not ready for the next role.',
        );
      }
    }
    const decision: PromotionDecision = {
      personId: p.personId,
      status: unmet.length === 0 ? 'nominated' : 'not_yet',
      rating: p.rating,
      potential: p.potential,
      monthsInRole: p.monthsInRole,
      readiness: p.readiness ?? null,
      unmet,
      minRating,
      minPotential,
      minMonthsInRole: minMonths,
      reasons,
    };
    (unmet.length === 0 ? nominated : notYet).push(decision);
  }
  return { nominated, notYet };
}

// ---------------------------------------------------------------------------------------------
// Improvement plans
// ---------------------------------------------------------------------------------------------

export const ShortfallSchema = z.strictObject({
  goalId: IdSchema,
  title: z.string().trim().min(1).max(200),
  /** The factor the shortfall is attributed to, when diagnosed. */
  factor: FactorSchema.optional(),
});
export type Shortfall = z.infer<typeof ShortfallSchema>;

export const ImprovementCandidateSchema = z.strictObject({
  personId: IdSchema,
  managerId: IdSchema,
  rating: z.number().int(),
  shortfalls: z.array(ShortfallSchema),
});
export type ImprovementCandidate = z.infer<typeof ImprovementCandidateSchema>;

export const ImprovementOptionsSchema = z.strictObject({ startsOn: IsoDateSchema });
export type ImprovementOptions = z.infer<typeof ImprovementOptionsSchema>;

export const FocusGoalSchema = z.object({
  goalId: IdSchema,
  title: z.string(),
  factor: FactorSchema.nullable(),
  /** What the plan does about it (from the factor; a diagnosis is needed when null). */
  response: z.string(),
});
export type FocusGoal = z.infer<typeof FocusGoalSchema>;

export const ImprovementPlanSchema = z.object({
  /** `${personId}:${startsOn}:improvement_plan` (deterministic). */
  id: z.string(),
  personId: IdSchema,
  managerId: IdSchema,
  rating: z.number().int(),
  startsOn: IsoDateSchema,
  endsOn: IsoDateSchema,
  /** Controllable shortfalls only: goals attributed to the external environment are left out. */
  focusGoals: z.array(FocusGoalSchema),
  /**
   * What `reason` names, for clients that say it in another language (absent on plans stored before they were
   * added): the policy's rating threshold, the plan's length and how many external-environment goals were left out.
   */
  atOrBelowRating: z.number().int().optional(),
  durationDays: z.number().int().optional(),
  externalLeftOut: z.number().int().min(0).optional(),
  /** English. */
  reason: z.string(),
});
export type ImprovementPlan = z.infer<typeof ImprovementPlanSchema>;

export const TargetReviewSchema = z.object({
  personId: IdSchema,
  managerId: IdSchema,
  rating: z.number().int(),
  recommendation: z.literal('target_review'),
  goals: z.array(z.object({ goalId: IdSchema, title: z.string() })),
  reason: z.string(),
});
export type TargetReview = z.infer<typeof TargetReviewSchema>;

export const ImprovementTriggersSchema = z.object({
  plans: z.array(ImprovementPlanSchema),
  targetReviews: z.array(TargetReviewSchema),
});
export type ImprovementTriggers = z.infer<typeof ImprovementTriggersSchema>;

/**
 * Improvement plans for everyone rated at or below policy.improvementPlan.atOrBelowRating, running
 * `durationDays` from `startsOn`.
 *
 * Don't penalise the uncontrollable: the external environment is an objective, completely
 * uncontrollable factor, so shortfalls attributed only to it never trigger a plan. A person whose
 * every shortfall is 'external_environment' gets a 'target_review' recommendation instead (adjust
 * the targets fairly), and in a mixed case the external goals are left out of the plan's focus.
 * Shortfalls without a diagnosed factor count as controllable. Both lists keep input order.
 */
export function improvementPlanTriggers(
  people: readonly ImprovementCandidate[],
  policy: Policy,
  options: ImprovementOptions,
): Result<ImprovementTriggers, DomainError<ResultsErrorCode>> {
  const { startsOn } = options;
  if (!IsoDateSchema.safeParse(startsOn).success) {
    return fail('invalid_date', `startsOn "${startsOn}" is not a YYYY-MM-DD date.`, { path: ['startsOn'] });
  }
  const { atOrBelowRating, durationDays } = policy.improvementPlan;
  const endsOn = addDays(startsOn, durationDays);
  const plans: ImprovementPlan[] = [];
  const targetReviews: TargetReview[] = [];
  for (const p of people) {
    if (p.rating > atOrBelowRating) continue;
    const focusGoals: FocusGoal[] = [];
    let external = 0;
    for (const s of p.shortfalls) {
      if (s.factor === 'external_environment') {
        external++;
        continue;
      }
      focusGoals.push({
        goalId: s.goalId,
        title: s.title,
        factor: s.factor ?? null,
        response: s.factor ? FACTORS[s.factor].response : 'diagnose the cause with the employee',
      });
    }
    const trigger = `Rating ${p.rating} is at or below ${atOrBelowRating}`;
    if (p.shortfalls.length > 0 && focusGoals.length === 0) {
      targetReviews.push({
        personId: p.personId,
        managerId: p.managerId,
        rating: p.rating,
        recommendation: 'target_review',
        goals: p.shortfalls.map((s) => ({ goalId: s.goalId, title: s.title })),
        reason:
          `${trigger}, but every shortfall is attributed to the external environment, which is ` +
          'uncontrollable: review the targets fairly instead of starting an improvement plan.',
      });
      continue;
    }
    const left =
      external > 0 ? ` ${external} goal(s) attributed to the external environment are left out.` : '';
    const focus = focusGoals.length > 0 ? ` Focus: ${focusGoals.map((g) => g.title).join('; ')}.` : '';
    plans.push({
      id: `${p.personId}:${startsOn}:improvement_plan`,
      personId: p.personId,
      managerId: p.managerId,
      rating: p.rating,
      startsOn,
      endsOn,
      focusGoals,
      atOrBelowRating,
      durationDays,
      externalLeftOut: external,
      reason: `${trigger}: a ${durationDays}-day improvement plan.${focus}${left}`,
    });
  }
  return ok({ plans, targetReviews });
}

// ---------------------------------------------------------------------------------------------
// Development items
// ---------------------------------------------------------------------------------------------

export const SkillGapInputSchema = z.strictObject({
  personId: IdSchema,
  goalId: IdSchema,
  title: z.string().trim().min(1).max(200),
  kind: z.enum(['kpi', 'competency']),
  /** The goal's score on the rating scale. */
  score: z.number().finite(),
  /** Factors the result is attributed to. */
  factors: z.array(FactorSchema),
});
export type SkillGapInput = z.infer<typeof SkillGapInputSchema>;

export const DevelopmentTypeSchema = z.enum(['training', 'mentoring', 'stretch_assignment']);
export type DevelopmentType = z.infer<typeof DevelopmentTypeSchema>;

export const DevelopmentItemSchema = z.object({
  /** `${personId}:${goalId}:dev` (deterministic). */
  id: z.string(),
  personId: IdSchema,
  goalId: IdSchema,
  type: DevelopmentTypeSchema,
  /** English: "<Type>: <goal title>" (within 200 characters). */
  title: z.string(),
  /** The goal's title, so clients can name the item in another language (absent on items stored before it). */
  goalTitle: z.string().optional(),
  /** The goal's score that led to the item. */
  score: z.number(),
  reason: z.string(),
});
export type DevelopmentItem = z.infer<typeof DevelopmentItemSchema>;

const TYPE_TITLE: Record<DevelopmentType, string> = {
  training: 'Training',
  mentoring: 'Mentoring',
  stretch_assignment: 'Stretch assignment',
};

const TYPE_WHY: Record<DevelopmentType, string> = {
  training: 'the gap is large, so structured training',
  mentoring: 'the gap is small, so mentoring by an experienced colleague',
  stretch_assignment: 'the goal was met, so a stretch assignment to grow the skill further',
};

/** "Training: <goal title>", kept within the 200 characters a title may have. */
function itemTitle(type: DevelopmentType, goalTitle: string): string {
  const t = `${TYPE_TITLE[type]}: ${goalTitle}`;
  return t.length > 200 ? `${t.slice(0, 199)}…` : t;
}

/** The type for a score given the scale's `meets` and lowest value (see developmentType). */
function typeFor(score: number, meets: number, min: number): DevelopmentType {
  if (score >= meets - 1e-9) return 'stretch_assignment';
  return (meets - score) / (meets - min) > 0.5 ? 'training' : 'mentoring';
}

/**
 * The development response to a skill gap, by how far the score is below `meets` relative to the
 * scale's lower half: more than half way down → 'training' (structured learning for a large gap);
 * below meets but within half → 'mentoring' (an experienced colleague closes a small gap); at or
 * above meets (skills flagged but the goal was met) → 'stretch_assignment' (grow by doing).
 */
export function developmentType(score: number, policy: Policy): DevelopmentType {
  return typeFor(score, policy.ratingScale.meets, scaleBounds(policy.ratingScale).min);
}

/**
 * One development item per skill gap: a goal whose result is attributed to employee skills, or a
 * competency scored below `meets`. Duplicate (person, goal) rows yield one item (the first).
 * Items keep input order. Reason texts are built from precomputed parts (no number formatting per
 * item) because an organisation can have hundreds of thousands of gaps.
 */
export function developmentItems(gaps: readonly SkillGapInput[], policy: Policy): DevelopmentItem[] {
  const meets = policy.ratingScale.meets;
  const { min } = scaleBounds(policy.ratingScale);
  const tail = (why: string): Record<DevelopmentType, string> => ({
    training: `" ${why}; ${TYPE_WHY.training}.`,
    mentoring: `" ${why}; ${TYPE_WHY.mentoring}.`,
    stretch_assignment: `" ${why}; ${TYPE_WHY.stretch_assignment}.`,
  });
  const skillsTail = tail('is attributed to employee skills');
  const competencyTail = tail(`is a competency scored below meets (${meets})`);
  const items: DevelopmentItem[] = [];
  // Goals already given an item, per person (existing strings hash fast; a person has few goals).
  const done = new Map<string, string[]>();
  for (const g of gaps) {
    const skills = g.factors.includes('skills');
    const belowMeets = g.kind === 'competency' && g.score < meets - 1e-9;
    if (!skills && !belowMeets) continue;
    const goals = done.get(g.personId);
    if (goals === undefined) done.set(g.personId, [g.goalId]);
    else if (goals.includes(g.goalId)) continue;
    else goals.push(g.goalId);
    const type = typeFor(g.score, meets, min);
    items.push({
      id: `${g.personId}:${g.goalId}:dev`,
      personId: g.personId,
      goalId: g.goalId,
      type,
      title: itemTitle(type, g.title),
      goalTitle: g.title,
      score: g.score,
      reason: `"${g.title}${(skills ? skillsTail : competencyTail)[type]}`,
    });
  }
  return items;
}
