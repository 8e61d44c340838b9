// A note's check-in when the API's first answer is not a check-in: the goal moved meanwhile (409 goal_changed, read again and resent), or its key was used with another body (422 idempotency_key_reused, the check-in found) — recorded exactly once either way.
import type { CheckIn } from '@perfloop/core';
import { notion } from '@perfloop/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { checkInBlocks, markerIn } from './sync/checkInBlocks.ts';
import { type ApiProxy, startApiProxy } from './testing/apiProxy.ts';
import { assertNoDuplicateNotes } from './testing/converge.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';

const text = (content: string) => ({ rich_text: [{ type: 'text', text: { content } }] });
const plainOf = (content: Record<string, unknown> | undefined) =>
  ((content?.rich_text ?? []) as { plain_text: string }[]).map((t) => t.plain_text).join('');

let x: Harness;
let proxy: ApiProxy;
let sync: NotionSync;

beforeAll(async () => {
  x = await createHarness({ phase: 'coach', goalsPerPerson: 2 });
  // The worker talks to the API through a proxy that records what it asked and lets a test act at a given request.
  proxy = await startApiProxy(x.apiUrl);
  sync = x.worker({ PERFLOOP_API_URL: proxy.url, NOTION_TIMEOUT_MS: '1000' });
  await sync.worker.runOnce();
});
afterAll(async () => {
  proxy.onRequest = undefined;
  x.fake.onRequest = undefined;
  await sync.close();
  await proxy.close();
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
const comments = (goalId: string) => x.fake.workspace.comments.filter((c) => c.pageId === pageOf(goalId));
const hana = () =>
  [...x.fake.workspace.users.values()].find((u) => u.email === x.f.email.hana.toLowerCase())?.id as string;
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
const rendered = (c: CheckIn, goalId: string): [string, string][] =>
  checkInBlocks(c, goalId, 'Sam Seller').map((b) => [
    String(b.type),
    ((b[String(b.type)] as { rich_text: { text: { content: string } }[] }).rich_text ?? [])
      .map((t) => t.text.content)
      .join(''),
  ]);
/** The check-ins the goal's state lists as put on the page by the pull, for the push to note (none once it has). */
const importedNotes = async (goalId: string) =>
  (
    await x.h.call<{ value: { importedNotes?: string[] } }>(
      'GET',
      `/v1/integrations/notion/state/goal:${goalId}`,
      { key: x.apiKey },
    )
  ).body.value.importedNotes ?? [];
/** What the worker's check-in creations were answered, in order, since `from` requests. */
const creations = (from: number) =>
  proxy.requests
    .slice(from)
    .filter((r) => r.method === 'POST' && r.path === '/v1/check-ins')
    .map((r) => [r.status, r.sent]);

describe('a note whose goal moves in Perfloop as its check-in is sent', () => {
  it('409 goal_changed: the goal is read again and the same request resent at its new version; one check-in, also when that answer is lost', async () => {
    const goalId = x.goals.sam[0] as string;
    const before = await checkInsFor(goalId);
    const start = view(goalId);
    const [note] = await x.fake.appendBlocksAs(hana(), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('Sam signed Globex for two years.') },
    ]);
    const from = proxy.requests.length;
    let sends = 0;
    proxy.onRequest = async (method, path) => {
      if (method !== 'POST' || path !== '/v1/check-ins') return undefined;
      sends += 1;
      // The first send: HR records Sam's actual just before it arrives (the goal's version moves on).
      if (sends === 1) await x.patchGoal('hal', goalId, { actual: 42 });
      // The resend at the new version: applied, but its answer is lost (a 503); the client sends it again.
      if (sends === 2) return 'lose-answer';
      return undefined;
    };
    const report = await sync.worker.runOnce();
    proxy.onRequest = undefined;
    expect(report?.importedNotes).toBe(1);
    // 409, then the resend (created, answer lost), then the same request again: the API replays what it created.
    expect(creations(from)).toEqual([
      [409, 409],
      [201, 503],
      [201, 201],
    ]);
    const made = (await checkInsFor(goalId)).filter((c) => !before.some((b) => b.id === c.id));
    expect(made).toHaveLength(1);
    const c = made[0] as CheckIn;
    expect(c.notes).toBe('From Hana Head in Notion: Sam signed Globex for two years.');
    expect(c.goalUpdates).toEqual([{ goalId, actual: null, progressNote: '' }]);
    // A progress note leaves HR's actual as it is.
    expect(((await x.goal(goalId)) as { actual: number | null }).actual).toBe(42);
    expect(view(goalId)).toEqual([...start, ...rendered(c, goalId)]);
    expect(x.fake.workspace.blocks.get(String(note?.id))?.inTrash).toBe(true);
    await sync.worker.runOnce();
    await sync.worker.runOnce();
    expect(creations(from)).toHaveLength(3);
    expect(await checkInsFor(goalId)).toHaveLength(before.length + 1);
    expect(headingsOf(goalId, c.id)).toBe(1);
    expect(comments(goalId)).toEqual([]);
    expect(await importedNotes(goalId)).toEqual([]);
    assertNoDuplicateNotes(x);
  });
});

