// Tests for the to-do: each kind appears in its phase for the right person and disappears once done; urgency order.
import { describe, expect, it } from 'vitest';
import type { Phase } from './cycle.ts';
import type { AcknowledgementState, FeedbackMeeting } from './feedback.ts';
import { POLICY_PRESETS } from './policy.ts';
import {
  compareToDo,
  cycleToDo,
  type ToDoCycleFacts,
  type ToDoItem,
  type ToDoViewer,
  toDoItems,
} from './toDo.ts';

const policy = POLICY_PRESETS.incentive; // biweekly coaching, 3 grace days, 14-day appeal window, self weight 10
const NOW = '2026-03-01T10:00:00Z';

const manager: ToDoViewer = { personId: 'mia', isHr: false, directReports: ['ann', 'bob'] };
const ann: ToDoViewer = { personId: 'ann', isHr: false, directReports: [] };
const hr: ToDoViewer = { personId: 'hal', isHr: true, directReports: [] };

function facts(phase: Phase, extra: Partial<ToDoCycleFacts> = {}): ToDoCycleFacts {
  return {
    cycle: { id: 'cy1', phase, startsOn: '2026-01-01', endsOn: '2026-06-30', history: [] },
    policy,
    participants: ['ann', 'bob', 'mia'],
    ...extra,
  };
}

const kinds = (items: readonly ToDoItem[]) => items.map((i) => [i.kind, i.subjectId]);

const goal = (id: string, ownerId: string, weight: number) =>
  ({ id, ownerId, level: 'person', weight, status: 'active' }) as const;

function meeting(id: string, subjectId: string, heldAt: string, summary = ''): FeedbackMeeting {
  return {
    id,
    cycleId: 'cy1',
    subjectId,
    managerId: 'mia',
    heldAt,
    summary,
    strengths: summary === '' ? '' : 'Clear writing',
    improvements: summary === '' ? '' : 'Delegate more',
    agreedActions: summary === '' ? [] : ['Take a course'],
  };
}
const goodSummary = 'A thorough summary of the half year, '.repeat(4);

describe('agree_plan (plan phase)', () => {
  const goals = [goal('g1', 'ann', 100), goal('g2', 'bob', 60)];
  it('asks the employee and the manager to agree an agreeable plan, until each side has', () => {
    const open = facts('plan', { goals, plans: [] });
    expect(kinds(cycleToDo(open, ann, NOW))).toEqual([['agree_plan', 'ann']]);
    // Bob's weights total 60: nothing to agree yet — the manager has his plan to complete instead.
    expect(kinds(cycleToDo(open, manager, NOW))).toEqual([
      ['agree_plan', 'ann'],
      ['complete_plan', 'bob'],
    ]);
    const agreedByAnn = facts('plan', {
      goals,
      plans: [{ personId: 'ann', status: 'proposed', employeeAgreedAt: NOW, managerAgreedAt: null }],
    });
    expect(cycleToDo(agreedByAnn, ann, NOW)).toEqual([]);
    expect(kinds(cycleToDo(agreedByAnn, manager, NOW))).toEqual([
      ['agree_plan', 'ann'],
      ['complete_plan', 'bob'],
    ]);
    const both = facts('plan', {
      goals,
      plans: [{ personId: 'ann', status: 'agreed', employeeAgreedAt: NOW, managerAgreedAt: NOW }],
      participants: ['ann', 'mia'],
    });
    expect(cycleToDo(both, manager, NOW)).toEqual([]);
  });
  it('is undated and never about someone outside the cycle', () => {
    const [only] = cycleToDo(facts('plan', { goals, participants: ['ann'] }), manager, NOW);
    expect(only).toEqual({
      kind: 'agree_plan',
      cycleId: 'cy1',
      phase: 'plan',
      subjectId: 'ann',
      targetId: null,
      dueOn: null,
      overdueByDays: null,
    });
    expect(cycleToDo(facts('plan', { goals, participants: ['mia'] }), manager, NOW)).toEqual([]);
  });
});

