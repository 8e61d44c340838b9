// The fake workspace: users, shared pages, databases with their data sources, pages, blocks and comments, in memory.
import { FakeClock, floorMinute } from './clock.ts';
import { NotionError, notFound, tooMany, validationError } from './errors.ts';
import { newId, normaliseId } from './ids.ts';
import {
  emptyValue,
  type PropertyConfig,
  parsePropertyConfig,
  parseValue,
  renderConfig,
  renderValue,
  type SchemaContext,
  type StoredValue,
} from './properties.ts';
import { parseRichText, plainText, type RichTextItem, textItems } from './richText.ts';

export interface User {
  id: string;
  type: 'person' | 'bot';
  name: string;
  email?: string;
}

export type PageParent =
  | { type: 'data_source_id'; data_source_id: string; database_id: string }
  | { type: 'page_id'; page_id: string }
  | { type: 'workspace'; workspace: true };

export interface Page {
  id: string;
  parent: PageParent;
  /** Values by property id (data source pages); standalone pages keep their title here under `title`. */
  values: Map<string, StoredValue>;
  createdTime: number;
  lastEditedTime: number;
  createdBy: string;
  lastEditedBy: string;
  inTrash: boolean;
}

export interface DataSource {
  id: string;
  databaseId: string;
  title: RichTextItem[];
  /** In schema order. */
  properties: PropertyConfig[];
  createdTime: number;
  lastEditedTime: number;
  createdBy: string;
  lastEditedBy: string;
}

export interface Database {
  id: string;
  parentPageId: string;
  title: RichTextItem[];
  description: RichTextItem[];
  isInline: boolean;
  dataSourceIds: string[];
  createdTime: number;
  lastEditedTime: number;
  inTrash: boolean;
}

export interface Block {
  id: string;
  parent: { type: 'page_id'; page_id: string } | { type: 'block_id'; block_id: string };
  type: string;
  content: Record<string, unknown>;
  children: string[];
  createdTime: number;
  createdBy: string;
  lastEditedTime: number;
  lastEditedBy: string;
  inTrash: boolean;
}

export interface Comment {
  id: string;
  pageId: string;
  discussionId: string;
  richText: RichTextItem[];
  createdTime: number;
  createdBy: string;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const iso = (ms: number) => new Date(ms).toISOString();
const BLOCK_TYPES = new Set([
  'paragraph',
  'heading_1',
  'heading_2',
  'heading_3',
  'bulleted_list_item',
  'numbered_list_item',
  'to_do',
  'toggle',
  'quote',
  'callout',
  'divider',
]);
/** The block types with rich text, between which "Turn into" converts a block. */
const TEXT_TYPES = new Set([...BLOCK_TYPES].filter((t) => t !== 'divider'));
export const MAX_BLOCKS_PER_APPEND = 100;

export class Workspace {
  readonly users = new Map<string, User>();
  readonly pages = new Map<string, Page>();
  readonly databases = new Map<string, Database>();
  readonly dataSources = new Map<string, DataSource>();
  readonly blocks = new Map<string, Block>();
  /** Top-level block ids per page or block. */
  readonly children = new Map<string, string[]>();
  readonly comments: Comment[] = [];
  /** Root pages each bot may reach (sharing a page shares everything under it). */
  readonly shared = new Map<string, Set<string>>();

  constructor(
    readonly clock: FakeClock = new FakeClock(),
    readonly name = 'Fake workspace',
  ) {}

  // People, bots and sharing.

  addUser(user: Omit<User, 'id'> & { id?: string }): User {
    const u: User = { ...user, id: user.id ?? newId() };
    this.users.set(u.id, u);
    if (u.type === 'bot') this.shared.set(u.id, new Set());
    return u;
  }

  /** A top-level page in the workspace (as a person creates it in the sidebar). */
  addRootPage(title: string, by: string): Page {
    const now = this.clock.now();
    const page: Page = {
      id: newId(),
      parent: { type: 'workspace', workspace: true },
      values: new Map([['title', textItems(title)]]),
      createdTime: now,
      lastEditedTime: now,
      createdBy: by,
      lastEditedBy: by,
      inTrash: false,
    };
    this.pages.set(page.id, page);
    return page;
  }

