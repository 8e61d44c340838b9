// Roles matrix: route × role × target (own / someone else's / another organisation's) → status. Append rows.

import type { ResourceKind } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  type CallInit,
  createApiHarness,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

/** Who calls: employee Sam, manager Mo, department head Hana, HR Hal, or a `sync:notion` API key. */
type Actor = 'employee' | 'manager' | 'head' | 'hr' | 'service';
/** What they act on: something in their own scope, someone else's in their organisation, another organisation's. */
type Target = 'own' | 'other' | 'foreign';
type Name = keyof Fixture['id'];

const CALLER: Record<Exclude<Actor, 'service'>, Name> = {
  employee: 'sam',
  manager: 'mo',
  head: 'hana',
  hr: 'hal',
};

/** People targets: own = in the actor's scope (themselves, a report, a department member), other = outside it. */
const PERSON: Record<Actor, Record<'own' | 'other', Name>> = {
  employee: { own: 'sam', other: 'pia' },
  manager: { own: 'pia', other: 'sam' },
  head: { own: 'sam', other: 'paul' },
  hr: { own: 'sam', other: 'paul' },
  service: { own: 'sam', other: 'pia' },
};
/** Department targets: own = the actor's department, other = another one of the organisation. */
const DEPARTMENT: Record<Actor, Record<'own' | 'other', keyof Fixture['dept']>> = {
  employee: { own: 'sales', other: 'eng' },
  manager: { own: 'platform', other: 'sales' },
  head: { own: 'sales', other: 'platform' },
  hr: { own: 'root', other: 'sales' },
  service: { own: 'sales', other: 'eng' },
};

interface Ctx {
  h: ApiHarness;
  f: Fixture;
  actor: Actor;
  target: Target;
  /** The id of the target person / department. */
  personId: string;
  departmentId: string;
  /** `If-Match` with the target's current version (`"1"` for another organisation's). */
  ifMatch(kind: ResourceKind, id: string): Promise<Record<string, string>>;
}

interface Operation {
  method: string;
  path: (ctx: Ctx) => string;
  init?: (ctx: Ctx) => Promise<CallInit> | CallInit;
}

const OPERATIONS = {
  'GET /v1/people/{id}': { method: 'GET', path: (x) => `/v1/people/${x.personId}` },
  'PATCH /v1/people/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/people/${x.personId}`,
    init: async (x) => ({
      json: { jobTitle: `set by ${x.actor}` },
      headers: await x.ifMatch('people', x.personId),
    }),
  },
  'GET /v1/departments/{id}': { method: 'GET', path: (x) => `/v1/departments/${x.departmentId}` },
  'PATCH /v1/departments/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/departments/${x.departmentId}`,
    init: async (x) => ({
      json: { name: `Renamed by ${x.actor}` },
      headers: await x.ifMatch('departments', x.departmentId),
    }),
  },
  'DELETE /v1/departments/{id}': {
    method: 'DELETE',
    path: (x) => `/v1/departments/${x.departmentId}`,
    init: async (x) => ({ headers: await x.ifMatch('departments', x.departmentId) }),
  },
} satisfies Record<string, Operation>;
type OperationName = keyof typeof OPERATIONS;

/** [operation, actor, own, other, foreign] → expected statuses. Add your resource's rows here. */
const MATRIX: [OperationName, Actor, number, number, number][] = [
  // Reads of a person's data: 404 (never 403) when you may not see them.
  ['GET /v1/people/{id}', 'employee', 200, 404, 404],
  ['GET /v1/people/{id}', 'manager', 200, 404, 404],
  ['GET /v1/people/{id}', 'head', 200, 404, 404],
  ['GET /v1/people/{id}', 'hr', 200, 200, 404],
  ['GET /v1/people/{id}', 'service', 403, 403, 403],
  // Person records are HR's to change: visible but not yours → 403.
  ['PATCH /v1/people/{id}', 'employee', 403, 404, 404],
  ['PATCH /v1/people/{id}', 'manager', 403, 404, 404],
  ['PATCH /v1/people/{id}', 'head', 403, 404, 404],
  ['PATCH /v1/people/{id}', 'hr', 200, 200, 404],
  ['PATCH /v1/people/{id}', 'service', 403, 403, 403],
  // Departments are visible to the whole organisation; HR changes them.
  ['GET /v1/departments/{id}', 'employee', 200, 200, 404],
  ['GET /v1/departments/{id}', 'manager', 200, 200, 404],
  ['GET /v1/departments/{id}', 'head', 200, 200, 404],
  ['GET /v1/departments/{id}', 'hr', 200, 200, 404],
  ['GET /v1/departments/{id}', 'service', 403, 403, 403],
  ['PATCH /v1/departments/{id}', 'employee', 403, 403, 404],
  ['PATCH /v1/departments/{id}', 'manager', 403, 403, 404],
  ['PATCH /v1/departments/{id}', 'head', 403, 403, 404],
  ['PATCH /v1/departments/{id}', 'hr', 200, 200, 404],
  ['PATCH /v1/departments/{id}', 'service', 403, 403, 403],
  // Deleting: HR is refused only because these departments are not empty.
  ['DELETE /v1/departments/{id}', 'employee', 403, 403, 404],
  ['DELETE /v1/departments/{id}', 'head', 403, 403, 404],
  ['DELETE /v1/departments/{id}', 'hr', 409, 409, 404],
  ['DELETE /v1/departments/{id}', 'service', 403, 403, 403],
];

let h: ApiHarness;
let f: Fixture;
let serviceKey: string;
beforeAll(async () => {
  h = await createApiHarness();
  f = await seedFixture(h);
  serviceKey = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
});
afterAll(async () => {
  await h.close();
});

function context(actor: Actor, target: Target): Ctx {
  const foreign = target === 'foreign';
  return {
    h,
    f,
    actor,
    target,
    personId: foreign ? f.id.gus : f.id[PERSON[actor][target === 'own' ? 'own' : 'other']],
    departmentId: foreign ? f.globexRoot : f.dept[DEPARTMENT[actor][target === 'own' ? 'own' : 'other']],
    async ifMatch(kind, id) {
      const orgId = foreign ? f.globex.organisation.id : f.acme.organisation.id;
      const record = await h.store.resources(kind).get(orgId, id);
      return { 'If-Match': `"${record?.version ?? 1}"` };
    },
  };
}

const cases = MATRIX.flatMap(([operation, actor, own, other, foreign]) =>
  (
    [
      ['own', own],
      ['other', other],
      ['foreign', foreign],
    ] as const
  ).map(([target, status]) => ({ operation, actor, target, status })),
);

describe('roles matrix', () => {
  it.each(cases)(
    '$operation as $actor on $target → $status',
    async ({ operation, actor, target, status }) => {
      const op: Operation = OPERATIONS[operation];
      const ctx = context(actor, target);
      const init = (await op.init?.(ctx)) ?? {};
      const who = actor === 'service' ? { key: serviceKey } : { as: f.email[CALLER[actor]] };
      const res = await h.call<{ code?: string }>(op.method, op.path(ctx), { ...init, ...who });
      expect(res.status).toBe(status);
      if (status === 403) expect(res.body.code).toBe('forbidden');
    },
  );
});
