// Migration 0007: the `goal_corrections` resource kind (HR's reasoned changes to what a person goal is scored from, after its plan was agreed).
import { type Kysely, sql } from 'kysely';

/** 0001 creates a table for every kind of the live list, hence IF NOT EXISTS (same shape as every `r_<kind>`). */
const TABLE = 'r_goal_corrections';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable(TABLE)
    .ifNotExists()
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('id', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().check(sql`version >= 1`))
    .addColumn('cycle_id', 'text')
    .addColumn('subject_id', 'text')
    .addColumn('parent_id', 'text')
    .addColumn('data', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('deleted_at', 'text')
    .addPrimaryKeyConstraint(`${TABLE}_pk`, ['org_id', 'id'])
    .execute();
  for (const column of ['cycle_id', 'subject_id', 'parent_id'] as const) {
    await db.schema
      .createIndex(`${TABLE}_${column}`)
      .ifNotExists()
      .on(TABLE)
      .columns(['org_id', column, 'id'])
      .execute();
  }
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable(TABLE).ifExists().execute();
}
