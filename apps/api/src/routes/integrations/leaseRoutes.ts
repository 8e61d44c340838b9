// Integration leases: acquire or renew with a time to live (server clock), read, release; a fencing token per holder.
import { createRoute, type OpenAPIHono, type z } from '@hono/zod-openapi';
import { type ResourceRecord, StoreError } from '@perfloop/store';
import type { AppEnv } from '../../context.ts';
import { Conflict, NotFound } from '../../errors.ts';
import {
  etag,
  IfMatchHeaders,
  type Kit,
  problems,
  requireIfMatch,
  resourceResponse,
  staleVersion,
} from '../../kit/index.ts';
import { leaseId, leaseParent, requireIntegration, STATE_KIND } from './integrationAccess.ts';
import { Lease, LeaseAcquire, LeaseParams, type StoredLease, StoredLeaseSchema } from './stateSchemas.ts';

const tags = ['integrations'];

function leaseBody(record: ResourceRecord, lease: StoredLease, acquired: boolean): z.infer<typeof Lease> {
  return {
    name: lease.name,
    holder: lease.holder,
    token: lease.token,
    acquiredAt: lease.acquiredAt,
    expiresAt: lease.expiresAt,
    acquired,
    version: record.version,
  };
}

function leaseHeld(lease: StoredLease): Conflict {
  return new Conflict(`The lease ${lease.name} is held by ${lease.holder} until ${lease.expiresAt}.`, {
    code: 'lease_held',
    details: { holder: lease.holder, expiresAt: lease.expiresAt, token: lease.token },
  });
}

export function addLeaseRoutes(router: OpenAPIHono<AppEnv>, kit: Kit): void {
  const acquire = createRoute({
    method: 'post',
    path: '/{integration}/leases/{name}',
    tags,
    summary: 'Acquire or renew a lease',
    description:
      'Free or expired (by the API server’s clock): the caller takes it and the fencing `token` grows. Held by the same `holder`: renewed (same token). Held by another: 409 `lease_held` with the holder and expiry.',
    request: {
      params: LeaseParams,
      body: { required: true, content: { 'application/json': { schema: LeaseAcquire } } },
    },
    responses: { 200: resourceResponse(Lease, 'Held by the caller'), ...problems(400, 403, 404, 409) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{integration}/leases/{name}',
    tags,
    summary: 'Read a lease',
    request: { params: LeaseParams },
    responses: { 200: resourceResponse(Lease, 'The lease (maybe expired)'), ...problems(400, 403, 404) },
  });
  const release = createRoute({
    method: 'delete',
    path: '/{integration}/leases/{name}',
    tags,
    summary: 'Release a lease',
    description:
      'If-Match: the version of your lease; it expires now (its token is kept, so tokens only grow).',
    request: { params: LeaseParams, headers: IfMatchHeaders },
    responses: { 204: { description: 'Released' }, ...problems(400, 403, 404, 412, 428) },
  });

  router
    .openapi(acquire, async (c) => {
      const access = await kit.access(c);
      const { integration, name } = c.req.valid('param');
      requireIntegration(access, integration);
      const { holder, ttlSeconds } = c.req.valid('json');
      const { record, lease, acquired } = await kit.writeTx(c, async (w) => {
        const repo = w.tx.resources(STATE_KIND);
        const id = leaseId(integration, name);
        const existing = await repo.get(w.orgId, id);
        const now = Date.now();
        const at = new Date(now).toISOString();
        const expiresAt = new Date(now + ttlSeconds * 1000).toISOString();
        const before = existing ? StoredLeaseSchema.parse(existing.data) : null;
        const held = before !== null && Date.parse(before.expiresAt) > now;
        if (held && before.holder !== holder) throw leaseHeld(before);
        const taking = !held;
        const next: StoredLease = {
          integration,
          name,
          holder,
          token: taking ? (before?.token ?? 0) + 1 : (before?.token ?? 1),
          acquiredAt: taking ? at : (before?.acquiredAt ?? at),
          expiresAt,
        };
        let record: ResourceRecord;
        if (existing === undefined) {
          try {
            record = await repo.create(w.orgId, { id, parentId: leaseParent(integration), data: next });
          } catch (error) {
            if (error instanceof StoreError && error.code === 'duplicate') {
              throw new Conflict(`The lease ${name} was just taken by another holder.`, {
                code: 'lease_held',
              });
            }
            throw error;
          }
        } else {
          const result = await repo.update(w.orgId, id, { expectedVersion: existing.version, data: next });
          if (!result.ok) {
            throw new Conflict(`The lease ${name} was just taken by another holder.`, { code: 'lease_held' });
          }
          record = result.record;
        }
        // Renewals are routine (every sync round); taking a lease is audited.
        if (taking) {
          await w.audit({
            action: 'integration_lease.acquire',
            resourceKind: STATE_KIND,
            resourceId: integration,
            data: { name, holder, token: next.token, expiresAt, previousHolder: before?.holder ?? null },
          });
        }
        return { record, lease: next, acquired: taking };
      });
      return c.json(leaseBody(record, lease, acquired), 200, { ETag: etag(record) });
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      const { integration, name } = c.req.valid('param');
      requireIntegration(access, integration);
      const record = await kit.store.resources(STATE_KIND).get(access.orgId, leaseId(integration, name));
      if (!record) throw new NotFound(`There is no lease ${name}.`);
      return c.json(leaseBody(record, StoredLeaseSchema.parse(record.data), false), 200, {
        ETag: etag(record),
      });
    })
    .openapi(release, async (c) => {
      const access = await kit.access(c);
      const { integration, name } = c.req.valid('param');
      requireIntegration(access, integration);
      await kit.writeTx(c, async (w) => {
        const repo = w.tx.resources(STATE_KIND);
        const existing = await repo.get(w.orgId, leaseId(integration, name));
        if (!existing) throw new NotFound(`There is no lease ${name}.`);
        const expectedVersion = requireIfMatch(c, existing.version);
        const lease = StoredLeaseSchema.parse(existing.data);
        const expiresAt = new Date(Math.min(Date.parse(lease.expiresAt), Date.now())).toISOString();
        const result = await repo.update(w.orgId, existing.id, {
          expectedVersion,
          data: { ...lease, expiresAt },
        });
        if (!result.ok) throw staleVersion(result.reason === 'version_conflict' ? result.current.version : 0);
        await w.audit({
          action: 'integration_lease.release',
          resourceKind: STATE_KIND,
          resourceId: integration,
          data: { name, holder: lease.holder, token: lease.token },
        });
      });
      return c.body(null, 204);
    });
}
