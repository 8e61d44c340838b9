// Which to-do items become Teams alerts, and when: overdue check-ins, stages overdue by the cycle schedule (plan, self and manager appraisals, the feedback meeting) and results to acknowledge — never a review request, nor HR's cycle-wide tasks.
import {
  cycleToDo,
  type FeedbackMeeting,
  POLICY_PRESETS,
  TO_DO_KINDS,
  type ToDoCycleFacts,
  type ToDoItem,
  type ToDoViewer,
} from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { DIGEST_KINDS } from './digest.ts';
import { ALERT_KINDS } from './notification.ts';
import { ACKNOWLEDGE_LEAD_DAYS, indexFacts, isAlerted, SCHEDULED_ALERT_KINDS } from './overdue.ts';

const NOW = '2026-03-01T10:00:00Z';
const TODAY = '2026-03-01';
const manager: ToDoViewer = { personId: 'mia', isHr: false, directReports: ['ann'] };
const ann: ToDoViewer = { personId: 'ann', isHr: false, directReports: [] };

type Schedule = NonNullable<ToDoCycleFacts['cycle']['schedule']>;

function facts(
  phase: ToDoCycleFacts['cycle']['phase'],
  extra: Partial<ToDoCycleFacts> = {},
  schedule: Schedule = { managerAppraisalDue: '2026-02-20', feedbackDue: '2026-02-25' },
): ToDoCycleFacts {
  return {
    cycle: { id: 'cy1', phase, startsOn: '2026-01-01', endsOn: '2026-06-30', history: [], schedule },
    policy: POLICY_PRESETS.incentive, // self weight 10, meetings and acknowledgement required
    participants: ['ann', 'mia'],
    ...extra,
  };
}

const goal = (id: string, ownerId: string) =>
  ({ id, ownerId, level: 'person', weight: 100, status: 'active' }) as const;

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
const pending = { status: 'pending' } as const;

/** The alerted items of a viewer's to-do in one cycle: [kind, subject, overdue by]. */
const alerted = (f: ToDoCycleFacts, viewer: ToDoViewer, now = NOW) =>
  cycleToDo(f, viewer, now)
    .filter((i) => isAlerted(i, now.slice(0, 10)))
    .map((i) => [i.kind, i.subjectId, i.overdueByDays]);

