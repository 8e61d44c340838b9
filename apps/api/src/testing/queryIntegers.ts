// Test table: query-number spellings every numeric query parameter must refuse (see kit/queryInteger.ts).

/** Every spelling the schema refuses, with why. */
export const REFUSED_QUERY_INTEGERS: readonly (readonly [string, string])[] = [
  ['', 'empty'],
  [' 5', 'leading blank'],
  ['5 ', 'trailing blank'],
  ['1e2', 'exponent'],
  ['1E2', 'upper-case exponent'],
  ['0x10', 'hexadecimal'],
  ['0b11', 'binary'],
  ['0o7', 'octal prefix'],
  ['05', 'leading zero'],
  ['00', 'two zeros'],
  ['5.0', 'decimal point'],
  ['5.', 'trailing point'],
  ['.5', 'fraction'],
  ['+5', 'plus sign'],
  ['-5', 'minus sign'],
  ['-0', 'negative zero'],
  ['5_0', 'numeric separator'],
  ['Infinity', 'infinity'],
  ['NaN', 'not a number'],
  ['٥', 'Arabic-Indic digit'],
  ['５', 'full-width digit'],
  ['five', 'words'],
];
