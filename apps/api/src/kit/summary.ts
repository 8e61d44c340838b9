// Audit summaries: the new entity on create, a field-level diff on update, the id on delete. No secrets.
import type { ChangeOp, JsonObject } from '@perfloop/store';

/** Field names never written to the audit log (defence in depth: entities should not hold them). */
const SECRET_FIELDS = new Set(['key', 'secret', 'hash', 'password', 'token']);

const redact = (data: JsonObject): JsonObject =>
  Object.fromEntries(Object.entries(data).filter(([k]) => !SECRET_FIELDS.has(k)));

const same = (a: unknown, b: unknown): boolean => JSON.stringify(a) === JSON.stringify(b);

/** `{ field: { from, to } }` for each top-level field that changed. */
export function diff(before: JsonObject, after: JsonObject): Record<string, { from: unknown; to: unknown }> {
  const out: Record<string, { from: unknown; to: unknown }> = {};
  for (const key of new Set([...Object.keys(before), ...Object.keys(after)])) {
    if (SECRET_FIELDS.has(key) || same(before[key], after[key])) continue;
    out[key] = { from: before[key] ?? null, to: after[key] ?? null };
  }
  return out;
}

/** The default audit `data` of a change. */
export function summarise(op: ChangeOp, before: JsonObject | null, after: JsonObject | null): JsonObject {
  if (op === 'create') return { created: redact(after ?? {}) };
  if (op === 'update') return { changed: diff(before ?? {}, after ?? {}) };
  const name = before?.name;
  return { deleted: typeof name === 'string' ? { name } : {} };
}

/** `people` → `person`, `policies` → `policy`, `check_ins` → `check_in`: the audit action's subject. */
export function singular(kind: string): string {
  if (kind === 'people') return 'person';
  if (kind.endsWith('ies')) return `${kind.slice(0, -3)}y`;
  if (kind.endsWith('s')) return kind.slice(0, -1);
  return kind;
}

/** The audit action of a change: `<singular kind>.<op>`, e.g. `department.update`. */
export function actionName(kind: string, op: ChangeOp): string {
  return `${singular(kind)}.${op}`;
}
