// Tests for plan agreement, fingerprints and goal templates.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type Goal, type GoalInput, GoalSchema, type KpiGoal, KpiGoalSchema } from './goals.ts';
import {
  agreePlan,
  assignTemplate,
  draftPlan,
  type GoalTemplate,
  GoalTemplateSchema,
  type Plan,
  parseGoalTemplate,
  planChanged,
  planFingerprint,
} from './plan.ts';
import { POLICY_PRESETS } from './policy.ts';
import { unwrap } from './result.ts';

const incentive = POLICY_PRESETS.incentive; // goal mix 70% KPI ± 10

const kpi = (id: string, weight: number, extra: Partial<GoalInput> = {}): KpiGoal =>
  KpiGoalSchema.parse({
    id,
    cycleId: 'c1',
    title: `KPI ${id}`,
    level: 'person',
    ownerId: 'p1',
    departmentId: 'd1',
    weight,
    alignedTo: null,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    target: 100,
    ...extra,
  });

const comp = (id: string, weight: number): Goal =>
  GoalSchema.parse({
    id,
    cycleId: 'c1',
    title: `Competency ${id}`,
    level: 'person',
    ownerId: 'p1',
    departmentId: 'd1',
    weight,
    alignedTo: null,
    kind: 'competency',
    expectations: 'Shares knowledge weekly',
  });

// 40 + 30 + 30 = 100; KPI share 40 + 30 = 70 = the incentive guideline exactly.
const goals = (): Goal[] => [kpi('g1', 40), kpi('g2', 30), comp('g3', 30)];
const at1 = '2025-01-10T09:00:00Z';
const at2 = '2025-01-11T09:00:00Z';
const at3 = '2025-01-12T09:00:00Z';

describe('planFingerprint', () => {
  it('does not depend on goal order', () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(goals(), { minLength: 3, maxLength: 3 }), (shuffled) => {
        expect(planFingerprint(shuffled)).toBe(planFingerprint(goals()));
      }),
    );
  });

  it('changes with weight, target and curve but not with status, actual or description', () => {
    const base = planFingerprint(goals());
    const [g1, g2, g3] = goals() as [Goal, Goal, Goal];
    expect(planFingerprint([{ ...g1, weight: 41 }, { ...g2, weight: 29 }, g3])).not.toBe(base);
    expect(planFingerprint([kpi('g1', 40, { target: 120 }), g2, g3])).not.toBe(base);
    expect(planFingerprint([kpi('g1', 40, { curve: { type: 'capped', cap: 1 } }), g2, g3])).not.toBe(base);
    expect(planFingerprint([kpi('g1', 40, { actual: 55, status: 'draft', description: 'x' }), g2, g3])).toBe(
      base,
    );
  });

  it('drops cancelled goals (cancelling a goal changes the plan)', () => {
    const [g1, g2, g3] = goals() as [Goal, Goal, Goal];
    expect(planFingerprint([g1, g2, g3, kpi('g4', 10, { status: 'cancelled' })])).toBe(
      planFingerprint(goals()),
    );
    expect(planFingerprint([g1, g2, { ...g3, status: 'cancelled' }])).not.toBe(planFingerprint(goals()));
  });
});

