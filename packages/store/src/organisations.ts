// Organisations (tenants): create, get, get by slug, list by id cursor.
import type { Kysely, Selectable } from 'kysely';
import { pageLimit } from './context.ts';
import { StoreError, translateError } from './errors.ts';
import { canonicalJson, isPlainObject, parseJsonObject, toInt } from './json.ts';
import type { Database, OrganisationsTable } from './schema.ts';
import type { Clock, CreateOrganisationInput, Organisation } from './types.ts';

export function toOrganisation(row: Selectable<OrganisationsTable>): Organisation {
  return {
    id: row.id,
    name: row.name,
    slug: row.slug,
    settings: parseJsonObject(row.settings),
    seq: toInt(row.seq),
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
