// Integration keys acting for a user: an `addon:sheets` API key plus the Sheets user's Google ID token.

import { findGoogleUser, type GoogleCheck, type GoogleUserTokens, USER_TOKEN_HEADER } from './google.ts';
import type { ApiKeyRecord, IdentityDirectory } from './identity.ts';
import { type AuthResult, accept, notProvisioned, refuse, rejectToken } from './verifier.ts';

/**
 * The scope of the Sheets add-on's key. It grants nothing by itself: every call must carry the
 * signed-in user's Google ID token, and acts as that user with that user's role permissions.
 */
export const ADDON_SHEETS_SCOPE = 'addon:sheets';

export interface AddonUserOptions {
  directory: IdentityDirectory;
  /** Null when GOOGLE_ADDON_CLIENT_ID is not configured: user tokens are then refused. */
  googleUsers: GoogleUserTokens | null;
}

const failure = (check: Exclude<GoogleCheck, { ok: true }>): AuthResult =>
  'unavailable' in check ? refuse({ code: 'auth_provider_unavailable' }) : rejectToken(check.reason, 'user');

/**
 * Resolves a verified API key that may act for a user. Without `X-Perfloop-User-Token` the key is
 * a plain service (an `addon:sheets` key is then refused: it only ever acts for users). With it,
 * the key must hold `addon:sheets` (403 otherwise), the token must be a valid Google ID token for
 * the add-on's client id (401 otherwise), and its user must be an active person of the key's
 * organisation (403 otherwise). The principal is then that person, acting through the key.
 */
export async function resolveKeyCaller(
  record: ApiKeyRecord,
  headers: Headers,
  { directory, googleUsers }: AddonUserOptions,
): Promise<AuthResult> {
  const userToken = headers.get(USER_TOKEN_HEADER)?.trim();
  const forAddon = record.scopes.includes(ADDON_SHEETS_SCOPE);
  if (!userToken) {
    if (forAddon) {
      return refuse({
        code: 'unauthenticated',
        detail: `An ${ADDON_SHEETS_SCOPE} key acts only for a signed-in user: send their Google ID token in ${USER_TOKEN_HEADER}.`,
      });
    }
    return accept({
      kind: 'service',
      via: 'api_key',
      orgId: record.orgId,
      apiKeyId: record.id,
      scopes: record.scopes,
    });
  }
  if (!forAddon) return refuse({ code: 'insufficient_scope', scope: ADDON_SHEETS_SCOPE });
  if (googleUsers === null) {
    return refuse({
      code: 'unauthenticated',
      detail: 'Google user tokens are not accepted by this server (GOOGLE_ADDON_CLIENT_ID is not set).',
    });
  }
  const check = await googleUsers.verifyUserToken(userToken);
  if (!check.ok) return failure(check);
  const person = await findGoogleUser(directory, check.payload, record.orgId);
  if (!person) return notProvisioned();
  return accept({
    kind: 'addon',
    via: 'api_key',
    apiKeyId: record.id,
    user: {
      kind: 'user',
      via: 'google',
      orgId: person.orgId,
      personId: person.personId,
      roles: person.roles,
    },
  });
}
