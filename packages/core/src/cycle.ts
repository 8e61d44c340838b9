// Cycle: the PDCA phase state machine, its guards, and audited transitions with overrides.
import { z } from 'zod';
import { compareIds, type Id, IdSchema, IsoDateSchema, IsoDateTimeSchema } from './common.ts';
import { CycleScheduleSchema, scheduleIssues } from './cycleSchedule.ts';
import { TEXT_LIMITS } from './limits.ts';
import type { Policy } from './policy.ts';
import { type DomainError, type Err, err, ok, type Result } from './result.ts';
import { addRuleIssue } from './ruleIssue.ts';

export const PhaseSchema = z.enum([
  'plan',
  'coach',
  'appraise',
  'calibrate',
  'feedback',
  'apply',
  'improve',
  'closed',
]);
export type Phase = z.infer<typeof PhaseSchema>;

/** The phases of one cycle, in the order the loop runs them. */
export const PHASES: readonly Phase[] = Object.freeze([...PhaseSchema.options]);

const INDEX = new Map<Phase, number>(PHASES.map((p, i) => [p, i]));

/** Position of a phase in PHASES (plan = 0, closed = 7). */
export function phaseIndex(phase: Phase): number {
  return INDEX.get(phase) ?? -1;
}

/** The phase after `phase`, or null after `closed`. */
export function nextPhase(phase: Phase): Phase | null {
  return PHASES[phaseIndex(phase) + 1] ?? null;
}

/**
 * Why a transition is held back. The first fourteen are guards (facts from the snapshot); the
 * last two describe the move itself.
 */
export const GuardCodeSchema = z.enum([
  'plans_not_agreed',
  'plan_weights_invalid',
  'coaching_missing',
  'self_appraisals_missing',
  'manager_appraisals_missing',
  'kpi_actuals_missing',
  'target_adjustments_open',
  'evidence_missing',
  'calibration_open',
  /** Leaving calibrate: people whose self or manager appraisal is still missing (their result would reach feedback without it). */
  'appraisals_missing',
  'feedback_meetings_missing',
  'acknowledgements_pending',
  'appeals_open',
  'results_not_applied',
  'improvement_drafts_missing',
  /** The move jumps over phases (overridable). */
  'phases_skipped',
  /** Backwards, to the same phase, or out of `closed` (never allowed, not even with an override). */
  'invalid_transition',
]);
export type GuardCode = z.infer<typeof GuardCodeSchema>;

/**
 * What to do about some of the people a guard names, when overriding the guard is the wrong answer:
 * - all_goals_cancelled: every goal of their plan was cancelled, so they have no score and will never
 *   have a result — withdraw them from the cycle;
 * - participant_inactive: they are no longer active in the organisation — withdraw them.
 */
export const GuardHintCodeSchema = z.enum(['all_goals_cancelled', 'participant_inactive']);
export type GuardHintCode = z.infer<typeof GuardHintCodeSchema>;

export const GuardHintSchema = z.strictObject({
  code: GuardHintCodeSchema,
  count: z.number().int().min(1),
  /** The people of the reason it is about, sorted. */
  ids: z.array(IdSchema),
  /** Plain words, naming what to do (withdraw the person from the cycle). */
  message: z.string().min(1),
});
export type GuardHint = z.infer<typeof GuardHintSchema>;

/** One reason a transition is held back: how many things, which ids, and a plain-words message. */
export const GuardReasonSchema = z.strictObject({
  code: GuardCodeSchema,
  count: z.number().int().min(0),
  /** Person ids (goal ids for kpi_actuals_missing), sorted; empty for facts about the cycle itself. */
  ids: z.array(IdSchema),
  /** The guard's words, then the hints' in brackets when there are any. */
  message: z.string().min(1),
  /** What to do about some of those people instead of an override (absent when nothing applies). */
  hints: z.array(GuardHintSchema).optional(),
});
export type GuardReason = z.infer<typeof GuardReasonSchema>;

