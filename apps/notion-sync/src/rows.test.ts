// Rows added in Notion (plan: proposed goals; otherwise: said why not) and check-in notes appended to goal pages as blocks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';

const text = (content: string) => [{ type: 'text', text: { content } }];
const commentsOn = (x: Harness, pageId: string) =>
  x.fake.workspace.comments
    .filter((c) => c.pageId === pageId)
    .map((c) => c.richText.map((t) => t.plain_text).join(''));
const userId = (x: Harness, name: 'hana' | 'sam' | 'mo' | 'hal') =>
  [...x.fake.workspace.users.values()].find((u) => u.email === x.f.email[name].toLowerCase())?.id as string;

describe('new rows while the cycle is in plan', () => {
  let x: Harness;
  let sync: NotionSync;
  beforeAll(async () => {
    x = await createHarness({ phase: 'plan', goalsPerPerson: 1 });
    sync = x.worker();
    await sync.worker.runOnce();
  });
  afterAll(async () => {
    expect(x.fake.unexpected).toEqual([]);
    await x.close();
  });

  it('a manager’s new row for their report becomes a goal, and the row gets its Perfloop id and values', async () => {
    const page = await x.fake.createRowAs(userId(x, 'hana'), x.dataSourceId(), {
      Name: { title: text('Open three partner channels') },
      Owner: { people: [{ id: userId(x, 'sam') }] },
      Weight: { number: 20 },
      Target: { number: 3 },
      Unit: { rich_text: text('channels') },
    });
    await sync.worker.runOnce();
    const created = await x.h.call<{
      items: { id: string; title: string; ownerId: string; status: string; target: number }[];
    }>('GET', `/v1/goals?cycleId=${CYCLE}&ownerId=${x.f.id.sam}`, { as: x.f.email.hal });
    const goal = created.body.items.find((g) => g.title === 'Open three partner channels');
    expect(goal).toMatchObject({ ownerId: x.f.id.sam, status: 'draft', target: 3 });
    const row = x.fake.rows(x.dataSourceId()).find((r) => r.id === page.id) as Record<string, unknown>;
    expect(x.value(goal?.id as string, 'Owner name')).toBe('Sam Seller');
    expect(row.id).toBe(page.id);
    expect(x.rows()).toHaveLength(x.allGoals.length + 1);
    expect(commentsOn(x, page.id).at(-1)).toContain('added to Perfloop as a goal for Sam Seller');
    // Nothing more happens on the next round: no second goal, no duplicate page.
    await sync.worker.runOnce();
    const again = await x.h.call<{ items: { title: string }[] }>(
      'GET',
      `/v1/goals?cycleId=${CYCLE}&ownerId=${x.f.id.sam}`,
      {
        as: x.f.email.hal,
      },
    );
    expect(again.body.items.filter((g) => g.title === 'Open three partner channels')).toHaveLength(1);
    expect(x.rows()).toHaveLength(x.allGoals.length + 1);
  });

  it('an incomplete row is told what it lacks, once; someone who may not set the owner’s goals is refused', async () => {
    const incomplete = await x.fake.createRowAs(userId(x, 'hana'), x.dataSourceId(), {
      Name: { title: text('Half a goal') },
    });
    await sync.worker.runOnce();
    await sync.worker.runOnce();
    const said = commentsOn(x, incomplete.id);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('set its Weight');
    const stranger = await x.fake.createRowAs(userId(x, 'mo'), x.dataSourceId(), {
      Name: { title: text('Not mine to set') },
      Owner: { people: [{ id: userId(x, 'sam') }] },
      Weight: { number: 10 },
    });
    await sync.worker.runOnce();
    expect(commentsOn(x, stranger.id)[0]).toContain('may not set Sam Seller');
    expect(x.rows().filter((r) => r.id === stranger.id)).toHaveLength(1);
  });

  it('a row without an Owner is a goal of the person who added it', async () => {
    const own = await x.fake.createRowAs(userId(x, 'sam'), x.dataSourceId(), {
      Name: { title: text('Learn the new CRM') },
      Weight: { number: 5 },
    });
    await sync.worker.runOnce();
    expect(commentsOn(x, own.id).at(-1)).toContain('added to Perfloop as a goal for Sam Seller');
  });

  it('once the cycle left plan, a new row is refused with the reason', async () => {
    await x.moveCycle('coach');
    const late = await x.fake.createRowAs(userId(x, 'hana'), x.dataSourceId(), {
      Name: { title: text('Too late') },
      Owner: { people: [{ id: userId(x, 'sam') }] },
      Weight: { number: 10 },
    });
    await sync.worker.runOnce();
    expect(commentsOn(x, late.id)[0]).toContain('new goals can be added only while a cycle is in plan');
  });
});

