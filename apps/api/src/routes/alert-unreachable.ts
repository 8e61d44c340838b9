// /v1/alerts/unreachable (HR): the active people the Teams alerts cannot reach, having no linked Entra login.
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteModule } from '../app.ts';
import { entraTenantOf } from '../deps.ts';
import { jsonResponse, type Kit, PageQuery, pageSchema, paginate, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';

const tags = ['alerts'];

const UnreachablePerson = z
  .object({
    personId: z.string(),
    name: z.string(),
  })
  .openapi('AlertUnreachablePerson');
const UnreachablePage = pageSchema(UnreachablePerson, 'AlertUnreachablePage');

/** The person ids holding a live `entra` login — of `tenantId` (`<tenant>:<object id>`) when given. */
export function reachableIds(
  logins: readonly { personId: string; subject: string }[],
  tenantId: string | undefined,
): Set<string> {
  const prefix = tenantId === undefined ? null : `${tenantId}:`;
  return new Set(
    logins
      .filter((l) => prefix === null || l.subject.toLowerCase().startsWith(prefix))
      .map((l) => l.personId),
  );
}

export function alertUnreachableRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/unreachable',
    tags,
    summary: 'List the people the Teams alerts cannot reach (HR)',
    description:
      'The organisation’s active people without a linked `entra` login — of its Entra tenant (`settings.entraTenantId`) when one is set, the tenant the alerts are sent in (`TEAMS_ALERTS_TENANT_ID`) — by person id. The alerts dispatcher skips them: they get no overdue alert until their login is linked (at their first Teams sign-in, or by HR through `PUT /v1/people/{id}/identities/entra/{subject}`).',
    request: { query: PageQuery },
    responses: {
      200: jsonResponse(UnreachablePage, 'A page of people without a linked Entra login'),
      ...problems(400, 403),
    },
  });

  const router = createRouter().openapi(list, async (c) => {
    const access = await kit.access(c);
    access.requireHr();
    const query = c.req.valid('query');
    const organisation = await kit.store.organisations.get(access.orgId);
    const tenantId = entraTenantOf(organisation?.settings ?? {});
    // One query for the organisation's logins, never one per person.
    const reachable = reachableIds(await kit.store.identities.listLinked(access.orgId, 'entra'), tenantId);
    const people = [...access.snapshot.people.values()]
      .map((e) => e.entity)
      .filter((p) => p.active && !reachable.has(p.id))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const page = paginate(people, (p) => p.id, query);
    return c.json(
      { items: page.items.map((p) => ({ personId: p.id, name: p.name })), nextCursor: page.nextCursor },
      200,
    );
  });
  return { path: '/alerts', router };
}
