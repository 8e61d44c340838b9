// Data source queries: compound filters (≤ 2 levels), property and timestamp conditions, sorts, keyset cursors, the 10,000-result cap.
import { floorMinute } from './clock.ts';
import { tooMany, validationError } from './errors.ts';
import type { PropertyConfig, SelectOption, StoredValue } from './properties.ts';
import { plainText, type RichTextItem } from './richText.ts';
import type { DataSource, Page } from './workspace.ts';

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const show = (v: unknown) => `\`${JSON.stringify(v)}\``;
export const MAX_PAGE_SIZE = 100;

type Predicate = (page: Page) => boolean;

function textCondition(cond: Record<string, unknown>, path: string): (s: string) => boolean {
  const [op, arg] = Object.entries(cond)[0] ?? [];
  const s = typeof arg === 'string' ? arg : '';
  switch (op) {
    case 'equals':
      return (v) => v === s;
    case 'does_not_equal':
      return (v) => v !== s;
    case 'contains':
      return (v) => v.toLowerCase().includes(s.toLowerCase());
    case 'does_not_contain':
      return (v) => !v.toLowerCase().includes(s.toLowerCase());
    case 'starts_with':
      return (v) => v.startsWith(s);
    case 'ends_with':
      return (v) => v.endsWith(s);
    case 'is_empty':
      return (v) => v === '';
    case 'is_not_empty':
      return (v) => v !== '';
    default:
      throw validationError(`${path} should define a text condition, instead was ${show(cond)}.`);
  }
}

function numberCondition(cond: Record<string, unknown>, path: string): (n: number | null) => boolean {
  const [op, arg] = Object.entries(cond)[0] ?? [];
  if (op !== 'is_empty' && op !== 'is_not_empty' && typeof arg !== 'number') {
    throw validationError(`${path}.${op} should be a number, instead was ${show(arg)}.`);
  }
  const x = arg as number;
  switch (op) {
    case 'equals':
      return (n) => n === x;
    case 'does_not_equal':
      return (n) => n !== x;
    case 'greater_than':
      return (n) => n !== null && n > x;
    case 'less_than':
      return (n) => n !== null && n < x;
    case 'greater_than_or_equal_to':
      return (n) => n !== null && n >= x;
    case 'less_than_or_equal_to':
      return (n) => n !== null && n <= x;
    case 'is_empty':
      return (n) => n === null;
    case 'is_not_empty':
      return (n) => n !== null;
    default:
      throw validationError(`${path} should define a number condition, instead was ${show(cond)}.`);
  }
}

/** Dates compare as instants; a date-only value is midnight UTC (Notion's workspace time zone here). */
function instant(s: string): number {
  return Date.parse(s.length === 10 ? `${s}T00:00:00.000Z` : s);
}

function dateCondition(cond: Record<string, unknown>, path: string): (ms: number | null) => boolean {
  const [op, arg] = Object.entries(cond)[0] ?? [];
  if (op === 'is_empty') return (ms) => ms === null;
  if (op === 'is_not_empty') return (ms) => ms !== null;
  if (typeof arg !== 'string' || Number.isNaN(instant(arg))) {
    throw validationError(`${path}.${op} should be a valid ISO 8601 date string, instead was ${show(arg)}.`);
  }
  const t = instant(arg);
  switch (op) {
    case 'equals':
      return (ms) => ms !== null && (arg.length === 10 ? ms >= t && ms < t + 86_400_000 : ms === t);
    case 'before':
      return (ms) => ms !== null && ms < t;
    case 'after':
      return (ms) => ms !== null && ms > t;
    case 'on_or_before':
      return (ms) => ms !== null && ms <= t;
    case 'on_or_after':
      return (ms) => ms !== null && ms >= t;
    default:
      throw validationError(`${path} should define a date condition, instead was ${show(cond)}.`);
  }
}

function optionName(p: PropertyConfig, id: unknown): string | null {
  return (p.config.options as SelectOption[]).find((o) => o.id === id)?.name ?? null;
}

