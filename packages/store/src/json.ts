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

/** `undefined` when JSON would omit the value (undefined, functions, symbols). */
function write(input: unknown, key: string, ancestors: object[]): string | undefined {
  let value = input;
  if (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { toJSON?: unknown }).toJSON === 'function'
  ) {
    value = (value as { toJSON: (key: string) => unknown }).toJSON(key);
  }
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value);
    case 'number':
      return Number.isFinite(value) ? JSON.stringify(value) : 'null';
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      throw new TypeError('Do not know how to serialize a BigInt');
    case 'object':
      break;
    default:
      return undefined;
  }
  if (value === null) return 'null';
  if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    return JSON.stringify(value);
  }
  if (ancestors.includes(value)) throw new TypeError('Converting circular structure to JSON');
  ancestors.push(value);
  let text: string;
  if (Array.isArray(value)) {
    const items: string[] = [];
    for (let i = 0; i < value.length; i++) items.push(write(value[i], String(i), ancestors) ?? 'null');
    text = `[${items.join(',')}]`;
  } else {
    const record = value as Record<string, unknown>;
    const parts: string[] = [];
    for (const k of Object.keys(record).sort()) {
      const item = write(record[k], k, ancestors);
      if (item !== undefined) parts.push(`${JSON.stringify(k)}:${item}`);
    }
    text = `{${parts.join(',')}}`;
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
