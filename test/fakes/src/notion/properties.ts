// Data source property schemas and page property values: validation of writes, Notion's read shapes.
import { NotionError, tooMany, validationError } from './errors.ts';
import { newPropertyId, normaliseId } from './ids.ts';
import { parseRichText, type RichTextItem } from './richText.ts';

export const WRITABLE_TYPES = [
  'title',
  'rich_text',
  'number',
  'select',
  'multi_select',
  'status',
  'date',
  'people',
  'relation',
  'checkbox',
  'url',
  'email',
  'phone_number',
] as const;
export const READ_ONLY_TYPES = ['created_time', 'last_edited_time', 'created_by', 'last_edited_by'] as const;
export type PropertyType = (typeof WRITABLE_TYPES)[number] | (typeof READ_ONLY_TYPES)[number];
const ALL_TYPES: ReadonlySet<string> = new Set([...WRITABLE_TYPES, ...READ_ONLY_TYPES]);

export interface SelectOption {
  id: string;
  name: string;
  color: string;
  description: null;
}

export interface PropertyConfig {
  id: string;
  name: string;
  type: PropertyType;
  /** number: { format }; select/multi_select/status: { options }; relation: { data_source_id, database_id, … }. */
  config: Record<string, unknown>;
}

export type StoredValue =
  | RichTextItem[]
  | number
  | null
  | string
  | string[]
  | boolean
  | { start: string; end: string | null; time_zone: string | null };

/** What the schema needs to know about the rest of the workspace. */
export interface SchemaContext {
  /** The database id of a data source, or undefined when it does not exist. */
  databaseOfDataSource(dataSourceId: string): string | undefined;
  userExists(id: string): boolean;
  pageExists(id: string): boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const COLORS = ['default', 'gray', 'brown', 'orange', 'yellow', 'green', 'blue', 'purple', 'pink', 'red'];
const show = (v: unknown) => `\`${JSON.stringify(v)}\``;

function options(raw: unknown, path: string): SelectOption[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw validationError(`${path} should be an array, instead was ${show(raw)}.`);
  const seen = new Set<string>();
  return raw.map((o, i) => {
    if (!isObject(o) || typeof o.name !== 'string' || o.name.trim() === '') {
      throw validationError(
        `${path}[${i}].name should be a non-empty string, instead was ${show(isObject(o) ? o.name : o)}.`,
      );
    }
    if (o.name.includes(',')) throw validationError(`${path}[${i}].name should not contain commas.`);
    if (seen.has(o.name)) throw validationError(`${path} has a duplicate option name: ${o.name}.`);
    seen.add(o.name);
    const color = typeof o.color === 'string' && COLORS.includes(o.color) ? o.color : 'default';
    return { id: newPropertyId(new Set()), name: o.name, color, description: null };
  });
}

/** A property config from a create/update request (`{ "number": { "format": "percent" } }`). */
export function parsePropertyConfig(
  name: string,
  raw: unknown,
  ctx: SchemaContext,
  takenIds: ReadonlySet<string>,
): PropertyConfig {
  const path = `body.properties.${name}`;
  if (!isObject(raw)) throw validationError(`${path} should be an object, instead was ${show(raw)}.`);
  const type = (typeof raw.type === 'string' ? raw.type : Object.keys(raw).find((k) => ALL_TYPES.has(k))) as
    | PropertyType
    | undefined;
  if (type === undefined || !ALL_TYPES.has(type)) {
    throw validationError(
      `${path} should define a supported property type, instead was ${show(Object.keys(raw))}.`,
    );
  }
  const body = isObject(raw[type]) ? (raw[type] as Record<string, unknown>) : {};
  const id = type === 'title' ? 'title' : newPropertyId(takenIds);
  let config: Record<string, unknown> = {};
  switch (type) {
    case 'number':
      config = { format: typeof body.format === 'string' ? body.format : 'number' };
      break;
    case 'select':
    case 'multi_select':
      config = { options: options(body.options, `${path}.${type}.options`) };
      break;
    case 'status': {
      const opts = options(body.options, `${path}.status.options`);
      config = {
        options:
          opts.length > 0
            ? opts
            : options([{ name: 'Not started' }, { name: 'In progress' }, { name: 'Done' }], path),
        groups: [],
      };
      break;
    }
    case 'relation': {
      const dsRaw = body.data_source_id;
      const dataSourceId = typeof dsRaw === 'string' ? normaliseId(dsRaw) : null;
      const databaseId = dataSourceId === null ? undefined : ctx.databaseOfDataSource(dataSourceId);
      if (dataSourceId === null || databaseId === undefined) {
        throw validationError(
          `${path}.relation.data_source_id should be the id of a data source shared with the integration, instead was ${show(dsRaw)}.`,
        );
      }
      config = {
        data_source_id: dataSourceId,
        database_id: databaseId,
        type: 'single_property',
        single_property: {},
      };
      break;
    }
    default:
      config = {};
  }
  return { id, name, type, config };
}

/** The data source response shape of a property. */
export function renderConfig(p: PropertyConfig): Record<string, unknown> {
  return { id: p.id, name: p.name, description: null, type: p.type, [p.type]: p.config };
}

function option(p: PropertyConfig, raw: unknown, path: string, createMissing: boolean): string | null {
  if (raw === null) return null;
  if (!isObject(raw))
    throw validationError(`${path} should be an object or \`null\`, instead was ${show(raw)}.`);
  const opts = p.config.options as SelectOption[];
  const byId = typeof raw.id === 'string' ? opts.find((o) => o.id === raw.id) : undefined;
  if (byId) return byId.id;
  if (typeof raw.name !== 'string')
    throw validationError(`${path}.name should be a string, instead was ${show(raw.name)}.`);
  const byName = opts.find((o) => o.name === raw.name);
  if (byName) return byName.id;
  if (!createMissing) {
    throw validationError(
      `Invalid status option. Status option "${raw.name}" does not exist for property "${p.name}".`,
    );
  }
  if (raw.name.includes(',')) throw validationError(`${path}.name should not contain commas.`);
  const created: SelectOption = {
    id: newPropertyId(new Set(opts.map((o) => o.id))),
    name: raw.name,
    color: 'default',
    description: null,
  };
  opts.push(created);
  return created.id;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})?)?$/;

