// The fake Microsoft Graph (Teams activity feed) and Entra token endpoint: client credentials, sendActivityNotification, Graph's error shape, a per-app rate limit.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { type Context, Hono } from 'hono';
import { jwtVerify, SignJWT } from 'jose';
import { ActivityNotificationBody, bodyProblem, renderTemplate } from './activityBody.ts';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';
const GRAPH_AUDIENCE = 'https://graph.microsoft.com';

/** An Entra app registration that may call Graph with client credentials, and its Teams app. */
export interface FakeGraphApp {
  clientId: string;
  clientSecret: string;
  /** The Teams app (manifest `id`) whose `webApplicationInfo.id` is this client id. */
  teamsAppId: string;
  /** The app's display name (`{actor}` in the feed). */
  name?: string;
  /** The manifest's `activities.activityTypes`: type → templateText. */
  activityTypes: Readonly<Record<string, string>>;
  /** Application permissions granted with admin consent; default `['TeamsActivity.Send']`. */
  roles?: readonly string[];
}

export interface FakeGraphOptions {
  /** The tenant the fake stands for (a GUID); default a fresh one. */
  tenantId?: string;
  /** Lifetime of issued tokens (Entra: about an hour). */
  tokenLifetimeSeconds?: number;
  /** Activity notifications per app per window before 429 (Graph throttles per app and tenant). */
  rateLimit?: { limit: number; windowMs: number };
  /** The fake's clock (ms): token expiry and rate windows follow it. Default Date.now. */
  now?: () => number;
}

/** One delivered notification, as the recipient's feed would show it. */
export interface DeliveredNotification {
  userId: string;
  teamsAppId: string;
  activityType: string;
  /** The templateText with its parameters (and `{actor}`) filled in. */
  text: string;
  topic: { source: 'entityUrl' | 'text'; value: string; webUrl?: string | undefined };
  previewText: string | null;
  templateParameters: Record<string, string>;
  /** The request's `chainId`: a later notification of the same app and chain replaces this one in the feed. */
  chainId: number | null;
  at: number;
}

export interface GraphCall {
  route: 'token' | 'sendActivityNotification' | 'other';
  status: number;
  userId?: string;
}

export interface InjectedGraphFailure {
  status: 429 | 500 | 502 | 503;
  /** Sent as `Retry-After` (seconds). */
  retryAfterSeconds?: number;
}

export interface FakeGraph {
  /** The server's origin: the Entra authority (`<url>/<tenant>/oauth2/v2.0/token`). */
  url: string;
  /** Graph's base URL (`<url>/v1.0`). */
  graphUrl: string;
  tenantId: string;
  /** The client-credentials token endpoint of the tenant. */
  tokenUrl: string;
  registerApp(app: FakeGraphApp): void;
  /** A user of the tenant (by Entra object id), with the Teams apps installed for them. */
  addUser(userId: string, installedApps?: readonly string[]): void;
  installApp(userId: string, teamsAppId: string): void;
  /** Every notification Graph accepted, in order (a resend on the same chain included). */
  notifications: DeliveredNotification[];
  /**
   * A user's activity feed as Teams shows it: their notifications, each replaced by a later one of the same app
   * with the same `chainId` ("used to override a previous notification").
   */
  feed(userId: string): DeliveredNotification[];
  calls: GraphCall[];
  /** The next `times` sendActivityNotification calls fail with this status (nothing delivered). */
  failNext(failure: InjectedGraphFailure, times?: number): void;
  /** Forget delivered notifications and calls. */
  reset(): void;
  close(): Promise<void>;
}

/** Graph's error body. */
function graphError(
  c: Context,
  status: 400 | 401 | 403 | 404 | 429 | 500 | 502 | 503,
  code: string,
  message: string,
) {
  const date = new Date().toISOString().replace(/\.\d{3}Z$/, '');
  return c.json(
    {
      error: {
        code,
        message,
        innerError: { date, 'request-id': randomUUID(), 'client-request-id': randomUUID() },
      },
    },
    status,
  );
}

/** Entra's token error body (OAuth 2.0: `error`, `error_description` with an AADSTS code). */
function tokenError(c: Context, status: 400 | 401, error: string, description: string) {
  return c.json(
    {
      error,
      error_description: description,
      error_codes: [Number(/AADSTS(\d+)/.exec(description)?.[1] ?? 0)],
      timestamp: new Date().toISOString(),
      trace_id: randomUUID(),
      correlation_id: randomUUID(),
    },
    status,
  );
}

