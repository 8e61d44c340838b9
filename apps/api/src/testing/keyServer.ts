// Test helper: a local HTTP server on 127.0.0.1:0 serving a JWKS and a Google-style PEM cert map.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { JWK } from 'jose';

export interface KeyServer {
  /** JWKS endpoint (`{keys: [...]}`), as Entra publishes. */
  jwksUrl: string;
  /** PEM map endpoint (`{kid: pem}`), as Google's oauth2/v1/certs publishes. */
  certsUrl: string;
  setJwks(keys: JWK[]): void;
  setCerts(certs: Record<string, string>): void;
  /** Number of requests served per path. */
  hits: Record<string, number>;
  close(): Promise<void>;
}

export async function startKeyServer(): Promise<KeyServer> {
  let jwks: JWK[] = [];
  let certs: Record<string, string> = {};
  const hits: Record<string, number> = {};
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    hits[path] = (hits[path] ?? 0) + 1;
    const body = path === '/jwks' ? { keys: jwks } : path === '/certs' ? certs : undefined;
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${port}`;
  return {
    jwksUrl: `${base}/jwks`,
    certsUrl: `${base}/certs`,
    hits,
    setJwks: (keys) => {
      jwks = keys;
    },
    setCerts: (map) => {
      certs = map;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
