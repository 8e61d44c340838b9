// Notion operations the sync needs, each a paced call through the gateway; writes with an unknown outcome are looked up before retrying.
import { UncertainWriteError } from './errors.ts';
import type { NotionGateway } from './gateway.ts';
import { plain, richText } from './text.ts';

export type PageObject = Record<string, unknown> & { id: string; last_edited_time: string };

export interface QueryResult {
  pages: PageObject[];
  /** Notion's Date header of the first answer (ms): edits after it come back next time. */
  serverTime: number;
}

export const MAX_BLOCKS_PER_CALL = 100;
const PAGE_SIZE = 100;

/** `filter` AND (edited after E, or edited at E and created at or after C), at most two levels deep. */
function after(
  filter: Record<string, unknown> | undefined,
  edited: string,
  created: string,
): Record<string, unknown> {
  const base = filter === undefined ? [] : Array.isArray(filter.and) ? (filter.and as unknown[]) : [filter];
  const editedAfter = { timestamp: 'last_edited_time', last_edited_time: { after: edited } };
  const editedAt = { timestamp: 'last_edited_time', last_edited_time: { equals: edited } };
  const createdFrom = { timestamp: 'created_time', created_time: { on_or_after: created } };
  return { or: [{ and: [...base, editedAfter] }, { and: [...base, editedAt, createdFrom] }] };
}

/** Consecutive groups packed into calls of at most 100 blocks, no group split (a group of over 100 is refused). */
export function packGroups<T>(groups: readonly (readonly T[])[]): T[][] {
  const calls: T[][] = [];
  let current: T[] = [];
  for (const group of groups) {
    if (group.length > MAX_BLOCKS_PER_CALL)
      throw new Error(`a group of ${group.length} blocks exceeds Notion's ${MAX_BLOCKS_PER_CALL} per call`);
    if (current.length + group.length > MAX_BLOCKS_PER_CALL) {
      calls.push(current);
      current = [];
    }
    current.push(...group);
  }
  if (current.length > 0) calls.push(current);
  return calls;
}

export class NotionOps {
  /** Checked right before every write is sent (the sync lease); set by the engine. */
  writeGuard: (() => Promise<unknown>) | undefined;

  constructor(readonly gateway: NotionGateway) {}

  private write(idempotent: boolean) {
    return { idempotent, ...(this.writeGuard ? { guard: this.writeGuard } : {}) };
  }

  me(): Promise<{ id: string }> {
    return this.gateway.call('users.me', (c) => c.users.me({}), { idempotent: true });
  }

  /** Every workspace member with an e-mail (people only), by lower-cased e-mail. */
  async peopleByEmail(): Promise<Map<string, string>> {
    const users = await this.paginate('users.list', (c, start_cursor) =>
      c.users.list({ page_size: PAGE_SIZE, ...(start_cursor ? { start_cursor } : {}) }),
    );
    const out = new Map<string, string>();
    for (const u of users as { id: string; type?: string; person?: { email?: string } }[]) {
      const email = u.type === 'person' ? u.person?.email : undefined;
      if (email) out.set(email.toLowerCase(), u.id);
    }
    return out;
  }

  async userEmail(id: string): Promise<string | null> {
    try {
      const u = (await this.gateway.call('users.retrieve', (c) => c.users.retrieve({ user_id: id }), {
        idempotent: true,
      })) as { type?: string; person?: { email?: string } };
      return u.type === 'person' ? (u.person?.email?.toLowerCase() ?? null) : null;
    } catch {
      return null;
    }
  }

  private async paginate<T>(
    operation: string,
    page: (
      c: NotionGateway['client'],
      cursor?: string,
    ) => Promise<{ results: T[]; next_cursor: string | null; has_more: boolean }>,
  ): Promise<T[]> {
    const out: T[] = [];
    let cursor: string | undefined;
    do {
      const res = await this.gateway.call(operation, (c) => page(c, cursor), { idempotent: true });
      out.push(...res.results);
      cursor = res.has_more && res.next_cursor ? res.next_cursor : undefined;
    } while (cursor !== undefined);
    return out;
  }

  retrieveDataSource(id: string): Promise<Record<string, unknown>> {
    return this.gateway.call('dataSources.retrieve', (c) => c.dataSources.retrieve({ data_source_id: id }), {
      idempotent: true,
    }) as Promise<Record<string, unknown>>;
  }

