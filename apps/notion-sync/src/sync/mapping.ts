// Goal ↔ page: the row a goal should show, the properties that write it, and what a page says (with invalid values kept apart).
import { type Goal, type GoalStatus, kpiProgress } from '@perfloop/core';
import { plain, richText } from '../notion/text.ts';
import { type Field, type SchemaMap, STATUS_NAMES } from './schema.ts';

/** A page's values in comparable form, one per field (Last synced is not compared). */
export interface Row {
  title: string;
  perfloopId: string;
  /** Notion user ids. */
  owner: string[];
  ownerName: string;
  department: string | null;
  cycle: string | null;
  weight: number | null;
  target: number | null;
  actual: number | null;
  unit: string;
  progress: number | null;
  status: GoalStatus | null;
  notes: string;
  due: string | null;
  /** Page ids. */
  alignedTo: string[];
}
export type RowField = keyof Row;
export const ROW_FIELDS: readonly RowField[] = [
  'title',
  'perfloopId',
  'owner',
  'ownerName',
  'department',
  'cycle',
  'weight',
  'target',
  'actual',
  'unit',
  'progress',
  'status',
  'notes',
  'due',
  'alignedTo',
];

/** What the worker knows about the organisation to fill a row. */
export interface RowContext {
  cycleName(id: string): string | null;
  departmentName(id: string | null): string | null;
  person(id: string | null): { name: string; email: string; departmentId: string } | null;
  /** The Notion user with this e-mail, when the workspace has one. */
  notionUserByEmail(email: string): string | null;
  /** The page of a goal, when it has one. */
  pageOf(goalId: string): string | null;
}

const round4 = (n: number) => Math.round(n * 10_000) / 10_000;

/** The row a goal should show in Notion. */
export function goalRow(goal: Goal, ctx: RowContext): Row {
  const owner = ctx.person(goal.ownerId);
  const notionOwner = owner ? ctx.notionUserByEmail(owner.email) : null;
  const aligned = goal.alignedTo === null ? null : ctx.pageOf(goal.alignedTo);
  const kpi = goal.kind === 'kpi' ? goal : null;
  return {
    title: goal.title,
    perfloopId: goal.id,
    owner: notionOwner ? [notionOwner] : [],
    ownerName: owner?.name ?? '',
    department: ctx.departmentName(goal.departmentId ?? owner?.departmentId ?? null),
    cycle: ctx.cycleName(goal.cycleId),
    weight: goal.weight,
    target: kpi?.target ?? null,
    actual: kpi?.actual ?? null,
    unit: kpi?.unit ?? '',
    progress: kpi && kpi.target !== kpi.baseline ? round4(kpiProgress(kpi, kpi.actual)) : null,
    status: goal.status,
    notes: goal.description,
    due: goal.dueDate,
    alignedTo: aligned ? [aligned] : [],
  };
}

const numberText = (n: number | null) => (n === null ? '' : String(n));

/** Notion property values writing `fields` of `row` (and Last synced = `syncedAt`). */
export function rowProperties(
  row: Row,
  schema: SchemaMap,
  fields: readonly RowField[],
  syncedAt: string | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const text = (s: string) => ({ rich_text: s === '' ? [] : richText(s) });
  const select = (field: Field, name: string | null) =>
    schema[field].type === 'rich_text'
      ? text(name ?? '')
      : { [schema[field].type]: name === null || name === '' ? null : { name } };
  for (const f of fields) {
    const name = schema[f].name;
    switch (f) {
      case 'title':
        out[name] = { title: richText(row.title) };
        break;
      case 'perfloopId':
      case 'ownerName':
      case 'unit':
      case 'notes':
        out[name] = text(row[f]);
        break;
      case 'owner':
        out[name] = { people: row.owner.map((id) => ({ object: 'user', id })) };
        break;
      case 'department':
      case 'cycle':
        out[name] = select(f, row[f]);
        break;
      case 'status':
        out[name] = select('status', row.status === null ? null : STATUS_NAMES[row.status]);
        break;
      case 'actual':
        out[name] =
          schema.actual.type === 'rich_text' ? text(numberText(row.actual)) : { number: row.actual };
        break;
      case 'weight':
      case 'target':
      case 'progress':
        out[name] = { number: row[f] };
        break;
      case 'due':
        out[name] = { date: row.due === null ? null : { start: row.due } };
        break;
      case 'alignedTo':
        out[name] = { relation: row.alignedTo.map((id) => ({ id })) };
        break;
    }
  }
  if (syncedAt !== null) out[schema.lastSynced.name] = { date: { start: syncedAt } };
  return out;
}

/** A value in a page that Perfloop cannot take (text in a number, an unknown status, notes too long). */
export interface InvalidValue {
  field: RowField;
  raw: string;
  reason: string;
}

