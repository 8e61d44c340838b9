// Tests for cycleSnapshot: guard lists computed from plain cycle facts, and fed to the state machine.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type CheckIn, CheckInSchema } from './coaching.ts';
import { evaluateTransition } from './cycle.ts';
import { type FeedbackMeeting, FeedbackMeetingSchema } from './feedback.ts';
import { type Goal, GoalSchema } from './goals.ts';
import type { Plan } from './plan.ts';
import { POLICY_PRESETS, type Policy } from './policy.ts';
import { type Review, ReviewSchema } from './scoring.ts';
import { type CycleFacts, CycleFactsSchema, cycleSnapshot } from './snapshot.ts';

const POLICY: Policy = POLICY_PRESETS.incentive; // self weight 10; evidence 40 chars; meeting summary 80 chars
const C = 'c1';
const AT = '2025-03-01T09:00:00Z';

const plan = (personId: string, status: Plan['status'], cycleId = C): Plan => ({
  personId,
  cycleId,
  status,
  employeeAgreedAt: status === 'agreed' ? AT : null,
  managerAgreedAt: status === 'agreed' ? AT : null,
  goalsHash: status === 'agreed' ? 'h' : '',
});

const kpi = (id: string, ownerId: string | null, weight: number, actual: number | null, extra = {}): Goal =>
  GoalSchema.parse({
    id,
    cycleId: C,
    title: `KPI ${id}`,
    level: ownerId === null ? 'department' : 'person',
    ownerId,
    departmentId: 'sales',
    weight,
    alignedTo: null,
    kind: 'kpi',
    direction: 'higher_is_better',
    baseline: 0,
    target: 10,
    actual,
    ...extra,
  });

const competency = (id: string, ownerId: string, weight: number): Goal =>
  GoalSchema.parse({
    id,
    cycleId: C,
    title: `Behaviour ${id}`,
    level: 'person',
    ownerId,
    departmentId: 'sales',
    weight,
    alignedTo: null,
    kind: 'competency',
  });

const checkIn = (id: string, subjectId: string, authorId: string, cycleId = C): CheckIn =>
  CheckInSchema.parse({
    id,
    cycleId,
    subjectId,
    authorId,
    kind: 'guidance_note',
    at: AT,
    notes: 'Talked it through.',
  });

const review = (
  id: string,
  subjectId: string,
  component: Review['component'],
  rating = 3,
  cycleId = C,
): Review =>
  ReviewSchema.parse({
    id,
    cycleId,
    subjectId,
    reviewerId: component === 'self' ? subjectId : 'm1',
    component,
    ratings: [{ goalId: `${subjectId}.k`, rating }],
    submittedAt: AT,
  });

const GOOD_SUMMARY =
  'We went through every goal, the causes of the shortfalls and what support is needed for the next half.';
const meeting = (subjectId: string, passes: boolean): FeedbackMeeting =>
  FeedbackMeetingSchema.parse({
    id: `fm.${subjectId}`,
    cycleId: C,
    subjectId,
    managerId: 'm1',
    heldAt: AT,
    summary: passes ? GOOD_SUMMARY : 'Fine.',
    strengths: passes ? 'Customer rapport.' : '',
    improvements: passes ? 'Forecast accuracy.' : '',
    agreedActions: passes ? ['Monthly forecast review'] : [],
  });

/**
 * A small worked cycle: four participants (ann, bob, cat, dan), plus records about an outsider
 * (zed) and from another cycle (c0) that must be ignored.
 */
