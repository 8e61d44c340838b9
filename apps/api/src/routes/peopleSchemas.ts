// People: request and response schemas, and the representation of a stored person.
import { z } from '@hono/zod-openapi';
import { IdSchema, type Person, PersonSchema, RoleSchema } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { PageQuery, pageSchema, ResourceMeta } from '../kit/index.ts';

const S = PersonSchema.shape;

/** Roles a person can hold (`service` is for API keys only). */
export const PersonRoleSchema = RoleSchema.exclude(['service']);

export const PersonResource = PersonSchema.extend({ roles: z.array(RoleSchema), ...ResourceMeta }).openapi(
  'Person',
);
export type PersonBody = z.infer<typeof PersonResource>;
export const PersonPage = pageSchema(PersonResource, 'PersonPage');

const roles = z
  .array(PersonRoleSchema)
  .min(1)
  .refine((r) => new Set(r).size === r.length, { message: 'roles must not repeat' });

export const PersonCreate = z
  .strictObject({
    name: S.name,
    email: S.email,
    departmentId: S.departmentId,
    managerId: S.managerId.default(null),
    roles: roles.default(['employee']),
    jobTitle: S.jobTitle,
    active: S.active,
    externalIds: S.externalIds,
  })
  .openapi('PersonCreate');

/** Every field optional and without defaults: only what is sent changes. */
export const PersonPatch = z
  .strictObject({
    name: S.name.optional(),
    email: S.email.optional(),
    departmentId: S.departmentId.optional(),
    managerId: S.managerId.optional(),
    roles: roles.optional(),
    jobTitle: S.jobTitle.unwrap().optional(),
    active: S.active.unwrap().optional(),
    externalIds: S.externalIds,
  })
  .refine((p) => Object.keys(p).length > 0, { message: 'send at least one field to change' })
  .openapi('PersonPatch');

export const PeopleQuery = PageQuery.extend({
  departmentId: IdSchema.optional().openapi({
    param: { name: 'departmentId', in: 'query' },
    description: 'Only direct members of this department.',
  }),
  managerId: IdSchema.optional().openapi({
    param: { name: 'managerId', in: 'query' },
    description: 'Only direct reports of this person.',
  }),
  active: z
    .enum(['true', 'false'])
    .optional()
    .openapi({
      param: { name: 'active', in: 'query' },
      description: 'Only active (true) or inactive (false) people.',
    }),
});

/** The API representation: the core Person plus version and timestamps. */
export function personBody(record: ResourceRecord, person: Person): PersonBody {
  return { ...person, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

/** Storage columns of a person: subject = the person, parent = their department. */
export function personColumns(person: Person) {
  return { subjectId: person.id, parentId: person.departmentId };
}
