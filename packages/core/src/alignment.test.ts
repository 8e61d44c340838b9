// Tests for the alignment cascade, progress roll-up and alignment coverage.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type AlignableGoal,
  type AlignmentTree,
  alignmentCoverage,
  buildAlignmentTree,
  type CoverageGoal,
  childrenOf,
  progressOf,
  rollUpProgress,
} from './alignment.ts';
import { unwrap } from './result.ts';

type G = AlignableGoal & CoverageGoal;

const goal = (
  id: string,
  level: G['level'],
  alignedTo: string | null,
  weight = 0,
  extra: Partial<G> = {},
): G => ({
  id,
  level,
  alignedTo,
  weight,
  kind: 'competency',
  status: 'active',
  ownerId: level === 'person' ? `owner-${id}` : null,
  departmentId: null,
  ...extra,
});

describe('buildAlignmentTree', () => {
  it('orders parents before children, roots and children by id', () => {
    const tree = unwrap(
      buildAlignmentTree([
        goal('p2', 'person', 'd1'),
        goal('d1', 'department', 'o1'),
        goal('p1', 'person', 'd1'),
        goal('o1', 'organisation', null),
        goal('p3', 'person', 'o1'),
        goal('o0', 'organisation', null),
      ]),
    );
    // Input positions: p2=0 d1=1 p1=2 o1=3 p3=4 o0=5.
    expect(tree.roots).toEqual(['o0', 'o1']);
    expect([...tree.order].map((i) => tree.goals[i]?.id)).toEqual(['o0', 'o1', 'd1', 'p3', 'p2', 'p1']);
    expect([...tree.depth]).toEqual([2, 1, 2, 0, 1, 0]);
    expect([...tree.parentIndex]).toEqual([1, 3, 1, -1, 3, -1]);
    expect(childrenOf(tree, 'o1')).toEqual(['d1', 'p3']);
    expect(childrenOf(tree, 'd1')).toEqual(['p1', 'p2']);
    expect(childrenOf(tree, 'p1')).toEqual([]);
    expect(childrenOf(tree, 'nope')).toEqual([]);
  });

  it('refuses a missing parent and names the goal', () => {
    const r = buildAlignmentTree([goal('o1', 'organisation', null), goal('p1', 'person', 'd9')]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('parent_not_found');
    expect(r.error.message).toContain('p1');
    expect(r.error.message).toContain('d9');
    expect(r.error.path).toEqual([1, 'alignedTo']);
  });

  it('refuses alignment that does not go down the cascade', () => {
    const cases: [G[], string][] = [
      [[goal('d1', 'department', null), goal('d2', 'department', 'd1')], 'd2'],
      [[goal('d1', 'department', null), goal('p1', 'person', 'd1'), goal('p2', 'person', 'p1')], 'p2'],
      [[goal('d1', 'department', null), goal('o1', 'organisation', 'd1')], 'o1'],
    ];
    for (const [goals, culprit] of cases) {
      const r = buildAlignmentTree(goals);
      expect(r.ok ? null : [r.error.code, r.error.details?.goalId]).toEqual(['level_order', culprit]);
    }
  });

  it('reports cycles (including a goal aligned to itself) rather than a level error', () => {
    const two = buildAlignmentTree([goal('d1', 'department', 'd2'), goal('d2', 'department', 'd1')]);
    expect(
      two.ok ? null : [two.error.code, two.error.details?.goalId, two.error.details?.issueCount],
    ).toEqual(['alignment_cycle', 'd1', 2]);
    const self = buildAlignmentTree([goal('o1', 'organisation', 'o1')]);
    expect(self.ok ? null : self.error.code).toBe('alignment_cycle');
    // A chain hanging off a cycle is not itself in the cycle: p1 gets a level error only if any.
    const tail = buildAlignmentTree([
      goal('d1', 'department', 'd2'),
      goal('d2', 'department', 'd1'),
      goal('p1', 'person', 'd1'),
    ]);
    const issues = tail.ok ? [] : (tail.error.details?.issues as { goalId: string; code: string }[]);
    expect(issues.map((i) => [i.goalId, i.code])).toEqual([
      ['d1', 'alignment_cycle'],
      ['d2', 'alignment_cycle'],
    ]);
  });

  it('refuses duplicate ids', () => {
    const r = buildAlignmentTree([goal('o1', 'organisation', null), goal('o1', 'organisation', null)]);
    expect(r.ok ? null : r.error.code).toBe('duplicate_goal_id');
  });
});

/** A random valid cascade: organisations, departments aligned to some of them, people to either. */
const cascadeArb = fc
  .record({
    orgs: fc.integer({ min: 1, max: 3 }),
    depts: fc.array(fc.record({ parent: fc.nat(), weight: fc.integer({ min: 0, max: 100 }) }), {
      maxLength: 8,
    }),
    people: fc.array(
      fc.record({
        parent: fc.nat(),
        toDept: fc.boolean(),
        weight: fc.integer({ min: 0, max: 100 }),
        cancelled: fc.boolean(),
        aligned: fc.boolean(),
      }),
      { maxLength: 40 },
    ),
    progress: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 60, maxLength: 60 }),
    kpi: fc.array(fc.boolean(), { minLength: 60, maxLength: 60 }),
  })
  .map(({ orgs, depts, people, progress, kpi }) => {
    const goals: G[] = [];
    for (let i = 0; i < orgs; i++) goals.push(goal(`o${i}`, 'organisation', null, 0));
    depts.forEach((d, i) => {
      goals.push(goal(`d${i}`, 'department', `o${d.parent % orgs}`, d.weight));
    });
    people.forEach((p, i) => {
      const parent = p.toDept && depts.length > 0 ? `d${p.parent % depts.length}` : `o${p.parent % orgs}`;
      goals.push(
        goal(`p${i}`, 'person', p.aligned ? parent : null, p.weight, {
          status: p.cancelled ? 'cancelled' : 'active',
          departmentId: `dep${i % 3}`,
        }),
      );
    });
    goals.forEach((g, i) => {
      g.kind = kpi[i % 60] ? 'kpi' : 'competency';
    });
    const progressByGoal = new Map(goals.map((g, i) => [g.id, progress[i % 60] as number]));
    return { goals, progressByGoal };
  });

