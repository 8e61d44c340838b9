// Hostile values: odd Unicode, SQL and HTML fragments, very long strings, wrong-typed and out-of-range JSON values.
import fc from 'fast-check';

/** Strings that break naive code: lone surrogates, bidi controls, NUL, emoji sequences, SQL, HTML, templates. */
export const NASTY_STRINGS: readonly string[] = [
  '\ud800',
  'a\udfffb',
  '\udc00\ud800',
  '\u202eevil\u202c.txt',
  '\u200f\u200e\u061c',
  'שלום עולם',
  'مرحبا بالعالم',
  '\u0000',
  'a\u0000b',
  '\u0001\u0002\u001f\u007f',
  '\b\f\v\r\n\t',
  '👩‍👩‍👧‍👦🏳️‍🌈👍🏽',
  'Z̴̡̪͌a̵̰͑l̶̠̈g̷͍̈o̸̗͝',
  '\ufeff\u200b\u2060',
  '\uffff\ufffe\ufdd0',
  'line\u2028separator\u2029',
  'e\u0301 é İ ß ﬃ ǅ',
  ' ',
  '\u00a0\u3000\t',
  "'; DROP TABLE r_goals; --",
  "' OR '1'='1",
  '" OR ""="',
  "1'); DELETE FROM organisations; --",
  "\\'; SELECT * FROM api_keys --",
  '%_%\\%',
  '$1 $2 ?',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '"><svg/onload=alert(1)>',
  '&lt;&amp;&#x27;',
  '{"$ne":null}',
  '__proto__',
  'constructor',
  'toString',
  '../../../etc/passwd',
  '..%2f..%2f',
  '%s%s%s%n',
  '{{7*7}}$' + '{7*7}',
  'NaN',
  'Infinity',
  '-0',
  '1e999',
  '0x10',
  'null',
  'true',
  '𝕳'.repeat(3000),
  'x'.repeat(10_000),
  'é'.repeat(70_000),
];

/** A nasty string, or one built from random code points (surrogates and controls included). */
export const nastyString: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...NASTY_STRINGS) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 40 }) },
  {
    weight: 1,
    arbitrary: fc
      .array(fc.integer({ min: 0, max: 0xffff }), { minLength: 1, maxLength: 24 })
      .map((codes) => String.fromCharCode(...codes)),
  },
);

/**
 * Raw JSON number tokens JSON.stringify cannot write (overflow to Infinity, underflow, huge integers).
 * They travel as marked strings and are spliced into the body text by `spliceRawTokens`.
 */
const RAW_NUMBERS = [
  '1e400',
  '-1e400',
  '1e-400',
  '-0',
  '9007199254740993',
  '123456789012345678901234567890',
  '0.1e1',
];
const RAW_MARK = '\u0000RAW:';

export function rawToken(token: string): string {
  return `${RAW_MARK}${token}`;
}

/** Replaces `"<mark>token"` string literals in serialised JSON with the bare token. */
export function spliceRawTokens(json: string): string {
  return json.replace(/"\\u0000RAW:([^"]*)"/g, (_m, token: string) => token);
}

/** A value of the wrong type, or an out-of-range one, for any JSON position. */
export const wrongValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom<unknown>(null, true, false, 0, -1, 1.5, -1e308, 1e308, '', 'text', [], {}, [[[]]], {
    a: { b: {} },
  }),
  fc.constantFrom(...RAW_NUMBERS).map(rawToken),
  nastyString,
  fc.integer(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }),
);

/** Invalid JSON texts and non-object documents. */
export const MALFORMED_JSON: readonly string[] = [
  '',
  '{',
  '}',
  '{"a":',
  '{"a":1,}',
  "{'a':1}",
  '{a:1}',
  '{"a":1}garbage',
  '{"a":1}{"b":2}',
  '[',
  'nul',
  'NaN',
  'Infinity',
  '{"a":NaN}',
  '{"a":01}',
  '{"a":"\\x41"}',
  '{"a":"\\ud800"}',
  '/* comment */ {}',
  // Not malformed once decoded as fetch decodes a body (leading BOMs dropped): the oracles judge it as {}.
  '\ufeff{}',
  '{"a":"unterminated}',
  '{"a":1} // trailing',
  '\u0000',
];

/** Valid JSON that is not an object: every body here is an object. */
export const NON_OBJECT_JSON: readonly string[] = [
  'null',
  'true',
  '0',
  '-1',
  '"text"',
  '[]',
  '[{}]',
  '1e400',
];

/** `depth` nested arrays: a parser or validator recursing per level may overflow the stack. */
export function deepNesting(depth: number): string {
  return `${'['.repeat(depth)}${']'.repeat(depth)}`;
}

/** Keys that reach prototypes or look like operators. */
export const HOSTILE_KEYS: readonly string[] = [
  '__proto__',
  'constructor',
  'prototype',
  '$where',
  'toString',
  '',
];