/** Minimum length (after trimming) of an override reason. */
export const OVERRIDE_REASON_MIN_CHARS = 10;

export const OverrideRecordSchema = z.strictObject({
  reason: z.string().trim().min(OVERRIDE_REASON_MIN_CHARS).max(TEXT_LIMITS.reason),
  /** What the override pushed past: the failed guards and, when phases were skipped, phases_skipped. */
  refusals: z.array(GuardReasonSchema),
});
export type OverrideRecord = z.infer<typeof OverrideRecordSchema>;

/** One entry of a cycle's audit trail. */
export const TransitionRecordSchema = z.strictObject({
  from: PhaseSchema,
  to: PhaseSchema,
  at: IsoDateTimeSchema,
  actorId: IdSchema,
  /** Null for an ordinary move; set whenever a guard failed or phases were skipped. */
  override: OverrideRecordSchema.nullable(),
  /** The phases jumped over, in order (empty for a one-step move). */
  skipped: z.array(PhaseSchema),
});
export type TransitionRecord = z.infer<typeof TransitionRecordSchema>;

export const CycleSchema = z
  .strictObject({
    id: IdSchema,
    name: z.string().trim().min(1).max(TEXT_LIMITS.name),
    /** The `name` of the Policy the cycle runs under. */
    policyName: z.string().trim().min(1).max(120),
    startsOn: IsoDateSchema,
    endsOn: IsoDateSchema,
    phase: PhaseSchema.default('plan'),
    history: z.array(TransitionRecordSchema).default([]),
    /** Stage due dates within the period, in loop order (absent on undated cycles, as every cycle stored before). */
    schedule: CycleScheduleSchema.optional(),
  })
  .superRefine((c, ctx) => {
    // ISO dates compare correctly as strings.
    if (c.endsOn <= c.startsOn) {
      addRuleIssue(ctx, {
        path: ['endsOn'],
        message: 'endsOn must be after startsOn',
        rule: 'ends_before_start',
      });
    }
    for (const issue of scheduleIssues(c.schedule, c)) addRuleIssue(ctx, issue);
    let phase: Phase = 'plan';
    c.history.forEach((r, i) => {
      if (r.from !== phase || phaseIndex(r.to) <= phaseIndex(r.from)) {
        addRuleIssue(ctx, {
          path: ['history', i],
          message: `transition ${r.from} → ${r.to} does not follow ${phase}`,
          rule: 'history_out_of_order',
        });
      }
      phase = r.to;
    });
    if (c.phase !== phase) {
      addRuleIssue(ctx, {
        path: ['phase'],
        message: `phase ${c.phase} does not match the history (${phase})`,
        rule: 'phase_not_history',
      });
    }
  });
export type Cycle = z.infer<typeof CycleSchema>;
export type CycleInput = z.input<typeof CycleSchema>;

const idList = z.array(IdSchema).default([]);

/**
 * The facts the guards need, computed by the caller from storage. Lists name who (person ids,
 * goal ids for KPI actuals) so a refusal can say who is holding the cycle up.
 */
