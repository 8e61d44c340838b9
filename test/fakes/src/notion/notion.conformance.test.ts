// Conformance of the Notion fake with Notion API 2025-09-03, driven by the real @notionhq/client.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  APIResponseError,
  Client,
  collectPaginatedAPI,
  type PageObjectResponse,
  RequestTimeoutError,
  UnknownHTTPResponseError,
  verifyWebhookSignature,
} from '@notionhq/client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CONTENT_AGGREGATION_MS, type FakeNotion, startFakeNotion } from './index.ts';

let fake: FakeNotion;
let notion: Client;
let parentId: string;

const client = (options: { token?: string; retry?: false; timeoutMs?: number } = {}) =>
  new Client({
    auth: options.token ?? fake.token,
    baseUrl: fake.url,
    notionVersion: '2025-09-03',
    logLevel: 'error' as never,
    ...(options.retry === false ? { retry: false as const } : {}),
    ...(options.timeoutMs ? { timeoutMs: options.timeoutMs } : {}),
  });

const text = (content: string) => [{ type: 'text' as const, text: { content } }];

beforeAll(async () => {
  fake = await startFakeNotion({ rateLimit: { requestsPerSecond: 0 } });
  notion = client();
  parentId = fake.createSharedPage('Perfloop').id;
});
afterAll(async () => {
  expect(fake.unexpected).toEqual([]);
  await fake.close();
});
beforeEach(() => {
  fake.faults.clear();
  fake.limiter.options = { requestsPerSecond: 0, burst: 0 };
});

/** The database: created with its schema, then the self-relation once the data source id is known. */
async function createGoalsDatabase(): Promise<{ databaseId: string; dataSourceId: string }> {
  const db = await notion.databases.create({
    parent: { type: 'page_id', page_id: parentId },
    title: text('Perfloop goals'),
    initial_data_source: {
      properties: {
        Name: { title: {} },
        'Perfloop id': { rich_text: {} },
        Actual: { number: { format: 'number' } },
        Progress: { number: { format: 'percent' } },
        Status: { select: { options: [{ name: 'Active' }, { name: 'Done' }] } },
        Stage: { status: { options: [{ name: 'Planned' }, { name: 'Live' }] } },
        Owner: { people: {} },
        Due: { date: {} },
        'Last edited': { last_edited_time: {} },
      },
    },
  });
  expect(db.object).toBe('database');
  const dataSourceId = 'data_sources' in db ? db.data_sources[0]?.id : undefined;
  if (!dataSourceId) throw new Error('no data source');
  const updated = await notion.dataSources.update({
    data_source_id: dataSourceId,
    properties: { 'Aligned to': { relation: { data_source_id: dataSourceId, single_property: {} } } },
  });
  expect('properties' in updated && updated.properties['Aligned to']?.type).toBe('relation');
  return { databaseId: db.id, dataSourceId };
}

describe('databases and data sources', () => {
  it('creates a database with one data source, retrieves both, adds a self-relation', async () => {
    const { databaseId, dataSourceId } = await createGoalsDatabase();
    const db = await notion.databases.retrieve({ database_id: databaseId });
    expect('data_sources' in db && db.data_sources).toEqual([{ id: dataSourceId, name: 'Perfloop goals' }]);
    const ds = await notion.dataSources.retrieve({ data_source_id: dataSourceId });
    if (!('properties' in ds)) throw new Error('partial');
    expect(ds.properties.Name?.type).toBe('title');
    expect(ds.properties.Name?.id).toBe('title');
    const rel = ds.properties['Aligned to'];
    expect(rel?.type === 'relation' && rel.relation.data_source_id).toBe(dataSourceId);
    // Without the title property a data source cannot be created.
    await expect(
      notion.databases.create({
        parent: { type: 'page_id', page_id: parentId },
        initial_data_source: { properties: { Actual: { number: {} } } },
      }),
    ).rejects.toMatchObject({ code: 'validation_error', status: 400 });
  });
});

