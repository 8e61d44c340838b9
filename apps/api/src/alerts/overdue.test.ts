// Which to-do items become Teams alerts: overdue check-ins and results to acknowledge only — an item overdue by the cycle schedule is not widened into an alert.
import { cycleToDo, POLICY_PRESETS, type ToDoCycleFacts } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import { ACKNOWLEDGE_LEAD_DAYS, isAlerted } from './overdue.ts';

const NOW = '2026-03-01T10:00:00Z';
const TODAY = '2026-03-01';
const manager = { personId: 'mia', isHr: false, directReports: ['ann'] };

function facts(phase: ToDoCycleFacts['cycle']['phase'], extra: Partial<ToDoCycleFacts> = {}): ToDoCycleFacts {
  return {
    cycle: {
      id: 'cy1',
      phase,
      startsOn: '2026-01-01',
      endsOn: '2026-06-30',
      history: [],
      schedule: { managerAppraisalDue: '2026-02-20', feedbackDue: '2026-02-25' },
    },
    policy: POLICY_PRESETS.incentive,
    participants: ['ann', 'mia'],
    ...extra,
  };
}

describe('isAlerted', () => {
  it('does not alert items overdue by the cycle schedule (manager review, feedback meeting)', () => {
    const review = cycleToDo(facts('appraise', { reviews: [] }), manager, NOW).find(
      (i) => i.kind === 'manager_review',
    );
    expect(review).toMatchObject({ dueOn: '2026-02-20', overdueByDays: 9 });
    const meeting = cycleToDo(facts('feedback', { feedbackMeetings: [] }), manager, NOW)[0];
    expect(meeting).toMatchObject({ kind: 'hold_feedback_meeting', dueOn: '2026-02-25', overdueByDays: 4 });
    expect([review, meeting].filter((i) => i !== undefined && isAlerted(i, TODAY))).toEqual([]);
  });

  it('still alerts an overdue check-in and a result to acknowledge near its due day, schedule or not', () => {
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
  });
});