describe('complete_plan (plan phase)', () => {
  const plan = (personId: string, managerAgreedAt: string | null) =>
    ({ personId, status: 'proposed', employeeAgreedAt: null, managerAgreedAt }) as const;
  it('asks the manager to complete a report’s plan without goals or whose weights do not total 100, with why', () => {
    // Ann has no goals at all (her only one is cancelled); Bob's live weights total 60 (a cancelled 40 does not count).
    const goals = [
      { ...goal('g0', 'ann', 100), status: 'cancelled' as const },
      goal('g1', 'bob', 35.5),
      goal('g2', 'bob', 24.5),
      { ...goal('g3', 'bob', 40), status: 'cancelled' as const },
    ];
    const items = cycleToDo(facts('plan', { goals, plans: [] }), manager, NOW);
    expect(items).toEqual([
      {
        kind: 'complete_plan',
        cycleId: 'cy1',
        phase: 'plan',
        subjectId: 'ann',
        targetId: null,
        dueOn: null,
        overdueByDays: null,
        reason: 'no_goals',
        weightsTotal: 0,
      },
      {
        kind: 'complete_plan',
        cycleId: 'cy1',
        phase: 'plan',
        subjectId: 'bob',
        targetId: null,
        dueOn: null,
        overdueByDays: null,
        reason: 'weights_not_100',
        weightsTotal: 60,
      },
    ]);
    // Over 100 is incomplete too.
    const over = cycleToDo(facts('plan', { goals: [goal('g1', 'bob', 120)] }), manager, NOW);
    expect(over.find((i) => i.subjectId === 'bob')).toMatchObject({
      kind: 'complete_plan',
      reason: 'weights_not_100',
      weightsTotal: 120,
    });
  });

  it('never for the employee themselves, a report outside the cycle, a plan the manager agreed, or outside plan', () => {
    // The employee's own incomplete plan is their manager's to complete: nothing on their list.
    expect(cycleToDo(facts('plan', { goals: [] }), ann, NOW)).toEqual([]);
    // Mia is a participant without goals, but not her own report.
    expect(kinds(cycleToDo(facts('plan', { participants: ['mia', 'bob'] }), manager, NOW))).toEqual([
      ['complete_plan', 'bob'],
    ]);
    // Agreed by the manager (then the goals changed): not asked again.
    const agreed = facts('plan', { goals: [], plans: [plan('ann', NOW), plan('bob', null)] });
    expect(kinds(cycleToDo(agreed, manager, NOW))).toEqual([['complete_plan', 'bob']]);
    // Agreed by the employee only: still the manager's to complete.
    expect(
      kinds(
        cycleToDo(facts('plan', { plans: [{ ...plan('ann', null), employeeAgreedAt: NOW }] }), manager, NOW),
      ),
    ).toEqual([
      ['complete_plan', 'ann'],
      ['complete_plan', 'bob'],
    ]);
    // Completed (weights now 100): it becomes agree_plan.
    const done = facts('plan', {
      goals: [goal('g1', 'ann', 60), goal('g2', 'ann', 40)],
      participants: ['ann'],
    });
    expect(kinds(cycleToDo(done, manager, NOW))).toEqual([['agree_plan', 'ann']]);
    expect(cycleToDo(facts('coach', { goals: [] }), manager, '2026-01-02T10:00:00Z')).toEqual([]);
  });
});

