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
  {
    id: 'p1:a:dev',
    personId: 'p1',
    goalId: 'a',
    title: 'Mentoring: Revenue',
    type: 'mentoring',
    goalTitle: 'Revenue',
  },
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
      { goalId: 'O', title: 'Goal O', reason: 'achieved' },
      { goalId: 'c', title: 'Customer focus', reason: 'achieved' },
      { goalId: 'd', title: 'Goal d', reason: 'cancelled' },
      { goalId: 'e', title: 'Goal e', reason: 'not_measured' },
      { goalId: 'x', title: 'Goal x', reason: 'other_cycle' },
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
    // The reason says in fields what its English message says (clients render them in their language).
    expect(a?.reason).toMatchObject({
      code: 'unfinished_goal',
      factor: 'external_environment',
      share: 0.7,
      achievement: 0.6,
    });
    expect(a?.reason.message).toContain('60%');
    // External environment dominates a (0.7): adjust the target fairly, never raise it.
    expect(a?.notes.map((n) => n.code)).toEqual(['adjust_target_fairly']);
    expect(a?.notes[0]).toMatchObject({ share: 0.7 });
    expect(a?.notes[0]?.message).toContain('do not raise it');

    const b = byId(r, 'h2.b');
    expect(b?.goal.weight).toBe(37);
    // b's parent O was achieved, so it is not carried: the alignment is cleared with a note.
    expect(b?.goal.alignedTo).toBeNull();
    expect(b?.notes.map((n) => n.code)).toEqual(['realign']);
    expect(b?.notes[0]).toMatchObject({ parentGoalId: 'O', parentTitle: 'Goal O' });

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
    // A continued item keeps the apply-phase item's type and goal title when it had them (to say it in other languages).
    expect(r.developmentItems.map((d) => [d.sourceType, d.goalTitle])).toEqual([
      ['mentoring', 'Revenue'],
      [undefined, undefined],
    ]);
    expect(skill?.goal).toMatchObject({
      expectations: 'Close the skill gap behind "Revenue" (60% of target last cycle).',
    });

    // b: internal conditions 0.5 and motivation 0.5 → one action each for the manager.
    expect(r.managerActions.map((m) => [m.id, m.kind, m.subjectId, m.draftGoalId, m.reason.share])).toEqual([
      ['h2.b.incentive', 'incentive_review', 'p1', 'h2.b', 0.5],
      ['h2.b.resources', 'resource_fix', 'p1', 'h2.b', 0.5],
    ]);

    for (const d of r.drafts) expect(GoalSchema.parse(d.goal)).toEqual(d.goal);
  });

  it('writes a "Build skill" goal in the language asked for (the organisation\'s): it becomes its owner\'s text', () => {
    const zh = unwrap(
      draftNextCycle(
        { fromCycleId: 'h1', toCycleId: 'h2', goals, attributions, developmentItems: prior },
        { language: 'zh-CN' },
      ),
    );
    expect(byId(zh, 'h2.a.skill')?.goal).toMatchObject({
      title: '培养技能：Revenue',
      expectations: '弥补“Revenue”背后的技能差距（上个周期达成目标的 60%）。',
    });
    // Only the goal's own texts: the codes, and the English messages beside them, are the same in every language.
    const en = unwrap(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals, attributions, developmentItems: prior }),
    );
    expect(byId(zh, 'h2.a.skill')?.reason).toEqual(byId(en, 'h2.a.skill')?.reason);
    expect(zh.developmentItems).toEqual(en.developmentItems);
    expect(zh.managerActions).toEqual(en.managerActions);
    expect(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals, attributions }, { language: 'fr' as 'en' }),
    ).toMatchObject({ ok: false, error: { code: 'invalid_options', path: ['language'] } });
  });

  it('names the cycles in its messages when their names are given (people read them), ids otherwise', () => {
    const named = unwrap(
      draftNextCycle({
        fromCycleId: 'h1',
        toCycleId: 'h2',
        goals,
        attributions,
        developmentItems: prior,
        cycleNames: { from: '2026 H1', to: '2026 H2' },
      }),
    );
    const messages = [
      ...named.drafts.flatMap((d) => [d.reason.message, ...d.notes.map((n) => n.message)]),
      ...named.developmentItems.map((i) => i.reason.message),
    ];
    expect(messages.some((m) => m.includes('2026 H1'))).toBe(true);
    for (const m of messages) expect(m).not.toMatch(/\bh[12]\b/);
    const plain = unwrap(draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals, attributions }));
    expect(byId(plain, 'h2.a')?.reason.message).toContain('in h1');
  });

  it('names a parent outside the goals drafted from by goalTitles, and by id when it has no title', () => {
    const child = outcome(kpi('k', 100, { alignedTo: 'DEPT' }), 0.5);
    const titled = unwrap(
      draftNextCycle({
        fromCycleId: 'h1',
        toCycleId: 'h2',
        goals: [child],
        attributions: [],
        goalTitles: { DEPT: 'Regional growth' },
      }),
    );
    const note = byId(titled, 'h2.k')?.notes.find((n) => n.code === 'realign');
    expect(note).toMatchObject({ parentGoalId: 'DEPT', parentTitle: 'Regional growth' });
    expect(note?.message).toContain('"Regional growth"');
    const bare = unwrap(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals: [child], attributions: [] }),
    );
    const untitled = byId(bare, 'h2.k')?.notes.find((n) => n.code === 'realign');
    expect(untitled?.parentGoalId).toBe('DEPT');
    expect(untitled).not.toHaveProperty('parentTitle');
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
    expect(r.drafts[0]?.notes[0]).toMatchObject({ share: 1 });
    expect(r.developmentItems).toEqual([]);
    expect(r.skipped).toEqual([{ goalId: long.goal.id, title: long.goal.title, reason: 'invalid_id' }]);
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

