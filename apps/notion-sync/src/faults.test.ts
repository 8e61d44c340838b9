// Faults: random 429 / 529 / 500 / HTML 502 answers and answers slower than the client's timeout — the sync still converges,
// with no duplicate page, no duplicate check-in note and no lost edit on either side.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { assertNoDuplicateNotes, differences, roundsUntil } from './testing/converge.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';

let x: Harness;
let sync: NotionSync;
beforeAll(async () => {
  x = await createHarness({ goalsPerPerson: 3 });
  sync = x.worker({ NOTION_TIMEOUT_MS: '1000' });
});
afterAll(async () => {
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

const converged = async () => (await differences(x)).length === 0;

describe('a flaky Notion', () => {
  it('converges through random faults, edits on both sides and check-ins, with nothing duplicated or lost', async () => {
    x.fake.faults.setRandom({
      rateLimited: 0.04,
      serviceOverload: 0.02,
      internalServerError: 0.08,
      htmlBadGateway: 0.03,
      slow: 0.05,
      slowMs: 1300,
      seed: 42,
    });
    // And for sure: creates whose answer never comes (the page exists; the worker must find it, not create another).
    x.fake.faults.inject({
      method: 'POST',
      path: /^\/v1\/pages$/,
      fault: { kind: 'slow', delayMs: 1300 },
      times: 3,
    });
    await roundsUntil(() => sync.worker.runOnce(), converged);

    // Both sides change while Notion keeps failing.
    const perfloopSide = x.goals.sam.concat(x.goals.mo);
    for (const id of perfloopSide)
      await x.patchGoal('hal', id, { title: `Renamed ${id}`, description: 'from Perfloop' });
    const notionSide = x.goals.paul.concat(x.goals.erin);
    for (const id of notionSide)
      await x.editAs('hal', id, { Actual: { number: 6 }, Status: { select: { name: 'Done' } } });
    for (let i = 0; i < 5; i++) {
      const res = await x.h.call('POST', '/v1/check-ins', {
        as: x.f.email.hana,
        json: { cycleId: CYCLE, subjectId: x.f.id.sam, kind: 'guidance_note', notes: `Note ${i}` },
      });
      expect(res.status).toBe(201);
    }
    // Appends whose answer never comes: the notes are there; they must not be appended twice.
    x.fake.faults.inject({
      method: 'PATCH',
      path: /\/children$/,
      fault: { kind: 'slow', delayMs: 1300 },
      times: 2,
    });
    await roundsUntil(() => sync.worker.runOnce(), converged);
    x.fake.faults.clear();
    await sync.worker.runOnce();

    expect(await differences(x)).toEqual([]);
    for (const id of perfloopSide) expect(x.value(id, 'Name')).toBe(`Renamed ${id}`);
    for (const id of notionSide) expect(await x.goal(id)).toMatchObject({ actual: 6, status: 'done' });
    // Five notes on each of Sam's three pages, each once.
    expect(assertNoDuplicateNotes(x)).toBe(15);
    const served = x.fake.faults.served;
    expect(served.internal_server_error + served.html_bad_gateway).toBeGreaterThan(0);
    expect(served.rate_limited + served.service_overload).toBeGreaterThan(0);
    expect(served.slow).toBeGreaterThan(0);
  });
});
