// Authentication middleware for /v1: tries the verifiers in order and sets c.get('principal').
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { type ApiError, Forbidden, ServiceUnavailable, Unauthenticated } from '../errors.ts';
import { principalLogFields } from './principal.ts';
import type { AuthFailure, Verifier } from './verifier.ts';

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

/** Turns a verifier's failure into the client-facing error (safe reasons only). */
export function authFailureError(failure: AuthFailure): ApiError {
  switch (failure.code) {
    case 'invalid_token': {
      const which = failure.token === 'user' ? 'user token' : 'access token';
      return new Unauthenticated(`The ${which} was rejected: ${failure.reason}.`, {
        code: 'invalid_token',
        details: { reason: failure.reason },
        headers: {
          'WWW-Authenticate': `Bearer error="invalid_token", error_description="${which}: ${failure.reason}"`,
        },
      });
    }
    case 'unauthenticated':
      return new Unauthenticated(failure.detail);
    case 'demo_auth_disabled':
      return new Unauthenticated('Demo sign-in (dev:<email>) is disabled on this server.', {
        code: 'demo_auth_disabled',
      });
    case 'insufficient_scope':
      return new Forbidden(`This credential needs the "${failure.scope}" scope for this use.`, {
        code: 'insufficient_scope',
        details: { scope: failure.scope },
        headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${failure.scope}"` },
      });
    case 'identity_not_provisioned':
      return new Forbidden('You are signed in, but no Perfloop person is linked to this identity.', {
        code: 'identity_not_provisioned',
      });
    case 'auth_provider_unavailable':
      return new ServiceUnavailable('The identity provider could not be reached; retry shortly.', {
        code: 'auth_provider_unavailable',
        headers: { 'Retry-After': '5' },
      });
  }
}

/**
 * Requires `Authorization: Bearer <token>`. Missing → 401 `unauthenticated`; a token no verifier
 * accepts → 401 `invalid_token`. Reasons are logged (never the token).
 */
export function authenticate(verifiers: readonly Verifier[]): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const header = c.req.header('Authorization')?.trim();
    if (!header) throw new Unauthenticated('Send credentials as Authorization: Bearer <token>.');
    const token = BEARER.exec(header)?.[1];
    if (!token)
      throw new Unauthenticated('Only Bearer credentials are accepted (Authorization: Bearer <token>).');

    const credentials = { token, headers: c.req.raw.headers, path: c.req.path };
    const verifier = verifiers.find((v) => v.canHandle(credentials));
    if (!verifier) {
      c.get('log').info(
        { auth: { outcome: 'refused', reason: 'unsupported token' } },
        'authentication failed',
      );
      throw authFailureError({ code: 'invalid_token', reason: 'unsupported token' });
    }
    const result = await verifier.verify(credentials);
    if (!result.ok) {
      c.get('log').info(
        { auth: { verifier: verifier.name, outcome: 'refused', failure: result.failure } },
        'authentication failed',
      );
      throw authFailureError(result.failure);
    }
    c.set('principal', result.principal);
    c.get('log').debug({ principal: principalLogFields(result.principal) }, 'authenticated');
    await next();
  };
}
