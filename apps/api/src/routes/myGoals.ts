// GET /v1/me/goals: the caller's own goals — one indexed list (the principal proves an active person), no organisation
// load; the page's JSON is kept until a goal of the organisation changes.
import { createRoute, type z } from '@hono/zod-openapi';
import { IdSchema } from '@perfloop/core';
import type { TypedResponse } from 'hono';
import type { RouteModule } from '../app.ts';
import { actingUser, principalOrgId } from '../auth/principal.ts';
import { createTrackedCache } from '../cache/trackedCache.ts';
import { Forbidden } from '../errors.ts';
import { jsonResponse, type Kit, PageQuery, pageCursor, problems } from '../kit/index.ts';
import { sendJson } from '../middleware/standardHeaders.ts';
import { createRouter } from '../router.ts';
import { GoalPage, goalBody, parseGoal } from './goals/goalSchemas.ts';

const MyGoalsQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
});

const utf8 = new TextEncoder();

export function myGoalsRoutes(kit: Kit): RouteModule {
  /**
   * Pages as sent (the JSON's UTF-8 bytes, encoded once), per person, cycle and page, until the store reports a goal change in
   * their organisation (see cache/trackedCache.ts): the Teams tab opens on this list.
   */
  const pages = createTrackedCache<Uint8Array<ArrayBuffer>>(kit.store.changes, ['goals']);
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
    const key = [orgId, user.personId, query.cycleId ?? '', query.limit, query.cursor ?? ''].join('\u0000');
    let bytes = pages.get(key);
    if (bytes === undefined) {
      const token = pages.begin();
      const page = await kit.store.resources('goals').list(orgId, {
        subjectId: user.personId,
        ...(query.cycleId !== undefined ? { cycleId: query.cycleId } : {}),
        limit: query.limit,
        ...(query.cursor !== undefined ? { after: query.cursor } : {}),
      });
      const body: z.infer<typeof GoalPage> = {
        items: page.records.map((r) => goalBody(r, parseGoal(r))),
        nextCursor: pageCursor(page.nextCursor),
      };
      bytes = utf8.encode(JSON.stringify(body));
      pages.set(orgId, key, bytes, token);
    }
    // The page as c.json would send it (same JSON, same Content-Type), without serialising or encoding it again.
    return sendJson(c, bytes, 200) as unknown as TypedResponse<z.infer<typeof GoalPage>, 200, 'json'>;
  });
  return { path: '/me', router };
}