const facts = (): CycleFacts => ({
  cycleId: C,
  participants: ['dan', 'bob', 'ann', 'cat', 'bob'],
  // ann, bob agreed; cat proposed; dan has no plan; zed is no participant; bob's c0 plan is another cycle.
  plans: [
    plan('ann', 'agreed'),
    plan('bob', 'agreed'),
    plan('cat', 'proposed'),
    plan('zed', 'draft'),
    plan('bob', 'draft', 'c0'),
  ],
  goals: [
    kpi('ann.k', 'ann', 70, 8),
    competency('ann.c', 'ann', 30),
    kpi('bob.k', 'bob', 60, null), // no actual yet
    competency('bob.c', 'bob', 40),
    kpi('cat.k', 'cat', 50, 5),
    competency('cat.c', 'cat', 40), // 50 + 40 = 90 ≠ 100
    kpi('cat.old', 'cat', 10, null, { status: 'cancelled' }), // cancelled: no weight, no actual needed
    kpi('sales.k', null, 100, null), // a department goal: not part of any plan
    kpi('zed.k', 'zed', 100, null), // not a participant
    // dan: no goals at all → validatePlanWeights says no_goals
  ],
  checkIns: [
    checkIn('ci1', 'ann', 'm1'),
    checkIn('ci2', 'bob', 'bob'), // self-authored: not coaching
    checkIn('ci3', 'cat', 'm1', 'c0'), // another cycle
    checkIn('ci4', 'dan', 'm1'),
  ],
  reviews: [
    review('r1', 'ann', 'self'),
    review('r2', 'ann', 'manager'),
    review('r3', 'bob', 'manager'),
    review('r4', 'cat', 'self'),
    review('r5', 'cat', 'manager', 5), // extreme rating, no evidence (0 < 40 chars)
    review('r6', 'dan', 'manager', 3, 'c0'), // another cycle
  ],
  calibrationFinalised: false,
  feedbackMeetings: [meeting('ann', true), meeting('bob', false), meeting('cat', true)],
  acknowledgements: [
    { personId: 'ann', state: { status: 'acknowledged', at: AT, comment: '' } },
    {
      personId: 'bob',
      state: { status: 'appealed', at: AT, reason: 'The discount goal ignored the price war.' },
    },
    { personId: 'cat', state: { status: 'pending' } },
    // dan: none yet → pending
  ],
  resultsApplied: ['ann', 'bob'],
  improvementDrafts: ['cat'],
  improvementGaps: ['cat', 'dan', 'zed'],
  openTargetAdjustments: ['ann', 'zed'],
});