  updateDataSource(id: string, properties: Record<string, unknown>): Promise<Record<string, unknown>> {
    return this.gateway.call(
      'dataSources.update',
      (c) => c.dataSources.update({ data_source_id: id, properties: properties as never }),
      this.write(true),
    ) as Promise<Record<string, unknown>>;
  }

  retrieveDatabase(id: string): Promise<Record<string, unknown>> {
    return this.gateway.call('databases.retrieve', (c) => c.databases.retrieve({ database_id: id }), {
      idempotent: true,
    }) as Promise<Record<string, unknown>>;
  }

  /** Creates a database under a page (not repeatable: an unknown outcome throws UncertainWriteError). */
  createDatabase(
    parentPageId: string,
    title: string,
    properties: Record<string, unknown>,
  ): Promise<Record<string, unknown>> {
    return this.gateway.call(
      'databases.create',
      (c) =>
        c.databases.create({
          parent: { type: 'page_id', page_id: parentPageId },
          title: richText(title) as never,
          initial_data_source: { properties: properties as never },
        }),
      this.write(false),
    ) as Promise<Record<string, unknown>>;
  }

  /** Databases placed directly in a page (its child_database blocks), with their titles. */
  async childDatabases(pageId: string): Promise<{ id: string; title: string }[]> {
    const blocks = await this.blocks(pageId);
    return blocks
      .filter((b) => b.type === 'child_database')
      .map((b) => ({
        id: String(b.id),
        title: String((b.child_database as { title?: string })?.title ?? ''),
      }));
  }

  /**
   * Pages of a data source, oldest edit first (ties by creation). Pages through the cursor; when Notion stops
   * at its per-query result cap (`request_status: incomplete`, 10,000 rows) it queries again from the last
   * row's (last edited, created) times — a bulk edit can give thousands of rows one edit minute, but not one
   * creation minute too — and drops the rows it already has.
   */
  async query(dataSourceId: string, filter: Record<string, unknown> | undefined): Promise<QueryResult> {
    const seen = new Map<string, PageObject>();
    let serverTime = 0;
    let from = filter;
    for (;;) {
      let cursor: string | undefined;
      let last: PageObject | undefined;
      let incomplete = false;
      const before = seen.size;
      do {
        const res = await this.gateway.call(
          'dataSources.query',
          (c) =>
            c.dataSources.query({
              data_source_id: dataSourceId,
              ...(from ? { filter: from as never } : {}),
              sorts: [
                { timestamp: 'last_edited_time', direction: 'ascending' },
                { timestamp: 'created_time', direction: 'ascending' },
              ],
              page_size: PAGE_SIZE,
              ...(cursor ? { start_cursor: cursor } : {}),
            }),
          { idempotent: true },
        );
        if (serverTime === 0) serverTime = this.gateway.serverNow();
        for (const p of res.results as PageObject[]) seen.set(p.id, p);
        last = (res.results.at(-1) as PageObject | undefined) ?? last;
        cursor = res.has_more && res.next_cursor ? res.next_cursor : undefined;
        if (res.request_status?.type === 'incomplete') incomplete = true;
      } while (cursor !== undefined);
      if (!incomplete || last === undefined) break;
      if (seen.size === before) {
        throw new Error(
          `more rows than one Notion query returns share the edit and creation minute ${last.last_edited_time}; the query cannot go on`,
        );
      }
      from = after(filter, last.last_edited_time, String(last.created_time));
    }
    return { pages: [...seen.values()], serverTime };
  }

  /** Pages whose rich-text property `property` equals one of `values` (≤ 100 per query). */
  async findByText(dataSourceId: string, property: string, values: readonly string[]): Promise<PageObject[]> {
    const out: PageObject[] = [];
    for (let i = 0; i < values.length; i += 100) {
      const chunk = values.slice(i, i + 100);
      const filter =
        chunk.length === 1
          ? { property, rich_text: { equals: chunk[0] } }
          : { or: chunk.map((v) => ({ property, rich_text: { equals: v } })) };
      out.push(...(await this.query(dataSourceId, filter)).pages);
    }
    return out;
  }

  /** pages.create (not repeatable: an unknown outcome throws UncertainWriteError). */
  createPage(dataSourceId: string, properties: Record<string, unknown>): Promise<PageObject> {
    return this.gateway.call(
      'pages.create',
      (c) =>
        c.pages.create({
          parent: { type: 'data_source_id', data_source_id: dataSourceId },
          properties: properties as never,
        }),
      this.write(false),
    ) as Promise<PageObject>;
  }