describe('agreePlan', () => {
  const plan = draftPlan('p1', 'c1');

  it('refuses weights that do not total 100 and names the sum', () => {
    // 40 + 30 + 20 = 90
    const r = agreePlan(
      plan,
      [kpi('g1', 40), kpi('g2', 30), comp('g3', 20)],
      { by: 'employee', at: at1 },
      incentive,
    );
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('weights_not_100');
    expect(r.error.message).toContain('90');
    expect(r.error.details).toMatchObject({ total: 90 });
  });

  it('refuses an empty plan', () => {
    const r = agreePlan(plan, [], { by: 'employee', at: at1 }, incentive);
    expect(r.ok ? null : r.error.code).toBe('no_goals');
  });

  it('refuses a KPI whose anchors are out of order and names the goal', () => {
    // target 100 is below the threshold 120 for a higher-is-better KPI (built without the schema check).
    const bad: KpiGoal = { ...kpi('g1', 40), threshold: 120 };
    const r = agreePlan(plan, [bad, kpi('g2', 30), comp('g3', 30)], { by: 'manager', at: at1 }, incentive);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('kpi_anchors_invalid');
    expect(r.error.message).toContain('g1');
    expect(r.error.path).toEqual([0, 'threshold']);
  });

  it("refuses goals that are not this person's in this cycle", () => {
    const other = { ...kpi('g1', 40), ownerId: 'p2' };
    const r = agreePlan(plan, [other, kpi('g2', 30), comp('g3', 30)], { by: 'manager', at: at1 }, incentive);
    expect(r.ok ? null : r.error.code).toBe('goal_not_in_plan');
    const dup = agreePlan(
      plan,
      [kpi('g1', 40), kpi('g1', 30), comp('g3', 30)],
      { by: 'manager', at: at1 },
      incentive,
    );
    expect(dup.ok ? null : dup.error.code).toBe('duplicate_goal_id');
  });

  it('becomes agreed when both sides agree on the same goals', () => {
    const first = unwrap(agreePlan(plan, goals(), { by: 'employee', at: at1 }, incentive));
    expect(first.plan.status).toBe('proposed');
    expect(first.plan.employeeAgreedAt).toBe(at1);
    expect(first.plan.goalsHash).toBe(planFingerprint(goals()));
    expect(first.warnings).toEqual([]);
    const second = unwrap(agreePlan(first.plan, goals(), { by: 'manager', at: at2 }, incentive));
    expect(second.plan).toEqual({
      personId: 'p1',
      cycleId: 'c1',
      status: 'agreed',
      employeeAgreedAt: at1,
      managerAgreedAt: at2,
      goalsHash: planFingerprint(goals()),
    });
    // Agreeing again on the same goals keeps the first timestamp.
    const again = unwrap(agreePlan(second.plan, goals(), { by: 'employee', at: at3 }, incentive));
    expect(again.plan).toEqual(second.plan);
  });

  it('clears a stale agreement given on other goals and warns', () => {
    const first = unwrap(agreePlan(plan, goals(), { by: 'employee', at: at1 }, incentive));
    const edited = [kpi('g1', 50), kpi('g2', 20), comp('g3', 30)];
    const second = unwrap(agreePlan(first.plan, edited, { by: 'manager', at: at2 }, incentive));
    expect(second.plan.status).toBe('proposed');
    expect(second.plan.employeeAgreedAt).toBeNull();
    expect(second.plan.managerAgreedAt).toBe(at2);
    expect(second.warnings.map((w) => w.code)).toEqual(['agreement_reset']);
  });

  it('warns (without refusing) when the goal mix is off the guideline', () => {
    // KPI weight = 40 + 60 = 100; guideline 70 ± 10 → off by 30.
    const r = unwrap(agreePlan(plan, [kpi('g1', 40), kpi('g2', 60)], { by: 'employee', at: at1 }, incentive));
    expect(r.warnings.map((w) => w.code)).toEqual(['goal_mix_off_guideline']);
    expect(r.plan.status).toBe('proposed');
  });
});

describe('planChanged', () => {
  it('resets an agreed plan to proposed when the goals change, and only then', () => {
    const p1 = unwrap(agreePlan(draftPlan('p1', 'c1'), goals(), { by: 'employee', at: at1 }, incentive)).plan;
    const agreed = unwrap(agreePlan(p1, goals(), { by: 'manager', at: at2 }, incentive)).plan;
    const same = planChanged(agreed, goals());
    expect(same).toEqual({ plan: agreed, reset: false });
    const changed = planChanged(agreed, [kpi('g1', 40, { target: 150 }), kpi('g2', 30), comp('g3', 30)]);
    expect(changed.reset).toBe(true);
    expect(changed.plan).toMatchObject({ status: 'proposed', employeeAgreedAt: null, managerAgreedAt: null });
  });

  it('leaves a draft nobody agreed to alone', () => {
    const d: Plan = draftPlan('p1', 'c1');
    expect(planChanged(d, goals())).toEqual({ plan: d, reset: false });
  });

  it('any single edit of weight or target after agreement resets it (property)', () => {
    const p1 = unwrap(agreePlan(draftPlan('p1', 'c1'), goals(), { by: 'employee', at: at1 }, incentive)).plan;
    const agreed = unwrap(agreePlan(p1, goals(), { by: 'manager', at: at2 }, incentive)).plan;
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 50 }), (i, delta) => {
        const edited = goals();
        const g = edited[i] as Goal;
        edited[i] =
          g.kind === 'kpi' ? { ...g, target: g.target + delta } : { ...g, weight: g.weight + delta };
        expect(planChanged(agreed, edited).reset).toBe(true);
      }),
    );
  });
});

