// Notion calls per sync (the targets): initial sync = setup + one create per goal; a no-op sync = one query;
// N changes = N writes + one query per 100 results (polling: + one block read per page edited in Notion, for notes
// written there; with webhooks, only for pages whose content events announced a change).
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NotionSync } from './index.ts';
import { createHarness, type Harness, OWNERS } from './testing/harness.ts';

let x: Harness;
let sync: NotionSync;
beforeAll(async () => {
  x = await createHarness({ goalsPerPerson: 20 });
  sync = x.worker();
});
afterAll(async () => {
  expect(x.fake.unexpected).toEqual([]);
  await x.close();
});

/** Calls of the last round by route. */
function calls(): Record<string, number> {
  const out: Record<string, number> = {};
  for (const c of x.fake.calls) out[c.route] = (out[c.route] ?? 0) + 1;
  return out;
}
async function round(): Promise<Record<string, number>> {
  x.fake.resetCalls();
  await sync.worker.runOnce();
  return calls();
}

describe('Notion calls per sync', () => {
  it('initial sync of 140 goals: the database, the members, one (empty) query and 140 creates', async () => {
    expect(await round()).toEqual({
      'GET /v1/users/me': 1,
      'POST /v1/databases': 1,
      'PATCH /v1/data_sources/{id}': 1,
      'GET /v1/users': 1,
      'POST /v1/data_sources/{id}/query': 1,
      'POST /v1/pages': 140,
    });
  });

  it('a no-op sync is one query, right after the initial sync too', async () => {
    expect(await round()).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(await round()).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
  });

  it('50 goals changed in Perfloop: 50 page updates and the one query', async () => {
    const changed = OWNERS.flatMap((n) => x.goals[n].slice(0, 8)).slice(0, 50);
    for (const [i, id] of changed.entries()) await x.patchGoal('hal', id, { actual: i + 1 });
    expect(await round()).toEqual({ 'POST /v1/data_sources/{id}/query': 1, 'PATCH /v1/pages/{id}': 50 });
    expect(await round()).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
  });

  it('120 rows edited in Notion: two queries (≤ 100 results each), 120 block reads (notes people wrote) and 120 updates (the new progress)', async () => {
    const edited = OWNERS.flatMap((n) => x.goals[n].slice(0, 18)).slice(0, 120);
    for (const id of edited) await x.editAs('hal', id, { Actual: { number: 9.5 } });
    expect(await round()).toEqual({
      'POST /v1/data_sources/{id}/query': 2,
      'GET /v1/blocks/{id}/children': 120,
      'PATCH /v1/pages/{id}': 120,
    });
    for (const id of edited.slice(0, 3)) expect(((await x.goal(id)) as { actual: number }).actual).toBe(9.5);
    expect(await round()).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
  });
});

describe('Notion calls per sync with webhooks', () => {
  it('50 rows edited in Notion (properties only): the one query and 50 updates — no block reads', async () => {
    // Another instance, with the webhook endpoint, takes over (the state is the API's); Notion is subscribed to it.
    await sync.close();
    sync = x.worker({ WEBHOOK_PORT: '0', SYNC_INTERVAL_SECONDS: '3600' });
    const address = (await sync.listenWebhooks()) as AddressInfo;
    await x.fake.webhooks.subscribe(`http://127.0.0.1:${address.port}/webhooks/notion`);
    await sync.worker.runOnce(); // this instance's first round reads the workspace (not counted)
    expect(await round()).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    const edited = OWNERS.flatMap((n) => x.goals[n].slice(0, 8)).slice(0, 50);
    // Each edit's page.properties_updated reaches the endpoint (and is recorded) before editAs returns.
    for (const id of edited) await x.editAs('hal', id, { Actual: { number: 6.5 } });
    expect(await round()).toEqual({ 'POST /v1/data_sources/{id}/query': 1, 'PATCH /v1/pages/{id}': 50 });
    for (const id of edited.slice(0, 3)) expect(((await x.goal(id)) as { actual: number }).actual).toBe(6.5);
    await x.fake.webhooks.flush();
    expect(await round()).toEqual({ 'POST /v1/data_sources/{id}/query': 1 });
    expect(x.fake.webhooks.failures).toEqual([]);
  });
});
