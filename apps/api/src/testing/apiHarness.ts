// Test harness for resource routes: a fresh store (SQLite temp file or a PostgreSQL schema), the app, dev sign-in.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OpenAPIHono } from '@hono/zod-openapi';
import { type DepartmentInput, DepartmentSchema, type PersonInput, PersonSchema } from '@perfloop/core';
import { type Clock, openStore, type Store } from '@perfloop/store';
import { createApp } from '../app.ts';
import { generateApiKey } from '../auth/apiKey.ts';
import {
  type BootstrapInput,
  type BootstrapResult,
  bootstrapOrganisation,
  SYSTEM_ACTOR,
} from '../bootstrap.ts';
import type { AppEnv } from '../context.ts';
import { depsFor, linkEmailIdentity } from '../deps.ts';
import { loadEnv } from '../env.ts';
import { createKit, type Kit } from '../kit/index.ts';
import { createWrite } from '../kit/write.ts';
import { createLogger } from '../logger.ts';
import { createRoutes, type RoutesOptions } from '../routes/index.ts';
import { testEnv } from './testApp.ts';

export type Engine = 'sqlite' | 'postgres';
export const ENGINES: readonly Engine[] = ['sqlite', 'postgres'];
export const DEFAULT_TEST_DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/test';

export interface CallInit {
  /** Sign in as this e-mail (dev token). */
  as?: string;
  /** Or authenticate with this API key. */
  key?: string;
  /** JSON body (sets Content-Type). */
  json?: unknown;
  /** Raw body (set Content-Type yourself). */
  body?: string;
  headers?: Record<string, string>;
}

export interface CallResult<T> {
  status: number;
  headers: Headers;
  /** Parsed JSON (problem+json too); the text for other bodies; null when empty. */
  body: T;
}

export interface ApiHarness {
  engine: Engine;
  store: Store;
  kit: Kit;
  app: OpenAPIHono<AppEnv>;
  /** `Authorization` header signing in as `email` (demo sign-in). */
  as(email: string): Record<string, string>;
  /** Calls the app in-process. */
  call<T = Record<string, unknown>>(method: string, path: string, init?: CallInit): Promise<CallResult<T>>;
  bootstrap(input: BootstrapInput): Promise<BootstrapResult>;
  /** Writes departments and people straight to the store (audited as `system`), linking e-mails in the same transaction. */
  seed(orgId: string, input: { departments?: DepartmentInput[]; people?: PersonInput[] }): Promise<void>;
  /** A new API key (straight in the store) with these scopes; returns the key. */
  apiKey(orgId: string, scopes: readonly string[]): Promise<string>;
  /**
   * Another API instance on the same database, with its own kit (and caches): on PostgreSQL over its
   * own Store (pool) on the same schema; on SQLite over this Store (one per file per process), or with
   * `ownStore` over a Store of its own on the same file, as another process would be. `routes`: its routes'
   * options (e.g. a Teams alerts configuration), where this one has none.
   */
  secondInstance(options?: { ownStore?: boolean; routes?: RoutesOptions }): Promise<ApiInstance>;
  close(): Promise<void>;
}

export interface ApiInstance {
  store: Store;
  kit: Kit;
  app: OpenAPIHono<AppEnv>;
  call<T = Record<string, unknown>>(method: string, path: string, init?: CallInit): Promise<CallResult<T>>;
  /** Closes its own Store, if it has one. */
  close(): Promise<void>;
}

function pgUrl(): string {
  const env = loadEnv();
  return env.database.kind === 'postgres' ? env.database.url : DEFAULT_TEST_DATABASE_URL;
}

/** Opens a fresh store: a temp SQLite file, or a new `t_<random>` PostgreSQL schema dropped on close. */
async function freshStore(
  engine: Engine,
  clock?: Clock,
): Promise<{ store: Store; cleanup: (store: Store) => Promise<void>; schema?: string; file?: string }> {
  const clocked = clock ? { clock } : {};
  if (engine === 'sqlite') {
    const dir = await mkdtemp(join(tmpdir(), 'perfloop-api-'));
    const file = join(dir, 'test.sqlite');
    const store = await openStore({ kind: 'sqlite', file, ...clocked });
    // Retried: the checkpointer worker may still be closing its connection (its -wal/-shm files) as the directory goes.
    return { store, file, cleanup: async () => rm(dir, { recursive: true, force: true, maxRetries: 5 }) };
  }
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const url = pgUrl();
  let store: Store;
  try {
    store = await openStore({ kind: 'postgres', url, schema, poolSize: 5, ...clocked });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(
      `PostgreSQL is required for this test (DATABASE_URL or ${DEFAULT_TEST_DATABASE_URL}): ${reason}`,
    );
  }
  return {
    store,
    schema,
    cleanup: async (s) => {
      await s.db.schema.dropSchema(schema).ifExists().cascade().execute();
    },
  };
}

