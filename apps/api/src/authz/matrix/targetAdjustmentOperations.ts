// Roles-matrix operations: target adjustments (request, read, withdraw, decide), each case on a fresh goal or request.
import { freshTargetGoal, freshTargetRequest, seedTargetMatrix } from '../../routes/targets/matrixFixture.ts';
import type { Operation } from './context.ts';

const REASON = 'A new competitor halved the regional market in March.';

export const TARGET_ADJUSTMENT_OPERATIONS = {
  // A fresh goal of the target person per case (one open request per goal).
  'POST /v1/target-adjustments': {
    method: 'POST',
    path: () => '/v1/target-adjustments',
    init: async (x) => {
      await seedTargetMatrix(x.h, x.f);
      x.fresh = await freshTargetGoal(x.h, x.orgId, x.personId);
      return {
        json: { goalId: x.fresh, factor: 'external_environment', proposed: { target: 8 }, reason: REASON },
      };
    },
  },
  // The target person's own open request on a fresh goal.
  'GET /v1/target-adjustments/{id}': {
    method: 'GET',
    path: (x) => `/v1/target-adjustments/${x.fresh}`,
    init: async (x) => {
      await seedTargetMatrix(x.h, x.f);
      x.fresh = await freshTargetRequest(x.h, x.orgId, x.personId);
      return {};
    },
  },
  'POST /v1/target-adjustments/{id}/withdraw': {
    method: 'POST',
    path: (x) => `/v1/target-adjustments/${x.fresh}/withdraw`,
    init: async (x) => {
      await seedTargetMatrix(x.h, x.f);
      x.fresh = await freshTargetRequest(x.h, x.orgId, x.personId);
      return { headers: await x.ifMatch('target_adjustments', x.fresh) };
    },
  },
  'POST /v1/target-adjustments/{id}/decision': {
    method: 'POST',
    path: (x) => `/v1/target-adjustments/${x.fresh}/decision`,
    init: async (x) => {
      await seedTargetMatrix(x.h, x.f);
      x.fresh = await freshTargetRequest(x.h, x.orgId, x.personId);
      return {
        json: { decision: 'approve', note: `Approved by ${x.actor}` },
        headers: await x.ifMatch('target_adjustments', x.fresh),
      };
    },
  },
} satisfies Record<string, Operation>;
