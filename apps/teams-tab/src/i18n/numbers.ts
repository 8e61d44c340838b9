// Numbers typed into the tab's fields and written back into them in the tab's locale (never the browser's): its group
// separator and decimal sign, digits as a Chinese keyboard types them (full width) too, and nothing guessed.

/** The symbols a locale writes numbers with: "1,234.5" in both of the tab's locales (en, zh-CN). */
export interface NumberSymbols {
  group: string;
  decimal: string;
  minus: string;
}

const symbolCache = new Map<string, NumberSymbols>();

/** The locale's group separator, decimal sign and minus sign (from Intl). */
export function numberSymbols(locale: string): NumberSymbols {
  let symbols = symbolCache.get(locale);
  if (!symbols) {
    const parts = new Intl.NumberFormat(locale).formatToParts(-12345.6);
    const part = (type: string, fallback: string) => parts.find((p) => p.type === type)?.value ?? fallback;
    symbols = { group: part('group', ','), decimal: part('decimal', '.'), minus: part('minusSign', '-') };
    symbolCache.set(locale, symbols);
  }
  return symbols;
}

/** Full-width digits and signs (a Chinese keyboard's １２３，４５６．７) and the typographic minus, as ASCII. */
function halfWidth(text: string): string {
  return text
    .replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xff10 + 0x30))
    .replace(/\uFF0C/g, ',')
    .replace(/\uFF0E/g, '.')
    .replace(/[\uFF0D\u2212]/g, '-')
    .replace(/\uFF0B/g, '+');
}

const literal = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const patterns = new Map<string, RegExp>();

/**
 * A number as typed in `locale`: digits, optionally grouped by threes with the locale's group separator ("1,234,567"),
 * then optionally the decimal sign and more digits; a sign in front. Anything else — letters, exponents, a group
 * separator out of place ("1,5" is not read as 15, nor as 1.5) — is not a number.
 */
function patternOf(locale: string): RegExp {
  let pattern = patterns.get(locale);
  if (!pattern) {
    const { group, decimal, minus } = numberSymbols(locale);
    const g = literal(group);
    const d = literal(decimal);
    const integer = `(?:\\d{1,3}(?:${g}\\d{3})+|\\d+)`;
    pattern = new RegExp(`^([-+${literal(minus)}]?)(?:(${integer})(?:${d}(\\d*))?|${d}(\\d+))$`);
    patterns.set(locale, pattern);
  }
  return pattern;
}

/**
 * The number typed in a field, read in the tab's locale: null when the field is empty, NaN when what is there is not
 * a number as the locale writes one (so it is never sent as 0, cut short or read with the browser's separators).
 */
export function parseNumber(text: string, locale: string): number | null {
  const read = readNumber(text, locale);
  return read === null ? null : read.exact ? read.n : Number.NaN;
}

/** Digits a number can have and always be kept exactly (a double holds any 15 significant decimal digits). */
export const EXACT_DIGITS = 15;

/**
 * A decimal written as its significant digits and the place of its point — "1234.5" and "001234.50" are both
 * `12345e4`: equal keys, equal numbers, whatever zeros or grouping were typed.
 */
function decimalKey(integer: string, fraction: string): { key: string; significant: number } {
  const all = integer + fraction;
  const trimmed = all.replace(/^0+/, '');
  const exponent = integer.length - (all.length - trimmed.length);
  const significant = trimmed.replace(/0+$/, '');
  return { key: significant === '' ? '0' : `${significant}e${exponent}`, significant: significant.length };
}

/** The decimal key of the shortest digits that give `n` back (JavaScript's own, an exponent written out). */
function keyOf(n: number): string {
  const [mantissa = '0', exponent = '0'] = Math.abs(n).toString().split('e');
  const [integer = '0', fraction = ''] = mantissa.split('.');
  const { key } = decimalKey(integer, fraction);
  if (key === '0') return key;
  const at = key.lastIndexOf('e');
  return `${key.slice(0, at)}e${Number(key.slice(at + 1)) + Number(exponent)}`;
}

/**
 * What is typed in a field: null when empty, NaN when not a number, else the number and whether it is exactly the
 * number typed — "99999999999999999999999" has more digits than a number can hold and would silently become 1e23.
 */
function readNumber(text: string, locale: string): { n: number; exact: boolean } | null {
  const typed = halfWidth(text).trim();
  if (typed === '') return null;
  const match = patternOf(locale).exec(typed);
  if (!match) return { n: Number.NaN, exact: false };
  const [, sign, integer, fraction, bare] = match;
  const { group } = numberSymbols(locale);
  const whole = integer === undefined ? '0' : integer.split(group).join('');
  const decimals = integer === undefined ? (bare ?? '') : (fraction ?? '');
  const magnitude = Number(`${whole}.${decimals || '0'}`);
  const n = sign === '' || sign === '+' ? magnitude : -magnitude;
  const typedKey = decimalKey(whole, decimals);
  // Up to EXACT_DIGITS significant digits a number is always kept as typed; beyond, only if it reads back the same.
  const exact = typedKey.significant <= EXACT_DIGITS || typedKey.key === keyOf(magnitude);
  return { n, exact };
}

/**
 * Whether a field holds a number with more digits than can be kept (it would be stored rounded, e.g. a typo of
 * twenty nines as 1e23): such a field is refused like one that is not a number, with its own message.
 */
export function tooManyDigits(text: string, locale: string): boolean {
  const read = readNumber(text, locale);
  return read !== null && Number.isFinite(read.n) && !read.exact;
}

/**
 * Whether a field holds something that is not a number, or a number that cannot be kept as typed (an empty field is
 * no number, not a wrong one).
 */
export function notANumber(text: string, locale: string): boolean {
  const n = parseNumber(text, locale);
  return n !== null && !Number.isFinite(n);
}

const groupFormats = new Map<string, Intl.NumberFormat>();

/**
 * `n` as a field shows it in `locale`: grouped ("1,234.5"), with exactly the digits JavaScript needs to give `n`
 * back (no rounding, no float noise such as 0.30000000000000004 written out to 20 places), which `parseNumber`
 * reads back to `n`.
 */
export function numberText(n: number, locale: string): string {
  if (!Number.isFinite(n)) return '';
  const plain = String(n);
  const match = /^(-?)(\d+)(?:\.(\d+))?$/.exec(plain);
  if (!match) {
    // Beyond 1e21 or below 1e-6 JavaScript writes an exponent: 17 significant digits give the number back.
    return new Intl.NumberFormat(locale, { maximumSignificantDigits: 17 }).format(n);
  }
  const [, sign, integer = '0', fraction] = match;
  let format = groupFormats.get(locale);
  if (!format) {
    format = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
    groupFormats.set(locale, format);
  }
  const { decimal, minus } = numberSymbols(locale);
  const grouped = format.format(BigInt(integer));
  return `${sign ? minus : ''}${grouped}${fraction ? `${decimal}${fraction}` : ''}`;
}

/** What a field shows for `text` once left: the number rewritten in the locale; anything else as typed. */
export function shownNumber(text: string, locale: string): string {
  const n = parseNumber(text, locale);
  return n === null || !Number.isFinite(n) ? text : numberText(n, locale);
}
