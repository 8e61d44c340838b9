// API keys for integrations (`pl_<prefix>_<secret>`): generation, verification and scope checks.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../context.ts';
import { Forbidden } from '../errors.ts';
import { resolveKeyCaller } from './addon.ts';
import type { GoogleUserTokens } from './google.ts';
import type { IdentityDirectory } from './identity.ts';
import { type AuthResult, type Credentials, rejectToken, type Verifier } from './verifier.ts';

const API_KEY = /^pl_([a-f0-9]{8,32})_([A-Za-z0-9]{16,128})$/;

export interface GeneratedApiKey {
  /** Shown to the user once; never stored. */
  key: string;
  /** Stored in clear for lookup. */
  prefix: string;
  /** Stored: hex sha-256 of the whole key. */
  hash: string;
}

/** sha-256 (hex) of the complete key string. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** A new key: 6 random bytes of prefix and 32 of secret, both hex. */
export function generateApiKey(): GeneratedApiKey {
  const prefix = randomBytes(6).toString('hex');
  const key = `pl_${prefix}_${randomBytes(32).toString('hex')}`;
  return { key, prefix, hash: hashApiKey(key) };
}

/** The lookup prefix of a well-formed key, else null. */
export function apiKeyPrefix(token: string): string | null {
  return API_KEY.exec(token)?.[1] ?? null;
}

function sameHash(aHex: string, bHex: string): boolean {
  const a = Buffer.from(aHex, 'hex');
  const b = Buffer.from(bHex, 'hex');
  return a.length === 32 && a.length === b.length && timingSafeEqual(a, b);
}

export interface ApiKeyVerifierOptions {
  directory: IdentityDirectory;
  /** Verifies the user tokens `addon:sheets` keys carry; null/absent when Google sign-in is not configured. */
  googleUsers?: GoogleUserTokens | null;
  now?: () => Date;
}

/**
 * Looks the key up by prefix and compares the sha-256 of the whole key in constant time. Unknown
 * prefix and wrong secret give the same reason; revoked or expired keys are refused. A key sent
 * with a user token (`addon:sheets`) resolves to that user acting through the key (see addon.ts).
 */
export function createApiKeyVerifier({
  directory,
  googleUsers = null,
  now = () => new Date(),
}: ApiKeyVerifierOptions): Verifier {
  return {
    name: 'api_key',
    canHandle: ({ token }: Credentials) => token.startsWith('pl_'),
    async verify({ token, headers }: Credentials): Promise<AuthResult> {
      const prefix = apiKeyPrefix(token);
      if (prefix === null) return rejectToken('malformed');
      const record = await directory.findApiKeyByPrefix(prefix);
      if (!record || !sameHash(hashApiKey(token), record.hash)) return rejectToken('invalid api key');
      if (record.revokedAt) return rejectToken('revoked');
      if (record.expiresAt && Date.parse(record.expiresAt) <= now().getTime()) return rejectToken('expired');
      const result = await resolveKeyCaller(record, headers, { directory, googleUsers });
      if (result.ok) directory.touchApiKey(record.id).catch(() => undefined);
      return result;
    },
  };
}

/** Route middleware: only an API-key principal holding `scope` (e.g. 'sync:notion') may pass. */
export function requireScope(scope: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const principal = c.get('principal');
    if (principal.kind !== 'service' || !principal.scopes.includes(scope)) {
      throw new Forbidden(`This operation requires an API key with the "${scope}" scope.`, {
        code: 'insufficient_scope',
        details: { scope },
        headers: { 'WWW-Authenticate': `Bearer error="insufficient_scope", scope="${scope}"` },
      });
    }
    await next();
  };
}
