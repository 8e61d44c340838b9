// The mixed load: closed-loop clients spreading reads and writes over both API instances, deliberate If-Match races,
// and people editing goal pages in Notion; every acknowledged write and every unexpected answer goes into the ledger.
import type { FakeNotion } from '@perfloop/fakes';
import { rng } from '../crash/load.ts';
import { items, type Json, type Sent, send, type Target } from '../world/client.ts';
import { Metrics } from './metrics.ts';
import type { LoadGoal, LoadWorld } from './world.ts';

/** Shares of the operations (they add up to 1). */
export const MIX = [
  ['my goals', 0.22],
  ['list goals', 0.14],
  ['list check-ins', 0.1],
  ['get goal', 0.08],
  ['add check-in', 0.17],
  ['update progress', 0.19],
  ['If-Match race', 0.07],
  ['create goal', 0.03],
] as const;
export type Operation = (typeof MIX)[number][0];

export interface AckedCheckIn {
  id: string;
  key: string;
  subjectId: string;
  notes: string;
}
export interface AckedGoalCreate {
  id: string;
  key: string;
  title: string;
  ownerId: string;
}
/** Per API goal: its version at the start, the writes acknowledged, and the last acknowledged value. */
export interface GoalWrites {
  startVersion: number;
  acked: number;
  version: number;
  actual: number | null;
}

export class LoadLedger {
  readonly metrics = new Metrics();
  readonly checkIns: AckedCheckIn[] = [];
  readonly created: AckedGoalCreate[] = [];
  readonly goals = new Map<string, GoalWrites>();
  /** Values people set on Notion pages, in order, per goal. */
  readonly notionEdits = new Map<string, number[]>();
  races = 0;
  /** 412 answers to the losing PATCH of a race (the only conflicts expected). */
  raceConflicts = 0;
  /**
   * Read-your-write across instances: after each acknowledged progress update, the owner's "my goals" read on the
   * other instance (a cached page). `stale` reads still showed the old version; each was read again until it
   * showed the new one, `lagsMs` the time that took. A page never catching up is an error.
   */
  readonly freshness = { reads: 0, stale: 0, lagsMs: [] as number[] };
  /** Requests whose fetch failed (connection refused or reset): errors. */
  networkErrors = 0;
  /** 5xx answers and 4xx other than a race's 412: errors, with the first few described. */
  errors = 0;
  readonly problems: string[] = [];

  problem(text: string): void {
    this.errors += 1;
    if (this.problems.length < 50) this.problems.push(text);
  }

  constructor(world: LoadWorld) {
    for (const g of world.apiGoals)
      this.goals.set(g.id, { startVersion: g.version, acked: 0, version: g.version, actual: null });
  }
}

