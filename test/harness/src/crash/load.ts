// The write load of the crash harness: concurrent clients adding check-ins (with Idempotency-Key), changing goal
// actuals with If-Match and creating departments; every acknowledged write goes into the ledger.
import { items, type Json, ok, send, str, type Target } from '../world/client.ts';

/** A small seeded generator (mulberry32): kill moments and choices reproduce from the seed. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/** What the demo organisation gives the load: its coach-phase cycle, managers with reports, goals by owner. */
export interface Targets {
  cycleId: string;
  rootDepartmentId: string;
  hr: string;
  /** [manager token, report id] pairs. */
  coaching: [string, string][];
  /** [owner token, goal id] pairs (KPI goals of the cycle). */
  goals: [string, string][];
}

export async function discover(api: Target): Promise<Targets> {
  const hr = 'dev:hr@acme.test';
  const cycles = items(await ok(api, 'GET', '/v1/cycles?phase=coach', { token: hr }));
  const cycle = cycles.find((c) => c.name === '2026 H2') ?? cycles[0];
  if (!cycle) throw new Error('the demo has no cycle in coach');
  const cycleId = str(cycle, 'id');
  const people = items(await ok(api, 'GET', '/v1/people?limit=500', { token: hr }));
  const byId = new Map(people.map((p) => [str(p, 'id'), p]));
  const participants = new Set((cycle.participants as string[] | undefined) ?? []);
  const coaching: [string, string][] = [];
  for (const p of people) {
    const managerId = p.managerId;
    const manager = typeof managerId === 'string' ? byId.get(managerId) : undefined;
    if (manager && participants.has(str(p, 'id')))
      coaching.push([`dev:${str(manager, 'email')}`, str(p, 'id')]);
  }
  const goals: [string, string][] = [];
  const list = items(
    await ok(api, 'GET', `/v1/goals?cycleId=${cycleId}&level=person&limit=500`, { token: hr }),
  );
  for (const g of list) {
    const owner = typeof g.ownerId === 'string' ? byId.get(g.ownerId) : undefined;
    if (owner && g.kind === 'kpi') goals.push([`dev:${str(owner, 'email')}`, str(g, 'id')]);
  }
  const departments = items(await ok(api, 'GET', '/v1/departments?limit=500', { token: hr }));
  const root = departments.find((d) => d.parentId === null);
  if (!root || coaching.length === 0 || goals.length === 0)
    throw new Error('the demo organisation lacks what the load needs');
  return { cycleId, rootDepartmentId: str(root, 'id'), hr, coaching, goals };
}

export interface AckedCheckIn {
  id: string;
  key: string;
  notes: string;
}
export interface AckedGoal {
  id: string;
  version: number;
  actual: number;
}
export interface AckedDepartment {
  id: string;
  key: string;
  name: string;
}

/** A POST whose answer never came (the server died): retried with the same Idempotency-Key after the restart. */
export interface Pending {
  kind: 'check_in' | 'department';
  token: string;
  path: string;
  key: string;
  body: Json;
}

/** Every acknowledged write, and the ones still in doubt. */
export class Ledger {
  readonly checkIns: AckedCheckIn[] = [];
  readonly departments: AckedDepartment[] = [];
  /** Highest acknowledged version per goal, with the actual it set. */
  readonly goals = new Map<string, AckedGoal>();
  pending: Pending[] = [];
  /** Acknowledgements so far, and how many came from a retry of a write in doubt. */
  acks = 0;
  retriedAcks = 0;
  refused = 0;
  networkErrors = 0;

  ackGoal(g: AckedGoal): void {
    const known = this.goals.get(g.id);
    if (!known || known.version < g.version) this.goals.set(g.id, g);
    this.acks += 1;
  }

  ack(p: Pending, body: Json): void {
    if (p.kind === 'check_in')
      this.checkIns.push({ id: str(body, 'id'), key: p.key, notes: String(p.body.notes) });
    else this.departments.push({ id: str(body, 'id'), key: p.key, name: String(p.body.name) });
    this.acks += 1;
  }
}

