// Tests for drafting the next cycle from shortfalls, attributions and development items.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Attribution } from './diagnosis.ts';
import { type Goal, type GoalInput, GoalSchema } from './goals.ts';
import {
  draftNextCycle,
  type GoalOutcome,
  type NextCycleDraft,
  type PriorDevelopmentItem,
} from './improve.ts';
import { unwrap } from './result.ts';

const kpi = (id: string, weight: number, extra: Partial<GoalInput> = {}): Goal =>
  GoalSchema.parse({
    id,
    cycleId: 'h1',
    title: `Goal ${id}`,
    level: 'person',
    ownerId: 'p1',
    departmentId: 'sales',
    weight,
    alignedTo: null,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    target: 100,
    actual: 60,
    ...extra,
  });

const outcome = (goal: Goal, achievement: number | null): GoalOutcome => ({ goal, achievement });
const attribution = (goalId: string, factors: Attribution['factors']): Attribution => ({
  subjectId: 'p1',
  goalId,
  factors,
  note: '',
});

const goals: GoalOutcome[] = [
  outcome(kpi('O', 0, { level: 'organisation', ownerId: null, departmentId: null }), 1.1),
  outcome(kpi('D', 50, { level: 'department', ownerId: null, title: 'Sales region growth' }), 0.8),
  outcome(kpi('a', 50, { alignedTo: 'D', title: 'Revenue' }), 0.6),
  outcome(kpi('b', 30, { alignedTo: 'O', title: 'Pipeline' }), 0.5),
  outcome(kpi('c', 20, { title: 'Customer focus' }), 1),
  outcome(kpi('d', 10, { status: 'cancelled' }), 0.1),
  outcome(kpi('e', 10), null),
  outcome(kpi('x', 10, { cycleId: 'h0' }), 0.2),
];
const attributions: Attribution[] = [
  attribution('a', [
    { factor: 'external_environment', share: 0.7 },
    { factor: 'skills', share: 0.3 },
  ]),
  attribution('b', [
    { factor: 'internal_conditions', share: 0.5 },
    { factor: 'motivation', share: 0.5 },
  ]),
];
const prior: PriorDevelopmentItem[] = [
  { id: 'p1:a:dev', personId: 'p1', goalId: 'a', title: 'Mentoring: Revenue', type: 'mentoring' },
  { id: 'p1:c:dev', personId: 'p1', goalId: 'c', title: 'Stretch assignment: Customer focus' },
];

const byId = (r: NextCycleDraft, id: string) => r.drafts.find((d) => d.goal.id === id);

