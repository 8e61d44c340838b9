// Check-in notes edited in Notion: not applied (only the author corrects a check-in, in Perfloop), kept in a comment, put back; said once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';

const text = (content: string) => [{ type: 'text', text: { content } }];
const plainOf = (b: { content: Record<string, unknown> } | undefined) =>
  ((b?.content.rich_text ?? []) as { plain_text: string }[]).map((t) => t.plain_text).join('');

let x: Harness;
let sync: NotionSync;
let goalId: string;
let checkInId: string;
beforeAll(async () => {
  x = await createHarness({ phase: 'coach', goalsPerPerson: 2 });
  sync = x.worker();
  await sync.worker.runOnce();
  goalId = x.goals.sam[0] as string;
  const goal = await x.goal(goalId);
  const res = await x.h.call<{ id: string }>('POST', '/v1/check-ins', {
    as: x.f.email.hana,
    json: {
      cycleId: CYCLE,
      subjectId: x.f.id.sam,
      kind: 'performance_meeting',
      notes: 'Agreed to double the pipeline by October.',
      goalUpdates: [{ goalId, goalVersion: goal.version, actual: 3, progressNote: 'Three deals' }],
    },
  });
  expect(res.status).toBe(201);
  checkInId = res.body.id;
  await sync.worker.runOnce();
});
afterAll(async () => {
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

const pageId = () => String(x.row(goalId)?.id);
const blocks = () =>
  (x.fake.workspace.children.get(pageId()) ?? []).flatMap((id) => {
    const b = x.fake.workspace.blocks.get(id);
    return b && !b.inTrash ? [b] : [];
  });
const comments = () =>
  x.fake.workspace.comments
    .filter((c) => c.pageId === pageId())
    .map((c) => c.richText.map((t) => t.plain_text).join(''));
const userId = (name: 'hana' | 'sam') =>
  [...x.fake.workspace.users.values()].find((u) => u.email === x.f.email[name].toLowerCase())?.id as string;

describe('check-in notes edited in Notion', () => {
  it('an edited note is kept in a page comment, not applied, and the block shows Perfloop’s text again; said once', async () => {
    const note = blocks()[1];
    expect(plainOf(note)).toBe('Agreed to double the pipeline by October.');
    await x.fake.editBlockAs(userId('hana'), String(note?.id), {
      paragraph: { rich_text: text('Agreed to triple the pipeline by October.') },
    });
    const report = await sync.worker.runOnce();
    expect(report?.restoredNotes).toBe(1);
    const said = comments();
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('Check-in notes are kept in Perfloop');
    expect(said[0]).toContain(`ref ${checkInId}`);
    expect(said[0]).toContain('“Agreed to triple the pipeline by October.”');
    const back = x.fake.workspace.blocks.get(String(note?.id));
    expect(plainOf(back)).toBe('Agreed to double the pipeline by October.');
    expect(back?.lastEditedBy).toBe(x.fake.bot.id);
    const stored = await x.h.call<{ notes: string }>('GET', `/v1/check-ins/${checkInId}`, {
      as: x.f.email.hal,
    });
    expect(stored.body.notes).toBe('Agreed to double the pipeline by October.');
    // Sam edits the row later: the page is pulled again, and nothing more is said about the notes.
    await x.editAs('sam', goalId, { Actual: { number: 4 } });
    await sync.worker.runOnce();
    await sync.worker.runOnce();
    expect(comments()).toHaveLength(1);
    expect(((await x.goal(goalId)) as { actual: number }).actual).toBe(4);
  });

  it('a heading whose marker was typed away is found by elimination and put back with it', async () => {
    const heading = blocks()[0];
    await x.fake.editBlockAs(userId('sam'), String(heading?.id), {
      heading_3: { rich_text: text('Our October meeting') },
    });
    await sync.worker.runOnce();
    expect(plainOf(x.fake.workspace.blocks.get(String(heading?.id)))).toContain(`ref ${checkInId}`);
    expect(comments()).toHaveLength(2);
    expect(comments()[1]).toContain('“Our October meeting”');
  });

  it('blocks a person added are no edit of a check-in: nothing said, they become a check-in (noteImports.test.ts)', async () => {
    const [added] = x.fake.workspace.appendBlocks(userId('hana'), pageId(), {
      children: [{ type: 'paragraph', paragraph: { rich_text: text('Hana: call Globex on Monday') } }],
    });
    await x.editAs('hana', goalId, { Actual: { number: 5 } });
    const report = await sync.worker.runOnce();
    expect(report?.restoredNotes).toBe(0);
    expect(report?.importedNotes).toBe(1);
    expect(comments()).toHaveLength(2);
    expect(x.fake.workspace.blocks.get(String(added?.id))?.inTrash).toBe(true);
    expect(plainOf(blocks().at(-1))).toBe('From Hana Head in Notion: Hana: call Globex on Monday');
    // The check-in that came first is still as Perfloop has it.
    expect(plainOf(blocks()[1])).toBe('Agreed to double the pipeline by October.');
  });
});
