// Shared primitives: ids, dates, money and exact rounding used across the core.
import { z } from 'zod';

/** Opaque identifier of any entity (uuid, slug or external id); 1–128 printable characters. */
export const IdSchema = z
  .string()
  .min(1)
  .max(128)
  .regex(/^[\w.:@-]+$/, 'ids use letters, digits and . _ : @ -');
export type Id = z.infer<typeof IdSchema>;

/** Calendar date `YYYY-MM-DD` (UTC). */
export const IsoDateSchema = z.iso.date();
export type IsoDate = z.infer<typeof IsoDateSchema>;

/** Instant `YYYY-MM-DDTHH:mm:ss(.sss)Z` (UTC, offset allowed). */
export const IsoDateTimeSchema = z.iso.datetime({ offset: true });
export type IsoDateTime = z.infer<typeof IsoDateTimeSchema>;

/** Money as an integer number of cents (exact; never floats for money). */
export const CentsSchema = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);
export type Cents = z.infer<typeof CentsSchema>;

/** Non-empty trimmed text with a bound. */
export const textSchema = (max = 10_000) => z.string().trim().min(1).max(max);

const DAY_MS = 86_400_000;

/** Milliseconds since epoch for an ISO date or date-time (UTC). */
export function toEpochMs(value: string): number {
  return Date.parse(value.length === 10 ? `${value}T00:00:00Z` : value);
}

/** Whole days from `from` to `to` (floor; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.floor((toEpochMs(to) - toEpochMs(from)) / DAY_MS);
}

/** ISO date `days` after `date`. */
export function addDays(date: string, days: number): IsoDate {
  return new Date(toEpochMs(date) + days * DAY_MS).toISOString().slice(0, 10);
}

const POWERS = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12];

/** Round half away from zero to `digits` decimals, stable for display and banding. */
export function round(value: number, digits = 4): number {
  const f = POWERS[digits] ?? 10 ** digits;
  const r = Math.round(Math.abs(value) * f + Number.EPSILON * f) / f;
  return value < 0 ? -r : r;
}

/** Code-unit order of ids (deterministic everywhere, unlike localeCompare): for sorts and ties. */
export const compareIds = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Clamp into [min, max]. */
export function clamp(value: number, min: number, max: number): number {
  return Math.min(Math.max(value, min), max);
}

/**
 * Split an integer `total` into integer parts proportional to `shares` using the largest-remainder
 * method: parts sum exactly to `total`; ties go to the lower index (deterministic).
 * Optional per-part `caps` are respected when possible.
 */
export function largestRemainder(
  total: number,
  shares: readonly number[],
  caps?: readonly number[],
): number[] {
  const n = shares.length;
  const parts = new Array<number>(n).fill(0);
  if (n === 0 || total <= 0) return parts;
  const sum = shares.reduce((a, b) => a + b, 0);
  if (sum <= 0) return parts;
  const rema = new Float64Array(n);
  let assigned = 0;
  for (let i = 0; i < n; i++) {
    const exact = (total * (shares[i] ?? 0)) / sum;
    let p = Math.floor(exact);
    const cap = caps?.[i];
    if (cap !== undefined && p > cap) p = cap;
    parts[i] = p;
    rema[i] = cap !== undefined && p >= cap ? -1 : exact - p;
    assigned += p;
  }
  let left = total - assigned;
  if (left > 0) {
    // Remainders compared at 1e-9 so mathematically equal ones tie (and the lower index wins).
    const key = (i: number) => Math.round((rema[i] ?? 0) * 1e9);
    const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => key(b) - key(a) || a - b);
    for (let k = 0; left > 0 && k < order.length * 2; k++) {
      const i = order[k % order.length] as number;
      const cap = caps?.[i];
      if (cap !== undefined && (parts[i] ?? 0) >= cap) continue;
      parts[i] = (parts[i] ?? 0) + 1;
      left--;
    }
  }
  return parts;
}

/**
 * Number of Unicode code points (a CJK character or an emoji counts once) — how zod measures a string's `min` /
 * `max`, so every hand-written length rule counts the same way as the schemas that read the stored text back.
 */
export function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xdc00 || c > 0xdfff) n++;
  }
  return n;
}
