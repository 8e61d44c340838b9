// Realistic valid requests: the calls the world's seed made (and the API accepted), matched to their operations.
import type { Caller, RecordedCall } from '../world/manifest.ts';
import type { OpenApiDoc, Operation, Schema } from './openapi.ts';
import { resolve } from './openapi.ts';

export interface Example {
  /** Index of the caller who made it. */
  caller: number;
  path: Record<string, string>;
  query: [string, string][];
  body?: unknown;
}

const MAX_PER_OPERATION = 60;

/** The recorded calls of each operation (at most 60, spread over the recording). */
/** Matches a recorded URL (path and query) against an operation's path template, capturing its parameters. */
export function matcher(op: Operation): (url: string) => RegExpExecArray | null {
  const pattern = new RegExp(
    `^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{(\w+)\}/g, '([^/?]+)')}(?:\\?(.*))?$`,
  );
  return (url) => pattern.exec(url);
}

export function examplesByOperation(
  operations: readonly Operation[],
  calls: readonly RecordedCall[],
  callers: readonly Caller[],
): Map<string, Example[]> {
  const byToken = new Map(callers.map((c, i) => [c.token, i]));
  const out = new Map<string, Example[]>();
  for (const op of operations) {
    const names = [...op.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1] ?? '');
    const match = matcher(op);
    const found: Example[] = [];
    for (const call of calls) {
      if (call.method !== op.method) continue;
      const m = match(call.url);
      const caller = byToken.get(call.token);
      if (!m || caller === undefined) continue;
      const path = Object.fromEntries(names.map((n, i) => [n, decodeURIComponent(m[i + 1] ?? '')]));
      const query = [...new URLSearchParams(m[names.length + 1] ?? '').entries()];
      found.push({ caller, path, query, ...(call.body !== undefined ? { body: call.body } : {}) });
    }
    const step = Math.max(1, Math.floor(found.length / MAX_PER_OPERATION));
    out.set(op.key, found.filter((_, i) => i % step === 0).slice(0, MAX_PER_OPERATION));
  }
  return out;
}

/**
 * Names of free-text fields: properties whose schema is a plain string (no enum, pattern or format),
 * where hostile strings are valid input and must round-trip.
 */
export function freeTextFields(doc: OpenApiDoc): Set<string> {
  const out = new Set<string>();
  const banned = new Set(['id', 'email', 'cursor', 'key', 'code', 'type', 'slug']);
  const seen = new Set<unknown>();
  const walk = (schema: unknown) => {
    if (schema === null || typeof schema !== 'object' || seen.has(schema)) return;
    seen.add(schema);
    const s = schema as Schema;
    const props = s.properties as Record<string, Schema> | undefined;
    for (const [name, raw] of Object.entries(props ?? {})) {
      const p = resolve(doc, raw);
      const types = Array.isArray(p.type) ? p.type : [p.type];
      const plain = types.includes('string') && !p.enum && !p.pattern && !p.format;
      if (plain && !banned.has(name) && !/Id$/.test(name)) out.add(name);
    }
    for (const v of Object.values(s)) {
      if (Array.isArray(v)) v.forEach(walk);
      else walk(v);
    }
  };
  walk(doc.components?.schemas ?? {});
  for (const item of Object.values(doc.paths)) walk(item);
  return out;
}