/** One POST with its key: acknowledged on 2xx, in doubt (pending) when the connection fails. */
async function post(api: Target, ledger: Ledger, p: Pending, retry: boolean): Promise<void> {
  let res: Awaited<ReturnType<typeof send>>;
  try {
    res = await send(api, 'POST', p.path, { token: p.token, json: p.body, idempotencyKey: p.key });
  } catch {
    ledger.networkErrors += 1;
    if (!retry) ledger.pending.push(p);
    else throw new Error('retry failed');
    return;
  }
  if (res.status >= 200 && res.status < 300) {
    ledger.ack(p, res.body as Json);
    if (retry) ledger.retriedAcks += 1;
  } else if (res.status >= 500) {
    throw new Error(`${p.path} answered ${res.status}: ${res.text.slice(0, 300)}`);
  } else ledger.refused += 1;
}

/** Retries every write in doubt once the server is back (same key, same body): each must now be answered. */
export async function retryPending(api: Target, ledger: Ledger): Promise<number> {
  const pending = ledger.pending;
  ledger.pending = [];
  for (const p of pending) await post(api, ledger, p, true);
  return pending.length;
}

export interface LoadHandle {
  /** Stops the clients and waits for them. */
  stop(): Promise<void>;
  /** Resolves once this many writes have been acknowledged since the start. */
  acknowledged(count: number): Promise<void>;
  /** The first unexpected error of a client (a 5xx answer), if any. */
  failure(): Error | undefined;
}

/** Starts `clients` concurrent writers against `api` until stopped. */
export function startLoad(
  api: Target,
  targets: Targets,
  ledger: Ledger,
  options: { clients: number; seed: number; round: number },
): LoadHandle {
  let stopped = false;
  let failure: Error | undefined;
  const startAcks = ledger.acks;
  const waiters: { count: number; resolve: () => void }[] = [];
  const notify = () => {
    for (const w of [...waiters]) {
      if (ledger.acks - startAcks >= w.count || stopped) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve();
      }
    }
  };

  async function client(index: number): Promise<void> {
    const random = rng(options.seed * 31 + index);
    let n = 0;
    while (!stopped && !failure) {
      n += 1;
      const key = `crash-${options.seed}-r${options.round}-c${index}-${n}`;
      const choice = random();
      try {
        if (choice < 0.45) {
          const [token, subjectId] = targets.coaching[Math.floor(random() * targets.coaching.length)] as [
            string,
            string,
          ];
          await post(
            api,
            ledger,
            {
              kind: 'check_in',
              token,
              path: '/v1/check-ins',
              key,
              body: {
                cycleId: targets.cycleId,
                subjectId,
                kind: 'guidance_note',
                notes: `Crash-load note ${key}.`,
              },
            },
            false,
          );
        } else if (choice < 0.9) {
          const [token, goalId] = targets.goals[Math.floor(random() * targets.goals.length)] as [
            string,
            string,
          ];
          const read = await send(api, 'GET', `/v1/goals/${goalId}`, { token });
          if (read.status >= 500) throw new Error(`GET goal answered ${read.status}`);
          const version = (read.body as Json).version;
          if (read.status === 200 && typeof version === 'number') {
            const actual = Math.floor(random() * 1000);
            const res = await send(api, 'PATCH', `/v1/goals/${goalId}`, {
              token,
              json: { actual },
              ifMatch: version,
            });
            if (res.status === 200)
              ledger.ackGoal({ id: goalId, version: Number((res.body as Json).version), actual });
            else if (res.status >= 500)
              throw new Error(`PATCH goal answered ${res.status}: ${res.text.slice(0, 300)}`);
            else ledger.refused += 1;
          }
        } else {
          await post(
            api,
            ledger,
            {
              kind: 'department',
              token: targets.hr,
              path: '/v1/departments',
              key,
              body: { name: `Crash ${key}`, parentId: targets.rootDepartmentId },
            },
            false,
          );
        }
      } catch (error) {
        if (error instanceof TypeError) {
          // fetch failed: the server is gone (or going); the write is in doubt unless it was a POST kept above.
          ledger.networkErrors += 1;
          await new Promise((r) => setTimeout(r, 20));
        } else failure ??= error instanceof Error ? error : new Error(String(error));
      }
      notify();
    }
  }

  const running = Array.from({ length: options.clients }, (_, i) => client(i));
  return {
    async stop() {
      stopped = true;
      notify();
      await Promise.all(running);
    },
    acknowledged(count) {
      return new Promise<void>((resolve) => {
        waiters.push({ count, resolve });
        notify();
      });
    },
    failure: () => failure,
  };
}
