// The fake's HTTP surface: Notion API 2025-09-03 under /v1 (auth, Notion-Version, rate limit, faults, error objects) and a /_fake control API.
import { randomUUID } from 'node:crypto';
import { type Context, Hono } from 'hono';
import { NotionError, notFound, validationError } from './errors.ts';
import type { FakeNotion } from './fakeNotion.ts';
import { normaliseId, requireId } from './ids.ts';
import { compareKeys, compileFilter, compileSorts, decodeCursor, encodeCursor, pageSize } from './query.ts';
import { parseRichText } from './richText.ts';

export const NOTION_VERSION = '2025-09-03';
type Env = { Variables: { bot: string; requestId: string } };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function jsonBody(c: Context<Env>): Promise<Record<string, unknown>> {
  const text = await c.req.text();
  if (text.trim() === '') return {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (!isObject(parsed)) throw new Error('not an object');
    return parsed;
  } catch {
    throw new NotionError(400, 'invalid_json', 'Error parsing JSON body.');
  }
}

function errorResponse(c: Context, error: NotionError, requestId: string): Response {
  return c.json(
    {
      object: 'error',
      status: error.status,
      code: error.code,
      message: error.message,
      request_id: requestId,
    },
    error.status as 400,
    { ...error.headers, 'x-request-id': requestId },
  );
}

/** Cursor pagination of an in-memory list (users, blocks, comments): the cursor is the next item's id. */
function paginate<T extends { id: string }>(
  items: readonly T[],
  startCursor: string | undefined,
  size: number,
) {
  let start = 0;
  if (startCursor !== undefined) {
    start = items.findIndex((i) => i.id === normaliseId(startCursor));
    if (start < 0)
      throw validationError(`start_cursor should be a valid cursor, instead was \`${startCursor}\`.`);
  }
  const page = items.slice(start, start + size);
  const next = items[start + size];
  return { page, next_cursor: next?.id ?? null, has_more: next !== undefined };
}

/** Route pattern names used by the call counters. */
function routeName(method: string, path: string): string {
  const generic = path
    .replace(/^\/v1\/(pages|databases|data_sources|blocks|users)\/[^/]+/, '/v1/$1/{id}')
    .replace(/\/v1\/users\/\{id\}$/, path === '/v1/users/me' ? '/v1/users/me' : '/v1/users/{id}');
  return `${method} ${generic}`;
}

