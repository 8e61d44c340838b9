// /v1/policies: management policies (core PolicySchema + id) with culture-fit warnings; HR creates and edits.
import { createRoute, z } from '@hono/zod-openapi';
import {
  applyPolicyChange,
  ManagementThemeSchema,
  POLICY_PRESETS,
  type Policy,
  PolicyChangeSchema,
  PolicySchema,
  policyWarnings,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import { BadRequest, NotFound } from '../errors.ts';
import {
  createdResponse,
  etag,
  ID_PREFIXES,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  newId,
  PageQuery,
  pageCursor,
  pageSchema,
  problems,
  ResourceMeta,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { fieldErrors } from '../validation.ts';

const tags = ['policies'];

const PolicyWarning = z
  .object({ code: z.string(), message: z.string(), details: z.record(z.string(), z.unknown()).optional() })
  .openapi('PolicyWarning');
const PolicyResource = PolicySchema.extend({
  id: z.string(),
  ...ResourceMeta,
  warnings: z.array(PolicyWarning).openapi({ description: 'Culture-fit advice (never a refusal).' }),
}).openapi('Policy');
type PolicyBody = z.infer<typeof PolicyResource>;
const PolicyPage = pageSchema(PolicyResource, 'PolicyPage');

// A derived copy: core's own schema instances may predate @hono/zod-openapi's patch and lack .openapi().
const PolicyInput = PolicySchema.extend({}).openapi('PolicyInput');
const PolicyFromPreset = z
  .strictObject({
    preset: ManagementThemeSchema,
    overrides: PolicyChangeSchema.extend({}).optional().openapi({
      description:
        'Changes to the preset, as a PATCH sends them: top-level fields, and in a section (coaching, feedback, …) only the fields named.',
    }),
  })
  .openapi('PolicyFromPreset');
const PolicyCreate = z.union([PolicyInput, PolicyFromPreset]);
/**
 * Core's PolicyChangeSchema: top-level fields replace the stored ones; a section's fields named replace theirs, its
 * others stay (a map or list in a section is one field, replaced whole). No defaults fill unsent fields.
 */
const PolicyPatch = PolicyChangeSchema.extend({})
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' })
  .openapi('PolicyPatch');

/** The changed policy validated whole (a section's cross-field rules hold on the result), or a 400 naming each field. */
function changedPolicy(
  base: Policy,
  change: z.infer<typeof PolicyChangeSchema>,
  what: string,
  /** Where the change sits in the body (`overrides`), so each error names the field as it was sent. */
  under?: string,
): Policy {
  const next = PolicySchema.safeParse(applyPolicyChange(base, change));
  if (!next.success) {
    const errors = fieldErrors(next.error, 'body').map((e) =>
      under ? { ...e, path: e.path ? `${under}.${e.path}` : under } : e,
    );
    throw new BadRequest(what, { code: 'validation_failed', errors });
  }
  return next.data;
}

const Preset = z
  .object({ preset: ManagementThemeSchema, policy: PolicyInput, warnings: z.array(PolicyWarning) })
  .openapi('PolicyPreset');

const StoredPolicy = PolicySchema.extend({ id: z.string() });

function policyBody(record: ResourceRecord): PolicyBody {
  const { id, ...policy } = StoredPolicy.parse(record.data);
  return {
    ...policy,
    id,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    warnings: policyWarnings(policy),
  };
}

/** A union's validation error says little: re-validate against the branch the body chose, for field errors. */
function createHook(result: { success: boolean; target: string; data?: unknown; error?: z.ZodError }): void {
  if (result.success) return;
  if (result.target !== 'json' || result.error === undefined) {
    throw new BadRequest('The request is invalid.', {
      code: 'validation_failed',
      errors: result.error ? fieldErrors(result.error, 'headers') : [],
    });
  }
  const { data } = result;
  const branch =
    typeof data === 'object' && data !== null && 'preset' in data ? PolicyFromPreset : PolicyInput;
  const check = branch.safeParse(data);
  const source = check.success ? result.error : check.error;
  const errors = source ? fieldErrors(source, 'body') : [];
  throw new BadRequest(
    `The request body is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}).`,
    {
      code: 'validation_failed',
      errors,
    },
  );
}

export function policiesRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List policies',
    request: { query: PageQuery },
    responses: { 200: jsonResponse(PolicyPage, 'A page of policies, by id'), ...problems(400, 403) },
  });
  const presets = createRoute({
    method: 'get',
    path: '/presets',
    tags,
    summary: 'The incentive- and control-oriented presets',
    responses: {
      200: jsonResponse(z.object({ items: z.array(Preset) }).openapi('PolicyPresets'), 'Both presets'),
      ...problems(403),
    },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a policy',
    request: { params: IdParams },
    responses: { 200: resourceResponse(PolicyResource, 'The policy'), ...problems(400, 403, 404) },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Create a policy (HR)',
    description: 'Either a complete policy, or `{ preset: "incentive" | "control", overrides }`.',
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: PolicyCreate } } },
    },
    responses: { 201: createdResponse(PolicyResource, 'Created'), ...problems(400, 403) },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Change a policy (HR)',
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: PolicyPatch } } },
    },
    responses: { 200: resourceResponse(PolicyResource, 'Updated'), ...problems(400, 403, 404, 412, 428) },
  });

  const router = createRouter()
    .openapi(presets, async (c) => {
      (await kit.access(c)).requireUser();
      const items = ManagementThemeSchema.options.map((preset) => ({
        preset,
        policy: POLICY_PRESETS[preset],
        warnings: policyWarnings(POLICY_PRESETS[preset]),
      }));
      return c.json({ items }, 200);
    })
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const query = c.req.valid('query');
      const page = await kit.store
        .resources('policies')
        .list(access.orgId, { limit: query.limit, ...(query.cursor ? { after: query.cursor } : {}) });
      return c.json({ items: page.records.map(policyBody), nextCursor: pageCursor(page.nextCursor) }, 200);
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const record = await kit.store.resources('policies').get(access.orgId, c.req.valid('param').id);
      if (!record) throw new NotFound('The policy was not found.');
      return c.json(policyBody(record), 200, { ETag: etag(record) });
    })
    .openapi(
      create,
      async (c) => {
        const access = await kit.access(c);
        access.requireHr();
        const input = c.req.valid('json');
        const policy: Policy =
          'preset' in input
            ? changedPolicy(
                POLICY_PRESETS[input.preset],
                input.overrides ?? {},
                'The preset with these overrides is not a valid policy.',
                'overrides',
              )
            : PolicySchema.parse(input);
        const id = newId(ID_PREFIXES.policies);
        const result = await kit.writeReply(c, async (w) => {
          const record = await w.create('policies', { id, data: { id, ...policy } });
          return reply(201, policyBody(record), {
            ETag: etag(record),
            Location: `${V1_PREFIX}/policies/${id}`,
          });
        });
        return send(c, result);
      },
      (result) => {
        createHook(result);
        return undefined;
      },
    )
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      const { id } = c.req.valid('param');
      const current = await kit.store.resources('policies').get(access.orgId, id);
      if (!current) throw new NotFound('The policy was not found.');
      const expectedVersion = requireIfMatch(c, current.version);
      const { id: _id, ...stored } = StoredPolicy.parse(current.data);
      const next = changedPolicy(stored, c.req.valid('json'), 'The changed policy is invalid.');
      const result = await kit.writeReply(c, async (w) => {
        const record = await w.update('policies', id, { expectedVersion, data: { id, ...next } });
        return reply(200, policyBody(record), { ETag: etag(record) });
      });
      return send(c, result);
    });
  return { path: '/policies', router };
}
