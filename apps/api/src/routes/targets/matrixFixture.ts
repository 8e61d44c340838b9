// Roles-matrix fixture for target adjustments: an appraise cycle per organisation, and fresh KPI goals and open requests per case.
import { type Cycle, POLICY_PRESETS, type TargetAdjustment } from '@perfloop/core';
import type { ApiHarness, Fixture } from '../../testing/apiHarness.ts';
import { freshId } from '../appraise/matrixFixture.ts';
import { put } from '../appraise/testAppraisal.ts';
import { StoredCycleSchema } from '../cycles/cycleRecord.ts';
import { kpiGoal } from '../cycles/matrixFixture.ts';
import { ADJUSTMENT_KIND, targetAdjustmentData } from './adjustmentRecord.ts';

export const MATRIX_TARGET_CYCLE = 'cyc_matrix_targets';
const REASON = 'A new competitor halved the regional market in March.';
const seeded = new WeakMap<ApiHarness, Promise<void>>();

/** The appraise cycle of both organisations (everyone takes part), seeded once per harness. */
export function seedTargetMatrix(h: ApiHarness, f: Fixture): Promise<void> {
  let p = seeded.get(h);
  if (!p) {
    p = (async () => {
      const history: Cycle['history'] = [
        {
          from: 'plan',
          to: 'appraise',
          at: '2026-01-02T00:00:00Z',
          actorId: 'system',
          override: { reason: 'matrix fixture', refusals: [] },
          skipped: [],
        },
      ];
      for (const [orgId, people] of [
        [f.acme.organisation.id, Object.values(f.id).filter((id) => id !== f.id.gus && id !== f.id.gwen)],
        [f.globex.organisation.id, [f.id.gus, f.id.gwen]],
      ] as const) {
        const cycle = StoredCycleSchema.parse({
          id: MATRIX_TARGET_CYCLE,
          name: MATRIX_TARGET_CYCLE,
          policyName: POLICY_PRESETS.incentive.name,
          startsOn: '2026-01-01',
          endsOn: '2026-06-30',
          phase: 'appraise',
          history,
          policyId: 'pol_matrix',
          policy: POLICY_PRESETS.incentive,
          participants: [...people].sort(),
        });
        await put(h, orgId, 'cycles', { id: MATRIX_TARGET_CYCLE, cycleId: MATRIX_TARGET_CYCLE, data: cycle });
      }
    })();
    seeded.set(h, p);
  }
  return p;
}

/** A new KPI goal of `ownerId` (target 10, higher is better) in the appraise cycle; its id. */
export async function freshTargetGoal(h: ApiHarness, orgId: string, ownerId: string): Promise<string> {
  const goal = kpiGoal(freshId('gol'), MATRIX_TARGET_CYCLE, ownerId, 100);
  await put(h, orgId, 'goals', { id: goal.id, cycleId: goal.cycleId, subjectId: ownerId, data: goal });
  return goal.id;
}

/** A new goal of `ownerId` with an open request (target 10 → 8) the owner made themselves; the request's id. */
export async function freshTargetRequest(h: ApiHarness, orgId: string, ownerId: string): Promise<string> {
  const goalId = await freshTargetGoal(h, orgId, ownerId);
  const adjustment: TargetAdjustment = {
    id: freshId('tad'),
    cycleId: MATRIX_TARGET_CYCLE,
    goalId,
    subjectId: ownerId,
    factor: 'external_environment',
    current: { threshold: null, target: 10, stretch: null },
    proposed: { threshold: null, target: 8, stretch: null },
    reason: REASON,
    evidence: '',
    state: 'requested',
    requestedBy: ownerId,
    requestedAt: '2026-03-01T09:00:00.000Z',
    decidedBy: null,
    decidedAt: null,
    decisionNote: '',
  };
  await put(h, orgId, ADJUSTMENT_KIND, {
    id: adjustment.id,
    cycleId: adjustment.cycleId,
    subjectId: ownerId,
    parentId: goalId,
    data: targetAdjustmentData(adjustment),
  });
  return adjustment.id;
}
