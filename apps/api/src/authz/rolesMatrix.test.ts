// Roles matrix: route × role × target (own / someone else's / another organisation's) → status, refused writes change nothing.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { CALLER, type Ctx, DEPARTMENT, type Operation, PERSON } from './matrix/context.ts';
import { NOT_IN_MATRIX } from './matrix/exemptions.ts';
import { EXPECTED, OPERATIONS, type OperationName } from './matrix/expectations.ts';
import { ACTORS, type Actor, TARGETS, type Target } from './matrix/rules.ts';
import { SELF } from './matrix/selfTargets.ts';

/** `GET /v1/cycles/{cycleId}/plans` → `GET /v1/cycles/{}/plans`: path parameter names do not matter. */
const shape = (operation: string) => operation.replace(/\{[^}]+\}/g, '{}');

/** What a refused write must leave as it was. */
interface ReadBack {
  organisations: { seq?: number; version?: number; settings?: unknown }[];
  records: { kind: string; orgId: string; id: string; version?: number; data?: unknown }[];
  extra: unknown;
}

interface Case {
  operation: OperationName;
  actor: Actor;
  target: Target;
  status: number;
  code: string;
}

/** Every cell of the matrix that exists (null cells: the operation has no such target). */
const cases: Case[] = (Object.keys(EXPECTED) as OperationName[]).flatMap((operation) =>
  ACTORS.flatMap((actor) =>
    TARGETS.flatMap((target, i): Case[] => {
      let status = EXPECTED[operation][actor][i];
      if (status === null || status === undefined) return [];
      let code = 'forbidden';
      if (actor === 'employee' && target === 'own') {
        status = SELF[operation]?.status ?? status;
        code = SELF[operation]?.code ?? code;
      }
      return [{ operation, actor, target, status, code }];
    }),
  ),
);

describe('roles matrix coverage', () => {
  it('has cells for every actor of every operation, and reads nothing it does not walk', () => {
    expect(Object.keys(OPERATIONS).sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [operation, expected] of Object.entries(EXPECTED)) {
      expect([operation, Object.keys(expected).sort()]).toEqual([operation, [...ACTORS].sort()]);
    }
    expect(Object.keys(SELF).filter((op) => !(op in EXPECTED))).toEqual([]);
  });
});

describe.each(ENGINES)('roles matrix on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let serviceKey: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    serviceKey = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
  });
  afterAll(async () => {
    await h.close();
  });

  function context(actor: Actor, target: Target): Ctx {
    const foreign = target === 'foreign';
    const orgId = foreign ? f.globex.organisation.id : f.acme.organisation.id;
    const ctx: Ctx = {
      h,
      f,
      actor,
      target,
      personId: foreign ? f.id.gus : f.id[PERSON[actor][target === 'own' ? 'own' : 'other']],
      departmentId: foreign ? f.globexRoot : f.dept[DEPARTMENT[actor][target === 'own' ? 'own' : 'other']],
      orgId,
      subject: `matrix-${actor}-${target}-${randomUUID()}`,
      fresh: '',
      touched: [],
      async ifMatch(kind, id) {
        ctx.touched.push({ kind, orgId, id });
        const record = await h.store.resources(kind).get(orgId, id);
        return { 'If-Match': `"${record?.version ?? 1}"` };
      },
    };
    return ctx;
  }

  /** What a refused write must leave as it was: both organisations (audit / feed heads, settings), the records it names. */
  async function state(op: Operation, ctx: Ctx): Promise<ReadBack> {
    const orgs = [f.acme.organisation.id, f.globex.organisation.id];
    return {
      organisations: await Promise.all(
        orgs.map(async (id) => {
          const org = await h.store.organisations.get(id);
          return { seq: org?.seq, version: org?.version, settings: org?.settings };
        }),
      ),
      records: await Promise.all(
        ctx.touched.map(async (t) => {
          const record = await h.store.resources(t.kind).get(t.orgId, t.id, { includeDeleted: true });
          return { ...t, version: record?.version, data: record?.data };
        }),
      ),
      extra: (await op.state?.(ctx)) ?? null,
    };
  }

  it('covers every operation of the OpenAPI document: matrix cells, or a stated reason why not', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => shape(`${method.toUpperCase()} ${path}`)),
    );
    const inMatrix = new Set(Object.keys(EXPECTED).map(shape));
    const missing = documented.filter((op) => !inMatrix.has(op) && NOT_IN_MATRIX[op] === undefined);
    expect(missing, 'operations with neither matrix cells nor a NOT_IN_MATRIX reason').toEqual([]);
    // No stale entries: every operation and exemption names a documented route, and none is both.
    const known = new Set(documented);
    expect(Object.keys(EXPECTED).filter((op) => !known.has(shape(op)))).toEqual([]);
    expect(Object.keys(NOT_IN_MATRIX).filter((op) => !known.has(op))).toEqual([]);
    expect(Object.keys(NOT_IN_MATRIX).filter((op) => inMatrix.has(op))).toEqual([]);
  });

  it('reads back what a write changes (so an unchanged read-back after a refusal means something)', async () => {
    const op: Operation = OPERATIONS['PATCH /v1/people/{id}'];
    const ctx = context('hr', 'own');
    const init = (await op.init?.(ctx)) ?? {};
    const before = await state(op, ctx);
    const res = await h.call(op.method, op.path(ctx), { ...init, as: f.email.hal });
    expect(res.status).toBe(200);
    const after = await state(op, ctx);
    expect(after.records[0]?.version).toBe((before.records[0]?.version ?? 0) + 1);
    expect(after.organisations[0]?.seq).toBeGreaterThan(before.organisations[0]?.seq ?? 0);
  });

  it.each(cases)(
    '$operation as $actor on $target → $status',
    async ({ operation, actor, target, status, code }) => {
      const op: Operation = OPERATIONS[operation];
      const ctx = context(actor, target);
      const init = (await op.init?.(ctx)) ?? {};
      const who = actor === 'service' ? { key: serviceKey } : { as: f.email[CALLER[actor]] };
      const refusedWrite = op.method !== 'GET' && status >= 400;
      const before = refusedWrite ? await state(op, ctx) : null;
      const res = await h.call<{ code?: string }>(op.method, op.path(ctx), { ...init, ...who });
      expect(res.status).toBe(status);
      if (status === 403) expect(res.body.code).toBe(code);
      if (refusedWrite) expect(await state(op, ctx), 'a refused write changed something').toEqual(before);
    },
  );
});