export const CycleSnapshotSchema = z.strictObject({
  /** Everyone appraised in this cycle (context for clients; no guard reads it). */
  participants: idList,
  /** People whose plan is not agreed by both manager and employee. */
  plansNotAgreed: idList,
  /** People whose plan weights do not total 100. */
  plansWithBadWeights: idList,
  /** People with no check-in this cycle. */
  withoutCheckIn: idList,
  selfAppraisalsMissing: idList,
  managerAppraisalsMissing: idList,
  /**
   * People without a manager appraisal, or without a self-appraisal when the policy weighs it: the gate into feedback
   * names them (a result discussed without its appraisal is obstacle 1, an unfair appraisal).
   */
  appraisalsMissing: idList,
  /** KPI goal ids without an actual. */
  kpiActualsMissing: idList,
  /** People with a target adjustment still to decide (relief is settled before calibration). */
  targetAdjustmentsOpen: idList,
  /** People whose extreme (lowest / highest) rating lacks written evidence. */
  extremeRatingsWithoutEvidence: idList,
  /** Calibration is not finished: no calibration session yet, or one not finalised. */
  calibrationOpen: z.boolean().default(false),
  feedbackMeetingsMissing: idList,
  acknowledgementsPending: idList,
  /** People with an appeal still open. */
  appealsOpen: idList,
  /** People whose result (bonus, merit, promotion, improvement plan) is not applied yet. */
  resultsNotApplied: idList,
  /** People with an improvement gap but no draft goals for the next cycle. */
  improvementDraftsMissing: idList,
  /** Participants with person goals in the cycle, every one cancelled: no score, so never a result (hints only). */
  allGoalsCancelled: idList,
  /** Participants no longer active in the organisation (hints only). */
  inactiveParticipants: idList,
});
export type CycleSnapshot = z.infer<typeof CycleSnapshotSchema>;
/** Missing lists count as empty and a missing flag as false, so callers pass only what they know. */
export type CycleSnapshotInput = z.input<typeof CycleSnapshotSchema>;

/** The policy settings the guards read. */
export type GuardPolicy = Pick<Policy, 'componentWeights' | 'feedback'>;

type SnapshotList = Exclude<
  keyof CycleSnapshot,
  'calibrationOpen' | 'participants' | 'allGoalsCancelled' | 'inactiveParticipants'
>;

export interface GuardDefinition {
  code: GuardCode;
  /** The snapshot list it counts; calibration_open reads the flag instead. */
  list: SnapshotList | null;
  applies: (policy: GuardPolicy) => boolean;
  message: (n: number) => string;
}

const always = () => true;
const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/**
 * Guards checked when LEAVING a phase (a skip checks the phase left and every skipped phase):
 *
 * | leaving     | guard code                  | snapshot fact                  | applies when                          |
 * |-------------|-----------------------------|--------------------------------|---------------------------------------|
 * | plan        | plans_not_agreed            | plansNotAgreed                 | always                                |
 * | plan        | plan_weights_invalid        | plansWithBadWeights            | always                                |
 * | coach       | coaching_missing            | withoutCheckIn                 | always                                |
 * | appraise    | self_appraisals_missing     | selfAppraisalsMissing          | policy.componentWeights.self > 0      |
 * | appraise    | manager_appraisals_missing  | managerAppraisalsMissing       | always                                |
 * | appraise    | kpi_actuals_missing         | kpiActualsMissing (goal ids)   | always                                |
 * | appraise    | target_adjustments_open     | targetAdjustmentsOpen          | always                                |
 * | calibrate   | calibration_open            | calibrationOpen (no session, or one not finalised) | always              |
 * | calibrate   | evidence_missing            | extremeRatingsWithoutEvidence  | always                                |
 * | calibrate   | appraisals_missing          | appraisalsMissing              | always                                |
 * | feedback    | feedback_meetings_missing   | feedbackMeetingsMissing        | policy.feedback.meetingRequired       |
 * | feedback    | acknowledgements_pending    | acknowledgementsPending        | policy.feedback.acknowledgementRequired |
 * | feedback    | appeals_open                | appealsOpen                    | always                                |
 * | apply       | results_not_applied         | resultsNotApplied              | always                                |
 * | apply       | appeals_open                | appealsOpen (resolved only in feedback and apply) | always             |
 * | improve     | improvement_drafts_missing  | improvementDraftsMissing       | always                                |
 * | closed      | (none: a closed cycle never changes)                                                 |
 */