describe('rollUpProgress', () => {
  it('worked example: weighted children, equal split when weights are 0, own KPI measure counted half', () => {
    const goals: G[] = [
      goal('O', 'organisation', null, 0, { kind: 'kpi' }),
      goal('D1', 'department', 'O', 60),
      goal('D2', 'department', 'O', 40, { kind: 'kpi' }),
      goal('P1', 'person', 'D1', 30),
      goal('P2', 'person', 'D1', 70),
      goal('P3', 'person', 'D2', 0),
      goal('P4', 'person', 'D2', 0),
      goal('P5', 'person', 'D1', 50, { status: 'cancelled' }),
    ];
    const progress = new Map([
      ['O', 0.6],
      ['D1', 0.1], // competency parent: its own value is ignored
      ['D2', 0.2],
      ['P1', 0.5],
      ['P2', 1],
      ['P3', 0.4],
      ['P4', 0.8],
      ['P5', 0],
    ]);
    const tree = unwrap(buildAlignmentTree(goals));
    const rolled = rollUpProgress(tree, progress);
    const out = { get: (id: string) => progressOf(tree, rolled, id) };
    // D1 = (30×0.5 + 70×1.0) / (30 + 70) = 85/100 = 0.85 (P5 is cancelled, so it is left out)
    expect(out.get('D1')).toBe(0.85);
    // D2: children weights all 0 → equal mean (0.4 + 0.8)/2 = 0.6; own KPI 0.2 → 0.5×0.2 + 0.5×0.6 = 0.4
    expect(out.get('D2')).toBe(0.4);
    // O: children (60×0.85 + 40×0.4)/100 = (51 + 16)/100 = 0.67; own 0.6 → 0.5×0.6 + 0.5×0.67 = 0.635
    expect(out.get('O')).toBe(0.635);
    expect(out.get('P1')).toBe(0.5);
    // ownShare 0 ignores every parent's own measure: D2 = 0.6, so O = (60×0.85 + 40×0.6)/100 = (51 + 24)/100 = 0.75
    expect(progressOf(tree, rollUpProgress(tree, progress, { ownShare: 0 }), 'O')).toBe(0.75);
    // The same values given as an array indexed like the goals (the fast path).
    const asArray = goals.map((g) => progress.get(g.id) ?? Number.NaN);
    expect([...rollUpProgress(tree, asArray)]).toEqual([...rolled]);
  });

  it('a leaf without progress is 0; a parent with no live children keeps its own value', () => {
    const tree = unwrap(
      buildAlignmentTree([
        goal('O', 'organisation', null, 0, { kind: 'kpi' }),
        goal('P1', 'person', 'O', 10, { status: 'cancelled' }),
      ]),
    );
    const out = rollUpProgress(tree, new Map([['O', 0.3]]));
    expect(progressOf(tree, out, 'O')).toBe(0.3);
    expect(progressOf(tree, out, 'P1')).toBe(0);
    expect(progressOf(tree, out, 'nope')).toBeUndefined();
  });

  it('every rolled value stays within the range of the inputs (property)', () => {
    fc.assert(
      fc.property(cascadeArb, ({ goals, progressByGoal }) => {
        const tree: AlignmentTree = unwrap(buildAlignmentTree(goals));
        // `order` is a permutation with every parent before its children.
        expect(new Set(tree.order).size).toBe(goals.length);
        const seenAt = new Int32Array(goals.length);
        tree.order.forEach((i, k) => {
          seenAt[i] = k;
        });
        for (let i = 0; i < goals.length; i++) {
          const p = tree.parentIndex[i] as number;
          if (p >= 0) expect(seenAt[p] as number).toBeLessThan(seenAt[i] as number);
        }
        const out = rollUpProgress(tree, progressByGoal);
        for (const v of out.values()) {
          expect(v).toBeGreaterThanOrEqual(0);
          expect(v).toBeLessThanOrEqual(1);
        }
      }),
    );
  });

  it('builds and rolls up a 200,000-goal cascade', () => {
    const goals: G[] = [goal('org', 'organisation', null)];
    for (let d = 0; d < 250; d++) goals.push(goal(`dep${d}`, 'department', 'org', 1));
    for (let p = 0; p < 25_000; p++) {
      for (let k = 0; k < 8; k++) goals.push(goal(`p${p}.${k}`, 'person', `dep${p % 250}`, 12.5));
    }
    const progress = goals.map((_, i) => (i % 10) / 10);
    // Speed is measured by `pnpm bench`, never asserted here.
    const tree: AlignmentTree = unwrap(buildAlignmentTree(goals));
    const out = rollUpProgress(tree, progress);
    // Each department: 100 people × 8 goals, progress cycling through 0.0–0.9 → mean 0.45.
    expect(progressOf(tree, out, 'dep0')).toBe(0.45);
  });
});

