// Recusal: nobody judges or decides on their own performance (obstacle 1, unfair factors in appraisal).
import { type DomainError, fail, ok, type Result } from './result.ts';

/**
 * The decisions a person may take about others but never about themselves, and the stable code of
 * each refusal. Self-appraisal, acknowledging or appealing one's own result and attributing one's own
 * shortfalls are the person's own voice, not a decision about them, and are not listed here.
 */
export const RECUSAL_CODES = {
  /** Moving a rating in a calibration session. */
  calibrate: 'own_rating',
  /** Resolving an appeal against a result. */
  resolve_appeal: 'own_appeal',
  /** Recording or changing the feedback meeting where a result is shared. */
  feedback_meeting: 'own_meeting',
  /** Assessing potential for the 9-box. */
  assess_potential: 'own_potential',
  /** Writing the manager review. */
  manager_review: 'own_review',
  /** Agreeing a plan on the manager's side. */
  agree_plan_as_manager: 'own_plan',
  /** Accepting next-cycle draft goals into a plan. */
  accept_draft: 'own_draft',
  /** Stating promotion readiness when results are applied. */
  promotion_readiness: 'own_results',
  /** Withdrawing someone else's attribution of a shortfall (the diagnosis of the gap). */
  withdraw_attribution: 'own_attribution',
  /** Cancelling a feedback request someone else made (the feedback the person would get). */
  cancel_feedback_request: 'own_feedback_request',
  /** Setting the compensation inputs (salary, band midpoint, target bonus) bonus and merit are computed from. */
  set_compensation: 'own_compensation',
  /** Changing one's own reporting line, department, roles or active flag (who reviews and decides about them). */
  change_own_record: 'own_person_record',
  /** Approving or rejecting a relief on one's own KPI target (the external environment). */
  decide_target_adjustment: 'own_target',
  /** Approving or rejecting a target adjustment one requested (four eyes: another person decides). */
  decide_own_target_request: 'own_target_request',
  /** Cancelling one's own goal after the plan was agreed, or restoring it (which goals one's result counts). */
  cancel_own_goal: 'own_goal_cancel',
  /** Adding, withdrawing or reinstating oneself as a participant of a cycle (whether one is appraised). */
  change_own_participation: 'own_participation',
} as const;

export type RecusalAct = keyof typeof RECUSAL_CODES;
export type RecusalCode = (typeof RECUSAL_CODES)[RecusalAct];

const MESSAGES: Record<RecusalAct, string> = {
  calibrate: 'Nobody calibrates their own rating; another member of the session moves it.',
  resolve_appeal: 'Nobody resolves an appeal about their own result; another HR administrator does.',
  feedback_meeting:
    'Nobody records or changes the feedback meeting about their own result; their manager or another HR administrator does.',
  assess_potential:
    'Nobody assesses their own potential; their managers, heads or another HR administrator do.',
  manager_review: 'Nobody writes the manager review of themselves; their self review is their own voice.',
  agree_plan_as_manager: 'Nobody agrees their own plan as the manager; they agree it as the employee.',
  accept_draft:
    'Nobody accepts their own next-cycle draft; their manager chain or another HR administrator does.',
  promotion_readiness:
    'Nobody states their own promotion readiness; leave it out and let their manager decide it.',
  withdraw_attribution:
    'Nobody withdraws what someone else attributed their own shortfall to; its author or another HR administrator may.',
  cancel_feedback_request:
    'Nobody cancels feedback about themselves that someone else asked for; the requester, their managers or another HR administrator may.',
  set_compensation:
    'Nobody sets their own compensation inputs, which their bonus and merit are computed from; another HR administrator does.',
  change_own_record:
    'Nobody changes their own manager, department, roles or active status, which decide who reviews them and what they may decide; another HR administrator does.',
  decide_target_adjustment:
    'Nobody approves or rejects an adjustment of their own target; HR or the head of their department decides.',
  decide_own_target_request:
    'Nobody decides a target adjustment they requested themselves; another HR administrator or department head does.',
  cancel_own_goal:
    'Nobody cancels their own goal, or restores a cancelled one, after the plan was agreed: it decides whether the goal counts in their result. Their manager or HR can, with a reason.',
  change_own_participation:
    'Nobody adds, withdraws or reinstates themselves in a cycle, which decides whether they are appraised; another HR administrator does.',
};

/** Whether a person may take a decision about `subjectId` at all: never about themselves. */
export function mayDecideAbout(actorId: string | null, subjectId: string): boolean {
  return actorId === null || actorId !== subjectId;
}

/**
 * Refuses `act` when the actor is its subject (`own_rating`, `own_appeal`, …); `path` names the input
 * field that holds the subject. Actors that are not people (null) are never recused.
 */
export function recusal(
  act: RecusalAct,
  actorId: string | null,
  subjectId: string,
  path?: (string | number)[],
): Result<null, DomainError<RecusalCode>> {
  if (mayDecideAbout(actorId, subjectId)) return ok(null);
  return fail(RECUSAL_CODES[act], MESSAGES[act], {
    ...(path !== undefined ? { path } : {}),
    details: { act, subjectId },
  });
}
