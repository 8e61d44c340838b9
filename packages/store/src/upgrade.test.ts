// Upgrading a database built by migration 0001 alone: later migrations keep its data and convert what they must.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Kysely, Migrator, sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { auditHash, GENESIS_HASH, sha256Hex } from './audit-hash.ts';
import * as initial from './migrations/0001_initial.ts';
import { MIGRATIONS } from './migrations/provider.ts';
import { openStore } from './open-store.ts';
import { openPostgres } from './postgres.ts';
import type { Database } from './schema.ts';
import { openSqlite } from './sqlite.ts';
import type { StoreConfig } from './types.ts';

const url = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const dir = mkdtempSync(join(tmpdir(), 'perfloop-upgrade-'));
const schema = `t_${randomBytes(6).toString('hex')}_up`;
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  const { db } = await openPostgres({ url });
  try {
    await db.schema.dropSchema(schema).ifExists().cascade().execute();
  } finally {
    await db.destroy();
  }
});

const ONLY_0001 = { getMigrations: async () => ({ '0001_initial': initial }) };
/** 0001 creates a table per entry of the live RESOURCE_KINDS; as shipped it knew none of these. */
const KINDS_ADDED_LATER = [
  'r_gap_attributions',
  'r_compensation',
  'r_potential_assessments',
  'r_integration_states',
  'r_target_adjustments',
  'r_goal_corrections',
];
const AT = '2024-05-01T10:00:00.000Z';
const KEY_HASH = sha256Hex('pl_key');