  /** "Share with the integration" on a page: the bot can reach it and everything under it. */
  share(pageId: string, botId: string): void {
    this.shared.get(botId)?.add(pageId);
  }

  /** The root page an object hangs from (walking up pages, data sources and databases). */
  private rootsOf(kind: 'page' | 'database' | 'data_source' | 'block', id: string): string[] {
    const chain: string[] = [];
    let current: { kind: 'page' | 'database' | 'data_source' | 'block'; id: string } | null = { kind, id };
    for (let guard = 0; current !== null && guard < 64; guard++) {
      if (current.kind === 'page') {
        chain.push(current.id);
        const page = this.pages.get(current.id);
        if (!page) break;
        const p: PageParent = page.parent;
        current =
          p.type === 'data_source_id'
            ? { kind: 'data_source', id: p.data_source_id }
            : p.type === 'page_id'
              ? { kind: 'page', id: p.page_id }
              : null;
      } else if (current.kind === 'data_source') {
        const ds = this.dataSources.get(current.id);
        current = ds ? { kind: 'database', id: ds.databaseId } : null;
      } else if (current.kind === 'database') {
        const db = this.databases.get(current.id);
        current = db ? { kind: 'page', id: db.parentPageId } : null;
      } else {
        const block = this.blocks.get(current.id);
        if (!block) break;
        current =
          block.parent.type === 'page_id'
            ? { kind: 'page', id: block.parent.page_id }
            : { kind: 'block', id: block.parent.block_id };
      }
    }
    return chain;
  }

  /** The page a page or block is on (the page itself, or the page a block hangs from); undefined for others. */
  pageOf(id: string): Page | undefined {
    const kind = this.pages.has(id) ? 'page' : this.blocks.has(id) ? 'block' : null;
    const pageId = kind === null ? undefined : this.rootsOf(kind, id).at(0);
    return pageId === undefined ? undefined : this.pages.get(pageId);
  }

  canReach(botId: string, kind: 'page' | 'database' | 'data_source' | 'block', id: string): boolean {
    const user = this.users.get(botId);
    if (user?.type === 'person') return true;
    const roots = this.shared.get(botId);
    if (!roots) return false;
    return this.rootsOf(kind, id).some((p) => roots.has(p));
  }

  private schemaContext(actor: string): SchemaContext {
    return {
      databaseOfDataSource: (id) =>
        this.dataSources.has(id) && this.canReach(actor, 'data_source', id)
          ? this.dataSources.get(id)?.databaseId
          : undefined,
      userExists: (id) => this.users.has(id),
      pageExists: (id) => this.pages.has(id) && this.canReach(actor, 'page', id),
    };
  }

  // Lookups with Notion's 404s (also for objects not shared with the integration).

  page(actor: string, id: string): Page {
    const page = this.pages.get(id);
    if (!page || !this.canReach(actor, 'page', id)) throw notFound('page', id);
    return page;
  }

  database(actor: string, id: string): Database {
    const db = this.databases.get(id);
    if (!db || !this.canReach(actor, 'database', id)) throw notFound('database', id);
    return db;
  }

  dataSource(actor: string, id: string): DataSource {
    const ds = this.dataSources.get(id);
    if (!ds || !this.canReach(actor, 'data_source', id)) throw notFound('data_source', id);
    return ds;
  }

  // Databases and data sources.

