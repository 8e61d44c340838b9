// Tests for the cycle state machine: phases, guards, transitions, overrides and the audit invariant.
import fc from 'fast-check';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  type Cycle,
  CycleSchema,
  type CycleSnapshotInput,
  CycleSnapshotSchema,
  evaluateTransition,
  failedGuards,
  GUARD_NAMED_MAX,
  type GuardPolicy,
  type GuardReason,
  guardReason,
  namedList,
  nameGuardReasons,
  nameTransitionRefusal,
  nextPhase,
  PHASES,
  type Phase,
  phaseIndex,
  type TransitionRefusal,
  transitionCycle,
} from './cycle.ts';
import { POLICY_PRESETS } from './policy.ts';
import { unwrap } from './result.ts';

const POLICY: GuardPolicy = POLICY_PRESETS.incentive; // self weight 10, meeting + acknowledgement required
const AT = '2025-03-01T09:00:00Z';
const HR = 'hr-1';

const newCycle = (phase: Phase = 'plan'): Cycle => {
  let c = CycleSchema.parse({
    id: 'c-2025h1',
    name: 'H1 2025',
    policyName: POLICY_PRESETS.incentive.name,
    startsOn: '2025-01-01',
    endsOn: '2025-06-30',
  });
  // Walk forward on an empty snapshot (every guard passes) until `phase`.
  while (c.phase !== phase)
    c = unwrap(transitionCycle(c, nextPhase(c.phase) as Phase, {}, POLICY, { actorId: HR, at: AT }));
  return c;
};

describe('phases', () => {
  it('run plan → … → closed', () => {
    expect(PHASES).toEqual([
      'plan',
      'coach',
      'appraise',
      'calibrate',
      'feedback',
      'apply',
      'improve',
      'closed',
    ]);
    expect(nextPhase('plan')).toBe('coach');
    expect(nextPhase('improve')).toBe('closed');
    expect(nextPhase('closed')).toBeNull();
    expect(phaseIndex('calibrate')).toBe(3);
  });
});

describe('CycleSchema', () => {
  const base = { id: 'c1', name: 'H1', policyName: 'p', startsOn: '2025-01-01', endsOn: '2025-06-30' };

  it('starts in plan with an empty history', () => {
    expect(CycleSchema.parse(base)).toMatchObject({ phase: 'plan', history: [] });
  });

  it('needs endsOn after startsOn', () => {
    expect(CycleSchema.safeParse({ ...base, endsOn: '2025-01-01' }).success).toBe(false);
    expect(CycleSchema.safeParse({ ...base, endsOn: '2024-12-31' }).success).toBe(false);
  });

  it('needs the phase and history to agree', () => {
    expect(CycleSchema.safeParse({ ...base, phase: 'coach' }).success).toBe(false);
    const record = { from: 'plan', to: 'coach', at: AT, actorId: HR, override: null, skipped: [] };
    expect(CycleSchema.safeParse({ ...base, phase: 'coach', history: [record] }).success).toBe(true);
    const backwards = { ...record, from: 'coach', to: 'plan' };
    expect(CycleSchema.safeParse({ ...base, phase: 'plan', history: [record, backwards] }).success).toBe(
      false,
    );
  });

  it('round-trips a cycle built by transitions', () => {
    const c = newCycle('feedback');
    expect(CycleSchema.parse(c)).toEqual(c);
  });
});

