// Test helper: an in-memory IdentityDirectory with a few people and API keys.
import type { ApiKeyRecord, IdentityDirectory, IdentityProvider, PersonRef } from '../auth/identity.ts';

export interface MemoryDirectory extends IdentityDirectory {
  addPerson(
    person: PersonRef & { email?: string; identities?: { provider: IdentityProvider; subject: string }[] },
  ): void;
  addApiKey(record: ApiKeyRecord): void;
  /** Binds an organisation to an Entra tenant (its `entraTenantId` setting). */
  setEntraTenant(orgId: string, tenantId: string): void;
  readonly touched: string[];
  /** `provider|subject → personId` for every linkIdentity call that linked. */
  readonly linked: string[];
  /** As HR's unlink: the login no longer finds the person, and linkIdentity to them answers `unlinked`. */
  unlink(provider: IdentityProvider, subject: string, personId: string): void;
}

export function createMemoryDirectory(): MemoryDirectory {
  const byEmail = new Map<string, PersonRef>();
  const byIdentity = new Map<string, PersonRef>();
  const keys = new Map<string, ApiKeyRecord>();
  const tenants = new Map<string, string>();
  const touched: string[] = [];
  const linked: string[] = [];
  /** `provider|subject|personId` of unlinked logins. */
  const unlinked = new Set<string>();
  return {
    touched,
    linked,
    addPerson({ email, identities = [], ...person }) {
      if (email) byEmail.set(email.toLowerCase(), person);
      for (const { provider, subject } of identities) byIdentity.set(`${provider}|${subject}`, person);
    },
    addApiKey(record) {
      keys.set(record.prefix, record);
    },
    setEntraTenant(orgId, tenantId) {
      tenants.set(orgId, tenantId.toLowerCase());
    },
    findPersonByIdentity: async (provider, subject) => byIdentity.get(`${provider}|${subject}`) ?? null,
    findPersonByEmail: async (email, scope = {}) => {
      const person = byEmail.get(email.toLowerCase()) ?? null;
      if (person === null || scope.entraTenantId === undefined) return person;
      return tenants.get(person.orgId) === scope.entraTenantId ? person : null;
    },
    unlink(provider, subject, personId) {
      if (byIdentity.get(`${provider}|${subject}`)?.personId === personId) {
        byIdentity.delete(`${provider}|${subject}`);
      }
      unlinked.add(`${provider}|${subject}|${personId}`);
    },
    linkIdentity: async (provider, subject, person) => {
      if (unlinked.has(`${provider}|${subject}|${person.personId}`)) return 'unlinked';
      byIdentity.set(`${provider}|${subject}`, person);
      linked.push(`${provider}|${subject} → ${person.personId}`);
      return 'linked';
    },
    findApiKeyByPrefix: async (prefix) => keys.get(prefix) ?? null,
    touchApiKey: async (id) => {
      touched.push(id);
    },
  };
}
