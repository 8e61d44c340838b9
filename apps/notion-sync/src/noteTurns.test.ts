// Check-in blocks a person turned into another type in Notion ("Turn into"): said in a comment, replaced in place with the fewest writes, finished once after a stop, never doubled.
import type { ChildProcess } from 'node:child_process';
import { notion } from '@perfloop/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { markerIn } from './sync/checkInBlocks.ts';
import { roundsUntil } from './testing/converge.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';
import { runWorkerKilledAt } from './testing/killedWorker.ts';

const children: ChildProcess[] = [];

const form = {
  strengths: 'Clear pitch',
  improvements: 'Follow-ups',
  supportNeeded: '',
  nextSteps: 'Shadow Hana',
};
const plainOf = (content: Record<string, unknown> | undefined) =>
  ((content?.rich_text ?? []) as { plain_text: string }[]).map((t) => t.plain_text).join('');

let x: Harness;
let sync: NotionSync;
let goalId: string;
let checkIn: { id: string; etag: string };
/** The page's blocks as the worker wrote them, [type, text] (the state every test starts from and ends in). */
let original: [string, string][];

beforeAll(async () => {
  x = await createHarness({ phase: 'coach', goalsPerPerson: 2 });
  sync = x.worker({ NOTION_TIMEOUT_MS: '1000' });
  await sync.worker.runOnce();
  goalId = x.goals.sam[0] as string;
  const goal = await x.goal(goalId);
  const res = await x.h.call<{ id: string; version: number }>('POST', '/v1/check-ins', {
    as: x.f.email.hana,
    json: {
      cycleId: CYCLE,
      subjectId: x.f.id.sam,
      kind: 'feedback_form',
      notes: 'Agreed to double the pipeline by October.',
      form,
      goalUpdates: [{ goalId, goalVersion: goal.version, actual: 3, progressNote: 'Three deals' }],
    },
  });
  expect(res.status).toBe(201);
  checkIn = { id: res.body.id, etag: `"${res.body.version}"` };
  await sync.worker.runOnce();
  original = view();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  x.fake.onRequest = undefined;
  await sync.close();
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

const pageId = () => String(x.row(goalId)?.id);
const live = () =>
  (x.fake.workspace.children.get(pageId()) ?? []).flatMap((id) => {
    const b = x.fake.workspace.blocks.get(id);
    return b && !b.inTrash ? [b] : [];
  });
const view = (): [string, string][] => live().map((b) => [b.type, plainOf(b.content)]);
const headings = () =>
  live().filter((b) => b.type === 'heading_3' && markerIn(plainOf(b.content)) === checkIn.id).length;
const comments = () =>
  x.fake.workspace.comments
    .filter((c) => c.pageId === pageId())
    .map((c) => c.richText.map((t) => t.plain_text).join(''));
const userId = (name: 'hana' | 'sam') =>
  [...x.fake.workspace.users.values()].find((u) => u.email === x.f.email[name].toLowerCase())?.id as string;
/** Block writes Notion carried out since the last reset. */
const writes = () => ({
  updates: x.fake.count({ route: 'PATCH /v1/blocks/{id}', status: 200 }),
  inserts: x.fake.count({ route: 'PATCH /v1/blocks/{id}/children', status: 200 }),
  deletes: x.fake.count({ route: 'DELETE /v1/blocks/{id}', status: 200 }),
});
const blockAt = (i: number) => String(live()[i]?.id);
const intent = async () =>
  (
    await x.h.call<{ value: { restoringNotes?: { block: string; slot: number }[] } }>(
      'GET',
      `/v1/integrations/notion/state/goal:${goalId}`,
      { key: x.apiKey },
    )
  ).body.value.restoringNotes;
/** Refuses the first request matching `method` and `path` (a permanent error: the round stops there for this page). */
function refuseOnce(method: string, path: RegExp): { refused: () => boolean } {
  let done = false;
  x.fake.onRequest = (m, p) => {
    if (done || m !== method || !path.test(p)) return;
    done = true;
    throw new notion.NotionError(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
  };
  return { refused: () => done };
}

describe('check-in blocks turned into another type in Notion', () => {
  it('a heading turned into text: said, replaced by one heading in place (one insert, one delete), said once', async () => {
    expect(original.map(([type]) => type)).toEqual([
      'heading_3',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
      'paragraph',
    ]);
    const turned = blockAt(0);
    await x.fake.turnBlockAs(userId('hana'), turned, 'paragraph');
    x.fake.resetCalls();
    const report = await sync.worker.runOnce();
    expect(report?.restoredNotes).toBe(1);
    expect(writes()).toEqual({ updates: 0, inserts: 1, deletes: 1 });
    expect(view()).toEqual(original);
    expect(headings()).toBe(1);
    expect(blockAt(0)).not.toBe(turned);
    expect(x.fake.workspace.blocks.get(turned)?.inTrash).toBe(true);
    const said = comments();
    expect(said).toHaveLength(1);
    expect(said[0]).toContain(`the heading of the feedback form of`);
    expect(said[0]).toContain(`(ref ${checkIn.id}) was turned into text; that change was not applied`);
    expect(await intent()).toBeUndefined();

    // Later rounds (the page is rechecked, then Sam edits the row): nothing more is said or written.
    await sync.worker.runOnce();
    await x.editAs('sam', goalId, { Actual: { number: 4 } });
    x.fake.resetCalls();
    const later = await sync.worker.runOnce();
    expect(later?.restoredNotes).toBe(0);
    expect(writes()).toEqual({ updates: 0, inserts: 0, deletes: 0 });
    expect(comments()).toHaveLength(1);
  });

  it('notes turned into a list, a to-do and a quote (one retyped): neighbours share an insert, the text is kept in the comment', async () => {
    const [notes, strengths, next] = [blockAt(1), blockAt(2), blockAt(4)];
    await x.fake.turnBlockAs(userId('sam'), notes, 'bulleted_list_item');
    await x.fake.turnBlockAs(userId('sam'), strengths, 'to_do');
    await x.fake.turnBlockAs(userId('hana'), next, 'quote');
    await x.fake.editBlockAs(userId('hana'), next, {
      quote: { rich_text: [{ type: 'text', text: { content: 'Next steps: shadow Cat' } }] },
    });
    x.fake.resetCalls();
    const report = await sync.worker.runOnce();
    expect(report?.restoredNotes).toBe(3);
    expect(writes()).toEqual({ updates: 0, inserts: 2, deletes: 3 });
    expect(view()).toEqual(original);
    expect(headings()).toBe(1);
    const said = comments().at(-1) as string;
    expect(comments()).toHaveLength(2);
    expect(said).toContain('was turned into a bulleted list item');
    expect(said).toContain('was turned into a to-do');
    expect(said).toContain('was turned into a quote');
    expect(said).toContain('Your text: “Next steps: shadow Cat”');
    const stored = await x.h.call<{ notes: string; form: { nextSteps: string } }>(
      'GET',
      `/v1/check-ins/${checkIn.id}`,
      { as: x.f.email.hal },
    );
    expect(stored.body.form.nextSteps).toBe('Shadow Hana');
    await sync.worker.runOnce();
    expect(comments()).toHaveLength(2);
  });

  it('a note turned into a heading goes back to its check-in and is replaced by text', async () => {
    const turned = blockAt(3);
    await x.fake.turnBlockAs(userId('sam'), turned, 'heading_3');
    x.fake.resetCalls();
    await sync.worker.runOnce();
    expect(writes()).toEqual({ updates: 0, inserts: 1, deletes: 1 });
    expect(view()).toEqual(original);
    expect(comments().at(-1)).toContain('was turned into heading 3');
  });

  it('stopped after the insert: the next round only deletes the turned block, says nothing again', async () => {
    await x.fake.turnBlockAs(userId('hana'), blockAt(0), 'quote');
    const gate = refuseOnce('DELETE', /^\/v1\/blocks\/[^/]+$/);
    const before = comments().length;
    x.fake.resetCalls();
    await sync.worker.runOnce();
    expect(gate.refused()).toBe(true);
    expect(writes()).toEqual({ updates: 0, inserts: 1, deletes: 0 });
    // Half-way: the turned heading and its replacement; the intent says which block is being replaced.
    expect(view()).toHaveLength(original.length + 1);
    expect(headings()).toBe(1);
    expect((await intent())?.map((r) => r.slot)).toEqual([0]);
    expect(comments()).toHaveLength(before + 1);

    x.fake.onRequest = undefined;
    x.fake.resetCalls();
    await sync.worker.runOnce();
    expect(writes()).toEqual({ updates: 0, inserts: 0, deletes: 1 });
    expect(view()).toEqual(original);
    expect(headings()).toBe(1);
    expect(comments()).toHaveLength(before + 1);
    expect(await intent()).toBeUndefined();
  });

  it('stopped after the comment: the next round inserts and deletes once and does not say it twice', async () => {
    await x.fake.turnBlockAs(userId('sam'), blockAt(5), 'numbered_list_item');
    const gate = refuseOnce('PATCH', /\/children$/);
    const before = comments().length;
    await sync.worker.runOnce();
    expect(gate.refused()).toBe(true);
    expect(comments()).toHaveLength(before + 1);
    expect((await intent())?.map((r) => r.slot)).toEqual([5]);
    x.fake.onRequest = undefined;
    x.fake.resetCalls();
    await sync.worker.runOnce();
    expect(writes()).toEqual({ updates: 0, inserts: 1, deletes: 1 });
    expect(view()).toEqual(original);
    expect(comments()).toHaveLength(before + 1);
  });

  it('an insert whose answer was lost is not sent twice: the page is read again and only the delete is left', async () => {
    await x.fake.turnBlockAs(userId('hana'), blockAt(1), 'callout');
    x.fake.faults.inject({
      method: 'PATCH',
      path: /\/children$/,
      fault: { kind: 'slow', delayMs: 1300 },
      times: 1,
    });
    x.fake.resetCalls();
    await sync.worker.runOnce();
    x.fake.faults.clear();
    expect(x.fake.faults.served.slow).toBeGreaterThan(0);
    // The slow answer is recorded once the fake has sent it (after the worker stopped waiting).
    for (let i = 0; i < 50 && writes().inserts === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(writes()).toEqual({ updates: 0, inserts: 1, deletes: 1 });
    expect(view()).toEqual(original);
    expect(headings()).toBe(1);
  }, 60_000);

  it('a heading turned into text and the check-in corrected in Perfloop the same round: one heading, the corrected notes', async () => {
    await x.fake.turnBlockAs(userId('sam'), blockAt(0), 'paragraph');
    const res = await x.h.call('PATCH', `/v1/check-ins/${checkIn.id}`, {
      as: x.f.email.hana,
      json: { notes: 'Agreed to triple the pipeline by October.' },
      headers: { 'If-Match': checkIn.etag },
    });
    expect(res.status).toBe(200);
    await sync.worker.runOnce();
    await sync.worker.runOnce();
    const now = view();
    expect(now.map(([type]) => type)).toEqual(original.map(([type]) => type));
    expect(now[0]).toEqual(original[0]);
    expect(now[1]).toEqual(['paragraph', 'Agreed to triple the pipeline by October.']);
    expect(now.slice(2)).toEqual(original.slice(2));
    expect(headings()).toBe(1);
    original = now;
  });

  it('a turned block holding blocks a person nested in it keeps its type: its text is Perfloop’s again, said once', async () => {
    const toggle = blockAt(2);
    await x.fake.turnBlockAs(userId('hana'), toggle, 'toggle');
    x.fake.workspace.appendBlocks(userId('hana'), toggle, {
      children: [
        {
          type: 'paragraph',
          paragraph: { rich_text: [{ type: 'text', text: { content: 'Hana: ask Cat' } }] },
        },
      ],
    });
    await x.fake.editBlockAs(userId('hana'), toggle, {
      toggle: { rich_text: [{ type: 'text', text: { content: 'Strengths: a clear pitch' } }] },
    });
    const before = comments().length;
    x.fake.resetCalls();
    await sync.worker.runOnce();
    expect(writes()).toEqual({ updates: 1, inserts: 0, deletes: 0 });
    const kept = x.fake.workspace.blocks.get(toggle);
    expect(kept?.type).toBe('toggle');
    expect(plainOf(kept?.content)).toBe('Strengths: Clear pitch');
    expect(x.fake.workspace.children.get(toggle)).toHaveLength(1);
    expect(comments()).toHaveLength(before + 1);
    expect(comments().at(-1)).toContain('stays a toggle list (replacing it would delete them)');
    expect(comments().at(-1)).toContain('Your text: “Strengths: a clear pitch”');
    await sync.worker.runOnce();
    await x.editAs('sam', goalId, { Actual: { number: 6 } });
    x.fake.resetCalls();
    await sync.worker.runOnce();
    expect(writes()).toEqual({ updates: 0, inserts: 0, deletes: 0 });
    expect(comments()).toHaveLength(before + 1);
    // Hana empties it again and turns it back: the page is as the worker wrote it.
    x.fake.workspace.updateBlock(userId('hana'), String(x.fake.workspace.children.get(toggle)?.[0]), {
      in_trash: true,
    });
    await x.fake.turnBlockAs(userId('hana'), toggle, 'paragraph');
    await sync.worker.runOnce();
    expect(view()).toEqual(original);
  });

  it('a worker killed as it sends the replacement: the restarted one only deletes the turned block, says nothing twice', async () => {
    await sync.close();
    const turned = blockAt(0);
    await x.fake.turnBlockAs(userId('sam'), turned, 'to_do');
    const before = comments().length;
    x.fake.resetCalls();
    // The insert: the worker dies as it is sent; the insert itself lands.
    const killed = await runWorkerKilledAt(
      x,
      children,
      (method, path) => method === 'PATCH' && /\/children$/.test(path),
    );
    expect(killed).toBe(true);
    // The intent was recorded before the comment and the insert; the page holds both blocks now.
    expect(await intent()).toEqual([{ block: turned, slot: 0 }]);
    expect(view()).toHaveLength(original.length + 1);
    expect(comments()).toHaveLength(before + 1);

    sync = x.worker();
    await roundsUntil(
      async () => {
        await new Promise((r) => setTimeout(r, 200));
        return sync.worker.runOnce();
      },
      async () => (await intent()) === undefined && view().length === original.length,
      200,
    );
    expect(view()).toEqual(original);
    expect(headings()).toBe(1);
    expect(writes()).toEqual({ updates: 0, inserts: 1, deletes: 1 });
    expect(comments()).toHaveLength(before + 1);
  }, 300_000);
});
