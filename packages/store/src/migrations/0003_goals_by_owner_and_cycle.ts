// Migration 0003: goals indexed by (org, owner, cycle, id) — "my goals in this cycle" is one index range.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('r_goals_subject_cycle')
    .ifNotExists()
    .on('r_goals')
    .columns(['org_id', 'subject_id', 'cycle_id', 'id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('r_goals_subject_cycle').ifExists().execute();
}