function idList(
  raw: unknown,
  path: string,
  max: number,
  exists: (id: string) => boolean,
  what: string,
): string[] {
  if (!Array.isArray(raw)) throw validationError(`${path} should be an array, instead was ${show(raw)}.`);
  if (raw.length > max) throw tooMany(`${path}.length`, max, raw.length);
  return raw.map((item, i) => {
    const id = isObject(item) && typeof item.id === 'string' ? normaliseId(item.id) : null;
    if (id === null)
      throw validationError(
        `${path}[${i}].id should be a valid uuid, instead was ${show(isObject(item) ? item.id : item)}.`,
      );
    if (!exists(id))
      throw new NotionError(
        400,
        'validation_error',
        `${what} ${id} does not exist or is not shared with the integration.`,
      );
    return id;
  });
}

/** Validates one written property value (`{ "number": 3 }`) against its config; returns the stored value. */
export function parseValue(p: PropertyConfig, raw: unknown, ctx: SchemaContext): StoredValue {
  const path = `body.properties.${p.name}`;
  if ((READ_ONLY_TYPES as readonly string[]).includes(p.type)) {
    throw validationError(`${path} is a ${p.type} property, which cannot be updated.`);
  }
  if (!isObject(raw)) throw validationError(`${path} should be an object, instead was ${show(raw)}.`);
  const keys = Object.keys(raw).filter((k) => k !== 'type' && k !== 'id');
  if (!keys.includes(p.type)) {
    throw validationError(`${path}.${p.type} should be defined, instead was \`undefined\`.`);
  }
  const value = raw[p.type];
  const at = `${path}.${p.type}`;
  switch (p.type) {
    case 'title':
    case 'rich_text':
      return parseRichText(value, at);
    case 'number':
      if (value === null || (typeof value === 'number' && Number.isFinite(value))) return value;
      throw validationError(`${at} should be a number or \`null\`, instead was ${show(value)}.`);
    case 'select':
      return option(p, value, at, true);
    case 'status':
      return option(p, value, at, false);
    case 'multi_select': {
      if (!Array.isArray(value))
        throw validationError(`${at} should be an array, instead was ${show(value)}.`);
      return value.map((v, i) => option(p, v, `${at}[${i}]`, true) as string);
    }
    case 'date': {
      if (value === null) return null;
      if (!isObject(value) || typeof value.start !== 'string' || !ISO_DATE.test(value.start)) {
        throw validationError(
          `${at}.start should be a valid ISO 8601 date string, instead was ${show(isObject(value) ? value.start : value)}.`,
        );
      }
      const end = typeof value.end === 'string' && ISO_DATE.test(value.end) ? value.end : null;
      const tz = typeof value.time_zone === 'string' ? value.time_zone : null;
      return { start: value.start, end, time_zone: tz };
    }
    case 'people':
      return idList(value, at, 100, (id) => ctx.userExists(id), 'User');
    case 'relation':
      return idList(value, at, 100, (id) => ctx.pageExists(id), 'Page');
    case 'checkbox':
      if (typeof value === 'boolean') return value;
      throw validationError(`${at} should be a boolean, instead was ${show(value)}.`);
    default:
      if (value === null || typeof value === 'string') return value;
      throw validationError(`${at} should be a string or \`null\`, instead was ${show(value)}.`);
  }
}

