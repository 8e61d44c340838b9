// Integration state entries: list, get, conditional put and delete, and atomic batches fenced by a lease.
import { createRoute, type OpenAPIHono } from '@hono/zod-openapi';
import { type ResourceRecord, StoreError, type Tx } from '@perfloop/store';
import type { AppEnv } from '../../context.ts';
import { BadRequest, Conflict, NotFound, PreconditionFailed, PreconditionRequired } from '../../errors.ts';
import {
  etag,
  IdempotencyHeaders,
  jsonResponse,
  type Kit,
  parseIfMatch,
  problems,
  reply,
  resourceResponse,
  send,
  staleVersion,
} from '../../kit/index.ts';
import { leaseId, requireIntegration, STATE_KIND, stateId, stateParent } from './integrationAccess.ts';
import {
  ConditionalHeaders,
  IntegrationParams,
  StateBatch,
  StateBatchResult,
  StateEntry,
  type StateEntryBody,
  StateKeyParams,
  StatePage,
  StatePut,
  StateQuery,
  type StoredEntry,
  StoredEntrySchema,
  StoredLeaseSchema,
} from './stateSchemas.ts';

const tags = ['integrations'];
const SCAN_PAGE = 1000;

/** The live entry of a record, or null for a tombstone. */
function liveEntry(record: ResourceRecord | undefined): StoredEntry | null {
  if (!record) return null;
  const entry = StoredEntrySchema.parse(record.data);
  return entry.deleted || entry.value === null ? null : entry;
}

