// Roles-matrix fixture for the plan/coach routes: a plan cycle with one goal per person, a coach cycle; seeded once per harness.
import { type Cycle, type Goal, type Phase, POLICY_PRESETS } from '@perfloop/core';
import type { ApiHarness, Fixture } from '../../testing/apiHarness.ts';
import { StoredCycleSchema } from './cycleRecord.ts';

/** A cycle in `plan` in each organisation (goals are written) and one in `coach` in Acme (check-ins). */
export const MATRIX_PLAN_CYCLE = 'cyc_matrix_plan';
export const MATRIX_COACH_CYCLE = 'cyc_matrix_coach';
/** Each person's KPI goal in their organisation's plan cycle. */
export const matrixGoalId = (personId: string) => `gol_loop_${personId}`;

const seeded = new WeakMap<ApiHarness, Promise<void>>();

async function seedOrg(h: ApiHarness, orgId: string, people: readonly string[], phases: [string, Phase][]) {
  await h.store.transaction(orgId, async (tx) => {
    for (const [id, phase] of phases) {
      const history: Cycle['history'] =
        phase === 'plan'
          ? []
          : [
              {
                from: 'plan',
                to: phase,
                at: '2026-01-02T00:00:00Z',
                actorId: 'system',
                override: { reason: 'matrix fixture', refusals: [] },
                skipped: [],
              },
            ];
      const cycle = StoredCycleSchema.parse({
        id,
        name: id,
        policyName: POLICY_PRESETS.incentive.name,
        startsOn: '2026-01-01',
        endsOn: '2026-06-30',
        phase,
        history,
        policyId: 'pol_matrix',
        policy: POLICY_PRESETS.incentive,
        participants: [...people].sort(),
      });
      await tx.resources('cycles').create(orgId, { id, cycleId: id, data: cycle });
    }
    for (const ownerId of people) {
      const goal: Goal = {
        id: matrixGoalId(ownerId),
        cycleId: MATRIX_PLAN_CYCLE,
        title: 'Matrix goal',
        description: '',
        level: 'person',
        ownerId,
        departmentId: null,
        weight: 100,
        alignedTo: null,
        status: 'active',
        dueDate: null,
        kind: 'kpi',
        unit: '',
        direction: 'higher_is_better',
        baseline: 0,
        threshold: null,
        target: 10,
        stretch: null,
        curve: { type: 'linear' },
        actual: null,
      };
      await tx
        .resources('goals')
        .create(orgId, { id: goal.id, cycleId: goal.cycleId, subjectId: ownerId, data: goal });
    }
  });
}

/** Seeds the matrix data once per harness (idempotent across rows). */
export function seedLoopMatrix(h: ApiHarness, f: Fixture): Promise<void> {
  let p = seeded.get(h);
  if (!p) {
    const acme = (['hal', 'cat', 'hana', 'sam', 'erin', 'mo', 'pia', 'paul'] as const).map((n) => f.id[n]);
    p = (async () => {
      await seedOrg(h, f.acme.organisation.id, acme, [
        [MATRIX_PLAN_CYCLE, 'plan'],
        [MATRIX_COACH_CYCLE, 'coach'],
      ]);
      await seedOrg(h, f.globex.organisation.id, [f.id.gwen, f.id.gus], [[MATRIX_PLAN_CYCLE, 'plan']]);
    })();
    seeded.set(h, p);
  }
  return p;
}
