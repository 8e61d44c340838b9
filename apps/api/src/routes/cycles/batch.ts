// Several resource writes in one transaction: every row is written first, then the audit entries and feed events.
import type { CreateResourceInput, ResourceKind, ResourceRecord, UpdateResourceInput } from '@perfloop/store';
import { NotFound } from '../../errors.ts';
import { type ChangeOptions, type RecordedChange, staleVersion, type Write } from '../../kit/index.ts';

/**
 * Writes through a transaction's Write like `w.create/update/remove`, but defers their audit
 * entries and feed events to `flush()`: the organisation row (locked by the first audit/emit) is
 * then always locked after every resource row, the store's lock order on PostgreSQL.
 */
export interface Batch {
  readonly w: Write;
  create(kind: ResourceKind, input: CreateResourceInput, options?: ChangeOptions): Promise<ResourceRecord>;
  /** Compare-and-set; missing → 404, another version → 412 `stale_version`. */
  update(
    kind: ResourceKind,
    id: string,
    input: UpdateResourceInput,
    options?: ChangeOptions,
  ): Promise<ResourceRecord>;
  /**
   * Like update, for a record read in this transaction (`before`): compare-and-set on its version
   * without reading it again — one statement instead of two; the diff is taken from `before`, which
   * is what the row held if the version still matches.
   */
  updateRead(
    kind: ResourceKind,
    before: ResourceRecord,
    input: Omit<UpdateResourceInput, 'expectedVersion'>,
    options?: ChangeOptions,
  ): Promise<ResourceRecord>;
  remove(
    kind: ResourceKind,
    id: string,
    expectedVersion: number,
    options?: ChangeOptions,
  ): Promise<ResourceRecord>;
  /** Records every change (audit + feed), in the order they were made. */
  flush(): Promise<void>;
}

export function createBatch(w: Write): Batch {
  const changes: RecordedChange[] = [];
  const { tx, orgId } = w;
  return {
    w,
    async create(kind, input, options = {}) {
      const record = await tx.resources(kind).create(orgId, input);
      changes.push({ kind, op: 'create', record, ...options });
      return record;
    },
    async update(kind, id, input, options = {}) {
      const before = await tx.resources(kind).get(orgId, id);
      if (!before) throw new NotFound('The resource was not found.');
      const result = await tx.resources(kind).update(orgId, id, input);
      if (!result.ok) {
        if (result.reason === 'not_found') throw new NotFound('The resource was not found.');
        throw staleVersion(result.current.version);
      }
      changes.push({ kind, op: 'update', record: result.record, before: before.data, ...options });
      return result.record;
    },
    async updateRead(kind, before, input, options = {}) {
      const result = await tx
        .resources(kind)
        .update(orgId, before.id, { ...input, expectedVersion: before.version });
      if (!result.ok) {
        if (result.reason === 'not_found') throw new NotFound('The resource was not found.');
        throw staleVersion(result.current.version);
      }
      changes.push({ kind, op: 'update', record: result.record, before: before.data, ...options });
      return result.record;
    },
    async remove(kind, id, expectedVersion, options = {}) {
      const before = await tx.resources(kind).get(orgId, id);
      if (!before) throw new NotFound('The resource was not found.');
      const result = await tx.resources(kind).softDelete(orgId, id, expectedVersion);
      if (!result.ok) {
        if (result.reason === 'not_found') throw new NotFound('The resource was not found.');
        throw staleVersion(result.current.version);
      }
      changes.push({ kind, op: 'delete', record: result.record, before: before.data, ...options });
      return result.record;
    },
    async flush() {
      for (const change of changes.splice(0)) await w.record(change);
    },
  };
}
