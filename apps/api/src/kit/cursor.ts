// Opaque page cursors: the last key of a page, base64url-encoded with a check, so only a cursor this API issued is taken.
import { createHash } from 'node:crypto';

/** Characters of the check (base64url of a SHA-256, so 60 bits). */
const CHECK_LENGTH = 10;
/** Versioned, so a later format can tell its cursors from these. */
const DOMAIN = 'perfloop.page-cursor.v1\u0000';

export const CURSOR_PATTERN = /^[A-Za-z0-9_-]{1,400}\.[A-Za-z0-9_-]{10}$/;
/**
 * Keys are ids (store id cursors and in-memory pages keyed by id). The check has no secret, so a decoded
 * key is held to the id alphabet too: text no id can be (NUL above all, which PostgreSQL refuses) never
 * reaches the database.
 */
const KEY_PATTERN = /^[\w.:@-]{1,256}$/;

function check(key: string): string {
  return createHash('sha256')
    .update(DOMAIN + key)
    .digest('base64url')
    .slice(0, CHECK_LENGTH);
}

/**
 * The cursor handed to clients for a page ending at `key` (an id, in the listings' key order). Not a
 * secret and not a signature: the check only makes a cursor the API never issued (a typo, a truncated
 * value, an id pasted in its place) a 400 instead of a listing that silently restarts or comes back empty.
 */
export function encodeCursor(key: string): string {
  return `${Buffer.from(key, 'utf8').toString('base64url')}.${check(key)}`;
}

/** The key behind a cursor from `encodeCursor`; undefined for anything else. */
export function decodeCursor(cursor: string): string | undefined {
  if (!CURSOR_PATTERN.test(cursor)) return undefined;
  const dot = cursor.indexOf('.');
  const key = Buffer.from(cursor.slice(0, dot), 'base64url').toString('utf8');
  if (!KEY_PATTERN.test(key) || encodeCursor(key) !== cursor) return undefined;
  return key;
}