describe('pages', () => {
  it('creates, retrieves and updates pages with every property type; times are rounded down to the minute', async () => {
    const { dataSourceId } = await createGoalsDatabase();
    const parent = await notion.pages.create({
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
      properties: { Name: { title: text('Organisation goal') } },
    });
    const page = (await notion.pages.create({
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
      properties: {
        Name: { title: text('Grow pipeline') },
        'Perfloop id': { rich_text: text('gol_1') },
        Actual: { number: 42 },
        Status: { select: { name: 'Active' } },
        Stage: { status: { name: 'Live' } },
        Owner: { people: [{ id: fake.owner.id }] },
        Due: { date: { start: '2026-12-31' } },
        'Aligned to': { relation: [{ id: parent.id }] },
      },
    })) as PageObjectResponse;
    expect(page.parent).toEqual({
      type: 'data_source_id',
      data_source_id: dataSourceId,
      database_id: expect.any(String),
    });
    expect(page.last_edited_time).toMatch(/:00\.000Z$/);
    expect(page.created_time).toMatch(/:00\.000Z$/);
    expect(page.last_edited_by.id).toBe(fake.bot.id);
    const props = page.properties;
    expect(props.Actual).toMatchObject({ type: 'number', number: 42 });
    expect(props.Status).toMatchObject({ type: 'select', select: { name: 'Active' } });
    expect(props.Stage).toMatchObject({ type: 'status', status: { name: 'Live' } });
    expect(props['Aligned to']).toMatchObject({
      type: 'relation',
      relation: [{ id: parent.id }],
      has_more: false,
    });
    expect(props['Last edited']).toMatchObject({
      type: 'last_edited_time',
      last_edited_time: page.last_edited_time,
    });
    const title = props.Name;
    expect(title?.type === 'title' && title.title[0]?.plain_text).toBe('Grow pipeline');

    const updated = (await notion.pages.update({
      page_id: page.id,
      properties: { Actual: { number: null } },
    })) as PageObjectResponse;
    expect(updated.properties.Actual).toMatchObject({ number: null });
    const read = (await notion.pages.retrieve({ page_id: page.id })) as PageObjectResponse;
    expect(read.properties.Status).toMatchObject({ select: { name: 'Active' } });

    // A person's edit in the UI: last_edited_by is that person.
    const person = fake.addPerson('Marcus Manager', 'marcus@acme.test');
    await fake.editPageAs(person.id, page.id, { Actual: { number: 7 } });
    const edited = (await notion.pages.retrieve({ page_id: page.id })) as PageObjectResponse;
    expect(edited.last_edited_by.id).toBe(person.id);
    expect(edited.properties.Actual).toMatchObject({ number: 7 });
  });

  it('refuses invalid values with validation_error and changes nothing', async () => {
    const { dataSourceId } = await createGoalsDatabase();
    const page = await notion.pages.create({
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
      properties: { Name: { title: text('x') }, Actual: { number: 1 } },
    });
    const refused = [
      { Actual: { number: 'forty' } },
      { Stage: { status: { name: 'Unknown stage' } } },
      { Nope: { number: 1 } },
      { Name: { title: text('y'.repeat(2001)) } },
      { 'Perfloop id': { rich_text: Array.from({ length: 101 }, () => text('a')[0]) } },
      { 'Last edited': { last_edited_time: '2026-01-01' } },
      { Actual: { number: 5 }, Owner: { people: [{ id: '00000000-0000-4000-8000-000000000000' }] } },
    ];
    for (const properties of refused) {
      const error = await notion.pages
        .update({ page_id: page.id, properties: properties as never })
        .catch((e: unknown) => e);
      expect(error).toBeInstanceOf(APIResponseError);
      expect(error).toMatchObject({ code: 'validation_error', status: 400 });
    }
    const read = (await notion.pages.retrieve({ page_id: page.id })) as PageObjectResponse;
    expect(read.properties.Actual).toMatchObject({ number: 1 });
  });

  it('trashed pages refuse edits and leave queries', async () => {
    const { dataSourceId } = await createGoalsDatabase();
    const page = await notion.pages.create({
      parent: { type: 'data_source_id', data_source_id: dataSourceId },
      properties: { Name: { title: text('Old') } },
    });
    await notion.pages.update({ page_id: page.id, in_trash: true });
    await expect(
      notion.pages.update({ page_id: page.id, properties: { Actual: { number: 1 } } }),
    ).rejects.toMatchObject({
      code: 'validation_error',
    });
    const q = await notion.dataSources.query({ data_source_id: dataSourceId });
    expect(q.results).toHaveLength(0);
    await notion.pages.update({ page_id: page.id, in_trash: false });
    expect((await notion.dataSources.query({ data_source_id: dataSourceId })).results).toHaveLength(1);
  });
});