describe('check-in notes', () => {
  let x: Harness;
  let sync: NotionSync;
  beforeAll(async () => {
    x = await createHarness({ phase: 'coach', goalsPerPerson: 2 });
    sync = x.worker();
    await sync.worker.runOnce();
  });
  afterAll(async () => {
    expect(x.fake.unexpected).toEqual([]);
    await x.close();
  });

  const blocksOf = (goalId: string) => {
    const pageId = String(x.row(goalId)?.id);
    return (x.fake.workspace.children.get(pageId) ?? [])
      .map((id) => x.fake.workspace.blocks.get(id))
      .filter(Boolean);
  };
  const checkIn = async (body: Record<string, unknown>) => {
    const res = await x.h.call('POST', '/v1/check-ins', {
      as: x.f.email.hana,
      json: { cycleId: CYCLE, subjectId: x.f.id.sam, ...body },
    });
    expect(res.status).toBe(201);
  };

  it('appends a check-in to the pages of the goals it updates; long notes split at 2,000 characters', async () => {
    const goalId = x.goals.sam[0] as string;
    const goal = await x.goal(goalId);
    const notes = `${'Pipeline review. '.repeat(400)}`.trim();
    await checkIn({
      kind: 'performance_meeting',
      notes,
      goalUpdates: [{ goalId, goalVersion: goal.version, actual: 4, progressNote: 'Two deals closed' }],
    });
    await sync.worker.runOnce();
    const blocks = blocksOf(goalId);
    expect(blocks[0]?.type).toBe('heading_3');
    const paragraph = blocks[1]?.content.rich_text as { plain_text: string }[];
    expect(paragraph.length).toBeGreaterThan(3);
    expect(paragraph.every((t) => t.plain_text.length <= 2000)).toBe(true);
    expect(paragraph.map((t) => t.plain_text).join('')).toBe(notes);
    expect(blocks.some((b) => JSON.stringify(b?.content).includes('Two deals closed'))).toBe(true);
    expect(blocksOf(x.goals.sam[1] as string)).toHaveLength(0);
    expect(x.value(goalId, 'Actual')).toBe(4);
  });

  it('appends a note without goal updates to every goal page of the person; never twice', async () => {
    await checkIn({ kind: 'guidance_note', notes: 'Prepare the Globex renewal plan before Friday.' });
    await sync.worker.runOnce();
    await sync.worker.runOnce();
    for (const goalId of x.goals.sam) {
      const headings = blocksOf(goalId).filter((b) => JSON.stringify(b?.content).includes('Guidance note'));
      expect(headings).toHaveLength(1);
    }
  });

  it('more than 100 blocks for one page go in several appends of at most 100', async () => {
    for (let i = 0; i < 60; i++) await checkIn({ kind: 'guidance_note', notes: `Weekly note ${i}` });
    x.fake.resetCalls();
    await sync.worker.runOnce();
    const goalId = x.goals.sam[1] as string;
    expect(blocksOf(goalId).filter((b) => b?.type === 'heading_3')).toHaveLength(61);
    const appends = x.fake.calls.filter((c) => c.route === 'PATCH /v1/blocks/{id}/children');
    // 60 check-ins × 2 blocks on each of two pages: 120 blocks per page, in two calls each.
    expect(appends).toHaveLength(4);
  });

  it('an append that fails after its first call: no check-in is left with half its blocks (calls split between check-ins)', async () => {
    const goalId = x.goals.sam[0] as string;
    const pageId = String(x.row(goalId)?.id);
    const before = blocksOf(goalId).length;
    // 3 blocks (heading, notes, progress), then 49 notes of 2: the 50th check-in's blocks would be 99 and 100.
    const goal = await x.goal(goalId);
    await checkIn({
      kind: 'performance_meeting',
      notes: 'Quarter review',
      goalUpdates: [{ goalId, goalVersion: goal.version, actual: 5, progressNote: 'On track' }],
    });
    for (let i = 0; i < 49; i++) await checkIn({ kind: 'guidance_note', notes: `Daily note ${i}` });
    // The page's second append call fails (500: its outcome is unknown to the worker, which looks first).
    let appends = 0;
    x.fake.onRequest = (method, path) => {
      if (method === 'PATCH' && path === `/v1/blocks/${pageId}/children` && ++appends === 1) {
        x.fake.faults.inject({
          method,
          path: new RegExp(`^${path}$`),
          fault: { kind: 'internal_server_error' },
        });
      }
    };
    try {
      await sync.worker.runOnce();
    } finally {
      x.fake.onRequest = undefined;
    }
    expect(x.fake.faults.served.internal_server_error).toBeGreaterThan(0);
    const added = blocksOf(goalId).slice(before);
    const headings = added.filter((b) => b?.type === 'heading_3');
    expect(headings).toHaveLength(50);
    // Every note under its own heading, once.
    for (let i = 0; i < 49; i++) {
      const at = added.findIndex((b) => JSON.stringify(b?.content).includes(`Daily note ${i}"`));
      expect(at).toBeGreaterThan(0);
      expect(added[at - 1]?.type).toBe('heading_3');
    }
    expect(added).toHaveLength(3 + 49 * 2);
  });
});
