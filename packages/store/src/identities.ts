// Identities: an external login (provider, subject) linked to one person of one organisation.
import type { Kysely, Selectable } from 'kysely';
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
  };
}

export interface Identities {
  /**
   * Links (or re-links to another person of the same organisation); a login owned by another org is
   * refused. Provider 'email' stores the lower-cased address.
   */
  link(input: {
    orgId: string;
    provider: IdentityProvider;
    subject: string;
    personId: string;
  }): Promise<LinkResult>;
  /** Across organisations (sign-in starts from the login); an 'email' subject is matched lower-cased. */
  find(provider: IdentityProvider, subject: string): Promise<Identity | undefined>;
}

export function identities(
  db: Kysely<Database>,
  engine: Engine,
  clock: Clock,
  guard: (orgId: string | null) => void,
  wrote?: WroteHook,
): Identities {
  return {
    async link(input) {
      guard(input.orgId);
      if (!isProvider(input.provider)) {
        throw new StoreError('invalid_argument', `unknown identity provider ${String(input.provider)}`);
      }
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
          })
          .onConflict((oc) =>
            oc
              .columns(['provider', 'subject'])
              .doUpdateSet((eb) => ({ person_id: eb.ref('excluded.person_id') }))
              .where('identities.org_id', '=', input.orgId),
          )
          .returningAll()
          .executeTakeFirst();
        if (row === undefined) return { ok: false, reason: 'linked_to_other_org' };
      } catch (error) {
        throw translateError(error, `identity ${input.provider}:${subject}`);
      }
      await wrote?.(IDENTITIES_KIND, input.orgId);
      return { ok: true, identity: toIdentity(row) };
    },

    async find(provider, subject) {
      guard(null);
      const [row] = await rawQuery<Selectable<IdentitiesTable>>(db, engine, FIND, [
        provider,
        normaliseSubject(provider, subject),
      ]);
      return row === undefined ? undefined : toIdentity(row);
    },
  };
}
