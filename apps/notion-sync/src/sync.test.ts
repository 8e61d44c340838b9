// The worker end to end with the real @notionhq/client against the Notion fake and the real API (SQLite): both directions.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from './testing/harness.ts';

let x: Harness;
beforeAll(async () => {
  x = await createHarness({ goalsPerPerson: 2 });
});
afterAll(async () => {
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

describe('first sync', () => {
  it('creates the database and one page per goal, with every property', async () => {
    const sync = x.worker();
    const report = await sync.worker.runOnce();
    expect(report?.created).toBe(x.allGoals.length);
    const rows = x.rows();
    expect(rows).toHaveLength(x.allGoals.length);
    const goalId = x.goals.sam[0] as string;
    expect(x.value(goalId, 'Name')).toBe('sam goal 0');
    expect(x.value(goalId, 'Owner name')).toBe('Sam Seller');
    expect(x.value(goalId, 'Department')).toBe('Sales');
    expect(x.value(goalId, 'Cycle')).toBe('2026 H2');
    expect(x.value(goalId, 'Target')).toBe(10);
    expect(x.value(goalId, 'Actual')).toBe(null);
    expect(x.value(goalId, 'Status')).toBe('Active');
    expect(x.value(goalId, 'Due')).toBe('2026-12-31');
    expect(x.value(goalId, 'Unit')).toBe('deals');
    expect(x.value(goalId, 'Weight')).toBe(50);
    expect(x.value(goalId, 'Owner')).toHaveLength(1);
    expect(typeof x.value(goalId, 'Last synced')).toBe('string');
  });

  it('a second round writes nothing to Notion', async () => {
    const sync = x.worker();
    x.fake.resetCalls();
    const report = await sync.worker.runOnce();
    expect(report?.created).toBe(0);
    expect(report?.updated).toBe(0);
    const writes = x.fake.calls.filter(
      (c) => c.method !== 'GET' && c.route !== 'POST /v1/data_sources/{id}/query',
    );
    expect(writes).toEqual([]);
  });
});

describe('both directions', () => {
  it('pushes a Perfloop change and pulls a manager’s edit in Notion', async () => {
    const sync = x.worker();
    await sync.worker.runOnce();
    const pushed = x.goals.pia[0] as string;
    await x.patchGoal('pia', pushed, { actual: 4 });
    const pulled = x.goals.paul[0] as string;
    await x.editAs('pia', pulled, {
      Actual: { number: 7 },
      Status: { select: { name: 'Done' } },
      Notes: { rich_text: [{ type: 'text', text: { content: 'Shipped early' } }] },
    });
    await sync.worker.runOnce();
    expect(x.value(pushed, 'Actual')).toBe(4);
    expect(x.value(pushed, 'Progress')).toBe(0.4);
    const goal = await x.goal(pulled);
    expect(goal).toMatchObject({ actual: 7, status: 'done', description: 'Shipped early' });
    // The pulled edit's progress is pushed back in the same round (the feed carries the API's own change).
    await sync.worker.runOnce();
    expect(x.value(pulled, 'Progress')).toBe(0.7);
  });

  it('a renamed department shows on its goals’ pages (names come from the directory, not the feed)', async () => {
    const sync = x.worker();
    await sync.worker.runOnce();
    const dept = await x.h.call<{ version: number }>('GET', `/v1/departments/${x.f.dept.sales}`, {
      as: x.f.email.hal,
    });
    const renamed = await x.h.call('PATCH', `/v1/departments/${x.f.dept.sales}`, {
      as: x.f.email.hal,
      json: { name: 'Revenue' },
      headers: { 'If-Match': `"${dept.body.version}"` },
    });
    expect(renamed.status).toBe(200);
    x.fake.resetCalls();
    await sync.worker.runOnce();
    for (const id of [...x.goals.sam, ...x.goals.hana]) expect(x.value(id, 'Department')).toBe('Revenue');
    // The select gains the option once; only the four Sales pages are written.
    expect(x.fake.count({ route: 'PATCH /v1/pages/{id}' })).toBe(4);
  });
});
