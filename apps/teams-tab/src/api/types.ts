// The API's response shapes the tab reads (a subset of /openapi.json, written from the API's responses).

export type Role = 'employee' | 'manager' | 'department_head' | 'hr_admin';
export type Phase = 'plan' | 'coach' | 'appraise' | 'calibrate' | 'feedback' | 'apply' | 'improve' | 'closed';
export const PHASES: readonly Phase[] = [
  'plan',
  'coach',
  'appraise',
  'calibrate',
  'feedback',
  'apply',
  'improve',
  'closed',
];

export interface Versioned {
  version: number;
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Person extends Versioned {
  id: string;
  name: string;
  email: string;
  departmentId: string;
  managerId: string | null;
  roles: Role[];
  jobTitle: string;
  active: boolean;
}

export interface Department extends Versioned {
  id: string;
  name: string;
  parentId: string | null;
  headId: string | null;
}

export interface RatingLevel {
  value: number;
  /** The level's name as the organisation wrote it (the default). */
  label: string;
  /** The name in the tab's languages, when the policy gives one (core `RatingLevelSchema`). */
  labels?: Partial<Record<'en' | 'zh-CN', string>>;
}

export interface Policy {
  name: string;
  ratingScale: { levels: (RatingLevel & { minScore: number })[]; meets: number };
  coaching: { cadence: string; graceDays: number; recordingGraceDays?: number };
  /** `anonymousMinReviews`: peer and upward reviews are shown to their subject from this many reviewers (absent from an older API: 3). */
  /** `similarityThreshold`: how alike two texts by one author must be to count as copied (absent from an older API: 0.8). */
  feedback: {
    minChars: number;
    appealWindowDays: number;
    anonymousMinReviews?: number;
    similarityThreshold?: number;
  };
  calibration: { evidenceMinChars: number };
  /** Flexible targets: the achievement each anchor earns (absent from an older API). */
  flexibleTargets?: { enabled: boolean; thresholdAchievement: number; stretchAchievement: number };
}

/** The stages a cycle can date, in loop order, with the phase each belongs to (core `SCHEDULE_STAGES`). */
export const SCHEDULE_STAGES = [
  { key: 'planDue', phase: 'plan' },
  { key: 'peerFeedbackDue', phase: 'appraise' },
  { key: 'selfAppraisalDue', phase: 'appraise' },
  { key: 'managerAppraisalDue', phase: 'appraise' },
  { key: 'calibrationDue', phase: 'calibrate' },
  { key: 'feedbackDue', phase: 'feedback' },
  { key: 'applyDue', phase: 'apply' },
  { key: 'improveDue', phase: 'improve' },
] as const satisfies readonly { key: string; phase: Phase }[];
export type ScheduleKey = (typeof SCHEDULE_STAGES)[number]['key'];
/** A cycle's stage due dates (YYYY-MM-DD), each optional. */
export type CycleSchedule = Partial<Record<ScheduleKey, string>>;

export interface Cycle extends Versioned {
  id: string;
  name: string;
  startsOn: string;
  endsOn: string;
  phase: Phase;
  policyId: string;
  policy: Policy;
  participants: string[];
  /** Absent on an undated cycle. */
  schedule?: CycleSchedule;
  /** People withdrawn (not reinstated since), as far as the reader may see (absent from an older API). */
  withdrawn?: CycleWithdrawal[];
  /** Participants no longer active in the organisation, among the people the reader may see. */
  inactiveParticipants?: string[];
  /** When the cycle was opened (created): check-ins are not dated before it (absent from an older API). */
  createdAt?: string;
}

export type WithdrawalKind = 'left_organisation' | 'leave_of_absence' | 'role_change' | 'other';
export const WITHDRAWAL_KINDS: readonly WithdrawalKind[] = [
  'left_organisation',
  'leave_of_absence',
  'role_change',
  'other',
];

/** A withdrawal as the reader may see it: HR and the person's managers all of it, the person kind and at, others the id. */
export interface CycleWithdrawal {
  personId: string;
  kind?: WithdrawalKind;
  reason?: string;
  at?: string;
  by?: string;
}

/** One withdrawal or reinstatement of a person (GET /v1/cycles/{id}/participants), as the reader may see it. */
export interface ParticipationEvent {
  personId: string;
  action: 'withdrawn' | 'reinstated';
  at: string;
  /** Who did it: HR and those who manage the person only. */
  by?: string;
  /** Withdrawn: why they stopped taking part. */
  kind?: WithdrawalKind;
  /** HR's reason (a reinstatement's when one was given): HR and those who manage the person only. */
  reason?: string;
}

/** A person of the cycle (GET /v1/cycles/{id}/participants): taking part or withdrawn, with their history. */
export interface CycleParticipant {
  personId: string;
  status: 'participant' | 'withdrawn';
  /** A participant no longer active in the organisation (HR withdraws them). */
  inactive: boolean;
  /** Their current withdrawal (null for a participant). */
  withdrawal: CycleWithdrawal | null;
  /** Every withdrawal and reinstatement of theirs in this cycle, oldest first. */
  history: ParticipationEvent[];
}

export type GoalKind = 'kpi' | 'competency';

export interface Goal extends Versioned {
  id: string;
  cycleId: string;
  title: string;
  description: string;
  level: 'organisation' | 'department' | 'person';
  ownerId: string | null;
  departmentId: string | null;
  weight: number;
  alignedTo: string | null;
  status: 'draft' | 'active' | 'done' | 'cancelled';
  dueDate: string | null;
  kind: GoalKind;
  unit?: string;
  direction?: 'higher_is_better' | 'lower_is_better';
  baseline?: number;
  threshold?: number | null;
  target?: number;
  stretch?: number | null;
  actual?: number | null;
  /** A KPI's scoring curve (core CurveSchema). */
  curve?: { type: 'linear' } | { type: 'stepped' } | { type: 'capped'; cap: number };
  expectations?: string;
}

export interface Plan extends Versioned {
  personId: string;
  cycleId: string;
  status: 'draft' | 'proposed' | 'agreed';
  employeeAgreedAt: string | null;
  managerAgreedAt: string | null;
  goals: Goal[];
  weightsTotal: number;
  weightsValid: boolean;
  /** The ETag of the plan as read (its record and every goal): agreeing sends it as If-Match. */
  etag: string;
  /** English `message`; `details` names its facts (absent from an older API). */
  goalMixWarning: {
    code: string;
    message: string;
    details?: { kpiWeight?: number; guideline?: number; tolerance?: number; theme?: string };
  } | null;
}

export interface PlanStatus {
  personId: string;
  status: 'draft' | 'proposed' | 'agreed';
  employeeAgreedAt: string | null;
  managerAgreedAt: string | null;
  goals: number;
  weightsTotal: number;
  weightsValid: boolean;
}

export type CheckInKind = 'guidance_note' | 'performance_meeting' | 'feedback_form';

export interface GoalUpdate {
  goalId: string;
  actual: number | null;
  progressNote?: string;
}

export interface CheckIn extends Versioned {
  /** When the server recorded it (`at` is when it happened); absent from an older API. */
  createdAt?: string;
  id: string;
  cycleId: string;
  subjectId: string;
  authorId: string;
  kind: CheckInKind;
  at: string;
  notes: string;
  goalUpdates: GoalUpdate[];
  form: { strengths: string; improvements: string; supportNeeded?: string; nextSteps: string } | null;
}

export type ReviewComponent = 'self' | 'manager' | 'peer' | 'upward';

export interface ReviewRating {
  goalId: string;
  rating: number;
  comment?: string;
  evidence?: string;
}

/** A page of GET /v1/reviews, with what the anonymity threshold left out of it for me. */
export interface ReviewPage {
  items: Review[];
  nextCursor: string | null;
  /** Per cycle, the peer or upward reviews of me withheld (fewer people gave one than the policy's minimum); absent from an older API. */
  withheld?: (WithheldComponent & { cycleId: string; subjectId: string })[];
}

export interface Review extends Versioned {
  id: string;
  cycleId: string;
  subjectId: string;
  reviewerId: string | null;
  component: ReviewComponent;
  ratings: ReviewRating[];
  summary: string;
  submittedAt: string | null;
  warnings?: { code: string; message: string }[];
  /** "Mere formality" flags for its reviewer and the subject's managers/HR (null otherwise, or a self review; absent from an older API). */
  formality?: FormalityWarning[] | null;
}

export interface CoachingPerson {
  personId: string;
  managerId: string | null;
  checkIns: number;
  /** When the last check-in counts: its `at`, or its recording time when it was recorded late. */
  lastCheckInAt: string | null;
  /** Check-ins recorded more than the policy's recording grace after their date (absent from an older API). */
  recordedLate?: number;
  /** The longest of those delays, in whole days after the check-in's date; 0 when none. */
  recordedLateByDays?: number;
  daysSinceLast: number | null;
  windowsElapsed: number;
  windowsCovered: number;
  onTimePercent: number;
  overdue: boolean;
  overdueByDays: number;
}

export interface CoachingReport {
  cycleId: string;
  /** First day not observed: through today while coaching runs, the day after coachingEndedOn once it is over. */
  asOf: string;
  /** The last day of coaching once the cycle has left coach (the figures are frozen as of it); null until then. */
  coachingEndedOn: string | null;
  cadenceDays: number;
  graceDays: number;
  /** A check-in recorded more days than this after its date counts from its recording (absent from an older API). */
  recordingGraceDays?: number;
  people: CoachingPerson[];
  /** Each manager of someone in the report, named also when the caller may not look them up (her own manager). */
  managers: {
    managerId: string;
    managerName: string | null;
    reports: number;
    onTimePercent: number;
    overdue: string[];
    /** Check-ins about their reports recorded late, and the longest delay in days (absent from an older API). */
    recordedLate?: number;
    recordedLateByDays?: number;
  }[];
  totals: { people: number; checkIns: number; onTimePercent: number; overdue: number };
}

/** One meeting check: English `message`, and the counts it names (summary: chars / minChars; agreed_action: actions). */
export interface QualityCheck {
  code: string;
  passed: boolean;
  chars?: number;
  minChars?: number;
  actions?: number;
  message: string;
}

export interface FeedbackMeeting extends Versioned {
  id: string;
  cycleId: string;
  subjectId: string;
  managerId: string;
  heldAt: string;
  summary: string;
  strengths: string;
  improvements: string;
  agreedActions: string[];
  acknowledgement: {
    status: 'pending' | 'acknowledged' | 'appealed' | 'appeal_resolved';
    at?: string;
    comment?: string;
    reason?: string;
    outcome?: 'upheld' | 'changed';
    note?: string;
    /** appeal_resolved: who resolved it (an HR administrator). */
    by?: string;
    /** appeal_resolved as changed: the rating HR corrected and the corrected one (absent on older resolutions). */
    correction?: { from: number; to: number; adjustmentId: string; resultId?: string };
  };
  /** Null while the meeting fails the checklist: it does not count yet, no appeal window runs. */
  appealDeadline: string | null;
  /** When the manager last corrected the record (absent from older APIs). */
  correctedAt?: string | null;
  quality: { passed: boolean; checks: QualityCheck[] } | null;
  /** "Mere formality" warnings: empty, too short, or near-identical text given to several people. */
  warnings: FormalityWarning[];
}

/** English `message`; `details` names its facts (too_short: chars, minChars; near_duplicate: similarity, matchCount). */
export interface FormalityWarning {
  id: string;
  code: 'empty' | 'too_short' | 'near_duplicate';
  message: string;
  details?: Record<string, unknown>;
}

/** Why a person is (not yet) nominated: English `reasons`, and the facts they name (absent on older results). */
export interface PromotionDecision {
  status: 'nominated' | 'not_yet';
  rating: number;
  potential: number;
  monthsInRole: number;
  readiness: 'ready_now' | 'ready_later' | 'not_ready' | null;
  unmet: ('rating' | 'potential' | 'months_in_role' | 'readiness')[];
  minRating?: number;
  minPotential?: number;
  /** null: months in role were not checked. */
  minMonthsInRole?: number | null;
  reasons: string[];
}

export interface ImprovementPlan {
  rating: number;
  startsOn: string;
  endsOn: string;
  focusGoals: { title: string }[];
  /** What `reason` (English) names; absent on plans applied before they were added. */
  atOrBelowRating?: number;
  durationDays?: number;
  externalLeftOut?: number;
  reason: string;
}

export interface DevelopmentItem {
  type: string;
  /** English: "<Type>: <goal title>". */
  title: string;
  /** Absent on items applied before it was added. */
  goalTitle?: string;
}

/** How one goal was scored (anchor fields are null for competency goals). */
export interface GoalTrace {
  goalId: string;
  title: string;
  kind: string;
  weight: number;
  /** Percent of the final score after renormalising (0 when not counted). */
  effectiveWeight: number;
  counted: boolean;
  excluded: string | null;
  actual: number | null;
  baseline: number | null;
  threshold: number | null;
  target: number | null;
  stretch: number | null;
  direction: string | null;
  curve: { type: string; cap?: number } | null;
  reached: string | null;
  achievement: number | null;
  score: number | null;
  contribution: number;
  components: { component: string; raters: number; mean: number; weight: number; effectiveWeight: number }[];
  /** A KPI target relieved by an approved target adjustment (absent otherwise, and from older APIs). */
  targetAdjustment?: GoalTargetAdjustmentTrace;
  /** Changes made to what the goal is scored from after its plan was agreed (HR; a cancellation also the manager chain), oldest first (absent otherwise). */
  corrections?: GoalCorrectionStep[];
  /**
   * In my own explanation while peer or upward reviews of mine are withheld: this competency goal is scored with the
   * others together (`ScoreTrace.withheld.pooled`), its score, contribution and components not shown.
   */
  pooled?: boolean;
}

/** Peer or upward reviews of mine I am not shown: `reviewers` people gave one, fewer than the policy's `minReviews`. */
export interface WithheldComponent {
  component: string;
  reviewers: number;
  minReviews: number;
}

/** My counted competency goals shown together while a withheld component weighs in my score. */
export interface PooledGoals {
  goalIds: string[];
  weight: number;
  effectiveWeight: number;
  score: number;
  contribution: number;
}

/** A scoring field's value in a correction: a number, a direction or kind, null (no anchor) or a curve. */
export type ScoringValue = number | string | null | { type: string; cap?: number };

/** One correction of a goal after its plan was agreed (a change, or the goal added): the fields, before and after, why, who and when. */
export interface GoalCorrectionStep {
  id: string;
  /** `changed` (absent in explanations kept before additions were corrections) or `added` to the agreed plan. */
  kind?: string;
  /** An added goal's title as it was added. */
  title?: string;
  phase: string;
  fields: string[];
  before: Record<string, ScoringValue | undefined>;
  after: Record<string, ScoringValue | undefined>;
  reason: string;
  correctedBy: string;
  correctedAt: string;
}

/** The anchors a target adjustment moves. */
export interface TargetAnchors {
  threshold: number | null;
  target: number;
  stretch: number | null;
}

/** How an approved target adjustment changed a goal's score: the original and adjusted anchors and the original score. */
export interface GoalTargetAdjustmentTrace {
  original: TargetAnchors;
  adjusted: TargetAnchors;
  factor: string;
  reason: string;
  originalReached: string | null;
  originalAchievement: number | null;
  originalScore: number | null;
}

/** One renormalisation: its code, the English `text` and the facts it names (by code). */
export interface RenormalisationNote {
  code: string;
  text: string;
  missing?: { component: string; weight: number }[];
  present?: string[];
  goalId?: string;
  title?: string;
  components?: string[];
  kind?: string;
  weight?: number;
  countedWeight?: number;
}

export interface ScoreTrace {
  goals: GoalTrace[];
  components: { component: string; policyWeight: number; present: boolean; reviewers: number }[];
  /** The notes in English. */
  renormalised: string[];
  /** The same notes with their codes and facts (absent from older APIs). */
  renormalisation?: RenormalisationNote[];
  formula: string;
  /** With an approved target adjustment: the score the original targets would have given. */
  unadjustedScore?: number;
  /** Goals cancelled after the plan was agreed (not scored), each with its corrections (absent otherwise). */
  cancelledGoals?: CancelledGoalTrace[];
  /** In my own explanation: the components withheld from me, and my competency goals together (absent otherwise). */
  withheld?: { components: WithheldComponent[]; pooled: PooledGoals | null };
  /** How the rating was moved after scoring, oldest first: calibration moves and corrections on appeal (absent when none). */
  ratingChanges?: RatingChangeStep[];
}

/** One move of a rating after scoring: in calibration, or corrected when an appeal was resolved as changed. */
export interface RatingChangeStep {
  kind: string;
  from: RatingLevel;
  to: RatingLevel;
  by: string;
  at: string;
  reason: string;
  sessionId?: string;
  meetingId?: string;
}

/** A goal cancelled after its plan was agreed: not scored, listed with the cancellation, who, when and why. */
export interface CancelledGoalTrace {
  goalId: string;
  title: string;
  kind: string;
  weight: number;
  corrections: GoalCorrectionStep[];
}

export interface Explanation {
  subjectId: string;
  score: number | null;
  rating: RatingLevel | null;
  /** The score and rating as scored, before calibration (what the trace explains). */
  original?: { score: number; rating: RatingLevel };
  calibrated: boolean;
  trace?: ScoreTrace;
  /** The trace in English. */
  explanation?: string;
  warnings: { code?: string; message: string; details?: Record<string, unknown> }[];
  /** My own score only: peer and upward reviews withheld from me by the anonymity threshold (absent when none). */
  withheld?: WithheldComponent[];
}

export interface Result extends Versioned {
  id: string;
  cycleId: string;
  personId: string;
  score: number | null;
  rating: RatingLevel | null;
  bonus: { amountCents: number; targetCents: number; multiplier: number } | null;
  merit: { amountCents: number; effectivePercent: number; salaryCents: number } | null;
  promotion: PromotionDecision | null;
  improvementPlan: ImprovementPlan | null;
  developmentItems: DevelopmentItem[];
  compensationRedacted: boolean;
  /** The bonus pool and merit budget its apply used (HR only; null otherwise and for results applied before). */
  budget?: AppliedBudget | null;
  /** The organisation's currency (ISO 4217) the amounts are in; null: none set. */
  currency: string | null;
  appliedAt: string;
  /**
   * With explain=true: the score's explanation kept when the result was applied (never follows later edits); null for a
   * result applied before explanations were kept.
   */
  explanation?: Explanation | null;
  /** Corrections after the apply: appeals resolved as changed re-applied it (absent from older APIs). */
  corrections?: ResultCorrection[];
}

/** The outcome of a result before or after a correction (amounts null when hidden from the reader). */
export interface ResultOutcome {
  rating: RatingLevel;
  bonusCents: number | null;
  meritCents: number | null;
  promotion: 'nominated' | 'not_yet' | null;
  improvementPlan: boolean;
}

/** An applied result corrected because an appeal was resolved as changed. */
export interface ResultCorrection {
  kind: 'appeal';
  meetingId: string;
  adjustmentId: string;
  at: string;
  by: string;
  from: ResultOutcome;
  to: ResultOutcome;
  bonusShortCents: number;
  meritShortCents: number;
  trace: string[];
  payTrace: string[];
}

/** What one apply split: the bonus pool (null: the policy has none) and the merit budget, and what it allocated. */
export interface AppliedBudget {
  bonus: { mode: string; poolCents: number; allocatedCents: number; unallocatedCents: number } | null;
  merit: { budgetCents: number; allocatedCents: number; unallocatedCents: number };
}

export interface CompensationInput extends Versioned {
  cycleId: string;
  personId: string;
  salaryCents: number;
  bandMidpointCents: number;
  targetBonusCents: number;
  currency: string | null;
}

export interface ResultsPreview {
  policyName: string;
  people: Result[];
  /** null: the policy has no bonus pool (a `bonus_pool_disabled` warning says so). */
  bonus: {
    poolCents: number;
    allocatedCents: number;
    unallocatedCents: number;
    mode: string;
    trace: string;
  } | null;
  merit: { budgetCents: number; allocatedCents: number; unallocatedCents: number; trace: string };
  promotions: { nominated: number; notYet: number };
  improvementPlans: number;
  developmentItems: number;
  warnings: { code: string; message: string; personIds: string[] }[];
  currency: string | null;
  appliedAt: string | null;
}

export interface CalibrationSession extends Versioned {
  id: string;
  cycleId: string;
  name: string;
  departmentIds: string[];
  state: 'open' | 'finalised';
  /** Null until finalised, and for a reader who does not run the session. */
  summary: { total: number; changed: number; up: number; down: number } | null;
  /**
   * Whether the caller runs it (HR, or the head of every department in it): false for a head who reads it because it
   * covers a department she heads — she sees only her departments' people and moves nothing.
   */
  mayRun: boolean;
}

/** What a calibrated rating rests on when an input is missing (the score's warnings, core scoring). */
export interface RatingBasisWarning {
  code: 'manager_review_missing' | 'unrated_goal' | 'missing_actual';
  message: string;
  details?: Record<string, unknown>;
}

export interface DistributionLevel {
  value: number;
  label: string;
  count: number;
  percent: number;
  guideline: number;
  delta: number;
  flagged: boolean;
}

/**
 * A person the session covers who has no score, so is not calibrated (the API's `ScoreFailure`): `all_goals_cancelled`,
 * `no_scorable_goals` (no goal, or none with an actual or a usable rating yet) or `duplicate_subject`; `message` is the
 * API's English.
 */
export interface ScoreFailure {
  subjectId: string;
  code: 'all_goals_cancelled' | 'no_scorable_goals' | 'duplicate_subject';
  message: string;
}

export interface Distribution {
  people: string[];
  /** The people covered who have no score (not in `ratings`), each with why. */
  unscored: ScoreFailure[];
  current: { levels: DistributionLevel[]; total: number; withinGuideline: boolean };
  original: { levels: DistributionLevel[]; total: number; withinGuideline: boolean };
  /** Each scored person's rating as scored and as calibrated now; `isCaller` marks the caller's own (never theirs to move). */
  ratings: {
    personId: string;
    original: number;
    current: number;
    isCaller: boolean;
    /** What the rating rests on when an input is missing (empty otherwise). */
    warnings: RatingBasisWarning[];
  }[];
}

export interface RaterStats {
  raterId: string;
  n: number;
  mean: number;
  sd: number;
  leniency: number;
  spreadRatio: number;
  flags: string[];
}

export interface RaterBias {
  raters: RaterStats[];
  population: { n: number; mean: number; sd: number };
}

export interface NineBoxItem {
  personId: string;
  rating: number;
  performance: 'low' | 'moderate' | 'high';
  potential: number | null;
  box: number | null;
  label: string | null;
  /** The caller's own entry: nobody moves their own rating (403 `own_rating`). */
  isCaller: boolean;
}

export interface NineBox {
  items: NineBoxItem[];
  unscored: ScoreFailure[];
  /** Scored people whose potential nobody assessed yet (not placed in the grid). */
  missingPotential?: string[];
}

export interface EvidenceIssue {
  reviewId: string;
  subjectId: string;
  /** Null for a peer or upward review of the reader themselves (its reviewer stays anonymous to them). */
  reviewerId: string | null;
  goalId: string;
  rating: number;
  chars: number;
  required: number;
}

export interface Adjustment extends Versioned {
  id: string;
  /** `appeal`: a move made when an appeal was resolved as changed (`meetingId`; no session). */
  kind?: 'appeal';
  meetingId?: string;
  subjectId: string;
  from: number;
  to: number;
  justification: string;
  actorId: string;
  at: string;
}

export type Factor = 'skills' | 'external_environment' | 'internal_conditions' | 'motivation';

export interface FactorShare {
  factor: Factor;
  weightedGap: number;
  share: number;
  response: string;
}

/** A KPI goal below target (GET /v1/cycles/{id}/shortfalls). */
export interface Shortfall {
  subjectId: string;
  goalId: string;
  title: string;
  unit: string;
  direction: 'higher_is_better' | 'lower_is_better';
  weight: number;
  threshold: number | null;
  target: number;
  stretch: number | null;
  actual: number;
  achievement: number;
  gap: number;
  weightedGap: number;
  /** The caller is the person or in their manager chain. */
  attributable: boolean;
}

/** Why a shortfall happened, by the four factors, in one author's view (shares total 1). */
export interface GapAttribution extends Versioned {
  id: string;
  cycleId: string;
  authorId: string;
  subjectId: string;
  goalId: string;
  factors: { factor: Factor; share: number }[];
  note: string;
}

/** A request to relieve a KPI goal's target for the external environment, and its decision. */
export interface TargetAdjustment extends Versioned {
  id: string;
  cycleId: string;
  goalId: string;
  subjectId: string;
  factor: Factor;
  current: TargetAnchors;
  proposed: TargetAnchors;
  reason: string;
  evidence: string;
  state: 'requested' | 'approved' | 'rejected' | 'withdrawn';
  requestedBy: string;
  requestedAt: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string;
}

export interface DiagnosisBlock {
  shortfalls: number;
  weightedGap: number;
  factors: FactorShare[];
  unattributed: { weightedGap: number; share: number; shortfalls: number };
  dominant: Factor | null;
}

export interface Diagnosis {
  cycleId: string;
  overall: DiagnosisBlock;
  departments: (DiagnosisBlock & { departmentId: string; departmentName?: string })[];
}

export interface AlignmentCoverage {
  goals: number;
  alignedGoals: number;
  countPct: number;
  weightPct: number;
}

export interface AlignmentReport {
  overall: AlignmentCoverage;
  departments: (AlignmentCoverage & { departmentId: string })[];
}

export interface Organisation extends Versioned {
  id: string;
  name: string;
  settings: {
    timezone: string;
    locale: string;
    /** ISO 4217; null until HR sets it (amounts are then shown without a symbol). */
    currency: string | null;
    activePolicyId: string | null;
  };
}

export interface Readiness {
  cycleId: string;
  phase: Phase;
  next: Phase | null;
  ready: boolean;
  /** The current phase's due date by the cycle schedule, and how many days it is past it. */
  dueOn: string | null;
  overdueByDays: number | null;
  reasons: { code: string; count: number; ids: string[]; message: string; hints?: GuardHint[] }[];
}

/** What to do instead of an override about some of a guard's people (core `GuardHint`). */
export interface GuardHint {
  code: 'all_goals_cancelled' | 'participant_inactive' | (string & {});
  count: number;
  ids: string[];
  message: string;
}

export type FeedbackComponent = 'peer' | 'upward';
export type FeedbackRequestState = 'pending' | 'submitted' | 'declined' | 'cancelled';

/** A request for peer or upward feedback: pending → submitted (a review answered it) | declined | cancelled. */
export interface FeedbackRequest extends Versioned {
  id: string;
  cycleId: string;
  subjectId: string;
  reviewerId: string;
  component: FeedbackComponent;
  message: string;
  requestedBy: string;
  state: FeedbackRequestState;
  reviewId: string | null;
  reason: string | null;
  closedAt: string | null;
}

/** A colleague as feedback requests show them (GET /v1/cycles/{id}/feedback-reviewers). */
export interface Colleague {
  id: string;
  name: string;
  jobTitle: string;
  departmentId: string;
}

/** Who a request is about, who asked, and the competency goals a peer/upward review rates. */
export interface RequestSubject {
  requestId: string;
  subject: Colleague;
  requestedBy: Colleague | null;
  goals: Goal[];
}

/** Why a draft exists: `message` is English; the code and fields say it in the tab's language (older drafts lack some). */
export interface DraftReason {
  code: string;
  sourceGoalId: string;
  factor: Factor | null;
  share: number | null;
  achievement?: number;
  /** ongoing_competency: null when the goal was not scored. */
  score?: number | null;
  meets?: number | null;
  message: string;
}

/** A point to settle when the plan is agreed (core DraftNote): an English `message` and the facts it names. */
export interface DraftNote {
  code: string;
  share?: number;
  score?: number;
  meets?: number;
  parentGoalId?: string;
  parentTitle?: string;
  missing?: 'kpi' | 'competency';
  mix?: { kpi: number; competency: number };
  message: string;
}

/** One person's next-cycle draft (or the organisation's, personId null): goals to carry into the next cycle. */
export interface NextCycleDraft extends Versioned {
  id: string;
  fromCycleId: string;
  toCycleId: string;
  personId: string | null;
  status: 'open' | 'accepted';
  drafts: {
    goal: Goal;
    carriedFrom: string | null;
    reason: DraftReason;
    notes: DraftNote[];
  }[];
  developmentItems: {
    id: string;
    title: string;
    sourceGoalId: string;
    sourceItemId: string | null;
    /** An item continuing an apply-phase item: its type and goal title (absent on older drafts). */
    sourceType?: 'training' | 'mentoring' | 'stretch_assignment';
    goalTitle?: string;
    reason: DraftReason;
  }[];
  managerActions: {
    id: string;
    kind: 'resource_fix' | 'incentive_review';
    sourceGoalId: string;
    title: string;
    reason: DraftReason;
  }[];
  /** Goals not carried forward and why (`title` absent on drafts stored before it was added). */
  skipped: { goalId: string; title?: string; reason: string }[];
  acceptedAt: string | null;
  acceptedBy: string | null;
  createdGoalIds: string[];
}

/** A stored policy as the cycle form lists it. */
export interface StoredPolicy extends Versioned {
  id: string;
  name: string;
  theme: 'incentive' | 'control';
  /** Culture-fit advice (never a refusal): `code` (e.g. team_stability), English `message`, its facts. */
  warnings?: { code: string; message: string; details?: Record<string, unknown> }[];
}

/** A reusable plan (`/v1/goal-templates`): its goals, whose live weights total 100. */
export interface GoalTemplate extends Versioned {
  id: string;
  name: string;
  goals: { title: string; kind: GoalKind; weight: number }[];
  createdBy: string | null;
}

export type TemplateSkip =
  | 'already_assigned'
  | 'id_conflict'
  | 'invalid_id'
  | 'duplicate_person'
  | 'not_participant';

/** `POST /v1/goal-templates/{id}/assign`: the goals created, per person. */
export interface TemplateAssignment {
  templateId: string;
  cycleId: string;
  created: number;
  report: { personId: string; created: number; skipped: TemplateSkip | null }[];
}

export type ToDoKind =
  | 'complete_plan'
  | 'agree_plan'
  | 'check_in_due'
  | 'feedback_request'
  | 'self_review'
  | 'manager_review'
  | 'open_calibration'
  | 'finalise_calibration'
  | 'hold_feedback_meeting'
  | 'acknowledge_result'
  | 'resolve_appeal'
  | 'apply_results'
  | 'review_next_cycle_drafts';

/** One pending action of `GET /v1/me/to-do`. */
export interface ToDoItem {
  kind: ToDoKind;
  cycleId: string;
  cycleName: string;
  phase: Phase;
  subjectId: string | null;
  subjectName?: string;
  targetId: string | null;
  dueOn: string | null;
  overdueByDays: number | null;
  count?: number;
  /** hold_feedback_meeting: why it is still to hold; complete_plan: why the plan cannot be agreed yet. */
  reason?: 'not_recorded' | 'scheduled' | 'mere_formality' | 'no_goals' | 'weights_not_100';
  /** complete_plan: the live goals' weights as they total now. */
  weightsTotal?: number;
}

/** `GET /v1/me/to-do`: the caller's pending actions, most urgent first. */
export interface ToDoList {
  asOf: string;
  total: number;
  overdue: number;
  items: ToDoItem[];
}

/** The to-do kinds the API alerts in Teams (`GET /v1/alerts/deliveries?kind=`). */
export type AlertKind = Extract<
  ToDoKind,
  | 'complete_plan'
  | 'agree_plan'
  | 'check_in_due'
  | 'self_review'
  | 'manager_review'
  | 'hold_feedback_meeting'
  | 'acknowledge_result'
>;

/** One Teams alert's delivery record of `GET /v1/alerts/deliveries` (HR). */
export interface AlertDelivery {
  id: string;
  day: string;
  recipientId: string;
  kind: AlertKind;
  cycleId: string;
  /** The report, or the recipient for their own items; null on a digest. */
  subjectId: string | null;
  /** A daily digest: one notification about several of the recipient's reports (`subjectIds`). */
  digest: boolean;
  subjectIds: string[];
  status: 'sending' | 'sent' | 'failed';
  /** Failed by throttling or an outage: a later run the same day tries again. */
  retryable: boolean;
  claims: number;
  attempts: number;
  /** Graph's last answer (204 sent; 0 no answer). */
  httpStatus: number | null;
  /** Graph's `code: message` of the last failure (`token: <code>` when Entra refused the app's token). */
  lastError: string | null;
  activityType: string | null;
  webUrl: string | null;
  claimedAt: string;
  createdAt: string;
  updatedAt: string;
}

/** One person of `GET /v1/alerts/unreachable` (HR): active, without a linked Entra login, so never alerted. */
export interface AlertUnreachablePerson {
  personId: string;
  name: string;
}

/** `GET /v1/alerts/status` (HR): whether this API sends Teams alerts, and into the organisation's Entra tenant. */
export interface AlertsStatus {
  /** not_configured: none is ever sent; other_tenant: sent in another Entra tenant, so nobody here is reached; on. */
  state: 'not_configured' | 'other_tenant' | 'on';
  /** Minutes between the dispatcher's runs; null when not configured. */
  intervalMinutes: number | null;
}
