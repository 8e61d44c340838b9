// Goal → row → Notion properties → page → row, rich-text splitting, invalid values, schema resolution.
import type { Goal } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { plain, richText, splitText } from '../notion/text.ts';
import { goalRow, ROW_FIELDS, type RowContext, readPage, rowProperties } from './mapping.ts';
import { FIELDS, PROPERTY_NAMES, resolveSchema, type SchemaMap } from './schema.ts';

const goal: Goal = {
  id: 'gol_1',
  cycleId: 'cyc_1',
  title: 'Grow pipeline',
  description: 'Notes',
  level: 'person',
  ownerId: 'per_ava',
  departmentId: 'dep_sales',
  weight: 40,
  alignedTo: 'gol_dept',
  status: 'active',
  dueDate: '2026-12-31',
  kind: 'kpi',
  unit: 'k€',
  direction: 'higher_is_better',
  baseline: 100,
  threshold: null,
  target: 200,
  stretch: null,
  curve: { type: 'linear' },
  actual: 150,
};
const ctx: RowContext = {
  cycleName: () => '2026 H2',
  departmentName: (id) => (id === 'dep_sales' ? 'Sales' : null),
  person: () => ({ name: 'Ava', email: 'ava@acme.test', departmentId: 'dep_sales' }),
  notionUserByEmail: (e) => (e === 'ava@acme.test' ? 'user-ava' : null),
  pageOf: (id) => (id === 'gol_dept' ? 'page-dept' : null),
};
const schema = Object.fromEntries(
  FIELDS.map((f) => [
    f,
    {
      name: PROPERTY_NAMES[f],
      id: f,
      type: (
        {
          title: 'title',
          perfloopId: 'rich_text',
          owner: 'people',
          ownerName: 'rich_text',
          department: 'select',
          cycle: 'select',
          weight: 'number',
          target: 'number',
          actual: 'number',
          unit: 'rich_text',
          progress: 'number',
          status: 'select',
          notes: 'rich_text',
          due: 'date',
          alignedTo: 'relation',
          lastSynced: 'date',
          lastEditedBy: 'last_edited_by',
        } as const
      )[f],
    },
  ]),
) as SchemaMap;

/** The page object Notion answers for written properties (read shapes). */
function asPage(properties: Record<string, Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [name, v] of Object.entries(properties)) {
    const type = Object.keys(v)[0] as string;
    let value = v[type];
    if (type === 'title' || type === 'rich_text') {
      value = (value as { text: { content: string } }[]).map((t) => ({ plain_text: t.text.content }));
    }
    out[name] = { type, [type]: value };
  }
  return {
    id: 'page-1',
    last_edited_time: '2026-11-28T10:05:00.000Z',
    properties: out,
    created_by: { id: 'u' },
    last_edited_by: { id: 'u' },
  };
}

describe('mapping', () => {
  it('a goal’s row survives the round trip through Notion properties', () => {
    const row = goalRow(goal, ctx);
    expect(row).toMatchObject({
      owner: ['user-ava'],
      department: 'Sales',
      alignedTo: ['page-dept'],
      progress: 0.5,
    });
    const page = readPage(asPage(rowProperties(row, schema, ROW_FIELDS, null) as never), schema);
    expect(page.invalid).toEqual([]);
    expect(page.row).toEqual(row);
  });

  it('reads text in a number column (adopted databases) as a number or an invalid value, and unknown statuses as invalid', () => {
    const textActual = { ...schema, actual: { ...schema.actual, type: 'rich_text' } };
    const props = (actual: string, status: string) =>
      asPage({
        Actual: { rich_text: richText(actual) },
        Status: { select: { name: status } },
      } as never);
    expect(readPage(props('1,250.5', 'Done'), textActual).row).toMatchObject({
      actual: 1250.5,
      status: 'done',
    });
    const bad = readPage(props('about 40', 'Blocked'), textActual);
    expect(bad.row.actual).toBe(null);
    expect(bad.invalid.map((i) => [i.field, i.raw]).sort()).toEqual([
      ['actual', 'about 40'],
      ['status', 'Blocked'],
    ]);
  });

  it('splits long text into ≤ 2,000-character segments without breaking surrogate pairs', () => {
    const s = `${'a'.repeat(1999)}😀${'b'.repeat(3000)}`;
    const parts = splitText(s);
    expect(parts.every((p) => p.length <= 2000)).toBe(true);
    expect(parts.join('')).toBe(s);
    expect(parts[0]).toHaveLength(1999);
    expect(plain(richText(s).map((t) => ({ plain_text: t.text.content })))).toBe(s);
    expect(() => richText('x'.repeat(200_001))).toThrow();
  });

  it('resolves an adopted data source by names and accepted types; reports what is missing or unusable', () => {
    const props = {
      Goal: { id: 'title', type: 'title' },
      'Perfloop id': { id: 'a', type: 'rich_text' },
      Actual: { id: 'b', type: 'rich_text' },
      Status: { id: 'c', type: 'status' },
      Weight: { id: 'd', type: 'rich_text' },
      'Aligned to': { id: 'e', type: 'relation', relation: { data_source_id: 'other' } },
    };
    const r = resolveSchema(props, 'ds-1');
    expect(r.map.title?.name).toBe('Goal');
    expect(r.map.actual?.type).toBe('rich_text');
    expect(r.map.status?.type).toBe('status');
    expect(r.wrongType.map((w) => w.field).sort()).toEqual(['alignedTo', 'weight']);
    expect(r.missing).toContain('owner');
  });
});