const competency = (id: string, weight: number, extra: Partial<GoalInput> = {}): Goal =>
  GoalSchema.parse({
    id,
    cycleId: 'h1',
    title: `Behaviour ${id}`,
    level: 'person',
    ownerId: 'p1',
    departmentId: 'sales',
    weight,
    alignedTo: null,
    kind: 'competency',
    expectations: 'Shares context early.',
    ...extra,
  });
const scored = (goal: Goal, score: number | null): GoalOutcome => ({ goal, achievement: null, score });
const weightOf = (r: NextCycleDraft, id: string) => byId(r, id)?.goal.weight;

describe('draftNextCycle — competency goals keep the goal mix', () => {
  // p1's plan in h1: KPI a 40 (achievement 0.5), KPI b 30 (achieved), competency c 20 (score 2),
  // competency d 10 (score 3.5): old mix KPI 40 + 30 = 70, competency 20 + 10 = 30. Meets = 3.
  const mixed: GoalOutcome[] = [
    outcome(kpi('a', 40), 0.5),
    outcome(kpi('b', 30), 1),
    scored(competency('c', 20), 2),
    scored(competency('d', 10), 3.5),
  ];

  it('carries competency goals forward and keeps the 70/30 KPI/competency split', () => {
    const r = unwrap(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals: mixed, attributions: [] }, { meets: 3 }),
    );
    // Carried: a (KPI), c and d (competencies, always). 100 points split 70 : 30 as in h1 → KPI 70,
    // competency 30. Within KPI only a → 70. Within competency by old weight 20 : 10 → 30 × 20/30 = 20,
    // 30 × 10/30 = 10. Total 70 + 20 + 10 = 100, and the plan is still 70% KPI.
    expect(r.drafts.map((d) => [d.goal.id, d.goal.kind, d.goal.weight])).toEqual([
      ['h2.a', 'kpi', 70],
      ['h2.c', 'competency', 20],
      ['h2.d', 'competency', 10],
    ]);
    expect(r.skipped).toEqual([{ goalId: 'b', title: 'Goal b', reason: 'achieved' }]);
    const c = byId(r, 'h2.c');
    // c scored 2 < meets 3 → development note; d scored 3.5 ≥ 3 → unchanged, no note.
    expect(c?.notes.map((n) => n.code)).toEqual(['develop_competency']);
    expect(c?.notes[0]?.message).toContain('below meets (3)');
    expect(c?.notes[0]).toMatchObject({ score: 2, meets: 3 });
    expect(c?.reason).toMatchObject({
      code: 'ongoing_competency',
      factor: null,
      share: null,
      score: 2,
      meets: 3,
    });
    expect(c?.carriedFrom).toBe('c');
    expect(c?.goal).toMatchObject({ status: 'draft', cycleId: 'h2', expectations: 'Shares context early.' });
    const d = byId(r, 'h2.d');
    expect(d?.notes).toEqual([]);
    expect(d?.reason.message).toContain('carried forward unchanged');
    expect(d?.reason).toMatchObject({ score: 3.5, meets: 3 });
    for (const draft of r.drafts) expect(GoalSchema.parse(draft.goal)).toEqual(draft.goal);
  });

  it('takes reserved development points off the top and splits the rest 70/30', () => {
    // Skills on a → a "Build skill" goal with the 10 reserved points. Rest 90 → KPI 90 × 70/100 = 63,
    // competency 27; c 27 × 20/30 = 18, d 27 × 10/30 = 9. Total 63 + 18 + 9 + 10 = 100.
    const r = unwrap(
      draftNextCycle(
        {
          fromCycleId: 'h1',
          toCycleId: 'h2',
          goals: mixed,
          attributions: [attribution('a', [{ factor: 'skills', share: 1 }])],
        },
        { meets: 3, developmentWeight: 10 },
      ),
    );
    expect(['h2.a', 'h2.a.skill', 'h2.c', 'h2.d'].map((id) => weightOf(r, id))).toEqual([63, 10, 18, 9]);
  });

  it('splits in exact integers, ties to the smaller goal id', () => {
    // Old mix 50 : 50 (k1 25 + k2 25 KPI; m1 25 + m2 25 competency), 10 reserved → rest 90 → 45 : 45.
    // 45 × 25/50 = 22.5 each → floors 22 + 22, 1 point left on an exact tie → the smaller id (k1, m1).
    const goals = [
      outcome(kpi('k1', 25), 0.5),
      outcome(kpi('k2', 25), 0.5),
      scored(competency('m1', 25), null),
      scored(competency('m2', 25), null),
    ];
    const r = unwrap(
      draftNextCycle(
        {
          fromCycleId: 'h1',
          toCycleId: 'h2',
          goals,
          attributions: [attribution('k2', [{ factor: 'skills', share: 1 }])],
        },
        { developmentWeight: 10 },
      ),
    );
    expect(['h2.k1', 'h2.k2', 'h2.k2.skill', 'h2.m1', 'h2.m2'].map((id) => weightOf(r, id))).toEqual([
      23, 22, 10, 23, 22,
    ]);
    // Unscored competencies carry forward unchanged (no meets needed).
    expect(byId(r, 'h2.m1')?.notes).toEqual([]);
    expect(byId(r, 'h2.m1')?.reason).toMatchObject({ code: 'ongoing_competency', score: null, meets: null });
  });

  it('gives the competencies the plan when no KPI carries forward, with a note to rebalance', () => {
    // a and b both achieved → only c and d carry: they take 100 in proportion 20 : 10 → 66.67 / 33.33 →
    // floors 66 + 33, 1 point to the larger remainder (c: 2000·100 mod 3000 = 2000 > d's 1000) → 67 + 33.
    // The note names the old mix 70% KPI / 30% competency.
    const goals = [outcome(kpi('a', 40), 1), ...mixed.slice(1)];
    const r = unwrap(
      draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals, attributions: [] }, { meets: 3 }),
    );
    expect(r.drafts.map((d) => [d.goal.id, d.goal.weight])).toEqual([
      ['h2.c', 67],
      ['h2.d', 33],
    ]);
    expect(byId(r, 'h2.d')?.notes.map((n) => n.code)).toEqual(['rebalance_mix']);
    expect(byId(r, 'h2.d')?.notes[0]?.message).toContain('(70% KPI / 30% competency)');
    expect(byId(r, 'h2.d')?.notes[0]).toMatchObject({ missing: 'kpi', mix: { kpi: 70, competency: 30 } });
    expect(byId(r, 'h2.c')?.notes.map((n) => n.code)).toEqual(['develop_competency', 'rebalance_mix']);
  });

  it('needs meets when a competency is scored; cancelled and other-cycle competencies are not carried', () => {
    const missing = draftNextCycle({ fromCycleId: 'h1', toCycleId: 'h2', goals: mixed, attributions: [] });
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid_options', path: ['meets'] } });
    const r = unwrap(
      draftNextCycle({
        fromCycleId: 'h1',
        toCycleId: 'h2',
        goals: [
          outcome(kpi('a', 70), 0.5),
          scored(competency('c', 30, { status: 'cancelled' }), 1),
          scored(competency('e', 30, { cycleId: 'h0' }), 1),
        ],
        attributions: [],
      }),
    );
    // Only a carries; the cancelled competency carries no weight in the old mix, so a takes 100 with no note.
    expect(r.drafts.map((d) => [d.goal.id, d.goal.weight, d.notes.map((n) => n.code)])).toEqual([
      ['h2.a', 100, ['diagnose_gap']],
    ]);
    expect(r.skipped).toEqual([
      { goalId: 'c', title: 'Behaviour c', reason: 'cancelled' },
      { goalId: 'e', title: 'Behaviour e', reason: 'other_cycle' },
    ]);
  });

  it('per person: totals exactly 100, every live competency carries, the KPI share stays within a point (property)', () => {
    const rowArb = fc.record({
      person: fc.constantFrom('p1', 'p2', 'p3'),
      kind: fc.constantFrom('kpi' as const, 'competency' as const),
      weight: fc.integer({ min: 0, max: 10_000 }).map((w) => w / 100),
      achievement: fc.option(fc.double({ min: 0, max: 1.5, noNaN: true }), { nil: null }),
      score: fc.option(fc.double({ min: 1, max: 5, noNaN: true }), { nil: null }),
      cancelled: fc.boolean(),
      skills: fc.boolean(),
    });
    fc.assert(
      fc.property(fc.array(rowArb, { maxLength: 25 }), fc.integer({ min: 0, max: 50 }), (rows, devWeight) => {
        const input = rows.map((row, i) => {
          const extra = { ownerId: row.person, status: row.cancelled ? 'cancelled' : 'active' } as const;
          return row.kind === 'kpi'
            ? outcome(kpi(`g${i}`, row.weight, extra), row.achievement)
            : scored(competency(`g${i}`, row.weight, extra), row.score);
        });
        const attrs = rows.flatMap((row, i) =>
          row.skills ? [attribution(`g${i}`, [{ factor: 'skills', share: 1 }])] : [],
        );
        const r = unwrap(
          draftNextCycle(
            { fromCycleId: 'h1', toCycleId: 'h2', goals: input, attributions: attrs },
            { developmentWeight: devWeight, meets: 3 },
          ),
        );
        const live = rows.filter((row) => !row.cancelled);
        for (const person of new Set(r.drafts.map((d) => d.goal.ownerId as string))) {
          const mine = r.drafts.filter((d) => d.goal.ownerId === person);
          const sum = (list: typeof mine) => list.reduce((a, d) => a + d.goal.weight, 0);
          expect(sum(mine)).toBe(100);
          for (const d of mine) expect(Number.isInteger(d.goal.weight)).toBe(true);
          const carriedKpi = mine.filter((d) => d.carriedFrom !== null && d.goal.kind === 'kpi');
          const carriedCompetency = mine.filter(
            (d) => d.carriedFrom !== null && d.goal.kind === 'competency',
          );
          const liveCompetencies = live.filter((row) => row.person === person && row.kind === 'competency');
          expect(carriedCompetency).toHaveLength(liveCompetencies.length);
          const oldKpi = live
            .filter((row) => row.person === person && row.kind === 'kpi')
            .reduce((a, row) => a + Math.round(row.weight * 100), 0);
          const oldCompetency = liveCompetencies.reduce((a, row) => a + Math.round(row.weight * 100), 0);
          if (carriedKpi.length > 0 && carriedCompetency.length > 0 && oldKpi + oldCompetency > 0) {
            const rest = sum(carriedKpi) + sum(carriedCompetency);
            const exactKpi = (rest * oldKpi) / (oldKpi + oldCompetency);
            expect(Math.abs(sum(carriedKpi) - exactKpi)).toBeLessThan(1);
          }
          for (const d of carriedCompetency) {
            const row = rows[Number((d.carriedFrom as string).slice(1))];
            const below = row?.score !== null && row?.score !== undefined && row.score < 3;
            expect(d.notes.some((n) => n.code === 'develop_competency')).toBe(below);
          }
        }
      }),
    );
  });
});
