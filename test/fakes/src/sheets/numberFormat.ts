// A cell's NumberFormat (`userEnteredFormat.numberFormat`): its check on write, and a number rendered by its pattern as
// Sheets renders FORMATTED_VALUE in an en_US spreadsheet (the number-format tokens of the Sheets API's formats guide).
/** google.apps.sheets.v4.NumberFormatType. */
export const NUMBER_FORMAT_TYPES = [
  'NUMBER_FORMAT_TYPE_UNSPECIFIED',
  'TEXT',
  'NUMBER',
  'PERCENT',
  'CURRENCY',
  'DATE',
  'TIME',
  'DATE_TIME',
  'SCIENTIFIC',
] as const;

export interface NumberFormat {
  type?: string;
  pattern?: string;
}

/**
 * Why the API refuses a NumberFormat (its 400 message, the field named by its proto path), or null: a `type` that is not
 * a NumberFormatType (the API's wording for a bad enum value), a `pattern` that is not a string, an unknown field.
 */
export function numberFormatProblem(format: unknown, path: string): string | null {
  if (format === undefined) return null;
  if (typeof format !== 'object' || format === null || Array.isArray(format)) {
    return `Invalid value at '${path}' (type.googleapis.com/google.apps.sheets.v4.NumberFormat)`;
  }
  const { type, pattern, ...rest } = format as Record<string, unknown>;
  const unknown = Object.keys(rest)[0];
  if (unknown !== undefined) {
    return `Invalid JSON payload received. Unknown name "${unknown}" at '${path}': Cannot find field.`;
  }
  if (type !== undefined && !(NUMBER_FORMAT_TYPES as readonly unknown[]).includes(type)) {
    return `Invalid value at '${path}.type' (type.googleapis.com/google.apps.sheets.v4.NumberFormatType), ${JSON.stringify(type)}`;
  }
  if (pattern !== undefined && typeof pattern !== 'string') {
    return `Invalid value at '${path}.pattern' (TYPE_STRING), ${JSON.stringify(pattern)}`;
  }
  return null;
}

/** The pattern a type renders with when none is given, in en_US. */
const DEFAULT_PATTERNS: Record<string, string> = {
  NUMBER: '#,##0.00',
  PERCENT: '0.00%',
  CURRENCY: '"$"#,##0.00',
};

/** One part of a section: literal text, or the number's digits. */
type Part = { literal: string } | { number: true };

interface Section {
  parts: Part[];
  /** Digit placeholders before the decimal point, left to right (`0`, `#`, `?`). */
  integer: string;
  /** Digit placeholders after it. */
  fraction: string;
  decimalPoint: boolean;
  grouping: boolean;
  /** Trailing commas after the integer digits: each divides by 1,000. */
  thousands: number;
  percent: number;
}

/** Characters Sheets shows as they are, unquoted. */
const LITERALS = new Set([..."$+-()/:!^&'~{}<>= "]);

/** The pattern's sections split at semicolons outside quotes and escapes. */
function splitSections(pattern: string): string[] {
  const out: string[] = [];
  let current = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === '\\' && i + 1 < pattern.length) {
      current += c + pattern[++i];
    } else if (c === '"') {
      const end = pattern.indexOf('"', i + 1);
      const stop = end === -1 ? pattern.length : end;
      current += pattern.slice(i, stop + 1);
      i = stop;
    } else if (c === ';') {
      out.push(current);
      current = '';
    } else current += c;
  }
  out.push(current);
  return out;
}

