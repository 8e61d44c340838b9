// FakeNotion: a local stand-in for Notion's API 2025-09-03 — workspace, integrations, rate limit, faults, call counters, webhooks, a person's edits.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { FakeClock } from './clock.ts';
import { notFound, validationError } from './errors.ts';
import { FaultInjector } from './faults.ts';
import { newId } from './ids.ts';
import { NOTION_RATE_LIMIT, RateLimiter, type RateLimitOptions } from './rateLimit.ts';
import { createNotionApp } from './server.ts';
import { type WebhookEventType, WebhookSender } from './webhooks.ts';
import { type Block, type Page, type User, Workspace } from './workspace.ts';

export interface FakeNotionOptions {
  /** Listening port; 0 (default) picks a free one. */
  port?: number;
  host?: string;
  /** Per-token limit; default Notion's 3 requests/s with a burst of 6. `requestsPerSecond: 0` switches it off. */
  rateLimit?: Partial<RateLimitOptions>;
  /** Rows one query may page through before `request_status: incomplete` (Notion: 10,000). */
  queryResultLimit?: number;
  workspaceName?: string;
  /** The integration's name (its bot user). */
  integrationName?: string;
  /** Token of the first integration; default a random `ntn_…`. */
  token?: string;
}

export interface CallRecord {
  method: string;
  /** The route pattern, e.g. `POST /v1/data_sources/{id}/query`. */
  route: string;
  path: string;
  status: number;
  at: number;
}

export class FakeNotion {
  readonly clock = new FakeClock();
  readonly workspace: Workspace;
  readonly limiter: RateLimiter;
  readonly faults = new FaultInjector();
  readonly calls: CallRecord[] = [];
  /** Errors the fake itself did not expect (a bug in the fake); tests assert it stays empty. */
  readonly unexpected: unknown[] = [];
  readonly webhooks: WebhookSender;
  /**
   * Called before each API request is handled (after auth and limits): tests use it to let a person act
   * while an integration's request is in flight, as happens in a real workspace.
   */
  onRequest: ((method: string, path: string) => Promise<void> | void) | undefined;
  readonly queryResultLimit: number;
  /** The first integration: its token and bot user. */
  readonly token: string;
  readonly bot: User;
  /** The person who owns the workspace (creates the shared parent page). */
  readonly owner: User;
  private readonly tokens = new Map<string, string>();
  url = '';
  private server: ReturnType<typeof serve> | undefined;

  constructor(options: FakeNotionOptions = {}) {
    this.workspace = new Workspace(this.clock, options.workspaceName ?? 'Acme workspace');
    this.limiter = new RateLimiter({ ...NOTION_RATE_LIMIT, ...options.rateLimit });
    this.queryResultLimit = options.queryResultLimit ?? 10_000;
    this.owner = this.workspace.addUser({
      type: 'person',
      name: 'Workspace Owner',
      email: 'owner@workspace.test',
    });
    const first = this.addIntegration(options.integrationName ?? 'Perfloop', options.token);
    this.token = first.token;
    this.bot = first.bot;
    this.webhooks = new WebhookSender(newId(), this.workspace.name, this.bot.id);
  }

  /** A new internal integration: its bot user and secret token. */
  addIntegration(name: string, token = `ntn_${newId().replace(/-/g, '')}`): { token: string; bot: User } {
    const bot = this.workspace.addUser({ type: 'bot', name });
    this.tokens.set(token, bot.id);
    return { token, bot };
  }

  botForToken(token: string): string | undefined {
    return this.tokens.get(token);
  }

  addPerson(name: string, email: string): User {
    return this.workspace.addUser({ type: 'person', name, email: email.toLowerCase() });
  }

  /** A top-level page the owner creates and shares with the integration (the "parent page" of the set-up). */
  createSharedPage(title: string, botId = this.bot.id): Page {
    const page = this.workspace.addRootPage(title, this.owner.id);
    this.workspace.share(page.id, botId);
    return page;
  }

  /** A person edits a row's properties in Notion's UI (same validation as the API; webhook sent). */
  async editPageAs(userId: string, pageId: string, properties: Record<string, unknown>): Promise<Page> {
    const page = this.workspace.pages.get(pageId);
    if (!page) throw notFound('page', pageId);
    this.workspace.updatePage(userId, page, { properties });
    await this.pageChanged(page, userId, 'page.properties_updated', {
      properties: this.propertyIds(page, Object.keys(properties)),
    });
    return page;
  }

  /**
   * A person edits a block in Notion's UI (`{ paragraph: { rich_text } }` under the block's type, or
   * `{ in_trash: true }`): the block and its page show them as the last editor; webhook sent (aggregated, later).
   */
  async editBlockAs(userId: string, blockId: string, body: Record<string, unknown>): Promise<Block> {
    const { block, page } = this.workspace.updateBlock(userId, blockId, body);
    if (page) await this.pageChanged(page, userId, 'page.content_updated', { blocks: [block.id] });
    return block;
  }

