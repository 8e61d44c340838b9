// Public API of @perfloop/store: openStore, the Store and its repositories, and the record types.
export type { ApiKeys } from './api-keys.ts';
export type { AuditReader } from './audit.ts';
export { auditHash, GENESIS_HASH, sha256Hex } from './audit-hash.ts';
export type { ChangeEvent, ChangeListener, ChangeWatch } from './changes.ts';
export { StoreError, type StoreErrorCode } from './errors.ts';
export type { FeedReader } from './feed.ts';
export type { Idempotency, IdempotencyPurge } from './idempotency.ts';
export type { Identities } from './identities.ts';
export { canonicalJson } from './json.ts';
export { MIGRATIONS } from './migrations/provider.ts';
export { openStore } from './open-store.ts';
export type { Organisations, TxOrganisations } from './organisations.ts';
export { isResourceKind, RESOURCE_KINDS, type ResourceKind, resourceTable } from './resource-kinds.ts';
export type { Database } from './schema.ts';
export type { Store } from './store.ts';
export type { Tx } from './transaction.ts';
export type * from './types.ts';
