// The transaction handle: org-scoped repositories plus audit() and emit() on the org's sequence.
import type { Kysely } from 'kysely';
import { type ApiKeys, apiKeys } from './api-keys.ts';
import { appendAudit, latestAuditHash } from './audit.ts';
import type { RepoContext } from './context.ts';
import { StoreError } from './errors.ts';
import { appendChange } from './feed.ts';
import { type Idempotency, idempotency } from './idempotency.ts';
import { type Identities, identities } from './identities.ts';
import { type TxOrganisations, txOrganisations } from './organisations.ts';
import type { ResourceKind } from './resource-kinds.ts';
import { resourceRepository } from './resources.ts';
import type { Database } from './schema.ts';
import { nextSeq } from './sequence.ts';
import type {
  AuditEntry,
  AuditInput,
  ChangeInput,
  Clock,
  Engine,
  FeedEvent,
  ResourceRepository,
} from './types.ts';

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
  /** Appends a hash-chained audit entry; the first audit/emit call locks the organisation's sequence. */
  audit(entry: AuditInput): Promise<AuditEntry>;
  /** Appends a change-feed event on the same sequence. */
  emit(change: ChangeInput): Promise<FeedEvent>;
}

export interface TxHandle {
  tx: Tx;
  /** Marks the handle finished: later calls throw instead of running outside the transaction. */
  finish(): void;
}

export function createTx(db: Kysely<Database>, engine: Engine, clock: Clock, orgId: string): TxHandle {
  let done = false;
  /** Hash of the newest audit entry, once known (read after the org row is locked). */
  let prevHash: string | undefined;
  /** audit()/emit() run one at a time even when called concurrently, so the chain never forks. */
  let queue: Promise<unknown> = Promise.resolve();
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
  const ctx: RepoContext = { db, engine, clock, guard };

  function serial<T>(step: () => Promise<T>): Promise<T> {
    guard(orgId);
    const result = queue.then(step);
    queue = result.catch(() => undefined);
    return result;
  }

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
    idempotency: idempotency(db, engine, clock, guard),
    organisations: txOrganisations(db, guard),
    identities: identities(db, engine, clock, lookupGuard),
    apiKeys: apiKeys(db, engine, clock, lookupGuard),
    async audit(entry) {
      return serial(async () => {
        const seq = await nextSeq(db, engine, orgId);
        // Read only after nextSeq holds the row lock: on PostgreSQL a snapshot taken earlier could miss
        // the entry the previous writer committed while we waited.
        const prev = prevHash ?? (await latestAuditHash(db, engine, orgId));
        const written = await appendAudit(db, engine, orgId, seq, clock(), prev, entry);
        prevHash = written.hash;
        return written;
      });
    },
    async emit(change) {
      return serial(async () =>
        appendChange(db, engine, orgId, await nextSeq(db, engine, orgId), clock(), change),
      );
    },
  };

  return {
    tx,
    finish() {
      done = true;
    },
  };
}
