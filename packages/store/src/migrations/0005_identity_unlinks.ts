// Migration 0005: identities.unlinked_at — a login HR unlinked from a person stays as a tombstone that stops automatic re-linking.
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('identities').addColumn('unlinked_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('identities').dropColumn('unlinked_at').execute();
}
