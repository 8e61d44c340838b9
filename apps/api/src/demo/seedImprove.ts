// Demo seed, improve: next-cycle drafts from the closed cycle's gaps, accepted into the next cycle by each manager.
import { type DemoClient, items, str } from './client.ts';
import { DEMO_PARTICIPANTS } from './roster.ts';
import { type DemoOrg, personId } from './seedOrg.ts';
import { HR, managerOf, type SeededCycle } from './seedPlan.ts';

export interface ImproveOutcome {
  drafts: number;
  acceptedGoals: number;
}

/** HR drafts the next cycle for every participant; each person's manager accepts their draft into `next` (in plan). */
export async function seedNextCycleDrafts(
  api: DemoClient,
  org: DemoOrg,
  from: SeededCycle,
  next: SeededCycle,
): Promise<ImproveOutcome> {
  const drafted = await api.post(`/v1/cycles/${from.id}/next-cycle-drafts`, HR, {
    toCycleId: next.id,
    personIds: DEMO_PARTICIPANTS.map((p) => personId(org, p.key)),
    developmentWeight: 10,
  });
  let acceptedGoals = 0;
  const drafts = items(drafted);
  for (const draft of drafts) {
    const owner = DEMO_PARTICIPANTS.find((p) => personId(org, p.key) === draft.personId);
    const accepted = await api.post(
      `/v1/next-cycle-drafts/${str(draft, 'id')}/accept`,
      owner ? managerOf(owner) : HR,
    );
    acceptedGoals += Array.isArray(accepted.createdGoalIds) ? accepted.createdGoalIds.length : 0;
  }
  return { drafts: drafts.length, acceptedGoals };
}