describe('check_in_due (coach phase, policy cadence)', () => {
  /** Recorded when it happened unless `recordedAt` says otherwise. */
  const checkIn = (subjectId: string, authorId: string, at: string, recordedAt = at) => ({
    id: `c-${subjectId}-${at}`,
    subjectId,
    authorId,
    at,
    recordedAt,
  });
  it('is due from the cadence day, overdue after the grace days (core coachingTimeliness), gone after a check-in', () => {
    // Ann: last coached 2026-02-10 → due 02-24, grace to 02-27, overdue by 5 on 03-01.
    // Bob: coached 2026-02-20 → due 03-06: not yet.
    const base = facts('coach', {
      checkIns: [
        checkIn('ann', 'mia', '2026-02-10T09:00:00Z'),
        checkIn('bob', 'mia', '2026-02-20T09:00:00Z'),
      ],
    });
    expect(cycleToDo(base, manager, NOW)).toEqual([
      expect.objectContaining({
        kind: 'check_in_due',
        subjectId: 'ann',
        dueOn: '2026-02-24',
        overdueByDays: 5,
      }),
    ]);
    // Within the grace days: due, not yet overdue.
    expect(cycleToDo(base, manager, '2026-02-26T10:00:00Z')).toEqual([
      expect.objectContaining({ subjectId: 'ann', dueOn: '2026-02-24', overdueByDays: null }),
    ]);
    // Due today exactly.
    expect(cycleToDo(base, manager, '2026-02-24T08:00:00Z')).toEqual([
      expect.objectContaining({ subjectId: 'ann', dueOn: '2026-02-24', overdueByDays: null }),
    ]);
    expect(cycleToDo(base, manager, '2026-02-23T08:00:00Z')).toEqual([]);
    const coached = facts('coach', { checkIns: [...(base.checkIns ?? []), checkIn('ann', 'mia', NOW)] });
    expect(cycleToDo(coached, manager, NOW)).toEqual([]);
  });
  it('counts from the cycle start without any check-in; a note by the person themselves is not coaching', () => {
    const none = facts('coach', { checkIns: [checkIn('ann', 'ann', '2026-02-28T09:00:00Z')] });
    const items = cycleToDo(none, manager, NOW);
    expect(items.map((i) => [i.subjectId, i.dueOn, i.overdueByDays])).toEqual([
      ['ann', '2026-01-15', 45],
      ['bob', '2026-01-15', 45],
    ]);
    // Employees without reports have no check-ins to hold.
    expect(cycleToDo(none, ann, NOW)).toEqual([]);
  });
  it('a check-in recorded late counts from its recording: dating it back keeps it overdue until it is recorded', () => {
    // Ann coached only on paper: a meeting dated 02-10 but recorded on 02-27 (17 days after, past the 7-day
    // recording grace) counts from 02-27 — the alert stood until then and is due again 14 days after it.
    const late = facts('coach', {
      checkIns: [
        checkIn('ann', 'mia', '2026-02-10T09:00:00Z', '2026-02-27T18:00:00Z'),
        checkIn('bob', 'mia', '2026-02-20T09:00:00Z'),
      ],
    });
    expect(cycleToDo(late, manager, '2026-02-26T10:00:00Z')).toEqual([
      expect.objectContaining({ subjectId: 'ann', dueOn: '2026-01-15', overdueByDays: 42 }),
    ]);
    expect(cycleToDo(late, manager, NOW)).toEqual([]);
    expect(cycleToDo(late, manager, '2026-03-13T10:00:00Z')).toEqual([
      expect.objectContaining({ subjectId: 'ann', dueOn: '2026-03-13', overdueByDays: null }),
      expect.objectContaining({ subjectId: 'bob', dueOn: '2026-03-06', overdueByDays: 7 }),
    ]);
    // Recorded within the grace (7 days 11 hours after), the same meeting counts on its day: due 02-24, overdue by 5.
    const prompt = facts('coach', {
      checkIns: [checkIn('ann', 'mia', '2026-02-10T09:00:00Z', '2026-02-17T20:00:00Z')],
    });
    expect(cycleToDo(prompt, manager, NOW)[0]).toMatchObject({
      subjectId: 'ann',
      dueOn: '2026-02-24',
      overdueByDays: 5,
    });
  });
});

