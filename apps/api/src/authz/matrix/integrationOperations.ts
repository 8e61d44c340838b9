// Roles-matrix operations: integration state, leases, directory and proposed goals (/v1/integrations/notion).
import { MATRIX_PLAN_CYCLE, seedLoopMatrix } from '../../routes/cycles/matrixFixture.ts';
import { type Ctx, integrationKey, type Operation, seedIntegrationMatrix } from './context.ts';

/** Writes `path` as the target organisation's own key (Globex's for another organisation's); the answer. */
async function asKeyOf(
  x: Ctx,
  method: string,
  path: string,
  json: unknown,
  headers: Record<string, string> = {},
) {
  const key = await integrationKey(x.h, x.orgId);
  const res = await x.h.call(method, path, { key, json, headers });
  if (res.status >= 300) throw new Error(`seeding ${method} ${path}: ${res.status}`);
  return res;
}

export const INTEGRATION_OPERATIONS = {
  'GET /v1/integrations/{integration}/state/{key}': {
    method: 'GET',
    path: (x) => `/v1/integrations/notion/state/${x.target === 'foreign' ? 'matrix-globex' : 'matrix'}`,
    init: async (x) => {
      await seedIntegrationMatrix(x.h, x.f);
      return {};
    },
  },
  'PUT /v1/integrations/{integration}/state/{key}': {
    method: 'PUT',
    path: (x) =>
      `/v1/integrations/notion/state/${x.target === 'foreign' ? 'matrix-globex' : `put-${x.actor}-${x.target}`}`,
    init: async (x) => {
      await seedIntegrationMatrix(x.h, x.f);
      const headers: Record<string, string> =
        x.target === 'foreign' ? { 'If-Match': '"1"' } : { 'If-None-Match': '*' };
      return { json: { value: { by: x.actor } }, headers };
    },
  },
  'POST /v1/integrations/{integration}/state': {
    method: 'POST',
    path: () => '/v1/integrations/notion/state',
    init: () => ({
      json: { writes: [{ key: `batch-${Math.random().toString(36).slice(2)}`, ifVersion: null, value: {} }] },
    }),
  },
  'POST /v1/integrations/{integration}/leases/{name}': {
    method: 'POST',
    path: (x) => `/v1/integrations/notion/leases/matrix-${x.actor}-${x.target}`,
    init: (x) => ({ json: { holder: `matrix-${x.actor}`, ttlSeconds: 60 } }),
  },
  'GET /v1/integrations/{integration}/directory': {
    method: 'GET',
    path: () => '/v1/integrations/notion/directory',
  },
  'POST /v1/integrations/{integration}/goals': {
    method: 'POST',
    path: () => '/v1/integrations/notion/goals',
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {
        json: {
          requestedBy: x.f.id.hana,
          ref: `matrix-${x.actor}-${x.target}`,
          goal: {
            cycleId: MATRIX_PLAN_CYCLE,
            title: 'Proposed from Notion',
            level: 'person',
            ownerId: x.personId,
            weight: 10,
            kind: 'competency',
          },
        },
      };
    },
  },
  // Calibration session sub-routes (sessions seeded by seedAppraiseMatrix; finalise gets a fresh one).
  // A fresh entry / lease of the target organisation per case, made by its own key.
  'DELETE /v1/integrations/{integration}/state/{key}': {
    method: 'DELETE',
    path: (x) => `/v1/integrations/notion/state/${x.fresh}`,
    init: async (x) => {
      x.fresh = `del-${x.subject}`;
      const path = `/v1/integrations/notion/state/${x.fresh}`;
      const res = await asKeyOf(x, 'PUT', path, { value: { by: x.actor } }, { 'If-None-Match': '*' });
      return { headers: { 'If-Match': res.headers.get('ETag') ?? '"1"' } };
    },
  },
  'GET /v1/integrations/{integration}/leases/{name}': {
    method: 'GET',
    path: (x) => `/v1/integrations/notion/leases/${x.fresh}`,
    init: async (x) => {
      x.fresh = `get-${x.subject}`;
      await asKeyOf(x, 'POST', `/v1/integrations/notion/leases/${x.fresh}`, {
        holder: 'matrix',
        ttlSeconds: 60,
      });
      return {};
    },
  },
  'DELETE /v1/integrations/{integration}/leases/{name}': {
    method: 'DELETE',
    path: (x) => `/v1/integrations/notion/leases/${x.fresh}`,
    init: async (x) => {
      x.fresh = `del-${x.subject}`;
      const path = `/v1/integrations/notion/leases/${x.fresh}`;
      const res = await asKeyOf(x, 'POST', path, { holder: 'matrix', ttlSeconds: 60 });
      return { headers: { 'If-Match': res.headers.get('ETag') ?? '"1"' } };
    },
  },
} satisfies Record<string, Operation>;
