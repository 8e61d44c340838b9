// Authorisation: roles, per-request Access, organisation snapshots and service scopes.
export { type Access, type AccessRole, actorOf, createAccess } from './access.ts';
export { type AccessLoader, createAccessLoader } from './loader.ts';
export { recuse } from './recusal.ts';
export {
  grantsOf,
  INTEGRATIONS,
  isServiceScope,
  type ScopeGrant,
  SERVICE_SCOPE_NAMES,
  SERVICE_SCOPES,
  type ServiceScope,
} from './scopes.ts';
export {
  CorruptOrganisation,
  type Entry,
  listAll,
  loadOrgSnapshot,
  type OrgSnapshot,
  type ResourceSource,
} from './snapshot.ts';
export {
  createSnapshotCache,
  DEFAULT_CACHED_ORGS,
  type SnapshotCache,
  type SnapshotCacheOptions,
  type SnapshotSource,
} from './snapshotCache.ts';
