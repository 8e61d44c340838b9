// /v1/api-keys (HR): keys for integrations; the key is shown once at creation, only its hash is stored.
import { createRoute, z } from '@hono/zod-openapi';
import type { ApiKey } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import { generateApiKey } from '../auth/apiKey.ts';
import { SERVICE_SCOPE_NAMES, SERVICE_SCOPES } from '../authz/index.ts';
import { NotFound } from '../errors.ts';
import { ID_PREFIXES, IdParams, jsonResponse, type Kit, newId, problems } from '../kit/index.ts';
import { createRouter } from '../router.ts';

const tags = ['api-keys'];

const Scope = z.enum(SERVICE_SCOPE_NAMES).openapi({
  description: Object.entries(SERVICE_SCOPES)
    .map(([name, grant]) => `${name}: ${grant.description}`)
    .join(' '),
});

const ApiKeyResource = z
  .object({
    id: z.string(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'Identifies the key (`pl_<prefix>_…`); not a secret.' }),
    scopes: z.array(z.string()),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    expiresAt: z.string().nullable().openapi({ description: 'Refused from this instant on; null = never.' }),
  })
  .openapi('ApiKey');
type ApiKeyBody = z.infer<typeof ApiKeyResource>;

const CreatedApiKey = ApiKeyResource.extend({
  key: z.string().openapi({ description: 'The key itself: shown only in this response. Store it now.' }),
}).openapi('CreatedApiKey');

/** C0 controls, DEL and C1 controls. */
const CONTROL_CHARACTERS = /\p{Cc}/u;

const ApiKeyCreate = z
  .strictObject({
    // A label on one line. Its own text column: PostgreSQL refuses NUL in text, so it must not reach the database.
    name: z
      .string()
      .trim()
      .min(1)
      .max(120)
      .refine((name) => !CONTROL_CHARACTERS.test(name), {
        message: 'must not contain control characters (NUL, line breaks, tabs…)',
      })
      .openapi({ description: 'A label for people (1–120 characters, no control characters).' }),
    scopes: z
      .array(Scope)
      .min(1)
      .refine((s) => new Set(s).size === s.length, { message: 'scopes must not repeat' }),
    expiresAt: z.iso
      .datetime({ offset: true })
      .refine((at) => Date.parse(at) > Date.now(), { message: 'must be in the future' })
      .optional()
      .openapi({ description: 'Optional expiry (ISO-8601 with offset); stored in UTC.' }),
  })
  .openapi('ApiKeyCreate');

function apiKeyBody(key: ApiKey): ApiKeyBody {
  return {
    id: key.id,
    name: key.name,
    prefix: key.prefix,
    scopes: key.scopes,
    createdAt: key.createdAt,
    lastUsedAt: key.lastUsedAt,
    revokedAt: key.revokedAt,
    expiresAt: key.expiresAt,
  };
}

export function apiKeysRoutes(kit: Kit): RouteModule {
  const { store } = kit;
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List API keys (HR; never the secrets)',
    responses: {
      200: jsonResponse(z.object({ items: z.array(ApiKeyResource) }).openapi('ApiKeyList'), 'All keys'),
      ...problems(403),
    },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Create an API key (HR)',
    description:
      'The response holds the key; it is never shown again (only its sha-256 is stored). Idempotency-Key is not honoured here: a replay would have to store the key.',
    request: { body: { required: true, content: { 'application/json': { schema: ApiKeyCreate } } } },
    responses: { 201: jsonResponse(CreatedApiKey, 'Created; the key is in `key`'), ...problems(400, 403) },
  });
  const revoke = createRoute({
    method: 'post',
    path: '/{id}/revoke',
    tags,
    summary: 'Revoke an API key (HR)',
    description: 'Immediate and final; revoking a revoked key changes nothing.',
    request: { params: IdParams },
    responses: { 200: jsonResponse(ApiKeyResource, 'Revoked'), ...problems(400, 403, 404) },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      return c.json({ items: (await store.apiKeys.list(access.orgId)).map(apiKeyBody) }, 200);
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      const { name, scopes, expiresAt } = c.req.valid('json');
      const generated = generateApiKey();
      // The key and its audit entry commit together: no unaudited keys.
      const key = await kit.writeTx(c, async (w) => {
        const created = await w.tx.apiKeys.create({
          id: newId(ID_PREFIXES.api_keys),
          orgId: w.orgId,
          name,
          prefix: generated.prefix,
          hash: generated.hash,
          scopes,
          ...(expiresAt !== undefined && { expiresAt }),
        });
        await w.audit({
          action: 'api_key.create',
          resourceKind: 'api_keys',
          resourceId: created.id,
          data: { name, scopes, prefix: created.prefix, expiresAt: created.expiresAt },
        });
        return created;
      });
      // No Location: a key has no URL of its own (it is listed by GET /v1/api-keys and revoked by id).
      return c.json({ ...apiKeyBody(key), key: generated.key }, 201);
    })
    .openapi(revoke, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      const { id } = c.req.valid('param');
      const key = await kit.writeTx(c, async (w) => {
        const before = (await w.tx.apiKeys.list(w.orgId)).find((k) => k.id === id);
        if (!before) throw new NotFound('The API key was not found.');
        const revoked = await w.tx.apiKeys.revoke(w.orgId, id);
        if (!revoked) throw new NotFound('The API key was not found.');
        if (before.revokedAt === null) {
          await w.audit({
            action: 'api_key.revoke',
            resourceKind: 'api_keys',
            resourceId: id,
            data: { name: revoked.name },
          });
        }
        return revoked;
      });
      return c.json(apiKeyBody(key), 200);
    });
  return { path: '/api-keys', router };
}
