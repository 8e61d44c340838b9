// Check-in corrections in Perfloop reach Notion: the blocks of the check-in are rewritten on every page holding them, fewest calls,
// converging through 500s, lost answers and a worker killed half-way, never taken for a person's edit by the pull.
import type { ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { markerIn } from './sync/checkInBlocks.ts';
import { roundsUntil } from './testing/converge.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';
import { runWorkerKilledAt } from './testing/killedWorker.ts';

let x: Harness;
let sync: NotionSync;
const children: ChildProcess[] = [];

beforeAll(async () => {
  x = await createHarness({ phase: 'coach', goalsPerPerson: 2 });
  sync = x.worker({ NOTION_TIMEOUT_MS: '1000' });
  await sync.worker.runOnce();
});
afterAll(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

const plainOf = (content: Record<string, unknown> | undefined) =>
  ((content?.rich_text ?? []) as { plain_text: string }[]).map((t) => t.plain_text).join('');
const pageOf = (goalId: string) => String(x.row(goalId)?.id);
/** The texts of a check-in's section on a goal's page (heading first), as the fake holds them. */
function section(goalId: string, checkInId: string): string[] {
  const blocks = (x.fake.workspace.children.get(pageOf(goalId)) ?? []).flatMap((id) => {
    const b = x.fake.workspace.blocks.get(id);
    return b && !b.inTrash ? [b] : [];
  });
  const start = blocks.findIndex((b) => b.type === 'heading_3' && markerIn(plainOf(b.content)) === checkInId);
  if (start < 0) return [];
  const end = blocks.findIndex((b, i) => i > start && b.type === 'heading_3');
  return blocks.slice(start, end < 0 ? undefined : end).map((b) => plainOf(b.content));
}
const markers = (goalId: string, checkInId: string) =>
  (x.fake.workspace.children.get(pageOf(goalId)) ?? []).filter((id) => {
    const b = x.fake.workspace.blocks.get(id);
    return b && !b.inTrash && b.type === 'heading_3' && markerIn(plainOf(b.content)) === checkInId;
  }).length;
const comments = () => x.fake.workspace.comments.length;

async function record(json: Record<string, unknown>): Promise<{ id: string; etag: string }> {
  const res = await x.h.call<{ id: string; version: number }>('POST', '/v1/check-ins', {
    as: x.f.email.hana,
    json: { cycleId: CYCLE, subjectId: x.f.id.sam, ...json },
  });
  expect(res.status).toBe(201);
  return { id: res.body.id, etag: `"${res.body.version}"` };
}
async function correct(id: string, etag: string, json: Record<string, unknown>): Promise<void> {
  const res = await x.h.call('PATCH', `/v1/check-ins/${id}`, {
    as: x.f.email.hana,
    json,
    headers: { 'If-Match': etag },
  });
  expect(res.status).toBe(200);
}
const blockWrites = () =>
  x.fake.count({ route: 'PATCH /v1/blocks/{id}' }) +
  x.fake.count({ route: 'PATCH /v1/blocks/{id}/children' }) +
  x.fake.count({ route: 'DELETE /v1/blocks/{id}' });

describe('check-in corrections', () => {
  it('rewrite the check-in on every page of the subject’s goals with one call per page, once; the pull leaves them be', async () => {
    const c = await record({
      kind: 'performance_meeting',
      notes: 'Agreed to double the pipeline by October.',
    });
    await sync.worker.runOnce();
    const sams = x.goals.sam;
    for (const g of sams) expect(section(g, c.id)[1]).toBe('Agreed to double the pipeline by October.');
    const before = section(sams[0] as string, c.id).length;
    const commentsBefore = comments();

    await correct(c.id, c.etag, { notes: 'Agreed to triple the pipeline by October.' });
    x.fake.resetCalls();
    const report = await sync.worker.runOnce();
    expect(report?.correctedCheckIns).toBe(2);
    for (const g of sams) {
      expect(section(g, c.id)[1]).toBe('Agreed to triple the pipeline by October.');
      expect(section(g, c.id)).toHaveLength(before);
      expect(markers(g, c.id)).toBe(1);
    }
    // One block rewritten per page (after one read of each page's blocks): nothing appended, nothing deleted.
    expect(x.fake.count({ route: 'PATCH /v1/blocks/{id}' })).toBe(2);
    expect(blockWrites()).toBe(2);

    // The next rounds (the pages are pulled again: flagged, then edited by Sam) see no person's edit in it.
    const again = await sync.worker.runOnce();
    expect(again?.correctedCheckIns).toBe(0);
    expect(again?.restoredNotes).toBe(0);
    await x.editAs('sam', sams[0] as string, { Actual: { number: 7 } });
    const pulled = await sync.worker.runOnce();
    expect(pulled?.restoredNotes).toBe(0);
    expect(comments()).toBe(commentsBefore);
    expect(blockWrites()).toBe(2);
  });

  it('a correction that reshapes the blocks converges through 500s and lost answers, nothing doubled or lost', async () => {
    const form = {
      strengths: 'Clear pitch',
      improvements: 'Follow-ups',
      supportNeeded: '',
      nextSteps: 'Shadow Hana',
    };
    const c = await record({ kind: 'feedback_form', notes: '', form });
    await sync.worker.runOnce();
    const sams = x.goals.sam;
    expect(section(sams[0] as string, c.id)).toHaveLength(4);

    // Notes over 2,000 characters (three segments) and a support line: two runs of blocks inserted in place.
    const notes = `${'Long notes. '.repeat(375)}End.`;
    await correct(c.id, c.etag, { notes, form: { ...form, supportNeeded: 'A sales course' } });
    x.fake.faults.inject({
      method: 'PATCH',
      path: /\/children$/,
      fault: { kind: 'internal_server_error' },
      times: 5,
    });
    x.fake.faults.inject({
      method: 'PATCH',
      path: /\/children$/,
      fault: { kind: 'slow', delayMs: 1300 },
      times: 2,
    });
    x.fake.faults.inject({
      method: 'PATCH',
      path: /^\/v1\/blocks\/[^/]+$/,
      fault: { kind: 'slow', delayMs: 1300 },
      times: 1,
    });
    let failed = 0;
    await roundsUntil(
      async () => {
        try {
          return await sync.worker.runOnce();
        } catch (error) {
          failed += 1;
          throw error;
        }
      },
      async () => sams.every((g) => section(g, c.id).length === 6),
    );
    x.fake.faults.clear();
    await sync.worker.runOnce();
    expect(failed).toBeGreaterThan(0);
    expect(x.fake.faults.served.internal_server_error).toBeGreaterThan(0);
    for (const g of sams) {
      expect(section(g, c.id)).toEqual([
        expect.stringContaining(`ref ${c.id}`),
        notes,
        'Strengths: Clear pitch',
        'To improve: Follow-ups',
        'Support needed: A sales course',
        'Next steps: Shadow Hana',
      ]);
      expect(markers(g, c.id)).toBe(1);
    }
    const notesBlock = (x.fake.workspace.children.get(pageOf(sams[0] as string)) ?? [])
      .map((id) => x.fake.workspace.blocks.get(id))
      .find((b) => b && !b.inTrash && plainOf(b.content) === notes);
    const segments = (notesBlock?.content.rich_text ?? []) as { plain_text: string }[];
    expect(segments.length).toBe(3);
    for (const s of segments) expect(s.plain_text.length).toBeLessThanOrEqual(2000);
  }, 300_000);

  it('a worker killed in the middle of a correction: the restarted one finishes it once', async () => {
    const c = await record({ kind: 'guidance_note', notes: 'First words.' });
    await sync.worker.runOnce();
    await sync.close();
    await correct(c.id, c.etag, { notes: 'Corrected words.' });

    // The first block rewrite: the worker dies as it is sent; the write itself lands.
    const killed = await runWorkerKilledAt(
      x,
      children,
      (method, path) => method === 'PATCH' && /^\/v1\/blocks\/[^/]+$/.test(path),
    );
    expect(killed).toBe(true);
    const sams = x.goals.sam;
    // The intent was recorded before the write.
    const intents = await Promise.all(
      sams.map((g) =>
        x.h.call<{ value: { correctingThrough?: number } }>(
          'GET',
          `/v1/integrations/notion/state/goal:${g}`,
          {
            key: x.apiKey,
          },
        ),
      ),
    );
    expect(intents.some((r) => (r.body.value.correctingThrough ?? 0) > 0)).toBe(true);
    const written = sams.filter((g) => section(g, c.id)[1] === 'Corrected words.');
    expect(written.length).toBe(1);

    // The second life waits for the dead worker's lease to lapse, then finishes.
    const next = x.worker();
    await roundsUntil(
      async () => {
        await new Promise((r) => setTimeout(r, 200));
        return next.worker.runOnce();
      },
      async () => sams.every((g) => section(g, c.id)[1] === 'Corrected words.'),
      200,
    );
    for (const g of sams) {
      expect(section(g, c.id)).toHaveLength(2);
      expect(markers(g, c.id)).toBe(1);
      const state = await x.h.call<{ value: { correctingThrough?: number } }>(
        'GET',
        `/v1/integrations/notion/state/goal:${g}`,
        { key: x.apiKey },
      );
      expect(state.body.value.correctingThrough).toBeUndefined();
    }
    await next.close();
  }, 300_000);
});