  createDatabase(actor: string, body: Record<string, unknown>): Database {
    const parent = isObject(body.parent) ? body.parent : {};
    const parentId = typeof parent.page_id === 'string' ? normaliseId(parent.page_id) : null;
    if (parentId === null) throw validationError('body.parent.page_id should be a valid uuid.');
    const parentPage = this.page(actor, parentId);
    if (parentPage.parent.type === 'data_source_id') {
      throw validationError('Databases can only be created under a page that is not itself a database row.');
    }
    const initial = isObject(body.initial_data_source) ? body.initial_data_source : {};
    const rawProps = isObject(initial.properties) ? initial.properties : {};
    const now = this.clock.now();
    const db: Database = {
      id: newId(),
      parentPageId: parentId,
      title: body.title === undefined ? [] : parseRichText(body.title, 'body.title'),
      description: body.description === undefined ? [] : parseRichText(body.description, 'body.description'),
      isInline: body.is_inline === true,
      dataSourceIds: [],
      createdTime: now,
      lastEditedTime: now,
      inTrash: false,
    };
    const ds: DataSource = {
      id: newId(),
      databaseId: db.id,
      title: db.title,
      properties: [],
      createdTime: now,
      lastEditedTime: now,
      createdBy: actor,
      lastEditedBy: actor,
    };
    // Relations may point at existing data sources only (the new one has no id yet for the caller).
    this.databases.set(db.id, db);
    this.dataSources.set(ds.id, ds);
    db.dataSourceIds.push(ds.id);
    try {
      this.applySchema(actor, ds, rawProps, true);
    } catch (error) {
      this.databases.delete(db.id);
      this.dataSources.delete(ds.id);
      throw error;
    }
    // A database shows in its parent page as a child_database block with the database's id.
    this.blocks.set(db.id, {
      id: db.id,
      parent: { type: 'page_id', page_id: parentId },
      type: 'child_database',
      content: { title: plainText(db.title) },
      children: [],
      createdTime: now,
      createdBy: actor,
      lastEditedTime: now,
      lastEditedBy: actor,
      inTrash: false,
    });
    this.children.set(parentId, [...(this.children.get(parentId) ?? []), db.id]);
    return db;
  }

  /** Adds, renames, changes or (value null) removes properties of a data source. */
  applySchema(actor: string, ds: DataSource, raw: Record<string, unknown>, creating = false): void {
    const next = [...ds.properties];
    const ctx = this.schemaContext(actor);
    for (const [name, change] of Object.entries(raw)) {
      const index = next.findIndex((p) => p.name === name || p.id === name);
      if (change === null) {
        if (index < 0) throw validationError(`Could not find property with name or id: ${name}`);
        if (next[index]?.type === 'title') throw validationError('Cannot delete the title property.');
        next.splice(index, 1);
        continue;
      }
      if (!isObject(change))
        throw validationError(`body.properties.${name} should be an object or \`null\`.`);
      const existing = index >= 0 ? next[index] : undefined;
      const keys = Object.keys(change).filter((k) => k !== 'name' && k !== 'description');
      if (existing && keys.length === 0) {
        if (typeof change.name === 'string') next[index] = { ...existing, name: change.name };
        continue;
      }
      const config = parsePropertyConfig(
        typeof change.name === 'string' ? change.name : (existing?.name ?? name),
        change,
        ctx,
        new Set(next.map((p) => p.id)),
      );
      if (config.type === 'title' && next.some((p, i) => p.type === 'title' && i !== index)) {
        throw validationError('A data source has exactly one title property.');
      }
      if (existing && existing.type === config.type && Array.isArray(config.config.options)) {
        // Options are matched to the existing ones by name, so pages keep their values.
        const before = (existing.config.options ?? []) as { id: string; name: string }[];
        config.config.options = (config.config.options as { id: string; name: string }[]).map(
          (o) => before.find((b) => b.name === o.name) ?? o,
        );
      }
      if (existing) next[index] = { ...config, id: existing.type === config.type ? existing.id : config.id };
      else next.push(config);
    }
    if (creating && !next.some((p) => p.type === 'title')) {
      throw validationError('body.initial_data_source.properties should contain one title property.');
    }
    ds.properties = next;
    ds.lastEditedTime = this.clock.now();
    ds.lastEditedBy = actor;
  }

  renderDatabase(db: Database): Record<string, unknown> {
    return {
      object: 'database',
      id: db.id,
      title: db.title,
      description: db.description,
      parent: { type: 'page_id', page_id: db.parentPageId },
      is_inline: db.isInline,
      in_trash: db.inTrash,
      archived: db.inTrash,
      is_locked: false,
      created_time: iso(floorMinute(db.createdTime)),
      last_edited_time: iso(floorMinute(db.lastEditedTime)),
      data_sources: db.dataSourceIds.map((id) => ({
        id,
        name: plainText(this.dataSources.get(id)?.title ?? []),
      })),
      icon: null,
      cover: null,
      url: `https://www.notion.so/${db.id.replace(/-/g, '')}`,
      public_url: null,
    };
  }

