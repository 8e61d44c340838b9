// The API's outside world: the store (SQLite file or PostgreSQL) and the IdentityDirectory built on it.
import { join } from 'node:path';
import { PersonSchema } from '@perfloop/core';
import {
  type BatchLimits,
  type Clock,
  type Identities,
  type JsonObject,
  type LinkResult,
  openStore,
  type Store,
  type StoreConfig,
} from '@perfloop/store';
import type {
  ApiKeyRecord,
  EmailScope,
  IdentityDirectory,
  IdentityProvider,
  LinkOutcome,
  PersonRef,
} from './auth/identity.ts';
import { createTrackedCache } from './cache/trackedCache.ts';
import { createSeedClock, type SeedClock } from './demo/seedClock.ts';
import type { Env } from './env.ts';

/**
 * E-mail identities (dev sign-in, and the Entra/Google fallback by e-mail) live in the store's
 * identities table under its `email` provider, subject = the lower-cased e-mail (store migration 0002
 * moved the ones kept under `dev` before).
 */
export const EMAIL_IDENTITY_PROVIDER = 'email';
export const SQLITE_FILE_NAME = 'perfloop.sqlite';

export interface Deps {
  store: Store;
  directory: IdentityDirectory;
  /** True when the database answers. */
  ready: () => Promise<boolean>;
  /** Closes the store. */
  close: () => Promise<void>;
  /**
   * With the demo seed on (env.seed), the clock the store was opened with: seedOnFirstStart turns it back while it
   * records the story's check-ins, so each is recorded the day it was held. The system clock otherwise.
   */
  clock?: SeedClock;
}

export interface DepsOptions {
  /** PostgreSQL schema (tests use one per file); default: the connection's search_path. */
  schema?: string;
  /**
   * The store's nested-transaction check (AsyncLocalStorage, which costs every request its promise
   * hooks): on in development and tests, off in production by default.
   */
  detectNestedTransactions?: boolean;
  /** Group-commit limits and the per-commit hook (the benchmark counts transactions per commit). */
  batch?: BatchLimits;
  /** The store's clock; default the system clock (the demo seed's when the seed is on, see `createDeps`). */
  clock?: Clock;
}

/** The store configuration for this environment: `${dataDir}/perfloop.sqlite` or DATABASE_URL. */
export function storeConfig(env: Env, options: DepsOptions = {}): StoreConfig {
  const detectNestedTransactions = options.detectNestedTransactions ?? !env.production;
  if (env.database.kind === 'postgres') {
    return {
      kind: 'postgres',
      url: env.database.url,
      preparedStatements: env.database.preparedStatements,
      detectNestedTransactions,
      ...(options.schema ? { schema: options.schema } : {}),
      ...(options.batch ? { batch: options.batch } : {}),
      ...(options.clock ? { clock: options.clock } : {}),
    };
  }
  return {
    kind: 'sqlite',
    file: join(env.database.dataDir, SQLITE_FILE_NAME),
    detectNestedTransactions,
    ...(options.batch ? { batch: options.batch } : {}),
    ...(options.clock ? { clock: options.clock } : {}),
  };
}

/**
 * Opens (and migrates) the store and builds the directory, readiness probe and close on it. With the demo seed on and
 * no clock given, the store runs on a seed clock (`Deps.clock`, passed on by `seedOnFirstStart(env, deps)`).
 */
export async function createDeps(env: Env, options: DepsOptions = {}): Promise<Deps> {
  const seedClock = env.seed && options.clock === undefined ? createSeedClock() : undefined;
  const store = await openStore(
    storeConfig(env, seedClock ? { ...options, clock: seedClock.clock } : options),
  );
  return seedClock ? { ...depsFor(store), clock: seedClock } : depsFor(store);
}

/** Deps over an already open store. */
export function depsFor(store: Store): Deps {
  return {
    store,
    directory: createStoreDirectory(store),
    ready: async () => {
      try {
        await store.ping();
        return true;
      } catch {
        return false;
      }
    },
    close: () => store.close(),
  };
}

/**
 * Links a person's lower-cased e-mail as their e-mail identity (refused when another org owns it).
 * Pass the write's `tx` (not the store) to link it atomically with the person's change.
 */
export function linkEmailIdentity(
  target: { readonly identities: Identities },
  orgId: string,
  personId: string,
  email: string,
): Promise<LinkResult> {
  return target.identities.link({
    orgId,
    provider: EMAIL_IDENTITY_PROVIDER,
    subject: email.trim().toLowerCase(),
    personId,
  });
}

const MAX_CACHED_KEYS = 1000;