describe('data source query', () => {
  it('filters (and/or, rich_text equals, number, select, timestamp on_or_after), sorts and pages by cursor', async () => {
    const { dataSourceId } = await createGoalsDatabase();
    // The minute the first page is created in: the 25 may straddle a minute boundary.
    const minute = new Date(Math.floor(fake.clock.now() / 60_000) * 60_000).toISOString();
    for (let i = 0; i < 25; i++) {
      await notion.pages.create({
        parent: { type: 'data_source_id', data_source_id: dataSourceId },
        properties: {
          Name: { title: text(`Goal ${String(i).padStart(2, '0')}`) },
          'Perfloop id': { rich_text: text(`gol_${i}`) },
          Actual: { number: i },
          Status: { select: { name: i % 2 === 0 ? 'Active' : 'Done' } },
        },
      });
    }
    const byId = await notion.dataSources.query({
      data_source_id: dataSourceId,
      filter: { property: 'Perfloop id', rich_text: { equals: 'gol_7' } },
    });
    expect(byId.results).toHaveLength(1);
    const compound = await notion.dataSources.query({
      data_source_id: dataSourceId,
      filter: {
        and: [
          { property: 'Status', select: { equals: 'Active' } },
          {
            or: [
              { property: 'Actual', number: { less_than: 4 } },
              { property: 'Actual', number: { greater_than: 21 } },
            ],
          },
        ],
      },
      sorts: [{ property: 'Actual', direction: 'descending' }],
    });
    const actuals = compound.results.map(
      (p) => ((p as PageObjectResponse).properties.Actual as { number: number }).number,
    );
    expect(actuals).toEqual([24, 22, 2, 0]);
    const recent = await collectPaginatedAPI(notion.dataSources.query, {
      data_source_id: dataSourceId,
      filter: { timestamp: 'last_edited_time', last_edited_time: { on_or_after: minute } },
      sorts: [{ timestamp: 'last_edited_time', direction: 'ascending' }],
      page_size: 10,
    });
    expect(recent).toHaveLength(25);
    expect(new Set(recent.map((p) => p.id)).size).toBe(25);
    // The minute after the last edit: nothing was edited after it.
    const later = new Date(Math.floor(fake.clock.now() / 60_000) * 60_000 + 60_000).toISOString();
    const none = await notion.dataSources.query({
      data_source_id: dataSourceId,
      filter: { timestamp: 'last_edited_time', last_edited_time: { after: later } },
    });
    expect(none.results).toHaveLength(0);
    await expect(
      notion.dataSources.query({ data_source_id: dataSourceId, page_size: 101 }),
    ).rejects.toMatchObject({
      code: 'validation_error',
      message: 'body.page_size should be ≤ `100`, instead was `101`.',
    });
    await expect(
      notion.dataSources.query({
        data_source_id: dataSourceId,
        filter: { property: 'Missing', number: { equals: 1 } },
      }),
    ).rejects.toMatchObject({ code: 'validation_error' });
  });

  it('stops at the result cap with request_status incomplete', async () => {
    const capped = await startFakeNotion({ rateLimit: { requestsPerSecond: 0 }, queryResultLimit: 5 });
    try {
      const c = new Client({ auth: capped.token, baseUrl: capped.url, notionVersion: '2025-09-03' });
      const parent = capped.createSharedPage('P').id;
      const db = await c.databases.create({
        parent: { type: 'page_id', page_id: parent },
        initial_data_source: { properties: { Name: { title: {} } } },
      });
      const ds = 'data_sources' in db ? (db.data_sources[0]?.id ?? '') : '';
      for (let i = 0; i < 8; i++) {
        await c.pages.create({
          parent: { type: 'data_source_id', data_source_id: ds },
          properties: { Name: { title: text(`r${i}`) } },
        });
      }
      const first = await c.dataSources.query({ data_source_id: ds, page_size: 3 });
      expect(first.has_more).toBe(true);
      const second = await c.dataSources.query({
        data_source_id: ds,
        page_size: 3,
        start_cursor: first.next_cursor ?? '',
      });
      expect(second.results).toHaveLength(2);
      expect(second.has_more).toBe(false);
      expect(second.request_status).toEqual({
        type: 'incomplete',
        incomplete_reason: 'query_result_limit_reached',
      });
    } finally {
      await capped.close();
    }
  });
});