describe('feedback_request (coach and appraise)', () => {
  const requests = [
    { id: 'fr1', subjectId: 'bob', reviewerId: 'ann', state: 'pending' },
    { id: 'fr2', subjectId: 'mia', reviewerId: 'ann', state: 'submitted' },
    { id: 'fr3', subjectId: 'mia', reviewerId: 'bob', state: 'pending' },
  ] as const;
  it('lists the pending requests addressed to the viewer only', () => {
    for (const phase of ['coach', 'appraise'] as const) {
      const items = cycleToDo(
        facts(phase, {
          feedbackRequests: requests,
          reviews: [{ subjectId: 'ann', reviewerId: 'ann', component: 'self' }],
        }),
        ann,
        NOW,
      );
      expect(items.filter((i) => i.kind === 'feedback_request').map((i) => i.targetId)).toEqual(['fr1']);
    }
    expect(cycleToDo(facts('calibrate', { feedbackRequests: requests }), ann, NOW)).toEqual([]);
  });

  it('drops a request about someone withdrawn from the cycle (answering it is refused)', () => {
    const base = facts('coach', { feedbackRequests: requests });
    const withdrawn = { ...base, participants: base.participants.filter((id) => id !== 'bob') };
    expect(cycleToDo(withdrawn, ann, NOW).filter((i) => i.kind === 'feedback_request')).toEqual([]);
  });
});

describe('self_review and manager_review (appraise)', () => {
  it('asks for the missing submitted reviews', () => {
    const none = facts('appraise', { reviews: [] });
    expect(kinds(cycleToDo(none, ann, NOW))).toEqual([['self_review', 'ann']]);
    expect(kinds(cycleToDo(none, manager, NOW))).toEqual([
      ['self_review', 'mia'],
      ['manager_review', 'ann'],
      ['manager_review', 'bob'],
    ]);
    const done = facts('appraise', {
      reviews: [
        { subjectId: 'ann', reviewerId: 'ann', component: 'self' },
        { subjectId: 'ann', reviewerId: 'mia', component: 'manager' },
        // Bob's manager review written by someone else in his manager chain counts too.
        { subjectId: 'bob', reviewerId: 'cat', component: 'manager' },
      ],
    });
    expect(cycleToDo(done, ann, NOW)).toEqual([]);
    expect(kinds(cycleToDo(done, manager, NOW))).toEqual([['self_review', 'mia']]);
  });
  it('asks for no self review when the policy does not weigh it', () => {
    const noSelf = { ...policy, componentWeights: { ...policy.componentWeights, self: 0 } };
    expect(cycleToDo(facts('appraise', { policy: noSelf }), ann, NOW)).toEqual([]);
  });
});

describe('calibration (calibrate)', () => {
  it('finalise the open sessions the viewer runs; HR opens one when the cycle has none', () => {
    expect(kinds(cycleToDo(facts('calibrate', { calibrationSessions: [] }), hr, NOW))).toEqual([
      ['open_calibration', null],
    ]);
    const sessions = [
      { id: 's1', state: 'open' },
      { id: 's2', state: 'finalised' },
    ] as const;
    const items = cycleToDo(facts('calibrate', { calibrationSessions: sessions }), hr, NOW);
    expect(items.map((i) => [i.kind, i.targetId])).toEqual([['finalise_calibration', 's1']]);
    // Someone else's session exists: a head with none of their own has nothing to do, HR does not open another.
    expect(
      cycleToDo(facts('calibrate', { calibrationSessions: [], hasCalibrationSession: true }), hr, NOW),
    ).toEqual([]);
    expect(cycleToDo(facts('calibrate', { calibrationSessions: [] }), manager, NOW)).toEqual([]);
  });
});

