// Cycle schedule: the optional due date of each stage of the loop (plan agreed, appraisals in, calibration, meeting…) and its rules.
import { z } from 'zod';
import { addDays, IsoDateSchema } from './common.ts';
import type { Phase } from './cycle.ts';
import type { RuleIssue } from './ruleIssue.ts';
import type { ToDoKind } from './toDo.ts';

/**
 * The stages a cycle can date, in loop order. `rank` orders them (peer feedback and the self-appraisal share one:
 * both come before the manager's appraisal, in either order); `kinds` are the to-do kinds the date makes due.
 *
 * | key                 | phase     | the to-do it dates                          |
 * |---------------------|-----------|---------------------------------------------|
 * | planDue             | plan      | complete_plan, agree_plan                   |
 * | peerFeedbackDue     | appraise  | feedback_request (answered by then)         |
 * | selfAppraisalDue    | appraise  | self_review                                 |
 * | managerAppraisalDue | appraise  | manager_review                              |
 * | calibrationDue      | calibrate | open_calibration, finalise_calibration      |
 * | feedbackDue         | feedback  | hold_feedback_meeting (unless one is scheduled: its day) |
 * | applyDue            | apply     | apply_results                               |
 * | improveDue          | improve   | review_next_cycle_drafts                    |
 *
 * Check-ins keep the policy cadence, the acknowledgement its appeal window, and an appeal has no date of its own.
 */
export const SCHEDULE_STAGES = [
  { key: 'planDue', phase: 'plan', rank: 0, kinds: ['complete_plan', 'agree_plan'] },
  { key: 'peerFeedbackDue', phase: 'appraise', rank: 1, kinds: ['feedback_request'] },
  { key: 'selfAppraisalDue', phase: 'appraise', rank: 1, kinds: ['self_review'] },
  { key: 'managerAppraisalDue', phase: 'appraise', rank: 2, kinds: ['manager_review'] },
  { key: 'calibrationDue', phase: 'calibrate', rank: 3, kinds: ['open_calibration', 'finalise_calibration'] },
  { key: 'feedbackDue', phase: 'feedback', rank: 4, kinds: ['hold_feedback_meeting'] },
  { key: 'applyDue', phase: 'apply', rank: 5, kinds: ['apply_results'] },
  { key: 'improveDue', phase: 'improve', rank: 6, kinds: ['review_next_cycle_drafts'] },
] as const satisfies readonly {
  key: string;
  phase: Phase;
  rank: number;
  kinds: readonly ToDoKind[];
}[];

export type ScheduleKey = (typeof SCHEDULE_STAGES)[number]['key'];
export const SCHEDULE_KEYS: readonly ScheduleKey[] = Object.freeze(SCHEDULE_STAGES.map((s) => s.key));

/** A cycle's stage due dates (UTC days, YYYY-MM-DD); every one optional, none at all for an undated cycle. */
export const CycleScheduleSchema = z.strictObject({
  planDue: IsoDateSchema.optional(),
  peerFeedbackDue: IsoDateSchema.optional(),
  selfAppraisalDue: IsoDateSchema.optional(),
  managerAppraisalDue: IsoDateSchema.optional(),
  calibrationDue: IsoDateSchema.optional(),
  feedbackDue: IsoDateSchema.optional(),
  applyDue: IsoDateSchema.optional(),
  improveDue: IsoDateSchema.optional(),
});
export type CycleSchedule = z.infer<typeof CycleScheduleSchema>;

/** The codes of the schedule's rules. */
export type ScheduleRule = 'schedule_out_of_range' | 'schedule_out_of_order';

/**
 * How far a stage's date may lie outside the cycle's period: plans are often agreed in the weeks before a period
 * starts (up to a quarter), and appraisal, calibration, the feedback meeting, results and next-cycle drafts come
 * after it ends (up to half a year). A date further out is a typo (a wrong year), not a schedule.
 */
export const SCHEDULE_LEAD_DAYS = 92;
export const SCHEDULE_TRAIL_DAYS = 183;

