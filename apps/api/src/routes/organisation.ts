// /v1/organisation: the caller's organisation (name, slug, settings incl. its currency and Entra tenant); HR may rename it and change settings.
import { createRoute, z } from '@hono/zod-openapi';
import { IdSchema } from '@perfloop/core';
import type { JsonObject, Organisation } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import { principalOrgId } from '../auth/principal.ts';
import { ENTRA_TENANT_SETTING } from '../deps.ts';
import { NotFound, UnprocessableEntity } from '../errors.ts';
import {
  diff,
  etag,
  IfMatchHeaders,
  type Kit,
  problems,
  requireIfMatch,
  resourceResponse,
  staleVersion,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { CurrencySettingSchema } from './organisation/currency.ts';

const tags = ['organisation'];

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

// No regex flags: the pattern is published in /openapi.json, where JSON Schema patterns have none.
const GUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

const Settings = {
  timezone: z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en-GB'),
  currency: CurrencySettingSchema,
  activePolicyId: IdSchema.nullable().openapi({ description: 'The policy new cycles use by default.' }),
  entraTenantId: z.string().regex(GUID, 'must be a Microsoft Entra tenant id (a GUID)').nullable().openapi({
    description:
      "The Microsoft Entra tenant (directory) id of the organisation. Teams sign-in by e-mail (the token's UPN) only matches people of the organisation bound to the token's tenant; null: none.",
    example: '72f988bf-86f1-41af-91ab-2d7cd011db47',
  }),
};
const SETTING_DEFAULTS = {
  timezone: 'UTC',
  locale: 'en',
  currency: null,
  activePolicyId: null,
  entraTenantId: null,
};

const OrganisationResource = z
  .object({
    id: z.string(),
    name: z.string(),
    slug: z.string(),
    settings: z.object(Settings),
    version: z.number().int().min(1),
    createdAt: z.string(),
  })
  .openapi('Organisation');
type OrganisationBody = z.infer<typeof OrganisationResource>;

const OrganisationPatch = z
  .strictObject({
    name: z.string().trim().min(1).max(200).optional(),
    settings: z
      .strictObject({
        timezone: Settings.timezone.optional(),
        locale: Settings.locale.optional(),
        currency: Settings.currency.optional(),
        activePolicyId: Settings.activePolicyId.optional(),
        entraTenantId: Settings.entraTenantId.optional(),
      })
      .optional(),
  })
  .refine((p) => p.name !== undefined || (p.settings !== undefined && Object.keys(p.settings).length > 0), {
    message: 'send a name or at least one setting',
  })
  .openapi('OrganisationPatch');

/** Settings as stored, without the `version` key older code kept there (the version is its own column now). */
function storedSettings(settings: JsonObject): JsonObject {
  return Object.fromEntries(Object.entries(settings).filter(([key]) => key !== 'version'));
}

function organisationBody(org: Organisation): OrganisationBody {
  const stored = z.object(Settings).partial().safeParse(org.settings);
  const known = stored.success ? stored.data : {};
  return {
    id: org.id,
    name: org.name,
    slug: org.slug,
    settings: {
      ...SETTING_DEFAULTS,
      ...Object.fromEntries(Object.entries(known).filter(([, v]) => v !== undefined)),
    },
    version: org.version,
    createdAt: org.createdAt,
  };
}

export function organisationRoutes(kit: Kit): RouteModule {
  const { store } = kit;
  const load = async (orgId: string): Promise<Organisation> => {
    const org = await store.organisations.get(orgId);
    if (!org) throw new NotFound('The organisation was not found.');
    return org;
  };

  const get = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'Your organisation',
    responses: { 200: resourceResponse(OrganisationResource, 'The organisation'), ...problems(403, 404) },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/',
    tags,
    summary: 'Rename the organisation or change its settings (HR)',
    request: {
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: OrganisationPatch } } },
    },
    responses: {
      200: resourceResponse(OrganisationResource, 'Updated'),
      ...problems(400, 403, 404, 412, 422, 428),
    },
  });

  const router = createRouter()
    .openapi(get, async (c) => {
      // People of the organisation only: its settings (the Entra tenant, policies) are no integration's business.
      (await kit.access(c)).requireUser();
      const org = await load(principalOrgId(c.get('principal')));
      return c.json(organisationBody(org), 200, { ETag: etag(org) });
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      const orgId = access.orgId;
      const version = requireIfMatch(c, (await load(orgId)).version);
      const changes = c.req.valid('json');
      // The compare-and-set, its audit entry and its feed event commit together (or not at all).
      const body = await kit.writeTx(c, async (w) => {
        const current = await w.tx.organisations.get(orgId);
        if (!current) throw new NotFound('The organisation was not found.');
        const policyId = changes.settings?.activePolicyId;
        if (policyId && !(await w.tx.resources('policies').get(orgId, policyId))) {
          throw new UnprocessableEntity(`Policy ${policyId} does not exist.`, {
            code: 'unknown_policy',
            errors: [
              {
                path: 'settings.activePolicyId',
                message: 'no such policy',
                code: 'unknown_policy',
                location: 'input',
              },
            ],
          });
        }
        const tenant = changes.settings?.entraTenantId;
        const result = await w.tx.organisations.update(orgId, {
          expectedVersion: version,
          ...(changes.name !== undefined && { name: changes.name }),
          settings: {
            ...storedSettings(current.settings),
            ...changes.settings,
            // Stored lower-cased: the Entra verifier compares it with the token's (lower-cased) tid.
            ...(typeof tenant === 'string' && { [ENTRA_TENANT_SETTING]: tenant.toLowerCase() }),
          },
        });
        if (!result.ok) {
          if (result.reason === 'not_found') throw new NotFound('The organisation was not found.');
          throw staleVersion(result.current.version);
        }
        const before = organisationBody(current);
        const after = organisationBody(result.record);
        await w.audit({
          action: 'organisation.update',
          resourceKind: 'organisations',
          resourceId: orgId,
          data: {
            changed: diff({ name: before.name, ...before.settings }, { name: after.name, ...after.settings }),
          },
        });
        await w.tx.emit({
          kind: 'organisations',
          resourceId: orgId,
          op: 'update',
          version: after.version,
          data: after,
        });
        return after;
      });
      return c.json(body, 200, { ETag: etag(body) });
    });
  return { path: '/organisation', router };
}
