// The per-organisation sequence shared by the audit log and the change feed.

import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { StoreError } from './errors.ts';
import { toInt } from './json.ts';
import type { Database } from './schema.ts';

/**
 * Takes the organisation's next sequence number. The UPDATE row-locks the organisation until commit, which
 * serialises an organisation's writers on PostgreSQL, so sequence order equals commit order.
 */
export async function nextSeq(db: Kysely<Database>, orgId: string): Promise<number> {
  const row = await db
    .updateTable('organisations')
    .set({ seq: sql<number>`seq + 1` })
    .where('id', '=', orgId)
    .returning('seq')
    .executeTakeFirst();
  if (row === undefined) throw new StoreError('not_found', `organisation ${orgId} not found`);
  return toInt(row.seq);
}