describe('blocks, comments, users', () => {
  it('appends ≤ 100 blocks a call with ≤ 2,000 characters per text and lists them by cursor', async () => {
    const page = await notion.pages.create({
      parent: { type: 'page_id', page_id: parentId },
      properties: { title: { title: text('Notes') } },
    });
    const para = (s: string) => ({
      object: 'block' as const,
      type: 'paragraph' as const,
      paragraph: { rich_text: text(s) },
    });
    const ok = await notion.blocks.children.append({
      block_id: page.id,
      children: Array.from({ length: 100 }, (_, i) => para(`n${i}`)),
    });
    expect(ok.results).toHaveLength(100);
    await expect(
      notion.blocks.children.append({
        block_id: page.id,
        children: Array.from({ length: 101 }, () => para('x')),
      }),
    ).rejects.toMatchObject({
      code: 'validation_error',
      message: 'body.children.length should be ≤ `100`, instead was `101`.',
    });
    await expect(
      notion.blocks.children.append({ block_id: page.id, children: [para('y'.repeat(2001))] }),
    ).rejects.toMatchObject({
      code: 'validation_error',
    });
    const listed = await collectPaginatedAPI(notion.blocks.children.list, {
      block_id: page.id,
      page_size: 30,
    });
    expect(listed).toHaveLength(100);
    expect(listed[99]).toMatchObject({ type: 'paragraph' });
  });

  it('retrieves, updates and trashes a block; a block edit is the page’s edit (by whom, and when)', async () => {
    const page = await notion.pages.create({
      parent: { type: 'page_id', page_id: parentId },
      properties: { title: { title: text('Edited notes') } },
    });
    const [heading, note] = (
      await notion.blocks.children.append({
        block_id: page.id,
        children: [
          { type: 'heading_3', heading_3: { rich_text: text('Check-in') } },
          { type: 'paragraph', paragraph: { rich_text: text('First words') } },
        ],
      })
    ).results as { id: string }[];
    const person = fake.addPerson('Edie Editor', 'edie@acme.test');
    fake.clock.advance(120_000);
    await fake.editBlockAs(person.id, String(note?.id), { paragraph: { rich_text: text('Second words') } });
    const edited = await notion.blocks.retrieve({ block_id: String(note?.id) });
    expect(edited).toMatchObject({
      type: 'paragraph',
      created_by: { id: fake.bot.id },
      last_edited_by: { id: person.id },
      paragraph: { rich_text: [{ plain_text: 'Second words' }] },
    });
    expect(Date.parse((edited as { last_edited_time: string }).last_edited_time) % 60_000).toBe(0);
    expect(await notion.pages.retrieve({ page_id: page.id })).toMatchObject({
      last_edited_by: { id: person.id },
    });
    // The integration puts its text back: the block is its edit again.
    const restored = await notion.blocks.update({
      block_id: String(note?.id),
      paragraph: { rich_text: text('First words') },
    });
    expect(restored).toMatchObject({ last_edited_by: { id: fake.bot.id } });
    // The type cannot change through an update.
    await expect(
      notion.blocks.update({ block_id: String(heading?.id), paragraph: { rich_text: text('x') } }),
    ).rejects.toMatchObject({ code: 'validation_error', status: 400 });
    await notion.blocks.delete({ block_id: String(heading?.id) });
    const left = await notion.blocks.children.list({ block_id: page.id });
    expect(left.results.map((b) => b.id)).toEqual([note?.id]);
    await expect(
      notion.blocks.update({ block_id: String(heading?.id), heading_3: { rich_text: text('x') } }),
    ).rejects.toMatchObject({ code: 'validation_error' });
    await expect(
      notion.blocks.retrieve({ block_id: '0f0f0f0f-0f0f-4f0f-8f0f-0f0f0f0f0f0f' }),
    ).rejects.toMatchObject({
      code: 'object_not_found',
      status: 404,
    });
  });

  it('"Turn into" keeps the block id and changes its type; only append `after` + delete put the old type back', async () => {
    const page = await notion.pages.create({
      parent: { type: 'page_id', page_id: parentId },
      properties: { title: { title: text('Turned notes') } },
    });
    const [heading, note, last] = (
      await notion.blocks.children.append({
        block_id: page.id,
        children: [
          { type: 'heading_3', heading_3: { rich_text: text('Check-in  ref chk_1') } },
          { type: 'paragraph', paragraph: { rich_text: text('Notes') } },
          { type: 'paragraph', paragraph: { rich_text: text('Last') } },
        ],
      })
    ).results as { id: string }[];
    const person = fake.addPerson('Tess Turner', 'tess@acme.test');
    await fake.turnBlockAs(person.id, String(heading?.id), 'paragraph');
    await fake.turnBlockAs(person.id, String(note?.id), 'to_do');
    const listed = (await notion.blocks.children.list({ block_id: page.id })).results;
    expect(listed.map((b) => b.id)).toEqual([heading?.id, note?.id, last?.id]);
    expect(listed[0]).toMatchObject({
      type: 'paragraph',
      created_by: { id: fake.bot.id },
      last_edited_by: { id: person.id },
      paragraph: { rich_text: [{ plain_text: 'Check-in  ref chk_1' }] },
    });
    expect(listed[0]).not.toHaveProperty('heading_3');
    expect(listed[1]).toMatchObject({
      type: 'to_do',
      to_do: { checked: false, rich_text: [{ plain_text: 'Notes' }] },
    });
    expect(await notion.pages.retrieve({ page_id: page.id })).toMatchObject({
      last_edited_by: { id: person.id },
    });
    // The API cannot turn it back: an update takes content under the block's current type only.
    await expect(
      notion.blocks.update({ block_id: String(heading?.id), heading_3: { rich_text: text('Check-in') } }),
    ).rejects.toMatchObject({ code: 'validation_error', status: 400 });
    // Put back in place: a new block appended right after the turned one, then the turned one deleted.
    const added = await notion.blocks.children.append({
      block_id: page.id,
      after: String(heading?.id),
      children: [{ type: 'heading_3', heading_3: { rich_text: text('Check-in  ref chk_1') } }],
    });
    expect(added.results).toHaveLength(1);
    await notion.blocks.delete({ block_id: String(heading?.id) });
    const after = (await notion.blocks.children.list({ block_id: page.id })).results;
    expect(after.map((b) => [b.id, 'type' in b ? b.type : null])).toEqual([
      [added.results[0]?.id, 'heading_3'],
      [note?.id, 'to_do'],
      [last?.id, 'paragraph'],
    ]);
    // `after` must name a block of that parent that is not in the trash; a trashed block is not edited again.
    const para = { type: 'paragraph' as const, paragraph: { rich_text: text('x') } };
    await expect(
      notion.blocks.children.append({ block_id: page.id, after: String(heading?.id), children: [para] }),
    ).rejects.toMatchObject({ code: 'validation_error', status: 400 });
    await expect(
      notion.blocks.children.append({ block_id: page.id, after: parentId, children: [para] }),
    ).rejects.toMatchObject({ code: 'validation_error', status: 400 });
    await expect(notion.blocks.delete({ block_id: String(heading?.id) })).rejects.toMatchObject({
      code: 'validation_error',
      status: 400,
    });
    expect(await notion.blocks.retrieve({ block_id: String(heading?.id) })).toMatchObject({
      in_trash: true,
      archived: true,
      type: 'paragraph',
    });
    expect((await notion.blocks.children.list({ block_id: page.id })).results).toHaveLength(3);
    // Blocks nested later into a turned block (a toggle now) make it a parent.
    await fake.turnBlockAs(person.id, String(last?.id), 'toggle');
    await notion.blocks.children.append({ block_id: String(last?.id), children: [para] });
    expect(await notion.blocks.retrieve({ block_id: String(last?.id) })).toMatchObject({
      type: 'toggle',
      has_children: true,
    });
    // Only between the types that hold text.
    await expect(fake.turnBlockAs(person.id, String(last?.id), 'divider')).rejects.toMatchObject({
      code: 'validation_error',
    });
  });

  it('creates and lists page comments; lists users and the bot itself', async () => {
    const page = await notion.pages.create({
      parent: { type: 'page_id', page_id: parentId },
      properties: { title: { title: text('C') } },
    });
    const comment = await notion.comments.create({
      parent: { page_id: page.id },
      rich_text: text('Kept: 40'),
    });
    expect(comment).toMatchObject({ object: 'comment', parent: { type: 'page_id', page_id: page.id } });
    const list = await notion.comments.list({ block_id: page.id });
    expect(list.results).toHaveLength(1);
    const me = await notion.users.me({});
    expect(me).toMatchObject({ id: fake.bot.id, type: 'bot' });
    fake.addPerson('Ava Employee', 'ava@acme.test');
    const users = await collectPaginatedAPI(notion.users.list, {});
    expect(users.some((u) => u.type === 'person' && u.person.email === 'ava@acme.test')).toBe(true);
  });
});

