// Optimistic concurrency over HTTP: strong ETags `"<version>"` and the If-Match rules for writes.
import type { Context } from 'hono';
import { type ApiError, BadRequest, PreconditionFailed, PreconditionRequired } from '../errors.ts';

/** The strong ETag of a versioned record: `"<version>"`. */
export function etag(record: { version: number }): string {
  return `"${record.version}"`;
}

export type IfMatch =
  | { kind: 'missing' }
  | { kind: 'any' }
  | { kind: 'invalid' }
  | { kind: 'versions'; versions: number[] };

const STRONG = /^"(\d{1,15})"$/;
const WEAK = /^W\/"[^"]*"$/;

/** Parses an If-Match header. Weak tags never match (If-Match uses strong comparison). */
export function parseIfMatch(header: string | undefined): IfMatch {
  if (header === undefined || header.trim() === '') return { kind: 'missing' };
  if (header.trim() === '*') return { kind: 'any' };
  const versions: number[] = [];
  for (const part of header.split(',')) {
    const tag = part.trim();
    const strong = STRONG.exec(tag);
    if (strong?.[1] !== undefined) versions.push(Number(strong[1]));
    else if (!WEAK.test(tag)) return { kind: 'invalid' };
  }
  return { kind: 'versions', versions };
}

/** 412 `stale_version` carrying the current version (also used when a compare-and-set loses a race). */
export function staleVersion(currentVersion: number): ApiError {
  return new PreconditionFailed(
    `The resource has changed: it is at version ${currentVersion}. Read it again and retry with If-Match: "${currentVersion}".`,
    { code: 'stale_version', details: { currentVersion }, headers: { ETag: `"${currentVersion}"` } },
  );
}

/**
 * For PATCH/PUT/DELETE: returns the version the client based its change on. Missing header or `*` →
 * 428 `precondition_required`; malformed → 400 `invalid_if_match`; a tag other than the current
 * version → 412 `stale_version` (details.currentVersion). Pass the result to the store as
 * expectedVersion, so a concurrent writer is still caught by the compare-and-set.
 */
export function requireIfMatch(c: Context, currentVersion: number): number {
  const parsed = parseIfMatch(c.req.header('If-Match'));
  switch (parsed.kind) {
    case 'missing':
      throw new PreconditionRequired(
        `Send If-Match with the ETag you read (currently "${currentVersion}") to change this resource.`,
      );
    case 'any':
      throw new PreconditionRequired(
        'If-Match: * is not accepted here; send the ETag of the version you read.',
      );
    case 'invalid':
      throw new BadRequest('If-Match must be a list of strong ETags such as "3".', {
        code: 'invalid_if_match',
      });
    case 'versions':
      if (!parsed.versions.includes(currentVersion)) throw staleVersion(currentVersion);
      return currentVersion;
  }
}

const OPAQUE = /^"[\x21\x23-\x7e]{1,200}"$/;

/**
 * For a write conditional on an opaque ETag (one that is not a record version, e.g. a plan's, which also
 * covers its goals): the strong tags of If-Match, to compare with the current tag inside the write's
 * transaction. Missing header or `*` → 428 `precondition_required`; malformed → 400 `invalid_if_match`.
 * Weak tags never match (they are dropped).
 */
export function requireIfMatchTags(c: Context, what: string): string[] {
  const header = c.req.header('If-Match');
  if (header === undefined || header.trim() === '')
    throw new PreconditionRequired(`Send If-Match with the ETag of the ${what} you read.`);
  if (header.trim() === '*')
    throw new PreconditionRequired(
      `If-Match: * is not accepted here; send the ETag of the ${what} you read.`,
    );
  const tags: string[] = [];
  for (const part of header.split(',')) {
    const tag = part.trim();
    if (OPAQUE.test(tag)) tags.push(tag);
    else if (!WEAK.test(tag))
      throw new BadRequest(
        'If-Match must be a list of strong ETags as read, such as "p2-0a1b2c3d4e5f6a7b".',
        {
          code: 'invalid_if_match',
        },
      );
  }
  return tags;
}

/** 412 `stale_version` for an opaque ETag: details.currentETag and the ETag header carry the current one. */
export function staleTag(currentTag: string, detail: string): ApiError {
  return new PreconditionFailed(detail, {
    code: 'stale_version',
    details: { currentETag: currentTag },
    headers: { ETag: currentTag },
  });
}