/** The empty value a new page holds for a property it was not given. */
export function emptyValue(p: PropertyConfig): StoredValue {
  switch (p.type) {
    case 'title':
    case 'rich_text':
      return [];
    case 'multi_select':
    case 'people':
    case 'relation':
      return [];
    case 'checkbox':
      return false;
    default:
      return null;
  }
}

export interface PageMeta {
  createdTime: string;
  lastEditedTime: string;
  createdBy: string;
  lastEditedBy: string;
}

/** Relations and people in page objects list at most 25 items (has_more beyond). */
export const PAGE_LIST_LIMIT = 25;

/** The page-object shape of a property value. */
export function renderValue(
  p: PropertyConfig,
  stored: StoredValue | undefined,
  meta: PageMeta,
): Record<string, unknown> {
  const base = { id: p.id, type: p.type };
  const value = stored === undefined ? emptyValue(p) : stored;
  const opt = (id: unknown) => {
    const o = (p.config.options as SelectOption[]).find((x) => x.id === id);
    return o ? { id: o.id, name: o.name, color: o.color } : null;
  };
  switch (p.type) {
    case 'select':
    case 'status':
      return { ...base, [p.type]: opt(value) };
    case 'multi_select':
      return { ...base, multi_select: (value as string[]).map(opt).filter((o) => o !== null) };
    case 'people':
      return {
        ...base,
        people: (value as string[]).slice(0, PAGE_LIST_LIMIT).map((id) => ({ object: 'user', id })),
      };
    case 'relation': {
      const ids = value as string[];
      return {
        ...base,
        relation: ids.slice(0, PAGE_LIST_LIMIT).map((id) => ({ id })),
        has_more: ids.length > PAGE_LIST_LIMIT,
      };
    }
    case 'created_time':
      return { ...base, created_time: meta.createdTime };
    case 'last_edited_time':
      return { ...base, last_edited_time: meta.lastEditedTime };
    case 'created_by':
      return { ...base, created_by: { object: 'user', id: meta.createdBy } };
    case 'last_edited_by':
      return { ...base, last_edited_by: { object: 'user', id: meta.lastEditedBy } };
    default:
      return { ...base, [p.type]: value };
  }
}