  renderDataSource(ds: DataSource): Record<string, unknown> {
    const db = this.databases.get(ds.databaseId);
    return {
      object: 'data_source',
      id: ds.id,
      title: ds.title,
      description: [],
      parent: { type: 'database_id', database_id: ds.databaseId },
      database_parent: { type: 'page_id', page_id: db?.parentPageId },
      is_inline: db?.isInline ?? false,
      in_trash: false,
      archived: false,
      created_time: iso(floorMinute(ds.createdTime)),
      last_edited_time: iso(floorMinute(ds.lastEditedTime)),
      created_by: { object: 'user', id: ds.createdBy },
      last_edited_by: { object: 'user', id: ds.lastEditedBy },
      properties: Object.fromEntries(ds.properties.map((p) => [p.name, renderConfig(p)])),
      icon: null,
      cover: null,
      url: `https://www.notion.so/${ds.databaseId.replace(/-/g, '')}`,
      public_url: null,
    };
  }

  // Pages.

  private writeValues(actor: string, ds: DataSource, page: Page, raw: unknown): void {
    if (raw === undefined) return;
    if (!isObject(raw)) throw validationError('body.properties should be an object.');
    const ctx = this.schemaContext(actor);
    const staged = new Map<string, StoredValue>();
    for (const [key, value] of Object.entries(raw)) {
      const p = ds.properties.find((x) => x.name === key || x.id === key);
      if (!p) throw validationError(`${key} is not a property that exists.`);
      staged.set(p.id, parseValue(p, value, ctx));
    }
    for (const [id, value] of staged) page.values.set(id, value);
  }

  createPage(actor: string, body: Record<string, unknown>): Page {
    const parent = isObject(body.parent) ? body.parent : {};
    const now = this.clock.now();
    const page: Page = {
      id: newId(),
      parent: { type: 'workspace', workspace: true },
      values: new Map(),
      createdTime: now,
      lastEditedTime: now,
      createdBy: actor,
      lastEditedBy: actor,
      inTrash: false,
    };
    let dsId = typeof parent.data_source_id === 'string' ? normaliseId(parent.data_source_id) : null;
    if (dsId === null && typeof parent.database_id === 'string') {
      const dbId = normaliseId(parent.database_id);
      const db = dbId === null ? undefined : this.database(actor, dbId);
      if (db && db.dataSourceIds.length !== 1) {
        throw validationError(
          'This database has several data sources: create the page under a data_source_id.',
        );
      }
      dsId = db?.dataSourceIds[0] ?? null;
    }
    if (dsId !== null) {
      const ds = this.dataSource(actor, dsId);
      page.parent = { type: 'data_source_id', data_source_id: ds.id, database_id: ds.databaseId };
      for (const p of ds.properties) page.values.set(p.id, emptyValue(p));
      this.writeValues(actor, ds, page, body.properties);
    } else if (typeof parent.page_id === 'string') {
      const parentId = normaliseId(parent.page_id);
      if (parentId === null) throw validationError('body.parent.page_id should be a valid uuid.');
      this.page(actor, parentId);
      page.parent = { type: 'page_id', page_id: parentId };
      const props = isObject(body.properties) ? body.properties : {};
      const title = isObject(props.title) ? props.title.title : isObject(props.Name) ? props.Name.title : [];
      page.values.set('title', parseRichText(title ?? [], 'body.properties.title.title'));
    } else {
      throw validationError('body.parent should be defined with a data_source_id, database_id or page_id.');
    }
    if (body.children !== undefined) this.validateBlocks(body.children, 'body.children', 1);
    this.pages.set(page.id, page);
    if (body.children !== undefined)
      this.insertBlocks(actor, { type: 'page_id', page_id: page.id }, body.children as unknown[], false);
    return page;
  }

  updatePage(actor: string, page: Page, body: Record<string, unknown>): void {
    const trashFlag = body.in_trash ?? body.archived;
    if (page.inTrash && trashFlag !== false) {
      throw validationError(
        "Can't edit block that is archived. You must unarchive the block before editing.",
      );
    }
    if (page.parent.type === 'data_source_id') {
      const ds = this.dataSources.get(page.parent.data_source_id);
      if (!ds) throw notFound('data_source', page.parent.data_source_id);
      this.writeValues(actor, ds, page, body.properties);
    } else if (body.properties !== undefined) {
      const props = isObject(body.properties) ? body.properties : {};
      const title = isObject(props.title) ? props.title.title : undefined;
      if (title !== undefined) page.values.set('title', parseRichText(title, 'body.properties.title.title'));
    }
    if (typeof trashFlag === 'boolean') page.inTrash = trashFlag;
    page.lastEditedTime = this.clock.now();
    page.lastEditedBy = actor;
  }