export const GUARDS: Readonly<Record<Phase, readonly GuardDefinition[]>> = {
  plan: [
    {
      code: 'plans_not_agreed',
      list: 'plansNotAgreed',
      applies: always,
      message: (n) => `${plural(n, 'plan', 'plans')} not agreed`,
    },
    {
      code: 'plan_weights_invalid',
      list: 'plansWithBadWeights',
      applies: always,
      message: (n) => `${plural(n, 'plan has', 'plans have')} goal weights that do not total 100`,
    },
  ],
  coach: [
    {
      code: 'coaching_missing',
      list: 'withoutCheckIn',
      applies: always,
      message: (n) => `${plural(n, 'person has', 'people have')} no check-in this cycle`,
    },
  ],
  appraise: [
    {
      code: 'self_appraisals_missing',
      list: 'selfAppraisalsMissing',
      applies: (p) => p.componentWeights.self > 0,
      message: (n) => `${plural(n, 'self-appraisal', 'self-appraisals')} missing`,
    },
    {
      code: 'manager_appraisals_missing',
      list: 'managerAppraisalsMissing',
      applies: always,
      message: (n) => `${plural(n, 'manager appraisal', 'manager appraisals')} missing`,
    },
    {
      code: 'kpi_actuals_missing',
      list: 'kpiActualsMissing',
      applies: always,
      message: (n) => `${plural(n, 'KPI actual', 'KPI actuals')} missing`,
    },
    {
      code: 'target_adjustments_open',
      list: 'targetAdjustmentsOpen',
      applies: always,
      message: (n) => `${plural(n, 'person has', 'people have')} a target adjustment still to decide`,
    },
  ],
  calibrate: [
    {
      code: 'calibration_open',
      list: null,
      applies: always,
      message: () => 'calibration is not finished: a calibration session is still to be started or finalised',
    },
    {
      code: 'evidence_missing',
      list: 'extremeRatingsWithoutEvidence',
      applies: always,
      message: (n) => `${plural(n, 'extreme rating has', 'extreme ratings have')} no written evidence`,
    },
    {
      code: 'appraisals_missing',
      list: 'appraisalsMissing',
      applies: always,
      message: (n) =>
        `${plural(n, 'person has', 'people have')} a self or manager appraisal still missing: their result would be discussed in feedback without it`,
    },
  ],
  feedback: [
    {
      code: 'feedback_meetings_missing',
      list: 'feedbackMeetingsMissing',
      applies: (p) => p.feedback.meetingRequired,
      message: (n) => `${plural(n, 'feedback meeting', 'feedback meetings')} not held`,
    },
    {
      code: 'acknowledgements_pending',
      list: 'acknowledgementsPending',
      applies: (p) => p.feedback.acknowledgementRequired,
      message: (n) => `${plural(n, 'acknowledgement', 'acknowledgements')} pending`,
    },
    {
      code: 'appeals_open',
      list: 'appealsOpen',
      applies: always,
      message: (n) => `${plural(n, 'appeal', 'appeals')} still open`,
    },
  ],
  apply: [
    {
      code: 'results_not_applied',
      list: 'resultsNotApplied',
      applies: always,
      message: (n) => `${plural(n, 'result', 'results')} not applied`,
    },
    {
      // Appeals are resolved only in feedback and apply: leaving apply with one open would leave it unanswerable.
      code: 'appeals_open',
      list: 'appealsOpen',
      applies: always,
      message: (n) => `${plural(n, 'appeal', 'appeals')} still open`,
    },
  ],
  improve: [
    {
      code: 'improvement_drafts_missing',
      list: 'improvementDraftsMissing',
      applies: always,
      message: (n) => `${plural(n, 'improvement draft', 'improvement drafts')} missing`,
    },
  ],
  closed: [],
};

/** Distinct ids, sorted. */
function uniqueSorted(ids: readonly Id[]): Id[] {
  return [...new Set(ids)].sort(compareIds);
}

const HINT_MESSAGES: Record<GuardHintCode, (n: number) => string> = {
  all_goals_cancelled: (n) =>
    `${plural(n, 'person has', 'people have')} every goal cancelled, so no score and never a result: withdraw them from the cycle (with a reason) instead of overriding`,
  participant_inactive: (n) =>
    `${plural(n, 'person is', 'people are')} no longer active in the organisation: withdraw them from the cycle (with a reason)`,
};

