// /v1/departments: list and get (everyone in the organisation); create, patch and delete (HR).
import { createRoute, z } from '@hono/zod-openapi';
import { buildOrg, type Department, DepartmentSchema, IdSchema } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { type RouteModule, V1_PREFIX } from '../app.ts';
import { loadOrgSnapshot, type OrgSnapshot } from '../authz/index.ts';
import { Conflict, NotFound } from '../errors.ts';
import {
  createdResponse,
  domainProblem,
  etag,
  ID_PREFIXES,
  IdempotencyHeaders,
  IdParams,
  IfMatchHeaders,
  jsonResponse,
  type Kit,
  newId,
  PageQuery,
  pageSchema,
  paginate,
  problems,
  ResourceMeta,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';

const tags = ['departments'];
const S = DepartmentSchema.shape;

export const DepartmentResource = DepartmentSchema.extend(ResourceMeta).openapi('Department');
type DepartmentBody = z.infer<typeof DepartmentResource>;
const DepartmentPage = pageSchema(DepartmentResource, 'DepartmentPage');

const DepartmentCreate = z
  .strictObject({ name: S.name, parentId: S.parentId.default(null), headId: S.headId.default(null) })
  .openapi('DepartmentCreate');
const DepartmentPatch = z
  .strictObject({ name: S.name.optional(), parentId: S.parentId.optional(), headId: S.headId.optional() })
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' })
  .openapi('DepartmentPatch');
const DepartmentQuery = PageQuery.extend({
  parentId: IdSchema.optional().openapi({
    param: { name: 'parentId', in: 'query' },
    description: 'Only the direct sub-departments of this department.',
  }),
});

export function departmentBody(record: ResourceRecord, department: Department): DepartmentBody {
  return { ...department, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

/** Refuses a department that breaks the organisation: unknown parent or head, a parent cycle (422). */
function assertDepartmentWrite(snapshot: OrgSnapshot, department: Department): void {
  const departments = [...snapshot.departments.values()]
    .map((e) => e.entity)
    .filter((d) => d.id !== department.id);
  const built = buildOrg({
    people: [...snapshot.people.values()].map((e) => e.entity),
    departments: [...departments, department],
  });
  if (built.ok) return;
  // Errors concern this department (the rest was valid): report them against its own fields.
  throw domainProblem(built.error, 422, (e) => {
    const field = e.path?.[2];
    if (typeof field === 'string') return [field];
    return e.code === 'department_cycle' ? ['parentId'] : undefined;
  });
}

export function departmentsRoutes(kit: Kit): RouteModule {
  const location = (id: string) => `${V1_PREFIX}/departments/${id}`;
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List departments',
    request: { query: DepartmentQuery },
    responses: { 200: jsonResponse(DepartmentPage, 'A page of departments, by id'), ...problems(400, 403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a department',
    request: { params: IdParams },
    responses: { 200: resourceResponse(DepartmentResource, 'The department'), ...problems(400, 403, 404) },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Create a department (HR)',
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: DepartmentCreate } } },
    },
    responses: { 201: createdResponse(DepartmentResource, 'Created'), ...problems(400, 403, 422) },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Change a department (HR)',
    description:
      'A parent that would put the department inside itself is refused with 422 `department_cycle`.',
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: DepartmentPatch } } },
    },
    responses: {
      200: resourceResponse(DepartmentResource, 'Updated'),
      ...problems(400, 403, 404, 412, 422, 428),
    },
  });
  const remove = createRoute({
    method: 'delete',
    path: '/{id}',
    tags,
    summary: 'Delete an empty department (HR)',
    description: 'Refused with 409 `department_not_empty` while people or sub-departments are in it.',
    request: { params: IdParams, headers: IfMatchHeaders },
    responses: { 204: { description: 'Deleted' }, ...problems(400, 403, 404, 409, 412, 428) },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const query = c.req.valid('query');
      const all = [...access.snapshot.departments.values()]
        .filter((e) => query.parentId === undefined || e.entity.parentId === query.parentId)
        .sort((a, b) => (a.entity.id < b.entity.id ? -1 : 1));
      const page = paginate(all, (e) => e.entity.id, query);
      return c.json(
        { items: page.items.map((e) => departmentBody(e.record, e.entity)), nextCursor: page.nextCursor },
        200,
      );
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const entry = access.department(c.req.valid('param').id);
      return c.json(departmentBody(entry.record, entry.entity), 200, { ETag: etag(entry.record) });
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      const department = DepartmentSchema.parse({
        id: newId(ID_PREFIXES.departments),
        ...c.req.valid('json'),
      });
      const result = await kit.writeReply(c, async (w) => {
        assertDepartmentWrite(await loadOrgSnapshot(w.tx, w.orgId), department);
        const record = await w.create('departments', {
          id: department.id,
          parentId: department.parentId,
          data: department,
        });
        return reply(201, departmentBody(record, department), {
          ETag: etag(record),
          Location: location(department.id),
        });
      });
      return send(c, result);
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const entry = access.department(id);
      access.requireHr();
      const expectedVersion = requireIfMatch(c, entry.record.version);
      const changes = c.req.valid('json');
      const result = await kit.writeReply(c, async (w) => {
        const snapshot = await loadOrgSnapshot(w.tx, w.orgId);
        const current = snapshot.departments.get(id);
        if (!current) throw new NotFound('The department was not found.');
        const next = DepartmentSchema.parse({ ...current.entity, ...changes, id });
        assertDepartmentWrite(snapshot, next);
        const record = await w.update('departments', id, {
          expectedVersion,
          data: next,
          parentId: next.parentId,
        });
        return reply(200, departmentBody(record, next), { ETag: etag(record) });
      });
      return send(c, result);
    })
    .openapi(remove, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const entry = access.department(id);
      access.requireHr();
      const expectedVersion = requireIfMatch(c, entry.record.version);
      await kit.writeTx(c, async (w) => {
        const snapshot = await loadOrgSnapshot(w.tx, w.orgId);
        const people = [...snapshot.people.values()].filter((p) => p.entity.departmentId === id).length;
        const departments = snapshot.org.childDepartments(id).length;
        if (people > 0 || departments > 0) {
          throw new Conflict('Move its people and sub-departments out before deleting this department.', {
            code: 'department_not_empty',
            details: { people, departments },
          });
        }
        await w.remove('departments', id, expectedVersion);
      });
      return c.body(null, 204);
    });
  return { path: '/departments', router };
}
