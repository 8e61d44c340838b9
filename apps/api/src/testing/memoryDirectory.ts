// Test helper: an in-memory IdentityDirectory with a few people and API keys.
import type { ApiKeyRecord, IdentityDirectory, IdentityProvider, PersonRef } from '../auth/identity.ts';

export interface MemoryDirectory extends IdentityDirectory {
  addPerson(
    person: PersonRef & { email?: string; identities?: { provider: IdentityProvider; subject: string }[] },
  ): void;
  addApiKey(record: ApiKeyRecord): void;
  readonly touched: string[];
}

export function createMemoryDirectory(): MemoryDirectory {
  const byEmail = new Map<string, PersonRef>();
  const byIdentity = new Map<string, PersonRef>();
  const keys = new Map<string, ApiKeyRecord>();
  const touched: string[] = [];
  return {
    touched,
    addPerson({ email, identities = [], ...person }) {
      if (email) byEmail.set(email.toLowerCase(), person);
      for (const { provider, subject } of identities) byIdentity.set(`${provider}|${subject}`, person);
    },
    addApiKey(record) {
      keys.set(record.prefix, record);
    },
    findPersonByIdentity: async (provider, subject) => byIdentity.get(`${provider}|${subject}`) ?? null,
    findPersonByEmail: async (email) => byEmail.get(email.toLowerCase()) ?? null,
    findApiKeyByPrefix: async (prefix) => keys.get(prefix) ?? null,
    touchApiKey: async (id) => {
      touched.push(id);
    },
  };
}