/** The snapshot list each hint reads. */
const HINT_LISTS: Record<GuardHintCode, 'allGoalsCancelled' | 'inactiveParticipants'> = {
  all_goals_cancelled: 'allGoalsCancelled',
  participant_inactive: 'inactiveParticipants',
};

/** A hint about `ids` (sorted, at least one). */
export function guardHint(code: GuardHintCode, ids: readonly Id[]): GuardHint {
  const sorted = uniqueSorted(ids);
  return { code, count: sorted.length, ids: sorted, message: HINT_MESSAGES[code](sorted.length) };
}

/** The hints about the people `ids` of a person-listing reason (empty for none). */
export function guardHints(ids: readonly Id[], snapshot: CycleSnapshotInput): GuardHint[] {
  const hints: GuardHint[] = [];
  for (const code of GuardHintCodeSchema.options) {
    const listed = new Set(snapshot[HINT_LISTS[code]] ?? []);
    if (listed.size === 0) continue;
    const named = ids.filter((id) => listed.has(id));
    if (named.length > 0) hints.push(guardHint(code, named));
  }
  return hints;
}

/** How many people a named reason spells out before "and N more" (`count` and `ids` always hold them all). */
export const GUARD_NAMED_MAX = 5;

/** Whether a reason's ids are people (every guard's but kpi_actuals_missing, whose ids are goals). */
export function listsPeople(reason: { code: GuardCode; ids: readonly Id[] }): boolean {
  return reason.ids.length > 0 && reason.code !== 'kpi_actuals_missing' && GUARD_BY_CODE.has(reason.code);
}

/** "Ann Lee, Bob Ma and 3 more": the first `max` of `ids` by `nameOf`, and how many more. */
export function namedList(ids: readonly Id[], nameOf: (id: Id) => string, max = GUARD_NAMED_MAX): string {
  const named = ids.slice(0, Math.max(0, max)).map(nameOf);
  const more = ids.length - named.length;
  if (more > 0) return `${named.join(', ')} and ${more} more`;
  if (named.length <= 1) return named.join('');
  return `${named.slice(0, -1).join(', ')} and ${named.at(-1)}`;
}

/**
 * A guard reason about `ids` (person or goal ids, sorted) with `hints`: the guard's words for that
 * count, then the hints' words in brackets ("1 result not applied (1 person has every goal cancelled…)").
 * With `nameOf`, a reason about people names them after its words, at most GUARD_NAMED_MAX ("2 manager
 * appraisals missing: Ann Lee and Bob Ma"); names are for a reader's answer, never for what is stored.
 */
export function guardReason(
  code: GuardCode,
  ids: readonly Id[],
  hints: readonly GuardHint[] = [],
  nameOf?: (id: Id) => string,
): GuardReason {
  const guard = GUARD_BY_CODE.get(code);
  const words = guard ? guard.message(ids.length) : code;
  const base =
    nameOf !== undefined && listsPeople({ code, ids }) ? `${words}: ${namedList(ids, nameOf)}` : words;
  if (hints.length === 0) return { code, count: ids.length, ids: [...ids], message: base };
  const said = hints.map((h) => h.message).join('; ');
  return { code, count: ids.length, ids: [...ids], message: `${base} (${said})`, hints: [...hints] };
}

const GUARD_BY_CODE = new Map<GuardCode, GuardDefinition>(
  PHASES.flatMap((p) => GUARDS[p]).map((g) => [g.code, g] as const),
);

