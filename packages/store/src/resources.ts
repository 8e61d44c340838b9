// Repository for one resource kind: organisation-scoped CRUD with atomic optimistic concurrency.

import type { RepoContext } from './context.ts';
import { pageLimit } from './context.ts';
import { StoreError, translateError } from './errors.ts';
import { canonicalJson, isPlainObject, parseJsonObject } from './json.ts';
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

export function resourceRepository(ctx: RepoContext, kind: ResourceKind): ResourceRepository {
  const table = resourceTable(kind);
  const { db, clock, guard } = ctx;

  async function find(
    orgId: string,
    id: string,
    includeDeleted: boolean,
  ): Promise<ResourceRecord | undefined> {
    let query = db.selectFrom(table).selectAll().where('org_id', '=', orgId).where('id', '=', id);
    if (!includeDeleted) query = query.where('deleted_at', 'is', null);
    const row = await query.executeTakeFirst();
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

    async list(orgId, options: ListResourcesOptions = {}): Promise<ResourcePage> {
      guard(orgId);
      const limit = pageLimit(options.limit);
      if (options.ids !== undefined && options.ids.length === 0) return { records: [], nextCursor: null };
      let query = db.selectFrom(table).selectAll().where('org_id', '=', orgId);
      if (options.cycleId !== undefined) query = query.where('cycle_id', '=', options.cycleId);
      if (options.subjectId !== undefined) query = query.where('subject_id', '=', options.subjectId);
      if (options.parentId !== undefined) query = query.where('parent_id', '=', options.parentId);
      if (options.ids !== undefined) query = query.where('id', 'in', [...new Set(options.ids)]);
      if (options.includeDeleted !== true) query = query.where('deleted_at', 'is', null);
      if (options.after !== undefined) query = query.where('id', '>', options.after);
      const rows = await query
        .orderBy('id')
        .limit(limit + 1)
        .execute();
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
      let inserted: ResourceTable | undefined;
      try {
        // ON CONFLICT DO NOTHING: a duplicate id must not abort an enclosing PostgreSQL transaction.
        inserted = await db
          .insertInto(table)
          .values(row)
          .onConflict((oc) => oc.columns(['org_id', 'id']).doNothing())
          .returningAll()
          .executeTakeFirst();
      } catch (error) {
        throw translateError(error, `${kind} ${input.id}`);
      }
      if (inserted === undefined) throw new StoreError('duplicate', `${kind} ${input.id} already exists`);
      return toResourceRecord(inserted);
    },

    async update(orgId, id, input: UpdateResourceInput) {
      guard(orgId);
      checkVersion(input.expectedVersion);
      const row = await db
        .updateTable(table)
        .set({
          version: input.expectedVersion + 1,
          data: dataText(input.data),
          updated_at: clock(),
          ...(input.cycleId !== undefined && { cycle_id: input.cycleId }),
          ...(input.subjectId !== undefined && { subject_id: input.subjectId }),
          ...(input.parentId !== undefined && { parent_id: input.parentId }),
        })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('version', '=', input.expectedVersion)
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? failure(orgId, id) : { ok: true, record: toResourceRecord(row) };
    },

    async softDelete(orgId, id, expectedVersion) {
      guard(orgId);
      checkVersion(expectedVersion);
      const now = clock();
      const row = await db
        .updateTable(table)
        .set({ version: expectedVersion + 1, updated_at: now, deleted_at: now })
        .where('org_id', '=', orgId)
        .where('id', '=', id)
        .where('version', '=', expectedVersion)
        .where('deleted_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      return row === undefined ? failure(orgId, id) : { ok: true, record: toResourceRecord(row) };
    },
  };
}
