// Webhook deliveries as Notion sends them: the verification handshake, then signed events (X-Notion-Signature, HMAC-SHA256 of the raw body), a page's content events aggregated into one, delivered later.
import { createHmac, randomBytes } from 'node:crypto';
import { newId } from './ids.ts';

export type WebhookEventType =
  | 'page.created'
  | 'page.properties_updated'
  | 'page.content_updated'
  | 'page.deleted';

export interface WebhookEvent {
  type: WebhookEventType;
  pageId: string;
  dataSourceId: string | null;
  databaseId: string | null;
  authorId: string;
  /** Notion says whether the author is a person or a bot (an integration). */
  authorType?: 'person' | 'bot';
  /** `page.properties_updated`: the ids of the properties changed (`data.updated_properties`). */
  updatedProperties?: string[];
  /** `page.content_updated`: the blocks changed (`data.updated_blocks`). */
  updatedBlocks?: string[];
}

/**
 * How long the fake gathers a page's content events before delivering them as one. Notion aggregates
 * `page.content_updated` (edits in a short window become one event with every author, delivered within about a minute);
 * the fake's default is shorter so tests stay quick. 0 delivers each at once.
 */
export const CONTENT_AGGREGATION_MS = 1000;

export const signBody = (body: string, token: string): string =>
  `sha256=${createHmac('sha256', token).update(body).digest('hex')}`;

/** A page's content events being gathered into one. */
interface Held {
  event: WebhookEvent;
  authors: Map<string, 'person' | 'bot'>;
  blocks: Set<string>;
  /** When the newest change gathered happened (the aggregated event's `timestamp`). */
  at: string;
  timer: ReturnType<typeof setTimeout>;
}

export class WebhookSender {
  url: string | null = null;
  verificationToken: string | null = null;
  readonly subscriptionId = newId();
  /** Deliveries answered with a non-2xx status or failing to connect. */
  readonly failures: string[] = [];
  delivered = 0;
  /** See CONTENT_AGGREGATION_MS; tests set it (e.g. very long, to deliver a content event late with `flush()`). */
  contentWindowMs = CONTENT_AGGREGATION_MS;
  private readonly held = new Map<string, Held>();
  private readonly inFlight = new Set<Promise<void>>();

  constructor(
    private readonly workspaceId: string,
    private readonly workspaceName: string,
    private readonly integrationId: string,
  ) {}

  /** Subscribes `url`: Notion POSTs `{ verification_token }` once; the operator pastes it back to verify. */
  async subscribe(url: string): Promise<string> {
    this.url = url;
    this.verificationToken = `secret_${randomBytes(24).toString('hex')}`;
    await this.post(JSON.stringify({ verification_token: this.verificationToken }), false);
    return this.verificationToken;
  }

  /**
   * Sends an event (resolves once delivered). Content events are gathered per page for `contentWindowMs` and then
   * delivered as one (every author, every block changed, the newest change's time): this resolves at once for them.
   */
  async send(event: WebhookEvent, at: string): Promise<void> {
    if (this.url === null || this.verificationToken === null) return;
    if (event.type !== 'page.content_updated' || this.contentWindowMs <= 0) {
      await this.track(this.deliver(event, at, [[event.authorId, event.authorType ?? 'person']]));
      return;
    }
    const held = this.held.get(event.pageId);
    if (held) {
      held.authors.set(event.authorId, event.authorType ?? 'person');
      for (const b of event.updatedBlocks ?? []) held.blocks.add(b);
      held.at = at;
      return;
    }
    const timer = setTimeout(() => void this.release(event.pageId), this.contentWindowMs);
    timer.unref?.();
    this.held.set(event.pageId, {
      event,
      authors: new Map([[event.authorId, event.authorType ?? 'person']]),
      blocks: new Set(event.updatedBlocks ?? []),
      at,
      timer,
    });
  }

  /** Content events being gathered, by page (not delivered yet). */
  get pending(): string[] {
    return [...this.held.keys()];
  }

  /** Delivers every gathered content event now and waits for every delivery under way. */
  async flush(): Promise<void> {
    await Promise.all([...this.held.keys()].map((pageId) => this.release(pageId)));
    await Promise.all([...this.inFlight]);
  }

  /** Drops what is gathered (the fake is stopping). */
  close(): void {
    for (const h of this.held.values()) clearTimeout(h.timer);
    this.held.clear();
  }

  private release(pageId: string): Promise<void> {
    const h = this.held.get(pageId);
    if (!h) return Promise.resolve();
    this.held.delete(pageId);
    clearTimeout(h.timer);
    return this.track(
      this.deliver({ ...h.event, updatedBlocks: [...h.blocks] }, h.at, [...h.authors.entries()]),
    );
  }

  private track(delivery: Promise<void>): Promise<void> {
    this.inFlight.add(delivery);
    return delivery.finally(() => this.inFlight.delete(delivery));
  }

  private async deliver(
    event: WebhookEvent,
    at: string,
    authors: [string, 'person' | 'bot'][],
  ): Promise<void> {
    const data: Record<string, unknown> = {
      parent: { id: event.databaseId, type: 'database', data_source_id: event.dataSourceId },
    };
    if (event.type === 'page.properties_updated') data.updated_properties = event.updatedProperties ?? [];
    if (event.type === 'page.content_updated')
      data.updated_blocks = (event.updatedBlocks ?? []).map((id) => ({ id, type: 'block' }));
    const body = JSON.stringify({
      id: newId(),
      timestamp: at,
      workspace_id: this.workspaceId,
      workspace_name: this.workspaceName,
      subscription_id: this.subscriptionId,
      integration_id: this.integrationId,
      type: event.type,
      authors: authors.map(([id, type]) => ({ id, type })),
      attempt_number: 1,
      api_version: '2025-09-03',
      entity: { id: event.pageId, type: 'page' },
      data,
    });
    await this.post(body, true);
  }

  private async post(body: string, signed: boolean): Promise<void> {
    if (this.url === null) return;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (signed && this.verificationToken)
      headers['x-notion-signature'] = signBody(body, this.verificationToken);
    try {
      const res = await fetch(this.url, { method: 'POST', headers, body });
      await res.arrayBuffer();
      if (res.ok) this.delivered += 1;
      else this.failures.push(`${res.status}`);
    } catch (error) {
      this.failures.push(error instanceof Error ? error.message : String(error));
    }
  }
}