describe('feedback meetings, acknowledgement and appeals', () => {
  it('hold_feedback_meeting: not recorded, scheduled (due that day) or a mere formality; gone once held well', () => {
    const m = [
      meeting('m1', 'ann', '2026-03-04T14:00:00Z', goodSummary),
      meeting('m2', 'bob', '2026-02-27T09:00:00Z'),
    ];
    const items = cycleToDo(
      facts('feedback', {
        feedbackMeetings: m.map((x) => ({ meeting: x, acknowledgement: { status: 'pending' } })),
      }),
      manager,
      NOW,
    );
    expect(items.map((i) => [i.subjectId, i.reason, i.targetId, i.dueOn])).toEqual([
      ['ann', 'scheduled', 'm1', '2026-03-04'],
      ['bob', 'mere_formality', 'm2', null],
    ]);
    expect(cycleToDo(facts('feedback', { feedbackMeetings: [] }), manager, NOW).map((i) => i.reason)).toEqual(
      ['not_recorded', 'not_recorded'],
    );
    const held = [
      meeting('m1', 'ann', '2026-02-20T14:00:00Z', goodSummary),
      meeting('m3', 'bob', '2026-02-21T09:00:00Z', goodSummary),
    ];
    const ack = { status: 'pending' } as const;
    expect(
      cycleToDo(
        facts('feedback', { feedbackMeetings: held.map((x) => ({ meeting: x, acknowledgement: ack })) }),
        manager,
        NOW,
      ),
    ).toEqual([]);
  });

  it('acknowledge_result: due at the end of the appeal window, overdue after it, gone once answered', () => {
    const held = (acknowledgement: AcknowledgementState) =>
      facts('apply', {
        feedbackMeetings: [
          { meeting: meeting('m1', 'ann', '2026-02-10T14:00:00Z', goodSummary), acknowledgement },
        ],
      });
    expect(cycleToDo(held({ status: 'pending' }), ann, NOW)).toEqual([
      {
        kind: 'acknowledge_result',
        cycleId: 'cy1',
        phase: 'apply',
        subjectId: 'ann',
        targetId: 'm1',
        dueOn: '2026-02-24',
        overdueByDays: 5,
      },
    ]);
    expect(cycleToDo(held({ status: 'pending' }), ann, '2026-02-24T23:00:00Z')[0]?.overdueByDays).toBeNull();
    expect(cycleToDo(held({ status: 'acknowledged', at: NOW, comment: '' }), ann, NOW)).toEqual([]);
    // A meeting still ahead shares nothing yet.
    const ahead = facts('feedback', {
      feedbackMeetings: [
        { meeting: meeting('m1', 'ann', '2026-03-09T14:00:00Z'), acknowledgement: { status: 'pending' } },
      ],
    });
    expect(cycleToDo(ahead, ann, NOW)).toEqual([]);
  });

  it('acknowledge_result: never for a meeting that fails the checklist; due from its correction once it passes', () => {
    const thin = meeting('m1', 'ann', '2026-02-10T14:00:00Z', 'Good job.');
    const pending = { status: 'pending' } as const;
    // Only a mere formality is held: nothing to acknowledge (the manager is asked to hold it properly).
    expect(
      cycleToDo(
        facts('feedback', { feedbackMeetings: [{ meeting: thin, acknowledgement: pending }] }),
        ann,
        NOW,
      ),
    ).toEqual([]);
    // A later meeting that passes is offered, even beside the thin one held after it.
    const good = meeting('m2', 'ann', '2026-02-05T14:00:00Z', goodSummary);
    const both = facts('feedback', {
      feedbackMeetings: [
        { meeting: thin, acknowledgement: pending },
        { meeting: good, acknowledgement: pending },
      ],
    });
    expect(cycleToDo(both, ann, NOW).map((i) => [i.kind, i.targetId, i.dueOn])).toEqual([
      ['acknowledge_result', 'm2', '2026-02-19'],
    ]);
    // Corrected after the meeting: the window (and the due day) runs from the correction.
    const corrected = facts('feedback', {
      feedbackMeetings: [{ meeting: good, acknowledgement: pending, correctedAt: '2026-02-20T09:00:00Z' }],
    });
    expect(cycleToDo(corrected, ann, NOW).map((i) => [i.dueOn, i.overdueByDays])).toEqual([
      ['2026-03-06', null],
    ]);
  });

  it('resolve_appeal: HR, for every open appeal but their own', () => {
    const appealed = {
      status: 'appealed',
      at: NOW,
      reason: 'The rating ignores the Q1 launch I led.',
    } as const;
    const f = facts('apply', {
      participants: ['ann', 'bob', 'mia', 'hal'],
      resultsApplied: ['ann', 'bob', 'mia', 'hal'],
      feedbackMeetings: [
        { meeting: meeting('m1', 'ann', '2026-02-10T14:00:00Z', goodSummary), acknowledgement: appealed },
        { meeting: meeting('m2', 'hal', '2026-02-10T14:00:00Z', goodSummary), acknowledgement: appealed },
      ],
    });
    expect(cycleToDo(f, hr, NOW).map((i) => [i.kind, i.subjectId, i.targetId])).toEqual([
      ['resolve_appeal', 'ann', 'm1'],
    ]);
    expect(cycleToDo(f, manager, NOW)).toEqual([]);
    expect(cycleToDo({ ...f, cycle: { ...f.cycle, phase: 'improve' } }, hr, NOW)).toEqual([]);
  });
});

