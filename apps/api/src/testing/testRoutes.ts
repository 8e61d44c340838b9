// Test helper: a tiny route module (validation, principal echo, a crash) mounted under /v1/test.
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteModule } from '../app.ts';
import { requireScope } from '../auth/apiKey.ts';
import { fromDomainError } from '../errors.ts';
import { problemResponse } from '../problem.ts';
import { createRouter } from '../router.ts';

const GoalInput = z
  .strictObject({
    title: z.string().trim().min(1).max(200),
    weight: z.number().int().min(0).max(100),
    tags: z.array(z.string()).max(5).optional(),
  })
  .openapi('TestGoalInput');

export const echoRoute = createRoute({
  method: 'post',
  path: '/echo',
  summary: 'Echo a validated body (test route)',
  request: { body: { required: true, content: { 'application/json': { schema: GoalInput } } } },
  responses: {
    200: { description: 'The body', content: { 'application/json': { schema: GoalInput } } },
    400: problemResponse('Invalid body'),
  },
});

const whoamiRoute = createRoute({
  method: 'get',
  path: '/whoami',
  summary: 'The caller (test route)',
  responses: { 200: { description: 'Principal', content: { 'application/json': { schema: z.unknown() } } } },
});

const syncRoute = createRoute({
  method: 'post',
  path: '/sync',
  summary: 'Needs sync:notion (test route)',
  middleware: [requireScope('sync:notion')] as const,
  responses: { 204: { description: 'Done' } },
});

const boomRoute = createRoute({
  method: 'get',
  path: '/boom',
  summary: 'Throws (test route)',
  responses: { 200: { description: 'Never' } },
});

const domainRoute = createRoute({
  method: 'post',
  path: '/domain',
  summary: 'Fails with a domain error (test route)',
  responses: { 422: problemResponse('Domain rule broken') },
});

export function testRoutes(): RouteModule[] {
  const router = createRouter()
    .openapi(echoRoute, (c) => c.json(c.req.valid('json'), 200))
    .openapi(whoamiRoute, (c) => c.json(c.get('principal'), 200))
    .openapi(syncRoute, (c) => c.body(null, 204))
    .openapi(domainRoute, () => {
      throw fromDomainError(
        {
          code: 'weights_not_100',
          message: 'Goal weights must total 100.',
          path: ['goals', 1, 'weight'],
          details: { total: 90 },
        },
        422,
      );
    })
    .openapi(boomRoute, () => {
      throw new Error('connect ECONNREFUSED postgres://perfloop:hunter2@db:5432');
    });
  return [{ path: '/test', router }];
}
