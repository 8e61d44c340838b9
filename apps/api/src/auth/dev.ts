// Demo-mode sign-in: `Authorization: Bearer dev:<email>` acts as that person. Never in production.
import type { IdentityDirectory } from './identity.ts';
import {
  type AuthResult,
  accept,
  type Credentials,
  notProvisioned,
  refuse,
  rejectToken,
  type Verifier,
} from './verifier.ts';

export const DEV_TOKEN_PREFIX = 'dev:';
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export interface DevVerifierOptions {
  /** True only in demo mode outside production (`env.demo && !env.production`). */
  enabled: boolean;
  directory: IdentityDirectory;
}

/** Always registered so that a dev token gets a clear `demo_auth_disabled` when the mode is off. */
export function createDevVerifier({ enabled, directory }: DevVerifierOptions): Verifier {
  return {
    name: 'dev',
    canHandle: ({ token }: Credentials) => token.startsWith(DEV_TOKEN_PREFIX),
    async verify({ token }: Credentials): Promise<AuthResult> {
      if (!enabled) return refuse({ code: 'demo_auth_disabled' });
      const email = token.slice(DEV_TOKEN_PREFIX.length).trim().toLowerCase();
      if (!EMAIL.test(email)) return rejectToken('malformed');
      const person = await directory.findPersonByEmail(email);
      if (!person) return notProvisioned();
      return accept({
        kind: 'user',
        via: 'dev',
        orgId: person.orgId,
        personId: person.personId,
        roles: person.roles,
      });
    },
  };
}
