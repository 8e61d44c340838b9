// Tests for the cycle schedule: its rules (inside the window around the period, in loop order) on the schema, and the dates per to-do kind and phase.
import { describe, expect, it } from 'vitest';
import { CycleSchema } from './cycle.ts';
import {
  type CycleSchedule,
  CycleScheduleSchema,
  phaseDueOn,
  SCHEDULE_KEYS,
  scheduledDueOn,
  scheduleIssues,
  scheduleKeyOf,
  scheduleWindow,
} from './cycleSchedule.ts';
import { ruleOf } from './ruleIssue.ts';
import { TO_DO_KINDS } from './toDo.ts';

const period = { startsOn: '2026-01-01', endsOn: '2026-06-30' };
const full: CycleSchedule = {
  planDue: '2026-01-20',
  peerFeedbackDue: '2026-06-05',
  selfAppraisalDue: '2026-06-03',
  managerAppraisalDue: '2026-06-10',
  calibrationDue: '2026-06-17',
  feedbackDue: '2026-06-24',
  applyDue: '2026-06-27',
  improveDue: '2026-06-30',
};
const base = { id: 'cy1', name: 'H1', policyName: 'Incentive', ...period };
const rules = (input: unknown) =>
  (CycleSchema.safeParse(input).error?.issues ?? []).map((i) => [i.path.join('.'), ruleOf(i)]);

describe('scheduleIssues', () => {
  it('accepts no schedule, an empty one, a partial one and a full one in loop order (days may be shared)', () => {
    expect(scheduleIssues(undefined, period)).toEqual([]);
    expect(scheduleIssues({}, period)).toEqual([]);
    expect(scheduleIssues({ managerAppraisalDue: '2026-06-10' }, period)).toEqual([]);
    expect(scheduleIssues(full, period)).toEqual([]);
    // The first and the last day of the period are inside it; stages may fall on one day.
    expect(
      scheduleIssues(
        { planDue: '2026-01-01', calibrationDue: '2026-06-30', improveDue: '2026-06-30' },
        period,
      ),
    ).toEqual([]);
  });

  it('takes plans agreed before the period and the stages after it ends, up to a quarter before and half a year after', () => {
    expect(scheduleWindow(period)).toEqual({ earliest: '2025-10-01', latest: '2026-12-30' });
    expect(
      scheduleIssues(
        {
          planDue: '2025-10-01',
          managerAppraisalDue: '2026-07-15',
          feedbackDue: '2026-08-01',
          improveDue: '2026-12-30',
        },
        period,
      ),
    ).toEqual([]);
  });

  it('schedule_out_of_range: further out than that (a wrong year), with the window as facts', () => {
    expect(scheduleIssues({ planDue: '2025-09-30', improveDue: '2026-12-31' }, period)).toEqual([
      expect.objectContaining({
        path: ['schedule', 'planDue'],
        rule: 'schedule_out_of_range',
        facts: { earliest: '2025-10-01', latest: '2026-12-30' },
      }),
      expect.objectContaining({ path: ['schedule', 'improveDue'], rule: 'schedule_out_of_range' }),
    ]);
  });

  it('schedule_out_of_order: a stage before an earlier one, naming the latest earlier stage', () => {
    const issues = scheduleIssues(
      { ...full, selfAppraisalDue: '2026-06-12', calibrationDue: '2026-06-11' },
      period,
    );
    expect(issues.map((i) => [i.path[1], i.rule, i.facts])).toEqual([
      ['managerAppraisalDue', 'schedule_out_of_order', { after: 'selfAppraisalDue', afterOn: '2026-06-12' }],
      ['calibrationDue', 'schedule_out_of_order', { after: 'selfAppraisalDue', afterOn: '2026-06-12' }],
    ]);
    expect(issues[0]?.message).toBe(
      'managerAppraisalDue (2026-06-10) must not be before selfAppraisalDue (2026-06-12)',
    );
  });

  it('peer feedback and the self-appraisal may come in either order, both before the manager appraisal', () => {
    expect(scheduleIssues({ peerFeedbackDue: '2026-06-01', selfAppraisalDue: '2026-05-20' }, period)).toEqual(
      [],
    );
    expect(
      scheduleIssues({ peerFeedbackDue: '2026-06-11', managerAppraisalDue: '2026-06-10' }, period).map(
        (i) => i.facts,
      ),
    ).toEqual([{ after: 'peerFeedbackDue', afterOn: '2026-06-11' }]);
  });

  it('does not judge dates against a period that is itself invalid (ends_before_start says so)', () => {
    expect(
      scheduleIssues({ planDue: '2027-01-01' }, { startsOn: '2026-06-30', endsOn: '2026-01-01' }),
    ).toEqual([]);
  });
});