const devAuth = (email: string) => ({ Authorization: `Bearer dev:${email}` });

/** An API instance over `store`: its own kit (snapshot cache) and app, with the store's directory. */
function instanceOn(store: Store, routes: RoutesOptions = {}): { kit: Kit; app: OpenAPIHono<AppEnv> } {
  const deps = depsFor(store);
  const kit = createKit(store);
  const app = createApp({
    env: testEnv(),
    directory: deps.directory,
    ready: deps.ready,
    logger: createLogger('silent'),
    routes: createRoutes(kit, routes),
  });
  return { kit, app };
}

function caller(app: OpenAPIHono<AppEnv>) {
  return async <T>(method: string, path: string, init: CallInit = {}): Promise<CallResult<T>> => {
    const headers: Record<string, string> = {
      ...(init.as ? devAuth(init.as) : {}),
      ...(init.key ? { Authorization: `Bearer ${init.key}` } : {}),
      ...(init.json !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...init.headers,
    };
    const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
    const res = await app.request(path, { method, headers, ...(body !== undefined ? { body } : {}) });
    const text = await res.text();
    let parsed: unknown = text === '' ? null : text;
    if (/json/.test(res.headers.get('content-type') ?? '') && text !== '') parsed = JSON.parse(text);
    return { status: res.status, headers: res.headers, body: parsed as T };
  };
}

/** `clock`: the store's (default the system clock), e.g. the demo seed's. */
export async function createApiHarness(
  options: { engine?: Engine; clock?: Clock } = {},
): Promise<ApiHarness> {
  const engine = options.engine ?? 'sqlite';
  const { store, cleanup, schema, file } = await freshStore(engine, options.clock);
  const { kit, app } = instanceOn(store);

  return {
    engine,
    store,
    kit,
    app,
    as: devAuth,
    call: caller(app),
    async secondInstance(options = {}) {
      const own =
        schema !== undefined
          ? await openStore({ kind: 'postgres', url: pgUrl(), schema, poolSize: 5 })
          : options.ownStore === true && file !== undefined
            ? await openStore({ kind: 'sqlite', file })
            : undefined;
      const other = own ?? store;
      const instance = instanceOn(other, options.routes);
      return {
        store: other,
        ...instance,
        call: caller(instance.app),
        close: async () => {
          await own?.close();
        },
      };
    },
    bootstrap: (input) => bootstrapOrganisation(store, input),
    async seed(orgId, input) {
      const departments = (input.departments ?? []).map((d) => DepartmentSchema.parse(d));
      const people = (input.people ?? []).map((p) => PersonSchema.parse(p));
      await store.transaction(orgId, async (tx) => {
        // Identities before the audited writes, which row-lock the organisation.
        for (const p of people) {
          const linked = await linkEmailIdentity(tx, orgId, p.id, p.email);
          if (!linked.ok) throw new Error(`${p.email} is linked to another organisation`);
        }
        const w = createWrite(tx, SYSTEM_ACTOR);
        for (const d of departments)
          await w.create('departments', { id: d.id, parentId: d.parentId, data: d });
        for (const p of people) {
          await w.create('people', { id: p.id, subjectId: p.id, parentId: p.departmentId, data: p });
        }
      });
    },
    async apiKey(orgId, scopes) {
      const generated = generateApiKey();
      await store.apiKeys.create({
        id: `key_${randomBytes(6).toString('hex')}`,
        orgId,
        name: 'test key',
        prefix: generated.prefix,
        hash: generated.hash,
        scopes,
      });
      return generated.key;
    },
    async close() {
      try {
        await cleanup(store);
      } finally {
        await store.close();
      }
    },
  };
}

/** The standard test organisations: Acme (a small hierarchy) and Globex (another tenant). */
export interface Fixture {
  acme: BootstrapResult;
  globex: BootstrapResult;
  /** Department ids of Acme. */
  dept: { root: string; sales: string; eng: string; platform: string };
  /** Person ids by first name (Acme: hal, cat, hana, sam, erin, mo, pia, paul; Globex: gwen, gus). */
  id: Record<'hal' | 'cat' | 'hana' | 'sam' | 'erin' | 'mo' | 'pia' | 'paul' | 'gwen' | 'gus', string>;
  /** E-mails by first name. */
  email: Record<'hal' | 'cat' | 'hana' | 'sam' | 'erin' | 'mo' | 'pia' | 'paul' | 'gwen' | 'gus', string>;
  /** Department id of Globex's root. */
  globexRoot: string;
}

/**
 * Acme: Hal (HR, root department). Cat (root) manages Hana and Erin. Hana heads Sales and manages
 * Sam. Erin heads Engineering (with its sub-department Platform) and manages Mo; Mo manages Pia,
 * who manages Paul (all in Platform). Globex: Gwen (HR) manages Gus.
 */
export async function seedFixture(h: ApiHarness): Promise<Fixture> {
  const suffix = randomBytes(3).toString('hex');
  const acme = await h.bootstrap({
    name: 'Acme',
    slug: `acme-${suffix}`,
    hrEmail: `hal-${suffix}@acme.test`,
    hrName: 'Hal Rivers',
  });
  const globex = await h.bootstrap({
    name: 'Globex',
    slug: `globex-${suffix}`,
    hrEmail: `gwen-${suffix}@globex.test`,
    hrName: 'Gwen Stacy',
  });
  const dept = { root: acme.department.id, sales: 'dep_sales', eng: 'dep_eng', platform: 'dep_platform' };
  const mail = (name: string, domain = 'acme.test') => `${name}-${suffix}@${domain}`;
  const person = (
    id: string,
    name: string,
    departmentId: string,
    managerId: string | null,
    roles = ['employee'],
  ) => ({
    id,
    name,
    email: mail(id.replace('per_', '')),
    departmentId,
    managerId,
    roles: roles as PersonInput['roles'],
  });
  await h.seed(acme.organisation.id, {
    departments: [
      { id: dept.sales, name: 'Sales', parentId: dept.root, headId: null },
      { id: dept.eng, name: 'Engineering', parentId: dept.root, headId: null },
      { id: dept.platform, name: 'Platform', parentId: dept.eng, headId: null },
    ],
    people: [
      person('per_cat', 'Cat Chief', dept.root, null, ['employee', 'manager']),
      person('per_hana', 'Hana Head', dept.sales, 'per_cat', ['employee', 'manager', 'department_head']),
      person('per_sam', 'Sam Seller', dept.sales, 'per_hana'),
      person('per_erin', 'Erin Eng', dept.eng, 'per_cat', ['employee', 'manager', 'department_head']),
      person('per_mo', 'Mo Manager', dept.platform, 'per_erin', ['employee', 'manager']),
      person('per_pia', 'Pia Lead', dept.platform, 'per_mo', ['employee', 'manager']),
      person('per_paul', 'Paul Dev', dept.platform, 'per_pia'),
    ],
  });
  // Heads are set once the people exist.
  await h.store.transaction(acme.organisation.id, async (tx) => {
    const w = createWrite(tx, SYSTEM_ACTOR);
    for (const [deptId, headId] of [
      [dept.sales, 'per_hana'],
      [dept.eng, 'per_erin'],
    ] as const) {
      const current = await tx.resources('departments').get(acme.organisation.id, deptId);
      if (!current) throw new Error(`missing ${deptId}`);
      await w.update('departments', deptId, {
        expectedVersion: current.version,
        data: { ...current.data, headId },
      });
    }
  });
  await h.seed(globex.organisation.id, {
    people: [
      {
        id: 'per_gus',
        name: 'Gus Globex',
        email: mail('gus', 'globex.test'),
        departmentId: globex.department.id,
        managerId: globex.hr.id,
      },
    ],
  });
  const names = ['cat', 'hana', 'sam', 'erin', 'mo', 'pia', 'paul'] as const;
  const id = {
    hal: acme.hr.id,
    gwen: globex.hr.id,
    gus: 'per_gus',
    ...Object.fromEntries(names.map((n) => [n, `per_${n}`])),
  } as Fixture['id'];
  const email = {
    hal: acme.hr.email,
    gwen: globex.hr.email,
    gus: mail('gus', 'globex.test'),
    ...Object.fromEntries(names.map((n) => [n, mail(n)])),
  } as Fixture['email'];
  return { acme, globex, dept, id, email, globexRoot: globex.department.id };
}
