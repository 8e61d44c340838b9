// What every flow gets (the event, the API and Sheets as the user, the endpoint URLs) and the cycle data they share.
import type { AddonEvent } from '../event.ts';
import type { Urls } from '../paths.ts';
import type { PerfloopClient } from '../perfloop/client.ts';
import type { CycleBody, DepartmentBody, GoalBody, PersonBody, ReviewBody } from '../perfloop/schemas.ts';
import { type Relations, relationsOf } from '../scoring/relations.ts';
import type { SheetsGateway } from '../sheets/gateway.ts';

export interface FlowContext {
  event: AddonEvent;
  api: PerfloopClient;
  sheets: SheetsGateway;
  urls: Urls;
  now: () => Date;
  /** A new unique export id (idempotency keys of later imports derive from it). */
  newExportId: () => string;
  /** People applied in parallel during an import. */
  applyConcurrency: number;
}

export interface CycleData {
  me: PersonBody;
  cycle: CycleBody;
  people: PersonBody[];
  departments: DepartmentBody[];
  goals: GoalBody[];
  reviews: ReviewBody[];
  relations: Relations;
}

/** Everything a sheet of `cycleId` needs, read in parallel (`known` skips what the caller already read). */
export async function loadCycleData(
  api: PerfloopClient,
  cycleId: string,
  known: { me?: PersonBody; departments?: DepartmentBody[] } = {},
): Promise<CycleData> {
  const [me, cycle, people, departments, goals, reviews] = await Promise.all([
    known.me ?? api.me(),
    api.cycle(cycleId),
    api.people(),
    known.departments ?? api.departments(),
    api.goals(cycleId),
    api.managerReviews(cycleId),
  ]);
  return { me, cycle, people, departments, goals, reviews, relations: relationsOf(me, people, departments) };
}

/** The requested cycle, else the most recent one still running, else the most recent one. */
export function pickCycle(
  cycles: readonly CycleBody[],
  requested: string | undefined,
): CycleBody | undefined {
  const byStart = [...cycles].sort((a, b) => b.startsOn.localeCompare(a.startsOn));
  return byStart.find((c) => c.id === requested) ?? byStart.find((c) => c.phase !== 'closed') ?? byStart[0];
}

/** Runs `fn` over `items` with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
  return out;
}

export const PHASE_LABEL: Record<CycleBody['phase'], string> = {
  plan: 'Plan',
  coach: 'Coach',
  appraise: 'Appraise',
  calibrate: 'Calibrate',
  feedback: 'Feedback',
  apply: 'Apply results',
  improve: 'Improve',
  closed: 'Closed',
};
