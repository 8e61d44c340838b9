// Check-in notes through the push with the state in memory: a goal's state stays small however many check-ins it has, a stopped
// append is finished once, states in the old shape (every noted id) are converted without a note lost or doubled, and
// check-ins the pull imported are claimed, never appended, and not kept listed once the push has read past them.
import type { CheckIn, Goal } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { createLogger } from '../log.ts';
import type { NotionOps } from '../notion/ops.ts';
import type { PerfloopApi, StateWrite } from '../perfloop/api.ts';
import type { ChangeEvent, Directory } from '../perfloop/types.ts';
import { checkInBlocks, markersIn } from './checkInBlocks.ts';
import { emptyReport, rowContext, type SyncContext } from './context.ts';
import type { LeaseKeeper } from './lease.ts';
import { goalRow } from './mapping.ts';
import { appending, appendingRange, fromLegacy, isNoted, noted } from './notes.ts';
import { push } from './push.ts';
import type { SchemaMap } from './schema.ts';
import { type GoalState, SyncState } from './state.ts';

const CYCLE = 'cyc_notes';
const SAM = 'per_sam';
const MANAGER = 'per_hana';
const GOALS = ['gol_a', 'gol_b'] as const;
const PAGES: Record<string, string> = { gol_a: 'page-a', gol_b: 'page-b' };

const directory: Directory = {
  organisation: { id: 'org_acme', name: 'Acme' },
  cycles: [
    { id: CYCLE, name: '2026 H2', phase: 'coach', startsOn: '2026-07-01', endsOn: '2026-12-31', version: 1 },
  ],
  departments: [{ id: 'dep_sales', name: 'Sales', parentId: null }],
  people: [
    { id: SAM, name: 'Sam Seller', email: 'sam@acme.test', departmentId: 'dep_sales', active: true },
    { id: MANAGER, name: 'Hana Head', email: 'hana@acme.test', departmentId: 'dep_sales', active: true },
  ],
};

const goal = (id: string): Goal => ({
  id,
  cycleId: CYCLE,
  title: `Goal ${id}`,
  description: '',
  level: 'person',
  ownerId: SAM,
  departmentId: 'dep_sales',
  weight: 50,
  alignedTo: null,
  status: 'active',
  dueDate: '2026-12-31',
  kind: 'kpi',
  unit: 'deals',
  direction: 'higher_is_better',
  baseline: 0,
  threshold: null,
  target: 10,
  stretch: null,
  curve: { type: 'linear' },
  actual: null,
});

/** The state API in memory: compare-and-set writes, the feed, and every request body's size. */
class MemoryApi {
  readonly entries = new Map<string, { value: Record<string, unknown>; version: number }>();
  readonly feed: ChangeEvent[] = [];
  readonly bodies: number[] = [];
  /** Set when the worker "dies": nothing it does afterwards reaches the API. */
  dead = false;

  async listState() {
    return [...this.entries].map(([key, e]) => ({ key, value: e.value, version: e.version }));
  }

  async writeState(writes: StateWrite[], lease?: unknown): Promise<Map<string, number>> {
    if (this.dead) throw new Error('the worker is gone');
    this.bodies.push(Buffer.byteLength(JSON.stringify({ writes, lease })));
    for (const w of writes) {
      if ((this.entries.get(w.key)?.version ?? null) !== w.ifVersion) throw new Error(`stale ${w.key}`);
    }
    const versions = new Map<string, number>();
    for (const w of writes) {
      if (w.delete) this.entries.delete(w.key);
      else {
        const version = (w.ifVersion ?? 0) + 1;
        this.entries.set(w.key, { value: w.value ?? {}, version });
        versions.set(w.key, version);
      }
    }
    return versions;
  }

  async changes(after: number, limit = 500) {
    // Seqs are 1, 2, 3…: event n sits at index n - 1.
    const events = this.feed.slice(after, after + limit);
    return { events, nextCursor: events.at(-1)?.seq ?? after };
  }

