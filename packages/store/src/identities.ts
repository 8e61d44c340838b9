// Identities: an external login (provider, subject) linked to one person of one organisation, or unlinked by HR (a tombstone).
import { type Kysely, type Selectable, sql } from 'kysely';
import { StoreError, translateError } from './errors.ts';
import { rawQuery } from './raw-query.ts';
import type { Database, IdentitiesTable } from './schema.ts';
import { IDENTITIES_KIND, type WroteHook } from './tx-log.ts';
import type { Clock, Engine, Identity, IdentityProvider, LinkResult } from './types.ts';

const FIND = 'select * from "identities" where "provider" = ? and "subject" = ?';

const PROVIDERS: readonly string[] = ['entra', 'google', 'email', 'dev'] satisfies IdentityProvider[];

/** The stored subject: e-mail addresses trimmed and lower-cased, other subjects as given. */
function normaliseSubject(provider: IdentityProvider, subject: string): string {
  return provider === 'email' ? subject.trim().toLowerCase() : subject;
}

function isProvider(value: string): value is IdentityProvider {
  return PROVIDERS.includes(value);
}

export function toIdentity(row: Selectable<IdentitiesTable>): Identity {
  return {
    orgId: row.org_id,
    provider: isProvider(row.provider) ? row.provider : 'dev',
    subject: row.subject,
    personId: row.person_id,
    createdAt: row.created_at,
    unlinkedAt: row.unlinked_at ?? null,
  };
}

export interface IdentityKey {
  orgId: string;
  provider: IdentityProvider;
  subject: string;
  personId: string;
}

export interface Identities {
  /**
   * Links (or re-links to another person of the same organisation); a login another organisation
   * owns is refused ('linked_to_other_org'), unless that organisation unlinked it. Provider 'email'
   * stores the lower-cased address. A link revives a login HR unlinked — except an `automatic` one
   * (the sign-in e-mail fallback) of a login HR unlinked from this very person: refused ('unlinked').
   * `createdAt` restarts whenever the login changes hands or is revived.
   */
  link(input: IdentityKey & { automatic?: boolean }): Promise<LinkResult>;
  /**
   * Unlinks a login from this person of this organisation, keeping a tombstone (`unlinkedAt`): `find`
   * no longer returns it and automatic links to this person are refused. Undefined when the login is
   * not linked to that person (never linked, linked to someone else, or already unlinked).
   */
  unlink(input: IdentityKey): Promise<Identity | undefined>;
  /** The logins of one person of an organisation, linked and unlinked, by provider then subject. */
  listForPerson(orgId: string, personId: string): Promise<Identity[]>;
  /** The linked logins of one provider in an organisation (tombstones are not returned), by person then subject. */
  listLinked(orgId: string, provider: IdentityProvider): Promise<Identity[]>;
  /**
   * The linked login (tombstones are not returned), across organisations (sign-in starts from the
   * login); an 'email' subject is matched lower-cased.
   */
  find(provider: IdentityProvider, subject: string): Promise<Identity | undefined>;
}

function checkProvider(provider: string): asserts provider is IdentityProvider {
  if (!isProvider(provider)) {
    throw new StoreError('invalid_argument', `unknown identity provider ${String(provider)}`);
  }
}