describe('CycleSchema with a schedule', () => {
  it('keeps cycles without a schedule valid (every cycle stored before it existed)', () => {
    const parsed = CycleSchema.parse(base);
    expect(parsed.schedule).toBeUndefined();
    expect('schedule' in parsed).toBe(false);
  });
  it('carries a valid schedule and reports broken rules on schedule.<key> with their code and facts', () => {
    expect(CycleSchema.parse({ ...base, schedule: full }).schedule).toEqual(full);
    expect(
      rules({
        ...base,
        schedule: { planDue: '2027-07-02', applyDue: '2026-06-01', feedbackDue: '2026-06-02' },
      }),
    ).toEqual([
      [
        'schedule.planDue',
        { rule: 'schedule_out_of_range', facts: { earliest: '2025-10-01', latest: '2026-12-30' } },
      ],
      [
        'schedule.applyDue',
        { rule: 'schedule_out_of_order', facts: { after: 'feedbackDue', afterOn: '2026-06-02' } },
      ],
    ]);
  });
  it('refuses unknown stages and dates that are not ISO days', () => {
    expect(CycleScheduleSchema.safeParse({ reviewDue: '2026-02-01' }).success).toBe(false);
    expect(CycleScheduleSchema.safeParse({ planDue: '2026-02-30' }).success).toBe(false);
    expect(CycleScheduleSchema.safeParse({ planDue: '2026-02-01T00:00:00Z' }).success).toBe(false);
  });
});

describe('dates per to-do kind and phase', () => {
  it('dates the stage kinds only; check-ins, acknowledgement and appeals keep their own rule', () => {
    const dated = TO_DO_KINDS.filter((k) => scheduleKeyOf(k) !== null);
    expect(dated).toEqual([
      'complete_plan',
      'agree_plan',
      'feedback_request',
      'self_review',
      'manager_review',
      'open_calibration',
      'finalise_calibration',
      'hold_feedback_meeting',
      'apply_results',
      'review_next_cycle_drafts',
    ]);
    expect(scheduledDueOn(full, 'manager_review')).toBe('2026-06-10');
    expect(scheduledDueOn(full, 'finalise_calibration')).toBe('2026-06-17');
    expect(scheduledDueOn(full, 'check_in_due')).toBeNull();
    expect(scheduledDueOn(full, 'acknowledge_result')).toBeNull();
    expect(scheduledDueOn(undefined, 'agree_plan')).toBeNull();
    expect(scheduledDueOn({}, 'agree_plan')).toBeNull();
    // Every key dates at least one kind.
    expect(new Set(dated.map(scheduleKeyOf))).toEqual(new Set(SCHEDULE_KEYS));
  });
  it('phaseDueOn: the latest date among the phase’s stages', () => {
    expect(phaseDueOn(full, 'appraise')).toBe('2026-06-10');
    expect(phaseDueOn({ selfAppraisalDue: '2026-06-03', peerFeedbackDue: '2026-06-05' }, 'appraise')).toBe(
      '2026-06-05',
    );
    expect(phaseDueOn(full, 'coach')).toBeNull();
    expect(phaseDueOn(undefined, 'plan')).toBeNull();
  });
});
