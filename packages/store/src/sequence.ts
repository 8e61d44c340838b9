// The per-organisation sequence shared by the audit log and the change feed.

import type { Kysely } from 'kysely';
import { StoreError } from './errors.ts';
import { toInt } from './json.ts';
import { rawQuery } from './raw-query.ts';
import type { Database } from './schema.ts';
import type { Engine } from './types.ts';

const NEXT_SEQ = 'update "organisations" set "seq" = "seq" + 1 where "id" = ? returning "seq"';

/**
 * Takes the organisation's next sequence number. The UPDATE row-locks the organisation until commit, which
 * serialises an organisation's writers on PostgreSQL, so sequence order equals commit order.
 */
export async function nextSeq(db: Kysely<Database>, engine: Engine, orgId: string): Promise<number> {
  const [row] = await rawQuery<{ seq: number | string }>(db, engine, NEXT_SEQ, [orgId]);
  if (row === undefined) throw new StoreError('not_found', `organisation ${orgId} not found`);
  return toInt(row.seq);
}