  /**
   * A person writes blocks on a page (or into a block) in Notion's UI: the page shows them as its last editor; webhook
   * sent (aggregated, later).
   */
  async appendBlocksAs(userId: string, parentId: string, children: unknown[]): Promise<Block[]> {
    const created = this.workspace.appendBlocks(userId, parentId, { children });
    const page = this.workspace.pageOf(parentId);
    if (page)
      await this.pageChanged(page, userId, 'page.content_updated', { blocks: created.map((b) => b.id) });
    return created;
  }

  /**
   * A person uses "Turn into" on a block in Notion's UI (e.g. a heading into text, text into a bulleted list): same
   * block id, new `type`, text kept; the block and its page show them as the last editor; webhook sent (aggregated, later).
   */
  async turnBlockAs(userId: string, blockId: string, type: string): Promise<Block> {
    const { block, page } = this.workspace.turnBlock(userId, blockId, type);
    if (page) await this.pageChanged(page, userId, 'page.content_updated', { blocks: [block.id] });
    return block;
  }

  /** A person adds a row to a data source in Notion's UI. */
  async createRowAs(
    userId: string,
    dataSourceId: string,
    properties: Record<string, unknown>,
  ): Promise<Page> {
    if (!this.workspace.dataSources.has(dataSourceId))
      throw validationError(`no data source ${dataSourceId}`);
    const page = this.workspace.createPage(userId, { parent: { data_source_id: dataSourceId }, properties });
    await this.pageChanged(page, userId, 'page.created');
    return page;
  }

  /** A person moves a row to the trash. */
  async trashPageAs(userId: string, pageId: string): Promise<void> {
    const page = this.workspace.pages.get(pageId);
    if (!page) throw notFound('page', pageId);
    this.workspace.updatePage(userId, page, { in_trash: true });
    await this.pageChanged(page, userId, 'page.deleted');
  }

  /** The ids of a data source page's properties named (by name or id) in a request body, as webhooks list them. */
  propertyIds(page: Page, keys: readonly string[]): string[] {
    const ds =
      page.parent.type === 'data_source_id'
        ? this.workspace.dataSources.get(page.parent.data_source_id)
        : undefined;
    if (!ds) return [...keys];
    return keys.map((k) => ds.properties.find((p) => p.name === k || p.id === k)?.id ?? k);
  }

  /**
   * Sends the webhook event of a page change (when a subscription exists): `properties` for
   * `page.properties_updated`, `blocks` for `page.content_updated` (gathered per page, delivered later as one).
   */
  async pageChanged(
    page: Page,
    authorId: string,
    type: WebhookEventType,
    changed: { properties?: string[]; blocks?: string[] } = {},
  ): Promise<void> {
    if (this.webhooks.url === null) return;
    const parent = page.parent.type === 'data_source_id' ? page.parent : null;
    const author = this.workspace.users.get(authorId);
    const delivery = this.webhooks.send(
      {
        type,
        pageId: page.id,
        dataSourceId: parent?.data_source_id ?? null,
        databaseId: parent?.database_id ?? null,
        authorId,
        authorType: author?.type === 'bot' ? 'bot' : 'person',
        ...(changed.properties ? { updatedProperties: changed.properties } : {}),
        ...(changed.blocks ? { updatedBlocks: changed.blocks } : {}),
      },
      this.clock.iso(),
    );
    // Deliveries from API calls are asynchronous (like Notion's); a person's edits wait for theirs (a content event
    // only until it is gathered: `webhooks.flush()` delivers it).
    if (author?.type === 'person') await delivery;
  }

  record(call: CallRecord): void {
    this.calls.push(call);
  }

  /** Calls matching a method and/or route pattern (e.g. `POST /v1/pages`). */
  count(filter: { route?: string; method?: string; status?: number } = {}): number {
    return this.calls.filter(
      (c) =>
        (filter.route === undefined || c.route === filter.route) &&
        (filter.method === undefined || c.method === filter.method) &&
        (filter.status === undefined || c.status === filter.status),
    ).length;
  }

  resetCalls(): void {
    this.calls.length = 0;
  }

  /** Rows of a data source (not in the trash), as page objects. */
  rows(dataSourceId: string): Record<string, unknown>[] {
    return [...this.workspace.pages.values()]
      .filter(
        (p) => p.parent.type === 'data_source_id' && p.parent.data_source_id === dataSourceId && !p.inTrash,
      )
      .map((p) => this.workspace.renderPage(p));
  }

  async listen(port = 0, host = '127.0.0.1'): Promise<string> {
    const app = createNotionApp(this);
    const address = await new Promise<AddressInfo>((resolve) => {
      this.server = serve({ fetch: app.fetch, port, hostname: host }, resolve);
    });
    this.url = `http://${host}:${address.port}`;
    return this.url;
  }

  async close(): Promise<void> {
    this.webhooks.close();
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    const http = server as unknown as { closeAllConnections?: () => void };
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      http.closeAllConnections?.();
    });
  }
}

/** Starts a fake Notion on 127.0.0.1 (port 0 = ephemeral); `fake.url` is the client's `baseUrl`. */
export async function startFakeNotion(options: FakeNotionOptions = {}): Promise<FakeNotion> {
  const fake = new FakeNotion(options);
  await fake.listen(options.port ?? 0, options.host ?? '127.0.0.1');
  return fake;
}
