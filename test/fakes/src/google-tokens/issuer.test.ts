// Conformance: google-auth-library (the version the API and add-on use) verifies the issuer's tokens for real.
import { X509Certificate } from 'node:crypto';
import { OAuth2Client } from 'google-auth-library';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type GoogleTokenIssuer, startGoogleTokenIssuer } from './issuer.ts';

const ENDPOINT = 'https://addon.perfloop.test/addons/sheets/home';
const SERVICE_ACCOUNT = 'service-123456789@gcp-sa-gsuiteaddons.iam.gserviceaccount.com';
const CLIENT_ID = '123456789-abc.apps.googleusercontent.com';

let issuer: GoogleTokenIssuer;
beforeAll(async () => {
  issuer = await startGoogleTokenIssuer({ maxAgeSeconds: 600 });
});
afterAll(() => issuer.close());

const client = () => new OAuth2Client({ endpoints: { oauth2FederatedSignonPemCertsUrl: issuer.certsUrl } });
const verify = (idToken: string, audience: string) => client().verifyIdToken({ idToken, audience });

describe('Google token issuer', () => {
  it('serves the PEM map of X.509 certificates keyed by kid, with Cache-Control max-age', async () => {
    const res = await fetch(issuer.certsUrl);
    expect(res.headers.get('cache-control')).toMatch(/max-age=600/);
    const map = (await res.json()) as Record<string, string>;
    const [kid, pem] = Object.entries(map)[0] ?? [];
    expect(kid).toMatch(/^[0-9a-f]{40}$/);
    const cert = new X509Certificate(pem ?? '');
    expect(cert.subject).toBe('CN=federated-signon.system.gserviceaccount.com');
    expect(cert.verify(cert.publicKey)).toBe(true);
    const jwks = (await (await fetch(issuer.jwksUrl)).json()) as { keys: { kid: string; alg: string }[] };
    expect(jwks.keys.map((k) => [k.kid, k.alg])).toEqual([[kid, 'RS256']]);
  });

  it('signs system tokens google-auth-library accepts for the endpoint URL, with the service account', async () => {
    const ticket = await verify(await issuer.systemToken(ENDPOINT, SERVICE_ACCOUNT), ENDPOINT);
    expect(ticket.getPayload()).toMatchObject({
      iss: 'https://accounts.google.com',
      aud: ENDPOINT,
      email: SERVICE_ACCOUNT,
      email_verified: true,
    });
  });

  it('signs user tokens for the OAuth client id with a stable subject', async () => {
    const a = await verify(await issuer.userToken({ email: 'ava@acme.test' }, CLIENT_ID), CLIENT_ID);
    const b = await verify(await issuer.userToken({ email: 'ava@acme.test' }, CLIENT_ID), CLIENT_ID);
    expect(a.getPayload()).toMatchObject({ aud: CLIENT_ID, azp: CLIENT_ID, email: 'ava@acme.test' });
    expect(a.getPayload()?.sub).toBe(b.getPayload()?.sub);
  });

  it('its forged, expired and wrong-audience tokens are refused by the library', async () => {
    await expect(
      verify(await issuer.forge({ aud: ENDPOINT, email: SERVICE_ACCOUNT }), ENDPOINT),
    ).rejects.toThrow(/Invalid token signature/);
    await expect(
      verify(
        await issuer.systemToken(ENDPOINT, SERVICE_ACCOUNT, { issuedAt: -7200, expiresIn: 3600 }),
        ENDPOINT,
      ),
    ).rejects.toThrow(/Token used too late/);
    await expect(
      verify(await issuer.systemToken(`${ENDPOINT}/other`, SERVICE_ACCOUNT), ENDPOINT),
    ).rejects.toThrow(/Wrong recipient/);
    await expect(
      verify(
        await issuer.userToken({ email: 'ava@acme.test' }, CLIENT_ID, { expiresIn: 3 * 86_400 }),
        CLIENT_ID,
      ),
    ).rejects.toThrow(/too far in future/);
  });

  it('keeps the previous key published across a rotation, until it is retired', async () => {
    const before = await issuer.userToken({ email: 'ben@acme.test' }, CLIENT_ID);
    issuer.rotate();
    const after = await issuer.userToken({ email: 'ben@acme.test' }, CLIENT_ID);
    await expect(verify(before, CLIENT_ID)).resolves.toBeDefined();
    await expect(verify(after, CLIENT_ID)).resolves.toBeDefined();
    issuer.retireOldKeys();
    await expect(verify(before, CLIENT_ID)).rejects.toThrow(/No pem found/);
    await expect(verify(after, CLIENT_ID)).resolves.toBeDefined();
    expect(issuer.hits['/oauth2/v1/certs']).toBeGreaterThan(0);
  });
});
