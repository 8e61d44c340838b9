// JSON as stored: canonical text (sorted keys) written, parsed back into plain values on read.

/** Normalises a value the way JSON would (drops undefined, calls toJSON) and rejects what JSON can't hold. */
export function toJsonValue(value: unknown): unknown {
  if (value === undefined) return null;
  const text = JSON.stringify(value);
  if (text === undefined) return null;
  return JSON.parse(text);
}

/** Deterministic JSON: object keys sorted at every depth, no whitespace. */
export function canonicalJson(value: unknown): string {
  return write(toJsonValue(value));
}

function write(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(write).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
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
