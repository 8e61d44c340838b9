// Repository for one resource kind: organisation-scoped CRUD with atomic optimistic concurrency.

import type { RepoContext } from './context.ts';
import { pageLimit } from './context.ts';
import { StoreError, translateError } from './errors.ts';
import { canonicalJson, isPlainObject, parseJsonObject } from './json.ts';
import { columnList, placeholders, rawQuery } from './raw-query.ts';
import { type ResourceKind, resourceTable } from './resource-kinds.ts';
import type { ResourceTable } from './schema.ts';
import type {
  CreateResourceInput,
  ListResourcesOptions,
  ResourcePage,
  ResourceRecord,
  ResourceRepository,
  UpdateResourceInput,
  WriteResult,
} from './types.ts';

export function toResourceRecord(row: ResourceTable): ResourceRecord {
  return {
    orgId: row.org_id,
    id: row.id,
    version: row.version,
    cycleId: row.cycle_id,
    subjectId: row.subject_id,
    parentId: row.parent_id,
    data: parseJsonObject(row.data),
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    deletedAt: row.deleted_at,
  };
}

function dataText(data: unknown): string {
  if (!isPlainObject(data)) throw new StoreError('invalid_argument', 'resource data must be a JSON object');
  return canonicalJson(data);
}

function checkVersion(expectedVersion: number): void {
  if (!Number.isSafeInteger(expectedVersion) || expectedVersion < 1) {
    throw new StoreError('invalid_argument', 'expectedVersion must be an integer ≥ 1');
  }
}

const COLUMNS = [
  'org_id',
  'id',
  'version',
  'cycle_id',
  'subject_id',
  'parent_id',
  'data',
  'created_at',
  'updated_at',
  'deleted_at',
] as const satisfies readonly (keyof ResourceTable)[];

type Statements = ReturnType<typeof buildStatements>;
const statementsByTable = new Map<string, Statements>();

/** The statements of one `r_<kind>` table (fixed text: see raw-query.ts), built once per table. */
function statements(table: string): Statements {
  let built = statementsByTable.get(table);
  if (built === undefined) {
    built = buildStatements(table);
    statementsByTable.set(table, built);
  }
  return built;
}

function buildStatements(table: string) {
  const live = '"deleted_at" is null';
  // The columns by name, never a star: the result's shape is then fixed by this text, so it can run as a named
  // prepared statement (PostgreSQL refuses a cached plan whose result type a migration changed).
  const all = columnList(COLUMNS);
  const casWhere = `where "org_id" = ? and "id" = ? and "version" = ? and ${live} returning ${all}`;
  const updates = new Map<string, string>();
  const guarded = new Map<string, string>();
  return {
    find: `select ${all} from "${table}" where "org_id" = ? and "id" = ? and ${live}`,
    version: `select "version" from "${table}" where "org_id" = ? and "id" = ? and ${live}`,
    versionForShare: `select "version" from "${table}" where "org_id" = ? and "id" = ? and ${live} for share`,
    versionForUpdate: `select "version" from "${table}" where "org_id" = ? and "id" = ? and ${live} for update`,
    findAny: `select ${all} from "${table}" where "org_id" = ? and "id" = ?`,
    create:
      `insert into "${table}" (${columnList(COLUMNS)}) values (${placeholders(COLUMNS.length)}) ` +
      'on conflict ("org_id", "id") do nothing returning "version"',
    /** Create while `required` holds a live record at a version (params: the row, then org, id, version). */
    createRequiring: (required: string, lock: boolean) => {
      const key = `${required}:${lock}`;
      let text = guarded.get(key);
      if (text === undefined) {
        text =
          `insert into "${table}" (${columnList(COLUMNS)}) select ${placeholders(COLUMNS.length)} ` +
          `where exists (select 1 from "${required}" where "org_id" = ? and "id" = ? and "version" = ? and ${live}${lock ? ' for share' : ''}) ` +
          'on conflict ("org_id", "id") do nothing returning "version"';
        guarded.set(key, text);
      }
      return text;
    },
    /** `set` is the assignments clause (its placeholders come first). */
    update: (set: string) => {
      let text = updates.get(set);
      if (text === undefined) {
        text = `update "${table}" set ${set} ${casWhere}`;
        updates.set(set, text);
      }
      return text;
    },
    softDelete: `update "${table}" set "version" = ?, "updated_at" = ?, "deleted_at" = ? ${casWhere}`,
    list: (where: string) => `select ${all} from "${table}" where "org_id" = ?${where} order by "id" limit ?`,
  };
}

