// Tests for target adjustments: relief only, in order, for the external environment; four-eyes decisions; stale requests.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Goal, GoalSchema, type KpiGoal, kpiAchievement } from './goals.ts';
import { type Plan, planFingerprint } from './plan.ts';
import { POLICY_PRESETS } from './policy.ts';
import { unwrap } from './result.ts';
import {
  carryPlanAgreement,
  decideTargetAdjustment,
  RELIEF_FACTORS,
  requestTargetAdjustment,
  type TargetAdjustment,
  type TargetAnchors,
  targetAdjustmentIssues,
  withdrawTargetAdjustment,
} from './targetAdjustment.ts';

const AT = '2026-04-01T09:00:00Z';
const REASON = 'A new competitor halved the regional market in March.';

function kpi(extra: Record<string, unknown> = {}): KpiGoal {
  return GoalSchema.parse({
    id: 'g1',
    cycleId: 'c1',
    title: 'Revenue',
    level: 'person',
    ownerId: 'ana',
    departmentId: 'sales',
    weight: 60,
    alignedTo: null,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    threshold: 80,
    target: 120,
    stretch: 150,
    actual: 100,
    ...extra,
  }) as KpiGoal;
}

const relief: TargetAnchors = { threshold: 70, target: 100, stretch: 130 };
const request = (goal: Goal, proposed: TargetAnchors = relief, factor = 'external_environment' as const) =>
  requestTargetAdjustment(goal, {
    id: 'tad_1',
    factor,
    proposed,
    reason: REASON,
    requestedBy: 'sam',
    at: AT,
  });
const codes = (goal: Goal, proposed: TargetAnchors, factor: Parameters<typeof targetAdjustmentIssues>[1]) =>
  targetAdjustmentIssues(goal, factor, proposed).map((i) => [i.code, i.path?.join('.')]);

describe('requesting a target adjustment', () => {
  it('records the goal, owner, current and proposed anchors as a request', () => {
    const adj = unwrap(request(kpi()));
    expect(adj).toMatchObject({
      goalId: 'g1',
      cycleId: 'c1',
      subjectId: 'ana',
      factor: 'external_environment',
      current: { threshold: 80, target: 120, stretch: 150 },
      proposed: relief,
      state: 'requested',
      requestedBy: 'sam',
      decidedBy: null,
      decisionNote: '',
      evidence: '',
    });
  });

  it('only the external environment justifies relief', () => {
    expect(RELIEF_FACTORS).toEqual(['external_environment']);
    for (const factor of ['skills', 'internal_conditions', 'motivation'] as const) {
      expect(codes(kpi(), relief, factor)).toEqual([['factor_not_eligible', 'factor']]);
    }
  });

  it('never raises a target: each anchor harder than now is named, in both directions', () => {
    expect(codes(kpi(), { threshold: 90, target: 100, stretch: 160 }, 'external_environment')).toEqual([
      ['more_demanding', 'proposed.threshold'],
      ['more_demanding', 'proposed.stretch'],
    ]);
    const lower = kpi({ direction: 'lower_is_better', baseline: 50, threshold: 30, target: 20, stretch: 10 });
    expect(codes(lower, { threshold: 35, target: 18, stretch: 12 }, 'external_environment')).toEqual([
      ['more_demanding', 'proposed.target'],
    ]);
    expect(codes(lower, { threshold: 35, target: 25, stretch: 12 }, 'external_environment')).toEqual([]);
  });

  it('keeps the anchors in order and the same anchors present; something must change', () => {
    expect(codes(kpi(), { threshold: 75, target: 70, stretch: 130 }, 'external_environment')).toEqual([
      ['kpi_anchors_invalid', 'proposed.threshold'],
    ]);
    expect(codes(kpi(), { threshold: 70, target: -5, stretch: 130 }, 'external_environment')).toContainEqual([
      'kpi_anchors_invalid',
      'proposed.target',
    ]);
    expect(codes(kpi(), { threshold: null, target: 100, stretch: 130 }, 'external_environment')).toEqual([
      ['anchor_presence_changed', 'proposed.threshold'],
    ]);
    expect(
      codes(kpi({ stretch: null }), { threshold: 70, target: 100, stretch: 130 }, 'external_environment'),
    ).toEqual([['anchor_presence_changed', 'proposed.stretch']]);
    expect(codes(kpi(), { threshold: 80, target: 120, stretch: 150 }, 'external_environment')).toEqual([
      ['anchors_unchanged', 'proposed'],
    ]);
  });

  it('only person KPI goals, and a reason of the justification minimum', () => {
    const competency = GoalSchema.parse({
      id: 'g2',
      cycleId: 'c1',
      title: 'Coaching',
      level: 'person',
      ownerId: 'ana',
      departmentId: 'sales',
      weight: 40,
      alignedTo: null,
      kind: 'competency',
    });
    expect(codes(competency, relief, 'external_environment')).toEqual([['not_kpi_goal', 'goalId']]);
    expect(codes(kpi({ level: 'department', ownerId: null }), relief, 'external_environment')).toEqual([
      ['not_person_goal', 'goalId'],
    ]);
    const short = requestTargetAdjustment(kpi(), {
      id: 'tad_1',
      factor: 'skills',
      proposed: relief,
      reason: 'market',
      requestedBy: 'sam',
      at: AT,
    });
    expect(short.ok ? [] : short.error.map((e) => e.code)).toEqual([
      'factor_not_eligible',
      'reason_too_short',
    ]);
  });

  it('relief never lowers the achievement of any actual (property)', () => {
    const flex = POLICY_PRESETS.incentive.flexibleTargets;
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 60 }),
        fc.integer({ min: 0, max: 200 }),
        fc.integer({ min: -50, max: 250 }),
        fc.constantFrom('linear', 'stepped') as fc.Arbitrary<'linear' | 'stepped'>,
        (gap, cut, spread, actual, curve) => {
          const goal = kpi({ curve: { type: curve } });
          const target = Math.max(1, goal.target - cut);
          const proposed = {
            threshold: Math.min(goal.threshold as number, target - gap),
            target,
            stretch: Math.max(target + 1, (goal.stretch as number) - spread),
          };
          if (targetAdjustmentIssues(goal, 'external_environment', proposed).length > 0) return;
          const before = kpiAchievement(goal, actual, flex).achievement;
          const after = kpiAchievement({ ...goal, ...proposed }, actual, flex).achievement;
          expect(after).toBeGreaterThanOrEqual(before);
        },
      ),
    );
  });
});

