// Roles-matrix fixture for the plan/coach routes: plan, agree and coach cycles with goals, check-ins and a goal template; seeded once per harness.
import {
  CheckInSchema,
  type Cycle,
  type Goal,
  GoalTemplateSchema,
  type KpiGoal,
  type Phase,
  POLICY_PRESETS,
} from '@perfloop/core';
import type { ApiHarness, Fixture } from '../../testing/apiHarness.ts';
import { freshId, matrixManagerOf } from '../appraise/matrixFixture.ts';
import { put } from '../appraise/testAppraisal.ts';
import { StoredCycleSchema } from './cycleRecord.ts';

/** A cycle in `plan` in each organisation (goals are written) and one in `coach` (check-ins). */
export const MATRIX_PLAN_CYCLE = 'cyc_matrix_plan';
export const MATRIX_COACH_CYCLE = 'cyc_matrix_coach';
/**
 * Another `plan` cycle whose plans only POST /v1/cycles/{id}/plans/{personId}/agree touches: one goal of
 * weight 100 per person, so no goal another row adds to the plan cycle can spoil the weights.
 */
export const MATRIX_AGREE_CYCLE = 'cyc_matrix_agree';
/** Each person's KPI goal in their organisation's plan cycle. */
export const matrixGoalId = (personId: string) => `gol_loop_${personId}`;
/** Each person's KPI goal (weight 100) in the agree cycle. */
export const matrixAgreeGoalId = (personId: string) => `gol_agree_${personId}`;
/** A guidance note about a target person (Sam, Pia, Paul; Gus in Globex) by their manager, in the coach cycle. */
export const matrixCheckInId = (personId: string) => `chk_matrix_${personId}`;
/** A goal template (one competency goal) in each organisation: Acme's made by Cat, Globex's by Gwen. */
export const MATRIX_TEMPLATE = { acme: 'tpl_matrix_acme', globex: 'tpl_matrix_globex' } as const;
/** A template of the same shape made by each matrix caller (Sam, Mo, Hana, Hal). */
export const matrixTemplateId = (personId: string) => `tpl_matrix_${personId}`;

const seeded = new WeakMap<ApiHarness, Promise<void>>();

/** A person KPI goal for matrix cases: target 10, no actual yet. */
export function kpiGoal(id: string, cycleId: string, ownerId: string, weight: number): KpiGoal {
  return {
    id,
    cycleId,
    title: 'Matrix goal',
    description: '',
    level: 'person',
    ownerId,
    departmentId: null,
    weight,
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
}

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
      for (const goal of [
        kpiGoal(matrixGoalId(ownerId), MATRIX_PLAN_CYCLE, ownerId, 100),
        kpiGoal(matrixAgreeGoalId(ownerId), MATRIX_AGREE_CYCLE, ownerId, 100),
      ]) {
        await tx
          .resources('goals')
          .create(orgId, { id: goal.id, cycleId: goal.cycleId, subjectId: ownerId, data: goal });
      }
    }
  });
}

/** A new template made by `createdBy`; its id. */
export async function freshTemplate(h: ApiHarness, orgId: string, createdBy: string): Promise<string> {
  const id = freshId('tpl');
  await seedTemplate(h, orgId, id, createdBy);
  return id;
}

async function seedTemplate(h: ApiHarness, orgId: string, id: string, createdBy: string) {
  const template = GoalTemplateSchema.parse({
    id,
    name: 'Matrix template',
    goals: [
      { kind: 'competency', title: 'Matrix template goal', level: 'person', weight: 100, alignedTo: null },
    ],
  });
  await put(h, orgId, 'goal_templates', { id: template.id, subjectId: createdBy, data: template });
}

async function seedCheckIn(h: ApiHarness, f: Fixture, orgId: string, subjectId: string) {
  const checkIn = CheckInSchema.parse({
    id: matrixCheckInId(subjectId),
    cycleId: MATRIX_COACH_CYCLE,
    subjectId,
    authorId: matrixManagerOf(f, subjectId),
    kind: 'guidance_note',
    at: new Date().toISOString(),
    notes: 'Matrix check-in',
  });
  await put(h, orgId, 'check_ins', { id: checkIn.id, cycleId: checkIn.cycleId, subjectId, data: checkIn });
}

/** A new person goal (competency, weight 10) of `ownerId` in their organisation's plan cycle; its id. */
export async function freshPlanGoal(h: ApiHarness, orgId: string, ownerId: string): Promise<string> {
  const id = freshId('gol');
  const goal: Goal = {
    ...kpiGoal(id, MATRIX_PLAN_CYCLE, ownerId, 10),
    title: 'Matrix goal to delete',
  };
  await put(h, orgId, 'goals', { id, cycleId: MATRIX_PLAN_CYCLE, subjectId: ownerId, data: goal });
  return id;
}

/** Seeds the matrix data once per harness (idempotent across rows). */
export function seedLoopMatrix(h: ApiHarness, f: Fixture): Promise<void> {
  let p = seeded.get(h);
  if (!p) {
    const acme = (['hal', 'cat', 'hana', 'sam', 'erin', 'mo', 'pia', 'paul'] as const).map((n) => f.id[n]);
    const acmeId = f.acme.organisation.id;
    const globexId = f.globex.organisation.id;
    const phases: [string, Phase][] = [
      [MATRIX_PLAN_CYCLE, 'plan'],
      [MATRIX_AGREE_CYCLE, 'plan'],
      [MATRIX_COACH_CYCLE, 'coach'],
    ];
    p = (async () => {
      await seedOrg(h, acmeId, acme, phases);
      await seedOrg(h, globexId, [f.id.gwen, f.id.gus], phases);
      await seedTemplate(h, acmeId, MATRIX_TEMPLATE.acme, f.id.cat);
      for (const person of [f.id.sam, f.id.mo, f.id.hana, f.id.hal]) {
        await seedTemplate(h, acmeId, matrixTemplateId(person), person);
      }
      await seedTemplate(h, globexId, MATRIX_TEMPLATE.globex, f.id.gwen);
      for (const person of [f.id.sam, f.id.pia, f.id.paul]) await seedCheckIn(h, f, acmeId, person);
      await seedCheckIn(h, f, globexId, f.id.gus);
    })();
    seeded.set(h, p);
  }
  return p;
}
