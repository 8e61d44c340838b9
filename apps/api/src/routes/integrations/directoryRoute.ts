// GET /v1/integrations/{integration}/directory: what a sync integration shows about the organisation (cycles, departments, people).
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import { PhaseSchema } from '@perfloop/core';
import type { AppEnv } from '../../context.ts';
import { jsonResponse, type Kit, problems } from '../../kit/index.ts';
import { listAllWhere, parseCycle } from '../cycles/cycleRecord.ts';
import { requireIntegration } from './integrationAccess.ts';
import { IntegrationParams } from './stateSchemas.ts';

const Directory = z
  .object({
    organisation: z.object({ id: z.string(), name: z.string() }),
    cycles: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        phase: PhaseSchema,
        startsOn: z.string(),
        endsOn: z.string(),
        version: z.number().int(),
      }),
    ),
    departments: z.array(z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable() })),
    people: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        email: z
          .string()
          .openapi({ description: 'Matches the person to their account in the integrated tool.' }),
        departmentId: z.string(),
        active: z.boolean(),
      }),
    ),
  })
  .openapi('IntegrationDirectory');

export function addDirectoryRoute(router: OpenAPIHono<AppEnv>, kit: Kit): void {
  const route = createRoute({
    method: 'get',
    path: '/{integration}/directory',
    tags: ['integrations'],
    summary: 'Cycles, departments and people as the integration shows them',
    description:
      'Names and phases for display, and e-mails to match people to their accounts in the integrated tool. No roles, managers, scores or compensation.',
    request: { params: IntegrationParams },
    responses: { 200: jsonResponse(Directory, 'The directory'), ...problems(400, 403, 404) },
  });
  router.openapi(route, async (c) => {
    const access = await kit.access(c);
    requireIntegration(access, c.req.valid('param').integration);
    const { snapshot } = access;
    const cycles = (await listAllWhere(kit.store, 'cycles', access.orgId)).map((r) => {
      const cycle = parseCycle(r);
      return {
        id: cycle.id,
        name: cycle.name,
        phase: cycle.phase,
        startsOn: cycle.startsOn,
        endsOn: cycle.endsOn,
        version: r.version,
      };
    });
    const byId = <T extends { id: string }>(a: T, b: T) => (a.id < b.id ? -1 : 1);
    const departments = [...snapshot.departments.values()]
      .map(({ entity: d }) => ({ id: d.id, name: d.name, parentId: d.parentId }))
      .sort(byId);
    const people = [...snapshot.people.values()]
      .map(({ entity: p }) => ({
        id: p.id,
        name: p.name,
        email: p.email,
        departmentId: p.departmentId,
        active: p.active,
      }))
      .sort(byId);
    const organisation = await kit.store.organisations.get(access.orgId);
    return c.json(
      {
        organisation: { id: access.orgId, name: organisation?.name ?? '' },
        cycles,
        departments,
        people,
      },
      200,
    );
  });
}
