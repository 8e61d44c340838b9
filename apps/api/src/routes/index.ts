// The resource route modules mounted under /v1: add yours to the list.
import type { RouteModule } from '../app.ts';
import type { Kit } from '../kit/index.ts';
import { apiKeysRoutes } from './api-keys.ts';
import { auditRoutes } from './audit.ts';
import { changesRoutes } from './changes.ts';
import { departmentsRoutes } from './departments.ts';
import { organisationRoutes } from './organisation.ts';
import { peopleRoutes } from './people.ts';
import { policiesRoutes } from './policies.ts';

export function createRoutes(kit: Kit): RouteModule[] {
  return [
    organisationRoutes(kit),
    departmentsRoutes(kit),
    peopleRoutes(kit),
    policiesRoutes(kit),
    apiKeysRoutes(kit),
    auditRoutes(kit),
    changesRoutes(kit),
  ];
}
