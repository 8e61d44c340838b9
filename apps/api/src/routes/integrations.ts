// /v1/integrations/{integration}: an integration's shared sync state and leases, its directory and goal proposals (its API key only).
import type { RouteModule } from '../app.ts';
import type { Kit } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { addDirectoryRoute } from './integrations/directoryRoute.ts';
import { addGoalProposalRoute } from './integrations/goalProposalRoute.ts';
import { addLeaseRoutes } from './integrations/leaseRoutes.ts';
import { addStateRoutes } from './integrations/stateRoutes.ts';

export function integrationsRoutes(kit: Kit): RouteModule {
  const router = createRouter();
  addStateRoutes(router, kit);
  addLeaseRoutes(router, kit);
  addDirectoryRoute(router, kit);
  addGoalProposalRoute(router, kit);
  return { path: '/integrations', router };
}