  renderPage(page: Page, only?: ReadonlySet<string>): Record<string, unknown> {
    const meta = {
      createdTime: iso(floorMinute(page.createdTime)),
      lastEditedTime: iso(floorMinute(page.lastEditedTime)),
      createdBy: page.createdBy,
      lastEditedBy: page.lastEditedBy,
    };
    let properties: Record<string, unknown>;
    if (page.parent.type === 'data_source_id') {
      const ds = this.dataSources.get(page.parent.data_source_id);
      const props = (ds?.properties ?? []).filter((p) => !only || only.has(p.id) || only.has(p.name));
      properties = Object.fromEntries(
        props.map((p) => [p.name, renderValue(p, page.values.get(p.id), meta)]),
      );
    } else {
      properties = { title: { id: 'title', type: 'title', title: page.values.get('title') ?? [] } };
    }
    return {
      object: 'page',
      id: page.id,
      created_time: meta.createdTime,
      last_edited_time: meta.lastEditedTime,
      created_by: { object: 'user', id: page.createdBy },
      last_edited_by: { object: 'user', id: page.lastEditedBy },
      cover: null,
      icon: null,
      parent: page.parent,
      in_trash: page.inTrash,
      archived: page.inTrash,
      is_archived: page.inTrash,
      is_locked: false,
      properties,
      url: `https://www.notion.so/${page.id.replace(/-/g, '')}`,
      public_url: null,
    };
  }

  // Blocks.

  private validateBlocks(raw: unknown, path: string, depth: number): void {
    if (!Array.isArray(raw))
      throw validationError(`${path} should be an array, instead was \`${JSON.stringify(raw)}\`.`);
    if (raw.length > MAX_BLOCKS_PER_APPEND)
      throw tooMany(`${path}.length`, MAX_BLOCKS_PER_APPEND, raw.length);
    raw.forEach((b, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(b)) throw validationError(`${at} should be an object.`);
      const type = typeof b.type === 'string' ? b.type : Object.keys(b).find((k) => BLOCK_TYPES.has(k));
      if (type === undefined || !BLOCK_TYPES.has(type)) {
        throw validationError(
          `${at} should be a supported block type, instead was \`${JSON.stringify(b.type)}\`.`,
        );
      }
      const content = isObject(b[type]) ? (b[type] as Record<string, unknown>) : {};
      if (type !== 'divider') parseRichText(content.rich_text ?? [], `${at}.${type}.rich_text`);
      if (content.children !== undefined) {
        if (depth >= 2)
          throw validationError(
            `${at}.${type}.children exceeds the maximum nesting of 2 levels per request.`,
          );
        this.validateBlocks(content.children, `${at}.${type}.children`, depth + 1);
      }
    });
  }

  private insertBlocks(
    actor: string,
    parent: Block['parent'],
    raw: unknown[],
    touchPage: boolean,
    at?: number,
  ): Block[] {
    const parentId = parent.type === 'page_id' ? parent.page_id : parent.block_id;
    const list = this.children.get(parentId) ?? [];
    const created: Block[] = [];
    for (const b of raw as Record<string, unknown>[]) {
      const type = (
        typeof b.type === 'string' ? b.type : Object.keys(b).find((k) => BLOCK_TYPES.has(k))
      ) as string;
      const content = isObject(b[type]) ? { ...(b[type] as Record<string, unknown>) } : {};
      const nested = content.children;
      delete content.children;
      if (type !== 'divider') content.rich_text = parseRichText(content.rich_text ?? [], 'rich_text');
      content.color = typeof content.color === 'string' ? content.color : 'default';
      const block: Block = {
        id: newId(),
        parent,
        type,
        content,
        children: [],
        createdTime: this.clock.now(),
        createdBy: actor,
        lastEditedTime: this.clock.now(),
        lastEditedBy: actor,
        inTrash: false,
      };
      this.blocks.set(block.id, block);
      if (at === undefined) list.push(block.id);
      else list.splice(at + created.length, 0, block.id);
      created.push(block);
      if (Array.isArray(nested)) {
        block.children = this.insertBlocks(
          actor,
          { type: 'block_id', block_id: block.id },
          nested,
          false,
        ).map((c) => c.id);
      }
    }
    this.children.set(parentId, list);
    // A block's own list too: children appended to a block later make it a parent (`has_children`).
    const parentBlock = parent.type === 'block_id' ? this.blocks.get(parentId) : undefined;
    if (parentBlock) parentBlock.children = [...list];
    if (touchPage) this.touchPageOf(actor, parent.type === 'page_id' ? 'page' : 'block', parentId);
    return created;
  }

