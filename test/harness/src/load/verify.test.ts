// The load's checks find what they are meant to: a write nobody acknowledged, a lost check-in, a Notion edit not applied,
// a stale page, a duplicate page and a missing note; and nothing after a clean sync (in-process API on SQLite, one worker round).
import { mkdtemp, rm } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { seedDemo } from '@perfloop/api/demo';
import { type FakeNotion, startFakeNotion } from '@perfloop/fakes';
import { createNotionSync, loadEnv } from '@perfloop/notion-sync';
import { openStore, type Store } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fuzzApp } from '../world/app.ts';
import { type Json, ok, str, type Target } from '../world/client.ts';
import { LoadLedger } from './traffic.ts';
import { checkNotes, checkWrites, compareNotion } from './verify.ts';
import { discoverWorld, type LoadWorld, listAll } from './world.ts';

let dir: string;
let store: Store;
let app: Target;
let server: { close(): void };
let fake: FakeNotion;
let world: LoadWorld;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'perfloop-load-verify-'));
  store = await openStore({ kind: 'sqlite', file: join(dir, 'perfloop.sqlite') });
  const hono = fuzzApp(store);
  app = hono;
  await seedDemo(store, app);
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: hono.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    );
  });
  fake = await startFakeNotion({ rateLimit: { requestsPerSecond: 0 } });
  const hr = 'dev:hr@acme.test';
  for (const p of await listAll(app, '/v1/people', hr)) fake.addPerson(str(p, 'name'), str(p, 'email'));
  const key = str(
    await ok(app, 'POST', '/v1/api-keys', { token: hr, json: { name: 'sync', scopes: ['sync:notion'] } }),
    'key',
  );
  const sync = createNotionSync(
    loadEnv({
      NOTION_TOKEN: fake.token,
      NOTION_BASE_URL: fake.url,
      NOTION_PARENT_PAGE_ID: fake.createSharedPage('Perfloop').id,
      NOTION_REQUESTS_PER_SECOND: '100',
      NOTION_BURST: '20',
      PERFLOOP_API_URL: `http://127.0.0.1:${port}`,
      PERFLOOP_API_KEY: key,
      LOG_LEVEL: 'silent',
    }),
  );
  await sync.worker.runOnce();
  await sync.close();
  world = await discoverWorld(app);
}, 300_000);

afterAll(async () => {
  await fake?.close();
  server?.close();
  await store?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the load checks', () => {
  it('find nothing when Notion is in step and nothing was acknowledged', async () => {
    const notion = await compareNotion(app, world, fake);
    expect(notion.problems).toEqual([]);
    expect(notion.pages).toBe(notion.goals);
    const ledger = new LoadLedger(world);
    expect(await checkWrites(app, world, ledger)).toEqual({ checked: world.apiGoals.length, lost: [] });
    expect(checkNotes(world, ledger, fake)).toEqual([]);
  });

  it('report an unacknowledged change, a lost check-in, an unapplied Notion edit, a stale or duplicate page, a missing note', async () => {
    const ledger = new LoadLedger(world);
    const [patched] = world.apiGoals;
    const [edited] = world.notionGoals;
    const [manager, report] = world.coaching[0] ?? [];
    if (!patched || !edited || !manager || !report) throw new Error('the demo lacks goals or managers');
    // A PATCH the ledger never saw acknowledged (as if applied twice, or by someone else); Notion was not told.
    const current = await ok(app, 'GET', `/v1/goals/${patched.id}`, { token: patched.token });
    await ok(app, 'PATCH', `/v1/goals/${patched.id}`, {
      token: patched.token,
      ifMatch: Number(current.version),
      json: { actual: 777 },
    });
    // A check-in acknowledged but not there; one there but not on its subject's pages.
    ledger.checkIns.push({ id: 'chk_lost', key: 'k-lost', subjectId: report.id, notes: 'Load note k-lost.' });
    const made: Json = await ok(app, 'POST', '/v1/check-ins', {
      token: manager.token,
      json: {
        cycleId: world.cycleId,
        subjectId: report.id,
        kind: 'guidance_note',
        notes: 'Load note k-made.',
      },
    });
    ledger.checkIns.push({
      id: str(made, 'id'),
      key: 'k-made',
      subjectId: report.id,
      notes: 'Load note k-made.',
    });
    // An edit in Notion the worker never applied.
    ledger.notionEdits.set(edited.id, [5001]);
    // A second page for a goal.
    const owner = [...fake.workspace.users.values()].find((u) => u.type === 'person' && u.email);
    const dataSource = [...fake.workspace.dataSources.keys()][0];
    if (!owner || !dataSource) throw new Error('no Notion member or data source');
    await fake.createRowAs(owner.id, dataSource, {
      Name: { title: [{ text: { content: 'A copy' } }] },
      'Perfloop id': { rich_text: [{ text: { content: edited.id } }] },
    });

    const writes = await checkWrites(app, world, ledger);
    expect(writes.lost).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^goal ${patched.id}: version \\d+, expected \\d+ \\(0 PATCHes`)),
        'check-in chk_lost (k-lost): 0 found',
        expect.stringMatching(new RegExp(`^goal ${edited.id}: actual .* ≠ last Notion edit 5001`)),
        `goal ${edited.id}: 1 Notion edit(s) applied 0 time(s)`,
      ]),
    );
    expect(writes.lost).toHaveLength(4);
    const notion = await compareNotion(app, world, fake);
    expect(notion.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(new RegExp(`^${patched.id} Actual: Perfloop 777 ≠ Notion `)),
        `${edited.id}: 2 pages`,
      ]),
    );
    expect(notion.problems).toHaveLength(2);
    const notes = checkNotes(world, ledger, fake);
    const pages = world.goalsByOwner.get(report.id)?.length ?? 0;
    expect(pages).toBeGreaterThan(0);
    expect(notes.filter((n) => n.startsWith('check-in chk_lost: not on the page'))).toHaveLength(pages);
    expect(notes.filter((n) => n.startsWith(`check-in ${str(made, 'id')}: not on the page`))).toHaveLength(
      pages,
    );
  });
});