export function resourceRepository(ctx: RepoContext, kind: ResourceKind): ResourceRepository {
  const table = resourceTable(kind);
  const { db, engine, clock, guard } = ctx;
  const stmt = statements(table);
  const query = (text: string, params: readonly unknown[]) =>
    rawQuery<ResourceTable>(db, engine, text, params);

  async function find(
    orgId: string,
    id: string,
    includeDeleted: boolean,
  ): Promise<ResourceRecord | undefined> {
    const [row] = await query(includeDeleted ? stmt.findAny : stmt.find, [orgId, id]);
    return row === undefined ? undefined : toResourceRecord(row);
  }

  /** After a compare-and-set matched nothing: tell a missing record from a stale version. */
  async function failure(orgId: string, id: string): Promise<WriteResult> {
    const current = await find(orgId, id, false);
    return current === undefined
      ? { ok: false, reason: 'not_found' }
      : { ok: false, reason: 'version_conflict', current };
  }

  return {
    kind,

    async get(orgId, id, options = {}) {
      guard(orgId);
      return find(orgId, id, options.includeDeleted === true);
    },

    async version(orgId, id, options = {}) {
      guard(orgId);
      const text =
        engine !== 'postgres'
          ? stmt.version
          : options.exclusive === true
            ? stmt.versionForUpdate
            : options.share === true
              ? stmt.versionForShare
              : stmt.version;
      const [row] = await rawQuery<{ version: number | string }>(db, engine, text, [orgId, id]);
      return row === undefined ? undefined : Number(row.version);
    },

    async list(orgId, options: ListResourcesOptions = {}): Promise<ResourcePage> {
      guard(orgId);
      const limit = pageLimit(options.limit);
      if (options.ids !== undefined && options.ids.length === 0) return { records: [], nextCursor: null };
      let where = '';
      const params: unknown[] = [orgId];
      const filter = (clause: string, value: unknown) => {
        where += ` and ${clause}`;
        params.push(value);
      };
      if (options.cycleId !== undefined) filter('"cycle_id" = ?', options.cycleId);
      if (options.subjectId !== undefined) filter('"subject_id" = ?', options.subjectId);
      if (options.parentId !== undefined) filter('"parent_id" = ?', options.parentId);
      if (options.ids !== undefined) {
        const ids = [...new Set(options.ids)];
        where += ` and "id" in (${placeholders(ids.length)})`;
        params.push(...ids);
      }
      if (options.includeDeleted !== true) where += ' and "deleted_at" is null';
      if (options.after !== undefined) filter('"id" > ?', options.after);
      params.push(limit + 1);
      const rows = await query(stmt.list(where), params);
      const page = rows.slice(0, limit).map(toResourceRecord);
      const last = page.at(-1);
      return { records: page, nextCursor: rows.length > limit && last !== undefined ? last.id : null };
    },

    async create(orgId, input: CreateResourceInput) {
      guard(orgId);
      const now = clock();
      const row: ResourceTable = {
        org_id: orgId,
        id: input.id,
        version: 1,
        cycle_id: input.cycleId ?? null,
        subject_id: input.subjectId ?? null,
        parent_id: input.parentId ?? null,
        data: dataText(input.data),
        created_at: now,
        updated_at: now,
        deleted_at: null,
      };
      // RETURNING only tells whether the row went in: every column is `row` (no defaults, no triggers), so the
      // record is built from it rather than from the data text sent back.
      let inserted: { version: number | string } | undefined;
      const { requires } = input;
      const values = COLUMNS.map((column) => row[column]);
      try {
        // ON CONFLICT DO NOTHING: a duplicate id must not abort an enclosing PostgreSQL transaction.
        [inserted] =
          requires === undefined
            ? await query(stmt.create, values)
            : await query(stmt.createRequiring(resourceTable(requires.kind), engine === 'postgres'), [
                ...values,
                orgId,
                requires.id,
                requires.version,
              ]);
      } catch (error) {
        throw translateError(error, `${kind} ${input.id}`);
      }
      if (inserted === undefined) {
        if (requires !== undefined) {
          const [current] = await rawQuery<{ version: number | string }>(
            db,
            engine,
            statements(resourceTable(requires.kind)).version,
            [orgId, requires.id],
          );
          if (current === undefined || Number(current.version) !== requires.version) {
            throw new StoreError(
              'precondition_failed',
              `${requires.kind} ${requires.id} is not at version ${requires.version}`,
            );
          }
        }
        throw new StoreError('duplicate', `${kind} ${input.id} already exists`);
      }
      await ctx.wrote?.(kind, orgId);
      return toResourceRecord(row);
    },

    async update(orgId, id, input: UpdateResourceInput) {
      guard(orgId);
      checkVersion(input.expectedVersion);
      let set = '"version" = ?, "data" = ?, "updated_at" = ?';
      const params: unknown[] = [input.expectedVersion + 1, dataText(input.data), clock()];
      for (const [column, value] of [
        ['cycle_id', input.cycleId],
        ['subject_id', input.subjectId],
        ['parent_id', input.parentId],
      ] as const) {
        if (value === undefined) continue;
        set += `, "${column}" = ?`;
        params.push(value);
      }
      const [row] = await query(stmt.update(set), [...params, orgId, id, input.expectedVersion]);
      if (row === undefined) return failure(orgId, id);
      await ctx.wrote?.(kind, orgId);
      return { ok: true, record: toResourceRecord(row) };
    },

    async softDelete(orgId, id, expectedVersion) {
      guard(orgId);
      checkVersion(expectedVersion);
      const now = clock();
      const [row] = await query(stmt.softDelete, [expectedVersion + 1, now, now, orgId, id, expectedVersion]);
      if (row === undefined) return failure(orgId, id);
      await ctx.wrote?.(kind, orgId);
      return { ok: true, record: toResourceRecord(row) };
    },
  };
}