/** The guards of one phase that fail on this snapshot under this policy, in table order. */
export function failedGuards(
  leaving: Phase,
  snapshot: CycleSnapshotInput,
  policy: GuardPolicy,
): GuardReason[] {
  const reasons: GuardReason[] = [];
  for (const guard of GUARDS[leaving]) {
    if (!guard.applies(policy)) continue;
    if (guard.list === null) {
      if (snapshot.calibrationOpen)
        reasons.push({ code: guard.code, count: 1, ids: [], message: guard.message(1) });
      continue;
    }
    const list = snapshot[guard.list];
    if (!list || list.length === 0) continue;
    const ids = uniqueSorted(list);
    // Goal ids (kpi_actuals_missing) name no person: no hints there.
    const hints = guard.code === 'kpi_actuals_missing' ? [] : guardHints(ids, snapshot);
    reasons.push(guardReason(guard.code, ids, hints));
  }
  return reasons;
}

export interface TransitionEvaluation {
  /** True when the move may happen without an override. */
  allowed: boolean;
  /** False for invalid moves (backwards, same phase, out of closed): no override can force them. */
  overridable: boolean;
  /** Everything holding the move back: failed guards, then phases_skipped; or invalid_transition. */
  reasons: GuardReason[];
  /** Phases strictly between the current phase and `to`. */
  skipped: Phase[];
}

function invalid(message: string): TransitionEvaluation {
  return {
    allowed: false,
    overridable: false,
    reasons: [{ code: 'invalid_transition', count: 1, ids: [], message }],
    skipped: [],
  };
}

/**
 * Whether `cycle` may move to `to`. One step forward is allowed when no guard of the phase being
 * left fails. A skip is never allowed without an override, and checks the guards of the phase left
 * and of every skipped phase. Backwards, same-phase and out-of-closed moves are invalid.
 */
export function evaluateTransition(
  cycle: Pick<Cycle, 'phase'>,
  to: Phase,
  snapshot: CycleSnapshotInput,
  policy: GuardPolicy,
): TransitionEvaluation {
  const from = cycle.phase;
  const a = phaseIndex(from);
  const b = phaseIndex(to);
  if (from === 'closed') return invalid('the cycle is closed and cannot change phase');
  if (b === a) return invalid(`the cycle is already in ${from}`);
  if (b < a) return invalid(`a cycle cannot go back from ${from} to ${to}`);
  const skipped = PHASES.slice(a + 1, b);
  const reasons: GuardReason[] = [];
  for (const leaving of PHASES.slice(a, b)) reasons.push(...failedGuards(leaving, snapshot, policy));
  if (skipped.length > 0) {
    reasons.push({
      code: 'phases_skipped',
      count: skipped.length,
      ids: [],
      message: `the move skips ${skipped.join(', ')}`,
    });
  }
  return { allowed: reasons.length === 0, overridable: true, reasons, skipped };
}

export const TransitionOptionsSchema = z.strictObject({
  actorId: IdSchema,
  at: IsoDateTimeSchema,
  /** Push past failed guards or skip phases; the reason is recorded in the history. */
  override: z.strictObject({ reason: z.string().max(TEXT_LIMITS.reason) }).optional(),
});
export type TransitionOptions = z.infer<typeof TransitionOptionsSchema>;

export type TransitionErrorCode = 'transition_refused' | 'invalid_transition' | 'override_reason_required';

/**
 * The structured facts of a refused transition (also kept under `details` for generic clients).
 * A type alias, not an interface, so it stays assignable to DomainError's `details` record.
 */
export type TransitionRefusalDetails = {
  from: Phase;
  to: Phase;
  reasons: GuardReason[];
  skipped: Phase[];
  /** The minimum override reason length (override_reason_required only). */
  minChars?: number;
};

/**
 * Why `transitionCycle` did not move the cycle: a DomainError (stable `code`, plain-words
 * `message`) whose typed `reasons` and `skipped` need no cast. `reasons` holds the failed guards
 * (then phases_skipped), or the one invalid_transition reason; `skipped` the phases the move
 * would jump over (empty for invalid moves).
 */
export interface TransitionRefusal extends DomainError<TransitionErrorCode> {
  from: Phase;
  to: Phase;
  reasons: GuardReason[];
  skipped: Phase[];
  details: TransitionRefusalDetails;
}