/** The first and last day a stage may be due for a cycle over this period. */
export function scheduleWindow(period: { startsOn: string; endsOn: string }): {
  earliest: string;
  latest: string;
} {
  return {
    earliest: addDays(period.startsOn, -SCHEDULE_LEAD_DAYS),
    latest: addDays(period.endsOn, SCHEDULE_TRAIL_DAYS),
  };
}

/** A broken schedule rule, on `['schedule', key]`, with the facts it names. */
export interface ScheduleIssue extends RuleIssue {
  rule: ScheduleRule;
  path: ['schedule', ScheduleKey];
}

/**
 * The schedule's broken rules, in stage order (none for a valid or absent schedule):
 * - `schedule_out_of_range` (facts `earliest`, `latest`: `scheduleWindow`): a date more than `SCHEDULE_LEAD_DAYS`
 *   before the period starts or `SCHEDULE_TRAIL_DAYS` after it ends, both ends included — not checked while the
 *   period itself is invalid (endsOn not after startsOn: that is the period's own problem);
 * - `schedule_out_of_order` (facts `after`: the stage key, `afterOn`: its date): a date before that of an earlier
 *   stage within the period (the latest of them is named); dates may share a day.
 */
export function scheduleIssues(
  schedule: CycleSchedule | undefined,
  period: { startsOn: string; endsOn: string },
): ScheduleIssue[] {
  if (!schedule) return [];
  const issues: ScheduleIssue[] = [];
  const periodValid = period.startsOn < period.endsOn;
  const { earliest, latest: last } = scheduleWindow(period);
  const outside = (on: string) => periodValid && (on < earliest || on > last);
  for (const stage of SCHEDULE_STAGES) {
    const on = schedule[stage.key];
    if (on === undefined) continue;
    if (outside(on)) {
      issues.push({
        path: ['schedule', stage.key],
        message: `${stage.key} (${on}) must lie between ${earliest} and ${last} (a quarter before the cycle starts to half a year after it ends)`,
        rule: 'schedule_out_of_range',
        facts: { earliest, latest: last },
      });
      continue;
    }
    // The latest-dated earlier stage within the window (ISO days compare as strings; one outside is reported above).
    let latest: { key: ScheduleKey; on: string } | null = null;
    for (const earlier of SCHEDULE_STAGES) {
      if (earlier.rank >= stage.rank) continue;
      const at = schedule[earlier.key];
      if (at === undefined || outside(at)) continue;
      if (latest === null || at > latest.on) latest = { key: earlier.key, on: at };
    }
    if (latest !== null && on < latest.on) {
      issues.push({
        path: ['schedule', stage.key],
        message: `${stage.key} (${on}) must not be before ${latest.key} (${latest.on})`,
        rule: 'schedule_out_of_order',
        facts: { after: latest.key, afterOn: latest.on },
      });
    }
  }
  return issues;
}

const KEY_OF_KIND = new Map<ToDoKind, ScheduleKey>(
  SCHEDULE_STAGES.flatMap((s) => s.kinds.map((k) => [k, s.key] as const)),
);

/** The schedule key that dates a to-do kind, or null when the kind keeps its own rule (or none). */
export function scheduleKeyOf(kind: ToDoKind): ScheduleKey | null {
  return KEY_OF_KIND.get(kind) ?? null;
}

/** The day a to-do kind is due by the schedule, or null when the schedule does not date it. */
export function scheduledDueOn(schedule: CycleSchedule | undefined, kind: ToDoKind): string | null {
  const key = scheduleKeyOf(kind);
  return key === null ? null : (schedule?.[key] ?? null);
}

/**
 * The due date of the phase a cycle is in: the latest scheduled date among its stages (appraise: the manager's
 * appraisal, or the self or peer one when only those are set); null when the phase has none scheduled.
 */
export function phaseDueOn(schedule: CycleSchedule | undefined, phase: Phase): string | null {
  let due: string | null = null;
  for (const stage of SCHEDULE_STAGES) {
    if (stage.phase !== phase) continue;
    const on = schedule?.[stage.key];
    if (on !== undefined && (due === null || on > due)) due = on;
  }
  return due;
}