  /** Editing a page's content edits the page: its last_edited_time and last_edited_by move too. */
  private touchPageOf(actor: string, kind: 'page' | 'block', id: string): Page | undefined {
    const pageId = this.rootsOf(kind, id).at(0);
    const page = pageId === undefined ? undefined : this.pages.get(pageId);
    if (page) {
      page.lastEditedTime = this.clock.now();
      page.lastEditedBy = actor;
    }
    return page;
  }

  /** GET /v1/blocks/{id} (content blocks and child_database blocks; pages are served as pages). */
  block(actor: string, id: string): Block {
    const b = this.blocks.get(id);
    if (!b || !this.canReach(actor, 'block', id)) throw notFound('block', id);
    return b;
  }

  /**
   * PATCH /v1/blocks/{id}: new content under the block's own type key (rich_text, color, checked…; the type
   * cannot change), or `in_trash` / `archived`. Returns the block and the page it is on (now edited by `actor`).
   */
  updateBlock(actor: string, id: string, body: Record<string, unknown>): { block: Block; page?: Page } {
    const b = this.block(actor, id);
    if (b.type === 'child_database')
      throw validationError('A child_database block is changed through the databases endpoints.');
    const trashFlag = body.in_trash ?? body.archived;
    if (b.inTrash && trashFlag !== false) {
      throw validationError(
        "Can't edit block that is archived. You must unarchive the block before editing.",
      );
    }
    const typeKeys = Object.keys(body).filter((k) => BLOCK_TYPES.has(k));
    for (const key of typeKeys) {
      if (key !== b.type)
        throw validationError(
          `body.${key} should be not present, instead was \`${JSON.stringify(body[key])}\`. The block is a ${b.type}.`,
        );
    }
    const content = body[b.type];
    if (content !== undefined) {
      if (!isObject(content)) throw validationError(`body.${b.type} should be an object.`);
      if (content.children !== undefined)
        throw validationError(`body.${b.type}.children should be not present (append children instead).`);
      const next = { ...b.content };
      if (content.rich_text !== undefined && b.type !== 'divider')
        next.rich_text = parseRichText(content.rich_text, `body.${b.type}.rich_text`);
      for (const [k, v] of Object.entries(content)) if (k !== 'rich_text') next[k] = v;
      b.content = next;
    }
    if (typeof trashFlag === 'boolean') b.inTrash = trashFlag;
    b.lastEditedTime = this.clock.now();
    b.lastEditedBy = actor;
    const page = this.touchPageOf(actor, 'block', id);
    return page ? { block: b, page } : { block: b };
  }

  /**
   * A person's "Turn into" in Notion's UI (the API has no such call): the block keeps its id, position, children and
   * text, and changes its type (a to-do starts unchecked). Only between the types that hold rich text.
   */
  turnBlock(actor: string, id: string, type: string): { block: Block; page?: Page } {
    const b = this.block(actor, id);
    if (!TEXT_TYPES.has(b.type) || !TEXT_TYPES.has(type))
      throw validationError(`A ${b.type} block cannot be turned into a ${type} block.`);
    if (b.inTrash)
      throw validationError(
        "Can't edit block that is archived. You must unarchive the block before editing.",
      );
    const { rich_text, color } = b.content;
    b.type = type;
    b.content = { rich_text, color, ...(type === 'to_do' ? { checked: false } : {}) };
    b.lastEditedTime = this.clock.now();
    b.lastEditedBy = actor;
    const page = this.touchPageOf(actor, 'block', id);
    return page ? { block: b, page } : { block: b };
  }