describe('isAlerted: stages overdue by the cycle schedule', () => {
  const planFacts = (planDue?: string) =>
    facts(
      'plan',
      { plans: [], goals: [goal('g1', 'ann'), goal('g2', 'mia')] },
      planDue === undefined ? {} : { planDue },
    );

  it('a plan not agreed by planDue: the employee for their own, the manager per report, from the day after', () => {
    const late = planFacts('2026-02-27');
    expect(alerted(late, ann)).toEqual([['agree_plan', 'ann', 2]]);
    expect(alerted(late, manager)).toEqual([
      ['agree_plan', 'mia', 2],
      ['agree_plan', 'ann', 2],
    ]);
    // On its due day it is on the to-do (due today) but not alerted; without a date it is never overdue.
    const dueToday = planFacts(TODAY);
    expect(cycleToDo(dueToday, ann, NOW)).toMatchObject([{ kind: 'agree_plan', dueOn: TODAY }]);
    expect(alerted(dueToday, ann)).toEqual([]);
    expect(alerted(planFacts(), manager)).toEqual([]);
    // Agreed by the side alerted: that side is not alerted any more; the other side still is.
    const agreedByAnn = {
      ...late,
      plans: [{ personId: 'ann', employeeAgreedAt: NOW, managerAgreedAt: null, status: 'draft' as const }],
    };
    expect(alerted(agreedByAnn, ann)).toEqual([]);
    expect(alerted(agreedByAnn, manager)).toEqual([
      ['agree_plan', 'mia', 2],
      ['agree_plan', 'ann', 2],
    ]);
  });

  it('a report’s plan still incomplete by planDue (no goals, or weights not 100): the manager, from the day after', () => {
    const incomplete = (goals: ToDoCycleFacts['goals'], planDue = '2026-02-27') =>
      facts('plan', { plans: [], goals: [...(goals ?? []), goal('g9', 'mia')] }, { planDue });
    // Ann has no goals: her manager must set them (Ann has nothing she can agree, hence no alert of her own).
    expect(alerted(incomplete([]), manager)).toEqual([
      ['agree_plan', 'mia', 2],
      ['complete_plan', 'ann', 2],
    ]);
    expect(alerted(incomplete([]), ann)).toEqual([]);
    expect(cycleToDo(incomplete([]), manager, NOW)).toContainEqual(
      expect.objectContaining({ kind: 'complete_plan', reason: 'no_goals', weightsTotal: 0 }),
    );
    // Weights 60: the same, with the total; on its due day it is on the to-do but not alerted.
    const sixty = [{ ...goal('g1', 'ann'), weight: 60 }];
    expect(cycleToDo(incomplete(sixty), manager, NOW)).toContainEqual(
      expect.objectContaining({ kind: 'complete_plan', reason: 'weights_not_100', weightsTotal: 60 }),
    );
    expect(alerted(incomplete(sixty, TODAY), manager)).toEqual([]);
    // Once the manager has agreed it (the goals changed after), or it totals 100 again, no complete_plan alert.
    const agreed = {
      ...incomplete(sixty),
      plans: [{ personId: 'ann', employeeAgreedAt: null, managerAgreedAt: NOW, status: 'draft' as const }],
    };
    expect(alerted(agreed, manager)).toEqual([['agree_plan', 'mia', 2]]);
    expect(alerted(incomplete([goal('g1', 'ann')]), manager)).toEqual([
      ['agree_plan', 'mia', 2],
      ['agree_plan', 'ann', 2],
    ]);
  });

  it('appraisals not submitted by selfAppraisalDue / managerAppraisalDue, each by its own date; a submitted one is not', () => {
    const schedule = { selfAppraisalDue: '2026-02-26', managerAppraisalDue: TODAY };
    const open = facts('appraise', { reviews: [] }, schedule);
    expect(alerted(open, ann)).toEqual([['self_review', 'ann', 3]]);
    // The manager's own self-appraisal is overdue; her appraisal of Ann is due today, not yet overdue.
    expect(alerted(open, manager)).toEqual([['self_review', 'mia', 3]]);
    expect(alerted(open, manager, '2026-03-02T08:00:00Z')).toEqual([
      ['self_review', 'mia', 4],
      ['manager_review', 'ann', 1],
    ]);
    const done = facts(
      'appraise',
      {
        reviews: [
          { subjectId: 'ann', reviewerId: 'ann', component: 'self' },
          { subjectId: 'ann', reviewerId: 'mia', component: 'manager' },
        ],
      },
      schedule,
    );
    expect(alerted(done, ann, '2026-03-02T08:00:00Z')).toEqual([]);
    expect(alerted(done, manager, '2026-03-02T08:00:00Z')).toEqual([['self_review', 'mia', 4]]);
  });

  it('a feedback meeting not recorded, or held as a mere formality, by feedbackDue; not one scheduled ahead', () => {
    const none = facts('feedback', { feedbackMeetings: [] });
    expect(alerted(none, manager)).toEqual([['hold_feedback_meeting', 'ann', 4]]);
    const formal = facts('feedback', {
      feedbackMeetings: [
        { meeting: meeting('m1', 'ann', '2026-02-20T10:00:00Z', 'Fine.'), acknowledgement: pending },
      ],
    });
    expect(cycleToDo(formal, manager, NOW)).toMatchObject([
      { kind: 'hold_feedback_meeting', reason: 'mere_formality', overdueByDays: 4 },
    ]);
    expect(alerted(formal, manager)).toEqual([['hold_feedback_meeting', 'ann', 4]]);
    // Scheduled ahead (past feedbackDue): due on its own day, not overdue, not alerted.
    const scheduled = facts('feedback', {
      feedbackMeetings: [{ meeting: meeting('m2', 'ann', '2026-03-04T10:00:00Z'), acknowledgement: pending }],
    });
    expect(cycleToDo(scheduled, manager, NOW)).toMatchObject([
      { kind: 'hold_feedback_meeting', reason: 'scheduled', dueOn: '2026-03-04', overdueByDays: null },
    ]);
    expect(alerted(scheduled, manager)).toEqual([]);
    // Held well: nothing to do for the manager; Ann now has her result to acknowledge (not yet near its due day).
    const summary = 'A thorough summary of the half year, '.repeat(4);
    const held = facts('feedback', {
      feedbackMeetings: [
        { meeting: meeting('m3', 'ann', '2026-02-28T10:00:00Z', summary), acknowledgement: pending },
      ],
    });
    expect(alerted(held, manager)).toEqual([]);
    expect(cycleToDo(held, ann, NOW).map((i) => i.kind)).toEqual(['acknowledge_result']);
    expect(alerted(held, ann)).toEqual([]);
  });

  it('the scheduled kinds are exactly those the schedule dates and a person must act on', () => {
    expect([...SCHEDULED_ALERT_KINDS].sort()).toEqual(
      ['complete_plan', 'agree_plan', 'hold_feedback_meeting', 'manager_review', 'self_review'].sort(),
    );
  });
});

