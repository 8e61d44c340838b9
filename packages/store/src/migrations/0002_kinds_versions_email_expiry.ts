// Migration 0002: three resource kinds, organisations.version, the 'email' identity provider, api_keys.expires_at.
import { type Kysely, SqliteAdapter, sql } from 'kysely';
import { canonicalJson, isPlainObject } from '../json.ts';

/** Resource kinds added here; 0001 creates a table for every kind of the live list, hence IF NOT EXISTS. */
const NEW_KINDS = ['gap_attributions', 'compensation', 'potential_assessments'] as const;

const PROVIDERS = sql`provider in ('entra', 'google', 'email', 'dev')`;

async function createResourceTable(db: Kysely<unknown>, kind: string): Promise<void> {
  const table = `r_${kind}`;
  await db.schema
    .createTable(table)
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
    .addPrimaryKeyConstraint(`${table}_pk`, ['org_id', 'id'])
    .execute();
  for (const column of ['cycle_id', 'subject_id', 'parent_id'] as const) {
    await db.schema
      .createIndex(`${table}_${column}`)
      .ifNotExists()
      .on(table)
      .columns(['org_id', column, 'id'])
      .execute();
  }
}

/**
 * Widens the identities provider CHECK. PostgreSQL: replace the constraint. SQLite cannot alter a
 * constraint: rebuild the table (new table, copy, drop, rename; nothing references identities).
 */
async function widenProviders(db: Kysely<unknown>, sqlite: boolean): Promise<void> {
  if (!sqlite) {
    await sql`alter table identities drop constraint if exists identities_provider_check`.execute(db);
    await sql`alter table identities add constraint identities_provider_check check (${PROVIDERS})`.execute(
      db,
    );
    return;
  }
  await db.schema
    .createTable('identities_0002')
    .addColumn('org_id', 'text', (c) => c.notNull().references('organisations.id'))
    .addColumn('provider', 'text', (c) => c.notNull().check(PROVIDERS))
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('identities_pk', ['provider', 'subject'])
    .execute();
  await sql`insert into identities_0002 (org_id, provider, subject, person_id, created_at)
    select org_id, provider, subject, person_id, created_at from identities`.execute(db);
  await db.schema.dropTable('identities').execute();
  await db.schema.alterTable('identities_0002').renameTo('identities').execute();
  await db.schema
    .createIndex('identities_person')
    .on('identities')
    .columns(['org_id', 'person_id'])
    .execute();
}

/**
 * The API kept an organisation's version in settings.version (its e-mail identities under 'dev'):
 * move the version into the new column and drop it from the settings. Organisations are few.
 */
async function moveSettingsVersions(db: Kysely<unknown>): Promise<void> {
  const { rows } = await sql<{
    id: string;
    settings: string;
  }>`select id, settings from organisations`.execute(db);
  for (const row of rows) {
    let settings: unknown;
    try {
      settings = JSON.parse(row.settings);
    } catch {
      continue;
    }
    if (!isPlainObject(settings) || !('version' in settings)) continue;
    const { version, ...rest } = settings;
    const next = typeof version === 'number' && Number.isSafeInteger(version) && version >= 1 ? version : 1;
    await sql`update organisations set version = ${next}, settings = ${canonicalJson(rest)} where id = ${row.id}`.execute(
      db,
    );
  }
}

/** Portable DDL, plus the two engine-specific ways of widening a CHECK. */
export async function up(db: Kysely<unknown>): Promise<void> {
  const sqlite = db.getExecutor().adapter instanceof SqliteAdapter;

  for (const kind of NEW_KINDS) await createResourceTable(db, kind);

  await db.schema
    .alterTable('organisations')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1).check(sql`version >= 1`))
    .execute();
  await moveSettingsVersions(db);

  await widenProviders(db, sqlite);
  // The API linked e-mail identities (lower-cased) under 'dev' before 'email' existed.
  await sql`update identities set provider = 'email' where provider = 'dev'`.execute(db);

  await db.schema.alterTable('api_keys').addColumn('expires_at', 'text').execute();

  // store.idempotency.purge(olderThan) deletes by age.
  await db.schema
    .createIndex('idempotency_keys_created')
    .on('idempotency_keys')
    .column('created_at')
    .execute();
}
