// The newcomer's scenario: the demo organisation Acme (seeded through the API) synced into the Notion emulator, end to end.
import type { AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import { seedOnFirstStart } from '@perfloop/api/src/demo/firstStart.ts';
import { DEMO_EVERYONE } from '@perfloop/api/src/demo/roster.ts';
import { depsFor } from '@perfloop/api/src/deps.ts';
import { type ApiHarness, createApiHarness } from '@perfloop/api/src/testing/apiHarness.ts';
import { testEnv } from '@perfloop/api/src/testing/testApp.ts';
import { type FakeNotion, startFakeNotion } from '@perfloop/fakes';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createNotionSync, loadEnv, type NotionSync } from './index.ts';
import { createLogger } from './log.ts';
import { plainValue } from './testing/harness.ts';

let h: ApiHarness;
let fake: FakeNotion;
let sync: NotionSync;
let close: () => void;
let h2 = '';

beforeAll(async () => {
  h = await createApiHarness();
  const first = await seedOnFirstStart(testEnv(), { store: h.store, directory: depsFor(h.store).directory });
  if (!first.seeded) throw new Error('the demo was not seeded');
  h2 = first.seed.current.id;
  const key = await h.apiKey(first.seed.org.orgId, ['sync:notion']);
  const port = await new Promise<number>((resolve) => {
    const s = serve({ fetch: h.app.fetch, port: 0, hostname: '127.0.0.1' }, (i: AddressInfo) =>
      resolve(i.port),
    );
    close = () => s.close();
  });
  // The emulator as `pnpm --filter @perfloop/fakes notion` starts it: Acme's people are workspace members.
  fake = await startFakeNotion({ rateLimit: { requestsPerSecond: 0 } });
  for (const p of DEMO_EVERYONE) fake.addPerson(p.name, p.email);
  const parent = fake.createSharedPage('Perfloop');
  const env = loadEnv({
    NOTION_TOKEN: fake.token,
    NOTION_BASE_URL: fake.url,
    NOTION_PARENT_PAGE_ID: parent.id,
    NOTION_REQUESTS_PER_SECOND: '100',
    NOTION_BURST: '10',
    PERFLOOP_API_URL: `http://127.0.0.1:${port}`,
    PERFLOOP_API_KEY: key,
    LOG_LEVEL: 'silent',
  });
  sync = createNotionSync(env, createLogger('silent'));
}, 180_000);
afterAll(async () => {
  await sync?.close();
  expect(fake?.unexpected ?? []).toEqual([]);
  await fake?.close();
  close?.();
  await h?.close();
});

describe('the demo organisation in the emulator', () => {
  it('puts every goal of 2026 H2 (the open cycle) in Notion with its owner, alignment and check-in notes', async () => {
    await sync.worker.runOnce();
    const goals = await h.call<{ items: { id: string; alignedTo: string | null; ownerId: string | null }[] }>(
      'GET',
      `/v1/goals?cycleId=${h2}&limit=500`,
      { as: 'hr@acme.test' },
    );
    const ds = [...fake.workspace.dataSources.keys()][0] as string;
    const rows = fake.rows(ds);
    expect(rows).toHaveLength(goals.body.items.length);
    const byGoal = new Map(rows.map((r) => [plainValue(r, 'Perfloop id'), r]));
    for (const g of goals.body.items) {
      const row = byGoal.get(g.id) as Record<string, unknown>;
      expect(plainValue(row, 'Cycle')).toBe('2026 H2');
      if (g.alignedTo) expect(plainValue(row, 'Aligned to')).toEqual([byGoal.get(g.alignedTo)?.id]);
      if (g.ownerId) expect(plainValue(row, 'Owner')).toHaveLength(1);
    }
    // The H2 check-ins (July, September, November) are on the person goals' pages.
    const withNotes = rows.filter((r) => (fake.workspace.children.get(String(r.id)) ?? []).length > 0);
    expect(withNotes.length).toBeGreaterThan(goals.body.items.filter((g) => g.ownerId).length / 2);
    // A manager's edit flows back.
    const ava = goals.body.items.find(
      (g) => g.ownerId && plainValue(byGoal.get(g.id) as never, 'Target') !== null,
    );
    const marcus = [...fake.workspace.users.values()].find((u) => u.email === 'marcus@acme.test');
    await fake.editPageAs(marcus?.id as string, String(byGoal.get(ava?.id as string)?.id), {
      Actual: { number: 123 },
    });
    await sync.worker.runOnce();
    const after = await h.call<{ actual: number }>('GET', `/v1/goals/${ava?.id}`, { as: 'hr@acme.test' });
    expect(after.body.actual).toBe(123);
  });
});
