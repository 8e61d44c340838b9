// Polling (no webhooks): a note a person finishes on a goal page just before the worker itself writes that page — the worker then shows as the page's last editor, so the query no longer returns it.
import type { CheckIn } from '@perfloop/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';

const text = (content: string) => ({ rich_text: [{ type: 'text', text: { content } }] });

let x: Harness;
let sync: NotionSync;

beforeAll(async () => {
  x = await createHarness({ phase: 'coach', goalsPerPerson: 3 });
  sync = x.worker();
  await sync.worker.runOnce();
});
afterAll(async () => {
  x.fake.onRequest = undefined;
  await sync.close();
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

const pageOf = (goalId: string) => String(x.row(goalId)?.id);
const hana = () =>
  [...x.fake.workspace.users.values()].find((u) => u.email === x.f.email.hana.toLowerCase())?.id as string;
async function notesFor(goalId: string): Promise<string[]> {
  const res = await x.h.call<{ items: CheckIn[] }>(
    'GET',
    `/v1/check-ins?cycleId=${CYCLE}&subjectId=${x.f.id.sam}&limit=500`,
    { as: x.f.email.hal },
  );
  return res.body.items.filter((c) => c.goalUpdates.some((u) => u.goalId === goalId)).map((c) => c.notes);
}
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

/**
 * Runs a round in which Hana finishes a note on the goal's page right before the worker's first write of that page's
 * properties reaches Notion (after the round's query). Returns that round's report and calls.
 */
async function roundWithNoteBeforeWrite(goalId: string, note: string) {
  const pageId = pageOf(goalId);
  let raced = false;
  x.fake.onRequest = async (method, path) => {
    if (raced || method !== 'PATCH' || !path.endsWith(`/v1/pages/${pageId}`)) return;
    raced = true;
    await x.fake.appendBlocksAs(hana(), pageId, [{ type: 'paragraph', paragraph: text(note) }]);
  };
  try {
    const result = await round();
    expect(raced).toBe(true);
    return result;
  } finally {
    x.fake.onRequest = undefined;
  }
}

describe('a note finished just before the worker writes the same page (polling)', () => {
  it('a manager edits Actual, then writes a note: the new Progress is written before the blocks are read, so the note is recorded that round', async () => {
    const goalId = x.goals.sam[0] as string;
    await x.editAs('hana', goalId, { Actual: { number: 7 } });
    const { report, calls } = await roundWithNoteBeforeWrite(goalId, 'Initech signed.');
    expect(report?.appliedEdits).toBe(1);
    expect(x.value(goalId, 'Progress')).toBe(0.7);
    expect(report?.importedNotes).toBe(1);
    // Still the cost: the query, one write (the new progress, now by the pull), one block read — plus the
    // note's import (its insert and the delete of its block); the push has nothing left to write.
    expect(calls).toEqual({
      'POST /v1/data_sources/{id}/query': 1,
      'PATCH /v1/pages/{id}': 1,
      'GET /v1/blocks/{id}/children': 1,
      'PATCH /v1/blocks/{id}/children': 1,
      'DELETE /v1/blocks/{id}': 1,
    });
    expect(report?.updated).toBe(0);
    expect(await notesFor(goalId)).toEqual(['From Hana Head in Notion: Initech signed.']);
    // The import's recheck, then quiet.
    await round();
    expect((await round()).calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(await notesFor(goalId)).toHaveLength(1);
  });

  it('a manager edits a row that Perfloop changed too, and finishes a note as the push writes Perfloop’s change: the page is read once more on the next pull', async () => {
    const goalId = x.goals.sam[1] as string;
    await x.patchGoal('hal', goalId, { title: 'Renamed in Perfloop' });
    await x.editAs('hana', goalId, { Notes: text('Q3 focus') });
    const first = await roundWithNoteBeforeWrite(goalId, 'Globex next week.');
    expect(first.report?.appliedEdits).toBe(1);
    expect(first.report?.updated).toBe(1);
    expect(first.report?.importedNotes).toBe(0);
    expect(x.value(goalId, 'Name')).toBe('Renamed in Perfloop');
    // The worker is the page's last editor now: the query skips the page, its recheck (by Perfloop id) reads it.
    expect(x.fake.workspace.pages.get(pageOf(goalId))?.lastEditedBy).toBe(x.fake.bot.id);
    const next = await round();
    expect(next.report?.importedNotes).toBe(1);
    expect(next.calls['POST /v1/data_sources/{id}/query']).toBe(2);
    expect(next.calls['GET /v1/blocks/{id}/children']).toBe(1);
    expect(await notesFor(goalId)).toEqual(['From Hana Head in Notion: Globex next week.']);
    await round();
    expect((await round()).calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(await notesFor(goalId)).toHaveLength(1);
  });

  it('a Perfloop change to a page nobody was editing: a note finished between the query and the write waits for the page’s next read (the documented window)', async () => {
    const goalId = x.goals.sam[2] as string;
    await x.patchGoal('hal', goalId, { actual: 3 });
    const first = await roundWithNoteBeforeWrite(goalId, 'Demo booked.');
    expect(first.report?.updated).toBe(1);
    expect(first.calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1, 'PATCH /v1/pages/{id}': 1 });
    // Notion's answer and every query after show only the worker's write (its minute, the bot as last editor): nothing
    // tells the worker a person wrote on the page first, and reading every page it writes would double a push's cost.
    const page = x.fake.workspace.pages.get(pageOf(goalId));
    expect(page?.lastEditedBy).toBe(x.fake.bot.id);
    await round();
    x.fake.clock.advance(2 * 60_000);
    await round();
    expect((await round()).calls).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(await notesFor(goalId)).toEqual([]);
    // The note is still on the page; the page's next read records it — here a person's next edit of the row.
    await x.editAs('hana', goalId, { Notes: text('Demo first') });
    const later = await round();
    expect(later.report?.importedNotes).toBe(1);
    expect(await notesFor(goalId)).toEqual(['From Hana Head in Notion: Demo booked.']);
  });
});