export function identities(
  db: Kysely<Database>,
  engine: Engine,
  clock: Clock,
  guard: (orgId: string | null) => void,
  wrote?: WroteHook,
): Identities {
  async function findRow(
    provider: string,
    subject: string,
  ): Promise<Selectable<IdentitiesTable> | undefined> {
    const [row] = await rawQuery<Selectable<IdentitiesTable>>(db, engine, FIND, [provider, subject]);
    return row;
  }

  return {
    async link(input) {
      guard(input.orgId);
      checkProvider(input.provider);
      const subject = normaliseSubject(input.provider, input.subject);
      let row: Selectable<IdentitiesTable> | undefined;
      try {
        row = await db
          .insertInto('identities')
          .values({
            org_id: input.orgId,
            provider: input.provider,
            subject,
            person_id: input.personId,
            created_at: clock(),
            unlinked_at: null,
          })
          .onConflict((oc) =>
            oc
              .columns(['provider', 'subject'])
              .doUpdateSet((eb) => ({
                org_id: eb.ref('excluded.org_id'),
                person_id: eb.ref('excluded.person_id'),
                // The same live link keeps its date; a new holder or a revived tombstone starts again.
                created_at: sql<string>`case when ${eb.ref('identities.unlinked_at')} is null
                  and ${eb.ref('identities.org_id')} = ${eb.ref('excluded.org_id')}
                  and ${eb.ref('identities.person_id')} = ${eb.ref('excluded.person_id')}
                  then ${eb.ref('identities.created_at')} else ${eb.ref('excluded.created_at')} end`,
                unlinked_at: null,
              }))
              .where((eb) => {
                const mayTake = eb.or([
                  eb('identities.org_id', '=', input.orgId),
                  eb('identities.unlinked_at', 'is not', null),
                ]);
                if (input.automatic !== true) return mayTake;
                return eb.and([
                  mayTake,
                  eb.not(
                    eb.and([
                      eb('identities.unlinked_at', 'is not', null),
                      eb('identities.org_id', '=', input.orgId),
                      eb('identities.person_id', '=', input.personId),
                    ]),
                  ),
                ]);
              }),
          )
          .returningAll()
          .executeTakeFirst();
      } catch (error) {
        throw translateError(error, `identity ${input.provider}:${subject}`);
      }
      if (row === undefined) {
        const held = await findRow(input.provider, subject);
        const unlinkedHere =
          held !== undefined &&
          held.unlinked_at !== null &&
          held.org_id === input.orgId &&
          held.person_id === input.personId;
        return { ok: false, reason: unlinkedHere ? 'unlinked' : 'linked_to_other_org' };
      }
      await wrote?.(IDENTITIES_KIND, input.orgId);
      return { ok: true, identity: toIdentity(row) };
    },

    async unlink(input) {
      guard(input.orgId);
      checkProvider(input.provider);
      const row = await db
        .updateTable('identities')
        .set({ unlinked_at: clock() })
        .where('provider', '=', input.provider)
        .where('subject', '=', normaliseSubject(input.provider, input.subject))
        .where('org_id', '=', input.orgId)
        .where('person_id', '=', input.personId)
        .where('unlinked_at', 'is', null)
        .returningAll()
        .executeTakeFirst();
      if (row === undefined) return undefined;
      await wrote?.(IDENTITIES_KIND, input.orgId);
      return toIdentity(row);
    },

    async listForPerson(orgId, personId) {
      guard(orgId);
      const rows = await db
        .selectFrom('identities')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('person_id', '=', personId)
        .execute();
      // Sorted here: the engines' text collations differ. A person has a handful of logins.
      const key = (r: Selectable<IdentitiesTable>) => `${r.provider}\u0000${r.subject}`;
      return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).map(toIdentity);
    },

    async listLinked(orgId, provider) {
      guard(orgId);
      checkProvider(provider);
      const rows = await db
        .selectFrom('identities')
        .selectAll()
        .where('org_id', '=', orgId)
        .where('provider', '=', provider)
        .where('unlinked_at', 'is', null)
        .execute();
      // Sorted here, as listForPerson: the engines' text collations differ.
      const key = (r: Selectable<IdentitiesTable>) => `${r.person_id}\u0000${r.subject}`;
      return rows.sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)).map(toIdentity);
    },

    async find(provider, subject) {
      guard(null);
      const row = await findRow(provider, normaliseSubject(provider, subject));
      return row === undefined || (row.unlinked_at ?? null) !== null ? undefined : toIdentity(row);
    },
  };
}
