// The store-facing port the verifiers resolve identities through (the store implements it).
/** Identity providers whose subjects are linked to people. */
export type IdentityProvider = 'entra' | 'google';

/** A person as authentication needs them: where they belong and what roles they hold. */
export interface PersonRef {
  orgId: string;
  personId: string;
  roles: readonly string[];
}

/** A stored API key: only the sha-256 (hex) of the whole key is kept, never the key itself. */
export interface ApiKeyRecord {
  id: string;
  orgId: string;
  prefix: string;
  /** Lower-case hex sha-256 of the complete key string `pl_<prefix>_<secret>`. */
  hash: string;
  scopes: readonly string[];
  /** ISO date-time; a revoked key is refused. */
  revokedAt: string | null;
  /** ISO date-time; optional expiry. */
  expiresAt?: string | null;
}

/**
 * Lookups the auth layer needs. `subject` is provider-specific: Entra `${tid}:${oid}`, Google `sub`.
 * Emails are passed lower-cased.
 */
export interface IdentityDirectory {
  findPersonByIdentity(provider: IdentityProvider, subject: string): Promise<PersonRef | null>;
  findPersonByEmail(email: string): Promise<PersonRef | null>;
  findApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | null>;
  /** Records last use; called without awaiting, so failures must not matter to the request. */
  touchApiKey(id: string): Promise<void>;
}
