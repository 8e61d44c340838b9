// PostgreSQL LISTEN for other instances' changes: one dedicated connection, reconnected with backoff.
import { createHash } from 'node:crypto';
import pg from 'pg';
import { type ChangeEvent, type ChangeHub, EVERYTHING } from './changes.ts';

/** The NOTIFY channel of a schema (channels are per database; the hash keeps schemas apart). */
export function changeChannel(schema: string): string {
  return `perfloop_changes_${createHash('sha256').update(schema).digest('hex').slice(0, 16)}`;
}

export interface PgListener {
  /** Resolves once notifications committed before the call have been delivered (a round trip on the listener). */
  sync(): Promise<void>;
  close(): Promise<void>;
}

/** A notification: the sending store instance, the organisation and what changed. */
export function notifyPayload(instance: string, orgId: string, kinds: readonly string[]): string {
  return JSON.stringify({ i: instance, o: orgId, k: kinds });
}

/**
 * Parses a payload; null for the listener's own instance (it reported its changes at commit already);
 * anything unreadable counts as "everything changed".
 */
function parsePayload(payload: string | undefined, instance: string): ChangeEvent | null {
  try {
    const value: unknown = JSON.parse(payload ?? '');
    if (typeof value === 'object' && value !== null && 'i' in value && 'o' in value && 'k' in value) {
      const { i, o, k } = value;
      if (i === instance) return null;
      if (typeof o === 'string' && Array.isArray(k) && k.every((x) => typeof x === 'string')) {
        return { orgId: o, kinds: k };
      }
    }
  } catch {
    // fall through
  }
  return EVERYTHING;
}

const MAX_BACKOFF_MS = 5000;

/**
 * Listens on `channel` and publishes every notification to `hub`. The hub is live only while the
 * connection listens: when it drops, the hub goes not-live and reports "everything changed"; once a
 * new connection listens again it reports that once more (notifications sent meanwhile are lost) and
 * goes live. Resolves once the first LISTEN is in place.
 */
export async function startPgListener(options: {
  url: string;
  channel: string;
  /** This store's instance id (its own notifications are skipped). */
  instance: string;
  hub: ChangeHub;
  /** Connection errors (the listener reconnects by itself). */
  onError?: (error: Error) => void;
}): Promise<PgListener> {
  const { url, channel, hub, instance } = options;
  let client: pg.Client | undefined;
  let closing = false;
  let backoff = 100;
  let timer: NodeJS.Timeout | undefined;

  const lost = (failed: pg.Client, error?: Error) => {
    if (error) options.onError?.(error);
    if (client !== failed) return;
    client = undefined;
    failed.end().catch(() => undefined);
    hub.setLive(false);
    hub.publish(EVERYTHING);
    if (closing) return;
    timer = setTimeout(() => {
      timer = undefined;
      connect().catch(() => undefined);
    }, backoff);
    timer.unref();
    backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
  };

  async function connect(): Promise<void> {
    const next = new pg.Client({ connectionString: url });
    next.on('error', (error) => lost(next, error));
    next.on('end', () => lost(next));
    next.on('notification', (message) => {
      if (message.channel !== channel) return;
      const event = parsePayload(message.payload, instance);
      if (event !== null) hub.publish(event);
    });
    client = next;
    try {
      await next.connect();
      await next.query(`LISTEN "${channel}"`);
    } catch (error) {
      lost(next, error instanceof Error ? error : new Error(String(error)));
      throw error;
    }
    if (closing) {
      await next.end().catch(() => undefined);
      return;
    }
    backoff = 100;
    // Whatever was committed while nobody listened is unknown.
    hub.publish(EVERYTHING);
    hub.setLive(true);
  }

  hub.setLive(false);
  try {
    await connect();
  } catch (error) {
    closing = true;
    if (timer) clearTimeout(timer);
    throw error;
  }
  return {
    async sync() {
      const current = client;
      if (current !== undefined && hub.live) await current.query('select 1');
    },
    async close() {
      closing = true;
      if (timer) clearTimeout(timer);
      const current = client;
      client = undefined;
      hub.setLive(false);
      await current?.end().catch(() => undefined);
    },
  };
}