/**
 * The reasons with the people each names (see guardReason's `nameOf`: at most GUARD_NAMED_MAX, then "and N more");
 * reasons about the cycle itself or about goals are kept as they are.
 */
export function nameGuardReasons(reasons: readonly GuardReason[], nameOf: (id: Id) => string): GuardReason[] {
  return reasons.map((r) => (listsPeople(r) ? guardReason(r.code, r.ids, r.hints ?? [], nameOf) : r));
}

/**
 * A refusal as told to a reader who may see every person it names: its reasons naming them (nameGuardReasons)
 * and, for transition_refused, its message again from those reasons. Other refusals are returned as they are.
 */
export function nameTransitionRefusal(
  refusal: TransitionRefusal,
  nameOf: (id: Id) => string,
): TransitionRefusal {
  if (refusal.code !== 'transition_refused') return refusal;
  const reasons = nameGuardReasons(refusal.reasons, nameOf);
  return {
    ...refusal,
    message: refusedMessage(refusal.from, refusal.to, reasons),
    reasons,
    details: { ...refusal.details, reasons },
  };
}

/** A failed transition result carrying a TransitionRefusal. */
function refuse(
  code: TransitionErrorCode,
  message: string,
  facts: TransitionRefusalDetails,
  path?: (string | number)[],
): Err<TransitionRefusal> {
  const { from, to, reasons, skipped } = facts;
  return err({ code, message, ...(path ? { path } : {}), from, to, reasons, skipped, details: facts });
}

/** "Cannot move from plan to coach: 7 plans not agreed; …" */
function summary(from: Phase, to: Phase, reasons: readonly GuardReason[]): string {
  return `Cannot move from ${from} to ${to}: ${reasons.map((r) => r.message).join('; ')}.`;
}

/** The message of transition_refused: the summary, then that an override with a reason is needed. */
function refusedMessage(from: Phase, to: Phase, reasons: readonly GuardReason[]): string {
  return `${summary(from, to, reasons)} An override with a reason is needed.`;
}

/**
 * Move `cycle` to `to`, appending a TransitionRecord. A held-back move fails with
 * transition_refused (a TransitionRefusal: `reasons` lists the typed reasons) unless `override` gives a reason of
 * at least OVERRIDE_REASON_MIN_CHARS characters; the record then keeps the actor, the reason, the
 * refusals overridden and the skipped phases. Invalid moves fail with invalid_transition even with
 * an override. An override on a move that needs none is ignored (the record shows no override).
 */
export function transitionCycle(
  cycle: Cycle,
  to: Phase,
  snapshot: CycleSnapshotInput,
  policy: GuardPolicy,
  options: TransitionOptions,
): Result<Cycle, TransitionRefusal> {
  const from = cycle.phase;
  const evaluation = evaluateTransition(cycle, to, snapshot, policy);
  const { reasons, skipped } = evaluation;
  if (!evaluation.overridable) {
    return refuse('invalid_transition', summary(from, to, reasons), { from, to, reasons, skipped });
  }
  let override: OverrideRecord | null = null;
  if (!evaluation.allowed) {
    if (options.override === undefined) {
      return refuse('transition_refused', refusedMessage(from, to, reasons), {
        from,
        to,
        reasons,
        skipped,
      });
    }
    const reason = options.override.reason.trim();
    if (reason.length < OVERRIDE_REASON_MIN_CHARS || options.actorId.trim() === '') {
      return refuse(
        'override_reason_required',
        `An override needs the acting person and a reason of at least ${OVERRIDE_REASON_MIN_CHARS} characters.`,
        { from, to, reasons, skipped, minChars: OVERRIDE_REASON_MIN_CHARS },
        ['override', 'reason'],
      );
    }
    override = { reason, refusals: reasons };
  }
  const record: TransitionRecord = { from, to, at: options.at, actorId: options.actorId, override, skipped };
  return ok({ ...cycle, phase: to, history: [...cycle.history, record] });
}
