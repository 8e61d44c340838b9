// Adopting a database a person made: missing properties added, existing rows kept (no duplicates), text in a number column checked.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { createHarness, type Harness, plainValue } from './testing/harness.ts';

let x: Harness;
let sync: NotionSync;
let dataSourceId: string;
let adoptedPage: string;
const text = (content: string) => ({ rich_text: [{ type: 'text', text: { content } }] });
const byTitle = (title: string) => x.fake.rows(dataSourceId).filter((r) => plainValue(r, 'Goal') === title);

beforeAll(async () => {
  x = await createHarness({ goalsPerPerson: 1 });
  // A manager built the database by hand: another title name, Actual as text, Status as a status property.
  const db = x.fake.workspace.createDatabase(x.fake.owner.id, {
    parent: { page_id: x.parentPageId },
    title: [{ type: 'text', text: { content: 'Team goals' } }],
    initial_data_source: {
      properties: {
        Goal: { title: {} },
        'Perfloop id': { rich_text: {} },
        Actual: { rich_text: {} },
        Status: {
          status: {
            options: [{ name: 'Draft' }, { name: 'Active' }, { name: 'Done' }, { name: 'Cancelled' }],
          },
        },
      },
    },
  });
  dataSourceId = db.dataSourceIds[0] as string;
  const page = await x.fake.createRowAs(x.fake.owner.id, dataSourceId, {
    Goal: { title: [{ type: 'text', text: { content: 'Typed by hand' } }] },
    'Perfloop id': text(x.goals.sam[0] as string),
    Actual: text('2'),
  });
  adoptedPage = page.id;
  sync = x.worker({ NOTION_PARENT_PAGE_ID: '', NOTION_DATA_SOURCE_ID: dataSourceId });
  await sync.worker.runOnce();
});
afterAll(async () => {
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

describe('adopting a data source', () => {
  it('adds the missing properties and keeps every row it finds (one page per goal, Perfloop’s values)', () => {
    const ds = x.fake.workspace.dataSources.get(dataSourceId);
    const names = ds?.properties.map((p) => p.name) ?? [];
    for (const p of [
      'Owner',
      'Department',
      'Cycle',
      'Weight',
      'Target',
      'Progress',
      'Notes',
      'Due',
      'Aligned to',
      'Last synced',
    ]) {
      expect(names).toContain(p);
    }
    expect(x.fake.workspace.databases.size).toBe(1);
    const rows = x.fake.rows(dataSourceId);
    expect(rows).toHaveLength(x.allGoals.length);
    const adopted = rows.find((r) => r.id === adoptedPage) as Record<string, unknown>;
    expect(plainValue(adopted, 'Goal')).toBe('sam goal 0');
    expect(plainValue(adopted, 'Actual')).toBe('');
    expect(plainValue(adopted, 'Status')).toBe('Active');
    expect(byTitle('Typed by hand')).toHaveLength(0);
  });

  it('takes a number typed in the text column, and reports text that is not a number', async () => {
    const person = [...x.fake.workspace.users.values()].find((u) => u.email === x.f.email.hana)?.id as string;
    await x.fake.editPageAs(person, adoptedPage, { Actual: text('42') });
    await sync.worker.runOnce();
    expect(((await x.goal(x.goals.sam[0] as string)) as { actual: number | null }).actual).toBe(42);
    await x.fake.editPageAs(person, adoptedPage, { Actual: text('about 40') });
    await sync.worker.runOnce();
    expect(((await x.goal(x.goals.sam[0] as string)) as { actual: number | null }).actual).toBe(42);
    const page = x.fake.rows(dataSourceId).find((r) => r.id === adoptedPage) as Record<string, unknown>;
    expect(plainValue(page, 'Actual')).toBe('42');
    const said = x.fake.workspace.comments
      .filter((c) => c.pageId === adoptedPage)
      .map((c) => c.richText[0]?.plain_text);
    expect(said.at(-1)).toContain('Actual about 40 was not applied — it is not a number');
  });
});