function propertyPredicate(ds: DataSource, f: Record<string, unknown>, path: string): Predicate {
  const key = f.property as string;
  const p = ds.properties.find((x) => x.name === key || x.id === key);
  if (!p) throw validationError(`Could not find property with name or id: ${key}`);
  const typeKey = Object.keys(f).find((k) => k !== 'property' && k !== 'type');
  const cond = typeKey === undefined ? undefined : f[typeKey];
  if (typeKey === undefined || !isObject(cond)) throw validationError(`${path} should define a condition.`);
  const at = `${path}.${typeKey}`;
  const value = (page: Page): StoredValue | undefined => page.values.get(p.id);
  const compatible: Record<string, readonly string[]> = {
    title: ['title', 'rich_text'],
    rich_text: ['title', 'rich_text'],
    number: ['number'],
    select: ['select'],
    status: ['status'],
    multi_select: ['multi_select'],
    date: ['date'],
    people: ['people', 'created_by', 'last_edited_by'],
    relation: ['relation'],
    checkbox: ['checkbox'],
    url: ['url'],
    email: ['email'],
    phone_number: ['phone_number'],
    created_time: ['created_time'],
    last_edited_time: ['last_edited_time'],
    created_by: ['created_by'],
    last_edited_by: ['last_edited_by'],
  };
  if (!(compatible[typeKey] ?? []).includes(p.type)) {
    throw validationError(`${path} uses a ${typeKey} filter on the ${p.type} property ${p.name}.`);
  }
  switch (p.type) {
    case 'title':
    case 'rich_text': {
      const test = textCondition(cond, at);
      return (page) => test(plainText((value(page) ?? []) as RichTextItem[]));
    }
    case 'url':
    case 'email':
    case 'phone_number': {
      const test = textCondition(cond, at);
      return (page) => test((value(page) as string | null) ?? '');
    }
    case 'number': {
      const test = numberCondition(cond, at);
      return (page) => test((value(page) as number | null | undefined) ?? null);
    }
    case 'select':
    case 'status': {
      const [op, arg] = Object.entries(cond)[0] ?? [];
      const names = Array.isArray(arg) ? arg : [arg];
      return (page) => {
        const name = optionName(p, value(page));
        if (op === 'equals') return name !== null && names.includes(name);
        if (op === 'does_not_equal') return name === null || !names.includes(name);
        if (op === 'is_empty') return name === null;
        if (op === 'is_not_empty') return name !== null;
        throw validationError(`${at} should define a select condition, instead was ${show(cond)}.`);
      };
    }
    case 'date': {
      const test = dateCondition(cond, at);
      return (page) => {
        const v = value(page) as { start: string } | null | undefined;
        return test(v ? instant(v.start) : null);
      };
    }
    case 'created_time':
    case 'last_edited_time': {
      const test = dateCondition(cond, at);
      return (page) => test(floorMinute(p.type === 'created_time' ? page.createdTime : page.lastEditedTime));
    }
    case 'people':
    case 'relation':
    case 'multi_select':
    case 'created_by':
    case 'last_edited_by': {
      const [op, arg] = Object.entries(cond)[0] ?? [];
      const ids = (page: Page): string[] =>
        p.type === 'created_by'
          ? [page.createdBy]
          : p.type === 'last_edited_by'
            ? [page.lastEditedBy]
            : p.type === 'multi_select'
              ? ((value(page) ?? []) as string[]).map((id) => optionName(p, id) ?? '')
              : ((value(page) ?? []) as string[]);
      return (page) => {
        const list = ids(page);
        if (op === 'contains') return list.includes(String(arg));
        if (op === 'does_not_contain') return !list.includes(String(arg));
        if (op === 'is_empty') return list.length === 0;
        if (op === 'is_not_empty') return list.length > 0;
        throw validationError(`${at} should define a list condition, instead was ${show(cond)}.`);
      };
    }
    case 'checkbox': {
      const [op, arg] = Object.entries(cond)[0] ?? [];
      return (page) => (op === 'equals' ? value(page) === arg : value(page) !== arg);
    }
  }
}