/** Sends and records one request; null when the connection failed (counted). */
async function timed(
  ledger: LoadLedger,
  operation: string,
  api: Target,
  method: string,
  path: string,
  init: Parameters<typeof send>[3],
): Promise<Sent | null> {
  const started = performance.now();
  try {
    const res = await send(api, method, path, init);
    ledger.metrics.record(operation, res.status, performance.now() - started);
    return res;
  } catch (error) {
    ledger.networkErrors += 1;
    if (ledger.problems.length < 50)
      ledger.problems.push(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}

const FRESHNESS_GUARD_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Reads the owner's "my goals" on `reader` until `goal` shows at least `version` (acknowledged on another
 * instance), recording whether the first read was stale and, if so, how long the page took to catch up.
 */
async function readElsewhere(
  ledger: LoadLedger,
  reader: Target,
  cycleId: string,
  goal: LoadGoal,
  version: number,
): Promise<void> {
  const started = performance.now();
  ledger.freshness.reads += 1;
  for (let attempt = 0; ; attempt++) {
    const res = await timed(
      ledger,
      'my goals after a write elsewhere',
      reader,
      'GET',
      `/v1/me/goals?cycleId=${cycleId}`,
      {
        token: goal.token,
      },
    );
    if (!expect(ledger, res, 200, `my goals after a write elsewhere (${goal.id})`)) return;
    const seen = Number(items(res.body as Json).find((i) => i.id === goal.id)?.version ?? 0);
    if (seen >= version) {
      if (attempt > 0) {
        ledger.freshness.stale += 1;
        ledger.freshness.lagsMs.push(Math.round((performance.now() - started) * 10) / 10);
      }
      return;
    }
    if (performance.now() - started > FRESHNESS_GUARD_MS) {
      ledger.problem(
        `my goals on the other instance still showed ${goal.id} at v${seen} ${FRESHNESS_GUARD_MS} ms after v${version} was acknowledged`,
      );
      return;
    }
    await sleep(5);
  }
}

/** Anything but `expected` is an error (a 412 only where the caller allows it). */
function expect(ledger: LoadLedger, res: Sent | null, expected: number, what: string): res is Sent {
  if (res === null) return false;
  if (res.status === expected) return true;
  ledger.problem(`${what} answered ${res.status}: ${res.text.slice(0, 300)}`);
  return false;
}

export interface LoadOptions {
  clients: number;
  seed: number;
  /** Run key: makes Idempotency-Keys and titles unique to this run. */
  run: string;
}

export interface LoadHandle {
  /** Stops the clients (each finishes its current operation) and the Notion editor. */
  stop(): Promise<void>;
}

/** Starts the clients and the Notion editor; `apis` are the instances (requests alternate between them). */
export function startTraffic(
  apis: readonly Target[],
  world: LoadWorld,
  fake: FakeNotion,
  ledger: LoadLedger,
  options: LoadOptions,
): LoadHandle {
  let stopped = false;
  const pick = <T>(random: () => number, list: readonly T[]): T =>
    list[Math.floor(random() * list.length)] as T;

  async function client(index: number): Promise<void> {
    const random = rng(options.seed * 7919 + index);
    const mine: LoadGoal[] = world.apiGoals.filter((_, i) => i % options.clients === index);
    let turn = index;
    const next = () => apis[turn++ % apis.length] as Target;
    let n = 0;
    while (!stopped) {
      n += 1;
      const key = `load-${options.run}-c${index}-${n}`;
      let choice = random();
      let op: Operation = 'my goals';
      for (const [name, share] of MIX) {
        op = name;
        if (choice < share) break;
        choice -= share;
      }
      if ((op === 'update progress' || op === 'If-Match race') && mine.length === 0) op = 'get goal';
      switch (op) {
        case 'my goals': {
          const p = pick(random, world.participants);
          const res = await timed(ledger, op, next(), 'GET', `/v1/me/goals?cycleId=${world.cycleId}`, {
            token: p.token,
          });
          expect(ledger, res, 200, `${op} as ${p.email}`);
          break;
        }
        case 'list goals': {
          const [manager, report] = pick(random, world.coaching);
          const path = `/v1/goals?cycleId=${world.cycleId}&ownerId=${report.id}`;
          expect(ledger, await timed(ledger, op, next(), 'GET', path, { token: manager.token }), 200, op);
          break;
        }
        case 'list check-ins': {
          const [manager, report] = pick(random, world.coaching);
          const path = `/v1/check-ins?cycleId=${world.cycleId}&subjectId=${report.id}`;
          expect(ledger, await timed(ledger, op, next(), 'GET', path, { token: manager.token }), 200, op);
          break;
        }
        case 'get goal': {
          const g = pick(random, [...world.apiGoals, ...world.notionGoals]);
          const res = await timed(ledger, op, next(), 'GET', `/v1/goals/${g.id}`, { token: g.token });
          expect(ledger, res, 200, `${op} ${g.id}`);
          break;
        }
        case 'add check-in': {
          const [manager, report] = pick(random, world.coaching);
          const notes = `Load note ${key}.`;
          const res = await timed(ledger, op, next(), 'POST', '/v1/check-ins', {
            token: manager.token,
            idempotencyKey: key,
            json: { cycleId: world.cycleId, subjectId: report.id, kind: 'guidance_note', notes },
          });
          if (expect(ledger, res, 201, op))
            ledger.checkIns.push({ id: String((res.body as Json).id), key, subjectId: report.id, notes });
          break;
        }
        case 'update progress':
        case 'If-Match race': {
          const g = pick(random, mine);
          // Read on one instance, write on the other: the version read must be current everywhere.
          const read = await timed(ledger, 'get goal', next(), 'GET', `/v1/goals/${g.id}`, {
            token: g.token,
          });
          if (!expect(ledger, read, 200, `get goal ${g.id}`)) break;
          const version = Number((read.body as Json).version);
          const patch = (api: Target, actual: number) =>
            timed(ledger, op, api, 'PATCH', `/v1/goals/${g.id}`, {
              token: g.token,
              ifMatch: version,
              json: { actual },
            });
          const acked = (res: Sent, actual: number) => {
            const w = ledger.goals.get(g.id);
            if (!w) return;
            w.acked += 1;
            w.version = Number((res.body as Json).version);
            w.actual = actual;
          };
          if (op === 'update progress') {
            const actual = Math.floor(random() * 1000);
            const writer = next();
            const res = await patch(writer, actual);
            if (expect(ledger, res, 200, `${op} ${g.id} at v${version}`)) {
              acked(res, actual);
              const reader = apis.find((a) => a !== writer) ?? writer;
              await readElsewhere(ledger, reader, world.cycleId, g, Number((res.body as Json).version));
            }
            break;
          }
          // Two PATCHes with the same If-Match at once, one per instance: exactly one may win.
          ledger.races += 1;
          const values = [Math.floor(random() * 1000), 1000 + Math.floor(random() * 1000)] as const;
          const answers = await Promise.all([patch(next(), values[0]), patch(next(), values[1])]);
          if (answers.some((a) => a === null)) break;
          const statuses = answers.map((a) => a?.status);
          const won = statuses.filter((s) => s === 200).length;
          const lost = statuses.filter((s) => s === 412).length;
          if (won !== 1 || lost !== 1) {
            ledger.problem(`race on ${g.id} at v${version}: answers ${statuses.join(' and ')}`);
            for (const [i, a] of answers.entries()) if (a?.status === 200) acked(a, values[i] as number);
            break;
          }
          ledger.raceConflicts += 1;
          const winner = statuses.indexOf(200);
          acked(answers[winner] as Sent, values[winner] as number);
          break;
        }
        case 'create goal': {
          // HR adds goals in coach for others only: their own goals follow the owner's phase rules (recusal). A
          // person goal added after the plan was agreed is a correction of it, so it says why.
          const owner = pick(
            random,
            world.participants.filter((p) => p.token !== world.hr),
          );
          const title = `Load goal ${key}`;
          const res = await timed(ledger, op, next(), 'POST', '/v1/goals', {
            token: world.hr,
            idempotencyKey: key,
            json: {
              cycleId: world.cycleId,
              kind: 'kpi',
              level: 'person',
              ownerId: owner.id,
              title,
              unit: 'deals',
              direction: 'higher_is_better',
              baseline: 0,
              target: 10,
              weight: 10,
              correctionReason: 'Load: a goal handed over after the plan was agreed.',
            },
          });
          if (expect(ledger, res, 201, op))
            ledger.created.push({ id: String((res.body as Json).id), key, title, ownerId: owner.id });
          break;
        }
      }
    }
  }

  /** People editing Actual on the pages of the Notion-edited goals, one edit every 150–400 ms. */
  async function editor(): Promise<void> {
    const random = rng(options.seed * 104_729);
    const userOf = new Map(
      [...fake.workspace.users.values()].flatMap((u) => (u.email ? [[u.email, u.id] as const] : [])),
    );
    const emailOf = new Map(world.people.map((p) => [p.id, p.email.toLowerCase()]));
    let value = 0;
    while (!stopped) {
      await new Promise((r) => setTimeout(r, 150 + Math.floor(random() * 250)));
      if (stopped) break;
      const g = pick(random, world.notionGoals);
      const page = [...fake.workspace.pages.values()].find(
        (p) =>
          !p.inTrash &&
          p.parent.type === 'data_source_id' &&
          pagePerfloopId(fake.workspace.renderPage(p)) === g.id,
      );
      const userId = userOf.get(emailOf.get(g.ownerId) ?? '');
      if (!page || !userId) continue;
      value += 1;
      const actual = 5000 + value;
      await fake.editPageAs(userId, page.id, { Actual: { number: actual } });
      ledger.notionEdits.set(g.id, [...(ledger.notionEdits.get(g.id) ?? []), actual]);
    }
  }

  const running = [...Array.from({ length: options.clients }, (_, i) => client(i)), editor()];
  return {
    async stop() {
      stopped = true;
      await Promise.all(running);
    },
  };
}

/** The Perfloop id a goal's page carries (its "Perfloop id" text property). */
export function pagePerfloopId(page: Record<string, unknown>): string | null {
  const p = (page.properties as Record<string, { type: string; rich_text?: { plain_text: string }[] }>)[
    'Perfloop id'
  ];
  return p?.type === 'rich_text' ? (p.rich_text ?? []).map((t) => t.plain_text).join('') : null;
}