describe('isAlerted: check-ins and results to acknowledge', () => {
  it('alerts an overdue check-in and a result to acknowledge near its due day, schedule or not', () => {
    const checkIn = cycleToDo(facts('coach', { checkIns: [] }), manager, NOW)[0];
    expect(checkIn).toMatchObject({ kind: 'check_in_due', subjectId: 'ann' });
    expect(checkIn && isAlerted(checkIn, TODAY)).toBe(true);
    const dueOn = '2026-03-02';
    const ack = {
      kind: 'acknowledge_result',
      cycleId: 'cy1',
      phase: 'apply',
      subjectId: 'ann',
      targetId: 'm1',
      dueOn,
      overdueByDays: null,
    } as const;
    expect(ACKNOWLEDGE_LEAD_DAYS).toBeGreaterThanOrEqual(1);
    expect(isAlerted(ack, TODAY)).toBe(true);
    expect(isAlerted({ ...ack, dueOn: '2026-03-30' }, TODAY)).toBe(false);
  });
});

describe('isAlerted: never a review request, nor HR’s cycle-wide tasks', () => {
  it('never alerts a feedback request, even long overdue: its delivery would name the reviewer to its subject', () => {
    // GET /v1/alerts/deliveries lists recipient and subject to HR; a review request's recipient is the reviewer,
    // whom an HR administrator who is its subject must not learn. Alerting it needs that listing masked first.
    const asked = { personId: 'pia', isHr: false, directReports: [] };
    const request = { id: 'frq1', subjectId: 'mia', reviewerId: 'pia', state: 'pending' as const };
    const base = facts('appraise', { feedbackRequests: [request] });
    const schedule = { ...base.cycle.schedule, peerFeedbackDue: '2026-02-20' };
    const item = cycleToDo({ ...base, cycle: { ...base.cycle, schedule } }, asked, NOW).find(
      (i) => i.kind === 'feedback_request',
    );
    expect(item).toMatchObject({ subjectId: 'mia', targetId: 'frq1', overdueByDays: 9 });
    expect(item && isAlerted(item, TODAY)).toBe(false);
    expect(ALERT_KINDS).not.toContain('feedback_request');
    // Nor is one ever part of a daily digest: a digest holds only alerted kinds about the recipient's reports.
    expect(DIGEST_KINDS).not.toContain('feedback_request');
    expect(DIGEST_KINDS.every((k) => (ALERT_KINDS as readonly string[]).includes(k))).toBe(true);
  });

  it('alerts exactly the alerted kinds: any other, however overdue, is never alerted', () => {
    const overdue = (kind: ToDoItem['kind']): ToDoItem => ({
      kind,
      cycleId: 'cy1',
      phase: 'apply',
      subjectId: 'ann',
      targetId: null,
      dueOn: '2026-01-31',
      overdueByDays: 29,
    });
    const alertedKinds = TO_DO_KINDS.filter((k) => isAlerted(overdue(k), TODAY));
    expect(alertedKinds).toEqual([...ALERT_KINDS]);
    for (const kind of [
      'feedback_request',
      'open_calibration',
      'finalise_calibration',
      'resolve_appeal',
      'apply_results',
      'review_next_cycle_drafts',
    ] as const) {
      expect(isAlerted(overdue(kind), TODAY), kind).toBe(false);
    }
  });
});