describe('cycleSnapshot — worked cycle', () => {
  it('computes every guard list from the plain facts', () => {
    expect(CycleFactsSchema.safeParse(facts()).success).toBe(true);
    expect(cycleSnapshot(facts(), POLICY)).toEqual({
      participants: ['ann', 'bob', 'cat', 'dan'],
      plansNotAgreed: ['cat', 'dan'], // cat proposed, dan no plan
      plansWithBadWeights: ['cat', 'dan'], // cat 50 + 40 = 90 (cancelled 10 not counted); dan no goals
      withoutCheckIn: ['bob', 'cat'], // bob only wrote about himself; cat's check-in is from c0
      selfAppraisalsMissing: ['bob', 'dan'],
      managerAppraisalsMissing: ['dan'], // dan's manager review is from c0
      appraisalsMissing: ['bob', 'dan'], // the gate into feedback reads both again (self weighs 10)
      kpiActualsMissing: ['bob.k'], // cat.old cancelled, sales.k a department goal, zed.k an outsider's
      targetAdjustmentsOpen: ['ann'], // zed is not a participant
      extremeRatingsWithoutEvidence: ['cat'], // r5: rating 5 = top of the scale with 0 < 40 chars
      calibrationOpen: true,
      feedbackMeetingsMissing: ['bob', 'dan'], // bob's meeting was a mere formality, dan had none
      acknowledgementsPending: ['cat', 'dan'], // dan has no state yet
      appealsOpen: ['bob'],
      resultsNotApplied: ['cat', 'dan'],
      improvementDraftsMissing: ['dan'], // cat has drafts; zed is not a participant
      allGoalsCancelled: [], // cat still has live goals beside the cancelled one
      inactiveParticipants: [],
    });
  });

  it('names the participants whose every goal is cancelled and those no longer active, and the refusals hint to withdraw them', () => {
    const cancelled = { status: 'cancelled' } as const;
    const base = facts();
    const f = {
      ...base,
      goals: [
        ...base.goals.filter((g) => g.ownerId !== 'dan'),
        kpi('dan.a', 'dan', 60, null, cancelled),
        kpi('dan.b', 'dan', 40, 3, cancelled),
      ],
      inactivePeople: ['bob', 'zed'], // zed is not a participant
    };
    expect(CycleFactsSchema.safeParse(f).success).toBe(true);
    const s = cycleSnapshot(f, POLICY);
    expect(s.allGoalsCancelled).toEqual(['dan']);
    expect(s.inactiveParticipants).toEqual(['bob']);
    expect(s.kpiActualsMissing).toEqual(['bob.k']); // dan.a is cancelled: no actual needed
    const apply = evaluateTransition({ phase: 'apply' }, 'improve', s, POLICY);
    // Appeals are answered only in feedback and apply: leaving apply names the open ones too.
    expect(apply.reasons.map((r) => r.code)).toEqual(['results_not_applied', 'appeals_open']);
    expect(apply.reasons.slice(0, 1)).toEqual([
      {
        code: 'results_not_applied',
        count: 2,
        ids: ['cat', 'dan'],
        message:
          '2 results not applied (1 person has every goal cancelled, so no score and never a result: withdraw them from the cycle (with a reason) instead of overriding)',
        hints: [
          {
            code: 'all_goals_cancelled',
            count: 1,
            ids: ['dan'],
            message:
              '1 person has every goal cancelled, so no score and never a result: withdraw them from the cycle (with a reason) instead of overriding',
          },
        ],
      },
    ]);
    const feedback = evaluateTransition({ phase: 'feedback' }, 'apply', s, POLICY);
    const meetings = feedback.reasons.find((r) => r.code === 'feedback_meetings_missing');
    expect(meetings?.hints?.map((h) => [h.code, h.ids])).toEqual([
      ['all_goals_cancelled', ['dan']],
      ['participant_inactive', ['bob']],
    ]);
    expect(meetings?.message).toContain('1 person is no longer active in the organisation: withdraw them');
    // A reason naming nobody the hints are about has none.
    const appeals = feedback.reasons.find((r) => r.code === 'appeals_open');
    expect(appeals?.hints?.map((h) => h.code)).toEqual(['participant_inactive']);
    const coach = evaluateTransition({ phase: 'coach' }, 'appraise', { withoutCheckIn: ['cat'] }, POLICY);
    expect(coach.reasons[0]).toEqual({
      code: 'coaching_missing',
      count: 1,
      ids: ['cat'],
      message: '1 person has no check-in this cycle',
    });
  });

  it('leaves self-appraisals out when the policy gives them no weight', () => {
    const noSelf: Policy = { ...POLICY, componentWeights: { ...POLICY.componentWeights, self: 0 } };
    expect(cycleSnapshot(facts(), noSelf).selfAppraisalsMissing).toEqual([]);
    expect(cycleSnapshot(facts(), noSelf).managerAppraisalsMissing).toEqual(['dan']);
    // The gate into feedback reads the self-appraisal only when the policy weighs it.
    expect(cycleSnapshot(facts(), noSelf).appraisalsMissing).toEqual(['dan']);
    expect(cycleSnapshot(facts(), POLICY).appraisalsMissing).toEqual(['bob', 'dan']);
  });

  it('counts evidence of 40 characters as enough and a finalised calibration as closed', () => {
    const f = facts();
    f.reviews = f.reviews.map((r) =>
      r.id === 'r5'
        ? { ...r, ratings: [{ goalId: 'cat.k', rating: 5, comment: '', evidence: 'x'.repeat(40) }] }
        : r,
    );
    f.calibrationFinalised = true;
    const s = cycleSnapshot(f, POLICY);
    expect(s.extremeRatingsWithoutEvidence).toEqual([]);
    expect(s.calibrationOpen).toBe(false);
  });

  it('feeds evaluateTransition: plan → coach refused for 2 plans not agreed, then allowed', () => {
    const f = facts();
    const first = evaluateTransition({ phase: 'plan' }, 'coach', cycleSnapshot(f, POLICY), POLICY);
    expect(first.allowed).toBe(false);
    expect(first.reasons.map((r) => r.message)).toEqual([
      '2 plans not agreed',
      '2 plans have goal weights that do not total 100',
    ]);
    // Fix the weights: cat's competency 40 → 50 (50 + 50 = 100); dan gets one KPI of 100.
    f.goals = f.goals.map((g) => (g.id === 'cat.c' ? { ...g, weight: 50 } : g));
    f.goals.push(kpi('dan.k', 'dan', 100, 3));
    const second = evaluateTransition({ phase: 'plan' }, 'coach', cycleSnapshot(f, POLICY), POLICY);
    expect(second.reasons).toEqual([
      { code: 'plans_not_agreed', count: 2, ids: ['cat', 'dan'], message: '2 plans not agreed' },
    ]);
    f.plans = [...f.plans.filter((p) => p.personId !== 'cat'), plan('cat', 'agreed'), plan('dan', 'agreed')];
    const third = evaluateTransition({ phase: 'plan' }, 'coach', cycleSnapshot(f, POLICY), POLICY);
    expect(third).toMatchObject({ allowed: true, reasons: [] });
  });

  it('feeds the feedback guards: meetings, acknowledgements and appeals', () => {
    const e = evaluateTransition({ phase: 'feedback' }, 'apply', cycleSnapshot(facts(), POLICY), POLICY);
    expect(e.reasons.map((r) => [r.code, r.ids])).toEqual([
      ['feedback_meetings_missing', ['bob', 'dan']],
      ['acknowledgements_pending', ['cat', 'dan']],
      ['appeals_open', ['bob']],
    ]);
  });
});