export function createNotionApp(fake: FakeNotion): Hono<Env> {
  const ws = fake.workspace;
  const app = new Hono<Env>();

  app.use('/v1/*', async (c, next) => {
    const requestId = randomUUID();
    c.set('requestId', requestId);
    const method = c.req.method;
    const path = c.req.path;
    const route = routeName(method, path);
    let status = 500;
    try {
      const auth = c.req.header('authorization') ?? '';
      const token = auth.startsWith('Bearer ') ? auth.slice(7) : '';
      const bot = fake.botForToken(token);
      if (bot === undefined) throw new NotionError(401, 'unauthorized', 'API token is invalid.');
      c.set('bot', bot);
      const version = c.req.header('notion-version');
      if (version === undefined) {
        throw new NotionError(
          400,
          'missing_version',
          'Notion-Version header failed validation: Notion-Version header should be defined, instead was `undefined`.',
        );
      }
      if (version !== NOTION_VERSION) {
        throw validationError(
          `Notion-Version header failed validation: this fake implements only \`${NOTION_VERSION}\`, instead was \`${version}\`.`,
        );
      }
      const wait = fake.limiter.take(token);
      if (wait > 0) {
        throw new NotionError(
          429,
          'rate_limited',
          'You have been rate limited. Please try again in a few minutes.',
          {
            'retry-after': String(wait),
          },
        );
      }
      const fault = fake.faults.pick(method, path);
      if (fault?.kind === 'rate_limited') {
        throw new NotionError(
          429,
          'rate_limited',
          'You have been rate limited. Please try again in a few minutes.',
          {
            'retry-after': String(fault.retryAfterSeconds ?? 1),
          },
        );
      }
      if (fault?.kind === 'internal_server_error') {
        throw new NotionError(500, 'internal_server_error', 'Unexpected error occurred.');
      }
      if (fault?.kind === 'service_overload') {
        throw new NotionError(
          529,
          'service_overload',
          'Notion is currently overloaded. Please try again later.',
          {
            'retry-after': '1',
          },
        );
      }
      if (fault?.kind === 'html_bad_gateway') {
        status = 502;
        return c.html('<html><body><h1>502 Bad Gateway</h1></body></html>', 502);
      }
      await fake.onRequest?.(method, path);
      await next();
      status = c.res.status;
      if (fault?.kind === 'slow') await sleep(fault.delayMs);
    } catch (error) {
      const e =
        error instanceof NotionError
          ? error
          : new NotionError(500, 'internal_server_error', 'Unexpected error occurred.');
      if (!(error instanceof NotionError)) fake.unexpected.push(error);
      status = e.status;
      c.res = errorResponse(c, e, requestId);
    } finally {
      fake.record({ method, route, path, status, at: Date.now() });
    }
    c.header('x-request-id', requestId);
    c.header('date', new Date(fake.clock.now()).toUTCString());
  });
  app.onError((error, c) => {
    const e =
      error instanceof NotionError
        ? error
        : new NotionError(500, 'internal_server_error', 'Unexpected error occurred.');
    if (!(error instanceof NotionError)) fake.unexpected.push(error);
    return errorResponse(c, e, c.get('requestId') ?? randomUUID());
  });

  const bot = (c: Context<Env>) => c.get('bot');

  // Users.
  app.get('/v1/users/me', (c) =>
    c.json(ws.renderUser(ws.users.get(bot(c)) ?? { id: bot(c), type: 'bot', name: '' })),
  );
  app.get('/v1/users', (c) => {
    const users = [...ws.users.values()];
    const r = paginate(
      users,
      c.req.query('start_cursor'),
      pageSize(c.req.query('page_size') ? Number(c.req.query('page_size')) : undefined, 'page_size'),
    );
    return c.json({
      object: 'list',
      results: r.page.map((u) => ws.renderUser(u)),
      next_cursor: r.next_cursor,
      has_more: r.has_more,
      type: 'user',
      user: {},
    });
  });
  app.get('/v1/users/:id', (c) => {
    const id = requireId(c.req.param('id'), 'path.user_id');
    const user = ws.users.get(id);
    if (!user) throw notFound('user', id);
    return c.json(ws.renderUser(user));
  });

  // Databases and data sources.
  app.post('/v1/databases', async (c) => {
    const db = ws.createDatabase(bot(c), await jsonBody(c));
    return c.json(ws.renderDatabase(db));
  });
  app.get('/v1/databases/:id', (c) =>
    c.json(ws.renderDatabase(ws.database(bot(c), requireId(c.req.param('id'), 'path.database_id')))),
  );
  app.patch('/v1/databases/:id', async (c) => {
    const db = ws.database(bot(c), requireId(c.req.param('id'), 'path.database_id'));
    const body = await jsonBody(c);
    if (body.title !== undefined) db.title = parseRichText(body.title, 'body.title');
    if (typeof body.in_trash === 'boolean') db.inTrash = body.in_trash;
    db.lastEditedTime = fake.clock.now();
    return c.json(ws.renderDatabase(db));
  });
  app.get('/v1/data_sources/:id', (c) =>
    c.json(ws.renderDataSource(ws.dataSource(bot(c), requireId(c.req.param('id'), 'path.data_source_id')))),
  );
  app.patch('/v1/data_sources/:id', async (c) => {
    const ds = ws.dataSource(bot(c), requireId(c.req.param('id'), 'path.data_source_id'));
    const body = await jsonBody(c);
    if (body.properties !== undefined) {
      if (!isObject(body.properties)) throw validationError('body.properties should be an object.');
      ws.applySchema(bot(c), ds, body.properties);
    }
    return c.json(ws.renderDataSource(ds));
  });
  app.post('/v1/data_sources/:id/query', async (c) => {
    const ds = ws.dataSource(bot(c), requireId(c.req.param('id'), 'path.data_source_id'));
    const body = await jsonBody(c);
    const size = pageSize(body.page_size);
    const filter = compileFilter(ds, body.filter);
    const { key, dirs } = compileSorts(ds, body.sorts);
    const cursor = decodeCursor(body.start_cursor);
    const inTrash = body.in_trash === true || body.archived === true;
    const rows = [...ws.pages.values()]
      .filter(
        (p) =>
          p.parent.type === 'data_source_id' &&
          p.parent.data_source_id === ds.id &&
          p.inTrash === inTrash &&
          filter(p),
      )
      .map((p) => ({ p, k: key(p) }))
      .filter((r) => cursor === undefined || compareKeys(r.k, cursor.key, dirs) > 0)
      .sort((a, b) => compareKeys(a.k, b.k, dirs));
    const served = cursor?.served ?? 0;
    const cap = Math.max(0, fake.queryResultLimit - served);
    const capped = rows.length > cap;
    const take = Math.min(size, cap);
    const page = rows.slice(0, take);
    const hasMore = !capped || take < cap ? rows.length > take : false;
    const last = page.at(-1);
    const fp = c.req.queries('filter_properties') ?? c.req.queries('filter_properties[]');
    const only = fp ? new Set(fp.map((x) => decodeURIComponent(x))) : undefined;
    return c.json({
      object: 'list',
      results: page.map((r) => ws.renderPage(r.p, only)),
      next_cursor: hasMore && last ? encodeCursor({ key: last.k, served: served + page.length }) : null,
      has_more: hasMore,
      type: 'page_or_data_source',
      page_or_data_source: {},
      ...(capped && !hasMore
        ? { request_status: { type: 'incomplete', incomplete_reason: 'query_result_limit_reached' } }
        : {}),
    });
  });

  // Pages.
  app.post('/v1/pages', async (c) => {
    const page = ws.createPage(bot(c), await jsonBody(c));
    fake.pageChanged(page, bot(c), 'page.created');
    return c.json(ws.renderPage(page));
  });
  app.get('/v1/pages/:id', (c) => {
    const fp = c.req.queries('filter_properties');
    return c.json(
      ws.renderPage(
        ws.page(bot(c), requireId(c.req.param('id'), 'path.page_id')),
        fp ? new Set(fp) : undefined,
      ),
    );
  });
  app.patch('/v1/pages/:id', async (c) => {
    const page = ws.page(bot(c), requireId(c.req.param('id'), 'path.page_id'));
    const body = await jsonBody(c);
    ws.updatePage(bot(c), page, body);
    const props =
      body.properties !== null && typeof body.properties === 'object' ? Object.keys(body.properties) : [];
    if (page.inTrash) fake.pageChanged(page, bot(c), 'page.deleted');
    else
      fake.pageChanged(page, bot(c), 'page.properties_updated', {
        properties: fake.propertyIds(page, props),
      });
    return c.json(ws.renderPage(page));
  });

  // Blocks.
  app.get('/v1/blocks/:id/children', (c) => {
    const list = ws.childBlocks(bot(c), requireId(c.req.param('id'), 'path.block_id'));
    const size = pageSize(
      c.req.query('page_size') ? Number(c.req.query('page_size')) : undefined,
      'page_size',
    );
    const r = paginate(list, c.req.query('start_cursor'), size);
    return c.json({
      object: 'list',
      results: r.page.map((b) => ws.renderBlock(b)),
      next_cursor: r.next_cursor,
      has_more: r.has_more,
      type: 'block',
      block: {},
    });
  });
  app.patch('/v1/blocks/:id/children', async (c) => {
    const parentId = requireId(c.req.param('id'), 'path.block_id');
    const created = ws.appendBlocks(bot(c), parentId, await jsonBody(c));
    const page = ws.pageOf(parentId);
    if (page) fake.pageChanged(page, bot(c), 'page.content_updated', { blocks: created.map((b) => b.id) });
    return c.json({
      object: 'list',
      results: created.map((b) => ws.renderBlock(b)),
      next_cursor: null,
      has_more: false,
      type: 'block',
      block: {},
    });
  });

  app.get('/v1/blocks/:id', (c) =>
    c.json(ws.renderBlock(ws.block(bot(c), requireId(c.req.param('id'), 'path.block_id')))),
  );
  app.patch('/v1/blocks/:id', async (c) => {
    const { block, page } = ws.updateBlock(
      bot(c),
      requireId(c.req.param('id'), 'path.block_id'),
      await jsonBody(c),
    );
    if (page) fake.pageChanged(page, bot(c), 'page.content_updated', { blocks: [block.id] });
    return c.json(ws.renderBlock(block));
  });
  app.delete('/v1/blocks/:id', (c) => {
    const { block, page } = ws.updateBlock(bot(c), requireId(c.req.param('id'), 'path.block_id'), {
      in_trash: true,
    });
    if (page) fake.pageChanged(page, bot(c), 'page.content_updated', { blocks: [block.id] });
    return c.json(ws.renderBlock(block));
  });

  // Comments.
  app.post('/v1/comments', async (c) => c.json(ws.renderComment(ws.addComment(bot(c), await jsonBody(c)))));
  app.get('/v1/comments', (c) => {
    const pageId = requireId(c.req.query('block_id'), 'query.block_id');
    ws.page(bot(c), pageId);
    const list = ws.comments.filter((x) => x.pageId === pageId);
    const size = pageSize(
      c.req.query('page_size') ? Number(c.req.query('page_size')) : undefined,
      'page_size',
    );
    const r = paginate(list, c.req.query('start_cursor'), size);
    return c.json({
      object: 'list',
      results: r.page.map((x) => ws.renderComment(x)),
      next_cursor: r.next_cursor,
      has_more: r.has_more,
      type: 'comment',
      comment: {},
    });
  });

  app.all('/v1/*', () => {
    throw new NotionError(400, 'invalid_request_url', 'Invalid request URL.');
  });

  addControlRoutes(app, fake);
  return app;
}

