// A change-feed or audit position past the organisation's latest seq is refused (it would skip every change up to it).
import type { Store } from '@perfloop/store';
import { BadRequest } from '../errors.ts';

/**
 * Throws 400 `cursor_ahead` when `after` is beyond the organisation's latest seq. Positions the API hands out
 * (`nextCursor`) never are: the seq moves in the same commit that writes the feed event and the audit entry.
 * Read only when a page came back empty, so a reader that is keeping up pays nothing for it.
 */
export async function refuseAheadOfLog(
  store: Pick<Store, 'organisations'>,
  orgId: string,
  after: number,
  param: 'after' | 'cursor',
): Promise<void> {
  if (after === 0) return;
  const latest = (await store.organisations.get(orgId))?.seq ?? 0;
  if (after <= latest) return;
  const message = `${after} is past the latest seq (${latest}): pass a nextCursor this API returned, or 0 to read from the start.`;
  throw new BadRequest(`The ${param} position is ahead of the log (latest seq ${latest}).`, {
    code: 'cursor_ahead',
    errors: [{ path: param, message, code: 'cursor_ahead', location: 'query' }],
    details: { latestSeq: latest },
  });
}