describe('goal templates', () => {
  const template: GoalTemplate = GoalTemplateSchema.parse({
    id: 'tpl-ae',
    name: 'Account executive',
    goals: [
      {
        kind: 'kpi',
        title: 'New revenue',
        weight: 70,
        alignedTo: null,
        direction: 'higher_is_better',
        baseline: 0,
        target: 500,
      },
      { kind: 'competency', title: 'Customer focus', weight: 30, alignedTo: null },
    ],
  });

  it('rejects a template whose weights do not total 100', () => {
    const r = parseGoalTemplate({
      id: 't',
      name: 'T',
      goals: [{ kind: 'competency', title: 'x', weight: 80, alignedTo: null }],
    });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid_template');
    expect(r.error.message).toContain('80');
  });

  it('rejects template goals that are not person goals', () => {
    const bad = { ...template, goals: [{ ...template.goals[0], level: 'department' }] };
    expect(GoalTemplateSchema.safeParse(bad).success).toBe(false);
  });

  it('creates valid goals with default ids and skips people who already have them', () => {
    const r = assignTemplate(template, {
      cycleId: 'c2',
      people: [
        { id: 'p2', departmentId: 'd1' },
        { id: 'p1', departmentId: null },
        { id: 'p3', departmentId: 'd2' },
        { id: 'p2', departmentId: 'd1' },
      ],
      existingGoals: [
        { id: 'tpl-ae.p3.0', ownerId: 'p3' },
        { id: 'tpl-ae.p1.1', ownerId: 'someone-else' },
      ],
    });
    expect(r.report).toEqual([
      { personId: 'p1', created: 0, skipped: 'id_conflict' },
      { personId: 'p2', created: 2, skipped: null },
      { personId: 'p2', created: 0, skipped: 'duplicate_person' },
      { personId: 'p3', created: 0, skipped: 'already_assigned' },
    ]);
    expect(r.goals.map((g) => g.id)).toEqual(['tpl-ae.p2.0', 'tpl-ae.p2.1']);
    for (const g of r.goals) expect(GoalSchema.parse(g)).toEqual(g);
    expect(r.goals[0]).toMatchObject({
      ownerId: 'p2',
      departmentId: 'd1',
      cycleId: 'c2',
      level: 'person',
      weight: 70,
    });
    // The created plan is agreeable as is: 70 + 30 = 100.
    const agreed = agreePlan(draftPlan('p2', 'c2'), r.goals, { by: 'employee', at: at1 }, incentive);
    expect(agreed.ok).toBe(true);
  });

  it('uses idFor and refuses ids that are not valid', () => {
    const r = assignTemplate(
      template,
      { cycleId: 'c2', people: [{ id: 'p1', departmentId: null }], existingGoals: [] },
      { idFor: (p, i) => `${p}/${i}` },
    );
    expect(r.report).toEqual([{ personId: 'p1', created: 0, skipped: 'invalid_id' }]);
    const custom = assignTemplate(
      template,
      { cycleId: 'c2', people: [{ id: 'p1', departmentId: null }], existingGoals: [] },
      { idFor: (p, i) => `${p}-g${i + 1}` },
    );
    expect(custom.goals.map((g) => g.id)).toEqual(['p1-g1', 'p1-g2']);
  });

  it('is idempotent: assigning twice creates nothing the second time (property)', () => {
    fc.assert(
      fc.property(fc.uniqueArray(fc.stringMatching(/^[a-z0-9]{1,8}$/), { maxLength: 20 }), (ids) => {
        const people = ids.map((id) => ({ id, departmentId: null }));
        const first = assignTemplate(template, { cycleId: 'c2', people, existingGoals: [] });
        expect(first.goals).toHaveLength(ids.length * 2);
        const second = assignTemplate(template, { cycleId: 'c2', people, existingGoals: first.goals });
        expect(second.goals).toEqual([]);
        expect(second.report.every((x) => x.skipped === 'already_assigned')).toBe(true);
      }),
    );
  });

  it('assigns 10,000 people at once', () => {
    const people = Array.from({ length: 10_000 }, (_, i) => ({
      id: `person-${i}`,
      departmentId: `d${i % 50}`,
    }));
    const created = assignTemplate(template, { cycleId: 'c2', people, existingGoals: [] }).goals.length;
    expect(created).toBe(20_000);
  });
});
