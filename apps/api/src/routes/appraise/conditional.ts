// Optional If-Match for action POSTs (submit, decline, cancel): checked when sent, the current version otherwise.
import type { Context } from 'hono';
import { requireIfMatch } from '../../kit/index.ts';

/** The version to compare-and-set against: the If-Match version when sent (412 if stale), else `currentVersion`. */
export function optionalIfMatch(c: Context, currentVersion: number): number {
  const header = c.req.header('If-Match');
  if (header === undefined || header.trim() === '') return currentVersion;
  return requireIfMatch(c, currentVersion);
}

/** Now as an ISO date-time (UTC): the API's clock. */
export { nowIso } from '../../kit/clock.ts';