describe('indexFacts', () => {
  it('each person’s to-do from their own and their reports’ records is the one from the whole cycle’s', () => {
    // Mia manages Ann and Bob; Zed manages Cy; Ann and Cy have records of every kind, Bob none.
    const people = ['ann', 'bob', 'cy', 'mia', 'zed'];
    const viewers: ToDoViewer[] = [
      { personId: 'mia', isHr: false, directReports: ['ann', 'bob'] },
      { personId: 'zed', isHr: false, directReports: ['cy'] },
      { personId: 'ann', isHr: false, directReports: [] },
      { personId: 'bob', isHr: false, directReports: [] },
    ];
    const schedule: Schedule = {
      planDue: '2026-01-10',
      selfAppraisalDue: '2026-02-01',
      managerAppraisalDue: '2026-02-10',
      feedbackDue: '2026-02-20',
    };
    const records: Partial<ToDoCycleFacts> = {
      plans: [{ personId: 'ann', employeeAgreedAt: NOW, managerAgreedAt: null, status: 'draft' }],
      goals: [goal('g1', 'ann'), goal('g2', 'cy'), goal('g3', 'mia'), goal('g4', 'bob'), goal('g5', 'zed')],
      checkIns: [
        {
          id: 'c1',
          subjectId: 'ann',
          authorId: 'mia',
          at: '2026-02-10T09:00:00Z',
          recordedAt: '2026-02-10T09:00:00Z',
        },
        {
          id: 'c2',
          subjectId: 'cy',
          authorId: 'zed',
          at: '2026-02-20T09:00:00Z',
          recordedAt: '2026-02-20T09:00:00Z',
        },
      ],
      reviews: [
        { subjectId: 'ann', reviewerId: 'mia', component: 'manager' },
        { subjectId: 'cy', reviewerId: 'cy', component: 'self' },
      ],
      feedbackMeetings: [
        { meeting: meeting('m1', 'ann', '2026-02-15T10:00:00Z', 'Fine.'), acknowledgement: pending },
        {
          meeting: meeting('m2', 'cy', '2026-02-16T10:00:00Z', 'A thorough summary, '.repeat(8)),
          acknowledgement: pending,
        },
      ],
    };
    for (const phase of ['plan', 'coach', 'appraise', 'feedback', 'apply'] as const) {
      const whole = facts(phase, { ...records, participants: people }, schedule);
      const index = indexFacts(whole);
      for (const viewer of viewers) {
        const own = index.forPeople([viewer.personId, ...viewer.directReports]);
        expect(cycleToDo(own, viewer, NOW), `${phase} ${viewer.personId}`).toEqual(
          cycleToDo(whole, viewer, NOW),
        );
        const concerned = new Set([viewer.personId, ...viewer.directReports]);
        expect(own.goals?.map((g) => g.ownerId).filter((id) => !concerned.has(id ?? ''))).toEqual([]);
      }
    }
    // A list that was not read stays unread (core then reads nothing of that kind).
    expect(indexFacts(facts('plan')).forPeople(['mia'])).not.toHaveProperty('reviews');
  });
});
