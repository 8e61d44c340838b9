// The add-on service over HTTP on 127.0.0.1 (port 0) against a running Perfloop API and the Google fakes: what Google would call.
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { FakeSheets, GoogleTokenIssuer } from '@perfloop/fakes';
import { createAddonApp } from '../app.ts';
import type { AddonResponse } from '../cards/schema.ts';
import { createGoogleVerifier } from '../google/verify.ts';
import { createLogger } from '../logger.ts';
import { type EndpointName, PATHS } from '../paths.ts';
import type { sheets_v4 } from '../sheets/googleapis.ts';
import {
  ADDON_URL,
  addonAnswer,
  addonCall,
  CLIENT_ID,
  type InvokeOptions,
  SERVICE_ACCOUNT,
  sheetsAs,
} from './events.ts';

export interface AddonServiceOptions {
  /** The Perfloop API's base URL; it must trust `CLIENT_ID` (`GOOGLE_ADDON_CLIENT_ID`) and the issuer's certs. */
  apiUrl: string;
  /** An `addon:sheets` key of the organisation. */
  apiKey: string;
  issuer: GoogleTokenIssuer;
  sheets: FakeSheets;
}

export interface AddonService {
  /** `http://127.0.0.1:<port>` — where the service listens (its public URL stays `ADDON_URL`). */
  url: string;
  /** Calls an endpoint over HTTP as Google would for `as`; a 200 is checked against the card schema. */
  invoke(endpoint: EndpointName, options: InvokeOptions): Promise<{ status: number; body: AddonResponse }>;
  /** googleapis Sheets as `email` against the fake. */
  sheetsAs(email: string): sheets_v4.Sheets;
  close(): Promise<void>;
}

export async function startAddonService(options: AddonServiceOptions): Promise<AddonService> {
  const { issuer, sheets } = options;
  const app = createAddonApp({
    publicUrl: ADDON_URL,
    apiUrl: options.apiUrl,
    apiKey: options.apiKey,
    sheetsRootUrl: sheets.rootUrl,
    verifier: createGoogleVerifier({
      certsUrl: issuer.certsUrl,
      serviceAccount: SERVICE_ACCOUNT,
      clientIds: [CLIENT_ID],
    }),
    logger: createLogger('warn'),
  });
  let server: Server | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    ) as unknown as Server;
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    async invoke(endpoint, o) {
      const path = PATHS[endpoint];
      const call = await addonCall(issuer, sheets, path, o);
      const res = await fetch(`${url}${path}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...call.headers },
        body: JSON.stringify(call.body),
      });
      return addonAnswer(path, res);
    },
    sheetsAs: (email) => sheetsAs(sheets, email),
    async close() {
      await new Promise<void>((resolve) => {
        server?.closeAllConnections();
        server?.close(() => resolve());
      });
    },
  };
}