function entryBody(record: ResourceRecord, entry: StoredEntry): StateEntryBody {
  return {
    key: entry.key,
    value: entry.value ?? {},
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/**
 * Writes one entry inside a transaction when it is at `expected` (null: must not exist, tombstones
 * count as absent); 412 `stale_version` otherwise, also when a concurrent writer got there first.
 */
async function writeEntry(
  tx: Tx,
  integration: string,
  key: string,
  expected: number | null,
  value: Record<string, unknown> | null,
  existing: ResourceRecord | undefined,
): Promise<ResourceRecord> {
  const current = liveEntry(existing) === null ? null : (existing?.version ?? null);
  if (current !== expected) throw staleVersion(current ?? 0);
  const data: StoredEntry = { integration, key, value, deleted: value === null };
  const repo = tx.resources(STATE_KIND);
  if (existing === undefined) {
    if (value === null) throw new NotFound(`There is no state entry ${key}.`);
    try {
      return await repo.create(tx.orgId, {
        id: stateId(integration, key),
        parentId: stateParent(integration),
        data,
      });
    } catch (error) {
      if (error instanceof StoreError && error.code === 'duplicate') throw staleVersion(0);
      throw error;
    }
  }
  const result = await repo.update(tx.orgId, existing.id, { expectedVersion: existing.version, data });
  if (!result.ok) throw staleVersion(result.reason === 'version_conflict' ? result.current.version : 0);
  return result.record;
}

/** 409 `lease_lost` unless `fence` names a lease held now with that token. */
async function assertFence(
  tx: Tx,
  integration: string,
  fence: { name: string; token: number },
): Promise<void> {
  const record = await tx.resources(STATE_KIND).get(tx.orgId, leaseId(integration, fence.name));
  const lease = record ? StoredLeaseSchema.parse(record.data) : null;
  if (lease === null || lease.token !== fence.token || Date.parse(lease.expiresAt) <= Date.now()) {
    throw new Conflict(
      `The lease ${fence.name} is not held with token ${fence.token} any more; acquire it again and re-read the state.`,
      {
        code: 'lease_lost',
        details: lease ? { holder: lease.holder, token: lease.token, expiresAt: lease.expiresAt } : {},
      },
    );
  }
}

export function addStateRoutes(router: OpenAPIHono<AppEnv>, kit: Kit): void {
  const list = createRoute({
    method: 'get',
    path: '/{integration}/state',
    tags,
    summary: "List the integration's state entries",
    description: "Only the integration's API key (its scope names the integration). Entries by key.",
    request: { params: IntegrationParams, query: StateQuery },
    responses: { 200: jsonResponse(StatePage, 'A page of entries'), ...problems(400, 403, 404) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{integration}/state/{key}',
    tags,
    summary: 'Get a state entry',
    request: { params: StateKeyParams },
    responses: { 200: resourceResponse(StateEntry, 'The entry'), ...problems(400, 403, 404) },
  });
  const put = createRoute({
    method: 'put',
    path: '/{integration}/state/{key}',
    tags,
    summary: 'Create or replace a state entry (compare-and-set)',
    description:
      'Create with `If-None-Match: *` (412 when the key exists); replace with `If-Match: "<version>"` (412 `stale_version` when it moved, 404 when absent). 428 without either.',
    request: {
      params: StateKeyParams,
      headers: ConditionalHeaders,
      body: { required: true, content: { 'application/json': { schema: StatePut } } },
    },
    responses: {
      200: resourceResponse(StateEntry, 'Replaced'),
      201: resourceResponse(StateEntry, 'Created'),
      ...problems(400, 403, 404, 412, 428),
    },
  });
  const remove = createRoute({
    method: 'delete',
    path: '/{integration}/state/{key}',
    tags,
    summary: 'Delete a state entry (compare-and-set)',
    request: { params: StateKeyParams, headers: ConditionalHeaders },
    responses: { 204: { description: 'Deleted' }, ...problems(400, 403, 404, 412, 428) },
  });
  const batch = createRoute({
    method: 'post',
    path: '/{integration}/state',
    tags,
    summary: 'Apply state writes atomically',
    description:
      'Every write names the version it expects (`ifVersion`, null = must not exist). All or nothing: any mismatch → 412 `stale_version` listing every conflict in `details.conflicts`. With `lease`, commits only while that lease is held with that token (409 `lease_lost`).',
    middleware: [kit.idempotent] as const,
    request: {
      params: IntegrationParams,
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: StateBatch } } },
    },
    responses: {
      200: jsonResponse(StateBatchResult, 'Applied'),
      ...problems(400, 403, 404, 409, 412, 422),
    },
  });

  router
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      const { integration } = c.req.valid('param');
      requireIntegration(access, integration);
      const { prefix = '', limit, cursor } = c.req.valid('query');
      const repo = kit.store.resources(STATE_KIND);
      const items: StateEntryBody[] = [];
      let after = cursor === undefined ? undefined : stateId(integration, cursor);
      for (;;) {
        const page = await repo.list(access.orgId, {
          parentId: stateParent(integration),
          limit: SCAN_PAGE,
          ...(after !== undefined ? { after } : {}),
        });
        for (const record of page.records) {
          const entry = liveEntry(record);
          if (entry === null || !entry.key.startsWith(prefix)) continue;
          if (items.length === limit) return c.json({ items, nextCursor: items.at(-1)?.key ?? null }, 200);
          items.push(entryBody(record, entry));
        }
        if (page.nextCursor === null) return c.json({ items, nextCursor: null }, 200);
        after = page.nextCursor;
      }
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      const { integration, key } = c.req.valid('param');
      requireIntegration(access, integration);
      const record = await kit.store.resources(STATE_KIND).get(access.orgId, stateId(integration, key));
      const entry = liveEntry(record);
      if (!record || entry === null) throw new NotFound(`There is no state entry ${key}.`);
      return c.json(entryBody(record, entry), 200, { ETag: etag(record) });
    })
    .openapi(put, async (c) => {
      const access = await kit.access(c);
      const { integration, key } = c.req.valid('param');
      requireIntegration(access, integration);
      const { value } = c.req.valid('json');
      const create = c.req.header('If-None-Match')?.trim() === '*';
      const ifMatch = parseIfMatch(c.req.header('If-Match'));
      if (!create && ifMatch.kind !== 'versions') {
        if (ifMatch.kind === 'invalid') {
          throw new BadRequest('If-Match must be a strong ETag such as "3".', { code: 'invalid_if_match' });
        }
        throw new PreconditionRequired(
          'Send If-None-Match: * to create this entry or If-Match: "<version>" to replace it.',
        );
      }
      const result = await kit.writeTx(c, async (w) => {
        const existing = await w.tx.resources(STATE_KIND).get(w.orgId, stateId(integration, key));
        let expected: number | null = null;
        if (!create) {
          const current = liveEntry(existing) === null ? undefined : existing;
          if (current === undefined) throw new NotFound(`There is no state entry ${key}.`);
          const versions = ifMatch.kind === 'versions' ? ifMatch.versions : [];
          if (!versions.includes(current.version)) throw staleVersion(current.version);
          expected = current.version;
        }
        const record = await writeEntry(w.tx, integration, key, expected, value, existing);
        await w.audit({
          action: 'integration_state.write',
          resourceKind: STATE_KIND,
          resourceId: integration,
          data: { written: [{ key, version: record.version }] },
        });
        return record;
      });
      const body = entryBody(result, { integration, key, value, deleted: false });
      return c.json(body, create ? 201 : 200, { ETag: etag(result) });
    })
    .openapi(remove, async (c) => {
      const access = await kit.access(c);
      const { integration, key } = c.req.valid('param');
      requireIntegration(access, integration);
      const ifMatch = parseIfMatch(c.req.header('If-Match'));
      if (ifMatch.kind !== 'versions') {
        throw new PreconditionRequired('Send If-Match: "<version>" to delete this entry.');
      }
      await kit.writeTx(c, async (w) => {
        const existing = await w.tx.resources(STATE_KIND).get(w.orgId, stateId(integration, key));
        if (liveEntry(existing) === null || existing === undefined) {
          throw new NotFound(`There is no state entry ${key}.`);
        }
        if (!ifMatch.versions.includes(existing.version)) throw staleVersion(existing.version);
        const record = await writeEntry(w.tx, integration, key, existing.version, null, existing);
        await w.audit({
          action: 'integration_state.write',
          resourceKind: STATE_KIND,
          resourceId: integration,
          data: { deleted: [{ key, version: record.version }] },
        });
      });
      return c.body(null, 204);
    })
    .openapi(batch, async (c) => {
      const access = await kit.access(c);
      const { integration } = c.req.valid('param');
      requireIntegration(access, integration);
      const body = c.req.valid('json');
      const result = await kit.writeReply(c, async (w) => {
        if (body.lease) await assertFence(w.tx, integration, body.lease);
        const repo = w.tx.resources(STATE_KIND);
        const ids = body.writes.map((x) => stateId(integration, x.key));
        const found = await repo.list(w.orgId, { ids, limit: body.writes.length });
        const byId = new Map(found.records.map((r) => [r.id, r]));
        const conflicts = body.writes.flatMap((x) => {
          const existing = byId.get(stateId(integration, x.key));
          const current = liveEntry(existing) === null ? null : (existing?.version ?? null);
          return current === x.ifVersion ? [] : [{ key: x.key, expected: x.ifVersion, current }];
        });
        if (conflicts.length > 0) {
          const keys = conflicts.slice(0, 5).map((x) => x.key);
          throw new PreconditionFailed(
            `${conflicts.length} state ${conflicts.length === 1 ? 'entry has' : 'entries have'} moved on (${keys.join(', ')}); read them again.`,
            { code: 'stale_version', details: { conflicts } },
          );
        }
        const entries = [];
        for (const x of body.writes) {
          const existing = byId.get(stateId(integration, x.key));
          const record = await writeEntry(w.tx, integration, x.key, x.ifVersion, x.value ?? null, existing);
          entries.push({ key: x.key, version: record.version, deleted: x.delete === true });
        }
        await w.audit({
          action: 'integration_state.write',
          resourceKind: STATE_KIND,
          resourceId: integration,
          data: {
            written: entries.filter((e) => !e.deleted).map(({ key, version }) => ({ key, version })),
            deleted: entries.filter((e) => e.deleted).map(({ key, version }) => ({ key, version })),
            ...(body.lease ? { lease: body.lease } : {}),
          },
        });
        return reply(200, { entries });
      });
      return send(c, result);
    });
}
