// What a transaction recorded for its commit: audit entries and feed events (sequenced at commit) and the kinds it wrote.
import { StoreError } from './errors.ts';
import { canonicalJson } from './json.ts';
import type { AuditInput, ChangeInput, ChangeOp } from './types.ts';

export type LogEntry =
  | {
      type: 'audit';
      actor: string;
      action: string;
      resourceKind: string | null;
      resourceId: string | null;
      /** The entry's data as canonical JSON, taken when it was recorded. */
      dataText: string;
    }
  | { type: 'change'; kind: string; resourceId: string; op: ChangeOp; version: number; dataText: string };

/** What the change tracker reports besides resource kinds. */
export const IDENTITIES_KIND = 'identities';
export const API_KEYS_KIND = 'api_keys';
export const ORGANISATIONS_KIND = 'organisations';

export interface TxLog {
  readonly orgId: string;
  /** Audit entries and feed events in call order: each takes the organisation's next seq at commit. */
  readonly entries: LogEntry[];
  /** What the transaction changed that others may cache: resource kinds, 'identities', 'api_keys', 'organisations'. */
  readonly kinds: Set<string>;
  /** Whether any write took effect (idempotency keys and API-key use included). */
  dirty: boolean;
}

export function createTxLog(orgId: string): TxLog {
  return { orgId, entries: [], kinds: new Set(), dirty: false };
}

/**
 * Called by a repository after a write took effect: `kind` names what changed for caches (null for
 * writes nobody caches: idempotency keys, API-key use).
 */
export type WroteHook = (kind: string | null, orgId: string) => void | Promise<void>;

const OPS: readonly string[] = ['create', 'update', 'delete'] satisfies ChangeOp[];

export function isChangeOp(value: unknown): value is ChangeOp {
  return typeof value === 'string' && OPS.includes(value);
}

/** Validates and serialises an audit input now (a caller may change the object afterwards). */
export function auditEntry(input: AuditInput): LogEntry {
  if (typeof input.actor !== 'string' || typeof input.action !== 'string') {
    throw new StoreError('invalid_argument', 'audit actor and action must be strings');
  }
  return {
    type: 'audit',
    actor: input.actor,
    action: input.action,
    resourceKind: input.resourceKind ?? null,
    resourceId: input.resourceId ?? null,
    dataText: canonicalJson(input.data ?? null),
  };
}

export function changeEntry(change: ChangeInput): LogEntry {
  if (!isChangeOp(change.op)) {
    throw new StoreError('invalid_argument', `unknown change op ${String(change.op)}`);
  }
  if (!Number.isSafeInteger(change.version)) {
    throw new StoreError('invalid_argument', 'change version must be an integer');
  }
  return {
    type: 'change',
    kind: change.kind,
    resourceId: change.resourceId,
    op: change.op,
    version: change.version,
    dataText: canonicalJson(change.data ?? null),
  };
}
