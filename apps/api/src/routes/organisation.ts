// /v1/organisation: the caller's organisation (name, slug, settings); HR may rename it and change settings.
import { createRoute, z } from '@hono/zod-openapi';
import { IdSchema } from '@perfloop/core';
import { canonicalJson, type JsonObject, type Organisation } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import { principalOrgId } from '../auth/principal.ts';
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

const tags = ['organisation'];

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

const Settings = {
  timezone: z.string().min(1).max(64).refine(isTimeZone, 'must be an IANA time zone such as Europe/Paris'),
  locale: z.string().regex(/^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$/, 'must be a BCP 47 language tag such as en-GB'),
  activePolicyId: IdSchema.nullable().openapi({ description: 'The policy new cycles use by default.' }),
};
const SETTING_DEFAULTS = { timezone: 'UTC', locale: 'en', activePolicyId: null };

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
        activePolicyId: Settings.activePolicyId.optional(),
      })
      .optional(),
  })
  .refine((p) => p.name !== undefined || (p.settings !== undefined && Object.keys(p.settings).length > 0), {
    message: 'send a name or at least one setting',
  })
  .openapi('OrganisationPatch');

/** The organisations table has no version column: the version lives in settings.version (1 when absent). */
export function organisationVersion(org: Organisation): number {
  const v = org.settings.version;
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= 1 ? v : 1;
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
    version: organisationVersion(org),
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
    responses: { 200: resourceResponse(OrganisationResource, 'The organisation'), ...problems(404) },
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
      const org = await load(principalOrgId(c.get('principal')));
      return c.json(organisationBody(org), 200, { ETag: `"${organisationVersion(org)}"` });
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      const current = await load(access.orgId);
      const version = requireIfMatch(c, organisationVersion(current));
      const changes = c.req.valid('json');
      const policyId = changes.settings?.activePolicyId;
      if (policyId && !(await store.resources('policies').get(access.orgId, policyId))) {
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
      const settings: JsonObject = { ...current.settings, ...changes.settings, version: version + 1 };
      const name = changes.name ?? current.name;
      // The store has no organisation update: a compare-and-set on the settings text (which holds the
      // version) through its Kysely instance, then the audit entry and feed event in a transaction.
      const updated = await store.db
        .updateTable('organisations')
        .set({ name, settings: canonicalJson(settings) })
        .where('id', '=', access.orgId)
        .where('settings', '=', canonicalJson(current.settings))
        .executeTakeFirst();
      if (Number(updated.numUpdatedRows) !== 1)
        throw staleVersion(organisationVersion(await load(access.orgId)));
      const next = await load(access.orgId);
      const body = organisationBody(next);
      await kit.writeTx(c, async (w) => {
        const before = organisationBody(current);
        await w.audit({
          action: 'organisation.update',
          resourceKind: 'organisations',
          resourceId: access.orgId,
          data: {
            changed: diff({ name: before.name, ...before.settings }, { name: body.name, ...body.settings }),
          },
        });
        await w.tx.emit({
          kind: 'organisations',
          resourceId: access.orgId,
          op: 'update',
          version: body.version,
          data: body,
        });
      });
      return c.json(body, 200, { ETag: etag(body) });
    });
  return { path: '/organisation', router };
}
