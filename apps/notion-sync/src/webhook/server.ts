// The webhook endpoint: answers Notion's verification handshake, checks X-Notion-Signature on the raw body, records which kind of change each page event announced, and wakes the worker; errors are problem+json.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { Hono } from 'hono';
import type { Logger } from '../log.ts';
import { type PerfloopApi, PerfloopError } from '../perfloop/api.ts';
import { eventKind } from '../sync/pageEvents.ts';
import type { WebhookState } from '../sync/state.ts';
import { problem } from './problem.ts';
import { recordPageEvent } from './record.ts';

export const WEBHOOK_PATH = '/webhooks/notion';
const STATE_KEY = 'webhook';

export interface WebhookDeps {
  api: PerfloopApi;
  log: Logger;
  /** NOTION_WEBHOOK_VERIFICATION_TOKEN, when the operator set it (then handshakes are not stored). */
  configuredToken: string | undefined;
  /** The integration's bot id and data source, once known (events of our own writes are ignored). */
  workspace: () => { botId: string; dataSourceId: string } | null;
  wake: () => void;
}

/** `sha256=<hex>` of HMAC-SHA256(raw body, token), compared in constant time. */
export function validSignature(body: string, signature: string | undefined, token: string): boolean {
  if (!signature?.startsWith('sha256=')) return false;
  const expected = Buffer.from(`sha256=${createHmac('sha256', token).update(body).digest('hex')}`);
  const given = Buffer.from(signature);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Whether two tokens are equal, in constant time. */
function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createWebhookApp(deps: WebhookDeps): Hono {
  const app = new Hono();
  let stored: string | null | undefined;
  let storedAt = 0;
  /** The token to verify with: the configured one, else the one stored at the handshake (re-read at most every 30 s). */
  const token = async (fresh: boolean): Promise<string | null> => {
    if (deps.configuredToken) return deps.configuredToken;
    if (stored === undefined || (fresh && Date.now() - storedAt > 30_000)) {
      const entry = await deps.api.getState(STATE_KEY);
      stored = (entry?.value as WebhookState | undefined)?.verificationToken ?? null;
      storedAt = Date.now();
    }
    return stored;
  };

  app.notFound((c) => problem(c, 'not_found', `Nothing is served at ${c.req.method} ${c.req.path}.`));
  app.onError((error, c) => {
    // The name and message only: never the request body, which may hold a verification token.
    deps.log.error({ error: { name: error.name, message: error.message } }, 'the webhook endpoint failed');
    return problem(c, 'internal_error', 'The webhook could not be handled; Notion will retry.');
  });
  app.get('/healthz', (c) => c.json({ ok: true }));
  app.post(WEBHOOK_PATH, async (c) => {
    const raw = await c.req.text();
    let body: Record<string, unknown>;
    try {
      body = JSON.parse(raw) as Record<string, unknown>;
    } catch {
      return problem(c, 'invalid_json', 'The body is not JSON.');
    }
    const signature = c.req.header('x-notion-signature');
    const keys = Object.keys(body);
    if (signature === undefined && keys.length === 1 && typeof body.verification_token === 'string') {
      if (deps.configuredToken) {
        deps.log.warn(
          'a webhook verification handshake arrived but NOTION_WEBHOOK_VERIFICATION_TOKEN is set; ignored',
        );
        return c.json({ ok: true });
      }
      // The first handshake's token sticks: it is what events are signed with, and this request is unsigned, so a
      // later one (anyone who can reach the URL) must not replace it. Notion resending the same token is fine.
      const offered = body.verification_token;
      const held = async () => (await deps.api.getState(STATE_KEY))?.value as WebhookState | undefined;
      const refuse = (have: WebhookState) => {
        deps.log.warn(
          { storedAt: have.receivedAt },
          'a webhook verification handshake with another token was refused: a token is stored already (to accept a new subscription, run `webhook-token --forget` first)',
        );
        return problem(
          c,
          'verification_token_kept',
          'A verification token is stored already; it is replaced only after the operator forgets it (`webhook-token --forget`).',
        );
      };
      const current = await held();
      if (current)
        return sameToken(current.verificationToken, offered) ? c.json({ ok: true }) : refuse(current);
      const value: WebhookState = { verificationToken: offered, receivedAt: new Date().toISOString() };
      try {
        await deps.api.writeState([{ key: STATE_KEY, ifVersion: null, value: { ...value } }]);
      } catch (error) {
        if (!(error instanceof PerfloopError)) throw error;
        // Another instance stored one first (compare-and-set on "absent"): that one stands.
        const first = error.status === 412 ? await held() : undefined;
        if (first) return sameToken(first.verificationToken, offered) ? c.json({ ok: true }) : refuse(first);
        return problem(
          c,
          'verification_token_not_stored',
          'The verification token could not be stored; Notion will retry.',
        );
      }
      stored = value.verificationToken;
      storedAt = Date.now();
      deps.log.info(
        'Notion webhook verification token received and stored: show it with `pnpm --filter @perfloop/notion-sync webhook-token` and paste it into the integration settings',
      );
      return c.json({ ok: true });
    }
    let secret = await token(false);
    if (secret === null || !validSignature(raw, signature, secret)) {
      secret = await token(true);
      if (secret === null || !validSignature(raw, signature, secret)) {
        return problem(
          c,
          'invalid_signature',
          'X-Notion-Signature is missing or is not the HMAC-SHA256 of the body with the verification token.',
        );
      }
    }
    const type = String(body.type ?? '');
    const ws = deps.workspace();
    const authors = Array.isArray(body.authors) ? (body.authors as { id?: string }[]) : [];
    const ours = ws !== null && authors.length > 0 && authors.every((a) => a.id === ws.botId);
    const data = (body.data ?? {}) as { parent?: { data_source_id?: string } };
    const elsewhere =
      ws !== null &&
      data.parent?.data_source_id !== undefined &&
      data.parent.data_source_id !== ws.dataSourceId;
    if ((type.startsWith('page.') || type.startsWith('data_source.')) && !ours && !elsewhere) {
      const entity = (body.entity ?? {}) as { id?: unknown; type?: unknown };
      if (type.startsWith('page.') && entity.type === 'page' && typeof entity.id === 'string') {
        // Recorded before the answer: a pull reads the page's blocks only after a content event (the record says
        // which kind came), and an event that could not be stored gets a 500, so Notion sends it again.
        const at = typeof body.timestamp === 'string' ? body.timestamp : undefined;
        await recordPageEvent(
          deps.api,
          entity.id,
          eventKind(type),
          at !== undefined && !Number.isNaN(Date.parse(at)) ? at : undefined,
        );
      }
      deps.log.debug({ type }, 'Notion webhook: pulling soon');
      deps.wake();
    }
    return c.json({ ok: true });
  });
  return app;
}
