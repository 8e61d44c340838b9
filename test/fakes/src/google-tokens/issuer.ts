// A local Google token issuer: the certs endpoints google-auth-library reads and signed system / user ID tokens.
import { generateKeyPairSync, type KeyObject, randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { exportJWK, type JWTPayload, SignJWT } from 'jose';
import { selfSignedCertificate } from './x509.ts';

export const GOOGLE_ISSUER = 'https://accounts.google.com';

interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  certificate: string;
}

function newKey(): SigningKey {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const now = Date.now();
  return {
    kid: randomBytes(20).toString('hex'),
    privateKey,
    publicKey,
    certificate: selfSignedCertificate({
      publicKey,
      privateKey,
      commonName: 'federated-signon.system.gserviceaccount.com',
      serial: randomBytes(8),
      notBefore: new Date(now - 86_400_000),
      notAfter: new Date(now + 14 * 86_400_000),
    }),
  };
}

export interface TokenOptions {
  /** Seconds from now; negative for a token that has already expired. Default 3600. */
  expiresIn?: number;
  /** `iat` offset from now in seconds (default 0). */
  issuedAt?: number;
  /** Extra or overriding claims (e.g. `{ iss: 'https://evil.test' }`). */
  claims?: JWTPayload;
}

export interface GoogleUser {
  email: string;
  /** Google's stable subject id; derived from the e-mail when omitted. */
  sub?: string;
  emailVerified?: boolean;
  /** Hosted domain (Workspace), optional. */
  hd?: string;
}

export interface GoogleTokenIssuerOptions {
  /** `Cache-Control: max-age` of the certs responses (Google sends several hours). Default 3600. */
  maxAgeSeconds?: number;
}

export interface GoogleTokenIssuer {
  /** Base URL, `http://127.0.0.1:<port>`. */
  url: string;
  /** The PEM map `{kid: certificate}` (Google's oauth2/v1/certs); give this to google-auth-library. */
  certsUrl: string;
  /** The JWK set (Google's oauth2/v3/certs). */
  jwksUrl: string;
  /** Requests served per path. */
  hits: Record<string, number>;
  /**
   * The add-on's system ID token, as Google sends it in `Authorization: Bearer` to an HTTP add-on
   * endpoint: audience = the endpoint URL, email = the add-on's service account.
   */
  systemToken(audience: string, serviceAccount: string, options?: TokenOptions): Promise<string>;
  /** A user's ID token (the event's `authorizationEventObject.userIdToken`): audience = the OAuth client id. */
  userToken(user: GoogleUser, clientId: string, options?: TokenOptions): Promise<string>;
  /** Signed with a key that is not published, under a published kid (a forgery). */
  forge(claims: JWTPayload): Promise<string>;
  /** Starts signing with a new key; the previous one stays published (Google overlaps keys). */
  rotate(): void;
  /** Stops publishing every key but the current one. */
  retireOldKeys(): void;
  close(): Promise<void>;
}

/** Numeric-looking subject derived from an e-mail, stable across runs. */
function subjectOf(email: string): string {
  let h = 0n;
  for (const ch of email.toLowerCase()) h = (h * 131n + BigInt(ch.codePointAt(0) ?? 0)) % 10n ** 20n;
  return `1${h.toString().padStart(20, '0')}`;
}

export async function startGoogleTokenIssuer(
  options: GoogleTokenIssuerOptions = {},
): Promise<GoogleTokenIssuer> {
  const maxAge = options.maxAgeSeconds ?? 3600;
  let keys: SigningKey[] = [newKey()];
  const current = () => keys[keys.length - 1] as SigningKey;
  const hits: Record<string, number> = {};

  const app = new Hono();
  app.use('*', async (c, next) => {
    hits[c.req.path] = (hits[c.req.path] ?? 0) + 1;
    await next();
  });
  const cacheHeaders = () => ({
    'Cache-Control': `public, max-age=${maxAge}, must-revalidate, no-transform`,
    Expires: new Date(Date.now() + maxAge * 1000).toUTCString(),
  });
  app.get('/oauth2/v1/certs', (c) =>
    c.json(Object.fromEntries(keys.map((k) => [k.kid, k.certificate])), 200, cacheHeaders()),
  );
  app.get('/oauth2/v3/certs', async (c) => {
    const jwks = await Promise.all(
      keys.map(async (k) => ({ ...(await exportJWK(k.publicKey)), kid: k.kid, alg: 'RS256', use: 'sig' })),
    );
    return c.json({ keys: jwks }, 200, cacheHeaders());
  });

  let server: ReturnType<typeof serve> | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    );
  });
  const http = server as unknown as import('node:http').Server;
  const url = `http://127.0.0.1:${port}`;

  const sign = async (claims: JWTPayload, key: SigningKey, kid: string, o: TokenOptions = {}) => {
    const now = Math.floor(Date.now() / 1000) + (o.issuedAt ?? 0);
    return new SignJWT({
      iss: GOOGLE_ISSUER,
      iat: now,
      exp: now + (o.expiresIn ?? 3600),
      ...claims,
      ...o.claims,
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .sign(key.privateKey);
  };

  return {
    url,
    certsUrl: `${url}/oauth2/v1/certs`,
    jwksUrl: `${url}/oauth2/v3/certs`,
    hits,
    systemToken(audience, serviceAccount, o) {
      return sign(
        {
          aud: audience,
          azp: subjectOf(serviceAccount),
          sub: subjectOf(serviceAccount),
          email: serviceAccount,
          email_verified: true,
        },
        current(),
        current().kid,
        o,
      );
    },
    userToken(user, clientId, o) {
      return sign(
        {
          aud: clientId,
          azp: clientId,
          sub: user.sub ?? subjectOf(user.email),
          email: user.email,
          email_verified: user.emailVerified ?? true,
          ...(user.hd ? { hd: user.hd } : {}),
        },
        current(),
        current().kid,
        o,
      );
    },
    forge(claims) {
      return sign(claims, newKey(), current().kid);
    },
    rotate() {
      keys = [...keys, newKey()];
    },
    retireOldKeys() {
      keys = [current()];
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        http.closeAllConnections();
        http.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
