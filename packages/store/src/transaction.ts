// The transaction handle: org-scoped repositories plus audit() and emit(), recorded for the commit to sequence.

import type { Kysely } from 'kysely';
import { type ApiKeys, apiKeys } from './api-keys.ts';
import type { RepoContext } from './context.ts';
import { StoreError } from './errors.ts';
import { type Idempotency, idempotency } from './idempotency.ts';
import { type Identities, identities } from './identities.ts';
import { type TxOrganisations, txOrganisations } from './organisations.ts';
import { rawQuery } from './raw-query.ts';
import type { ResourceKind } from './resource-kinds.ts';
import { resourceRepository } from './resources.ts';
import type { Database } from './schema.ts';
import { auditEntry, changeEntry, createTxLog, type TxLog } from './tx-log.ts';
import type { AuditInput, ChangeInput, Clock, Engine, ResourceRepository } from './types.ts';

export interface Tx {
  readonly orgId: string;
  readonly engine: Engine;
  /** Same repository as `store.resources(kind)`, inside this transaction; other organisations are refused. */
  resources(kind: ResourceKind): ResourceRepository;
  /** Idempotency keys inside this transaction (store the response atomically with the write). */
  readonly idempotency: Idempotency;
  /** This organisation's row: read it, or update name/settings with a compare-and-set on its version. */
  readonly organisations: TxOrganisations;
  /** Link logins to people atomically with the person's write; `find` looks across organisations. */
  readonly identities: Identities;
  /** Create/revoke this organisation's keys atomically with their audit entry; `findByPrefix` looks across organisations. */
  readonly apiKeys: ApiKeys;
  /**
   * Records a hash-chained audit entry (its data is serialised now). It is written when the transaction
   * commits: every audit entry and feed event of the transaction then takes the organisation's next
   * seq, in call order, with one row lock on the organisation (so seq order is commit order). A
   * transaction for an unknown organisation fails at commit with 'not_found'.
   */
  audit(entry: AuditInput): Promise<void>;
  /** Records a change-feed event, sequenced with the audit entries at commit. */
  emit(change: ChangeInput): Promise<void>;
  /**
   * Holds a lock on `key` (within this organisation) until the transaction ends, for a decision on rows that
   * may not exist yet (row locks cannot cover a concurrent insert). `shared` holders do not wait for each
   * other; an `exclusive` holder waits for, and is waited for by, every other holder. PostgreSQL advisory
   * transaction locks (part of deadlock detection); on SQLite a write transaction excludes every other
   * writer anyway, so it only checks the transaction is open.
   */
  lock(key: string, mode: 'shared' | 'exclusive'): Promise<void>;
}

export interface TxHandle {
  tx: Tx;
  /** What the transaction recorded (read it after `fn` returned). */
  log: TxLog;
  /** Marks the handle finished: later calls throw instead of running outside the transaction. */
  finish(): void;
}

const LOCK_SHARED = 'select pg_advisory_xact_lock_shared(hashtextextended(?, 0))';
const LOCK_EXCLUSIVE = 'select pg_advisory_xact_lock(hashtextextended(?, 0))';

export function createTx(db: Kysely<Database>, engine: Engine, clock: Clock, orgId: string): TxHandle {
  let done = false;
  const log = createTxLog(orgId);
  const repos = new Map<ResourceKind, ResourceRepository>();

  const guard = (target: string | null): void => {
    if (done) throw new StoreError('closed', 'this transaction has already finished');
    if (target !== orgId) {
      throw new StoreError(
        'org_mismatch',
        `transaction for organisation ${orgId} cannot touch ${String(target)}`,
      );
    }
  };
  /** For lookups that start from a login or key prefix (any organisation): only the open check. */
  const lookupGuard = (target: string | null): void => guard(target ?? orgId);
  const wrote = (kind: string | null): void => {
    log.dirty = true;
    if (kind !== null) log.kinds.add(kind);
  };
  const ctx: RepoContext = { db, engine, clock, guard, wrote };

  const tx: Tx = {
    orgId,
    engine,
    resources(kind) {
      let repo = repos.get(kind);
      if (repo === undefined) {
        repo = resourceRepository(ctx, kind);
        repos.set(kind, repo);
      }
      return repo;
    },
    idempotency: idempotency(db, engine, clock, guard, wrote),
    organisations: txOrganisations(db, guard, wrote),
    identities: identities(db, engine, clock, lookupGuard, wrote),
    apiKeys: apiKeys(db, engine, clock, lookupGuard, wrote),
    async audit(entry) {
      guard(orgId);
      log.entries.push(auditEntry(entry));
    },
    async emit(change) {
      guard(orgId);
      log.entries.push(changeEntry(change));
    },
    async lock(key, mode) {
      guard(orgId);
      if (engine !== 'postgres') return;
      await rawQuery(db, engine, mode === 'shared' ? LOCK_SHARED : LOCK_EXCLUSIVE, [`${orgId}/${key}`]);
    },
  };

  return {
    tx,
    log,
    finish() {
      done = true;
    },
  };
}