export async function startFakeGraph(options: FakeGraphOptions = {}): Promise<FakeGraph> {
  const tenantId = (options.tenantId ?? randomUUID()).toLowerCase();
  const now = options.now ?? Date.now;
  const lifetime = options.tokenLifetimeSeconds ?? 3599;
  const key = new Uint8Array(randomBytes(32));
  const apps = new Map<string, FakeGraphApp>();
  const users = new Map<string, Set<string>>();
  const notifications: DeliveredNotification[] = [];
  const calls: GraphCall[] = [];
  const failures: InjectedGraphFailure[] = [];
  const windows = new Map<string, { start: number; count: number }>();

  const app = new Hono();

  app.post('/:tenant/oauth2/v2.0/token', async (c) => {
    const record = (status: number) => calls.push({ route: 'token', status });
    if (c.req.param('tenant').toLowerCase() !== tenantId) {
      record(400);
      return tokenError(
        c,
        400,
        'invalid_request',
        `AADSTS90002: Tenant '${c.req.param('tenant')}' not found.`,
      );
    }
    if (!(c.req.header('content-type') ?? '').startsWith('application/x-www-form-urlencoded')) {
      record(400);
      return tokenError(
        c,
        400,
        'invalid_request',
        'AADSTS900144: The request body must contain the following parameter: grant_type.',
      );
    }
    const form = new URLSearchParams(await c.req.text());
    if (form.get('grant_type') !== 'client_credentials') {
      record(400);
      return tokenError(
        c,
        400,
        'unsupported_grant_type',
        'AADSTS70003: The app requested an unsupported grant type.',
      );
    }
    const clientId = (form.get('client_id') ?? '').toLowerCase();
    const registered = apps.get(clientId);
    if (!registered) {
      record(400);
      return tokenError(
        c,
        400,
        'unauthorized_client',
        `AADSTS700016: Application with identifier '${clientId}' was not found in the directory.`,
      );
    }
    if (form.get('client_secret') !== registered.clientSecret) {
      record(401);
      return tokenError(c, 401, 'invalid_client', 'AADSTS7000215: Invalid client secret provided.');
    }
    if (form.get('scope') !== GRAPH_SCOPE) {
      record(400);
      return tokenError(
        c,
        400,
        'invalid_scope',
        `AADSTS1002012: The provided value for scope ${form.get('scope') ?? ''} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier.`,
      );
    }
    const iat = Math.floor(now() / 1000);
    const token = await new SignJWT({
      tid: tenantId,
      appid: clientId,
      roles: [...(registered.roles ?? ['TeamsActivity.Send'])],
    })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setIssuer(`https://sts.windows.net/${tenantId}/`)
      .setAudience(GRAPH_AUDIENCE)
      .setIssuedAt(iat)
      .setNotBefore(iat)
      .setExpirationTime(iat + lifetime)
      .setJti(randomUUID())
      .sign(key);
    record(200);
    return c.json({
      token_type: 'Bearer',
      expires_in: lifetime,
      ext_expires_in: lifetime,
      access_token: token,
    });
  });

  /** The app behind a bearer token, or why not. */
  async function caller(c: Context): Promise<{ app: FakeGraphApp; roles: string[] } | null> {
    const match = /^Bearer (.+)$/.exec(c.req.header('authorization') ?? '');
    if (!match) return null;
    try {
      const { payload } = await jwtVerify(match[1] as string, key, {
        audience: GRAPH_AUDIENCE,
        currentDate: new Date(now()),
      });
      const found = apps.get(String(payload.appid));
      if (!found || payload.tid !== tenantId) return null;
      return { app: found, roles: Array.isArray(payload.roles) ? payload.roles.map(String) : [] };
    } catch {
      return null;
    }
  }

  /** Seconds to wait when the app is over its rate, else null (and the call is counted). */
  function throttled(clientId: string): number | null {
    const limit = options.rateLimit;
    if (!limit) return null;
    const t = now();
    const w = windows.get(clientId);
    if (!w || t - w.start >= limit.windowMs) {
      windows.set(clientId, { start: t, count: 1 });
      return null;
    }
    if (w.count >= limit.limit) return Math.max(1, Math.ceil((w.start + limit.windowMs - t) / 1000));
    w.count += 1;
    return null;
  }

  app.post('/v1.0/users/:userId/teamwork/sendActivityNotification', async (c) => {
    const userId = c.req.param('userId').toLowerCase();
    const record = (status: number) => calls.push({ route: 'sendActivityNotification', status, userId });
    const who = await caller(c);
    if (!who) {
      record(401);
      return graphError(c, 401, 'InvalidAuthenticationToken', 'Access token is empty, invalid or expired.');
    }
    if (!who.roles.includes('TeamsActivity.Send')) {
      record(403);
      return graphError(
        c,
        403,
        'Forbidden',
        'Missing role permissions on the request. API requires one of TeamsActivity.Send.',
      );
    }
    const wait = throttled(who.app.clientId);
    if (wait !== null) {
      record(429);
      c.header('Retry-After', String(wait));
      return graphError(
        c,
        429,
        'TooManyRequests',
        'Too many requests from this application; retry after the time in Retry-After.',
      );
    }
    const failure = failures.shift();
    if (failure) {
      record(failure.status);
      if (failure.retryAfterSeconds !== undefined) c.header('Retry-After', String(failure.retryAfterSeconds));
      const code =
        failure.status === 429
          ? 'TooManyRequests'
          : failure.status === 503
            ? 'ServiceNotAvailable'
            : 'InternalServerError';
      return graphError(c, failure.status, code, 'Injected failure.');
    }
    let raw: unknown;
    try {
      raw = await c.req.json();
    } catch {
      record(400);
      return graphError(c, 400, 'BadRequest', 'The request body is not valid JSON.');
    }
    const parsed = ActivityNotificationBody.safeParse(raw);
    if (!parsed.success) {
      record(400);
      return graphError(
        c,
        400,
        'BadRequest',
        parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; '),
      );
    }
    const body = parsed.data;
    const teamsAppId = (body.teamsAppId ?? who.app.teamsAppId).toLowerCase();
    if (teamsAppId !== who.app.teamsAppId.toLowerCase()) {
      record(400);
      return graphError(
        c,
        400,
        'BadRequest',
        `Teams app ${teamsAppId} is not associated with the calling application.`,
      );
    }
    const problem = bodyProblem(body, new Map(Object.entries(who.app.activityTypes)));
    if (problem) {
      record(400);
      return graphError(c, 400, 'BadRequest', problem);
    }
    const installed = users.get(userId);
    if (!installed) {
      record(404);
      return graphError(c, 404, 'NotFound', `User ${userId} was not found in tenant ${tenantId}.`);
    }
    if (!installed.has(teamsAppId)) {
      record(403);
      return graphError(c, 403, 'Forbidden', `Teams app ${teamsAppId} is not installed for the recipient.`);
    }
    const params = new Map((body.templateParameters ?? []).map((p) => [p.name, p.value]));
    const template =
      body.activityType === 'systemDefault'
        ? (params.get('systemDefaultText') ?? '')
        : (who.app.activityTypes[body.activityType] ?? '');
    notifications.push({
      userId,
      teamsAppId,
      activityType: body.activityType,
      text: renderTemplate(template, who.app.name ?? 'App', params),
      topic: body.topic,
      previewText: body.previewText?.content ?? null,
      templateParameters: Object.fromEntries(params),
      chainId: body.chainId ?? null,
      at: now(),
    });
    record(204);
    return c.body(null, 204);
  });

  app.all('*', (c) => {
    calls.push({ route: 'other', status: 404 });
    return graphError(c, 404, 'UnknownError', `No route ${c.req.method} ${new URL(c.req.url).pathname}.`);
  });

  let server: ReturnType<typeof serve> | undefined;
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    );
  });
  const http = server as unknown as Server;
  const url = `http://127.0.0.1:${port}`;

  return {
    url,
    graphUrl: `${url}/v1.0`,
    tenantId,
    tokenUrl: `${url}/${tenantId}/oauth2/v2.0/token`,
    registerApp(registered) {
      apps.set(registered.clientId.toLowerCase(), {
        ...registered,
        clientId: registered.clientId.toLowerCase(),
      });
    },
    addUser(userId, installedApps = []) {
      users.set(userId.toLowerCase(), new Set(installedApps.map((a) => a.toLowerCase())));
    },
    installApp(userId, teamsAppId) {
      const set = users.get(userId.toLowerCase());
      if (!set) throw new Error(`no user ${userId}`);
      set.add(teamsAppId.toLowerCase());
    },
    notifications,
    feed(userId) {
      const feed: DeliveredNotification[] = [];
      for (const n of notifications) {
        if (n.userId !== userId.toLowerCase()) continue;
        const replaced =
          n.chainId === null
            ? -1
            : feed.findIndex((x) => x.teamsAppId === n.teamsAppId && x.chainId === n.chainId);
        if (replaced >= 0) feed.splice(replaced, 1);
        feed.push(n);
      }
      return feed;
    },
    calls,
    failNext(failure, times = 1) {
      for (let i = 0; i < times; i++) failures.push(failure);
    },
    reset() {
      notifications.length = 0;
      calls.length = 0;
      failures.length = 0;
      windows.clear();
    },
    close: () =>
      new Promise<void>((resolve) => {
        http.closeAllConnections?.();
        http.close(() => resolve());
      }),
  };
}