describe('apply_results and review_next_cycle_drafts', () => {
  it('apply_results counts the participants whose result is not applied (HR only)', () => {
    expect(cycleToDo(facts('apply', { resultsApplied: ['ann'] }), hr, NOW)).toEqual([
      expect.objectContaining({ kind: 'apply_results', count: 2, subjectId: null }),
    ]);
    expect(cycleToDo(facts('apply', { resultsApplied: [] }), manager, NOW)).toEqual([]);
    expect(cycleToDo(facts('apply', { resultsApplied: ['ann', 'bob', 'mia'] }), hr, NOW)).toEqual([]);
  });
  it('review_next_cycle_drafts counts the open drafts given', () => {
    const drafts = [
      { id: 'd1', personId: 'ann', status: 'open' },
      { id: 'd2', personId: 'bob', status: 'accepted' },
    ] as const;
    expect(cycleToDo(facts('improve', { nextCycleDrafts: drafts }), manager, NOW)).toEqual([
      expect.objectContaining({ kind: 'review_next_cycle_drafts', count: 1 }),
    ]);
    expect(cycleToDo(facts('improve', { nextCycleDrafts: [drafts[1]] }), manager, NOW)).toEqual([]);
  });
  it('a closed cycle has nothing to do', () => {
    expect(cycleToDo(facts('closed', { resultsApplied: [], reviews: [] }), hr, NOW)).toEqual([]);
  });
});

describe('toDoItems order', () => {
  it('overdue first (most overdue first), then by due date, undated last; deterministic ties', () => {
    const coach = facts('coach', {
      checkIns: [
        {
          id: 'c1',
          subjectId: 'bob',
          authorId: 'mia',
          at: '2026-02-13T09:00:00Z',
          recordedAt: '2026-02-13T09:30:00Z',
        },
      ],
    });
    const appraise = {
      ...facts('appraise', { reviews: [] }),
      cycle: { ...facts('appraise').cycle, id: 'cy0' },
    };
    const feedback = {
      ...facts('feedback', {
        feedbackMeetings: [
          {
            meeting: meeting('m9', 'bob', '2026-03-02T09:00:00Z', goodSummary),
            acknowledgement: { status: 'pending' },
          },
        ],
      }),
      cycle: { ...facts('feedback').cycle, id: 'cy2' },
    };
    const items = toDoItems([appraise, coach, feedback], manager, NOW);
    expect(items.map((i) => [i.cycleId, i.kind, i.subjectId, i.dueOn, i.overdueByDays])).toEqual([
      ['cy1', 'check_in_due', 'ann', '2026-01-15', 45],
      ['cy1', 'check_in_due', 'bob', '2026-02-27', null],
      ['cy2', 'hold_feedback_meeting', 'bob', '2026-03-02', null],
      ['cy0', 'self_review', 'mia', null, null],
      ['cy0', 'manager_review', 'ann', null, null],
      ['cy0', 'manager_review', 'bob', null, null],
      ['cy2', 'hold_feedback_meeting', 'ann', null, null],
    ]);
    const shuffled = [...items].reverse().sort(compareToDo);
    expect(shuffled).toEqual(items);
  });
});