/** The organisation setting binding it to a Microsoft Entra tenant (set by HR via PATCH /v1/organisation). */
export const ENTRA_TENANT_SETTING = 'entraTenantId';

/** The organisation's Entra tenant id, lower-cased; undefined when none is set. */
export function entraTenantOf(settings: JsonObject): string | undefined {
  const value = settings[ENTRA_TENANT_SETTING];
  return typeof value === 'string' && value !== '' ? value.toLowerCase() : undefined;
}

/** What a resolved principal depends on: its person, identities, organisation settings and API keys. */
export const PRINCIPAL_KINDS: readonly string[] = ['people', 'identities', 'organisations', 'api_keys'];

/**
 * The IdentityDirectory on the store: identities → people records. Inactive people resolve to
 * nobody; an e-mail resolves only while it is still the person's current e-mail, and, scoped to an
 * Entra tenant, only in the organisation whose `entraTenantId` is that tenant.
 *
 * Resolved people and API keys are cached (cache/trackedCache.ts) until the store reports a change of
 * a person, identity, organisation or API key of their organisation — so a deactivated person, a
 * re-linked login or a revoked key is refused from the next request on (other API instances: once the
 * change is reported). Failed lookups are not cached; tokens themselves are still verified every time.
 */
export function createStoreDirectory(store: Store): IdentityDirectory {
  /** touchApiKey only gets the key id; remember each looked-up key's organisation. */
  const keyOrgs = new Map<string, string>();
  const resolved = createTrackedCache<PersonRef | ApiKeyRecord>(store.changes, PRINCIPAL_KINDS);

  /** `lookup` once per change of what it depends on; null results are looked up again every time. */
  async function cached<T extends PersonRef | ApiKeyRecord>(
    key: string,
    lookup: () => Promise<T | null>,
  ): Promise<T | null> {
    const hit = resolved.get(key);
    if (hit !== undefined) return hit as T;
    const token = resolved.begin();
    const value = await lookup();
    if (value !== null) resolved.set(value.orgId, key, value, token);
    return value;
  }

  async function personRef(orgId: string, personId: string, email?: string): Promise<PersonRef | null> {
    const record = await store.resources('people').get(orgId, personId);
    if (!record) return null;
    const parsed = PersonSchema.safeParse(record.data);
    if (!parsed.success || !parsed.data.active) return null;
    if (email !== undefined && parsed.data.email !== email) return null;
    return { orgId, personId, roles: parsed.data.roles };
  }

  return {
    findPersonByIdentity(provider: IdentityProvider, subject: string) {
      return cached(`identity\u0000${provider}\u0000${subject}`, async () => {
        const identity = await store.identities.find(provider, subject);
        return identity ? personRef(identity.orgId, identity.personId) : null;
      });
    },
    findPersonByEmail(email: string, scope: EmailScope = {}) {
      const normalised = email.trim().toLowerCase();
      const tenant = scope.entraTenantId?.toLowerCase();
      return cached(`email\u0000${normalised}\u0000${tenant ?? ''}`, async () => {
        const identity = await store.identities.find(EMAIL_IDENTITY_PROVIDER, normalised);
        if (!identity) return null;
        if (tenant !== undefined) {
          const org = await store.organisations.get(identity.orgId);
          const orgTenant = org ? entraTenantOf(org.settings) : undefined;
          if (orgTenant === undefined || orgTenant !== tenant) return null;
        }
        return personRef(identity.orgId, identity.personId, normalised);
      });
    },
    async linkIdentity(provider: IdentityProvider, subject: string, person: PersonRef): Promise<LinkOutcome> {
      const linked = await store.identities.link({
        orgId: person.orgId,
        provider,
        subject,
        personId: person.personId,
        automatic: true,
      });
      return linked.ok ? 'linked' : linked.reason;
    },
    async findApiKeyByPrefix(prefix: string): Promise<ApiKeyRecord | null> {
      const record = await cached(`key\u0000${prefix}`, async (): Promise<ApiKeyRecord | null> => {
        const key = await store.apiKeys.findByPrefix(prefix);
        if (!key) return null;
        return {
          id: key.id,
          orgId: key.orgId,
          prefix: key.prefix,
          hash: key.hash,
          scopes: key.scopes,
          revokedAt: key.revokedAt,
          expiresAt: key.expiresAt,
        };
      });
      if (record === null) return null;
      if (keyOrgs.size >= MAX_CACHED_KEYS) keyOrgs.clear();
      keyOrgs.set(record.id, record.orgId);
      return record;
    },
    async touchApiKey(id: string) {
      const orgId = keyOrgs.get(id);
      if (orgId !== undefined) await store.apiKeys.touch(orgId, id);
    },
  };
}