  /** New check-ins in the feed: with a goal update for `goalId`, or (null) about Sam without one. */
  addCheckIns(count: number, goalId: string | null): CheckIn[] {
    const out: CheckIn[] = [];
    for (let i = 0; i < count; i++) {
      const seq = this.feed.length + 1;
      const checkIn: CheckIn = {
        id: `chk_${String(seq).padStart(6, '0')}_k3v9q2`,
        cycleId: CYCLE,
        subjectId: SAM,
        authorId: MANAGER,
        kind: 'guidance_note',
        // Backdated now and then: the page order follows `at`, the bookkeeping the feed.
        at: new Date(Date.UTC(2026, 7, 1) + ((seq * 7919) % 100_000) * 60_000).toISOString(),
        notes: `Note ${seq}`,
        goalUpdates: goalId === null ? [] : [{ goalId, actual: null, progressNote: '' }],
        form: null,
      };
      this.feed.push({
        seq,
        at: new Date().toISOString(),
        kind: 'check_ins',
        resourceId: checkIn.id,
        op: 'create',
        version: 1,
        data: checkIn,
      });
      out.push(checkIn);
    }
    return out;
  }
}

/** Pages' blocks in memory; `crashAfter` appends land, then the worker dies before hearing back. */
class MemoryNotion {
  readonly pages = new Map<string, Record<string, unknown>[]>();
  crashAfter: number | null = null;
  constructor(private readonly api: MemoryApi) {}

  async appendBlocks(pageId: string, groups: readonly (readonly Record<string, unknown>[])[]): Promise<void> {
    this.pages.set(pageId, [...(this.pages.get(pageId) ?? []), ...groups.flat()]);
    if (this.crashAfter !== null && --this.crashAfter < 0) {
      this.api.dead = true;
      throw new Error('killed');
    }
  }

  async blocks(pageId: string): Promise<Record<string, unknown>[]> {
    return this.pages.get(pageId) ?? [];
  }

