// GET /v1/me/goals: the caller's own goals — one indexed list (the principal proves an active person), no organisation load.
import { createRoute } from '@hono/zod-openapi';
import { IdSchema } from '@perfloop/core';
import type { RouteModule } from '../app.ts';
import { actingUser, principalOrgId } from '../auth/principal.ts';
import { Forbidden } from '../errors.ts';
import { jsonResponse, type Kit, PageQuery, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { GoalPage, goalBody, parseGoal } from './goals/goalSchemas.ts';

const MyGoalsQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
});

export function myGoalsRoutes(kit: Kit): RouteModule {
  const mine = createRoute({
    method: 'get',
    path: '/goals',
    tags: ['goals'],
    summary: 'Your goals',
    description: 'The goals you own (your plans), optionally in one cycle; by id.',
    request: { query: MyGoalsQuery },
    responses: { 200: jsonResponse(GoalPage, 'A page of your goals'), ...problems(400, 403) },
  });
  const router = createRouter().openapi(mine, async (c) => {
    const principal = c.get('principal');
    const user = actingUser(principal);
    if (!user) throw new Forbidden('This operation is only available to people, not to API keys.');
    const orgId = principalOrgId(principal);
    // Not kit.access(c): that loads the whole organisation, and here only the caller matters. No second
    // read of the person either: the verifier resolved this principal in this request through the
    // directory, which resolves only active people (inactive → 403 identity_not_provisioned).
    const query = c.req.valid('query');
    const page = await kit.store.resources('goals').list(orgId, {
      subjectId: user.personId,
      ...(query.cycleId !== undefined ? { cycleId: query.cycleId } : {}),
      limit: query.limit,
      ...(query.cursor !== undefined ? { after: query.cursor } : {}),
    });
    return c.json(
      { items: page.records.map((r) => goalBody(r, parseGoal(r))), nextCursor: page.nextCursor },
      200,
    );
  });
  return { path: '/me', router };
}