describe('guards', () => {
  it('count distinct ids, sort them and use singular or plural', () => {
    // plansNotAgreed has 8 entries, p1 twice: 7 distinct people → "7 plans not agreed".
    const snapshot = {
      plansNotAgreed: ['p7', 'p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p1'],
      plansWithBadWeights: ['p9'],
    };
    expect(failedGuards('plan', snapshot, POLICY)).toEqual([
      {
        code: 'plans_not_agreed',
        count: 7,
        ids: ['p1', 'p2', 'p3', 'p4', 'p5', 'p6', 'p7'],
        message: '7 plans not agreed',
      },
      {
        code: 'plan_weights_invalid',
        count: 1,
        ids: ['p9'],
        message: '1 plan has goal weights that do not total 100',
      },
    ]);
    const messages = (phase: Phase, s: CycleSnapshotInput) =>
      failedGuards(phase, s, POLICY).map((r) => r.message);
    expect(messages('coach', { withoutCheckIn: ['a', 'b', 'c'] })).toEqual([
      '3 people have no check-in this cycle',
    ]);
    expect(messages('coach', { withoutCheckIn: ['a'] })).toEqual(['1 person has no check-in this cycle']);
    expect(
      messages('appraise', { managerAppraisalsMissing: ['a', 'b', 'c'], kpiActualsMissing: ['g1'] }),
    ).toEqual(['3 manager appraisals missing', '1 KPI actual missing']);
    expect(messages('appraise', { selfAppraisalsMissing: ['a'], managerAppraisalsMissing: ['a'] })).toEqual([
      '1 self-appraisal missing',
      '1 manager appraisal missing',
    ]);
    expect(
      messages('calibrate', { calibrationOpen: true, extremeRatingsWithoutEvidence: ['a', 'b'] }),
    ).toEqual([
      'calibration is not finished: a calibration session is still to be started or finalised',
      '2 extreme ratings have no written evidence',
    ]);
    expect(
      messages('feedback', {
        feedbackMeetingsMissing: ['a'],
        acknowledgementsPending: ['a', 'b'],
        appealsOpen: ['c'],
      }),
    ).toEqual(['1 feedback meeting not held', '2 acknowledgements pending', '1 appeal still open']);
    expect(messages('apply', { resultsNotApplied: ['a', 'b'] })).toEqual(['2 results not applied']);
    expect(messages('improve', { improvementDraftsMissing: ['a'] })).toEqual(['1 improvement draft missing']);
    expect(messages('appraise', { targetAdjustmentsOpen: ['a', 'b'] })).toEqual([
      '2 people have a target adjustment still to decide',
    ]);
    expect(messages('closed', { plansNotAgreed: ['a'] })).toEqual([]);
  });

  it('calibration_open: one message, true whether no calibration session exists yet or one is not finalised', () => {
    // The snapshot's flag is set in both cases (no session: nothing is finalised), so the words may not claim that a
    // session exists ("the calibration session is not finalised" was false before the first session was started).
    const [reason] = failedGuards('calibrate', { calibrationOpen: true }, POLICY);
    expect(reason).toEqual({
      code: 'calibration_open',
      count: 1,
      ids: [],
      message: 'calibration is not finished: a calibration session is still to be started or finalised',
    });
    expect(reason?.message).not.toMatch(/^the calibration session/);
    expect(failedGuards('calibrate', { calibrationOpen: false }, POLICY)).toEqual([]);
  });

  it('appraisals_missing: the gate into feedback holds people whose self or manager appraisal is missing', () => {
    const reasons = failedGuards('calibrate', { appraisalsMissing: ['b', 'a'] }, POLICY);
    expect(reasons).toEqual([
      {
        code: 'appraisals_missing',
        count: 2,
        ids: ['a', 'b'],
        message:
          '2 people have a self or manager appraisal still missing: their result would be discussed in feedback without it',
      },
    ]);
    const move = evaluateTransition({ phase: 'calibrate' }, 'feedback', { appraisalsMissing: ['a'] }, POLICY);
    expect([move.allowed, move.reasons.map((r) => r.code)]).toEqual([false, ['appraisals_missing']]);
    // The appraise gate's own lists do not hold the move out of calibrate: only this guard does.
    expect(failedGuards('calibrate', { managerAppraisalsMissing: ['a'] }, POLICY)).toEqual([]);
  });

  it('name the people a reason is about, at most GUARD_NAMED_MAX, for a reader (never goals, never the cycle)', () => {
    const names: Record<string, string> = { a: 'Ann Lee', b: 'Bob Ma', c: 'Cy Wu' };
    const nameOf = (id: string) => names[id] ?? id;
    expect(namedList(['a'], nameOf)).toBe('Ann Lee');
    expect(namedList(['a', 'b', 'c'], nameOf)).toBe('Ann Lee, Bob Ma and Cy Wu');
    const many = Array.from({ length: GUARD_NAMED_MAX + 3 }, (_, i) => `p${i}`);
    expect(namedList(many, nameOf)).toBe('p0, p1, p2, p3, p4 and 3 more');
    const reason = guardReason('appraisals_missing', ['a', 'b'], [], nameOf);
    expect(reason.message).toBe(
      '2 people have a self or manager appraisal still missing: their result would be discussed in feedback without it: Ann Lee and Bob Ma',
    );
    const refused = transitionCycle(
      newCycle('calibrate'),
      'feedback',
      { appraisalsMissing: many, kpiActualsMissing: ['g1'], calibrationOpen: true },
      POLICY,
      { actorId: HR, at: AT },
    );
    expect(refused.ok).toBe(false);
    if (refused.ok) return;
    const named = nameTransitionRefusal(refused.error, nameOf);
    expect(named.reasons.map((r) => [r.code, r.count, r.ids.length])).toEqual([
      ['calibration_open', 1, 0],
      ['appraisals_missing', 8, 8],
    ]);
    expect(named.message).toContain('without it: p0, p1, p2, p3, p4 and 3 more.');
    expect(named.details.reasons).toEqual(named.reasons);
    // Goal ids are not people: a kpi reason keeps its words.
    const kpi = failedGuards('appraise', { kpiActualsMissing: ['g1'] }, POLICY);
    expect(nameGuardReasons(kpi, nameOf)).toEqual(kpi);
    // The stored override keeps the unnamed words (names are for one reader's answer, never stored).
    const pushed = transitionCycle(newCycle('calibrate'), 'feedback', { appraisalsMissing: ['a'] }, POLICY, {
      actorId: HR,
      at: AT,
      override: { reason: 'Approved by the HR director' },
    });
    expect(pushed.ok && pushed.value.history.at(-1)?.override?.refusals[0]?.message).not.toContain('Ann');
  });

  it('only check the facts of the phase being left', () => {
    // Everything missing except coaching: leaving coach passes.
    const snapshot = { plansNotAgreed: ['a'], selfAppraisalsMissing: ['a'], calibrationOpen: true };
    expect(failedGuards('coach', snapshot, POLICY)).toEqual([]);
  });

  it('follow the policy switches', () => {
    const noSelf: GuardPolicy = {
      ...POLICY,
      componentWeights: { self: 0, manager: 80, peer: 20, upward: 0 },
    };
    expect(failedGuards('appraise', { selfAppraisalsMissing: ['a'] }, POLICY).map((r) => r.code)).toEqual([
      'self_appraisals_missing',
    ]);
    expect(failedGuards('appraise', { selfAppraisalsMissing: ['a'] }, noSelf)).toEqual([]);
    const lax: GuardPolicy = {
      ...POLICY,
      feedback: { ...POLICY.feedback, meetingRequired: false, acknowledgementRequired: false },
    };
    const s = { feedbackMeetingsMissing: ['a'], acknowledgementsPending: ['b'], appealsOpen: ['c'] };
    expect(failedGuards('feedback', s, POLICY).map((r) => r.code)).toEqual([
      'feedback_meetings_missing',
      'acknowledgements_pending',
      'appeals_open',
    ]);
    // Open appeals hold feedback back whatever the policy says.
    expect(failedGuards('feedback', s, lax).map((r) => r.code)).toEqual(['appeals_open']);
  });

  it('accept a parsed snapshot with every default filled in', () => {
    const parsed = CycleSnapshotSchema.parse({ withoutCheckIn: ['x'] });
    expect(parsed.calibrationOpen).toBe(false);
    expect(parsed.plansNotAgreed).toEqual([]);
    expect(failedGuards('coach', parsed, POLICY).map((r) => r.count)).toEqual([1]);
    expect(CycleSnapshotSchema.safeParse({ whoKnows: [] }).success).toBe(false);
  });
});