export interface ReadPage {
  id: string;
  row: Row;
  invalid: InvalidValue[];
  lastEditedTime: string;
  createdBy: string;
  lastEditedBy: string;
  inTrash: boolean;
}

const STATUS_BY_NAME = new Map<string, GoalStatus>(
  Object.entries(STATUS_NAMES).map(([k, v]) => [v.toLowerCase(), k as GoalStatus]),
);

type PageProperty = Record<string, unknown> & { type?: string };

function optionName(p: PageProperty | undefined): string | null {
  if (!p) return null;
  if (p.type === 'rich_text') return plain(p.rich_text).trim() || null;
  const v = p[p.type ?? ''] as { name?: string } | null | undefined;
  return v?.name ?? null;
}

const NUMBER = /^[-+]?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$/;

/** Reads a page object into a row; values Perfloop cannot take go to `invalid` (their field keeps null). */
export function readPage(page: Record<string, unknown>, schema: SchemaMap): ReadPage {
  const props = (page.properties ?? {}) as Record<string, PageProperty>;
  const get = (f: Field) => props[schema[f].name];
  const invalid: InvalidValue[] = [];
  const num = (f: Field): number | null => {
    const p = get(f);
    if (!p) return null;
    if (p.type === 'number') return typeof p.number === 'number' ? p.number : null;
    const s = plain(p.rich_text).trim().replace(/,/g, '');
    if (s === '') return null;
    if (NUMBER.test(s) && Number.isFinite(Number(s))) return Number(s);
    invalid.push({ field: f as RowField, raw: plain(p.rich_text), reason: 'it is not a number' });
    return null;
  };
  const text = (f: Field) => {
    const p = get(f);
    return p ? plain(p.type === 'title' ? p.title : p.rich_text) : '';
  };
  let status: GoalStatus | null = null;
  const statusName = optionName(get('status'));
  if (statusName !== null) {
    status = STATUS_BY_NAME.get(statusName.toLowerCase()) ?? null;
    if (status === null) {
      invalid.push({
        field: 'status',
        raw: statusName,
        reason: `it is not a Perfloop status (${Object.values(STATUS_NAMES).join(', ')})`,
      });
    }
  }
  let notes = text('notes');
  if (notes.length > 5000) {
    invalid.push({
      field: 'notes',
      raw: `${notes.slice(0, 200)}…`,
      reason: `notes hold at most 5,000 characters (these have ${notes.length})`,
    });
    notes = '';
  }
  const due = get('due');
  const dueValue = (due?.date as { start?: string } | null | undefined)?.start ?? null;
  const ids = (list: unknown) =>
    Array.isArray(list) ? list.map((x) => String((x as { id: string }).id)) : [];
  const row: Row = {
    title: text('title'),
    perfloopId: text('perfloopId').trim(),
    owner: ids(get('owner')?.people),
    ownerName: text('ownerName'),
    department: optionName(get('department')),
    cycle: optionName(get('cycle')),
    weight: num('weight'),
    target: num('target'),
    actual: num('actual'),
    unit: text('unit'),
    progress: num('progress'),
    status,
    notes,
    due: dueValue === null ? null : dueValue.slice(0, 10),
    alignedTo: ids(get('alignedTo')?.relation),
  };
  const user = (u: unknown) => String((u as { id?: string } | undefined)?.id ?? '');
  return {
    id: String(page.id),
    row,
    invalid,
    lastEditedTime: String(page.last_edited_time ?? ''),
    createdBy: user(page.created_by),
    lastEditedBy: user(page.last_edited_by),
    inTrash: page.in_trash === true || page.archived === true,
  };
}

/** Stable comparison of two field values. */
export function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

/** Fields whose values differ between two (partial) rows. */
export function changedFields(
  desired: Row,
  known: Partial<Row>,
  fields: readonly RowField[] = ROW_FIELDS,
): RowField[] {
  return fields.filter((f) => !(f in known) || !same(desired[f], known[f]));
}

/** A value as people read it in a comment. */
export function display(field: RowField, value: unknown): string {
  if (value === null || value === undefined || value === '') return '(empty)';
  if (field === 'status') return STATUS_NAMES[value as GoalStatus] ?? String(value);
  if (Array.isArray(value)) return value.length === 0 ? '(empty)' : value.join(', ');
  return String(value);
}

export const FIELD_LABELS: Record<RowField, string> = {
  title: 'Name',
  perfloopId: 'Perfloop id',
  owner: 'Owner',
  ownerName: 'Owner name',
  department: 'Department',
  cycle: 'Cycle',
  weight: 'Weight',
  target: 'Target',
  actual: 'Actual',
  unit: 'Unit',
  progress: 'Progress',
  status: 'Status',
  notes: 'Notes',
  due: 'Due',
  alignedTo: 'Aligned to',
};