/** A section read token by token; null when it uses what the fake does not render (dates, exponents, fractions, colours, conditions, fills). */
function readSection(text: string): Section | null {
  const parts: Part[] = [];
  const section: Section = {
    parts,
    integer: '',
    fraction: '',
    decimalPoint: false,
    grouping: false,
    thousands: 0,
    percent: 0,
  };
  let inNumber = false;
  let numberDone = false;
  let pendingCommas = 0;
  const literal = (s: string) => {
    if (inNumber) {
      inNumber = false;
      numberDone = true;
    }
    const last = parts[parts.length - 1];
    if (last && 'literal' in last) last.literal += s;
    else parts.push({ literal: s });
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '0' || c === '#' || c === '?' || c === '.' || (c === ',' && inNumber)) {
      if (numberDone) return null; // digits on both sides of literal text (e.g. a phone number): not rendered here
      if (!inNumber) {
        inNumber = true;
        parts.push({ number: true });
      }
      if (c === '.') {
        if (section.decimalPoint) return null;
        section.decimalPoint = true;
        section.thousands += pendingCommas;
        pendingCommas = 0;
      } else if (c === ',') {
        if (!section.decimalPoint) pendingCommas++;
      } else if (section.decimalPoint) section.fraction += c;
      else {
        if (pendingCommas > 0) section.grouping = true;
        pendingCommas = 0;
        section.integer += c;
      }
      continue;
    }
    if (inNumber && !section.decimalPoint) {
      section.thousands += pendingCommas;
      pendingCommas = 0;
    }
    if (c === '"') {
      const end = text.indexOf('"', i + 1);
      literal(text.slice(i + 1, end === -1 ? text.length : end));
      i = end === -1 ? text.length : end;
    } else if (c === '\\') {
      literal(text[i + 1] ?? '');
      i++;
    } else if (c === '%') {
      section.percent++;
      literal('%');
    } else if (LITERALS.has(c) || c === ',') literal(c);
    else return null;
  }
  if (inNumber && !section.decimalPoint) section.thousands += pendingCommas;
  return section;
}

/** |n| rounded half away from zero to `digits` decimals, as digits before and after the point. */
function roundedDigits(abs: number, digits: number): { int: string; frac: string } {
  const [mantissa, exponent = '0'] = abs.toExponential().split('e');
  const shifted = Number(`${mantissa}e${Number(exponent) + digits}`);
  const whole = BigInt(Math.round(shifted));
  const text = whole.toString().padStart(digits + 1, '0');
  return { int: text.slice(0, text.length - digits), frac: digits > 0 ? text.slice(-digits) : '' };
}

function renderSection(section: Section, abs: number): string {
  let value = abs * 100 ** section.percent;
  value /= 1000 ** section.thousands;
  const { int, frac } = roundedDigits(value, section.fraction.length);
  // Fraction: `0` keeps a trailing zero, `#` drops it, `?` shows a space in its place.
  let fraction = '';
  let trailing = true;
  for (let i = section.fraction.length - 1; i >= 0; i--) {
    const digit = frac[i] as string;
    const placeholder = section.fraction[i];
    if (trailing && digit === '0' && placeholder !== '0') {
      fraction = (placeholder === '?' ? ' ' : '') + fraction;
      continue;
    }
    trailing = false;
    fraction = digit + fraction;
  }
  // Integer: at least as many digits as the `0`s (and `?`s, as spaces) to the right of the first of them.
  const first = section.integer.search(/[0?]/);
  const required = first === -1 ? 0 : section.integer.length - first;
  let integer = int === '0' ? '' : int;
  if (integer.length < required) {
    const pad = section.integer.slice(first, first + required - integer.length).replace(/#/g, '0');
    integer = pad.replace(/\?/g, ' ') + integer;
  }
  if (section.grouping) integer = integer.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const number = integer + (section.decimalPoint ? `.${fraction}` : '');
  return section.parts.map((p) => ('literal' in p ? p.literal : number)).join('');
}

/**
 * `n` as Sheets shows it under `format` in an en_US spreadsheet, or null when the fake does not render that format (no
 * pattern and a type without an en_US default here, or tokens it does not know): the caller falls back to the automatic
 * format. Sections: one for every number (a negative one gets a leading `-`); two for positive and zero; negative; three
 * or four for positive; negative; zero (the text section is for text). A negative number's section shows its absolute
 * value: the sign is what the section writes (`+0.00;-0.00;0.00` shows 0.4 as `+0.40`, -0.4 as `-0.40`, 0 as `0.00`).
 */
export function formatByPattern(n: number, format: NumberFormat): string | null {
  const pattern = format.pattern ?? DEFAULT_PATTERNS[format.type ?? ''];
  if (pattern === undefined || pattern === '' || format.type === 'TEXT') return null;
  if (['DATE', 'TIME', 'DATE_TIME', 'SCIENTIFIC'].includes(format.type ?? '')) return null;
  const sections = splitSections(pattern);
  let index = 0;
  if (sections.length >= 3) index = n > 0 ? 0 : n < 0 ? 1 : 2;
  else if (sections.length === 2) index = n < 0 ? 1 : 0;
  const text = sections[index] as string;
  if (text === '') return '';
  const section = readSection(text);
  if (!section) return null;
  const shown = renderSection(section, Math.abs(n));
  return sections.length === 1 && n < 0 ? `-${shown}` : shown;
}
