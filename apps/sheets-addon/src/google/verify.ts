// Google ID tokens on the add-on's own endpoints: the system token Google signs for each endpoint URL, and the user's token.
import { OAuth2Client, type TokenPayload } from 'google-auth-library';

export const GOOGLE_ISSUERS = ['accounts.google.com', 'https://accounts.google.com'];

/** Why a token was refused, safe to return and log (never the token or the library's text). */
export type TokenRejection =
  | 'malformed'
  | 'algorithm not allowed'
  | 'wrong audience'
  | 'expired'
  | 'not yet valid'
  | 'lifetime too long'
  | 'wrong issuer'
  | 'unknown signing key'
  | 'bad signature'
  | 'email not verified'
  | 'wrong account';

export type TokenCheck =
  | { ok: true; email: string; payload: TokenPayload }
  | { ok: false; reason: TokenRejection }
  | { ok: false; unavailable: true };

export interface GoogleVerifier {
  /** The `Authorization: Bearer` token Google sends: audience = the endpoint URL called, email = the add-on's service account. */
  verifySystemToken(token: string, endpointUrl: string): Promise<TokenCheck>;
  /** The event's `authorizationEventObject.userIdToken`: audience = one of the add-on's OAuth client ids. */
  verifyUserToken(token: string): Promise<TokenCheck>;
}

function algorithmOf(token: string): string | null {
  const head = token.split('.')[0] ?? '';
  try {
    const header = JSON.parse(Buffer.from(head, 'base64url').toString('utf8')) as { alg?: unknown };
    return typeof header.alg === 'string' ? header.alg : null;
  } catch {
    return null;
  }
}

const RULES: [RegExp, TokenRejection][] = [
  [/^Wrong recipient/, 'wrong audience'],
  [/^Token used too late/, 'expired'],
  [/^Token used too early/, 'not yet valid'],
  [/^Expiration time too far in future/, 'lifetime too long'],
  [/^Invalid issuer/, 'wrong issuer'],
  [/^No pem found/, 'unknown signing key'],
  [/^Invalid token signature/, 'bad signature'],
];

export function createGoogleVerifier(options: {
  certsUrl: string;
  serviceAccount: string;
  clientIds: readonly string[];
}): GoogleVerifier {
  // One client: it caches the certificates for their Cache-Control max-age.
  const client = new OAuth2Client({
    endpoints: { oauth2FederatedSignonPemCertsUrl: options.certsUrl },
    issuers: GOOGLE_ISSUERS,
  });
  const verify = async (idToken: string, audience: string | string[]): Promise<TokenCheck> => {
    const alg = algorithmOf(idToken);
    if (alg === null) return { ok: false, reason: 'malformed' };
    // The library checks every signature as RS256; refuse other algorithms before it looks.
    if (alg !== 'RS256') return { ok: false, reason: 'algorithm not allowed' };
    let payload: TokenPayload | undefined;
    try {
      payload = (await client.verifyIdToken({ idToken, audience })).getPayload();
    } catch (error) {
      const message = error instanceof Error ? error.message : '';
      if (/^Failed to retrieve verification certificates/.test(message))
        return { ok: false, unavailable: true };
      for (const [pattern, reason] of RULES) if (pattern.test(message)) return { ok: false, reason };
      return { ok: false, reason: 'malformed' };
    }
    if (!payload || typeof payload.email !== 'string' || payload.email_verified !== true) {
      return { ok: false, reason: 'email not verified' };
    }
    return { ok: true, email: payload.email.toLowerCase(), payload };
  };
  return {
    async verifySystemToken(token, endpointUrl) {
      const check = await verify(token, endpointUrl);
      if (check.ok && check.email !== options.serviceAccount) return { ok: false, reason: 'wrong account' };
      return check;
    },
    verifyUserToken: (token) => verify(token, [...options.clientIds]),
  };
}
