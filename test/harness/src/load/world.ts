// What the load works on: the demo's open cycle, its people by role, and its goals split between API writers and Notion editors.
import { items, type Json, ok, str, type Target } from '../world/client.ts';

export interface Person {
  id: string;
  name: string;
  email: string;
  token: string;
}

export interface LoadGoal {
  id: string;
  ownerId: string;
  /** Owner's sign-in. */
  token: string;
  version: number;
}

export interface LoadWorld {
  hr: string;
  cycleId: string;
  people: Person[];
  /** People taking part in the cycle (they read "my goals"). */
  participants: Person[];
  /** [manager, report] pairs among participants: check-ins and listings. */
  coaching: [Person, Person][];
  /** Every person goal of the cycle at the start, by owner id. */
  goalsByOwner: Map<string, string[]>;
  /** KPI goals whose actual the API clients change (each goal belongs to one client). */
  apiGoals: LoadGoal[];
  /** KPI goals people edit in Notion during the load (never changed through the API by the load). */
  notionGoals: LoadGoal[];
}

/** All pages of a list endpoint (limit 500). */
export async function listAll(api: Target, path: string, token: string): Promise<Json[]> {
  const out: Json[] = [];
  let cursor: string | null = null;
  do {
    const sep = path.includes('?') ? '&' : '?';
    const page: Json = await ok(api, 'GET', `${path}${sep}limit=500${cursor ? `&cursor=${cursor}` : ''}`, {
      token,
    });
    out.push(...items(page));
    cursor = typeof page.nextCursor === 'string' ? page.nextCursor : null;
  } while (cursor);
  return out;
}

/** Reads the demo organisation as HR; every fourth KPI goal is left to the Notion editors. */
export async function discoverWorld(api: Target): Promise<LoadWorld> {
  const hr = 'dev:hr@acme.test';
  const cycles = await listAll(api, '/v1/cycles?phase=coach', hr);
  const cycle = cycles.find((c) => c.name === '2026 H2') ?? cycles[0];
  if (!cycle) throw new Error('the demo has no cycle in coach');
  const cycleId = str(cycle, 'id');
  const raw = await listAll(api, '/v1/people', hr);
  const people: Person[] = raw.map((p) => ({
    id: str(p, 'id'),
    name: str(p, 'name'),
    email: str(p, 'email'),
    token: `dev:${str(p, 'email')}`,
  }));
  const byId = new Map(people.map((p) => [p.id, p]));
  const managerOf = new Map(raw.map((p) => [str(p, 'id'), p.managerId]));
  const participantIds = new Set((cycle.participants as string[] | undefined) ?? []);
  const participants = people.filter((p) => participantIds.has(p.id));
  const coaching: [Person, Person][] = [];
  for (const p of participants) {
    const managerId = managerOf.get(p.id);
    const manager = typeof managerId === 'string' ? byId.get(managerId) : undefined;
    if (manager) coaching.push([manager, p]);
  }
  const goals = await listAll(api, `/v1/goals?cycleId=${cycleId}&level=person`, hr);
  const goalsByOwner = new Map<string, string[]>();
  const kpi: LoadGoal[] = [];
  for (const g of goals) {
    const ownerId = String(g.ownerId);
    goalsByOwner.set(ownerId, [...(goalsByOwner.get(ownerId) ?? []), str(g, 'id')]);
    const owner = byId.get(ownerId);
    if (owner && g.kind === 'kpi')
      kpi.push({ id: str(g, 'id'), ownerId, token: owner.token, version: Number(g.version) });
  }
  const notionGoals = kpi.filter((_, i) => i % 4 === 3);
  const apiGoals = kpi.filter((_, i) => i % 4 !== 3);
  if (coaching.length === 0 || apiGoals.length === 0 || notionGoals.length === 0)
    throw new Error('the demo organisation lacks what the load needs');
  return { hr, cycleId, people, participants, coaching, goalsByOwner, apiGoals, notionGoals };
}
