// JSON as stored: canonical text (sorted keys) written, parsed back into plain values on read.

/**
 * Deterministic JSON: object keys sorted at every depth, no whitespace. Exactly
 * `JSON.stringify` of the value with sorted keys (toJSON, dropped undefined/function/symbol
 * properties, null for them in arrays and for non-finite numbers, TypeError on bigint and cycles),
 * written in one pass.
 */
export function canonicalJson(value: unknown): string {
  return write(value, '', []) ?? 'null';
}

/** `"key":` per key seen (keys repeat: records of a kind share their fields), bounded. */
const QUOTED_KEYS = new Map<string, string>();
const MAX_QUOTED_KEYS = 4096;

function quotedKey(key: string): string {
  let quoted = QUOTED_KEYS.get(key);
  if (quoted === undefined) {
    quoted = `${JSON.stringify(key)}:`;
    if (QUOTED_KEYS.size < MAX_QUOTED_KEYS) QUOTED_KEYS.set(key, quoted);
  }
  return quoted;
}

/** `undefined` when JSON would omit the value (undefined, functions, symbols). */
function write(input: unknown, key: string, ancestors: object[]): string | undefined {
  switch (typeof input) {
    case 'string':
      return JSON.stringify(input);
    case 'number':
      // String() writes a finite number exactly as JSON.stringify does (-0 as 0, 1e21 as 1e+21).
      return Number.isFinite(input) ? String(input) : 'null';
    case 'boolean':
      return input ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default:
      return undefined;
  }
  if (input === null) return 'null';
  let value: object = input;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const replaced: unknown = (value as { toJSON: (key: string) => unknown }).toJSON(key);
    if (typeof replaced !== 'object' || replaced === null) return write(replaced, key, ancestors);
    value = replaced;
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return JSON.stringify(value);
  }
  if (ancestors.includes(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.push(value);
  // Built by concatenation (V8 ropes), not arrays joined: about half the time for records of a few dozen fields.
  let text: string;
  if (Array.isArray(value)) {
    text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      text += write(value[i], String(i), ancestors) ?? 'null';
    }
    text += ']';
  } else {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record);
    let sorted = true;
    for (let i = 1; i < keys.length && sorted; i++) sorted = (keys[i - 1] as string) < (keys[i] as string);
    if (!sorted) keys.sort();
    text = '{';
    let first = true;
    for (const k of keys) {
      const item = write(record[k], k, ancestors);
      if (item === undefined) continue;
      if (!first) text += ',';
      text += quotedKey(k) + item;
      first = false;
    }
    text += '}';
  }
  ancestors.pop();
  return text;
}

/** Parses a stored JSON column. */
export function parseJson(text: string): unknown {
  return JSON.parse(text);
}

/** Parses a stored JSON object column; a non-object (never written by the store) becomes `{}`. */
export function parseJsonObject(text: string): Record<string, unknown> {
  const value: unknown = JSON.parse(text);
  return isPlainObject(value) ? value : {};
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Integer from a numeric column (PostgreSQL returns bigint as a string). */
export function toInt(value: number | string | bigint): number {
  const n = typeof value === 'number' ? value : Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`not a safe integer: ${String(value)}`);
  return n;
}
