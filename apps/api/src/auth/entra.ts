// Microsoft Entra access tokens (Teams SSO), verified with jose against the Entra JWKS.
import { createRemoteJWKSet, type JWTPayload, type JWTVerifyGetKey, jwtVerify } from 'jose';
import type { EntraConfig } from '../env.ts';
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

export const ENTRA_REQUIRED_SCOPE = 'access_as_user';
export const ENTRA_CLOCK_SKEW_SECONDS = 60;
const V1_ISSUER = /^https:\/\/sts\.windows\.net\/([0-9a-f-]{36})\/$/i;
const V2_ISSUER = /^https:\/\/login\.microsoftonline\.com\/([0-9a-f-]{36})\/v2\.0$/i;

export interface EntraVerifierOptions {
  config: EntraConfig;
  directory: IdentityDirectory;
  /** Key resolver; defaults to a cached remote JWKS at `config.jwksUrl`. */
  keys?: JWTVerifyGetKey;
}

/** Is this token (unverified) shaped like an Entra one, so the Entra verifier should judge it? */
function looksLikeEntra(token: string): boolean {
  const iss = peekIssuer(token);
  return (
    iss !== undefined &&
    (iss.startsWith('https://sts.windows.net/') || iss.startsWith('https://login.microsoftonline.com/'))
  );
}

/** Maps jose's error codes to safe reasons; anything else means the key set was unreachable. */
export function joseFailure(error: unknown): AuthResult {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  const claim = typeof error === 'object' && error !== null && 'claim' in error ? String(error.claim) : '';
  const byCode: Record<string, RejectReason> = {
    ERR_JWT_EXPIRED: 'expired',
    ERR_JWKS_NO_MATCHING_KEY: 'unknown signing key',
    ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'unknown signing key',
    ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'bad signature',
    ERR_JOSE_ALG_NOT_ALLOWED: 'algorithm not allowed',
    ERR_JOSE_NOT_SUPPORTED: 'algorithm not allowed',
    ERR_JWS_INVALID: 'malformed',
    ERR_JWT_INVALID: 'malformed',
  };
  if (code === 'ERR_JWT_CLAIM_VALIDATION_FAILED') {
    if (claim === 'aud') return rejectToken('wrong audience');
    if (claim === 'iss') return rejectToken('wrong issuer');
    if (claim === 'nbf' || claim === 'iat') return rejectToken('not yet valid');
    return rejectToken('missing claim');
  }
  const reason = byCode[code];
  return reason ? rejectToken(reason) : refuse({ code: 'auth_provider_unavailable' });
}

/**
 * The key set fetched again, once, when its fetch failed before any answer (fetch's `TypeError`, no jose code): a
 * kept-alive connection the key server closed just as it was reused fails that way at once, and one retry on a
 * fresh connection answers. A timeout, a non-200 answer or a bad key set (jose codes) is not retried: 503 as before.
 */
export function retryDroppedFetch(keys: JWTVerifyGetKey): JWTVerifyGetKey {
  return async (header, token) => {
    try {
      return await keys(header, token);
    } catch (error) {
      const coded = typeof error === 'object' && error !== null && 'code' in error;
      if (coded || !(error instanceof TypeError)) throw error;
      return await keys(header, token);
    }
  };
}

const audiences = (payload: JWTPayload): string[] =>
  typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);

/**
 * Accepts v1 tokens (iss https://sts.windows.net/{tid}/, aud = App ID URI) and v2 tokens
 * (iss https://login.microsoftonline.com/{tid}/v2.0, aud = client id), RS256 only, 60 s skew.
 * The issuer's tenant must be the token's own `tid`, `tid` must be allowed and `scp` must hold
 * access_as_user. The person is found by the `entra` identity `${tid}:${oid}`, else by
 * preferred_username / upn within the organisation whose `entraTenantId` is `tid` (and that first
 * match links `${tid}:${oid}`) — unless HR unlinked that `${tid}:${oid}` from that person (DELETE
 * /v1/people/{id}/identities/…): then the token is not provisioned until HR links it back.
 */
export function createEntraVerifier(options: EntraVerifierOptions): Verifier {
  const { config, directory } = options;
  const keys =
    options.keys ?? retryDroppedFetch(createRemoteJWKSet(new URL(config.jwksUrl), { timeoutDuration: 5000 }));
  const allowed = new Set(config.allowedTenants.map((t) => t.toLowerCase()));

  return {
    name: 'entra',
    canHandle: (credentials: Credentials) => looksLikeEntra(credentials.token),
    async verify({ token }: Credentials): Promise<AuthResult> {
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(token, keys, {
          algorithms: ['RS256'],
          audience: [config.clientId, config.appIdUri],
          clockTolerance: ENTRA_CLOCK_SKEW_SECONDS,
          requiredClaims: ['iss', 'aud', 'exp', 'tid'],
        }));
      } catch (error) {
        return joseFailure(error);
      }

      const tid = typeof payload.tid === 'string' ? payload.tid.toLowerCase() : '';
      const iss = payload.iss ?? '';
      const v1 = V1_ISSUER.exec(iss);
      const v2 = V2_ISSUER.exec(iss);
      const issuerTenant = (v1?.[1] ?? v2?.[1])?.toLowerCase();
      if (issuerTenant === undefined) return rejectToken('wrong issuer');
      if (issuerTenant !== tid) return rejectToken('issuer does not match tenant');
      const expectedAudience = v1 ? config.appIdUri : config.clientId;
      if (!audiences(payload).includes(expectedAudience)) return rejectToken('wrong audience');
      if (!allowed.has(tid)) return rejectToken('tenant not allowed');
      const scopes = typeof payload.scp === 'string' ? payload.scp.split(' ') : [];
      if (!scopes.includes(ENTRA_REQUIRED_SCOPE)) return rejectToken('missing scope');

      const oid = typeof payload.oid === 'string' ? payload.oid.toLowerCase() : undefined;
      const emailClaim = payload.preferred_username ?? payload.upn;
      const email =
        typeof emailClaim === 'string' && emailClaim.includes('@') ? emailClaim.toLowerCase() : undefined;
      const subject = oid ? `${tid}:${oid}` : undefined;
      let person = subject ? await directory.findPersonByIdentity('entra', subject) : null;
      if (!person && email) {
        // The UPN is only trusted inside the organisation bound to this tenant; the first match links
        // the tenant-scoped object id, so later UPN changes do not matter.
        person = await directory.findPersonByEmail(email, { entraTenantId: tid });
        if (person && subject && (await directory.linkIdentity('entra', subject, person)) === 'unlinked') {
          person = null;
        }
      }
      if (!person) return notProvisioned();
      return accept({
        kind: 'user',
        via: 'entra',
        orgId: person.orgId,
        personId: person.personId,
        roles: person.roles,
      });
    },
  };
}
