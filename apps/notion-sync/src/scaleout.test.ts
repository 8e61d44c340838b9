// Two workers, each on its own API instance, on one PostgreSQL database: the lease lets one sync at a time, and every change
// is applied exactly once (one page per goal, one Perfloop update per Notion edit, each note once).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { assertNoDuplicateNotes, differences } from './testing/converge.ts';
import { CYCLE, createHarness, type Harness } from './testing/harness.ts';

let x: Harness;
let a: NotionSync;
let b: NotionSync;
beforeAll(async () => {
  x = await createHarness({ engine: 'postgres', goalsPerPerson: 10 });
  const secondUrl = await x.secondApi();
  a = x.worker({ WORKER_ID: 'worker-a', SYNC_LEASE_SECONDS: '10' });
  b = x.worker({ WORKER_ID: 'worker-b', SYNC_LEASE_SECONDS: '10', PERFLOOP_API_URL: secondUrl });
});
afterAll(async () => {
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

const until = async (what: string, check: () => Promise<boolean>) => {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`timed out waiting for ${what}`);
};

/** Audit entries of the worker's key changing a goal's actual, per goal. */
async function keyUpdatesOfActual(): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  let cursor: string | null = null;
  do {
    const q: string = `/v1/audit?limit=500${cursor ? `&cursor=${cursor}` : ''}`;
    const page = await x.h.call<{
      items: {
        actor: string;
        action: string;
        resourceId: string;
        data: { changed?: Record<string, unknown> };
      }[];
      nextCursor: string | null;
    }>('GET', q, { as: x.f.email.hal });
    for (const e of page.body.items) {
      if (e.action === 'goal.update' && e.actor.startsWith('api_key:') && e.data.changed?.actual) {
        out.set(e.resourceId, (out.get(e.resourceId) ?? 0) + 1);
      }
    }
    cursor = page.body.nextCursor;
  } while (cursor !== null);
  return out;
}

describe('two workers on PostgreSQL', () => {
  it('only one of two simultaneous rounds runs', async () => {
    const [ra, rb] = await Promise.all([a.worker.runOnce(), b.worker.runOnce()]);
    expect([ra, rb].filter((r) => r === null)).toHaveLength(1);
    expect(x.fake.count({ route: 'POST /v1/pages', status: 200 })).toBe(x.allGoals.length);
  });

  it('running side by side, with a hand-over, they apply each change once', async () => {
    a.worker.start();
    b.worker.start();
    const edited = [...x.goals.paul, ...x.goals.pia].slice(0, 20);
    for (const id of edited) await x.editAs('mo', id, { Actual: { number: 8 } });
    for (const id of x.goals.hana.slice(0, 5)) await x.patchGoal('hal', id, { title: `Changed ${id}` });
    for (let i = 0; i < 3; i++) {
      const res = await x.h.call('POST', '/v1/check-ins', {
        as: x.f.email.hana,
        json: { cycleId: CYCLE, subjectId: x.f.id.sam, kind: 'guidance_note', notes: `Side by side ${i}` },
      });
      expect(res.status).toBe(201);
    }
    await until('the edits in Perfloop', async () =>
      (await Promise.all(edited.map((id) => x.goal(id)))).every(
        (g) => (g as { actual: number }).actual === 8,
      ),
    );
    // The holder stops (releasing the lease); the other takes over and finishes.
    const holder = a.worker.rounds > b.worker.rounds ? a : b;
    const other = holder === a ? b : a;
    await holder.close();
    const otherRounds = other.worker.rounds;
    for (const id of x.goals.erin.slice(0, 3)) await x.editAs('mo', id, { Actual: { number: 2 } });
    await until('convergence', async () => (await differences(x)).length === 0);
    // The other worker completes a round of its own (the one that converged may still be finishing:
    // rounds count when they end, and which worker held the lease was guessed from finished rounds).
    await until('a round by the other worker', async () => other.worker.rounds > otherRounds);
    await other.close();

    expect(await differences(x)).toEqual([]);
    expect(x.fake.count({ route: 'POST /v1/pages', status: 200 })).toBe(x.allGoals.length);
    const updates = await keyUpdatesOfActual();
    for (const id of [...edited, ...x.goals.erin.slice(0, 3)]) expect(updates.get(id)).toBe(1);
    expect(assertNoDuplicateNotes(x)).toBe(3 * x.goals.sam.length);
  });
});
