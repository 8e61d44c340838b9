// The pluggable verifier contract, its result type and the safe rejection reasons.
import { decodeJwt } from 'jose';
import type { Principal } from './principal.ts';

/** What a verifier sees of a request: the bearer token, all headers and the path (for audiences). */
export interface Credentials {
  token: string;
  headers: Headers;
  path: string;
}

/**
 * Why a token was refused, in words safe to show the caller (RFC 6750 error_description):
 * never the token, claims or library error text.
 */
export type RejectReason =
  | 'malformed'
  | 'unsupported token'
  | 'expired'
  | 'not yet valid'
  | 'lifetime too long'
  | 'wrong audience'
  | 'wrong issuer'
  | 'issuer does not match tenant'
  | 'tenant not allowed'
  | 'missing claim'
  | 'missing scope'
  | 'bad signature'
  | 'unknown signing key'
  | 'algorithm not allowed'
  | 'wrong account'
  | 'email not verified'
  | 'invalid api key'
  | 'revoked';

export type AuthFailure =
  /** The credential is present but not acceptable. `token: 'user'` when it is the add-on's user token. */
  | { code: 'invalid_token'; reason: RejectReason; token?: 'user' }
  /** A required credential is missing (e.g. the user token alongside an addon:sheets key). */
  | { code: 'unauthenticated'; detail: string }
  | { code: 'demo_auth_disabled' }
  /** The credential is valid but lacks the scope this use needs (e.g. a user token on a key without `addon:sheets`). */
  | { code: 'insufficient_scope'; scope: string }
  /** The token is valid but no Perfloop person is linked to it. */
  | { code: 'identity_not_provisioned' }
  /** The identity provider's keys could not be fetched. */
  | { code: 'auth_provider_unavailable' };

export type AuthResult = { ok: true; principal: Principal } | { ok: false; failure: AuthFailure };

export interface Verifier {
  readonly name: string;
  /** Cheap, unverified routing check: does this verifier own this kind of credential? */
  canHandle(credentials: Credentials): boolean;
  verify(credentials: Credentials): Promise<AuthResult>;
}

export const accept = (principal: Principal): AuthResult => ({ ok: true, principal });
export const refuse = (failure: AuthFailure): AuthResult => ({ ok: false, failure });
export const rejectToken = (reason: RejectReason, token?: 'user'): AuthResult =>
  refuse(token ? { code: 'invalid_token', reason, token } : { code: 'invalid_token', reason });
export const notProvisioned = (): AuthResult => refuse({ code: 'identity_not_provisioned' });

/** The `iss` claim of a JWT WITHOUT verifying it: only to pick a verifier, never to trust. */
export function peekIssuer(token: string): string | undefined {
  try {
    const iss = decodeJwt(token).iss;
    return typeof iss === 'string' ? iss : undefined;
  } catch {
    return undefined;
  }
}
