// Notion ids: UUIDs, accepted with or without dashes and always answered dashed.
import { randomUUID } from 'node:crypto';
import { validationError } from './errors.ts';

export const newId = (): string => randomUUID();

const HEX32 = /^[0-9a-f]{32}$/i;

/** The dashed form of an id from a path or body; null when it is not a UUID. */
export function normaliseId(raw: string): string | null {
  const hex = raw.replace(/-/g, '');
  if (!HEX32.test(hex)) return null;
  const h = hex.toLowerCase();
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A path or body id, or 400 `validation_error` in Notion's wording. */
export function requireId(raw: unknown, path: string): string {
  const id = typeof raw === 'string' ? normaliseId(raw) : null;
  if (id === null) {
    throw validationError(`${path} should be a valid uuid, instead was \`${JSON.stringify(raw)}\`.`);
  }
  return id;
}

/** Short property ids like Notion's (URL-encoded, 4 characters). */
export function newPropertyId(taken: ReadonlySet<string>): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789%;:=?@[]^`{|}~';
  for (;;) {
    let id = '';
    for (let i = 0; i < 4; i++) id += alphabet[Math.floor(Math.random() * alphabet.length)];
    const encoded = encodeURIComponent(id);
    if (!taken.has(encoded)) return encoded;
  }
}
