// Credentials for fuzz cases: callers' own tokens, Entra access tokens signed by a local JWKS (valid and forged
// every way), and broken API keys.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, type JWTPayload, SignJWT } from 'jose';
import { type Caller, ENTRA, type WorldManifest } from '../world/manifest.ts';
import type { Cred, EntraVariant, KeyVariant } from './cases.ts';

export interface Credentials {
  jwksUrl: string;
  /** The Authorization header for a case in `world`, or undefined for none. */
  authorization(world: WorldManifest, caller: Caller, cred: Cred): string | undefined;
  close(): Promise<void>;
}

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');

/** Starts a JWKS server on 127.0.0.1:0 and signs every Entra token the cases need (valid for an hour). */
export async function startCredentials(): Promise<Credentials> {
  const signing = await generateKeyPair('RS256', { extractable: true });
  const stranger = await generateKeyPair('RS256', { extractable: true });
  const kid = 'fuzz-1';
  const jwk = { ...(await exportJWK(signing.publicKey)), kid, alg: 'RS256', use: 'sig' };
  const pem = await exportSPKI(signing.publicKey);
  const server = createServer((req, res) => {
    if (req.url === '/jwks')
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const jwksUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;

  const now = Math.floor(Date.now() / 1000);
  const claims = (oid: string, extra: JWTPayload = {}): JWTPayload => ({
    iss: `https://login.microsoftonline.com/${ENTRA.tenantId}/v2.0`,
    aud: ENTRA.clientId,
    tid: ENTRA.tenantId,
    oid,
    scp: 'access_as_user',
    ver: '2.0',
    iat: now,
    nbf: now - 60,
    exp: now + 3600,
    ...extra,
  });
  const sign = (payload: JWTPayload, key = signing.privateKey) =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', typ: 'JWT', kid }).sign(key);

  const valid = new Map<string, string>();
  for (const oid of [ENTRA.avaOid, ENTRA.hrOid]) valid.set(oid, await sign(claims(oid)));
  const ava = ENTRA.avaOid;
  const forged: Record<EntraVariant, string> = {
    expired: await sign(claims(ava, { iat: now - 7200, nbf: now - 7200, exp: now - 3600 })),
    not_yet_valid: await sign(claims(ava, { nbf: now + 3600, exp: now + 7200 })),
    forged_key: await sign(claims(ava), stranger.privateKey),
    alg_none: `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(claims(ava))}.`,
    hs256_confusion: await new SignJWT(claims(ava))
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
      .sign(new TextEncoder().encode(pem)),
    wrong_audience: await sign(claims(ava, { aud: 'api://someone-else' })),
    disallowed_tenant: await sign(
      claims(ava, {
        tid: 'eeeeeeee-0000-4000-8000-0000000000e5',
        iss: 'https://login.microsoftonline.com/eeeeeeee-0000-4000-8000-0000000000e5/v2.0',
      }),
    ),
    foreign_tenant_unlinked: await sign(
      claims('ffffffff-0000-4000-8000-0000000000f6', {
        tid: ENTRA.foreignTenantId,
        iss: `https://login.microsoftonline.com/${ENTRA.foreignTenantId}/v2.0`,
        preferred_username: 'ava@acme.test',
      }),
    ),
    no_scope: await sign(claims(ava, { scp: undefined })),
    truncated_signature: (await sign(claims(ava))).slice(0, -10),
  };

  const brokenKey = (world: WorldManifest, caller: Caller, variant: KeyVariant): string => {
    const liveKeys = [...world.acme.callers, ...world.globex.callers]
      .filter((c) => c.role === 'service')
      .map((c) => c.token);
    const org = world[caller.org];
    const live = org.callers.find((c) => c.role === 'service')?.token ?? '';
    const [, prefix = '', secret = ''] = /^pl_([^_]+)_(.+)$/.exec(live) ?? [];
    switch (variant) {
      case 'revoked':
        return org.revokedKey;
      case 'expired':
        return org.expiredKey;
      case 'wrong_secret':
        return `pl_${prefix}_${secret.split('').reverse().join('')}`;
      case 'truncated':
        return live.slice(0, -1);
      case 'upper_case':
        return live.toUpperCase();
      case 'other_org_prefix': {
        const otherKey = liveKeys.find((k) => k !== live) ?? live;
        const [, otherPrefix = ''] = /^pl_([^_]+)_/.exec(otherKey) ?? [];
        return `pl_${otherPrefix}_${secret}`;
      }
    }
  };

  return {
    jwksUrl,
    authorization(world, caller, cred) {
      switch (cred.kind) {
        case 'none':
          return undefined;
        case 'header':
          return cred.value;
        case 'key':
          return `Bearer ${brokenKey(world, caller, cred.variant)}`;
        case 'entra':
          return `Bearer ${forged[cred.variant]}`;
        case 'caller':
          return `Bearer ${caller.entra ? (valid.get(caller.entra) ?? '') : caller.token}`;
      }
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
