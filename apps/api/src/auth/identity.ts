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

/** Narrows an e-mail lookup for a federated sign-in. */
export interface EmailScope {
  /**
   * Only a person of the organisation whose settings bind this Entra tenant (`entraTenantId`,
   * lower-case) matches: a token from another tenant never signs in by a look-alike UPN.
   */
  entraTenantId?: string;
}

/**
 * What linking a login found by the e-mail fallback did: `linked`; `linked_to_other_org` (another
 * organisation owns the login); `unlinked` (HR unlinked this login from this person: it must not sign
 * in as them by e-mail again until HR links it back).
 */
export type LinkOutcome = 'linked' | 'linked_to_other_org' | 'unlinked';

/**
 * Lookups the auth layer needs. `subject` is provider-specific: Entra `${tid}:${oid}`, Google `sub`.
 * Emails are passed lower-cased.
 */
export interface IdentityDirectory {
  findPersonByIdentity(provider: IdentityProvider, subject: string): Promise<PersonRef | null>;
  findPersonByEmail(email: string, scope?: EmailScope): Promise<PersonRef | null>;
  /**
   * Links a provider login to the person an e-mail fallback found, so later sign-ins resolve by the
   * login even when the e-mail changes. `unlinked` refuses the sign-in (see LinkOutcome).
   */
  linkIdentity(provider: IdentityProvider, subject: string, person: PersonRef): Promise<LinkOutcome>;
  findApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | null>;
  /** Records last use; called without awaiting, so failures must not matter to the request. */
  touchApiKey(id: string): Promise<void>;
}
