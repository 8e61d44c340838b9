// Test helper: RSA keys generated in the test and JWTs signed (or forged) with them.
import {
  type CryptoKey,
  exportJWK,
  exportSPKI,
  generateKeyPair,
  type JWK,
  type JWTPayload,
  SignJWT,
} from 'jose';

export interface TestKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
  publicPem: string;
}

export async function createTestKey(kid: string): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  return { kid, privateKey, publicJwk, publicPem: await exportSPKI(publicKey) };
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);

/** RS256 token with `iat` now and `exp` in an hour unless the claims say otherwise. */
export async function signToken(
  key: TestKey,
  claims: JWTPayload,
  header: { kid?: string } = {},
): Promise<string> {
  const iat = nowSeconds();
  return new SignJWT({ iat, exp: iat + 3600, ...claims })
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid: header.kid ?? key.kid })
    .sign(key.privateKey);
}

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** An unsigned `alg: none` token. */
export function unsignedToken(claims: JWTPayload, kid: string): string {
  const iat = nowSeconds();
  return `${b64url({ alg: 'none', typ: 'JWT', kid })}.${b64url({ iat, exp: iat + 3600, ...claims })}.`;
}

/** An HS256 token "signed" with the public key as the HMAC secret (the classic key-confusion forgery). */
export async function hs256Forgery(key: TestKey, claims: JWTPayload): Promise<string> {
  const iat = nowSeconds();
  return new SignJWT({ iat, exp: iat + 3600, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
    .sign(new TextEncoder().encode(key.publicPem));
}