describe('evaluateTransition', () => {
  it('allows one step forward when the guards pass', () => {
    expect(evaluateTransition(newCycle('plan'), 'coach', {}, POLICY)).toEqual({
      allowed: true,
      overridable: true,
      reasons: [],
      skipped: [],
    });
  });

  it('holds back a step with failed guards', () => {
    const e = evaluateTransition(
      newCycle('appraise'),
      'calibrate',
      { managerAppraisalsMissing: ['m1', 'm2', 'm3'] },
      POLICY,
    );
    expect(e.allowed).toBe(false);
    expect(e.overridable).toBe(true);
    expect(e.reasons.map((r) => r.message)).toEqual(['3 manager appraisals missing']);
  });

  it('never allows a skip outright, and checks the guards of every phase it leaves', () => {
    // plan → appraise leaves plan and coach (skipped).
    const clean = evaluateTransition(newCycle('plan'), 'appraise', {}, POLICY);
    expect(clean.allowed).toBe(false);
    expect(clean.skipped).toEqual(['coach']);
    expect(clean.reasons).toEqual([
      { code: 'phases_skipped', count: 1, ids: [], message: 'the move skips coach' },
    ]);
    const dirty = evaluateTransition(
      newCycle('plan'),
      'calibrate',
      { plansNotAgreed: ['a'], withoutCheckIn: ['b'] },
      POLICY,
    );
    expect(dirty.skipped).toEqual(['coach', 'appraise']);
    expect(dirty.reasons.map((r) => r.code)).toEqual([
      'plans_not_agreed',
      'coaching_missing',
      'phases_skipped',
    ]);
  });

  it('refuses backwards, same-phase and out-of-closed moves as invalid', () => {
    for (const [from, to] of [
      ['calibrate', 'plan'],
      ['coach', 'coach'],
      ['closed', 'plan'],
      ['closed', 'closed'],
    ] as [Phase, Phase][]) {
      const e = evaluateTransition(newCycle(from), to, {}, POLICY);
      expect(e.allowed).toBe(false);
      expect(e.overridable).toBe(false);
      expect(e.reasons.map((r) => r.code)).toEqual(['invalid_transition']);
    }
  });
});

