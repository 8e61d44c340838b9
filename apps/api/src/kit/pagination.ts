// Cursor pagination: `?limit=&cursor=` → `{ items, nextCursor }`, in memory or over a store listing.
import { z } from '@hono/zod-openapi';
import type { ResourcePage } from '@perfloop/store';
import { CURSOR_PATTERN, decodeCursor, encodeCursor } from './cursor.ts';
import { queryInteger } from './queryInteger.ts';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

/**
 * `cursor`: a `nextCursor` this API issued (see `cursor.ts`), decoded to the key the page resumes after;
 * anything else is 400 `validation_failed` on `cursor` (never a listing that restarts or comes back empty).
 */
export const PageCursor = z
  .string()
  .transform((value, ctx) => {
    const key = decodeCursor(value);
    if (key !== undefined) return key;
    ctx.addIssue({
      code: 'custom',
      message:
        'Not a cursor this API returned: pass the nextCursor of the previous page of the same listing unchanged, or leave cursor out to start at the beginning.',
    });
    return z.NEVER;
  })
  .optional()
  .openapi({
    param: { name: 'cursor', in: 'query' },
    description: 'The `nextCursor` of the previous page, unchanged (opaque; any other value is 400).',
    type: 'string',
    pattern: CURSOR_PATTERN.source,
    example: 'cGVyXzAwbXhjbHU4cGtlNGJsZXY.zi5ZKqPvEd',
  });

/** `limit` (1–500, default 50) and the opaque `cursor` from the previous page. Extend it with filters. */
export const PageQuery = z.strictObject({
  limit: queryInteger(1, MAX_PAGE_SIZE)
    .default(DEFAULT_PAGE_SIZE)
    .openapi({ param: { name: 'limit', in: 'query' }, example: DEFAULT_PAGE_SIZE }),
  cursor: PageCursor,
});
/** A page request: `cursor` is the decoded key (PageQuery's output), not the client's opaque cursor. */
export type PageParams = { limit: number; cursor?: string | undefined };

export interface Page<T> {
  items: T[];
  /** The opaque cursor (`encodeCursor`) the client passes as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The client's cursor for a page ending at `key` (null: the last page). */
export function pageCursor(key: string | null | undefined): string | null {
  return key === null || key === undefined ? null : encodeCursor(key);
}

/** `{ items, nextCursor }` of an item schema, registered under `name`. */
export function pageSchema<S extends z.ZodType>(item: S, name: string) {
  return z
    .object({
      items: z.array(item),
      nextCursor: z
        .string()
        .nullable()
        .openapi({ description: 'Cursor of the next page; null on the last page.' }),
    })
    .openapi(name);
}

/** Pages an in-memory list sorted by `key` (ascending, unique); the cursor is the last key returned. */
export function paginate<T>(sorted: readonly T[], key: (item: T) => string, params: PageParams): Page<T> {
  let start = 0;
  if (params.cursor !== undefined) {
    const cursor = params.cursor;
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (key(sorted[mid] as T) <= cursor) lo = mid + 1;
      else hi = mid;
    }
    start = lo;
  }
  const items = sorted.slice(start, start + params.limit);
  const last = items.at(-1);
  const more = start + params.limit < sorted.length;
  return { items, nextCursor: more && last !== undefined ? encodeCursor(key(last)) : null };
}

/** Maps a store page (id cursor) to an API page (opaque cursor). */
export function fromStorePage<T>(
  page: ResourcePage,
  map: (record: ResourcePage['records'][number]) => T,
): Page<T> {
  return { items: page.records.map(map), nextCursor: pageCursor(page.nextCursor) };
}
