// /v1/people/{id}/identities: a person's sign-in logins — listed (HR, the person), unlinked and linked back (HR).
import { createRoute, z } from '@hono/zod-openapi';
import { type Person, PersonSchema } from '@perfloop/core';
import type { Identity } from '@perfloop/store';
import type { RouteModule } from '../app.ts';
import type { Access } from '../authz/index.ts';
import { EMAIL_IDENTITY_PROVIDER } from '../deps.ts';
import { Conflict, NotFound, UnprocessableEntity } from '../errors.ts';
import {
  EtagHeaders,
  etag,
  IdParams,
  IfMatchHeaders,
  type Kit,
  pathId,
  problems,
  requireIfMatch,
  resourceResponse,
  type Write,
} from '../kit/index.ts';
import { createRouter } from '../router.ts';
import { personColumns } from './peopleSchemas.ts';

const tags = ['people'];

/** Providers a person's logins come from (`dev`: legacy rows only, moved to `email` by store migration 0002). */
const PROVIDERS = ['entra', 'google', 'email'] as const;
type Provider = (typeof PROVIDERS)[number];

const Provider = z.enum(PROVIDERS).openapi({
  param: { name: 'provider', in: 'path' },
  description:
    '`entra` (subject `<tenant id>:<object id>`), `google` (subject: the Google account `sub`), `email` (the lower-cased address).',
});
/** Visible ASCII (no spaces or controls): what Entra, Google and e-mail subjects are made of. */
const SUBJECT = /^[\x21-\x7e]{1,320}$/;
const ENTRA_SUBJECT =
  /^[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}:[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}$/i;
const Subject = z
  .string()
  .regex(SUBJECT, 'must be 1–320 visible ASCII characters')
  .openapi({
    param: { name: 'subject', in: 'path' },
    example: 'aaaaaaaa-0000-4000-8000-00000000000a:dddddddd-0000-4000-8000-000000000001',
  });

const IdentityParams = z.strictObject({
  id: pathId('id'),
  provider: Provider,
  subject: Subject,
});
/** Linking names a well-formed login: Entra `<tid>:<oid>` (two GUIDs), Google `sub`, or an e-mail. */
const LinkParams = IdentityParams.superRefine((p, ctx) => {
  if (p.provider === 'entra' && !ENTRA_SUBJECT.test(p.subject)) {
    ctx.addIssue({
      code: 'custom',
      path: ['subject'],
      message: 'an Entra subject is `<tenant id>:<object id>` (two GUIDs)',
    });
  }
});

const IdentityResource = z
  .object({
    provider: z.enum([...PROVIDERS, 'dev']),
    subject: z.string(),
    linkedAt: z
      .string()
      .openapi({ format: 'date-time', description: 'When the login was linked to this person.' }),
    unlinkedAt: z.string().nullable().openapi({
      format: 'date-time',
      description:
        'Null while linked. Set when HR unlinked it: it no longer signs in, and the sign-in e-mail fallback does not link it to this person again until HR links it back (PUT).',
    }),
  })
  .openapi('PersonIdentity');
const IdentityList = z.object({ items: z.array(IdentityResource) }).openapi('PersonIdentityList');

const identityBody = (i: Identity): z.infer<typeof IdentityResource> => ({
  provider: i.provider,
  subject: i.subject,
  linkedAt: i.createdAt,
  unlinkedAt: i.unlinkedAt,
});

/** Entra subjects are stored lower-cased (the verifier lower-cases tid and oid); e-mails by the store. */
const storedSubject = (provider: Provider, subject: string): string =>
  provider === 'google' ? subject : subject.trim().toLowerCase();

/** HR and the person themselves; anyone else gets 404 (never 403 for data they may not see). */
function readableIdentities(access: Access, personId: string): void {
  access.seePerson(personId);
  if (!access.isHr && !access.isSelf(personId)) throw new NotFound('The person was not found.');
}

/**
 * Bumps the person's version (the ETag that guards their logins) with the audit entry `action` and a
 * `people` update on the change feed — in the caller's transaction, after the identity write.
 */
async function touchPerson(
  w: Write,
  personId: string,
  expectedVersion: number,
  action: string,
  summary: { provider: Provider; subject: string },
) {
  const current = await w.tx.resources('people').get(w.orgId, personId);
  if (!current) throw new NotFound('The person was not found.');
  const person: Person = PersonSchema.parse(current.data);
  return w.update(
    'people',
    personId,
    { expectedVersion, data: person, ...personColumns(person) },
    { action, summary },
  );
}