describe('transitionCycle', () => {
  it('records an ordinary move without touching the input cycle', () => {
    const before = newCycle('plan');
    const after = unwrap(
      transitionCycle(before, 'coach', {}, POLICY, { actorId: 'hr-2', at: '2025-02-01T08:00:00Z' }),
    );
    expect(after.phase).toBe('coach');
    expect(after.history).toEqual([
      { from: 'plan', to: 'coach', at: '2025-02-01T08:00:00Z', actorId: 'hr-2', override: null, skipped: [] },
    ]);
    expect(before.phase).toBe('plan');
    expect(before.history).toEqual([]);
  });

  it('refuses a held-back move with the typed reasons', () => {
    const result = transitionCycle(newCycle('plan'), 'coach', { plansNotAgreed: ['a', 'b'] }, POLICY, {
      actorId: HR,
      at: AT,
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('transition_refused');
    expect(result.error.message).toBe(
      'Cannot move from plan to coach: 2 plans not agreed. An override with a reason is needed.',
    );
    expect(result.error.details).toEqual({
      from: 'plan',
      to: 'coach',
      skipped: [],
      reasons: [{ code: 'plans_not_agreed', count: 2, ids: ['a', 'b'], message: '2 plans not agreed' }],
    });
  });

  it('types the refusal: reasons and skipped need no cast', () => {
    // plan → appraise skips coach; 1 plan not agreed fails the plan guard; then phases_skipped.
    const result = transitionCycle(newCycle('plan'), 'appraise', { plansNotAgreed: ['a'] }, POLICY, {
      actorId: HR,
      at: AT,
    });
    if (result.ok) throw new Error('expected a refusal');
    const refusal: TransitionRefusal = result.error;
    // Typed fields: this assignment only compiles because `reasons` is GuardReason[], not unknown.
    const reasons: GuardReason[] = refusal.reasons;
    const skipped: Phase[] = refusal.skipped;
    expectTypeOf(refusal.reasons).toEqualTypeOf<GuardReason[]>();
    expectTypeOf(refusal.skipped).toEqualTypeOf<Phase[]>();
    expect(refusal.code).toBe('transition_refused');
    expect(reasons.map((r) => [r.code, r.count])).toEqual([
      ['plans_not_agreed', 1],
      ['phases_skipped', 1],
    ]);
    expect(skipped).toEqual(['coach']);
    expect([refusal.from, refusal.to]).toEqual(['plan', 'appraise']);
    expect(refusal.details).toEqual({ from: 'plan', to: 'appraise', reasons, skipped });
    // Invalid moves carry their one reason the same way; override problems keep the minimum length.
    const back = transitionCycle(newCycle('coach'), 'plan', {}, POLICY, { actorId: HR, at: AT });
    expect(
      back.ok ? null : [back.error.code, back.error.reasons.map((r) => r.code), back.error.skipped],
    ).toEqual(['invalid_transition', ['invalid_transition'], []]);
    const short = transitionCycle(newCycle('plan'), 'coach', { plansNotAgreed: ['a'] }, POLICY, {
      actorId: HR,
      at: AT,
      override: { reason: 'short' },
    });
    expect(
      short.ok ? null : [short.error.code, short.error.reasons.length, short.error.details.minChars],
    ).toEqual(['override_reason_required', 1, 10]);
  });

  it('needs a real reason for an override', () => {
    const cycle = newCycle('plan');
    const snapshot = { plansNotAgreed: ['a'] };
    // "  too short " trims to 9 characters, one short of 10.
    for (const override of [{ reason: '  too short ' }, { reason: '' }]) {
      const result = transitionCycle(cycle, 'coach', snapshot, POLICY, { actorId: HR, at: AT, override });
      expect(result.ok ? 'ok' : result.error.code).toBe('override_reason_required');
    }
    const noActor = transitionCycle(cycle, 'coach', snapshot, POLICY, {
      actorId: ' ',
      at: AT,
      override: { reason: 'CEO approved the late plans' },
    });
    expect(noActor.ok ? 'ok' : noActor.error.code).toBe('override_reason_required');
  });

  it('records an override: actor, reason, refusals and skipped phases', () => {
    const snapshot = { plansNotAgreed: ['a'], withoutCheckIn: ['b', 'c'] };
    const after = unwrap(
      transitionCycle(newCycle('plan'), 'appraise', snapshot, POLICY, {
        actorId: 'ceo',
        at: AT,
        override: { reason: '  Short quarter: coaching is tracked in the next cycle ' },
      }),
    );
    expect(after.phase).toBe('appraise');
    expect(after.history.at(-1)).toEqual({
      from: 'plan',
      to: 'appraise',
      at: AT,
      actorId: 'ceo',
      skipped: ['coach'],
      override: {
        reason: 'Short quarter: coaching is tracked in the next cycle',
        refusals: [
          { code: 'plans_not_agreed', count: 1, ids: ['a'], message: '1 plan not agreed' },
          {
            code: 'coaching_missing',
            count: 2,
            ids: ['b', 'c'],
            message: '2 people have no check-in this cycle',
          },
          { code: 'phases_skipped', count: 1, ids: [], message: 'the move skips coach' },
        ],
      },
    });
  });

  it('ignores an override nothing needed', () => {
    const after = unwrap(
      transitionCycle(newCycle('plan'), 'coach', {}, POLICY, {
        actorId: HR,
        at: AT,
        override: { reason: 'x' },
      }),
    );
    expect(after.history.at(-1)?.override).toBeNull();
  });

  it('cannot override an invalid move', () => {
    const override = { reason: 'We really need to go back to planning' };
    const back = transitionCycle(newCycle('calibrate'), 'plan', {}, POLICY, {
      actorId: HR,
      at: AT,
      override,
    });
    expect(back.ok ? 'ok' : back.error.code).toBe('invalid_transition');
    const reopen = transitionCycle(newCycle('closed'), 'improve', {}, POLICY, {
      actorId: HR,
      at: AT,
      override,
    });
    expect(reopen.ok ? 'ok' : reopen.error.code).toBe('invalid_transition');
  });

  it('runs a whole loop with one record per phase change', () => {
    const closed = newCycle('closed');
    expect(closed.history.map((r) => `${r.from}>${r.to}`)).toEqual([
      'plan>coach',
      'coach>appraise',
      'appraise>calibrate',
      'calibrate>feedback',
      'feedback>apply',
      'apply>improve',
      'improve>closed',
    ]);
  });
});

/** Test oracle, written independently of GUARDS: does any guard of `leaving` fail? */
function oracleFails(leaving: Phase, s: CycleSnapshotInput, p: GuardPolicy): boolean {
  const any = (list: readonly string[] | undefined) => (list ?? []).length > 0;
  switch (leaving) {
    case 'plan':
      return any(s.plansNotAgreed) || any(s.plansWithBadWeights);
    case 'coach':
      return any(s.withoutCheckIn);
    case 'appraise':
      return (
        (p.componentWeights.self > 0 && any(s.selfAppraisalsMissing)) ||
        any(s.managerAppraisalsMissing) ||
        any(s.kpiActualsMissing) ||
        any(s.targetAdjustmentsOpen)
      );
    case 'calibrate':
      return s.calibrationOpen === true || any(s.extremeRatingsWithoutEvidence) || any(s.appraisalsMissing);
    case 'feedback':
      return (
        (p.feedback.meetingRequired && any(s.feedbackMeetingsMissing)) ||
        (p.feedback.acknowledgementRequired && any(s.acknowledgementsPending)) ||
        any(s.appealsOpen)
      );
    case 'apply':
      return any(s.resultsNotApplied) || any(s.appealsOpen);
    case 'improve':
      return any(s.improvementDraftsMissing);
    case 'closed':
      return false;
  }
}

describe('transition audit invariant (property)', () => {
  // Mostly-empty lists so that plenty of moves pass without an override.
  const list = fc.oneof(
    { weight: 4, arbitrary: fc.constant([] as string[]) },
    { weight: 1, arbitrary: fc.subarray(['a', 'b', 'c'], { minLength: 1 }) },
  );
  const snapshotArb = fc.record(
    {
      plansNotAgreed: list,
      plansWithBadWeights: list,
      withoutCheckIn: list,
      selfAppraisalsMissing: list,
      managerAppraisalsMissing: list,
      kpiActualsMissing: list,
      targetAdjustmentsOpen: list,
      extremeRatingsWithoutEvidence: list,
      appraisalsMissing: list,
      calibrationOpen: fc.boolean(),
      feedbackMeetingsMissing: list,
      acknowledgementsPending: list,
      appealsOpen: list,
      resultsNotApplied: list,
      improvementDraftsMissing: list,
    },
    { requiredKeys: [] },
  );
  const policyArb = fc.record({ self: fc.constantFrom(0, 10), meeting: fc.boolean(), ack: fc.boolean() }).map(
    ({ self, meeting, ack }): GuardPolicy => ({
      componentWeights: { ...POLICY.componentWeights, self },
      feedback: { ...POLICY.feedback, meetingRequired: meeting, acknowledgementRequired: ack },
    }),
  );
  const attemptArb = fc.record({
    to: fc.constantFrom(...PHASES),
    snapshot: snapshotArb,
    override: fc.constantFrom(undefined, { reason: 'short' }, { reason: 'Approved by the HR director' }),
  });

  it('history never holds a skip or a failed guard without an override; phases only move forward', () => {
    fc.assert(
      fc.property(policyArb, fc.array(attemptArb, { maxLength: 25 }), (policy, attempts) => {
        let cycle = newCycle('plan');
        const used: CycleSnapshotInput[] = [];
        for (const { to, snapshot, override } of attempts) {
          const before = cycle;
          const result = transitionCycle(cycle, to, snapshot, policy, { actorId: HR, at: AT, override });
          const a = phaseIndex(before.phase);
          const b = phaseIndex(to);
          const invalid = before.phase === 'closed' || b <= a;
          const blocked =
            b - a > 1 ||
            PHASES.slice(a, Math.max(a, b)).some((leaving) => oracleFails(leaving, snapshot, policy));
          const expected = invalid
            ? 'invalid_transition'
            : !blocked
              ? 'ok'
              : override === undefined
                ? 'transition_refused'
                : override.reason.length < 10
                  ? 'override_reason_required'
                  : 'ok';
          expect(result.ok ? 'ok' : result.error.code).toBe(expected);
          if (result.ok) {
            cycle = result.value;
            used.push(snapshot);
          }
          // The input cycle is never mutated.
          expect(before.history.length).toBe(used.length - (result.ok ? 1 : 0));
        }
        expect(cycle.history).toHaveLength(used.length);
        let phase: Phase = 'plan';
        cycle.history.forEach((r, i) => {
          const a = phaseIndex(r.from);
          const b = phaseIndex(r.to);
          expect(r.from).toBe(phase);
          expect(b).toBeGreaterThan(a);
          expect(r.skipped).toEqual(PHASES.slice(a + 1, b));
          const failed = PHASES.slice(a, b).some((leaving) => oracleFails(leaving, used[i] ?? {}, policy));
          if (r.skipped.length > 0 || failed) {
            expect(r.override).not.toBeNull();
            expect(r.override?.reason.length).toBeGreaterThanOrEqual(10);
            expect(r.override?.refusals.length).toBeGreaterThan(0);
          } else {
            expect(r.override).toBeNull();
          }
          phase = r.to;
        });
        expect(cycle.phase).toBe(phase);
        // Whatever happened, the stored cycle still parses.
        expect(CycleSchema.safeParse(cycle).success).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});
