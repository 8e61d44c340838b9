// /v1/people: scoped list, get, me, create and patch (HR), plus the CSV import (peopleImport.ts).
import { createRoute } from '@hono/zod-openapi';
import { PersonSchema } from '@perfloop/core';
import type { Tx } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import { V1_PREFIX } from '../app.ts';
import { loadOrgSnapshot, recuse } from '../authz/index.ts';
import { linkEmailIdentity } from '../deps.ts';
import { NotFound } from '../errors.ts';
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
  paginate,
  problems,
  reply,
  requireIfMatch,
  resourceResponse,
  send,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { registerPeopleImport } from './peopleImport.ts';
import { assertPersonWrite, decisiveChanges, emailTaken } from './peopleRules.ts';
import {
  PeopleQuery,
  PersonCreate,
  PersonPage,
  PersonPatch,
  PersonResource,
  personBody,
  personColumns,
} from './peopleSchemas.ts';

const tags = ['people'];
const location = (id: string) => `${V1_PREFIX}/people/${id}`;

/**
 * Links the e-mail as the person's sign-in identity inside the write, before its audit entry (the
 * audit row-locks the organisation; linking after it can deadlock on PostgreSQL). 409 `email_taken`
 * when another organisation owns the address: the whole write rolls back.
 */
async function linkEmail(tx: Tx, personId: string, email: string): Promise<void> {
  const linked = await linkEmailIdentity(tx, tx.orgId, personId, email);
  if (!linked.ok) throw emailTaken();
}

export function peopleRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/',
    tags,
    summary: 'List the people you may see',
    description:
      'HR: everyone; department heads: people in the departments they head (with sub-departments); managers: their direct and indirect reports; everyone: themselves.',
    request: { query: PeopleQuery },
    responses: { 200: jsonResponse(PersonPage, 'A page of people, by id'), ...problems(400, 403) },
  });
  const me = createRoute({
    method: 'get',
    path: '/me',
    tags,
    summary: 'The signed-in person',
    responses: { 200: resourceResponse(PersonResource, 'You'), ...problems(403) },
  });
  const get = createRoute({
    method: 'get',
    path: '/{id}',
    tags,
    summary: 'Get a person',
    request: { params: IdParams },
    responses: { 200: resourceResponse(PersonResource, 'The person'), ...problems(400, 403, 404) },
  });
  const create = createRoute({
    method: 'post',
    path: '/',
    tags,
    summary: 'Add a person (HR)',
    description: 'Links the e-mail as a sign-in identity.',
    middleware: [kit.idempotent] as const,
    request: {
      headers: IdempotencyHeaders,
      body: { required: true, content: { 'application/json': { schema: PersonCreate } } },
    },
    responses: {
      201: createdResponse(PersonResource, 'Created'),
      ...problems(400, 403, 409, 422),
    },
  });
  const patch = createRoute({
    method: 'patch',
    path: '/{id}',
    tags,
    summary: 'Change a person (HR)',
    description:
      'A manager change that would form a reporting cycle is refused with 422 `manager_cycle`; removing the last active HR administrator with 409 `last_hr_admin`. Nobody changes their own `managerId`, `departmentId`, `roles` or `active` (403 `own_person_record`, one field error each, nothing changed): another HR administrator does. Their own name, e-mail, job title and external ids they may change.',
    request: {
      params: IdParams,
      headers: IfMatchHeaders,
      body: { required: true, content: { 'application/json': { schema: PersonPatch } } },
    },
    responses: {
      200: resourceResponse(PersonResource, 'Updated'),
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const query = c.req.valid('query');
      const { people } = access.snapshot;
      const active = query.active === undefined ? undefined : query.active === 'true';
      const ids = access.visiblePeople().filter((id) => {
        const p = people.get(id)?.entity;
        if (!p) return false;
        if (query.departmentId !== undefined && p.departmentId !== query.departmentId) return false;
        if (query.managerId !== undefined && p.managerId !== query.managerId) return false;
        return active === undefined || p.active === active;
      });
      const page = paginate(ids, (id) => id, query);
      const items = page.items.flatMap((id) => {
        const e = people.get(id);
        return e ? [personBody(e.record, e.entity)] : [];
      });
      return c.json({ items, nextCursor: page.nextCursor }, 200);
    })
    .openapi(me, async (c) => {
      const access = await kit.access(c);
      const person = access.requireUser();
      const entry = access.seePerson(person.id);
      return c.json(personBody(entry.record, entry.entity), 200, { ETag: etag(entry.record) });
    })
    .openapi(get, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const entry = access.seePerson(c.req.valid('param').id);
      return c.json(personBody(entry.record, entry.entity), 200, { ETag: etag(entry.record) });
    })
    .openapi(create, async (c) => {
      const access = await kit.access(c);
      access.requireHr();
      const person = PersonSchema.parse({ id: newId(ID_PREFIXES.people), ...c.req.valid('json') });
      const result = await kit.writeReply(c, async (w) => {
        assertPersonWrite(await loadOrgSnapshot(w.tx, w.orgId), person);
        await linkEmail(w.tx, person.id, person.email);
        const record = await w.create('people', { id: person.id, ...personColumns(person), data: person });
        return reply(201, personBody(record, person), { ETag: etag(record), Location: location(person.id) });
      });
      return send(c, result);
    })
    .openapi(patch, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      const entry = access.seePerson(id);
      access.requireHr();
      const changes = c.req.valid('json');
      // Judged against the version read: If-Match pins the write to it (412 otherwise), so what is
      // compared here is what the write replaces. Sending a field's current value changes nothing.
      const decisive = decisiveChanges(entry.entity, { ...entry.entity, ...changes });
      if (decisive.length > 0) {
        recuse(
          access,
          'change_own_record',
          id,
          decisive.map((path) => ({ path, location: 'body' as const })),
        );
      }
      const expectedVersion = requireIfMatch(c, entry.record.version);
      const result = await kit.writeReply(c, async (w) => {
        const snapshot = await loadOrgSnapshot(w.tx, w.orgId);
        const current = snapshot.people.get(id);
        if (!current) throw new NotFound('The person was not found.');
        const next = PersonSchema.parse({ ...current.entity, ...changes, id });
        assertPersonWrite(snapshot, next, current.entity);
        if (changes.email !== undefined) await linkEmail(w.tx, id, next.email);
        const record = await w.update('people', id, { expectedVersion, data: next, ...personColumns(next) });
        return reply(200, personBody(record, next), { ETag: etag(record) });
      });
      return send(c, result);
    });
  registerPeopleImport(router, kit);
  return { path: '/people', router };
}