  /** pages.update: setting the same values again is harmless, so it is retried. */
  updatePage(
    pageId: string,
    body: { properties?: Record<string, unknown>; in_trash?: boolean },
  ): Promise<PageObject> {
    return this.gateway.call(
      'pages.update',
      (c) => c.pages.update({ page_id: pageId, ...(body as Record<string, never>) }),
      this.write(true),
    ) as Promise<PageObject>;
  }

  /** blocks.update: a block's text under its own type (setting the same text again is harmless, so it is retried). */
  updateBlock(blockId: string, type: string, richText: readonly unknown[]): Promise<Record<string, unknown>> {
    return this.gateway.call(
      'blocks.update',
      (c) => c.blocks.update({ block_id: blockId, [type]: { rich_text: richText } } as never),
      this.write(true),
    ) as Promise<Record<string, unknown>>;
  }

  retrievePage(pageId: string): Promise<PageObject> {
    return this.gateway.call('pages.retrieve', (c) => c.pages.retrieve({ page_id: pageId }), {
      idempotent: true,
    }) as Promise<PageObject>;
  }

  async blocks(blockId: string): Promise<Record<string, unknown>[]> {
    return (await this.paginate('blocks.children.list', (c, start_cursor) =>
      c.blocks.children.list({
        block_id: blockId,
        page_size: PAGE_SIZE,
        ...(start_cursor ? { start_cursor } : {}),
      }),
    )) as Record<string, unknown>[];
  }

  /**
   * Appends groups of blocks in order, at most 100 blocks per call, never splitting a group across calls: each
   * group (one check-in's blocks, headed by its marker) lands whole or not at all, so a failure between calls
   * never leaves a marker on the page without the rest of its blocks (the lookup by marker would take the
   * check-in for appended). Not repeatable: an unknown outcome throws UncertainWriteError.
   */
  async appendBlocks(pageId: string, groups: readonly (readonly Record<string, unknown>[])[]): Promise<void> {
    for (const children of packGroups(groups)) {
      await this.gateway.call(
        'blocks.children.append',
        (c) => c.blocks.children.append({ block_id: pageId, children: children as never }),
        this.write(false),
      );
    }
  }

  /**
   * Inserts blocks right after one of the page's blocks (`after`), in one call of at most 100 blocks. Not
   * repeatable: an unknown outcome throws UncertainWriteError (the caller reads the page again).
   */
  async insertBlocks(
    pageId: string,
    afterId: string,
    blocks: readonly Record<string, unknown>[],
  ): Promise<void> {
    if (blocks.length > MAX_BLOCKS_PER_CALL)
      throw new Error(`${blocks.length} blocks exceed Notion's ${MAX_BLOCKS_PER_CALL} per call`);
    await this.gateway.call(
      'blocks.children.append',
      (c) => c.blocks.children.append({ block_id: pageId, after: afterId, children: blocks as never }),
      this.write(false),
    );
  }

  /** blocks.delete (moves the block to the trash; deleting it again is refused, so an unknown outcome is retried as done). */
  deleteBlock(blockId: string): Promise<Record<string, unknown>> {
    return this.gateway.call(
      'blocks.delete',
      (c) => c.blocks.delete({ block_id: blockId }),
      this.write(true),
    ) as Promise<Record<string, unknown>>;
  }

  /** The plain text of every comment on a page (one call per 100 comments). */
  async commentTexts(pageId: string): Promise<string[]> {
    const all = await this.paginate('comments.list', (c, start_cursor) =>
      c.comments.list({ block_id: pageId, page_size: PAGE_SIZE, ...(start_cursor ? { start_cursor } : {}) }),
    );
    return all.map((x) => plain((x as { rich_text?: unknown }).rich_text));
  }

  /**
   * A page comment, said once: when the call's outcome is unknown, the page's comments are read and it is
   * retried only if the text is not there.
   */
  async comment(pageId: string, text: string): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        await this.gateway.call(
          'comments.create',
          (c) => c.comments.create({ parent: { page_id: pageId }, rich_text: richText(text) as never }),
          this.write(false),
        );
        return;
      } catch (error) {
        if (!(error instanceof UncertainWriteError)) throw error;
        if ((await this.commentTexts(pageId)).includes(text)) return;
      }
    }
    throw new Error(`could not comment on page ${pageId}`);
  }
}
