// Notes people write on a goal's page in Notion: recorded as check-ins in Perfloop exactly once (also after a worker killed half-way), shown as the worker's blocks, never appended twice; refused outside coach, said once.
import type { ChildProcess } from 'node:child_process';
import type { CheckIn } from '@perfloop/core';
import { notion } from '@perfloop/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { checkInBlocks, markerIn } from './sync/checkInBlocks.ts';
import { assertNoDuplicateNotes, roundsUntil } from './testing/converge.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';
import { runWorkerKilledAt } from './testing/killedWorker.ts';

const children: ChildProcess[] = [];

const text = (content: string) => ({ rich_text: [{ type: 'text', text: { content } }] });
const plainOf = (content: Record<string, unknown> | undefined) =>
  ((content?.rich_text ?? []) as { plain_text: string }[]).map((t) => t.plain_text).join('');

let x: Harness;
let sync: NotionSync;

beforeAll(async () => {
  x = await createHarness({ phase: 'coach', goalsPerPerson: 2 });
  sync = x.worker({ NOTION_TIMEOUT_MS: '1000' });
  await sync.worker.runOnce();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  x.fake.onRequest = undefined;
  await sync.close();
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

const pageOf = (goalId: string) => String(x.row(goalId)?.id);
const live = (goalId: string) =>
  (x.fake.workspace.children.get(pageOf(goalId)) ?? []).flatMap((id) => {
    const b = x.fake.workspace.blocks.get(id);
    return b && !b.inTrash ? [b] : [];
  });
const view = (goalId: string): [string, string][] => live(goalId).map((b) => [b.type, plainOf(b.content)]);
const comments = (goalId: string) =>
  x.fake.workspace.comments
    .filter((c) => c.pageId === pageOf(goalId))
    .map((c) => c.richText.map((t) => t.plain_text).join(''));
const userId = (name: 'hana' | 'sam') =>
  [...x.fake.workspace.users.values()].find((u) => u.email === x.f.email[name].toLowerCase())?.id as string;
/** Check-ins about Sam for a goal (those with a goal update naming it). */
async function checkInsFor(goalId: string): Promise<CheckIn[]> {
  const res = await x.h.call<{ items: CheckIn[] }>(
    'GET',
    `/v1/check-ins?cycleId=${CYCLE}&subjectId=${x.f.id.sam}&limit=500`,
    { as: x.f.email.hal },
  );
  return res.body.items.filter((c) => c.goalUpdates.some((u) => u.goalId === goalId));
}
const headingsOf = (goalId: string, checkInId: string) =>
  live(goalId).filter((b) => b.type === 'heading_3' && markerIn(plainOf(b.content)) === checkInId).length;
/** Notion calls of the last round by route. */
function calls(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of x.fake.calls) out[c.route] = (out[c.route] ?? 0) + 1;
  return out;
}
/** The blocks the worker writes for a check-in, as [type, text]. */
const rendered = (c: CheckIn, goalId: string): [string, string][] =>
  checkInBlocks(c, goalId, 'Sam Seller').map((b) => [
    String(b.type),
    ((b[String(b.type)] as { rich_text: { text: { content: string } }[] }).rich_text ?? [])
      .map((t) => t.text.content)
      .join(''),
  ]);

describe('notes people write on a goal page', () => {
  it('a manager’s note becomes one progress note of the owner, shown as the worker’s blocks in its place, once', async () => {
    const goalId = x.goals.sam[0] as string;
    expect(view(goalId)).toEqual([]);
    const written = await x.fake.appendBlocksAs(userId('hana'), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('Sam closed Initech this week.') },
      { type: 'paragraph', paragraph: text('') },
      { type: 'bulleted_list_item', bulleted_list_item: text('call Globex on Monday') },
      { type: 'bulleted_list_item', bulleted_list_item: text('ask Cat for the pricing sheet') },
      { type: 'divider', divider: {} },
    ]);
    x.fake.resetCalls();
    const report = await sync.worker.runOnce();
    expect(report?.importedNotes).toBe(1);
    // One read of the page's blocks, one insert (the check-in's blocks), a delete per block of the note.
    expect(calls()).toEqual({
      'POST /v1/data_sources/{id}/query': 1,
      'GET /v1/blocks/{id}/children': 1,
      'PATCH /v1/blocks/{id}/children': 1,
      'DELETE /v1/blocks/{id}': 3,
    });
    const made = await checkInsFor(goalId);
    expect(made).toHaveLength(1);
    const c = made[0] as CheckIn;
    expect(c.kind).toBe('guidance_note');
    expect(c.authorId).toBe(x.f.id.sam);
    expect(c.notes).toBe(
      'From Hana Head in Notion: Sam closed Initech this week.\n\n• call Globex on Monday\n• ask Cat for the pricing sheet',
    );
    expect(c.goalUpdates).toEqual([{ goalId, actual: null, progressNote: '' }]);
    // In the note's place: the check-in as the worker writes it; the empty line and the divider stay.
    expect(view(goalId)).toEqual([['paragraph', ''], ...rendered(c, goalId), ['divider', '']]);
    for (const b of written.filter((b) => b.type !== 'divider' && plainOf(b.content) !== ''))
      expect(x.fake.workspace.blocks.get(b.id)?.inTrash).toBe(true);
    // The push met the check-in in the feed the same round: noted, not appended again.
    expect(report?.appendedCheckIns).toBe(0);
    await sync.worker.runOnce();
    x.fake.resetCalls();
    await sync.worker.runOnce();
    expect(calls()).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(await checkInsFor(goalId)).toHaveLength(1);
    expect(headingsOf(goalId, c.id)).toBe(1);
    expect(comments(goalId)).toEqual([]);
    assertNoDuplicateNotes(x);

    // The owner corrects it in Perfloop the same day: the push rewrites the blocks in place (nothing appended).
    const res = await x.h.call('PATCH', `/v1/check-ins/${c.id}`, {
      as: x.f.email.sam,
      json: { notes: 'Closed Initech; Globex next.' },
      headers: { 'If-Match': '"1"' },
    });
    expect(res.status).toBe(200);
    await sync.worker.runOnce();
    expect(headingsOf(goalId, c.id)).toBe(1);
    expect(view(goalId)[2]).toEqual(['paragraph', 'Closed Initech; Globex next.']);
  });

  it('a note written inside a check-in’s section: the new check-in goes after that section, which stays whole', async () => {
    const goalId = x.goals.sam[0] as string;
    const start = view(goalId);
    const heading = live(goalId)[1];
    expect(heading?.type).toBe('heading_3');
    const [note] = x.fake.workspace.appendBlocks(userId('hana'), pageOf(goalId), {
      children: [{ type: 'paragraph', paragraph: text('Also: follow up with Initech.') }],
      after: heading?.id,
    });
    const report = await sync.worker.runOnce();
    expect(report?.importedNotes).toBe(1);
    expect(x.fake.workspace.blocks.get(String(note?.id))?.inTrash).toBe(true);
    const c = (await checkInsFor(goalId)).find((k) => k.notes.endsWith('follow up with Initech.')) as CheckIn;
    // The page: a blank line, the first check-in (heading, notes), then Hana's divider — the new check-in goes
    // between that section and the divider, not between the heading and its notes.
    expect(start.map(([type]) => type)).toEqual(['paragraph', 'heading_3', 'paragraph', 'divider']);
    expect(view(goalId)).toEqual([...start.slice(0, 3), ...rendered(c, goalId), ...start.slice(3)]);
    await sync.worker.runOnce();
    assertNoDuplicateNotes(x);
  });

  it('a note longer than the API takes becomes consecutive check-ins, its text kept whole (2,000-character segments)', async () => {
    const goalId = x.goals.sam[1] as string;
    const words = Array.from({ length: 1600 }, (_, i) => `word${i}`).join(' ');
    const segments = words.match(/[\s\S]{1,2000}/g) as string[];
    await x.fake.appendBlocksAs(userId('sam'), pageOf(goalId), [
      {
        type: 'paragraph',
        paragraph: { rich_text: segments.map((content) => ({ type: 'text', text: { content } })) },
      },
    ]);
    const report = await sync.worker.runOnce();
    const made = (await checkInsFor(goalId)).sort((a, b) => (a.notes < b.notes ? -1 : 1));
    expect(report?.importedNotes).toBe(made.length);
    expect(made.length).toBe(2);
    for (const c of made) expect(c.notes.length).toBeLessThanOrEqual(10_000);
    // The owner's own note carries no name; the parts say which they are, and join back into the text.
    expect(made.map((c) => c.notes.slice(0, 6))).toEqual(['(1/2):', '(2/2):']);
    expect(made.map((c) => c.notes.replace(/^\(\d\/2\): /, '')).join(' ')).toBe(words);
    const blocks = live(goalId);
    expect(blocks.map((b) => b.type)).toEqual(['heading_3', 'paragraph', 'heading_3', 'paragraph']);
    for (const b of blocks)
      for (const t of b.content.rich_text as { plain_text: string }[])
        expect(t.plain_text.length).toBeLessThanOrEqual(2000);
    await sync.worker.runOnce();
    expect(await checkInsFor(goalId)).toHaveLength(2);
    assertNoDuplicateNotes(x);
  });

  it('blank notes and blocks that hold no text are left alone, nothing recorded or said', async () => {
    const goalId = x.goals.sam[1] as string;
    const before = view(goalId);
    await x.fake.appendBlocksAs(userId('hana'), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('   ') },
      { type: 'divider', divider: {} },
    ]);
    const report = await sync.worker.runOnce();
    expect(report?.importedNotes).toBe(0);
    expect(await checkInsFor(goalId)).toHaveLength(2);
    expect(view(goalId)).toEqual([...before, ['paragraph', '   '], ['divider', '']]);
    expect(comments(goalId)).toEqual([]);
  });

  it('stopped after the check-in was recorded (Notion refused the insert): the next round shows it once', async () => {
    const goalId = x.goals.sam[0] as string;
    const before = await checkInsFor(goalId);
    const start = view(goalId);
    await x.fake.appendBlocksAs(userId('hana'), pageOf(goalId), [
      { type: 'quote', quote: text('Sam asked for a pricing workshop.') },
    ]);
    let refused = false;
    x.fake.onRequest = (method, path) => {
      if (refused || method !== 'PATCH' || !/\/children$/.test(path)) return;
      refused = true;
      throw new notion.NotionError(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
    };
    await sync.worker.runOnce();
    x.fake.onRequest = undefined;
    expect(refused).toBe(true);
    expect(await checkInsFor(goalId)).toHaveLength(before.length + 1);
    expect(view(goalId)).toEqual([...start, ['quote', 'Sam asked for a pricing workshop.']]);
    x.fake.resetCalls();
    await sync.worker.runOnce();
    const after = await checkInsFor(goalId);
    expect(after).toHaveLength(before.length + 1);
    const c = after.find((a) => !before.some((b) => b.id === a.id)) as CheckIn;
    expect(view(goalId)).toEqual([...start, ...rendered(c, goalId)]);
    expect(x.fake.count({ route: 'PATCH /v1/blocks/{id}/children', status: 200 })).toBe(1);
    await sync.worker.runOnce();
    expect(headingsOf(goalId, c.id)).toBe(1);
    assertNoDuplicateNotes(x);
  });

  it('a note edited while its import was stopped: the recorded text is shown, the edited note becomes the next check-in', async () => {
    const goalId = x.goals.sam[0] as string;
    const before = await checkInsFor(goalId);
    const start = view(goalId);
    const [note] = await x.fake.appendBlocksAs(userId('hana'), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('Demo on Tuesday.') },
    ]);
    let refused = false;
    x.fake.onRequest = (method, path) => {
      if (refused || method !== 'PATCH' || !/\/children$/.test(path)) return;
      refused = true;
      throw new notion.NotionError(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
    };
    await sync.worker.runOnce();
    x.fake.onRequest = undefined;
    expect(refused).toBe(true);
    await x.fake.editBlockAs(userId('hana'), String(note?.id), {
      paragraph: text('Demo moved to Thursday.'),
    });
    await sync.worker.runOnce();
    await sync.worker.runOnce();
    const after = await checkInsFor(goalId);
    const made = after.filter((a) => !before.some((b) => b.id === a.id));
    expect(made.map((c) => c.notes)).toEqual([
      'From Hana Head in Notion: Demo on Tuesday.',
      'From Hana Head in Notion: Demo moved to Thursday.',
    ]);
    // The recorded check-in went in right after the kept note; the edited note is replaced in its own place.
    expect(view(goalId)).toEqual([
      ...start,
      ...rendered(made[1] as CheckIn, goalId),
      ...rendered(made[0] as CheckIn, goalId),
    ]);
    await sync.worker.runOnce();
    expect(await checkInsFor(goalId)).toHaveLength(before.length + 2);
    assertNoDuplicateNotes(x);
  });

  it('an insert whose answer was lost is not sent twice: the page is read again, the note deleted', async () => {
    const goalId = x.goals.sam[0] as string;
    const before = await checkInsFor(goalId);
    const start = view(goalId);
    await x.fake.appendBlocksAs(userId('hana'), pageOf(goalId), [
      { type: 'numbered_list_item', numbered_list_item: text('agree the Q4 target') },
      { type: 'numbered_list_item', numbered_list_item: text('book the review') },
    ]);
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
    for (
      let i = 0;
      i < 50 && x.fake.count({ route: 'PATCH /v1/blocks/{id}/children', status: 200 }) === 0;
      i++
    )
      await new Promise((r) => setTimeout(r, 100));
    await sync.worker.runOnce();
    const after = await checkInsFor(goalId);
    expect(after).toHaveLength(before.length + 1);
    const c = after.find((a) => !before.some((b) => b.id === a.id)) as CheckIn;
    expect(c.notes).toBe('From Hana Head in Notion: 1. agree the Q4 target\n2. book the review');
    expect(view(goalId)).toEqual([...start, ...rendered(c, goalId)]);
    expect(x.fake.count({ route: 'PATCH /v1/blocks/{id}/children', status: 200 })).toBe(1);
    assertNoDuplicateNotes(x);
  }, 60_000);

  it('a worker killed as it writes the check-in’s blocks: the restarted one records nothing twice, deletes the note', async () => {
    await sync.close();
    const goalId = x.goals.sam[0] as string;
    const before = await checkInsFor(goalId);
    const start = view(goalId);
    await x.fake.appendBlocksAs(userId('hana'), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('Pipeline review: on track for October.') },
    ]);
    x.fake.resetCalls();
    // The insert: the worker dies as it is sent (the check-in is in Perfloop, its id only in the dead worker's
    // memory); the insert itself lands.
    const killed = await runWorkerKilledAt(
      x,
      children,
      (method, path) => method === 'PATCH' && /\/children$/.test(path),
    );
    expect(killed).toBe(true);
    expect(await checkInsFor(goalId)).toHaveLength(before.length + 1);

    sync = x.worker();
    await roundsUntil(
      async () => {
        await new Promise((r) => setTimeout(r, 200));
        return sync.worker.runOnce();
      },
      async () => view(goalId).length === start.length + 2,
      200,
    );
    const after = await checkInsFor(goalId);
    expect(after).toHaveLength(before.length + 1);
    const c = after.find((a) => !before.some((b) => b.id === a.id)) as CheckIn;
    expect(c.notes).toBe('From Hana Head in Notion: Pipeline review: on track for October.');
    expect(view(goalId)).toEqual([...start, ...rendered(c, goalId)]);
    expect(headingsOf(goalId, c.id)).toBe(1);
    // The insert was sent once (by the killed worker); the restarted one only deleted the note.
    expect(x.fake.count({ route: 'PATCH /v1/blocks/{id}/children', status: 200 })).toBe(1);
    await sync.worker.runOnce();
    await sync.worker.runOnce();
    expect(await checkInsFor(goalId)).toHaveLength(before.length + 1);
    assertNoDuplicateNotes(x);
  }, 300_000);

  it('the cycle leaves coach as a note is being recorded: the API refuses it, said once, the note stays and is not resent', async () => {
    const goalId = x.goals.sam[1] as string;
    const before = await checkInsFor(goalId);
    const [note] = await x.fake.appendBlocksAs(userId('hana'), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('Pricing workshop done.') },
    ]);
    let moved = false;
    x.fake.onRequest = async (method, path) => {
      // After the round read the directory (coach), before the worker asks the API: HR moves the cycle on.
      if (moved || method !== 'GET' || !path.endsWith('/children')) return;
      moved = true;
      await x.moveCycle('appraise');
    };
    const report = await sync.worker.runOnce();
    x.fake.onRequest = undefined;
    expect(moved).toBe(true);
    expect(report?.importedNotes).toBe(0);
    expect(await checkInsFor(goalId)).toHaveLength(before.length);
    expect(x.fake.workspace.blocks.get(String(note?.id))?.inTrash).toBe(false);
    expect(comments(goalId)).toHaveLength(1);
    expect(comments(goalId)[0]).toContain(
      'the note “Pricing workshop done.” was not recorded in Perfloop: Perfloop refused it',
    );
    // Said once, not sent again. The query's overlap returns the page for a while: its blocks are read again only
    // while its edit minute may follow the last read; then a round is one query.
    await sync.worker.runOnce();
    x.fake.clock.advance(61_000);
    await sync.worker.runOnce();
    x.fake.resetCalls();
    const quiet = await sync.worker.runOnce();
    // Whether the overlap still returns the page depends on how much real time the rounds took (the fake's clock is
    // real time plus the advance): either way the round costs the query alone.
    expect(quiet?.pulledPages).toBeLessThanOrEqual(1);
    expect(calls()).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(comments(goalId)).toHaveLength(1);
    expect(await checkInsFor(goalId)).toHaveLength(before.length);
  });

  it('outside coach a note is not recorded: the page says why once and the note stays', async () => {
    const goalId = x.goals.sam[0] as string;
    const before = await checkInsFor(goalId);
    const [note] = await x.fake.appendBlocksAs(userId('hana'), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('Great quarter, Sam.') },
    ]);
    const report = await sync.worker.runOnce();
    expect(report?.importedNotes).toBe(0);
    expect(await checkInsFor(goalId)).toHaveLength(before.length);
    expect(x.fake.workspace.blocks.get(String(note?.id))?.inTrash).toBe(false);
    const said = comments(goalId);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('the note “Great quarter, Sam.” was not recorded in Perfloop');
    expect(said[0]).toContain(
      'check-ins are recorded only while the cycle is in coach, and it is in appraise',
    );
    // Hana edits the row's Notes later: the page is read again, nothing more said or written.
    await x.editAs('hana', goalId, { Notes: { rich_text: [{ type: 'text', text: { content: 'x' } }] } });
    await sync.worker.runOnce();
    expect(comments(goalId)).toHaveLength(2);
    expect(comments(goalId)[1]).not.toContain('Great quarter');
    expect(x.fake.workspace.blocks.get(String(note?.id))?.inTrash).toBe(false);
  });
});