/** Builds the 0001 schema and fills it the way the API did before 0002. */
async function seed0001(db: Kysely<Database>, migrationTableSchema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: ONLY_0001,
    ...(migrationTableSchema ? { migrationTableSchema } : {}),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined) throw error;
  for (const table of KINDS_ADDED_LATER) await db.schema.dropTable(table).execute();

  await db
    .insertInto('organisations')
    .values([
      {
        id: 'org_a',
        name: 'Acme',
        slug: 'acme',
        settings: '{"timezone":"Europe/Paris","version":3}',
        seq: 1,
        created_at: AT,
      },
      { id: 'org_b', name: 'Globex', slug: 'globex', settings: '{}', seq: 0, created_at: AT },
    ])
    .execute();
  await db
    .insertInto('identities')
    .values([
      { org_id: 'org_a', provider: 'dev', subject: 'ann@acme.test', person_id: 'per_ann', created_at: AT },
      { org_id: 'org_a', provider: 'entra', subject: 'tid:oid', person_id: 'per_ann', created_at: AT },
    ])
    .execute();
  await db
    .insertInto('api_keys')
    .values({
      id: 'key_1',
      org_id: 'org_a',
      name: 'ci',
      prefix: 'abcdef012345',
      hash: KEY_HASH,
      scopes: '["sync:notion"]',
      created_at: AT,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  await db
    .insertInto('r_goals')
    .values({
      org_id: 'org_a',
      id: 'gol_1',
      version: 2,
      cycle_id: 'cyc_1',
      subject_id: 'per_ann',
      parent_id: null,
      data: '{"title":"Ship"}',
      created_at: AT,
      updated_at: AT,
      deleted_at: null,
    })
    .execute();
  const content = {
    orgId: 'org_a',
    seq: 1,
    at: AT,
    actor: 'per_ann',
    action: 'goal.create',
    resourceKind: 'goals',
    resourceId: 'gol_1',
    data: { title: 'Ship' },
  };
  await db
    .insertInto('audit_log')
    .values({
      org_id: 'org_a',
      seq: 1,
      at: AT,
      actor: content.actor,
      action: content.action,
      resource_kind: content.resourceKind,
      resource_id: content.resourceId,
      data: '{"title":"Ship"}',
      prev_hash: GENESIS_HASH,
      hash: auditHash(GENESIS_HASH, content),
    })
    .execute();
}

async function expectUpgraded(config: StoreConfig): Promise<void> {
  const store = await openStore(config);
  try {
    const { rows } = await sql<{ name: string }>`select name from kysely_migration order by name`.execute(
      store.db,
    );
    expect(rows.map((r) => r.name)).toEqual(Object.keys(MIGRATIONS).sort());

    // The version moved out of the settings into its column; organisations without one start at 1.
    expect(await store.organisations.get('org_a')).toMatchObject({
      name: 'Acme',
      slug: 'acme',
      seq: 1,
      version: 3,
      settings: { timezone: 'Europe/Paris' },
      createdAt: AT,
    });
    expect((await store.organisations.get('org_a'))?.settings).not.toHaveProperty('version');
    expect(await store.organisations.get('org_b')).toMatchObject({ version: 1, settings: {} });

    // E-mail identities now live under 'email'; the rest is untouched.
    expect(await store.identities.find('email', 'Ann@Acme.test')).toMatchObject({
      orgId: 'org_a',
      personId: 'per_ann',
    });
    expect(await store.identities.find('dev', 'ann@acme.test')).toBeUndefined();
    expect(await store.identities.find('entra', 'tid:oid')).toMatchObject({
      personId: 'per_ann',
      createdAt: AT,
      unlinkedAt: null,
    });
    // 0005: existing logins are linked (no tombstone) and can be listed and unlinked.
    expect((await store.identities.listForPerson('org_a', 'per_ann')).map((i) => i.provider)).toEqual([
      'email',
      'entra',
    ]);
    // The widened CHECK still refuses unknown providers.
    await expect(
      sql`insert into identities (org_id, provider, subject, person_id, created_at)
        values ('org_a', 'bogus', 's', 'p', ${AT})`.execute(store.db),
    ).rejects.toThrow();

    expect(await store.apiKeys.findByPrefix('abcdef012345')).toEqual({
      id: 'key_1',
      orgId: 'org_a',
      name: 'ci',
      prefix: 'abcdef012345',
      hash: KEY_HASH,
      scopes: ['sync:notion'],
      createdAt: AT,
      lastUsedAt: null,
      revokedAt: null,
      expiresAt: null,
    });
    expect(await store.resources('goals').get('org_a', 'gol_1')).toMatchObject({
      version: 2,
      cycleId: 'cyc_1',
      data: { title: 'Ship' },
    });
    expect(await store.audit.verify('org_a')).toEqual({ ok: true, entries: 1 });

    // Everything 0002 added works on the upgraded database.
    await store.transaction('org_a', async (tx) => {
      await tx
        .resources('compensation')
        .create('org_a', { id: 'cmp_1', subjectId: 'per_ann', data: { band: 'B' } });
      const result = await tx.organisations.update('org_a', { expectedVersion: 3, name: 'Acme Corp' });
      expect(result).toMatchObject({ ok: true, record: { version: 4 } });
      await tx.audit({ actor: 'per_ann', action: 'organisation.update', resourceId: 'org_a' });
    });
    expect(await store.audit.verify('org_a')).toEqual({ ok: true, entries: 2 });
    expect(
      await store.identities.link({
        orgId: 'org_b',
        provider: 'email',
        subject: 'Bo@Globex.test',
        personId: 'per_bo',
      }),
    ).toMatchObject({ ok: true, identity: { subject: 'bo@globex.test' } });
    await expect(
      store.identities.link({
        orgId: 'org_b',
        provider: 'email',
        subject: 'ann@acme.test',
        personId: 'per_bo',
      }),
    ).resolves.toEqual({ ok: false, reason: 'linked_to_other_org' });
    const expiring = await store.apiKeys.create({
      id: 'key_2',
      orgId: 'org_b',
      name: 'k',
      prefix: 'fedcba987654',
      hash: KEY_HASH,
      scopes: [],
      expiresAt: '2031-01-01T00:00:00.000Z',
    });
    expect(expiring.expiresAt).toBe('2031-01-01T00:00:00.000Z');
  } finally {
    await store.close();
  }
}

describe('upgrading a 0001 database', () => {
  it('sqlite: keeps the data and applies 0002', async () => {
    const file = join(dir, 'v1.db');
    const { db } = openSqlite(file, 5000);
    try {
      await seed0001(db);
    } finally {
      await db.destroy();
    }
    await expectUpgraded({ kind: 'sqlite', file });
  });

  it('postgres: keeps the data and applies 0002', async () => {
    const { db } = await openPostgres({ url, schema });
    try {
      await seed0001(db, schema);
    } finally {
      await db.destroy();
    }
    await expectUpgraded({ kind: 'postgres', url, schema });
  });
});