describe('a note that comes back after its check-in was recorded', () => {
  it('422 idempotency_key_reused (same blocks and text, the goal moved since): the check-in it made is found, shown once, the note deleted', async () => {
    const goalId = x.goals.sam[1] as string;
    // A check-in in the very words the note's will have, recorded a day earlier: the one the note made is told
    // apart from it by the note's time.
    const lookalike = await x.h.call<CheckIn>('POST', '/v1/check-ins', {
      as: x.f.email.hana,
      json: {
        cycleId: CYCLE,
        subjectId: x.f.id.sam,
        kind: 'guidance_note',
        notes: 'From Hana Head in Notion: Demo on Tuesday.',
        at: new Date(Date.now() - 86_400_000).toISOString(),
        goalUpdates: [
          { goalId, goalVersion: (await x.goal(goalId)).version, actual: null, progressNote: '' },
        ],
      },
    });
    expect(lookalike.status).toBe(201);
    await sync.worker.runOnce();
    const before = await checkInsFor(goalId);
    const start = view(goalId);
    const [note] = await x.fake.appendBlocksAs(hana(), pageOf(goalId), [
      { type: 'paragraph', paragraph: text('Demo on Tuesday.') },
    ]);
    // Round 1: the check-in is recorded, then Notion refuses the insert of its blocks (the round stops there).
    let refused = false;
    x.fake.onRequest = (method, path) => {
      if (refused || method !== 'PATCH' || !/\/children$/.test(path)) return;
      refused = true;
      throw new notion.NotionError(403, 'restricted_resource', 'Insufficient permissions for this endpoint.');
    };
    await sync.worker.runOnce();
    x.fake.onRequest = undefined;
    expect(refused).toBe(true);
    const made = (await checkInsFor(goalId)).filter((c) => !before.some((b) => b.id === c.id));
    expect(made).toHaveLength(1);
    const c = made[0] as CheckIn;
    expect(c.notes).toBe('From Hana Head in Notion: Demo on Tuesday.');
    expect(c.id).not.toBe(lookalike.body.id);
    // Dated when Hana wrote the note (its block's creation), not when the worker took it up.
    const block = x.fake.workspace.blocks.get(String(note?.id));
    expect(Date.parse(c.at)).toBe(notion.floorMinute(Number(block?.createdTime)));
    // Hana edits the note meanwhile: round 2 shows the recorded check-in after it and keeps her edited note.
    await x.fake.editBlockAs(hana(), String(note?.id), { paragraph: text('Demo moved to Thursday.') });
    await sync.worker.runOnce();
    expect(view(goalId)).toEqual([
      ...start,
      ['paragraph', 'Demo moved to Thursday.'],
      ...rendered(c, goalId),
    ]);
    // HR records Sam's actual (the goal's version moves on); then Hana undoes her edit: the note reads as recorded.
    await x.patchGoal('hal', goalId, { actual: 7 });
    await x.fake.editBlockAs(hana(), String(note?.id), { paragraph: text('Demo on Tuesday.') });
    const from = proxy.requests.length;
    await sync.worker.runOnce();
    // The same blocks and text make the same Idempotency-Key, now with the goal's new version: the API refuses
    // the key for another body, and the worker finds the check-in that key made instead of recording it twice.
    expect(creations(from)).toEqual([[422, 422]]);
    expect(await checkInsFor(goalId)).toHaveLength(before.length + 1);
    expect(view(goalId)).toEqual([...start, ...rendered(c, goalId)]);
    expect(x.fake.workspace.blocks.get(String(note?.id))?.inTrash).toBe(true);
    expect(headingsOf(goalId, c.id)).toBe(1);
    // The push met the check-in's feed event rounds ago (when the first import listed it): the found check-in is
    // not left listed for a push that will never see that event again — the state does not grow.
    expect(await importedNotes(goalId)).toEqual([]);
    await sync.worker.runOnce();
    await sync.worker.runOnce();
    expect(creations(from)).toHaveLength(1);
    expect(await checkInsFor(goalId)).toHaveLength(before.length + 1);
    expect(headingsOf(goalId, c.id)).toBe(1);
    expect(comments(goalId)).toEqual([]);
    expect(await importedNotes(goalId)).toEqual([]);
    assertNoDuplicateNotes(x);
  });
});
