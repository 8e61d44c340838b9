// Google ID tokens of Sheets users, forwarded by the Sheets add-on: verification and person lookup.
import { OAuth2Client, type TokenPayload } from 'google-auth-library';
import { decodeProtectedHeader } from 'jose';
import type { GoogleConfig } from '../env.ts';
import type { IdentityDirectory, PersonRef } from './identity.ts';
import type { RejectReason } from './verifier.ts';

/** Header carrying the Sheets user's Google ID token next to the add-on's `addon:sheets` API key. */
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

export interface GoogleUserTokens {
  /** The Sheets user's ID token: Google-signed, audience = one of the add-on's OAuth client ids, verified email. */
  verifyUserToken(token: string): Promise<GoogleCheck>;
}

export function createGoogleUserTokens(
  config: GoogleConfig,
  client = createGoogleClient(config.certsUrl),
): GoogleUserTokens {
  return {
    async verifyUserToken(idToken) {
      try {
        // The library verifies every token as RS256 whatever its header says; refuse anything else up front.
        if (decodeProtectedHeader(idToken).alg !== 'RS256')
          return { ok: false, reason: 'algorithm not allowed' };
      } catch {
        return { ok: false, reason: 'malformed' };
      }
      let payload: TokenPayload | undefined;
      try {
        payload = (await client.verifyIdToken({ idToken, audience: [...config.userAudiences] })).getPayload();
      } catch (error) {
        return libraryFailure(error);
      }
      if (!payload) return { ok: false, reason: 'malformed' };
      if (typeof payload.email !== 'string' || payload.email_verified !== true) {
        return { ok: false, reason: 'email not verified' };
      }
      return { ok: true, payload };
    },
  };
}

/**
 * The Perfloop person of a verified Google user in organisation `orgId`: by the `google` identity
 * `sub`, else by verified e-mail, which links the stable `sub` on that first match. A person of
 * another organisation is nobody here (and is not linked); so is the person HR unlinked this `sub` from.
 */
export async function findGoogleUser(
  directory: IdentityDirectory,
  payload: TokenPayload,
  orgId: string,
): Promise<PersonRef | null> {
  const email = (payload.email ?? '').toLowerCase();
  const sub = payload.sub;
  const linked = sub ? await directory.findPersonByIdentity('google', sub) : null;
  if (linked) return linked.orgId === orgId ? linked : null;
  if (!email) return null;
  const person = await directory.findPersonByEmail(email);
  if (!person || person.orgId !== orgId) return null;
  if (sub && (await directory.linkIdentity('google', sub, person)) === 'unlinked') return null;
  return person;
}
