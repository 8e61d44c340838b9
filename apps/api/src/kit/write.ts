// Writes: one transaction per request for the caller's organisation, with audit + feed recorded in one call.
import {
  type ChangeOp,
  type CreateResourceInput,
  type JsonObject,
  type ResourceKind,
  type ResourceRecord,
  StoreError,
  type Tx,
  type UpdateResourceInput,
} from '@perfloop/store';
import { Conflict, NotFound } from '../errors.ts';
import { staleVersion } from './etag.ts';
import { actionName, summarise } from './summary.ts';

export interface ChangeOptions {
  /** Audit action; default `<singular kind>.<op>` (e.g. `person.update`). */
  action?: string;
  /** Audit data; default: the new entity on create, a field diff on update, the name on delete. */
  summary?: unknown;
}

export interface RecordedChange extends ChangeOptions {
  kind: ResourceKind;
  op: ChangeOp;
  /** The record after the change (after softDelete for deletes). */
  record: ResourceRecord;
  /** The data before the change (update/delete), for the diff. */
  before?: JsonObject | null;
}

/** What a write handler gets inside the transaction. */
export interface Write {
  readonly tx: Tx;
  readonly orgId: string;
  /** Audit actor: person id, or `api_key:<id>`. */
  readonly actor: string;
  /** Audit entry + feed event for a resource change, in one call (do resource writes first). */
  record(change: RecordedChange): Promise<void>;
  /** An audit entry without a feed event (e.g. API keys, imports' summary). */
  audit(entry: { action: string; resourceKind?: string; resourceId?: string; data?: unknown }): Promise<void>;
  /** Creates the record and records the change. */
  create(kind: ResourceKind, input: CreateResourceInput, options?: ChangeOptions): Promise<ResourceRecord>;
  /**
   * Compare-and-set update (input.expectedVersion) and records the change. Missing → 404; another
   * version → 412 `stale_version` with details.currentVersion.
   */
  update(
    kind: ResourceKind,
    id: string,
    input: UpdateResourceInput,
    options?: ChangeOptions,
  ): Promise<ResourceRecord>;
  /** Compare-and-set soft delete; records a `delete` (feed data null). */
  remove(
    kind: ResourceKind,
    id: string,
    expectedVersion: number,
    options?: ChangeOptions,
  ): Promise<ResourceRecord>;
}

export function createWrite(tx: Tx, actor: string): Write {
  const orgId = tx.orgId;
  const w: Write = {
    tx,
    orgId,
    actor,
    async record({ kind, op, record, before = null, action, summary }) {
      const after = op === 'delete' ? null : record.data;
      await tx.audit({
        actor,
        action: action ?? actionName(kind, op),
        resourceKind: kind,
        resourceId: record.id,
        data: summary ?? summarise(op, before, after),
      });
      await tx.emit({ kind, resourceId: record.id, op, version: record.version, data: after });
    },
    async audit(entry) {
      await tx.audit({ actor, ...entry });
    },
    async create(kind, input, options = {}) {
      const record = await tx.resources(kind).create(orgId, input);
      await w.record({ kind, op: 'create', record, ...options });
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
      await w.record({ kind, op: 'update', record: result.record, before: before.data, ...options });
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
      await w.record({ kind, op: 'delete', record: result.record, before: before.data, ...options });
      return result.record;
    },
  };
  return w;
}

/** Store failures a client can act on, as ApiErrors; anything else is rethrown unchanged. */
export function translateStoreError(error: unknown): unknown {
  if (error instanceof StoreError && error.code === 'duplicate') {
    return new Conflict('A resource with this id already exists.', { code: 'duplicate' });
  }
  return error;
}
