// The add-on's Hono app: every endpoint verifies Google's system token for its own URL and the user's token, then runs a flow.
import { randomBytes } from 'node:crypto';
import { type Context, Hono } from 'hono';
import type { Logger } from 'pino';
import { errorCard, homepage, requestFileScope, updateCard } from './cards/build.ts';
import type { AddonResponse, Card } from './cards/schema.ts';
import { AddonEventSchema } from './event.ts';
import { createCalibrationSheet } from './flows/calibration.ts';
import type { FlowContext } from './flows/context.ts';
import { createScoringSheet } from './flows/createScoring.ts';
import { homeCard } from './flows/home.ts';
import { importScores } from './flows/importScores.ts';
import { refresh } from './flows/refresh.ts';
import type { GoogleVerifier, TokenCheck } from './google/verify.ts';
import { PATHS, type Urls, urlsOf } from './paths.ts';
import { createPerfloopClient, PerfloopError } from './perfloop/client.ts';
import type { RetryPolicy } from './retry.ts';
import { createSheetsGateway, type SheetsCall, SheetsFailure } from './sheets/gateway.ts';

export interface AddonAppDeps {
  publicUrl: string;
  apiUrl: string;
  apiKey: string;
  sheetsRootUrl: string;
  verifier: GoogleVerifier;
  logger: Logger;
  retry?: RetryPolicy;
  fetch?: typeof fetch;
  now?: () => Date;
  applyConcurrency?: number;
  /** Observers for tests and the benchmark. */
  onSheetsCall?: (call: SheetsCall) => void;
  onApiRequest?: (method: string, path: string) => void;
}

type Flow = (ctx: FlowContext) => Promise<AddonResponse>;

const refusal = (check: Exclude<TokenCheck, { ok: true }>) =>
  'unavailable' in check ? 'Google signing certificates unavailable' : check.reason;

/** A flow's failure as a card the user can act on (details go to the log, never tokens). */
function failureCard(error: unknown, urls: Urls): Card {
  if (error instanceof PerfloopError) {
    if (error.status === 401 || error.status === 403) {
      const text =
        error.code === 'identity_not_provisioned'
          ? 'Perfloop does not know your Google account. Ask HR to add you (with this e-mail) to your organisation.'
          : error.code === 'person_inactive'
            ? 'Your Perfloop account is not active.'
            : `Perfloop refused: ${error.message}`;
      return errorCard('Not allowed', text, { text: 'Home', url: urls.home });
    }
    return errorCard('Perfloop could not do that', error.message, { text: 'Home', url: urls.home });
  }
  if (error instanceof SheetsFailure) {
    return errorCard(
      'Google Sheets could not do that',
      error.rateLimited
        ? 'Google Sheets is rate limiting your account right now. Wait a minute and try again.'
        : `Google Sheets answered: ${error.message}`,
      { text: 'Home', url: urls.home },
    );
  }
  return errorCard('Something went wrong', 'The add-on hit an unexpected error; it is logged. Try again.', {
    text: 'Home',
    url: urls.home,
  });
}

export function createAddonApp(deps: AddonAppDeps): Hono {
  const app = new Hono();
  const urls = urlsOf(deps.publicUrl);

  app.get('/healthz', (c) => c.json({ ok: true }));

  /** `asResponse` wraps an error card the way this endpoint answers (the homepage pushes, actions update). */
  const endpoint = (
    path: string,
    flow: Flow,
    asResponse: (card: Card) => AddonResponse = (card) => updateCard(card),
  ) => {
    app.post(path, async (c: Context) => {
      const started = Date.now();
      const log = deps.logger.child({ endpoint: path, requestId: randomBytes(6).toString('hex') });
      const auth = /^Bearer\s+(\S+)$/i.exec(c.req.header('Authorization')?.trim() ?? '');
      if (!auth)
        return c.json({ error: 'Send Google’s system ID token as Authorization: Bearer <token>.' }, 401);
      // Audience = exactly the URL Google called: built from PUBLIC_URL, never from the Host header.
      const system = await deps.verifier.verifySystemToken(auth[1] as string, `${deps.publicUrl}${path}`);
      if (!system.ok) {
        log.warn({ outcome: 'refused', token: 'system', reason: refusal(system) }, 'request refused');
        return 'unavailable' in system
          ? c.json({ error: refusal(system) }, 503)
          : c.json({ error: `system token: ${system.reason}` }, 401);
      }
      let body: unknown;
      try {
        body = await c.req.json();
      } catch {
        return c.json({ error: 'The body must be a Workspace add-on event (JSON).' }, 400);
      }
      const event = AddonEventSchema.safeParse(body);
      if (!event.success)
        return c.json({ error: 'The body is not a Workspace add-on event from an HTTP deployment.' }, 400);
      const authz = event.data.authorizationEventObject;
      const user = await deps.verifier.verifyUserToken(authz.userIdToken);
      if (!user.ok) {
        log.warn({ outcome: 'refused', token: 'user', reason: refusal(user) }, 'request refused');
        return 'unavailable' in user
          ? c.json({ error: refusal(user) }, 503)
          : c.json({ error: `user token: ${user.reason}` }, 401);
      }
      const ctx: FlowContext = {
        event: event.data,
        api: createPerfloopClient({
          apiUrl: deps.apiUrl,
          apiKey: deps.apiKey,
          userToken: authz.userIdToken,
          ...(deps.retry ? { retry: deps.retry } : {}),
          ...(deps.fetch ? { fetch: deps.fetch } : {}),
          ...(deps.onApiRequest ? { onRequest: deps.onApiRequest } : {}),
        }),
        sheets: createSheetsGateway({
          accessToken: authz.userOAuthToken,
          rootUrl: deps.sheetsRootUrl,
          ...(deps.retry ? { retry: deps.retry } : {}),
          ...(deps.onSheetsCall ? { onCall: deps.onSheetsCall } : {}),
        }),
        urls,
        now: deps.now ?? (() => new Date()),
        newExportId: () => `exp_${randomBytes(9).toString('base64url')}`,
        applyConcurrency: deps.applyConcurrency ?? 4,
      };
      let response: AddonResponse;
      try {
        response = await flow(ctx);
        log.info({ outcome: 'ok', ms: Date.now() - started }, 'handled');
      } catch (error) {
        log.error(
          {
            outcome: 'failed',
            ms: Date.now() - started,
            err: error instanceof Error ? { name: error.name, message: error.message } : String(error),
            ...(error instanceof PerfloopError ? { status: error.status, code: error.code } : {}),
            ...(error instanceof SheetsFailure
              ? { status: error.status, googleStatus: error.googleStatus }
              : {}),
          },
          'flow failed',
        );
        response = asResponse(failureCard(error, urls));
      }
      return c.json(response, 200);
    });
  };

  endpoint(PATHS.home, async (ctx) => homepage(await homeCard(ctx)), homepage);
  endpoint(PATHS.fileScopeGranted, async (ctx) =>
    updateCard(await homeCard(ctx), 'Perfloop can now use this spreadsheet.'),
  );
  endpoint(PATHS.select, async (ctx) => updateCard(await homeCard(ctx)));
  endpoint(PATHS.requestAccess, async () => requestFileScope());
  endpoint(PATHS.createScoringSheet, createScoringSheet);
  endpoint(PATHS.importScores, importScores);
  endpoint(PATHS.refresh, refresh);
  endpoint(PATHS.createCalibrationSheet, createCalibrationSheet);
  app.notFound((c) => c.json({ error: 'Not found' }, 404));
  return app;
}