export function personIdentitiesRoutes(kit: Kit): RouteModule {
  const list = createRoute({
    method: 'get',
    path: '/{id}/identities',
    tags,
    summary: "A person's sign-in logins (HR, the person)",
    description:
      'Linked logins and the ones HR unlinked (`unlinkedAt`), by provider then subject. HR administrators and the person themselves; 404 for anyone else. The ETag is the person’s: send it as If-Match to unlink or link.',
    request: { params: IdParams },
    responses: { 200: resourceResponse(IdentityList, 'The logins'), ...problems(400, 403, 404) },
  });
  const unlink = createRoute({
    method: 'delete',
    path: '/{id}/identities/{provider}/{subject}',
    tags,
    summary: 'Unlink a sign-in login from a person (HR)',
    description:
      'The login stops signing in as the person at once, and the e-mail fallback of Entra and Google sign-in will not link it to them again (until HR links it back with PUT). Unlinking the `email` login stops sign-in by e-mail altogether (the fallback and demo sign-in) until it is linked back or the e-mail is changed. If-Match: the person’s ETag; the person’s version increases (audit `person.identity_unlink`, a `people` update on the change feed). 404 `identity_not_linked` when the login is not linked to the person (also on a retry).',
    request: { params: IdentityParams, headers: IfMatchHeaders },
    responses: {
      204: { description: 'Unlinked; ETag: the person’s new version', headers: EtagHeaders },
      ...problems(400, 403, 404, 412, 428),
    },
  });
  const link = createRoute({
    method: 'put',
    path: '/{id}/identities/{provider}/{subject}',
    tags,
    summary: 'Link a sign-in login to a person, or link back one HR unlinked (HR)',
    description:
      'An `email` login must be the person’s current e-mail (422 `identity_email_mismatch`). 409 `identity_linked_elsewhere` when the login is linked to another person (unlink it there first), `identity_taken` when another organisation holds it. Linking a login already linked to the person changes nothing. If-Match: the person’s ETag; a change increases the person’s version (audit `person.identity_link`, a `people` update on the change feed).',
    request: { params: LinkParams, headers: IfMatchHeaders },
    responses: {
      200: resourceResponse(IdentityResource, 'Linked; ETag: the person’s version'),
      ...problems(400, 403, 404, 409, 412, 422, 428),
    },
  });

  const router = createRouter()
    .openapi(list, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id } = c.req.valid('param');
      readableIdentities(access, id);
      const entry = access.seePerson(id);
      const items = (await kit.store.identities.listForPerson(access.orgId, id)).map(identityBody);
      return c.json({ items }, 200, { ETag: etag(entry.record) });
    })
    .openapi(unlink, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id, provider } = c.req.valid('param');
      const subject = storedSubject(provider, c.req.valid('param').subject);
      const entry = access.seePerson(id);
      access.requireHr();
      const linked = (await kit.store.identities.listForPerson(access.orgId, id)).some(
        (i) => i.provider === provider && i.subject === subject && i.unlinkedAt === null,
      );
      const notLinked = () =>
        new NotFound(`The ${provider} login ${subject} is not linked to this person.`, {
          code: 'identity_not_linked',
        });
      if (!linked) throw notLinked();
      const expectedVersion = requireIfMatch(c, entry.record.version);
      const record = await kit.writeTx(c, async (w) => {
        const key = { orgId: w.orgId, provider, subject, personId: id };
        if (!(await w.tx.identities.unlink(key))) throw notLinked();
        return touchPerson(w, id, expectedVersion, 'person.identity_unlink', { provider, subject });
      });
      return c.body(null, 204, { ETag: etag(record) });
    })
    .openapi(link, async (c) => {
      const access = await kit.access(c);
      access.requireUser();
      const { id, provider } = c.req.valid('param');
      const subject = storedSubject(provider, c.req.valid('param').subject);
      const entry = access.seePerson(id);
      access.requireHr();
      if (provider === EMAIL_IDENTITY_PROVIDER && subject !== entry.entity.email.trim().toLowerCase()) {
        throw new UnprocessableEntity(
          'An e-mail login must be the person’s current e-mail; change the e-mail with PATCH.',
          {
            code: 'identity_email_mismatch',
          },
        );
      }
      const expectedVersion = requireIfMatch(c, entry.record.version);
      const result = await kit.writeTx(c, async (w) => {
        const held = await w.tx.identities.find(provider, subject);
        if (held?.orgId === w.orgId && held.personId === id) return { identity: held, record: entry.record };
        if (held?.orgId === w.orgId) {
          throw new Conflict('This login is linked to another person; unlink it there first.', {
            code: 'identity_linked_elsewhere',
          });
        }
        const linked = await w.tx.identities.link({ orgId: w.orgId, provider, subject, personId: id });
        if (!linked.ok) {
          throw new Conflict('Another organisation holds this login.', { code: 'identity_taken' });
        }
        const record = await touchPerson(w, id, expectedVersion, 'person.identity_link', {
          provider,
          subject,
        });
        return { identity: linked.identity, record };
      });
      return c.json(identityBody(result.identity), 200, { ETag: etag(result.record) });
    });
  return { path: '/people', router };
}
