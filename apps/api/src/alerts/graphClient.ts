// Microsoft Graph for the alerts: an app-only token (Entra client credentials, cached until near expiry) and sendActivityNotification with bounded retries.
import type { TeamsAlertsConfig } from '../env.ts';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** What one notification came to: delivered, or refused / given up with Graph's status and error. */
export type SendOutcome =
  | { ok: true; attempts: number }
  | {
      ok: false;
      attempts: number;
      /** The HTTP status (0: no answer, a network failure). */
      status: number;
      code: string;
      message: string;
      /** Throttling or an outage (429, 5xx, network): a later run may try again. */
      retryable: boolean;
    };

/** The token endpoint refused the app's credentials or could not be reached: nothing can be sent. */
export class GraphTokenError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
  ) {
    super(`Entra token request failed (${status} ${code}): ${description}`);
    this.name = 'GraphTokenError';
  }
}

export interface GraphClientOptions {
  fetch?: typeof fetch;
  /** Waits between attempts (tests pass a recorder). */
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
  /** Attempts per notification, the first included (default 4). */
  maxAttempts?: number;
  /** The longest wait honoured from Retry-After; a longer one gives up for this run (default 60 s). */
  maxRetryAfterMs?: number;
  /** One request's time limit (default 30 s): a send ends within attempts × this + the waits (see CLAIM_EXPIRY_MS). */
  requestTimeoutMs?: number;
}

export interface GraphClient {
  sendActivityNotification(userId: string, body: Record<string, unknown>): Promise<SendOutcome>;
}

const RETRYABLE = new Set([429, 500, 502, 503, 504]);

/** Retry-After in ms: delta-seconds or an HTTP date; null when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? null : Math.max(0, at - now);
}

async function graphError(res: Response): Promise<{ code: string; message: string }> {
  try {
    const body = (await res.json()) as { error?: { code?: unknown; message?: unknown } };
    return {
      code: typeof body.error?.code === 'string' ? body.error.code : `http_${res.status}`,
      message: typeof body.error?.message === 'string' ? body.error.message : res.statusText,
    };
  } catch {
    return { code: `http_${res.status}`, message: res.statusText };
  }
}

export function createGraphClient(config: TeamsAlertsConfig, options: GraphClientOptions = {}): GraphClient {
  const doFetch = options.fetch ?? fetch;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = options.now ?? Date.now;
  const maxAttempts = options.maxAttempts ?? 4;
  const maxRetryAfterMs = options.maxRetryAfterMs ?? 60_000;
  const requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
  let cached: { token: string; expiresAt: number } | null = null;

  async function token(): Promise<string> {
    if (cached && cached.expiresAt - 60_000 > now()) return cached.token;
    let res: Response;
    try {
      res = await doFetch(config.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: new URLSearchParams({
          grant_type: 'client_credentials',
          client_id: config.clientId,
          client_secret: config.clientSecret,
          scope: GRAPH_SCOPE,
        }),
        signal: AbortSignal.timeout(requestTimeoutMs),
      });
    } catch (error) {
      throw new GraphTokenError(0, 'network', error instanceof Error ? error.message : String(error));
    }
    const body = (await res.json().catch(() => ({}))) as Record<string, unknown>;
    if (!res.ok || typeof body.access_token !== 'string') {
      // error_description holds no secret (Entra never echoes it); the secret itself is never put in a message.
      throw new GraphTokenError(
        res.status,
        typeof body.error === 'string' ? body.error : 'invalid_response',
        typeof body.error_description === 'string' ? body.error_description : res.statusText,
      );
    }
    const expiresIn = typeof body.expires_in === 'number' ? body.expires_in : Number(body.expires_in ?? 0);
    cached = { token: body.access_token, expiresAt: now() + expiresIn * 1000 };
    return cached.token;
  }

  return {
    async sendActivityNotification(userId, body) {
      const url = `${config.graphUrl}/users/${encodeURIComponent(userId)}/teamwork/sendActivityNotification`;
      let renewed = false;
      let last: Extract<SendOutcome, { ok: false }> | null = null;
      for (let attempt = 1; attempt <= maxAttempts; attempt++) {
        let res: Response;
        try {
          res = await doFetch(url, {
            method: 'POST',
            headers: { authorization: `Bearer ${await token()}`, 'content-type': 'application/json' },
            body: JSON.stringify(body),
            signal: AbortSignal.timeout(requestTimeoutMs),
          });
        } catch (error) {
          if (error instanceof GraphTokenError) throw error;
          last = {
            ok: false,
            attempts: attempt,
            status: 0,
            code: 'network',
            message: error instanceof Error ? error.message : String(error),
            retryable: true,
          };
          if (attempt < maxAttempts) await sleep(1000 * 2 ** (attempt - 1));
          continue;
        }
        if (res.status === 204 || res.ok) return { ok: true, attempts: attempt };
        const { code, message } = await graphError(res);
        if (res.status === 401 && !renewed) {
          // A token revoked or expired early: fetch a new one once, then give up like any other 4xx.
          renewed = true;
          cached = null;
          continue;
        }
        const retryable = RETRYABLE.has(res.status);
        last = { ok: false, attempts: attempt, status: res.status, code, message, retryable };
        if (!retryable || attempt === maxAttempts) return last;
        const wait = retryAfterMs(res.headers.get('retry-after'), now()) ?? 1000 * 2 ** (attempt - 1);
        if (wait > maxRetryAfterMs) return last;
        await sleep(wait);
      }
      return (
        last ?? { ok: false, attempts: maxAttempts, status: 0, code: 'unknown', message: '', retryable: true }
      );
    },
  };
}