describe('errors, limits and faults', () => {
  it('answers Notion error objects: 401 bad token, 404 unshared page, 400 missing Notion-Version, 400 bad URL', async () => {
    await expect(client({ token: 'ntn_wrong' }).users.me({})).rejects.toMatchObject({
      code: 'unauthorized',
      status: 401,
    });
    const hidden = fake.workspace.addRootPage('Private', fake.owner.id);
    await expect(notion.pages.retrieve({ page_id: hidden.id })).rejects.toMatchObject({
      code: 'object_not_found',
      status: 404,
    });
    const res = await fetch(`${fake.url}/v1/users/me`, {
      headers: { authorization: `Bearer ${fake.token}` },
    });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({
      object: 'error',
      status: 400,
      code: 'missing_version',
      request_id: expect.any(String),
    });
    const bad = await fetch(`${fake.url}/v1/nothing-here`, {
      headers: { authorization: `Bearer ${fake.token}`, 'notion-version': '2025-09-03' },
    });
    expect(await bad.json()).toMatchObject({ object: 'error', status: 400, code: 'invalid_request_url' });
  });

  it('limits each token to its rate with 429 rate_limited and an integer Retry-After; the client honours it', async () => {
    fake.limiter.options = { requestsPerSecond: 3, burst: 3 };
    const raw = client({ retry: false });
    const results = await Promise.allSettled(Array.from({ length: 8 }, () => raw.users.me({})));
    const refused = results
      .filter((r) => r.status === 'rejected')
      .map((r) => (r as PromiseRejectedResult).reason);
    expect(refused.length).toBeGreaterThan(0);
    for (const e of refused as APIResponseError[]) {
      expect(e).toMatchObject({ code: 'rate_limited', status: 429 });
      const headers = e.headers as unknown as Headers;
      expect(Number(headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    }
    // With its default retries the client waits as told and gets through.
    await expect(client().users.me({})).resolves.toMatchObject({ type: 'bot' });
  });

  it('injects 500s (GETs retried by the client, POSTs not), HTML 502s and answers slower than the timeout', async () => {
    fake.faults.inject({
      method: 'GET',
      path: /^\/v1\/users\/me$/,
      fault: { kind: 'internal_server_error' },
    });
    await expect(notion.users.me({})).resolves.toMatchObject({ type: 'bot' });
    fake.faults.inject({
      method: 'POST',
      path: /^\/v1\/comments$/,
      fault: { kind: 'internal_server_error' },
    });
    const page = await notion.pages.create({
      parent: { type: 'page_id', page_id: parentId },
      properties: { title: { title: text('F') } },
    });
    await expect(
      notion.comments.create({ parent: { page_id: page.id }, rich_text: text('x') }),
    ).rejects.toMatchObject({
      code: 'internal_server_error',
    });
    fake.faults.inject({ path: /^\/v1\/users\/me$/, fault: { kind: 'html_bad_gateway' } });
    await expect(client({ retry: false }).users.me({})).rejects.toBeInstanceOf(UnknownHTTPResponseError);
    // A slow answer: the write happens, the caller times out and never learns it.
    fake.faults.inject({ method: 'POST', path: /^\/v1\/comments$/, fault: { kind: 'slow', delayMs: 1500 } });
    const before = fake.workspace.comments.length;
    await expect(
      client({ timeoutMs: 300 }).comments.create({ parent: { page_id: page.id }, rich_text: text('late') }),
    ).rejects.toBeInstanceOf(RequestTimeoutError);
    expect(fake.workspace.comments.length).toBe(before + 1);
  });

  it('random faults follow their probabilities (seeded)', async () => {
    fake.faults.setRandom({ internalServerError: 0.5, seed: 7 });
    const raw = client({ retry: false });
    const results = await Promise.allSettled(Array.from({ length: 40 }, () => raw.users.me({})));
    const failed = results.filter((r) => r.status === 'rejected').length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(35);
  });
});

describe('webhooks', () => {
  it('sends the verification handshake, then events signed with the verification token', async () => {
    const received: { body: string; signature: string | undefined }[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (d) => {
        body += d;
      });
      req.on('end', () => {
        received.push({ body, signature: req.headers['x-notion-signature'] as string | undefined });
        res.end();
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { port } = server.address() as AddressInfo;
      const token = await fake.webhooks.subscribe(`http://127.0.0.1:${port}/webhooks/notion`);
      expect(JSON.parse(received[0]?.body ?? '{}')).toEqual({ verification_token: token });
      expect(received[0]?.signature).toBeUndefined();
      const { dataSourceId } = await createGoalsDatabase();
      const page = await notion.pages.create({
        parent: { type: 'data_source_id', data_source_id: dataSourceId },
        properties: { Name: { title: text('W') } },
      });
      const person = fake.addPerson('Raj Manager', 'raj@acme.test');
      await fake.editPageAs(person.id, page.id, { Actual: { number: 3 } });
      const event = received.find(
        (r) => r.body.includes('page.properties_updated') && r.body.includes(person.id),
      );
      expect(event).toBeDefined();
      const payload = JSON.parse(event?.body ?? '{}');
      const actualId = (await notion.dataSources.retrieve({ data_source_id: dataSourceId })).properties.Actual
        ?.id;
      expect(payload).toMatchObject({
        type: 'page.properties_updated',
        entity: { id: page.id, type: 'page' },
        authors: [{ id: person.id, type: 'person' }],
        data: { parent: { data_source_id: dataSourceId }, updated_properties: [actualId] },
      });
      expect(Date.parse(payload.timestamp)).not.toBeNaN();
      await expect(
        verifyWebhookSignature({
          body: event?.body ?? '',
          signature: event?.signature,
          verificationToken: token,
        }),
      ).resolves.toBe(true);

      // Content edits of a page are aggregated, as Notion does: two people's edits within the window become one
      // page.content_updated naming both and every block changed, delivered later (here: on flush), with the
      // integration's own block writes (authors of type bot) among them.
      fake.webhooks.contentWindowMs = 60_000;
      received.length = 0;
      const other = fake.addPerson('Ana Lead', 'ana@acme.test');
      const [first] = await fake.appendBlocksAs(person.id, page.id, [
        { type: 'paragraph', paragraph: { rich_text: text('one') } },
      ]);
      const appended = await notion.blocks.children.append({
        block_id: page.id,
        children: [{ type: 'paragraph', paragraph: { rich_text: text('two') } }],
      });
      await fake.editBlockAs(other.id, String(first?.id), { paragraph: { rich_text: text('one!') } });
      const lastContentChange = Date.parse(fake.clock.iso());
      await fake.editPageAs(person.id, page.id, { Actual: { number: 4 } });
      expect(received.map((r) => JSON.parse(r.body).type)).toEqual(['page.properties_updated']);
      expect(fake.webhooks.pending).toEqual([page.id]);
      await fake.webhooks.flush();
      const content = received.slice(1).map((r) => JSON.parse(r.body));
      expect(content).toHaveLength(1);
      expect(content[0]).toMatchObject({
        type: 'page.content_updated',
        entity: { id: page.id, type: 'page' },
        data: { parent: { data_source_id: dataSourceId } },
      });
      expect(new Set(content[0].authors)).toEqual(
        new Set([
          { id: person.id, type: 'person' },
          { id: fake.bot.id, type: 'bot' },
          { id: other.id, type: 'person' },
        ]),
      );
      expect(content[0].data.updated_blocks).toEqual([
        { id: first?.id, type: 'block' },
        { id: appended.results[0]?.id, type: 'block' },
      ]);
      // The aggregated event carries its newest change's time: the properties event overtook it though it came later.
      expect(Date.parse(content[0].timestamp)).toBeLessThanOrEqual(lastContentChange);
      expect(Date.parse(JSON.parse(received[0]?.body ?? '{}').timestamp)).toBeGreaterThanOrEqual(
        lastContentChange,
      );
      await expect(
        verifyWebhookSignature({
          body: received[1]?.body ?? '',
          signature: received[1]?.signature,
          verificationToken: token,
        }),
      ).resolves.toBe(true);
    } finally {
      fake.webhooks.url = null;
      fake.webhooks.contentWindowMs = CONTENT_AGGREGATION_MS;
      await new Promise<void>((r) => server.close(() => r()));
    }
  });
});
