// Webhook deliveries as Notion sends them: the verification handshake, then events signed with X-Notion-Signature (HMAC-SHA256 of the raw body).
import { createHmac, randomBytes } from 'node:crypto';
import { newId } from './ids.ts';

export interface WebhookEvent {
  type: 'page.created' | 'page.properties_updated' | 'page.content_updated' | 'page.deleted';
  pageId: string;
  dataSourceId: string | null;
  databaseId: string | null;
  authorId: string;
  updatedProperties?: string[];
}

export const signBody = (body: string, token: string): string =>
  `sha256=${createHmac('sha256', token).update(body).digest('hex')}`;

export class WebhookSender {
  url: string | null = null;
  verificationToken: string | null = null;
  readonly subscriptionId = newId();
  /** Deliveries answered with a non-2xx status or failing to connect. */
  readonly failures: string[] = [];
  delivered = 0;

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

  async send(event: WebhookEvent, at: string): Promise<void> {
    if (this.url === null || this.verificationToken === null) return;
    const body = JSON.stringify({
      id: newId(),
      timestamp: at,
      workspace_id: this.workspaceId,
      workspace_name: this.workspaceName,
      subscription_id: this.subscriptionId,
      integration_id: this.integrationId,
      type: event.type,
      authors: [{ id: event.authorId, type: 'person' }],
      attempt_number: 1,
      api_version: '2025-09-03',
      entity: { id: event.pageId, type: 'page' },
      data: {
        parent: { id: event.databaseId, type: 'database', data_source_id: event.dataSourceId },
        ...(event.updatedProperties ? { updated_properties: event.updatedProperties } : {}),
      },
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