  /** How often each check-in's marker is on a page. */
  counts(pageId: string): Map<string, number> {
    const counts = new Map<string, number>();
    for (const b of this.pages.get(pageId) ?? []) {
      for (const id of markersIn([b])) counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    return counts;
  }
}

const lease = { ensure: async () => ({ name: 'sync', token: 1 }) } as unknown as LeaseKeeper;
const schema = {
  department: { name: 'Department', type: 'rich_text' },
  cycle: { name: 'Cycle', type: 'rich_text' },
} as unknown as SchemaMap;

/** A worker's context over fresh state read from the API (as after a start or a restart). */
async function worker(api: MemoryApi, notion: MemoryNotion): Promise<SyncContext> {
  const state = new SyncState(api as unknown as PerfloopApi);
  await state.load();
  return {
    notion: notion as unknown as NotionOps,
    api: api as unknown as PerfloopApi,
    state,
    lease,
    options: { target: { parentPageId: 'parent' }, databaseTitle: 'Goals', overlapMs: 0, cycles: 'open' },
    log: createLogger('silent'),
    workspace: {
      dataSourceId: 'ds',
      schema,
      botId: 'bot',
      people: new Map(),
      peopleLoadedAt: Date.now(),
      options: { department: new Set(), cycle: new Set() },
    },
    directory,
    report: emptyReport(),
    unsettled: new Set(),
    recheckAdded: new Set(),
    personPages: new Set(),
  };
}

/** An API whose state already has both goals on their pages, in sync (extra fields per goal merged in). */
async function setUp(extra: (goalId: string) => Record<string, unknown> = () => ({})) {
  const api = new MemoryApi();
  const notion = new MemoryNotion(api);
  const rows = rowContext(await worker(api, notion));
  for (const id of GOALS) {
    const g = goal(id);
    const value = { pageId: PAGES[id], goal: g, version: 1, pushed: goalRow(g, rows), ...extra(id) };
    api.entries.set(`goal:${id}`, { value, version: 1 });
  }
  return { api, notion };
}

const goalState = (api: MemoryApi, id: string) =>
  api.entries.get(`goal:${id}`)?.value as unknown as GoalState;
const cursorOf = (api: MemoryApi) => (api.entries.get('cursor')?.value as { seq: number } | undefined)?.seq;

/** Each of these check-ins is on the page exactly once, and nothing else is. */
function expectOnceEach(notion: MemoryNotion, pageId: string, checkIns: readonly CheckIn[]): void {
  const counts = notion.counts(pageId);
  expect([...counts.values()].every((n) => n === 1)).toBe(true);
  expect(new Set(counts.keys())).toEqual(new Set(checkIns.map((c) => c.id)));
}

describe('the mark (notes.ts)', () => {
  it('skips what is at or below it, and keeps an in-flight range only while it reaches further', () => {
    const s: GoalState = { pageId: 'p', goal: null, version: 1, pushed: {} };
    expect(isNoted(s, 1)).toBe(false);
    const sending = appending(s, 40);
    expect(appendingRange(sending)).toEqual({ after: 0, through: 40 });
    const done = noted(sending, 40);
    expect(done).toEqual({ ...s, notedThrough: 40 });
    expect(isNoted(done, 40)).toBe(true);
    expect(isNoted(done, 41)).toBe(false);
    expect(appendingRange(done)).toBeNull();
    // A wider intent than what finished stays; the mark never moves back.
    expect(appendingRange(noted(appending(done, 90), 60))).toEqual({ after: 60, through: 90 });
    expect(noted(done, 10).notedThrough).toBe(40);
  });

  it('converts the old id list: the highest seq it holds, at least the cursor', () => {
    const legacy = {
      pageId: 'p',
      goal: null,
      version: 1,
      pushed: {},
      notes: ['a', 'b', 'gone'],
      appending: ['c'],
    };
    const seqs: Record<string, number> = { a: 12, b: 15, c: 17 };
    expect(fromLegacy(legacy, ['a', 'b', 'gone'], (id) => seqs[id], 10)).toEqual({
      pageId: 'p',
      goal: null,
      version: 1,
      pushed: {},
      notedThrough: 15,
    });
    expect(fromLegacy(legacy, ['gone'], (id) => seqs[id], 10).notedThrough).toBe(10);
  });
});

describe('check-in notes through the push', () => {
  it('a goal with 50,000 noted check-ins keeps a state entry of a few hundred bytes, each note on its page once', async () => {
    const { api, notion } = await setUp();
    const first = api.addCheckIns(30_000, 'gol_a');
    await push(await worker(api, notion));
    const second = api.addCheckIns(20_000, 'gol_a');
    const ctx = await worker(api, notion);
    await push(ctx);
    // Read again from the start of the last batch (as after a failed round): nothing is appended twice.
    api.entries.set('cursor', { value: { seq: 45_000 }, version: api.entries.get('cursor')?.version ?? 1 });
    await push(await worker(api, notion));

    const state = goalState(api, 'gol_a');
    // The old shape held every id: 50,000 × ~20 bytes ≈ 1 MB, over the API's body limit on its own.
    expect(JSON.stringify(state).length).toBeLessThan(1_000);
    expect(Math.max(...api.bodies)).toBeLessThan(4_000);
    expectOnceEach(notion, 'page-a', [...first, ...second]);
    expect(state.notedThrough).toBe(50_000);
    expect(state.appendingThrough).toBeUndefined();
    expect(cursorOf(api)).toBe(50_000);
  }, 120_000);

  it('a worker killed after an append landed finishes it once on restart, with what came meanwhile', async () => {
    const { api, notion } = await setUp();
    const sam = api.addCheckIns(40, null); // no goal update: on both of Sam's pages
    const onA = api.addCheckIns(25, 'gol_a');
    notion.crashAfter = 1; // the first page's append is answered, the second's lands and the worker dies
    await expect(push(await worker(api, notion))).rejects.toThrow();
    expect(cursorOf(api)).toBeUndefined();
    const stopped = GOALS.map((id) => appendingRange(goalState(api, id)));
    expect(stopped.filter((r) => r !== null).length).toBeGreaterThan(0);

    api.dead = false;
    notion.crashAfter = null;
    const later = api.addCheckIns(10, 'gol_b');
    await push(await worker(api, notion));

    expectOnceEach(notion, 'page-a', [...sam, ...onA]);
    expectOnceEach(notion, 'page-b', [...sam, ...later]);
    for (const id of GOALS) {
      expect(goalState(api, id).notedThrough).toBe(id === 'gol_a' ? 65 : 75);
      expect(appendingRange(goalState(api, id))).toBeNull();
    }
  });

  it('a worker killed before its append went out appends it on restart', async () => {
    const { api, notion } = await setUp();
    const onA = api.addCheckIns(30, 'gol_a');
    notion.crashAfter = 0;
    // The append is lost with the worker: take it off the page again.
    const append = notion.appendBlocks.bind(notion);
    notion.appendBlocks = async (pageId, blocks) => {
      const before = notion.pages.get(pageId) ?? [];
      await append(pageId, blocks).finally(() => notion.pages.set(pageId, before));
    };
    await expect(push(await worker(api, notion))).rejects.toThrow();
    expect(notion.counts('page-a').size).toBe(0);
    expect(appendingRange(goalState(api, 'gol_a'))).toEqual({ after: 0, through: 30 });

    api.dead = false;
    notion.crashAfter = null;
    notion.appendBlocks = append;
    await push(await worker(api, notion));
    expectOnceEach(notion, 'page-a', onA);
    expect(goalState(api, 'gol_a').notedThrough).toBe(30);
  });

  it('converts states holding every noted id (and an append left in flight by the old worker), losing and doubling none', async () => {
    // The old worker noted 1–20 on page A and was appending 21–30 when it stopped: 21–25 landed.
    const { api, notion } = await setUp((id) =>
      id === 'gol_a'
        ? {
            notes: Array.from({ length: 20 }, (_, i) => `chk_${String(i + 1).padStart(6, '0')}_k3v9q2`),
            appending: Array.from({ length: 10 }, (_, i) => `chk_${String(i + 21).padStart(6, '0')}_k3v9q2`),
          }
        : { notes: [] },
    );
    const onA = api.addCheckIns(30, 'gol_a');
    const ctx = await worker(api, notion);
    const blocks = (list: CheckIn[]) =>
      list.map((c) => ({
        type: 'heading_3',
        heading_3: {
          rich_text: [{ type: 'text', plain_text: `ref ${c.id}`, text: { content: `ref ${c.id}` } }],
        },
      }));
    notion.pages.set('page-a', blocks(onA.slice(0, 25)));
    const more = api.addCheckIns(5, 'gol_a');
    const onB = api.addCheckIns(3, 'gol_b');
    await push(ctx);

    expectOnceEach(notion, 'page-a', [...onA, ...more]);
    expectOnceEach(notion, 'page-b', onB);
    const a = goalState(api, 'gol_a') as GoalState & { notes?: unknown; appending?: unknown };
    expect(a.notes).toBeUndefined();
    expect(a.appending).toBeUndefined();
    expect(a.notedThrough).toBe(35);
    expect(goalState(api, 'gol_b').notedThrough).toBe(38);
  });
});

describe('check-ins the pull put on a page itself (noteImports.ts)', () => {
  /**
   * Gol_a's page shows two check-ins the pull recorded from notes, both listed for the push: `early`, whose event an
   * earlier push passed already (the pull found it again through 422 `idempotency_key_reused`), and `fresh`, whose
   * event is still ahead of the cursor. A third check-in, not imported, is for the push to append.
   */
  async function imported() {
    const { api, notion } = await setUp();
    const [early, fresh] = api.addCheckIns(2, 'gol_a') as [CheckIn, CheckIn];
    const [later] = api.addCheckIns(1, 'gol_a') as [CheckIn];
    api.entries.set('cursor', { value: { seq: 1 }, version: 1 });
    const a = { ...goalState(api, 'gol_a'), notedThrough: 1, importedNotes: [early.id, fresh.id] };
    api.entries.set('goal:gol_a', { value: a as unknown as Record<string, unknown>, version: 2 });
    const page = PAGES.gol_a as string;
    notion.pages.set(page, [
      ...checkInBlocks(early, 'gol_a', 'Sam Seller'),
      ...checkInBlocks(fresh, 'gol_a', 'Sam Seller'),
    ]);
    return { api, notion, page, checkIns: [early, fresh, later] };
  }

  it('appends none of them, and once the feed is read to its end none is left listed', async () => {
    const { api, notion, page, checkIns } = await imported();
    await push(await worker(api, notion));
    expect(goalState(api, 'gol_a').importedNotes).toBeUndefined();
    expect(goalState(api, 'gol_a').notedThrough).toBe(3);
    expectOnceEach(notion, page, checkIns);
    api.addCheckIns(1, 'gol_b');
    await push(await worker(api, notion));
    expectOnceEach(notion, page, checkIns);
  });

  it('a push stopped half-way forgets nothing; the next one claims, drops the rest and doubles no note', async () => {
    const { api, notion, page, checkIns } = await imported();
    // The append of the third check-in lands, then the worker dies before hearing back.
    notion.crashAfter = 0;
    await expect(push(await worker(api, notion))).rejects.toThrow(/Notion write\(s\) failed/);
    expect(goalState(api, 'gol_a').importedNotes).toEqual(checkIns.slice(0, 2).map((c) => c.id));
    api.dead = false;
    notion.crashAfter = null;
    await push(await worker(api, notion));
    expect(goalState(api, 'gol_a').importedNotes).toBeUndefined();
    expect(cursorOf(api)).toBe(3);
    expectOnceEach(notion, page, checkIns);
  });
});
