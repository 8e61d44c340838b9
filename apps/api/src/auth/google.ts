// Google ID tokens for the Sheets add-on: the add-on's system token plus the signed-in user's token.
import { OAuth2Client, type TokenPayload } from 'google-auth-library';
import { decodeProtectedHeader } from 'jose';
import type { GoogleConfig } from '../env.ts';
import type { IdentityDirectory } from './identity.ts';
import {
  type AuthResult,
  accept,
  type Credentials,
  notProvisioned,
  peekIssuer,
  type RejectReason,
  refuse,
  rejectToken,
  type Verifier,
} from './verifier.ts';

/** Header carrying the Sheets user's Google ID token next to the add-on's system token. */
export const USER_TOKEN_HEADER = 'X-Perfloop-User-Token';
export const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

export type GoogleCheck =
  | { ok: true; payload: TokenPayload }
  | { ok: false; reason: RejectReason }
  | { ok: false; unavailable: true };

/**
 * An OAuth2Client whose certificate endpoint is configurable: the client's `endpoints` option
 * overrides `oauth2FederatedSignonPemCertsUrl` (Node uses the PEM map `{kid: pem}`), and the
 * issuers are pinned to Google's two spellings (the default list also admits the universe domain).
 */
export function createGoogleClient(certsUrl: string): OAuth2Client {
  return new OAuth2Client({
    endpoints: { oauth2FederatedSignonPemCertsUrl: certsUrl },
    issuers: GOOGLE_ISSUERS,
  });
}

/** google-auth-library only reports failures as messages; map them to safe reasons. */
function libraryFailure(error: unknown): GoogleCheck {
  const message = error instanceof Error ? error.message : '';
  const rules: [RegExp, RejectReason][] = [
    [/^Wrong recipient/, 'wrong audience'],
    [/^Token used too late/, 'expired'],
    [/^Token used too early/, 'not yet valid'],
    [/^Expiration time too far in future/, 'lifetime too long'],
    [/^Invalid issuer/, 'wrong issuer'],
    [/^No pem found/, 'unknown signing key'],
    [/^Invalid token signature/, 'bad signature'],
  ];
  if (/^Failed to retrieve verification certificates/.test(message)) return { ok: false, unavailable: true };
  for (const [pattern, reason] of rules) if (pattern.test(message)) return { ok: false, reason };
  return { ok: false, reason: 'malformed' };
}

export interface GoogleTokens {
  /** The add-on system token: audience = PUBLIC_URL + path, email = the add-on service account. */
  verifySystemToken(token: string, path: string): Promise<GoogleCheck>;
  /** The Sheets user's ID token: audience = the add-on's OAuth client id, verified email. */
  verifyUserToken(token: string): Promise<GoogleCheck>;
}

export function createGoogleTokens(
  config: GoogleConfig,
  client = createGoogleClient(config.certsUrl),
): GoogleTokens {
  const verify = async (idToken: string, audience: string | string[]): Promise<GoogleCheck> => {
    try {
      // The library verifies every token as RS256 whatever its header says; refuse anything else up front.
      if (decodeProtectedHeader(idToken).alg !== 'RS256')
        return { ok: false, reason: 'algorithm not allowed' };
    } catch {
      return { ok: false, reason: 'malformed' };
    }
    try {
      const ticket = await client.verifyIdToken({ idToken, audience });
      const payload = ticket.getPayload();
      return payload ? { ok: true, payload } : { ok: false, reason: 'malformed' };
    } catch (error) {
      return libraryFailure(error);
    }
  };
  const withVerifiedEmail = (check: GoogleCheck): GoogleCheck => {
    if (!check.ok) return check;
    if (typeof check.payload.email !== 'string' || check.payload.email_verified !== true) {
      return { ok: false, reason: 'email not verified' };
    }
    return check;
  };

  return {
    async verifySystemToken(token, path) {
      const check = withVerifiedEmail(await verify(token, `${config.publicUrl}${path}`));
      if (check.ok && check.payload.email?.toLowerCase() !== config.addonServiceAccount) {
        return { ok: false, reason: 'wrong account' };
      }
      return check;
    },
    async verifyUserToken(token) {
      return withVerifiedEmail(await verify(token, [...config.userAudiences]));
    },
  };
}

export interface GoogleAddonVerifierOptions {
  config: GoogleConfig;
  directory: IdentityDirectory;
  tokens?: GoogleTokens;
}

const toFailure = (check: Exclude<GoogleCheck, { ok: true }>, token?: 'user'): AuthResult =>
  'unavailable' in check ? refuse({ code: 'auth_provider_unavailable' }) : rejectToken(check.reason, token);

/**
 * `Authorization: Bearer <add-on system token>` plus `X-Perfloop-User-Token: <user ID token>` →
 * an `addon` principal carrying the user (found by the `google` identity `sub`, else by verified
 * email, which links the `sub` on that first match).
 */
export function createGoogleAddonVerifier(options: GoogleAddonVerifierOptions): Verifier {
  const { directory } = options;
  const tokens = options.tokens ?? createGoogleTokens(options.config);
  return {
    name: 'google',
    canHandle: ({ token }: Credentials) => {
      const iss = peekIssuer(token);
      return iss !== undefined && GOOGLE_ISSUERS.includes(iss);
    },
    async verify({ token, headers, path }: Credentials): Promise<AuthResult> {
      const system = await tokens.verifySystemToken(token, path);
      if (!system.ok) return toFailure(system);
      const userToken = headers.get(USER_TOKEN_HEADER)?.trim();
      if (!userToken) {
        return refuse({
          code: 'unauthenticated',
          detail: `Add-on calls must carry the user's ID token in ${USER_TOKEN_HEADER}.`,
        });
      }
      const user = await tokens.verifyUserToken(userToken);
      if (!user.ok) return toFailure(user, 'user');
      const email = (user.payload.email ?? '').toLowerCase();
      const sub = user.payload.sub;
      let person = sub ? await directory.findPersonByIdentity('google', sub) : null;
      if (!person && email) {
        // Verified e-mail (checked above); the first match links the stable `sub` for later sign-ins.
        person = await directory.findPersonByEmail(email);
        if (person && sub) await directory.linkIdentity('google', sub, person);
      }
      if (!person) return notProvisioned();
      return accept({
        kind: 'addon',
        via: 'google_addon',
        email: (system.payload.email ?? '').toLowerCase(),
        user: {
          kind: 'user',
          via: 'google',
          orgId: person.orgId,
          personId: person.personId,
          roles: person.roles,
        },
      });
    },
  };
}