describe('cycleSnapshot — properties', () => {
  const people = ['p0', 'p1', 'p2', 'p3', 'p4'];
  const person = fc.constantFrom(...people);
  const factsArb = fc.record({
    participants: fc.subarray(people),
    plans: fc.array(
      fc.record({
        p: person,
        status: fc.constantFrom('draft' as const, 'proposed' as const, 'agreed' as const),
        other: fc.boolean(),
      }),
      { maxLength: 8 },
    ),
    goals: fc.array(
      fc.record({
        p: person,
        weight: fc.constantFrom(0, 25, 50, 75, 100),
        kind: fc.constantFrom('kpi', 'competency'),
        actual: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
        cancelled: fc.boolean(),
      }),
      { maxLength: 12 },
    ),
    checkIns: fc.array(fc.record({ p: person, byManager: fc.boolean() }), { maxLength: 8 }),
    reviews: fc.array(
      fc.record({
        p: person,
        component: fc.constantFrom('self' as const, 'manager' as const, 'peer' as const),
        rating: fc.integer({ min: 1, max: 5 }),
      }),
      { maxLength: 10 },
    ),
    meetings: fc.array(fc.record({ p: person, passes: fc.boolean() }), { maxLength: 6 }),
    acks: fc.array(
      fc.record({
        p: person,
        status: fc.constantFrom('pending' as const, 'appealed' as const, 'acknowledged' as const),
      }),
      { maxLength: 6 },
    ),
    applied: fc.subarray(people),
    drafts: fc.subarray(people),
    gaps: fc.subarray(people),
    finalised: fc.boolean(),
  });

  it('matches a per-person oracle, every list sorted and limited to participants (property)', () => {
    fc.assert(
      fc.property(factsArb, (r) => {
        const f: CycleFacts = {
          cycleId: C,
          participants: r.participants,
          plans: r.plans.map((x) => plan(x.p, x.status, x.other ? 'c0' : C)),
          goals: r.goals.map((g, i) =>
            g.kind === 'kpi'
              ? kpi(`g${i}`, g.p, g.weight, g.actual, g.cancelled ? { status: 'cancelled' } : {})
              : { ...competency(`g${i}`, g.p, g.weight), status: g.cancelled ? 'cancelled' : 'active' },
          ),
          checkIns: r.checkIns.map((c, i) => checkIn(`ci${i}`, c.p, c.byManager ? 'm1' : c.p)),
          reviews: r.reviews.map((x, i) => review(`r${i}`, x.p, x.component, x.rating)),
          calibrationFinalised: r.finalised,
          feedbackMeetings: r.meetings.map((m, i) => ({ ...meeting(m.p, m.passes), id: `fm${i}` })),
          acknowledgements: r.acks.map((a) =>
            a.status === 'pending'
              ? { personId: a.p, state: { status: 'pending' as const } }
              : a.status === 'appealed'
                ? { personId: a.p, state: { status: 'appealed' as const, at: AT, reason: 'x'.repeat(20) } }
                : { personId: a.p, state: { status: 'acknowledged' as const, at: AT, comment: '' } },
          ),
          resultsApplied: r.applied,
          improvementDrafts: r.drafts,
          improvementGaps: r.gaps,
        };
        const s = cycleSnapshot(f, POLICY);
        const parts = [...r.participants].sort();
        const where = (test: (id: string) => boolean) => parts.filter(test);
        const lastAck = (id: string) =>
          f.acknowledgements.filter((a) => a.personId === id).at(-1)?.state.status;
        const plansOf = (id: string) => f.plans.filter((p) => p.personId === id && p.cycleId === C);
        const goalsOf = (id: string) => f.goals.filter((g) => g.ownerId === id && g.status !== 'cancelled');
        expect(s.participants).toEqual(parts);
        expect(s.plansNotAgreed).toEqual(
          where((id) => plansOf(id).length === 0 || plansOf(id).some((p) => p.status !== 'agreed')),
        );
        expect(s.plansWithBadWeights).toEqual(
          where((id) => goalsOf(id).length === 0 || goalsOf(id).reduce((a, g) => a + g.weight, 0) !== 100),
        );
        expect(s.withoutCheckIn).toEqual(
          where((id) => !f.checkIns.some((c) => c.subjectId === id && c.authorId !== id)),
        );
        expect(s.selfAppraisalsMissing).toEqual(
          where((id) => !f.reviews.some((x) => x.subjectId === id && x.component === 'self')),
        );
        expect(s.managerAppraisalsMissing).toEqual(
          where((id) => !f.reviews.some((x) => x.subjectId === id && x.component === 'manager')),
        );
        expect(s.appraisalsMissing).toEqual(
          where((id) => s.selfAppraisalsMissing.includes(id) || s.managerAppraisalsMissing.includes(id)),
        );
        expect(s.kpiActualsMissing).toEqual(
          parts
            .flatMap((id) => goalsOf(id))
            .filter((g) => g.kind === 'kpi' && g.actual === null)
            .map((g) => g.id)
            .sort(),
        );
        // No rating has evidence, so every rating of 1 or 5 in a review that counts is unevidenced. Each
        // (subject, component) has one reviewer and one submission time here, so the review that counts
        // is the one with the larger id: the last generated (ids r0…r9).
        const counting = new Map(f.reviews.map((x) => [`${x.subjectId}|${x.component}`, x]));
        expect(s.extremeRatingsWithoutEvidence).toEqual(
          where((id) =>
            [...counting.values()].some(
              (x) => x.subjectId === id && x.ratings.some((g) => g.rating === 1 || g.rating === 5),
            ),
          ),
        );
        expect(s.calibrationOpen).toBe(!r.finalised);
        expect(s.feedbackMeetingsMissing).toEqual(
          where((id) => !r.meetings.some((m) => m.p === id && m.passes)),
        );
        expect(s.acknowledgementsPending).toEqual(where((id) => (lastAck(id) ?? 'pending') === 'pending'));
        expect(s.appealsOpen).toEqual(where((id) => lastAck(id) === 'appealed'));
        expect(s.resultsNotApplied).toEqual(where((id) => !r.applied.includes(id)));
        expect(s.improvementDraftsMissing).toEqual(
          where((id) => r.gaps.includes(id) && !r.drafts.includes(id)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('handles a 100,000-person cycle in one linear pass', () => {
    // 100,000 people × (2 goals, 1 check-in, 2 reviews, 1 meeting, 1 acknowledgement). Every 10th
    // person's plan is still proposed → 10,000 plans not agreed; every 7th KPI has no actual.
    const n = 100_000;
    const ids = Array.from({ length: n }, (_, i) => `p${String(i).padStart(6, '0')}`);
    const k = kpi('k', 'p', 70, 1);
    const c = competency('c', 'p', 30);
    const ci = checkIn('ci', 'p', 'm1');
    const rv = review('r', 'p', 'manager');
    const m = meeting('p', true);
    const big: CycleFacts = {
      cycleId: C,
      participants: ids,
      plans: ids.map((id, i) => plan(id, i % 10 === 0 ? 'proposed' : 'agreed')),
      goals: ids.flatMap((id, i) => [
        { ...k, id: `${id}.k`, ownerId: id, ...(i % 7 === 0 ? { actual: null } : {}) } as Goal,
        { ...c, id: `${id}.c`, ownerId: id },
      ]),
      checkIns: ids.map((id) => ({ ...ci, id: `ci.${id}`, subjectId: id })),
      reviews: ids.flatMap((id) => [
        { ...rv, id: `rm.${id}`, subjectId: id },
        { ...rv, id: `rs.${id}`, subjectId: id, reviewerId: id, component: 'self' as const },
      ]),
      calibrationFinalised: true,
      feedbackMeetings: ids.map((id) => ({ ...m, id: `fm.${id}`, subjectId: id })),
      acknowledgements: ids.map((id) => ({
        personId: id,
        state: { status: 'acknowledged' as const, at: AT, comment: '' },
      })),
      resultsApplied: ids,
      improvementDrafts: [],
      improvementGaps: [],
    };
    const s = cycleSnapshot(big, POLICY);
    // ⌈100,000 / 10⌉ = 10,000 proposed plans; ⌈100,000 / 7⌉ = 14,286 KPIs without an actual.
    expect(s.plansNotAgreed).toHaveLength(10_000);
    expect(s.kpiActualsMissing).toHaveLength(14_286);
    expect(s.plansWithBadWeights).toEqual([]);
    expect(s.withoutCheckIn).toEqual([]);
    expect(s.feedbackMeetingsMissing).toEqual([]);
    expect(evaluateTransition({ phase: 'plan' }, 'coach', s, POLICY).reasons[0]?.message).toBe(
      '10000 plans not agreed',
    );
  });
});