/** /_fake: what a person does in Notion's UI (edit a row, add a row), the clock and webhook subscriptions — not part of Notion's API. */
function addControlRoutes(app: Hono<Env>, fake: FakeNotion): void {
  const ws = fake.workspace;
  const control = new Hono<Env>();
  control.onError((error, c) => {
    const e =
      error instanceof NotionError ? error : new NotionError(500, 'internal_server_error', String(error));
    return errorResponse(c, e, randomUUID());
  });
  const person = (raw: unknown) => {
    const key = String(raw ?? '');
    const user = [...ws.users.values()].find((u) => u.type === 'person' && (u.id === key || u.email === key));
    if (!user)
      throw validationError(
        `as should name a person (id or e-mail) of the workspace, instead was \`${key}\`.`,
      );
    return user.id;
  };
  control.get('/summary', (c) =>
    c.json({
      databases: [...ws.databases.values()].map((d) => ws.renderDatabase(d)),
      pages: ws.pages.size,
      people: [...ws.users.values()].filter((u) => u.type === 'person').map((u) => ws.renderUser(u)),
      calls: fake.calls.length,
    }),
  );
  control.post('/pages/:id/edit', async (c) => {
    const body = await jsonBody(c);
    const page = await fake.editPageAs(
      person(body.as),
      requireId(c.req.param('id'), 'path.page_id'),
      body.properties as Record<string, unknown>,
    );
    return c.json(ws.renderPage(page));
  });
  control.post('/blocks/:id/edit', async (c) => {
    const body = await jsonBody(c);
    const block = await fake.editBlockAs(
      person(body.as),
      requireId(c.req.param('id'), 'path.block_id'),
      body.block as Record<string, unknown>,
    );
    return c.json(ws.renderBlock(block));
  });
  control.post('/blocks/:id/append', async (c) => {
    const body = await jsonBody(c);
    if (!Array.isArray(body.children)) throw validationError('children should be an array.');
    const blocks = await fake.appendBlocksAs(
      person(body.as),
      requireId(c.req.param('id'), 'path.block_id'),
      body.children,
    );
    return c.json({ results: blocks.map((b) => ws.renderBlock(b)) });
  });
  control.post('/blocks/:id/turn-into', async (c) => {
    const body = await jsonBody(c);
    if (typeof body.type !== 'string') throw validationError('type should be a string.');
    const block = await fake.turnBlockAs(
      person(body.as),
      requireId(c.req.param('id'), 'path.block_id'),
      body.type,
    );
    return c.json(ws.renderBlock(block));
  });
  control.post('/data_sources/:id/pages', async (c) => {
    const body = await jsonBody(c);
    const page = await fake.createRowAs(
      person(body.as),
      requireId(c.req.param('id'), 'path.data_source_id'),
      body.properties as Record<string, unknown>,
    );
    return c.json(ws.renderPage(page));
  });
  control.post('/webhooks', async (c) => {
    const body = await jsonBody(c);
    if (typeof body.url !== 'string') throw validationError('url should be a string.');
    return c.json({ verification_token: await fake.webhooks.subscribe(body.url) });
  });
  control.post('/clock', async (c) => {
    const body = await jsonBody(c);
    fake.clock.advance(Number(body.advanceMs ?? 0));
    return c.json({ now: fake.clock.iso() });
  });
  app.route('/_fake', control);
}