  /** PATCH /v1/blocks/{id}/children: the parent is a page or a block. */
  appendBlocks(actor: string, parentId: string, body: Record<string, unknown>): Block[] {
    this.validateBlocks(body.children, 'body.children', 1);
    let parent: Block['parent'];
    if (this.pages.has(parentId)) {
      const page = this.page(actor, parentId);
      if (page.inTrash)
        throw validationError(
          "Can't edit block that is archived. You must unarchive the block before editing.",
        );
      parent = { type: 'page_id', page_id: parentId };
    } else if (this.blocks.has(parentId) && this.canReach(actor, 'block', parentId)) {
      parent = { type: 'block_id', block_id: parentId };
    } else {
      throw notFound('block', parentId);
    }
    let at: number | undefined;
    if (body.after !== undefined) {
      // `after`: the new blocks go right after that child of the parent, not at the end.
      const after = (typeof body.after === 'string' ? normaliseId(body.after) : null) ?? '';
      const index = (this.children.get(parentId) ?? []).indexOf(after);
      if (index < 0 || this.blocks.get(after)?.inTrash)
        throw validationError(`body.after should be the id of a block in ${parentId}.`);
      at = index + 1;
    }
    return this.insertBlocks(actor, parent, body.children as unknown[], true, at);
  }

  childBlocks(actor: string, parentId: string): Block[] {
    if (this.pages.has(parentId)) this.page(actor, parentId);
    else if (!this.blocks.has(parentId) || !this.canReach(actor, 'block', parentId))
      throw notFound('block', parentId);
    return (this.children.get(parentId) ?? []).flatMap((id) => {
      const b = this.blocks.get(id);
      return b && !b.inTrash ? [b] : [];
    });
  }

  renderBlock(b: Block): Record<string, unknown> {
    return {
      object: 'block',
      id: b.id,
      parent: b.parent,
      created_time: iso(floorMinute(b.createdTime)),
      last_edited_time: iso(floorMinute(b.lastEditedTime)),
      created_by: { object: 'user', id: b.createdBy },
      last_edited_by: { object: 'user', id: b.lastEditedBy },
      has_children: b.children.some((c) => this.blocks.get(c)?.inTrash === false),
      archived: b.inTrash,
      in_trash: b.inTrash,
      type: b.type,
      [b.type]: b.content,
    };
  }

  // Comments.

  addComment(actor: string, body: Record<string, unknown>): Comment {
    const richText = parseRichText(body.rich_text, 'body.rich_text');
    if (richText.length === 0) throw validationError('body.rich_text should not be empty.');
    let pageId: string;
    let discussionId: string;
    if (typeof body.discussion_id === 'string') {
      const thread = this.comments.find((c) => c.discussionId === normaliseId(body.discussion_id as string));
      if (!thread)
        throw new NotionError(
          404,
          'object_not_found',
          `Could not find discussion with ID: ${body.discussion_id}.`,
        );
      pageId = thread.pageId;
      discussionId = thread.discussionId;
    } else {
      const parent = isObject(body.parent) ? body.parent : {};
      const id = typeof parent.page_id === 'string' ? normaliseId(parent.page_id) : null;
      if (id === null) throw validationError('body.parent.page_id or body.discussion_id should be defined.');
      pageId = this.page(actor, id).id;
      discussionId = newId();
    }
    const comment: Comment = {
      id: newId(),
      pageId,
      discussionId,
      richText,
      createdTime: this.clock.now(),
      createdBy: actor,
    };
    this.comments.push(comment);
    return comment;
  }

  renderComment(c: Comment): Record<string, unknown> {
    return {
      object: 'comment',
      id: c.id,
      parent: { type: 'page_id', page_id: c.pageId },
      discussion_id: c.discussionId,
      created_time: iso(floorMinute(c.createdTime)),
      last_edited_time: iso(floorMinute(c.createdTime)),
      created_by: { object: 'user', id: c.createdBy },
      rich_text: c.richText,
      display_name: { type: 'integration', resolved_name: this.users.get(c.createdBy)?.name ?? '' },
    };
  }

  renderUser(u: User): Record<string, unknown> {
    if (u.type === 'bot') {
      return {
        object: 'user',
        id: u.id,
        type: 'bot',
        name: u.name,
        avatar_url: null,
        bot: { owner: { type: 'workspace', workspace: true }, workspace_name: this.name },
      };
    }
    return {
      object: 'user',
      id: u.id,
      type: 'person',
      name: u.name,
      avatar_url: null,
      person: { email: u.email ?? '' },
    };
  }
}