describe('deciding and withdrawing', () => {
  const open = (): TargetAdjustment => unwrap(request(kpi()));

  it('approval returns the goal with the proposed anchors and records the decision', () => {
    const { adjustment, goal } = unwrap(
      decideTargetAdjustment(open(), kpi(), { approve: true, by: 'hana', at: AT, note: ' ok ' }),
    );
    expect(adjustment).toMatchObject({
      state: 'approved',
      decidedBy: 'hana',
      decidedAt: AT,
      decisionNote: 'ok',
    });
    expect([goal.threshold, goal.target, goal.stretch, goal.baseline, goal.actual]).toEqual([
      70, 100, 130, 0, 100,
    ]);
  });

  it('nobody decides about their own target or their own request', () => {
    const own = decideTargetAdjustment(open(), kpi(), { approve: true, by: 'ana', at: AT });
    expect(own.ok ? null : own.error.code).toBe('own_target');
    const requester = decideTargetAdjustment(open(), kpi(), { approve: true, by: 'sam', at: AT });
    expect(requester.ok ? null : requester.error.code).toBe('own_target_request');
  });

  it('a rejection says why; a closed request cannot be decided again', () => {
    const bare = decideTargetAdjustment(open(), kpi(), { approve: false, by: 'hana', at: AT, note: 'no' });
    expect(bare.ok ? null : [bare.error.code, bare.error.path]).toEqual(['note_required', ['note']]);
    const rejected = unwrap(
      decideTargetAdjustment(open(), kpi(), {
        approve: false,
        by: 'hana',
        at: AT,
        note: 'The competitor entered after the targets were set for everyone.',
      }),
    );
    expect(rejected.adjustment.state).toBe('rejected');
    expect(rejected.goal.target).toBe(120);
    const again = decideTargetAdjustment(rejected.adjustment, kpi(), { approve: true, by: 'hal', at: AT });
    expect(again.ok ? null : again.error.code).toBe('adjustment_not_open');
  });

  it('a request made on other anchors is stale: approval refused, never a silent overwrite', () => {
    const stale = decideTargetAdjustment(open(), kpi({ target: 110 }), { approve: true, by: 'hana', at: AT });
    expect(stale.ok ? null : stale.error.code).toBe('target_changed');
  });

  it('only the requester withdraws, only while open', () => {
    const other = withdrawTargetAdjustment(open(), 'ana', AT);
    expect(other.ok ? null : other.error.code).toBe('not_requester');
    const withdrawn = unwrap(withdrawTargetAdjustment(open(), 'sam', AT));
    expect(withdrawn.state).toBe('withdrawn');
    const twice = withdrawTargetAdjustment(withdrawn, 'sam', AT);
    expect(twice.ok ? null : twice.error.code).toBe('adjustment_not_open');
  });
});

describe('carryPlanAgreement', () => {
  const before = [kpi()];
  const after = [kpi(relief)];
  const plan = (goalsHash: string): Plan => ({
    personId: 'ana',
    cycleId: 'c1',
    status: 'agreed',
    employeeAgreedAt: AT,
    managerAgreedAt: AT,
    goalsHash,
  });

  it('moves an agreement given on the goals before onto the adjusted goals', () => {
    const carried = carryPlanAgreement(plan(planFingerprint(before)), before, after);
    expect(carried).toEqual({ ...plan(planFingerprint(after)) });
  });

  it('leaves a stale or missing agreement as it is', () => {
    expect(carryPlanAgreement(plan('v1:old'), before, after).goalsHash).toBe('v1:old');
    expect(carryPlanAgreement(plan(''), before, after).goalsHash).toBe('');
  });
});
