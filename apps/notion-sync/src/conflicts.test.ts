// Managers' edits against Perfloop's: the documented conflict policy end to end, invalid and read-only edits, comments on the page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { createHarness, type Harness } from './testing/harness.ts';

let x: Harness;
let sync: NotionSync;
const text = (content: string) => ({ rich_text: [{ type: 'text', text: { content } }] });
const comments = (goalId: string) => {
  const pageId = String(x.row(goalId)?.id);
  return x.fake.workspace.comments
    .filter((c) => c.pageId === pageId)
    .map((c) => c.richText.map((t) => t.plain_text).join(''));
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

describe('conflict policy (cycle in coach)', () => {
  it('both changed, Perfloop’s change not earlier than Notion’s minute: Perfloop keeps its value, Notion’s goes into a comment', async () => {
    const goalId = x.goals.sam[0] as string;
    await x.editAs('hana', goalId, { Actual: { number: 9 } });
    await x.patchGoal('hana', goalId, { actual: 5 });
    await sync.worker.runOnce();
    expect(((await x.goal(goalId)) as { actual: number | null }).actual).toBe(5);
    expect(x.value(goalId, 'Actual')).toBe(5);
    const said = comments(goalId);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('Actual 9 was not applied');
    expect(said[0]).toContain("Perfloop's value again: 5");
  });

  it('both changed, Notion’s edit a minute later: Notion wins, Perfloop’s value goes into a comment', async () => {
    const goalId = x.goals.sam[1] as string;
    await x.patchGoal('hana', goalId, { actual: 3 });
    x.fake.clock.advance(120_000);
    await x.editAs('hana', goalId, { Actual: { number: 8 } });
    await sync.worker.runOnce();
    expect(((await x.goal(goalId)) as { actual: number | null }).actual).toBe(8);
    expect(x.value(goalId, 'Actual')).toBe(8);
    const said = comments(goalId);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('also changed in Perfloop (to 3');
  });

  it('a field only Notion changed is applied, others untouched; a field only Perfloop changed is pushed', async () => {
    const goalId = x.goals.erin[0] as string;
    await x.patchGoal('erin', goalId, { description: 'Set in Perfloop' });
    await x.editAs('erin', goalId, { Status: { select: { name: 'Done' } } });
    await sync.worker.runOnce();
    expect(await x.goal(goalId)).toMatchObject({ status: 'done', description: 'Set in Perfloop' });
    expect(x.value(goalId, 'Notes')).toBe('Set in Perfloop');
    expect(x.value(goalId, 'Status')).toBe('Done');
    expect(comments(goalId)).toEqual([]);
  });
});

describe('a person editing while the worker writes the same page', () => {
  it('is seen in Notion’s answer to the write and pulled on the next round (the query alone would skip the page)', async () => {
    const goalId = x.goals.erin[1] as string;
    const pageId = String(x.row(goalId)?.id);
    await x.patchGoal('hal', goalId, { title: 'Changed in Perfloop' });
    let raced = false;
    x.fake.onRequest = async (method, path) => {
      if (!raced && method === 'PATCH' && path.endsWith(pageId)) {
        raced = true;
        await x.editAs('erin', goalId, { Actual: { number: 3 } });
      }
    };
    try {
      await sync.worker.runOnce();
    } finally {
      x.fake.onRequest = undefined;
    }
    expect(raced).toBe(true);
    expect(x.value(goalId, 'Name')).toBe('Changed in Perfloop');
    expect(x.value(goalId, 'Actual')).toBe(3);
    await sync.worker.runOnce();
    expect(((await x.goal(goalId)) as { actual: number | null }).actual).toBe(3);
  });
});

describe('edits Perfloop does not take', () => {
  it('an unknown status is reported on the page, not applied, and the page shows Perfloop’s value again', async () => {
    const goalId = x.goals.mo[0] as string;
    await x.editAs('erin', goalId, { Status: { select: { name: 'Blocked' } } });
    await sync.worker.runOnce();
    expect((await x.goal(goalId)).status).toBe('active');
    expect(x.value(goalId, 'Status')).toBe('Active');
    expect(comments(goalId)[0]).toContain('Status Blocked was not applied — it is not a Perfloop status');
  });

  it('notes longer than Perfloop keeps are refused, the text kept in the comment', async () => {
    const goalId = x.goals.mo[1] as string;
    const long = 'x'.repeat(1999);
    await x.editAs('erin', goalId, {
      Notes: { rich_text: [0, 1, 2].map(() => ({ type: 'text', text: { content: long } })) },
    });
    await sync.worker.runOnce();
    expect((await x.goal(goalId)).description).toBe('');
    expect(x.value(goalId, 'Notes')).toBe('');
    expect(comments(goalId)[0]).toContain('at most 5,000 characters');
  });

  it('a field Perfloop owns (Target, Name) is put back with the edit kept in a comment', async () => {
    const goalId = x.goals.pia[1] as string;
    await x.editAs('mo', goalId, {
      Target: { number: 99 },
      Name: { title: [{ type: 'text', text: { content: 'Renamed in Notion' } }] },
    });
    await sync.worker.runOnce();
    expect(await x.goal(goalId)).toMatchObject({ target: 10, title: 'pia goal 1' });
    expect(x.value(goalId, 'Target')).toBe(10);
    expect(x.value(goalId, 'Name')).toBe('pia goal 1');
    const said = comments(goalId)[0] ?? '';
    expect(said).toContain('Target is kept in Perfloop');
    expect(said).toContain('99');
    expect(said).toContain('Renamed in Notion');
  });

  it('a cleared Perfloop id is written back (the page stays the goal’s)', async () => {
    const goalId = x.goals.cat[0] as string;
    const pageId = String(x.row(goalId)?.id);
    await x.fake.editPageAs(
      [...x.fake.workspace.users.values()].find((u) => u.email === x.f.email.cat)?.id ?? '',
      pageId,
      {
        'Perfloop id': text(''),
      },
    );
    await sync.worker.runOnce();
    expect(x.value(goalId, 'Perfloop id')).toBe(goalId);
    expect(String(x.row(goalId)?.id)).toBe(pageId);
    expect(x.rows()).toHaveLength(x.allGoals.length);
  });

  it('a page whose edit cannot be settled this round is not overwritten by the push; both sides settle next round', async () => {
    const goalId = x.goals.hana[0] as string;
    await x.editAs('cat', goalId, { Target: { number: 55 } });
    await x.patchGoal('hal', goalId, { title: 'Renamed in Perfloop' });
    // Notion fails every comment for a while: the comment keeping 55 cannot be written, so the page is left alone.
    x.fake.faults.inject({
      method: 'POST',
      path: /^\/v1\/comments$/,
      fault: { kind: 'internal_server_error' },
      times: 3,
    });
    await sync.worker.runOnce();
    expect(x.value(goalId, 'Target')).toBe(55);
    expect(x.value(goalId, 'Name')).toBe('hana goal 0');
    x.fake.faults.clear();
    await sync.worker.runOnce();
    expect(x.value(goalId, 'Target')).toBe(10);
    expect(x.value(goalId, 'Name')).toBe('Renamed in Perfloop');
    expect(comments(goalId).filter((c) => c.includes('55 was replaced by 10'))).toHaveLength(1);
  });

  it('a goal cancelled in Notion after plan is not applied (it needs a reason): the page says to do it in Perfloop; an Actual edited with it is applied', async () => {
    const goalId = x.goals.paul[0] as string;
    await x.editAs('pia', goalId, { Status: { select: { name: 'Cancelled' } }, Actual: { number: 7 } });
    await sync.worker.runOnce();
    expect(await x.goal(goalId)).toMatchObject({ status: 'active', actual: 7 });
    expect(x.value(goalId, 'Status')).toBe('Active');
    expect(x.value(goalId, 'Actual')).toBe(7);
    const said = comments(goalId);
    expect(said).toHaveLength(1);
    expect(said[0]).toContain('Status Cancelled was not applied');
    expect(said[0]).toContain("the owner's manager or HR does it in Perfloop, with the reason");
    expect(said[0]).toContain("Perfloop's value again: Active");
    // Another round neither applies it nor says it again.
    await sync.worker.runOnce();
    expect(comments(goalId)).toHaveLength(1);
    expect((await x.goal(goalId)).status).toBe('active');
  });

  it('a goal cancelled in Perfloop with a reason reaches the page; restoring it in Notion is not applied either', async () => {
    const goalId = x.goals.pia[0] as string;
    await x.patchGoal('mo', goalId, {
      status: 'cancelled',
      correctionReason: 'The migration this goal tracked was called off in March.',
    });
    await sync.worker.runOnce();
    expect(x.value(goalId, 'Status')).toBe('Cancelled');
    await x.editAs('mo', goalId, { Status: { select: { name: 'Active' } } });
    await sync.worker.runOnce();
    expect((await x.goal(goalId)).status).toBe('cancelled');
    expect(x.value(goalId, 'Status')).toBe('Cancelled');
    expect(comments(goalId)[0]).toContain(
      'Status Active was not applied — the cycle is in coach, past the agreed plan',
    );
  });

  it('past coach, Perfloop wins even an edit only Notion made', async () => {
    const goalId = x.goals.paul[1] as string;
    await x.moveCycle('appraise');
    await x.editAs('pia', goalId, { Actual: { number: 6 } });
    await sync.worker.runOnce();
    expect(((await x.goal(goalId)) as { actual: number | null }).actual).toBe(null);
    expect(x.value(goalId, 'Actual')).toBe(null);
    expect(comments(goalId)[0]).toContain('the cycle is in appraise');
  });
});