describe('alignmentCoverage', () => {
  it('worked example: count and weight coverage with reasons', () => {
    const goals: G[] = [
      goal('O', 'organisation', null),
      goal('D', 'department', 'O'),
      goal('Dx', 'department', 'O', 0, { status: 'cancelled' }),
      goal('a1', 'person', 'D', 60, { ownerId: 'a', departmentId: 'sales' }),
      goal('a2', 'person', null, 40, { ownerId: 'a', departmentId: 'sales' }),
      goal('b1', 'person', 'O', 33.33, { ownerId: 'b', departmentId: 'ops' }),
      goal('b2', 'person', 'Dx', 33.33, { ownerId: 'b', departmentId: 'ops' }),
      goal('b3', 'person', 'zz', 33.34, { ownerId: 'b', departmentId: 'ops' }),
      goal('b4', 'person', 'b1', 10, { ownerId: 'b', departmentId: 'ops', status: 'cancelled' }),
      goal('c1', 'person', 'a1', 100, { ownerId: 'c', departmentId: null }),
    ];
    const cov = alignmentCoverage(goals);
    // Live person goals: a1 a2 b1 b2 b3 c1 = 6; aligned: a1 (to D), b1 (to O) = 2 → 33.33%.
    // Weight: 60 + 40 + 33.33 + 33.33 + 33.34 + 100 = 300; aligned 60 + 33.33 = 93.33 → 31.11%.
    expect(cov.overall).toEqual({
      goals: 6,
      alignedGoals: 2,
      weight: 300,
      alignedWeight: 93.33,
      countPct: 33.33,
      weightPct: 31.11,
    });
    // ops: 3 goals, weight 100 (exact in hundredths), aligned b1 33.33 → 33.33%.
    expect(cov.departments.map((d) => [d.departmentId, d.goals, d.weight, d.weightPct])).toEqual([
      ['ops', 3, 100, 33.33],
      ['sales', 2, 100, 60],
      [null, 1, 100, 0],
    ]);
    expect(cov.people.map((p) => [p.personId, p.alignedGoals])).toEqual([
      ['a', 1],
      ['b', 1],
      ['c', 0],
    ]);
    expect(cov.unaligned.map((u) => [u.goalId, u.reason])).toEqual([
      ['a2', 'not_aligned'],
      ['b2', 'parent_cancelled'],
      ['b3', 'parent_missing'],
      ['c1', 'parent_not_higher'],
    ]);
  });

  it('null percentages when nothing is counted; breakdowns can be skipped', () => {
    const cov = alignmentCoverage([goal('O', 'organisation', null)], {
      byDepartment: false,
      byPerson: false,
    });
    expect(cov.overall).toEqual({
      goals: 0,
      alignedGoals: 0,
      weight: 0,
      alignedWeight: 0,
      countPct: null,
      weightPct: null,
    });
    expect(cov.departments).toEqual([]);
    const skip = alignmentCoverage([goal('p', 'person', null, 5)], { byDepartment: false, byPerson: false });
    expect(skip.departments).toEqual([]);
    expect(skip.people).toEqual([]);
  });

  it('breakdowns add up to the overall totals (property)', () => {
    fc.assert(
      fc.property(cascadeArb, ({ goals }) => {
        const cov = alignmentCoverage(goals);
        const sum = (rows: { goals: number; alignedGoals: number }[]) =>
          rows.reduce((a, r) => [(a[0] as number) + r.goals, (a[1] as number) + r.alignedGoals], [0, 0]);
        expect(sum(cov.departments)).toEqual([cov.overall.goals, cov.overall.alignedGoals]);
        expect(sum(cov.people)).toEqual([cov.overall.goals, cov.overall.alignedGoals]);
        expect(cov.unaligned).toHaveLength(cov.overall.goals - cov.overall.alignedGoals);
        expect(cov.overall.alignedWeight).toBeLessThanOrEqual(cov.overall.weight);
      }),
    );
  });
});
