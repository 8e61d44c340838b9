// Organisations (tenants): create, get, get by slug, list by id cursor; versioned updates inside a transaction.
import type { Kysely, Selectable } from 'kysely';
import { pageLimit } from './context.ts';
import { StoreError, translateError } from './errors.ts';
import { canonicalJson, isPlainObject, parseJsonObject, toInt } from './json.ts';
import type { Database, OrganisationsTable } from './schema.ts';
import { ORGANISATIONS_KIND, type WroteHook } from './tx-log.ts';
import type {
  Clock,
  CreateOrganisationInput,
  Organisation,
  OrganisationWriteResult,
  UpdateOrganisationInput,
} from './types.ts';

export function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    settings: parseJsonObject(row.settings),
    seq: toInt(row.seq),
    version: toInt(row.version),
    createdAt: row.created_at,
  };
}

export interface Organisations {
  /** Throws StoreError 'duplicate' when the id or slug is taken. */
  create(input: CreateOrganisationInput): Promise<Organisation>;
  get(id: string): Promise<Organisation | undefined>;
  getBySlug(slug: string): Promise<Organisation | undefined>;
  /** Ordered by id. */
  list(options?: {
    after?: string;
    limit?: number;
  }): Promise<{ organisations: Organisation[]; nextCursor: string | null }>;
}

export function organisations(db: Kysely<Database>, clock: Clock, guard: () => void): Organisations {
  return {
    async create(input) {
      guard();
      const settings = input.settings ?? {};
      if (!isPlainObject(settings))
        throw new StoreError('invalid_argument', 'settings must be a JSON object');
      try {
        const row = await db
          .insertInto('organisations')
          .values({
            id: input.id,
            name: input.name,
            slug: input.slug,
            settings: canonicalJson(settings),
            created_at: clock(),
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toOrganisation(row);
      } catch (error) {
        throw translateError(error, `organisation ${input.id} (slug ${input.slug})`);
      }
    },

    async get(id) {
      guard();
      const row = await db.selectFrom('organisations').selectAll().where('id', '=', id).executeTakeFirst();
      return row === undefined ? undefined : toOrganisation(row);
    },

    async getBySlug(slug) {
      guard();
      const row = await db
        .selectFrom('organisations')
        .selectAll()
        .where('slug', '=', slug)
        .executeTakeFirst();
      return row === undefined ? undefined : toOrganisation(row);
    },

    async list(options = {}) {
      guard();
      const limit = pageLimit(options.limit);
      let query = db.selectFrom('organisations').selectAll();
      if (options.after !== undefined) query = query.where('id', '>', options.after);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
      const page = rows.slice(0, limit).map(toOrganisation);
      const last = page.at(-1);
      return { organisations: page, nextCursor: rows.length > limit && last !== undefined ? last.id : null };
    },
  };
}

/** `tx.organisations`: the transaction's own organisation, read and updated inside the transaction. */
export interface TxOrganisations {
  get(orgId: string): Promise<Organisation | undefined>;
  /**
   * Atomic compare-and-set on `expectedVersion` (version + 1). It row-locks the organisation like
   * `tx.audit`/`tx.emit` do: do resource writes before it. Throws 'invalid_argument' when settings is not
   * a JSON object.
   */
  update(orgId: string, input: UpdateOrganisationInput): Promise<OrganisationWriteResult>;
}

export function txOrganisations(
  db: Kysely<Database>,
  guard: (orgId: string) => void,
  wrote?: WroteHook,
): TxOrganisations {
  async function get(orgId: string): Promise<Organisation | undefined> {
    const row = await db.selectFrom('organisations').selectAll().where('id', '=', orgId).executeTakeFirst();
    return row === undefined ? undefined : toOrganisation(row);
  }

  return {
    async get(orgId) {
      guard(orgId);
      return get(orgId);
    },

    async update(orgId, input) {
      guard(orgId);
      const { expectedVersion, name, settings } = input;
      if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 1) {
        throw new StoreError('invalid_argument', 'expectedVersion must be an integer ≥ 1');
      }
      if (name !== undefined && typeof name !== 'string') {
        throw new StoreError('invalid_argument', 'name must be a string');
      }
      if (settings !== undefined && !isPlainObject(settings)) {
        throw new StoreError('invalid_argument', 'settings must be a JSON object');
      }
      const row = await db
        .updateTable('organisations')
        .set({
          version: expectedVersion + 1,
          ...(name !== undefined && { name }),
          ...(settings !== undefined && { settings: canonicalJson(settings) }),
        })
        .where('id', '=', orgId)
        .where('version', '=', expectedVersion)
        .returningAll()
        .executeTakeFirst();
      if (row !== undefined) {
        await wrote?.(ORGANISATIONS_KIND, orgId);
        return { ok: true, record: toOrganisation(row) };
      }
      const current = await get(orgId);
      return current === undefined
        ? { ok: false, reason: 'not_found' }
        : { ok: false, reason: 'version_conflict', current };
    },
  };
}
