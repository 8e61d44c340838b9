// A state commit refused after a round wrote Perfloop or Notion (the long load run's 413s): the next round writes Perfloop only for a
// person's edit, never again for a value that is already there or that the worker itself wrote to the page (push or pull's restore).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { PerfloopError, type StateWrite } from './perfloop/api.ts';
import { createHarness, type Harness } from './testing/harness.ts';

let x: Harness;
let sync: NotionSync;
/** A KPI goal as the API has it now. */
const kpi = async (goalId: string) => (await x.goal(goalId)) as { actual: number | null; version: number };
const comments = (goalId: string) => {
  const pageId = String(x.row(goalId)?.id);
  return x.fake.workspace.comments.filter((c) => c.pageId === pageId);
};

beforeAll(async () => {
  x = await createHarness({ goalsPerPerson: 2 });
  sync = x.worker();
  await sync.worker.runOnce();
});
afterAll(async () => {
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

/** The next state commit whose writes match `which` is refused as too large (as the API's body limit does). */
function refuseCommitOnce(which: (writes: StateWrite[]) => boolean): () => boolean {
  const api = sync.api;
  const original = api.writeState.bind(api);
  let refused = false;
  api.writeState = async (writes, lease) => {
    if (!refused && which(writes)) {
      refused = true;
      api.writeState = original;
      throw new PerfloopError(413, 'payload_too_large', 'Request body too large.');
    }
    return original(writes, lease);
  };
  return () => refused;
}

/** Counts the worker's goal PATCHes from now on. */
function countPatches(): () => number {
  const api = sync.api;
  const original = api.patchGoal.bind(api);
  let n = 0;
  api.patchGoal = async (...args) => {
    n += 1;
    return original(...args);
  };
  return () => n;
}

describe('a refused state commit', () => {
  it('after the pull applied a Notion edit: the next round sees Perfloop already holds it and does not PATCH again', async () => {
    const goalId = x.goals.sam[0] as string;
    await x.editAs('hana', goalId, { Actual: { number: 6 } });
    // The commit recording the applied edit (the goal's synced actual now 6) is refused.
    const refused = refuseCommitOnce((writes) =>
      writes.some(
        (w) =>
          w.key === `goal:${goalId}` && (w.value?.pushed as { actual?: number } | undefined)?.actual === 6,
      ),
    );
    const patches = countPatches();
    await expect(sync.worker.runOnce()).rejects.toThrow(/too large/);
    expect(refused()).toBe(true);
    const applied = await kpi(goalId);
    expect(applied.actual).toBe(6);
    expect(patches()).toBe(1);

    await sync.worker.runOnce();
    await sync.worker.runOnce();
    expect(patches()).toBe(1);
    expect((await kpi(goalId)).version).toBe(applied.version);
    expect(x.value(goalId, 'Actual')).toBe(6);
    expect(comments(goalId)).toEqual([]);
  });

  it('after the pull put Perfloop’s value back on the page: the next pull does not take that restore for a manager’s edit', async () => {
    const goalId = x.goals.mo[0] as string;
    const pageId = String(x.row(goalId)?.id);
    // Perfloop moves the goal to done while a manager types a status Perfloop does not know in Notion: the pull
    // reports it and puts Perfloop's Done on the page, but the commit recording that write is refused.
    await x.patchGoal('mo', goalId, { status: 'done' });
    await x.editAs('hana', goalId, { Status: { select: { name: 'Blocked' } } });
    const api = sync.api;
    const original = api.writeState.bind(api);
    let refused = false;
    api.writeState = async (writes, lease) => {
      const settled = writes.find((w) => w.key === `goal:${goalId}`)?.value as
        | { pushed?: { status?: string } }
        | undefined;
      if (!refused && settled?.pushed?.status === 'done') {
        refused = true;
        api.writeState = original;
        throw new PerfloopError(413, 'payload_too_large', 'Request body too large.');
      }
      return original(writes, lease);
    };
    await expect(sync.worker.runOnce()).rejects.toThrow(/too large/);
    expect(refused).toBe(true);
    expect(x.value(goalId, 'Status')).toBe('Done');
    // Mo sets the goal back to active in Perfloop; Hana edits the page's notes (so the next pull reads it).
    const reopened = await x.patchGoal('mo', goalId, { status: 'active' });
    await x.editAs('hana', goalId, {
      Notes: { rich_text: [{ type: 'text', text: { content: 'Waiting on legal' } }] },
    });
    await sync.worker.runOnce();
    await sync.worker.runOnce();
    // Hana's notes are applied; the worker's own Done is not (Mo's active stands and the page shows it again).
    expect(await x.goal(goalId)).toMatchObject({
      status: 'active',
      description: 'Waiting on legal',
      version: reopened + 1,
    });
    expect(x.value(goalId, 'Status')).toBe('Active');
    const said = x.fake.workspace.comments.filter((c) => c.pageId === pageId);
    expect(said).toHaveLength(1);
    expect(said[0]?.richText.map((t) => t.plain_text).join('')).toContain('Status Blocked was not applied');
  });

  it('after the push wrote a Perfloop value that changed again meanwhile: the page’s value is not taken for a later Notion edit', async () => {
    const goalId = x.goals.erin[0] as string;
    const pageId = String(x.row(goalId)?.id);
    await x.patchGoal('erin', goalId, { actual: 4 });
    // The worker read the feed (actual 4); its write reaches Notion a minute later (queued behind the rate
    // limit), after Erin changed the goal again.
    let raced = false;
    x.fake.onRequest = async (method, path) => {
      if (!raced && method === 'PATCH' && path.endsWith(pageId)) {
        raced = true;
        await x.patchGoal('erin', goalId, { actual: 5 });
        x.fake.clock.advance(120_000);
      }
    };
    // The round's last commit (the one moving the cursor) is refused: the write to the page is not recorded.
    const refused = refuseCommitOnce((writes) => writes.some((w) => w.key === 'cursor'));
    const patches = countPatches();
    try {
      await expect(sync.worker.runOnce()).rejects.toThrow(/too large/);
    } finally {
      x.fake.onRequest = undefined;
    }
    expect(raced).toBe(true);
    expect(refused()).toBe(true);
    expect(x.value(goalId, 'Actual')).toBe(4);
    const acknowledged = await kpi(goalId);
    expect(acknowledged.actual).toBe(5);

    await sync.worker.runOnce();
    await sync.worker.runOnce();
    // Erin's 5 stands, at the version she was answered; the page shows it.
    expect(patches()).toBe(0);
    expect(await x.goal(goalId)).toMatchObject({ actual: 5, version: acknowledged.version });
    expect(x.value(goalId, 'Actual')).toBe(5);
    expect(comments(goalId)).toEqual([]);
  });
});
