// What Notion shows: the worker's database rows (properties in plain form), the blocks and comments on a page.
import type { FakeNotion } from '@perfloop/fakes';
import { plainValue } from '@perfloop/notion-sync/testing';

export type Row = Record<string, unknown> & { id: string };

/** A page's properties as Notion shows them, in plain form (numbers, select names, text, dates). */
export interface RowView {
  id: string;
  name: unknown;
  perfloopId: unknown;
  ownerName: unknown;
  cycle: unknown;
  status: unknown;
  weight: unknown;
  target: unknown;
  actual: unknown;
  unit: unknown;
  notes: unknown;
}

export function view(row: Row): RowView {
  const v = (p: string) => plainValue(row, p);
  return {
    id: row.id,
    name: v('Name'),
    perfloopId: v('Perfloop id'),
    ownerName: v('Owner name'),
    cycle: v('Cycle'),
    status: v('Status'),
    weight: v('Weight'),
    target: v('Target'),
    actual: v('Actual'),
    unit: v('Unit'),
    notes: v('Notes'),
  };
}

export class NotionView {
  constructor(readonly fake: FakeNotion) {}

  /** The worker's data source (it creates the database on its first round). */
  dataSourceId(): string | undefined {
    return [...this.fake.workspace.dataSources.keys()][0];
  }

  /** Every row of the database that is not in the trash. */
  rows(): Row[] {
    const ds = this.dataSourceId();
    return ds ? (this.fake.rows(ds) as Row[]) : [];
  }

  /** The row showing a Perfloop goal. */
  rowOfGoal(goalId: string): Row | undefined {
    return this.rows().find((r) => plainValue(r, 'Perfloop id') === goalId);
  }

  /** A page by id (in the data source). */
  row(pageId: string): Row | undefined {
    return this.rows().find((r) => r.id === pageId);
  }

  /** The page's top-level blocks as `type: text` lines. */
  blocks(pageId: string): string[] {
    const ws = this.fake.workspace;
    return (ws.children.get(pageId) ?? []).map((id) => {
      const b = ws.blocks.get(id);
      const rich = (b?.content as { rich_text?: { plain_text: string }[] } | undefined)?.rich_text ?? [];
      return `${b?.type}: ${rich.map((t) => t.plain_text).join('')}`;
    });
  }

  /** The comments on a page, oldest first. */
  comments(pageId: string): string[] {
    return this.fake.workspace.comments
      .filter((c) => c.pageId === pageId)
      .map((c) => c.richText.map((t) => t.plain_text).join(''));
  }
}

/** Notion rich text with one plain segment (what a person types into a property). */
export const text = (content: string) => [{ type: 'text', text: { content } }];
