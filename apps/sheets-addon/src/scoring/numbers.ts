// A number cell as an analyst fills it: a number, or text that reads as one number only (cells formatted as plain text, pasted values).

/** What a cell holds: blank (null), a number, text that could be two different numbers, or not a number at all. */
export type NumberReading =
  | { kind: 'blank' }
  | { kind: 'number'; value: number }
  | { kind: 'ambiguous'; readings: [number, number] }
  | { kind: 'text' };

const SPACES = /[\s\u00a0\u202f\u2009]/g;

/**
 * Text `readNumber` takes as a number or finds ambiguous, as an RE2 pattern (Sheets' REGEXMATCH, after TRIM):
 * the sheet's conditional formatting marks only other text as an error.
 */
export const NUMBER_LIKE_PATTERN =
  '^[+-]?(\\d+|\\d*[.,]\\d+|\\d{1,3}([,. \u00a0\u202f\u2009]\\d{3})+([.,]\\d+)?)$';

/** Digits grouped by `sep` in threes (at least one group), optionally followed by a decimal part after `dec`. */
const grouped = (sep: string, dec: string) =>
  new RegExp(`^([+-]?)(\\d{1,3}(?:\\${sep}\\d{3})+)(?:\\${dec}(\\d+))?$`);
const GROUPED = [grouped(',', '.'), grouped('.', ','), grouped(' ', '.'), grouped(' ', ',')];

const toNumber = (sign: string, int: string, frac = '') => {
  const n = Number(`${int}${frac ? `.${frac}` : ''}`);
  return sign === '-' ? -n : n;
};

/**
 * Reads a cell the way the analyst meant it. Sheets hands numbers over as numbers; text arrives when a
 * cell is formatted as plain text, typed with a leading apostrophe, or typed in another locale's format.
 * Text is taken only when it can mean one number: `40`, `12.5`, `12,5`, `1,200.50`, `1.200,50`,
 * `1 200`, `1,200,000`. `1,200` and `1.200` (a thousand two hundred, or one point two) are ambiguous.
 */
export function readNumber(cell: unknown): NumberReading {
  if (cell === undefined || cell === null) return { kind: 'blank' };
  if (typeof cell === 'number')
    return Number.isFinite(cell) ? { kind: 'number', value: cell } : { kind: 'text' };
  if (typeof cell !== 'string') return { kind: 'text' };
  const trimmed = cell.trim();
  if (trimmed === '') return { kind: 'blank' };
  const plain = trimmed.replace(SPACES, ' ');
  let m = /^([+-]?)(\d+)$/.exec(plain);
  if (m) return { kind: 'number', value: toNumber(m[1] ?? '', m[2] ?? '') };
  m = /^([+-]?)(\d*)[.,](\d+)$/.exec(plain);
  if (m) {
    const [, sign = '', int = '', frac = ''] = m;
    // One separator before exactly three digits: a decimal point, or a thousands separator?
    if (/^\d{1,3}$/.test(int) && int !== '0' && frac.length === 3) {
      return {
        kind: 'ambiguous',
        readings: [toNumber(sign, `${int}${frac}`), toNumber(sign, int || '0', frac)],
      };
    }
    return { kind: 'number', value: toNumber(sign, int || '0', frac) };
  }
  for (const pattern of GROUPED) {
    m = pattern.exec(plain);
    if (m) {
      const [, sign = '', int = '', frac] = m;
      return { kind: 'number', value: toNumber(sign, int.replace(/[^\d]/g, ''), frac) };
    }
  }
  return { kind: 'text' };
}

/** The cell's number (null when blank), or undefined when it is not exactly one number. */
export function numberOf(cell: unknown): number | null | undefined {
  const r = readNumber(cell);
  return r.kind === 'blank' ? null : r.kind === 'number' ? r.value : undefined;
}