describe('draftNextCycle', () => {
  it('worked example: carries unfinished goals and turns each factor into its response', () => {
    const r = unwrap(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals, attributions, developmentItems: prior }),
    );
    expect(r.drafts.map((d) => d.goal.id)).toEqual(['h2.D', 'h2.a', 'h2.a.skill', 'h2.b']);
    expect(r.skipped).toEqual([
      { goalId: 'O', reason: 'achieved' },
      { goalId: 'c', reason: 'achieved' },
      { goalId: 'd', reason: 'cancelled' },
      { goalId: 'e', reason: 'not_measured' },
      { goalId: 'x', reason: 'other_cycle' },
    ]);

    // p1 carries a (50) and b (30): 50/80 × 100 = 62.5, 30/80 × 100 = 37.5 → floors 62 + 37 = 99;
    // the spare point goes to the tie's lower index (a, first by id) → 63 + 37 = 100.
    const a = byId(r, 'h2.a');
    expect(a?.goal).toMatchObject({
      weight: 63,
      status: 'draft',
      cycleId: 'h2',
      alignedTo: 'h2.D',
      target: 100,
      actual: null,
    });
    expect(a?.carriedFrom).toBe('a');
    expect(a?.reason).toMatchObject({ code: 'unfinished_goal', factor: 'external_environment', share: 0.7 });
    expect(a?.reason.message).toContain('60%');
    // External environment dominates a (0.7): adjust the target fairly, never raise it.
    expect(a?.notes.map((n) => n.code)).toEqual(['adjust_target_fairly']);
    expect(a?.notes[0]?.message).toContain('do not raise it');

    const b = byId(r, 'h2.b');
    expect(b?.goal.weight).toBe(37);
    // b's parent O was achieved, so it is not carried: the alignment is cleared with a note.
    expect(b?.goal.alignedTo).toBeNull();
    expect(b?.notes.map((n) => n.code)).toEqual(['realign']);

    // The department goal keeps its weight; nobody attributed its gap, so it must be diagnosed first.
    const dept = byId(r, 'h2.D');
    expect(dept?.goal.weight).toBe(50);
    expect(dept?.notes.map((n) => n.code)).toEqual(['diagnose_gap']);
    expect(dept?.reason.factor).toBeNull();

    // Skills carry 0.3 ≥ 0.25 of a's gap → a "Build skill" competency draft at weight 0.
    const skill = byId(r, 'h2.a.skill');
    expect(skill?.goal).toMatchObject({
      kind: 'competency',
      title: 'Build skill: Revenue',
      weight: 0,
      ownerId: 'p1',
    });
    expect(skill?.carriedFrom).toBeNull();
    expect(skill?.reason).toMatchObject({ code: 'skills_gap', factor: 'skills', share: 0.3 });
    expect(skill?.notes.map((n) => n.code)).toEqual(['set_weight']);

    // The apply-phase items continue; the one for a is linked to the new development goal, so no
    // second item is made for a.
    expect(r.developmentItems.map((d) => [d.id, d.sourceItemId, d.developmentGoalId, d.title])).toEqual([
      ['h2.p1:a:dev', 'p1:a:dev', 'h2.a.skill', 'Mentoring: Revenue'],
      ['h2.p1:c:dev', 'p1:c:dev', null, 'Stretch assignment: Customer focus'],
    ]);

    // b: internal conditions 0.5 and motivation 0.5 → one action each for the manager.
    expect(r.managerActions.map((m) => [m.id, m.kind, m.subjectId, m.draftGoalId, m.reason.share])).toEqual([
      ['h2.b.incentive', 'incentive_review', 'p1', 'h2.b', 0.5],
      ['h2.b.resources', 'resource_fix', 'p1', 'h2.b', 0.5],
    ]);

    for (const d of r.drafts) expect(GoalSchema.parse(d.goal)).toEqual(d.goal);
  });

  it('creates a development item when the apply phase gave none, and reserves development weight', () => {
    const r = unwrap(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals, attributions }, { developmentWeight: 10 }),
    );
    expect(r.developmentItems.map((d) => [d.id, d.developmentGoalId, d.title])).toEqual([
      ['h2.a.dev', 'h2.a.skill', 'Training and development: Revenue'],
    ]);
    // 90 points for carried goals: 50/80 × 90 = 56.25, 30/80 × 90 = 33.75 → floors 56 + 33 = 89;
    // the spare point goes to the larger remainder (b, 0.75) → 56 + 34 = 90, plus 10 for the skill goal.
    expect([
      byId(r, 'h2.a')?.goal.weight,
      byId(r, 'h2.b')?.goal.weight,
      byId(r, 'h2.a.skill')?.goal.weight,
    ]).toEqual([56, 34, 10]);
    expect(byId(r, 'h2.a.skill')?.notes).toEqual([]);
  });

  it('respects minShare: a 0.3 skills share is below a 0.4 threshold', () => {
    const r = unwrap(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals, attributions }, { minShare: 0.4 }),
    );
    expect(r.drafts.map((d) => d.goal.id)).toEqual(['h2.D', 'h2.a', 'h2.b']);
    expect(r.developmentItems).toEqual([]);
    expect(r.managerActions).toHaveLength(2);
  });

  it('department goals get a team note for skills (no personal development goal); over-long ids are skipped', () => {
    const dept = outcome(kpi('D', 50, { level: 'department', ownerId: null }), 0.5);
    const long = outcome(kpi(`g${'x'.repeat(120)}`, 100), 0.5);
    const r = unwrap(
      draftNextCycle({
        fromCycleId: 'h1',
        toCycleId: 'h2',
        goals: [dept, long],
        attributions: [{ goalId: 'D', factors: [{ factor: 'skills', share: 1 }] }],
      }),
    );
    expect(r.drafts.map((d) => [d.goal.id, d.notes.map((n) => n.code)])).toEqual([['h2.D', ['team_skills']]]);
    expect(r.developmentItems).toEqual([]);
    expect(r.skipped).toEqual([{ goalId: long.goal.id, reason: 'invalid_id' }]);
  });

  it('refuses the same cycle, duplicate goals and invalid options', () => {
    expect(draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h1', goals, attributions })).toMatchObject({
      ok: false,
      error: { code: 'same_cycle' },
    });
    const dup = [...goals, outcome(kpi('a', 5), 0.1)];
    expect(draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals: dup, attributions })).toMatchObject({
      ok: false,
      error: { code: 'duplicate_goal_id', details: { goalId: 'a' } },
    });
    expect(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals, attributions }, { developmentWeight: 60 }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_options' } });
  });

  it('per person, carried-forward drafts total exactly 100 in integers and targets are never raised (property)', () => {
    const goalArb = fc.record({
      person: fc.constantFrom('p1', 'p2', 'p3'),
      weight: fc.integer({ min: 0, max: 10_000 }).map((w) => w / 100),
      achievement: fc.option(fc.double({ min: 0, max: 1.5, noNaN: true }), { nil: null }),
      cancelled: fc.boolean(),
      skills: fc.boolean(),
    });
    fc.assert(
      fc.property(
        fc.array(goalArb, { maxLength: 25 }),
        fc.integer({ min: 0, max: 50 }),
        (rows, developmentWeight) => {
          const input = rows.map((row, i) =>
            outcome(
              kpi(`g${i}`, row.weight, {
                ownerId: row.person,
                status: row.cancelled ? 'cancelled' : 'active',
              }),
              row.achievement,
            ),
          );
          const attrs = rows.flatMap((row, i) =>
            row.skills
              ? [
                  {
                    subjectId: row.person,
                    goalId: `g${i}`,
                    factors: [{ factor: 'skills' as const, share: 1 }],
                  },
                ]
              : [],
          );
          const r = unwrap(
            draftNextCycle(
              { fromCycleId: 'h1', toCycleId: 'h2', goals: input, attributions: attrs },
              { developmentWeight },
            ),
          );
          const totals = new Map<string, number>();
          for (const d of r.drafts) {
            expect(Number.isInteger(d.goal.weight)).toBe(true);
            const owner = d.goal.ownerId as string;
            totals.set(owner, (totals.get(owner) ?? 0) + d.goal.weight);
            if (d.carriedFrom !== null) {
              const source = input.find((o) => o.goal.id === d.carriedFrom);
              expect(source?.achievement).toBeLessThan(1);
              expect(source?.goal.status).not.toBe('cancelled');
              if (d.goal.kind === 'kpi' && source?.goal.kind === 'kpi')
                expect(d.goal.target).toBe(source.goal.target);
            }
          }
          for (const total of totals.values()) expect(total).toBe(100);
          const carriedPeople = new Set(
            r.drafts.filter((d) => d.carriedFrom !== null).map((d) => d.goal.ownerId),
          );
          expect(new Set(totals.keys())).toEqual(carriedPeople);
        },
      ),
    );
  });

  it('is deterministic: input order does not change the output (property)', () => {
    const base = unwrap(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals, attributions, developmentItems: prior }),
    );
    fc.assert(
      fc.property(
        fc.shuffledSubarray(goals, { minLength: goals.length, maxLength: goals.length }),
        (shuffled) => {
          const again = unwrap(
            draftNextCycle({
              fromCycleId: 'h1',
              toCycleId: 'h2',
              goals: shuffled,
              attributions,
              developmentItems: prior,
            }),
          );
          expect(again).toEqual(base);
        },
      ),
    );
  });
});