/** A filter tree: `and`/`or` nest at most two levels deep, as in Notion. */
export function compileFilter(ds: DataSource, filter: unknown, path = 'body.filter', depth = 0): Predicate {
  if (filter === undefined) return () => true;
  if (!isObject(filter)) throw validationError(`${path} should be an object, instead was ${show(filter)}.`);
  for (const op of ['and', 'or'] as const) {
    const list = filter[op];
    if (list === undefined) continue;
    if (depth >= 2) throw validationError(`${path} exceeds the maximum filter nesting depth of 2.`);
    if (!Array.isArray(list)) throw validationError(`${path}.${op} should be an array.`);
    if (list.length > 100) throw tooMany(`${path}.${op}.length`, 100, list.length);
    const parts = list.map((f, i) => compileFilter(ds, f, `${path}.${op}[${i}]`, depth + 1));
    return op === 'and' ? (p) => parts.every((t) => t(p)) : (p) => parts.some((t) => t(p));
  }
  if (filter.timestamp === 'last_edited_time' || filter.timestamp === 'created_time') {
    const key = filter.timestamp;
    const cond = filter[key];
    if (!isObject(cond)) throw validationError(`${path}.${key} should be an object.`);
    const test = dateCondition(cond, `${path}.${key}`);
    return (page) => test(floorMinute(key === 'created_time' ? page.createdTime : page.lastEditedTime));
  }
  if (typeof filter.property === 'string') return propertyPredicate(ds, filter, path);
  throw validationError(
    `${path} should be a property, timestamp or compound filter, instead was ${show(filter)}.`,
  );
}

type SortKey = (string | number | null)[];

/** Sort keys per page: each requested sort, then the page id (a total order for keyset cursors). */
export function compileSorts(ds: DataSource, sorts: unknown): { key: (p: Page) => SortKey; dirs: number[] } {
  const list = sorts === undefined ? [{ timestamp: 'created_time', direction: 'descending' }] : sorts;
  if (!Array.isArray(list)) throw validationError('body.sorts should be an array.');
  const keys: ((p: Page) => string | number | null)[] = [];
  const dirs: number[] = [];
  list.forEach((s, i) => {
    if (!isObject(s)) throw validationError(`body.sorts[${i}] should be an object.`);
    const dir = s.direction === 'descending' ? -1 : s.direction === 'ascending' ? 1 : 0;
    if (dir === 0) throw validationError(`body.sorts[${i}].direction should be "ascending" or "descending".`);
    dirs.push(dir);
    if (s.timestamp === 'last_edited_time' || s.timestamp === 'created_time') {
      const t = s.timestamp;
      keys.push((p) => floorMinute(t === 'created_time' ? p.createdTime : p.lastEditedTime));
      return;
    }
    const prop = ds.properties.find((x) => x.name === s.property || x.id === s.property);
    if (!prop) throw validationError(`Could not find sort property with name or id: ${String(s.property)}`);
    keys.push((p) => {
      const v = p.values.get(prop.id);
      if (prop.type === 'title' || prop.type === 'rich_text') return plainText((v ?? []) as RichTextItem[]);
      if (prop.type === 'select' || prop.type === 'status') {
        const idx = (prop.config.options as SelectOption[]).findIndex((o) => o.id === v);
        return idx < 0 ? null : idx;
      }
      if (prop.type === 'date') return v && typeof v === 'object' && 'start' in v ? instant(v.start) : null;
      if (typeof v === 'number' || typeof v === 'string') return v;
      return null;
    });
  });
  dirs.push(1);
  return { key: (p) => [...keys.map((k) => k(p)), p.id], dirs };
}

export function compareKeys(a: SortKey, b: SortKey, dirs: readonly number[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] ?? null;
    const y = b[i] ?? null;
    if (x === y) continue;
    // Empty values sort last in both directions, like Notion.
    if (x === null) return 1;
    if (y === null) return -1;
    const d = dirs[i] ?? 1;
    return (x < y ? -1 : 1) * d;
  }
  return 0;
}

/** The opaque cursor: the last row's sort key and how many rows came before it (for the result cap). */
export interface Cursor {
  key: SortKey;
  served: number;
}

export const encodeCursor = (c: Cursor): string => Buffer.from(JSON.stringify(c)).toString('base64url');

export function decodeCursor(raw: unknown): Cursor | undefined {
  if (raw === undefined || raw === null) return undefined;
  try {
    const c = JSON.parse(Buffer.from(String(raw), 'base64url').toString()) as Cursor;
    if (Array.isArray(c.key) && typeof c.served === 'number') return c;
  } catch {
    // fall through
  }
  throw validationError(`body.start_cursor should be a valid cursor, instead was ${show(raw)}.`);
}

export function pageSize(raw: unknown, path = 'body.page_size'): number {
  if (raw === undefined) return MAX_PAGE_SIZE;
  if (typeof raw !== 'number' || !Number.isInteger(raw) || raw < 1) {
    throw validationError(`${path} should be a positive integer, instead was ${show(raw)}.`);
  }
  if (raw > MAX_PAGE_SIZE) throw tooMany(path, MAX_PAGE_SIZE, raw);
  return raw;
}