describe('due dates from the cycle schedule', () => {
  const schedule = {
    planDue: '2026-01-20',
    peerFeedbackDue: '2026-02-26',
    selfAppraisalDue: '2026-02-25',
    managerAppraisalDue: '2026-03-05',
    calibrationDue: '2026-03-10',
    feedbackDue: '2026-03-20',
    applyDue: '2026-03-25',
    improveDue: '2026-03-31',
  };
  const dated = (phase: Phase, extra: Partial<ToDoCycleFacts> = {}): ToDoCycleFacts => {
    const f = facts(phase, extra);
    return { ...f, cycle: { ...f.cycle, schedule } };
  };
  const dates = (items: readonly ToDoItem[]) =>
    items.map((i) => [i.kind, i.subjectId, i.dueOn, i.overdueByDays]);

  it('agree_plan is due on planDue and overdue by the whole days since', () => {
    const goals = [goal('g1', 'ann', 100)];
    expect(dates(cycleToDo(dated('plan', { goals, plans: [] }), ann, NOW))).toEqual([
      ['agree_plan', 'ann', '2026-01-20', 40],
    ]);
    // On the due day itself: due, not overdue; the day after: overdue by 1.
    expect(cycleToDo(dated('plan', { goals }), ann, '2026-01-20T23:59:00Z')[0]?.overdueByDays).toBeNull();
    expect(cycleToDo(dated('plan', { goals }), ann, '2026-01-21T00:00:00Z')[0]?.overdueByDays).toBe(1);
  });

  it('complete_plan is due on planDue like agree_plan, and comes first of a report’s plan items on the same day', () => {
    const goals = [goal('g1', 'ann', 100), goal('g2', 'bob', 60)];
    expect(dates(toDoItems([dated('plan', { goals, plans: [] })], manager, NOW))).toEqual([
      ['complete_plan', 'bob', '2026-01-20', 40],
      ['agree_plan', 'ann', '2026-01-20', 40],
    ]);
    expect(toDoItems([dated('plan', { goals })], manager, '2026-01-20T12:00:00Z')).toMatchObject([
      { kind: 'complete_plan', subjectId: 'bob', dueOn: '2026-01-20', overdueByDays: null },
      { kind: 'agree_plan', subjectId: 'ann', dueOn: '2026-01-20', overdueByDays: null },
    ]);
  });

  it('appraise: self and peer feedback past their dates, the manager review still ahead', () => {
    const requests = [{ id: 'fr1', subjectId: 'bob', reviewerId: 'mia', state: 'pending' }] as const;
    expect(
      dates(toDoItems([dated('appraise', { reviews: [], feedbackRequests: requests })], manager, NOW)),
    ).toEqual([
      ['self_review', 'mia', '2026-02-25', 4],
      ['feedback_request', 'bob', '2026-02-26', 3],
      ['manager_review', 'ann', '2026-03-05', null],
      ['manager_review', 'bob', '2026-03-05', null],
    ]);
  });

  it('calibration, feedback meeting, apply and improve take their stage dates; a scheduled meeting keeps its day', () => {
    expect(dates(cycleToDo(dated('calibrate', { calibrationSessions: [] }), hr, NOW))).toEqual([
      ['open_calibration', null, '2026-03-10', null],
    ]);
    const m = [meeting('m1', 'ann', '2026-03-04T14:00:00Z', goodSummary)];
    const feedback = dated('feedback', {
      feedbackMeetings: m.map((x) => ({ meeting: x, acknowledgement: { status: 'pending' } })),
    });
    expect(dates(cycleToDo(feedback, manager, NOW))).toEqual([
      ['hold_feedback_meeting', 'ann', '2026-03-04', null],
      ['hold_feedback_meeting', 'bob', '2026-03-20', null],
    ]);
    expect(dates(cycleToDo(feedback, manager, '2026-03-22T09:00:00Z'))).toEqual([
      ['hold_feedback_meeting', 'bob', '2026-03-20', 2],
    ]);
    expect(dates(cycleToDo(dated('apply', { resultsApplied: [] }), hr, '2026-03-27T09:00:00Z'))).toEqual([
      ['apply_results', null, '2026-03-25', 2],
    ]);
    const drafts = [{ id: 'd1', personId: 'ann', status: 'open' }] as const;
    expect(dates(cycleToDo(dated('improve', { nextCycleDrafts: drafts }), manager, NOW))).toEqual([
      ['review_next_cycle_drafts', null, '2026-03-31', null],
    ]);
  });

  it('check-ins keep the cadence and the acknowledgement its appeal window, schedule or not', () => {
    const coach = dated('coach', {
      checkIns: [
        {
          id: 'c1',
          subjectId: 'ann',
          authorId: 'mia',
          at: '2026-02-10T09:00:00Z',
          recordedAt: '2026-02-11T16:00:00Z',
        },
      ],
    });
    expect(dates(cycleToDo(coach, manager, NOW))).toEqual([
      ['check_in_due', 'ann', '2026-02-24', 5],
      ['check_in_due', 'bob', '2026-01-15', 45],
    ]);
    const ack = dated('apply', {
      resultsApplied: ['ann', 'bob', 'mia'],
      feedbackMeetings: [
        {
          meeting: meeting('m1', 'ann', '2026-02-10T14:00:00Z', goodSummary),
          acknowledgement: { status: 'pending' },
        },
      ],
    });
    expect(dates(cycleToDo(ack, ann, NOW))).toEqual([['acknowledge_result', 'ann', '2026-02-24', 5]]);
  });

  it('sorts scheduled items with the rest: overdue first (most days first), then by due date, undated last', () => {
    const appraise = {
      ...dated('appraise', { reviews: [] }),
      cycle: { ...dated('appraise').cycle, id: 'cy0' },
    };
    const coach = facts('coach', {
      checkIns: [
        {
          id: 'c1',
          subjectId: 'bob',
          authorId: 'mia',
          at: '2026-02-13T09:00:00Z',
          recordedAt: '2026-02-13T09:30:00Z',
        },
      ],
    });
    const improve = facts('improve', { nextCycleDrafts: [{ id: 'd1', personId: 'ann', status: 'open' }] });
    const undated = { ...improve, cycle: { ...improve.cycle, id: 'cy2' } };
    const items = toDoItems([undated, appraise, coach], manager, NOW);
    expect(items.map((i) => [i.cycleId, i.kind, i.subjectId, i.dueOn, i.overdueByDays])).toEqual([
      ['cy1', 'check_in_due', 'ann', '2026-01-15', 45],
      ['cy0', 'self_review', 'mia', '2026-02-25', 4],
      ['cy1', 'check_in_due', 'bob', '2026-02-27', null],
      ['cy0', 'manager_review', 'ann', '2026-03-05', null],
      ['cy0', 'manager_review', 'bob', '2026-03-05', null],
      ['cy2', 'review_next_cycle_drafts', null, null, null],
    ]);
    expect([...items].reverse().sort(compareToDo)).toEqual(items);
  });
});
