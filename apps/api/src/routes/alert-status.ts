// /v1/alerts/status (HR): whether this API sends Teams alerts at all, and into the organisation's Entra tenant.
import { createRoute, z } from '@hono/zod-openapi';
import type { RouteModule } from '../app.ts';
import { entraTenantOf } from '../deps.ts';
import type { TeamsAlertsConfig } from '../env.ts';
import { jsonResponse, type Kit, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';

const tags = ['alerts'];

/**
 * - `not_configured`: the API has no `TEAMS_ALERTS_*` configuration: it sends no alert to anyone;
 * - `other_tenant`: it sends them in an Entra tenant other than the organisation's (`settings.entraTenantId`), so
 *   nobody here is reached (only logins of the alerts' tenant are);
 * - `on`: it sends them (into the organisation's tenant, or the organisation is not bound to one).
 */
export const ALERT_STATES = ['not_configured', 'other_tenant', 'on'] as const;
export type AlertsState = (typeof ALERT_STATES)[number];

const AlertsStatus = z
  .object({
    state: z.enum(ALERT_STATES).openapi({
      description:
        '`not_configured`: this API sends no Teams alert (no `TEAMS_ALERTS_*` configuration) — an empty day means nothing was sent, not that nothing was due; `other_tenant`: they are sent in another Entra tenant than the organisation’s, so nobody here is reached; `on`: they are sent.',
    }),
    intervalMinutes: z
      .number()
      .int()
      .nullable()
      .openapi({ description: 'Minutes between the dispatcher’s runs; null when not configured.' }),
  })
  .openapi('AlertsStatus');

/** The organisation's alerts state under `config` (null: not configured); `orgTenant` its bound Entra tenant, if any. */
export function alertsState(config: TeamsAlertsConfig | null, orgTenant: string | undefined): AlertsState {
  if (config === null) return 'not_configured';
  if (orgTenant !== undefined && orgTenant !== config.tenantId.toLowerCase()) return 'other_tenant';
  return 'on';
}

export function alertStatusRoutes(kit: Kit, config: TeamsAlertsConfig | null): RouteModule {
  const status = createRoute({
    method: 'get',
    path: '/status',
    tags,
    summary: 'Whether Teams alerts are sent for the organisation (HR)',
    description:
      'Tells an organisation whose Teams alerts are not configured (this API has no `TEAMS_ALERTS_*` settings: nothing is ever sent) from one where they are on and nothing was due, and says when they are sent in another Entra tenant than the organisation’s (`settings.entraTenantId`), where nobody is reached. No credential, tenant or app id is returned.',
    responses: {
      200: jsonResponse(AlertsStatus, 'The organisation’s Teams alerts state'),
      ...problems(403),
    },
  });

  const router = createRouter().openapi(status, async (c) => {
    const access = await kit.access(c);
    access.requireHr();
    const organisation = await kit.store.organisations.get(access.orgId);
    const state = alertsState(config, entraTenantOf(organisation?.settings ?? {}));
    return c.json({ state, intervalMinutes: config === null ? null : config.intervalMs / 60_000 }, 200);
  });
  return { path: '/alerts', router };
}
