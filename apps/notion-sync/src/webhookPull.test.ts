// Pulls with webhooks: a properties-only edit costs no block read, a note written on a page is still recorded once — also when its (aggregated) content event comes late, after the query's window moved past the page.
import type { AddressInfo } from 'node:net';
import type { CheckIn } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import type { PageEvents } from './sync/pageEvents.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';

const text = (content: string) => ({ rich_text: [{ type: 'text', text: { content } }] });

let x: Harness;
let sync: NotionSync;

beforeAll(async () => {
  x = await createHarness({ phase: 'coach', goalsPerPerson: 2 });
  sync = x.worker({ WEBHOOK_PORT: '0', SYNC_INTERVAL_SECONDS: '3600' });
  const address = (await sync.listenWebhooks()) as AddressInfo;
  await sync.worker.runOnce();
  await x.fake.webhooks.subscribe(`http://127.0.0.1:${address.port}/webhooks/notion`);
  // Content events wait until a test delivers them (`flush`), as Notion's aggregated ones come later.
  x.fake.webhooks.contentWindowMs = 10 * 60_000;
});
afterAll(async () => {
  await x.fake.webhooks.flush();
  await sync.close();
  expect(x.fake.webhooks.failures).toEqual([]);
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

const pageOf = (goalId: string) => String(x.row(goalId)?.id);
const hana = () =>
  [...x.fake.workspace.users.values()].find((u) => u.email === x.f.email.hana.toLowerCase())?.id as string;
function calls(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of x.fake.calls) out[c.route] = (out[c.route] ?? 0) + 1;
  return out;
}
async function round() {
  x.fake.resetCalls();
  const report = await sync.worker.runOnce();
  return { report, calls: calls() };
}
/** Moves the fake's clock to just after a minute starts, so the edits that follow share their (rounded) edit minute. */
function startOfMinute(): void {
  const now = x.fake.clock.now();
  x.fake.clock.advance(60_000 - (now % 60_000) + 1000);
}
async function eventsOf(goalId: string): Promise<PageEvents | undefined> {
  const res = await x.h.call<{ value: PageEvents }>(
    'GET',
    `/v1/integrations/notion/state/events:${pageOf(goalId)}`,
    { key: x.apiKey },
  );
  return res.status === 200 ? res.body.value : undefined;
}
async function checkInsFor(goalId: string): Promise<CheckIn[]> {
  const res = await x.h.call<{ items: CheckIn[] }>(
    'GET',
    `/v1/check-ins?cycleId=${CYCLE}&subjectId=${x.f.id.sam}&limit=500`,
    { as: x.f.email.hal },
  );
  return res.body.items.filter((c) => c.goalUpdates.some((u) => u.goalId === goalId));
}

describe('pulls with webhooks', () => {
  it('a properties-only edit is applied without reading the page’s blocks', async () => {
    const goalId = x.goals.sam[0] as string;
    startOfMinute();
    await x.editAs('hana', goalId, { Actual: { number: 4 } });
    expect(await eventsOf(goalId)).toEqual({ content: 0, propertiesAt: expect.any(String) });
    const { report, calls } = await round();
    expect(report?.appliedEdits).toBe(1);
    expect(calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1, 'PATCH /v1/pages/{id}': 1 });
    expect(((await x.goal(goalId)) as { actual: number }).actual).toBe(4);
    // The worker's own write back (the new progress) is not recorded as an announcement.
    await x.fake.webhooks.flush();
    expect((await eventsOf(goalId))?.content).toBe(0);
    expect((await round()).calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
  });

  it('a note whose content event has not come yet is read all the same (its edit minute is newer than any event)', async () => {
    const goalId = x.goals.sam[1] as string;
    await x.editAs('hana', goalId, { Actual: { number: 2 } });
    await round();
    startOfMinute();
    await x.fake.appendBlocksAs(hana(), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('Demo went well.') },
    ]);
    expect(x.fake.webhooks.pending).toContain(pageOf(goalId));
    const first = await round();
    expect(first.report?.importedNotes).toBe(1);
    expect(first.calls['GET /v1/blocks/{id}/children']).toBe(1);
    expect((await checkInsFor(goalId)).map((c) => c.notes)).toEqual([
      'From Hana Head in Notion: Demo went well.',
    ]);
    // Its event comes (with the worker's own block writes, aggregated with it): read once more, nothing new.
    await x.fake.webhooks.flush();
    expect((await eventsOf(goalId))?.content).toBe(1);
    const again = await round();
    expect(again.report?.importedNotes).toBe(0);
    expect(again.calls['GET /v1/blocks/{id}/children']).toBe(1);
    expect((await round()).calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(await checkInsFor(goalId)).toHaveLength(1);
  });

  it('a note written with a property edit, whose content event comes after the window moved past the page, is still recorded', async () => {
    const goalId = x.goals.sam[0] as string;
    startOfMinute();
    // Notes (the description) changes no other cell, so the page keeps Hana as its last editor: only the window
    // decides whether the query returns it.
    await x.editAs('hana', goalId, {
      Notes: { rich_text: [{ type: 'text', text: { content: 'Q3 focus' } }] },
    });
    await x.fake.appendBlocksAs(hana(), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('Initech signed.') },
    ]);
    // The properties event announced the edit minute; the content event is still on its way: no block read.
    const first = await round();
    expect(first.report?.appliedEdits).toBe(1);
    expect(first.calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect((await x.goal(goalId)).description).toBe('Q3 focus');
    expect(await checkInsFor(goalId)).toEqual([]);
    // Minutes later the query's window (last pull's start − 60 s overlap) no longer reaches the page.
    x.fake.clock.advance(5 * 60_000);
    await round();
    const quiet = await round();
    expect(quiet.report?.pulledPages).toBe(0);
    expect(quiet.calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    // The aggregated content event arrives: the next pull finds the page by its Perfloop id and reads its blocks.
    await x.fake.webhooks.flush();
    expect((await eventsOf(goalId))?.content).toBe(1);
    const late = await round();
    expect(late.report?.importedNotes).toBe(1);
    expect(late.calls['POST /v1/data_sources/{id}/query']).toBe(2);
    expect(late.calls['GET /v1/blocks/{id}/children']).toBe(1);
    expect((await checkInsFor(goalId)).map((c) => c.notes)).toEqual([
      'From Hana Head in Notion: Initech signed.',
    ]);
    // Recorded once: the rounds after read nothing more than the worker's own aggregated writes announce.
    await x.fake.webhooks.flush();
    await round();
    expect((await round()).calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(await checkInsFor(goalId)).toHaveLength(1);
  });

  it('content announced for a page then moved to the trash is settled once, not looked for every round', async () => {
    const goalId = x.goals.sam[1] as string;
    const pageId = pageOf(goalId);
    const before = (await eventsOf(goalId))?.content ?? 0;
    await x.fake.appendBlocksAs(hana(), pageId, [{ type: 'paragraph', paragraph: text('Draft') }]);
    await x.fake.trashPageAs(hana(), pageId);
    await x.fake.webhooks.flush();
    const res = await x.h.call<{ value: PageEvents }>(
      'GET',
      `/v1/integrations/notion/state/events:${pageId}`,
      {
        key: x.apiKey,
      },
    );
    // Two content events more (the note, and the trash: not known to be properties-only).
    expect(res.body.value.content).toBe(before + 2);
    // Not found by its Perfloop id (the query leaves the trash out): retrieved by id, found in the trash, done with.
    const { calls } = await round();
    expect(calls).toEqual({ 'POST /v1/data_sources/{id}/query': 2, 'GET /v1/pages/{id}': 1 });
    expect((await round()).calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(await checkInsFor(goalId)).toHaveLength(1);
  });

  it('a note finished just before the worker writes a Perfloop change to the page: its content event makes the next pull read it', async () => {
    const goalId = x.goals.sam[0] as string;
    const pageId = pageOf(goalId);
    const before = await checkInsFor(goalId);
    await x.patchGoal('hal', goalId, { title: 'Renamed in Perfloop' });
    // Hana's note lands after the round's query, right before the push's write makes the worker the page's last editor.
    let raced = false;
    x.fake.onRequest = async (method, path) => {
      if (raced || method !== 'PATCH' || !path.endsWith(`/v1/pages/${pageId}`)) return;
      raced = true;
      await x.fake.appendBlocksAs(hana(), pageId, [
        { type: 'paragraph', paragraph: text('Globex next week.') },
      ]);
    };
    const first = await round().finally(() => {
      x.fake.onRequest = undefined;
    });
    expect(raced).toBe(true);
    expect(first.calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1, 'PATCH /v1/pages/{id}': 1 });
    expect(first.report?.importedNotes).toBe(0);
    expect(x.fake.workspace.pages.get(pageId)?.lastEditedBy).toBe(x.fake.bot.id);
    // Its content event comes: the query skips the page (the worker edited it last), its Perfloop id finds it.
    await x.fake.webhooks.flush();
    const next = await round();
    expect(next.report?.importedNotes).toBe(1);
    expect(next.calls['POST /v1/data_sources/{id}/query']).toBe(2);
    expect(next.calls['GET /v1/blocks/{id}/children']).toBe(1);
    const after = await checkInsFor(goalId);
    expect(after.filter((c) => !before.some((b) => b.id === c.id)).map((c) => c.notes)).toEqual([
      'From Hana Head in Notion: Globex next week.',
    ]);
  });
});
