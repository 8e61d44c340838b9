// Sample cycle: one small organisation ("Acme") walked through the whole closed loop with the public API.
import {
  type AcknowledgementState,
  type AlignmentCoverage,
  type Attribution,
  AttributionSchema,
  acknowledge,
  aggregateDiagnosis,
  agreePlan,
  alignmentCoverage,
  allocateBonusPool,
  appeal,
  assignTemplate,
  type BonusAllocation,
  buildAlignmentTree,
  buildOrg,
  type CalibratedRating,
  type CalibrationSummary,
  type CheckIn,
  type CheckInInput,
  CheckInSchema,
  type CoachingTimeliness,
  type CompetencyGoal,
  type Cycle,
  CycleSchema,
  type CycleSnapshotInput,
  calibrate,
  calibrationSummary,
  coachingTimeliness,
  cycleSnapshot,
  DepartmentSchema,
  type DevelopmentItem,
  type DiagnosedShortfall,
  type DiagnosisReport,
  type DomainError,
  detectFormality,
  developmentItems,
  diagnoseGaps,
  dominantFactor,
  draftNextCycle,
  draftPlan,
  type EvidenceIssue,
  evidenceIssues,
  explainScore,
  type FeedbackMeeting,
  FeedbackMeetingSchema,
  type FeedbackQuality,
  type FormalityIssue,
  type FormalityText,
  feedbackQuality,
  type Goal,
  type GoalInput,
  GoalSchema,
  type GoalTemplate,
  type GuardReason,
  type ImprovementTriggers,
  improvementPlanTriggers,
  type KpiGoal,
  kpiProgress,
  latestActuals,
  type MeritAllocation,
  meritIncreases,
  type NextCycleDraft,
  type NineBox,
  nineBox,
  type Org,
  type PersonInput,
  PersonSchema,
  type PersonScore,
  type Phase,
  type Plan,
  POLICY_PRESETS,
  type Policy,
  type PromotionNominations,
  parseGoalTemplate,
  planChanged,
  policyFromPreset,
  policyWarnings,
  progressOf,
  promotionNominations,
  type RaterEntry,
  type RaterStatistics,
  type RatingDistribution,
  type Review,
  type ReviewInput,
  ReviewSchema,
  raterStatistics,
  ratingDistribution,
  resolveAppeal,
  rollUpProgress,
  round,
  type ShortfallItem,
  type SkillGapInput,
  scoreCycle,
  shortfalls,
  splitOf,
  toCalibratedRating,
  transitionCycle,
  unwrap,
} from '../src/index.ts';

// ---------------------------------------------------------------------------------------------
// The sample data: every id, date and number is fixed, so the report is the same on every run.
// ---------------------------------------------------------------------------------------------

const CYCLE_ID = '2026-H1';
const NEXT_CYCLE_ID = '2026-H2';
const HR = 'hana';

/** Acme's policy: the incentive preset (growth stage), with rater statistics trusted sooner in a small org. */
function acmePolicy(): Policy {
  return policyFromPreset('incentive', {
    name: 'Acme growth policy',
    // A prior worth 3 ratings instead of 5: with teams of three, a rater's own numbers count sooner.
    calibration: { ...POLICY_PRESETS.incentive.calibration, shrinkage: 3 },
  });
}

const DEPARTMENTS = [
  { id: 'acme', name: 'Acme', parentId: null, headId: 'olga' },
  { id: 'sales', name: 'Sales', parentId: 'acme', headId: 'sam' },
  { id: 'eng', name: 'Engineering', parentId: 'acme', headId: 'erin' },
];

const person = (
  id: string,
  name: string,
  departmentId: string,
  managerId: string | null,
  jobTitle: string,
  roles: PersonInput['roles'] = ['employee'],
): PersonInput => ({
  id,
  name,
  email: `${id}@acme.example`,
  departmentId,
  managerId,
  jobTitle,
  roles,
});

const PEOPLE: PersonInput[] = [
  person('olga', 'Olga Reyes', 'acme', null, 'Chief Executive', ['manager', 'department_head']),
  person('hana', 'Hana Okafor', 'acme', 'olga', 'HR Lead', ['hr_admin']),
  person('sam', 'Sam Patel', 'sales', 'olga', 'Head of Sales', ['manager', 'department_head']),
  person('ana', 'Ana Lima', 'sales', 'sam', 'Account Executive'),
  person('ben', 'Ben Cho', 'sales', 'sam', 'Account Executive'),
  person('cara', 'Cara Diaz', 'sales', 'sam', 'Account Executive'),
  person('erin', 'Erin Novak', 'eng', 'olga', 'Head of Engineering', ['manager', 'department_head']),
  person('dev', 'Dev Rao', 'eng', 'erin', 'Software Engineer'),
  person('fay', 'Fay Moreau', 'eng', 'erin', 'Software Engineer'),
  person('gus', 'Gus Berg', 'eng', 'erin', 'Software Engineer'),
];

/** A KPI goal of this cycle (organisation and department goals here are all KPIs). */
const goal = (input: Omit<Extract<GoalInput, { kind: 'kpi' }>, 'cycleId'>): Goal =>
  GoalSchema.parse({ cycleId: CYCLE_ID, ...input });

/** The cascade above the person goals: one organisation goal, two department goals per department. */
const UPPER_GOALS: Goal[] = [
  goal({
    id: 'acme.arr',
    title: 'Grow annual recurring revenue to €10M',
    level: 'organisation',
    ownerId: null,
    departmentId: null,
    weight: 100,
    alignedTo: null,
    kind: 'kpi',
    unit: 'M€',
    direction: 'higher_is_better',
    baseline: 8,
    target: 10,
    actual: 9.5, // reported by finance, not a check-in
  }),
  ...(
    [
      ['sales.bookings', 'sales', 'New bookings of €1.2M', 'k€', 'higher_is_better', 800, 1200, 60],
      ['sales.margin', 'sales', 'Average discount down to 12%', '%', 'lower_is_better', 20, 12, 40],
      ['eng.roadmap', 'eng', 'Deliver 24 roadmap items', 'items', 'higher_is_better', 8, 24, 50],
      ['eng.quality', 'eng', 'Escaped defects down to 20', 'defects', 'lower_is_better', 48, 20, 50],
    ] as const
  ).map(([id, departmentId, title, unit, direction, baseline, target, weight]) =>
    goal({
      id,
      title,
      level: 'department',
      ownerId: null,
      departmentId,
      weight,
      alignedTo: 'acme.arr',
      kind: 'kpi',
      unit,
      direction,
      baseline,
      target,
    }),
  ),
];

/** Goal templates per department: two KPI goals with flexible targets and one competency goal. */
const TEMPLATES: Record<'sales' | 'eng', { template: GoalTemplate; keys: string[] }> = {
  sales: {
    keys: ['bookings', 'discount', 'customer-focus'],
    template: unwrap(
      parseGoalTemplate({
        id: 'tpl.sales-ae',
        name: 'Account executive 2026 H1',
        goals: [
          {
            kind: 'kpi',
            title: 'New bookings',
            unit: 'k€',
            weight: 40,
            alignedTo: 'sales.bookings',
            direction: 'higher_is_better',
            baseline: 100,
            threshold: 200,
            target: 300,
            stretch: 400,
            curve: { type: 'linear' },
          },
          {
            kind: 'kpi',
            title: 'Average discount',
            unit: '%',
            weight: 30,
            alignedTo: 'sales.margin',
            direction: 'lower_is_better',
            baseline: 20,
            threshold: 15,
            target: 12,
            stretch: 8,
            curve: { type: 'linear' },
          },
          {
            kind: 'competency',
            title: 'Customer focus',
            weight: 30,
            alignedTo: null,
            expectations:
              'Understands the customer’s business and follows up every open question within a day.',
          },
        ],
      }),
    ),
  },
  eng: {
    keys: ['roadmap', 'defects', 'craft'],
    template: unwrap(
      parseGoalTemplate({
        id: 'tpl.eng-swe',
        name: 'Software engineer 2026 H1',
        goals: [
          {
            kind: 'kpi',
            title: 'Roadmap items delivered',
            unit: 'items',
            weight: 40,
            alignedTo: 'eng.roadmap',
            direction: 'higher_is_better',
            baseline: 2,
            threshold: 4,
            target: 6,
            stretch: 8,
            curve: { type: 'stepped' },
          },
          {
            kind: 'kpi',
            title: 'Escaped defects',
            unit: 'defects',
            weight: 30,
            alignedTo: 'eng.quality',
            direction: 'lower_is_better',
            baseline: 12,
            threshold: 8,
            target: 5,
            stretch: 2,
            curve: { type: 'capped', cap: 1.2 },
          },
          {
            kind: 'competency',
            title: 'Engineering craft',
            weight: 30,
            alignedTo: null,
            expectations: 'Writes tested, reviewed code and leaves the codebase better than found.',
          },
        ],
      }),
    ),
  },
};

/** End-of-half actuals per person, by template key (what the final check-in reports). */
const FINAL_ACTUALS: Record<string, Record<string, number>> = {
  ana: { bookings: 420, discount: 7 },
  ben: { bookings: 340, discount: 12 },
  cara: { bookings: 180, discount: 16 },
  sam: { bookings: 330, discount: 11 },
  dev: { roadmap: 6, defects: 3 },
  fay: { roadmap: 5, defects: 5 },
  gus: { roadmap: 4, defects: 9 },
  erin: { roadmap: 7, defects: 4 },
};
/** KPIs counted up from zero during the half (interim check-ins report part of the final figure). */
const CUMULATIVE = new Set(['bookings', 'roadmap', 'defects']);

/** Competency ratings: [self, manager, peer, ...upward]; `peer` and upward raters listed below. */
const RATINGS: Record<
  string,
  { self: number; manager: number; peer: [string, number]; upward?: [string, number][] }
> = {
  ana: { self: 4, manager: 5, peer: ['ben', 5] },
  ben: { self: 4, manager: 5, peer: ['cara', 4] },
  cara: { self: 3, manager: 5, peer: ['ana', 3] },
  sam: {
    self: 4,
    manager: 3,
    peer: ['erin', 4],
    upward: [
      ['ana', 4],
      ['ben', 4],
      ['cara', 5],
    ],
  },
  dev: { self: 4, manager: 4, peer: ['fay', 4] },
  fay: { self: 3, manager: 3, peer: ['gus', 4] },
  gus: { self: 3, manager: 2, peer: ['dev', 3] },
  erin: {
    self: 4,
    manager: 4,
    peer: ['sam', 4],
    upward: [
      ['dev', 4],
      ['fay', 3],
      ['gus', 2],
    ],
  },
};

/** Why goals fell short, agreed between employee and manager (the four performance factors). */
const ATTRIBUTIONS: Attribution[] = [
  {
    subjectId: 'cara',
    goalId: 'cara.bookings',
    factors: [{ factor: 'external_environment', share: 1 }],
    note: 'Two anchor customers in her region froze budgets after the March downturn.',
  },
  {
    subjectId: 'cara',
    goalId: 'cara.discount',
    factors: [{ factor: 'external_environment', share: 1 }],
    note: 'A competitor entered the region with a 25% launch discount.',
  },
  {
    subjectId: 'fay',
    goalId: 'fay.roadmap',
    factors: [{ factor: 'internal_conditions', share: 1 }],
    note: 'The shared staging environment was down for three weeks in April.',
  },
  {
    subjectId: 'gus',
    goalId: 'gus.roadmap',
    factors: [
      { factor: 'skills', share: 0.6 },
      { factor: 'motivation', share: 0.4 },
    ],
    note: 'New to the payments codebase; disengaged after his project was deprioritised.',
  },
  {
    subjectId: 'gus',
    goalId: 'gus.defects',
    factors: [{ factor: 'skills', share: 1 }],
    note: 'Most escaped defects were missing edge-case tests.',
  },
].map((a) => AttributionSchema.parse(a));

/** Manager-assessed potential (1–3) and months in role, for the 9-box and promotions. */
const TALENT: Record<
  string,
  { potential: 1 | 2 | 3; monthsInRole: number; ready?: 'ready_now' | 'ready_later' }
> = {
  ana: { potential: 3, monthsInRole: 30, ready: 'ready_now' },
  ben: { potential: 2, monthsInRole: 20 },
  cara: { potential: 2, monthsInRole: 14 },
  sam: { potential: 2, monthsInRole: 40, ready: 'ready_later' },
  dev: { potential: 3, monthsInRole: 8, ready: 'ready_now' },
  fay: { potential: 2, monthsInRole: 26 },
  gus: { potential: 1, monthsInRole: 18 },
  erin: { potential: 3, monthsInRole: 22, ready: 'ready_later' },
};

/** Pay facts for result application (integer cents). */
const PAY: Record<string, { targetBonus: number; salary: number; midpoint: number }> = {
  ana: { targetBonus: 800_000, salary: 6_600_000, midpoint: 7_000_000 },
  ben: { targetBonus: 800_000, salary: 7_400_000, midpoint: 7_000_000 },
  cara: { targetBonus: 800_000, salary: 6_200_000, midpoint: 7_000_000 },
  sam: { targetBonus: 1_500_000, salary: 12_000_000, midpoint: 11_000_000 },
  dev: { targetBonus: 800_000, salary: 9_000_000, midpoint: 9_500_000 },
  fay: { targetBonus: 800_000, salary: 8_000_000, midpoint: 9_500_000 },
  gus: { targetBonus: 800_000, salary: 10_600_000, midpoint: 9_500_000 },
  erin: { targetBonus: 1_500_000, salary: 13_000_000, midpoint: 12_000_000 },
};
const BONUS_POOL_CENTS = 7_700_000;
const MERIT_BUDGET_CENTS = 2_000_000;

// ---------------------------------------------------------------------------------------------
// The report
// ---------------------------------------------------------------------------------------------

/** One attempted phase change: moved (possibly by override) or refused with typed reasons. */
export interface TransitionAttempt {
  from: Phase;
  to: Phase;
  at: string;
  actorId: string;
  outcome: 'moved' | 'refused';
  /** The guard reasons that held the move back (refused), or that an override pushed past. */
  reasons: GuardReason[];
  message: string | null;
  override: string | null;
}

export interface PersonRow {
  id: string;
  name: string;
  jobTitle: string;
  department: string;
  manager: string | null;
  roles: string[];
}

export interface SampleCycleReport {
  organisation: {
    name: string;
    departments: { id: string; name: string; head: string | null }[];
    people: PersonRow[];
  };
  /** The people appraised in this cycle (Sales and Engineering), sorted by id. */
  participants: string[];
  policy: {
    name: string;
    theme: Policy['theme'];
    cycleLength: Policy['cycleLength'];
    summary: string[];
    warnings: DomainError[];
    /** What policyWarnings says if Acme switched on forced ranking (a what-if, not adopted). */
    forcedRankingWarnings: DomainError[];
  };
  plan: {
    templates: {
      id: string;
      name: string;
      assignedTo: string[];
      goals: { title: string; kind: string; weight: number; detail: string }[];
    }[];
    upperGoals: Goal[];
    personGoals: Goal[];
    coverage: AlignmentCoverage;
    agreements: {
      personId: string;
      status: Plan['status'];
      employeeAgreedAt: string | null;
      managerAgreedAt: string | null;
    }[];
    agreementWarnings: string[];
  };
  coach: {
    checkIns: { total: number; byKind: Record<CheckIn['kind'], number>; withGoalUpdates: number };
    timelinessAsOf: string;
    timeliness: CoachingTimeliness;
    actuals: { goalId: string; title: string; unit: string; actual: number }[];
    /** Recording actuals never voids a plan agreement (the fingerprint ignores actuals). */
    agreementsStillValid: boolean;
    rollUp: { goalId: string; title: string; level: Goal['level']; progress: number }[];
  };
  appraise: {
    reviews: { total: number; byComponent: Record<Review['component'], number> };
    scores: PersonScore[];
    explainedPersonId: string;
    explained: string;
  };
  calibrate: {
    distributionBefore: RatingDistribution;
    distributionAfter: RatingDistribution;
    raters: RaterStatistics;
    evidenceBefore: EvidenceIssue[];
    evidenceAfter: EvidenceIssue[];
    nineBox: ({ personId: string } & NineBox)[];
    calibrated: CalibratedRating[];
    summary: CalibrationSummary;
  };
  feedback: {
    meetings: { meetingId: string; subjectId: string; heldAt: string; quality: FeedbackQuality }[];
    formality: FormalityIssue[];
    acknowledgements: { personId: string; state: AcknowledgementState }[];
  };
  apply: {
    finalRatings: { personId: string; rating: number }[];
    bonus: BonusAllocation;
    merit: MeritAllocation;
    promotions: PromotionNominations;
    improvement: ImprovementTriggers;
    development: DevelopmentItem[];
  };
  diagnosis: { shortfalls: DiagnosedShortfall[]; report: DiagnosisReport };
  improve: NextCycleDraft;
  transitions: TransitionAttempt[];
  cycle: Cycle;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

const byId = <T extends { id: string }>(a: T, b: T): number => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/** The biweekly coaching dates: every 14 days from Thursday 8 January to 25 June. */
const COACHING_DATES = Array.from({ length: 13 }, (_, i) => {
  const d = new Date(Date.UTC(2026, 0, 8 + 14 * i));
  return d.toISOString().slice(0, 10);
});
const KINDS = ['guidance_note', 'performance_meeting', 'feedback_form'] as const;
/** Coaching dates (by index) a manager skipped: Fay lost two windows, Gus was not coached after 2 April. */
const SKIPPED: Record<string, (i: number) => boolean> = {
  fay: (i) => i === 8 || i === 9,
  gus: (i) => i > 6,
};

// ---------------------------------------------------------------------------------------------
// The walk through the closed loop
// ---------------------------------------------------------------------------------------------

/** Run Acme's 2026 H1 cycle from plan to closed and return everything that happened, typed. */
export function runSampleCycle(): SampleCycleReport {
  const policy = acmePolicy();

  // --- Organisation ---------------------------------------------------------------------------
  const people = PEOPLE.map((p) => PersonSchema.parse(p));
  const departments = DEPARTMENTS.map((d) => DepartmentSchema.parse(d));
  const org: Org = unwrap(buildOrg({ people, departments }));
  const nameOf = (id: string | null): string => (id === null ? '—' : (org.person(id)?.name ?? id));
  const participants = [...org.departmentMembers('sales'), ...org.departmentMembers('eng')].sort();
  const managerOf = (id: string): string => org.person(id)?.managerId ?? HR;

  // --- Cycle and the facts its guards read ----------------------------------------------------
  let cycle: Cycle = CycleSchema.parse({
    id: CYCLE_ID,
    name: '2026 H1',
    policyName: policy.name,
    startsOn: '2026-01-01',
    endsOn: '2026-06-30',
  });
  const facts = {
    plans: new Map<string, Plan>(),
    goals: new Map<string, Goal[]>(),
    checkIns: [] as CheckIn[],
    reviews: [] as Review[],
    calibrationOpen: true,
    meetings: [] as FeedbackMeeting[],
    acknowledgements: new Map<string, AcknowledgementState>(),
    applied: new Set<string>(),
    improvementGaps: [] as string[],
    draftOwners: new Set<string>(),
  };
  const latest = (reviews: readonly Review[]): Review[] => {
    const keep = new Map<string, Review>();
    for (const r of reviews) {
      const key = `${r.subjectId}|${r.reviewerId}|${r.component}`;
      const prev = keep.get(key);
      if (!prev || r.submittedAt >= prev.submittedAt) keep.set(key, r);
    }
    return [...keep.values()].sort(byId);
  };
  /** The snapshot the cycle guards read, computed by the core from the facts as they stand. */
  const snapshot = (): CycleSnapshotInput =>
    cycleSnapshot(
      {
        cycleId: cycle.id,
        participants,
        plans: participants.flatMap((id) => {
          const plan = facts.plans.get(id);
          return plan ? [plan] : [];
        }),
        goals: participants.flatMap((id) => facts.goals.get(id) ?? []),
        checkIns: facts.checkIns,
        reviews: facts.reviews,
        calibrationFinalised: !facts.calibrationOpen,
        feedbackMeetings: facts.meetings,
        acknowledgements: [...facts.acknowledgements].map(([personId, state]) => ({ personId, state })),
        resultsApplied: [...facts.applied],
        improvementDrafts: [...facts.draftOwners],
        improvementGaps: facts.improvementGaps,
      },
      policy,
    );
  const transitions: TransitionAttempt[] = [];
  /** Try to move the cycle on; a refusal is recorded (and returned) rather than thrown. */
  const move = (to: Phase, at: string, actorId: string, overrideReason?: string): boolean => {
    const from = cycle.phase;
    const options =
      overrideReason === undefined ? { actorId, at } : { actorId, at, override: { reason: overrideReason } };
    const result = transitionCycle(cycle, to, snapshot(), policy, options);
    if (!result.ok) {
      const reasons = result.error.reasons;
      transitions.push({
        from,
        to,
        at,
        actorId,
        outcome: 'refused',
        reasons,
        message: result.error.message,
        override: null,
      });
      return false;
    }
    cycle = result.value;
    const record = cycle.history[cycle.history.length - 1];
    transitions.push({
      from,
      to,
      at,
      actorId,
      outcome: 'moved',
      reasons: record?.override?.refusals ?? [],
      message: null,
      override: record?.override?.reason ?? null,
    });
    return true;
  };

  // --- Plan: templates → person goals, alignment coverage, agreement ---------------------------
  const templateRows: SampleCycleReport['plan']['templates'] = [];
  const personGoals: Goal[] = [];
  for (const dept of ['sales', 'eng'] as const) {
    const { template, keys } = TEMPLATES[dept];
    const members = org.departmentMembers(dept).map((id) => ({ id, departmentId: dept }));
    const { goals, report } = assignTemplate(
      template,
      { cycleId: CYCLE_ID, people: members, existingGoals: personGoals },
      { idFor: (personId, index) => `${personId}.${keys[index] ?? index}` },
    );
    personGoals.push(...goals);
    templateRows.push({
      id: template.id,
      name: template.name,
      assignedTo: report.filter((r) => r.created > 0).map((r) => r.personId),
      goals: template.goals.map((g) => ({
        title: g.title,
        kind: g.kind,
        weight: g.weight,
        detail:
          g.kind === 'competency'
            ? 'rated: self, manager, peer (+ upward for managers)'
            : `${g.direction === 'lower_is_better' ? 'lower' : 'higher'} is better · ` +
              `${g.threshold} / ${g.target} / ${g.stretch} ${g.unit} · ` +
              `${g.curve.type === 'capped' ? `capped at ${g.curve.cap}` : g.curve.type}`,
      })),
    });
  }
  for (const id of participants) {
    facts.goals.set(
      id,
      personGoals.filter((g) => g.ownerId === id),
    );
    facts.plans.set(id, draftPlan(id, CYCLE_ID));
  }
  const coverage = alignmentCoverage([...UPPER_GOALS, ...personGoals]);

  const agreementWarnings: string[] = [];
  const agree = (id: string, by: 'employee' | 'manager', at: string) => {
    const plan = facts.plans.get(id) ?? draftPlan(id, CYCLE_ID);
    const outcome = unwrap(agreePlan(plan, facts.goals.get(id) ?? [], { by, at }, policy));
    facts.plans.set(id, outcome.plan);
    for (const w of outcome.warnings) agreementWarnings.push(`${id}: ${w.message}`);
  };
  for (const id of participants) agree(id, 'employee', '2026-01-05T10:00:00Z');
  // Sam and Erin sign off their teams on 6 January, except Cara's and Gus's plans (still under discussion).
  for (const id of participants)
    if (id !== 'cara' && id !== 'gus') agree(id, 'manager', '2026-01-06T15:00:00Z');
  move('coach', '2026-01-06T17:00:00Z', HR); // refused: 2 plans not agreed
  agree('cara', 'manager', '2026-01-07T09:30:00Z');
  agree('gus', 'manager', '2026-01-07T09:45:00Z');
  move('coach', '2026-01-07T12:00:00Z', HR);

  // --- Coach: check-ins of the three kinds, timeliness, latest actuals, roll-up ----------------
  const goalKey = (g: Goal) => g.id.slice(g.id.indexOf('.') + 1);
  const interim = (g: KpiGoal, final: number, fraction: number): number => {
    if (CUMULATIVE.has(goalKey(g))) return Math.round(final * fraction);
    return Math.round((g.baseline + (final - g.baseline) * fraction) * 10) / 10;
  };
  const updatesFor = (id: string, fraction: number | null) =>
    (facts.goals.get(id) ?? [])
      .filter((g): g is KpiGoal => g.kind === 'kpi')
      .map((g) => {
        const final = FINAL_ACTUALS[id]?.[goalKey(g)] ?? g.target;
        const actual = fraction === null ? final : interim(g, final, fraction);
        return { goalId: g.id, actual, progressNote: fraction === null ? 'Final H1 figure.' : '' };
      });
  const firstGoalOf = (id: string): string => (facts.goals.get(id) ?? [])[0]?.id ?? `${id}.unknown`;
  const checkInInputs: CheckInInput[] = [];
  for (const id of participants) {
    const authorId = managerOf(id);
    COACHING_DATES.forEach((date, i) => {
      if (SKIPPED[id]?.(i)) return;
      const kind = KINDS[i % 3] ?? 'guidance_note';
      const base = {
        id: `ci.${id}.${String(i + 1).padStart(2, '0')}`,
        cycleId: CYCLE_ID,
        subjectId: id,
        authorId,
        kind,
        at: `${date}T09:00:00Z`,
      };
      if (kind === 'feedback_form') {
        checkInInputs.push({
          ...base,
          form: {
            strengths: 'Clear weekly priorities and good follow-through with stakeholders.',
            improvements: 'Raise blockers earlier instead of waiting for the next one-to-one.',
            nextSteps: 'Agree the top three priorities for the next two weeks.',
          },
        });
      } else if (kind === 'performance_meeting') {
        checkInInputs.push({
          ...base,
          notes: 'Regular performance meeting: progress against the plan reviewed goal by goal.',
          goalUpdates: updatesFor(id, (i + 1) / 14),
        });
      } else {
        checkInInputs.push({
          ...base,
          notes: 'Quick guidance: focus on the two deals / items most at risk this fortnight.',
          // The kick-off note mentions the first goal without a number (a note never erases an actual).
          goalUpdates:
            i === 0
              ? [
                  {
                    goalId: firstGoalOf(id),
                    actual: null,
                    progressNote: 'Kick-off: plan explained, no numbers yet.',
                  },
                ]
              : [],
        });
      }
    });
    // H1 close-out meeting with the final figures (Erin caught up with Gus after the overdue alert).
    checkInInputs.push({
      id: `ci.${id}.99`,
      cycleId: CYCLE_ID,
      subjectId: id,
      authorId,
      kind: 'performance_meeting',
      at: '2026-06-29T14:00:00Z',
      notes: 'H1 close-out: final figures recorded and the self-appraisal explained.',
      goalUpdates: updatesFor(id, null),
    });
  }
  facts.checkIns = checkInInputs.map((c) => CheckInSchema.parse(c));
  const timelinessAsOf = '2026-06-01';
  const timeliness = unwrap(
    coachingTimeliness(
      {
        people: participants.map((id) => ({ id, managerId: org.person(id)?.managerId ?? null })),
        // Every check-in of the story is written up the day it happens: each counts at its `at`.
        checkIns: facts.checkIns.map((c) => ({ ...c, recordedAt: c.at })),
        periodStart: cycle.startsOn,
        asOf: timelinessAsOf,
      },
      policy,
    ),
  );

  const actualsByGoal = latestActuals(facts.checkIns);
  const withActuals = (g: Goal): Goal =>
    g.kind === 'kpi' ? { ...g, actual: actualsByGoal.get(g.id) ?? null } : g;
  let agreementsStillValid = true;
  for (const id of participants) {
    const goals = (facts.goals.get(id) ?? []).map(withActuals);
    facts.goals.set(id, goals);
    const plan = facts.plans.get(id);
    if (plan && planChanged(plan, goals).reset) agreementsStillValid = false;
  }
  const measuredGoals = participants.flatMap((id) => facts.goals.get(id) ?? []);
  const allGoals = [...UPPER_GOALS, ...measuredGoals];
  const tree = unwrap(buildAlignmentTree(allGoals));
  const progress = new Map<string, number>();
  for (const g of allGoals)
    if (g.kind === 'kpi' && g.actual !== null) progress.set(g.id, kpiProgress(g, g.actual));
  const rolled = rollUpProgress(tree, progress);
  const rollUp = UPPER_GOALS.map((g) => ({
    goalId: g.id,
    title: g.title,
    level: g.level,
    progress: progressOf(tree, rolled, g.id) ?? 0,
  }));
  const byKind = { guidance_note: 0, performance_meeting: 0, feedback_form: 0 };
  for (const c of facts.checkIns) byKind[c.kind]++;
  move('appraise', '2026-07-01T08:00:00Z', HR);

  // --- Appraise: self, manager, peer and upward reviews; scoring with traces -------------------
  const competencyOf = (id: string): CompetencyGoal | undefined =>
    (facts.goals.get(id) ?? []).find((g): g is CompetencyGoal => g.kind === 'competency');
  const reviewInputs: ReviewInput[] = [];
  let seq = 0;
  const review = (
    subjectId: string,
    reviewerId: string,
    component: Review['component'],
    rating: number,
    text: { comment?: string; evidence?: string; summary?: string } = {},
    submittedAt = `2026-07-0${2 + (seq % 5)}T10:00:00Z`,
  ) => {
    seq++;
    const goalId = competencyOf(subjectId)?.id ?? `${subjectId}.unknown`;
    reviewInputs.push({
      id: `rv.${subjectId}.${component}.${reviewerId}`,
      cycleId: CYCLE_ID,
      subjectId,
      reviewerId,
      component,
      ratings: [{ goalId, rating, comment: text.comment ?? '', evidence: text.evidence ?? '' }],
      summary: text.summary ?? '',
      submittedAt,
    });
  };
  const EVIDENCE: Record<string, string> = {
    ana: 'Closed the Northwind renewal two weeks early after mapping every stakeholder; NPS of her accounts rose from 41 to 58.',
    ben: 'Ran quarterly business reviews with all eight of his accounts and cut average response time to under four hours.',
    cara: 'Kept every at-risk account in her region alive through the downturn with weekly calls and written recovery plans.',
  };
  for (const id of participants) {
    const r = RATINGS[id];
    if (!r) continue;
    const manager = managerOf(id);
    review(id, id, 'self', r.self, { comment: 'My own view of the half.' });
    review(id, manager, 'manager', r.manager, {
      comment: r.manager === 5 ? 'Great job!' : 'Solid, see summary.',
      summary: MANAGER_SUMMARIES[id] ?? '',
    });
    const [peerId, peerRating] = r.peer;
    review(id, peerId, 'peer', peerRating, {
      comment: 'Good colleague to work with.',
      evidence:
        peerRating === 5
          ? 'Shared her discovery playbook with the whole team and coached me through two hard renewals.'
          : '',
    });
    for (const [raterId, rating] of r.upward ?? []) {
      review(id, raterId, 'upward', rating, {
        comment: 'How my manager supported me.',
        evidence:
          rating === 5
            ? 'Sam joined every difficult customer call I asked for and protected my time for the downturn plan.'
            : '',
      });
    }
  }
  facts.reviews = reviewInputs.map((r) => ReviewSchema.parse(r));
  const inputs = participants.map((id) => ({ subjectId: id, goals: facts.goals.get(id) ?? [] }));
  const scored = scoreCycle(inputs, policy, facts.reviews);
  if (scored.failures.length > 0) throw new Error(`sample cycle: ${scored.failures[0]?.error.message}`);
  const scores = scored.scores;
  const scoreOf = (id: string) => scores.find((s) => s.subjectId === id);
  const byComponent = { self: 0, manager: 0, peer: 0, upward: 0 };
  for (const r of facts.reviews) byComponent[r.component]++;
  const explainedPersonId = 'ben';
  const explainedScore = scoreOf(explainedPersonId);
  move('calibrate', '2026-07-09T09:00:00Z', HR);

  // --- Calibrate: distribution, rater bias, evidence, 9-box, one justified adjustment ----------
  const distributionBefore = ratingDistribution(
    scores.map((s) => s.rating.value),
    policy,
  );
  const managerEntries: RaterEntry[] = facts.reviews
    .filter((r) => r.component === 'manager')
    .map((r) => ({ raterId: r.reviewerId, subjectId: r.subjectId, score: r.ratings[0]?.rating ?? 0 }));
  const raters = raterStatistics(managerEntries, policy);
  const evidenceBefore = evidenceIssues(latest(facts.reviews), policy);
  // Sam resubmits his three "5" reviews with written evidence (ratings unchanged; the later review wins).
  for (const issue of evidenceBefore) {
    const old = facts.reviews.find((r) => r.id === issue.reviewId);
    if (!old) continue;
    facts.reviews.push(
      ReviewSchema.parse({
        ...old,
        id: `${old.id}.v2`,
        ratings: old.ratings.map((x) => ({ ...x, evidence: EVIDENCE[old.subjectId] ?? x.evidence })),
        submittedAt: '2026-07-14T16:00:00Z',
      }),
    );
  }
  const evidenceAfter = evidenceIssues(latest(facts.reviews), policy);
  let calibrated = scores.map((s) => toCalibratedRating(s));
  calibrated = calibrated.map((c) =>
    c.subjectId === 'ben'
      ? unwrap(
          calibrate(
            c,
            {
              toRating: 3,
              actorId: HR,
              at: '2026-07-16T11:00:00Z',
              justification:
                'Sam rates leniently (flagged +0.56 by rater statistics). Ben’s KPI goals alone score 3.46 ' +
                '(Meets expectations); only Sam’s unevidenced 5 on customer focus, where his peer gave 4, lifts him to 3.82.',
            },
            policy,
          ),
        )
      : c,
  );
  const finalRating = (id: string): number => calibrated.find((c) => c.subjectId === id)?.current.rating ?? 0;
  const distributionAfter = ratingDistribution(
    calibrated.map((c) => c.current.rating),
    policy,
  );
  const boxes = participants.map((id) => ({
    personId: id,
    ...unwrap(nineBox(finalRating(id), TALENT[id]?.potential ?? 1, policy.ratingScale)),
  }));
  facts.calibrationOpen = false;
  move('feedback', '2026-07-17T09:00:00Z', HR);

  // --- Feedback: meetings, quality, formality, acknowledgement and one appeal -------------------
  const meetingInputs = participants.map((id) => ({
    id: `fm.${id}`,
    cycleId: CYCLE_ID,
    subjectId: id,
    managerId: managerOf(id),
    heldAt: '2026-07-20T10:00:00Z',
    summary:
      id === 'gus'
        ? 'Discussed the rating.'
        : `We walked through every goal of the half, the final rating of ${finalRating(id)} and how it was calibrated, and agreed what to focus on next.`,
    strengths: id === 'gus' ? '' : 'Named in the meeting notes.',
    improvements: id === 'gus' ? '' : 'Named in the meeting notes.',
    agreedActions: id === 'gus' ? [] : ['Draft the 2026 H2 plan together by 15 August.'],
  }));
  // Gus's first meeting was a mere formality; Erin held a proper one a week later.
  meetingInputs.push({
    id: 'fm.gus.2',
    cycleId: CYCLE_ID,
    subjectId: 'gus',
    managerId: 'erin',
    heldAt: '2026-07-27T10:00:00Z',
    summary:
      'A real conversation this time: roadmap and defect shortfalls, their causes (skills and motivation), the improvement plan and the support Erin will give.',
    strengths: 'Careful code reviews; helpful to new joiners.',
    improvements: 'Edge-case testing; raising blockers early.',
    agreedActions: [
      'Pair with Dev on test design every week.',
      'Weekly one-to-one with Erin through September.',
    ],
  });
  facts.meetings = meetingInputs.map((m) => FeedbackMeetingSchema.parse(m));
  const meetings = facts.meetings.map((m) => ({
    meetingId: m.id,
    subjectId: m.subjectId,
    heldAt: m.heldAt,
    quality: feedbackQuality(m, policy),
  }));
  const formalityTexts: FormalityText[] = latest(facts.reviews)
    .filter((r) => r.component === 'manager' && r.summary.trim() !== '')
    .map((r) => ({
      id: r.id,
      authorId: r.reviewerId,
      subjectId: r.subjectId,
      text: r.summary,
      subjectName: org.person(r.subjectId)?.name.split(' ')[0] ?? '',
    }));
  const formality = detectFormality(formalityTexts, policy);

  const sharedAt = '2026-07-20T10:00:00Z';
  for (const id of participants) facts.acknowledgements.set(id, { status: 'pending' });
  for (const id of participants) {
    if (id === 'dev' || id === 'ben') continue; // Dev is on leave; Ben appeals
    const state = facts.acknowledgements.get(id) ?? { status: 'pending' as const };
    facts.acknowledgements.set(id, unwrap(acknowledge(state, { at: '2026-07-22T09:00:00Z' })));
  }
  const benAppeal = unwrap(
    appeal(
      { status: 'pending' },
      {
        at: '2026-07-23T09:00:00Z',
        reason: 'My rating was lowered in calibration although my bookings beat target by 13%.',
        resultSharedAt: sharedAt,
      },
      policy,
    ),
  );
  facts.acknowledgements.set('ben', benAppeal);
  facts.acknowledgements.set(
    'ben',
    unwrap(
      resolveAppeal(benAppeal, {
        at: '2026-07-28T15:00:00Z',
        by: HR,
        subjectId: 'ben',
        outcome: 'upheld',
        note: 'Bookings are fully credited (score 3.8 on that goal); the change concerns only the customer-focus rating, which peers put at 4. Rating 3 upheld.',
      }),
    ),
  );
  move('apply', '2026-07-31T09:00:00Z', HR); // refused: 1 acknowledgement pending
  move(
    'apply',
    '2026-07-31T09:05:00Z',
    HR,
    'Dev is on parental leave until 1 September; his acknowledgement will be collected on his return.',
  );

  // --- Gap diagnosis (feeds improvement plans and development) --------------------------------
  const items: ShortfallItem[] = [];
  for (const s of scores) {
    const departmentId = org.person(s.subjectId)?.departmentId ?? null;
    for (const g of s.trace.goals) {
      if (g.achievement === null) continue;
      items.push({
        subjectId: s.subjectId,
        departmentId,
        goalId: g.goalId,
        weight: g.weight,
        achievement: g.achievement,
      });
    }
  }
  const diagnosed = diagnoseGaps(shortfalls(items), ATTRIBUTIONS);
  const diagnosisReport = aggregateDiagnosis(diagnosed);
  const attributionsOf = (goalId: string) => ATTRIBUTIONS.filter((a) => a.goalId === goalId);

  // --- Apply: bonus pool, merit, promotion, improvement plans, development ---------------------
  const finalRatings = participants.map((id) => ({ personId: id, rating: finalRating(id) }));
  const bonus = unwrap(
    allocateBonusPool(
      {
        poolCents: BONUS_POOL_CENTS,
        mode: 'fill',
        people: participants.map((id) => ({
          personId: id,
          targetBonusCents: PAY[id]?.targetBonus ?? 0,
          rating: finalRating(id),
        })),
      },
      policy,
    ),
  );
  const merit = unwrap(
    meritIncreases(
      {
        budgetCents: MERIT_BUDGET_CENTS,
        people: participants.map((id) => ({
          personId: id,
          salaryCents: PAY[id]?.salary ?? 0,
          bandMidpointCents: PAY[id]?.midpoint ?? 1,
          rating: finalRating(id),
        })),
      },
      policy,
    ),
  );
  const promotions = promotionNominations(
    participants.map((id) => ({
      personId: id,
      rating: finalRating(id),
      potential: TALENT[id]?.potential ?? 1,
      monthsInRole: TALENT[id]?.monthsInRole ?? 0,
      ...(TALENT[id]?.ready ? { readiness: TALENT[id]?.ready } : {}),
    })),
    policy,
  );
  const improvement = unwrap(
    improvementPlanTriggers(
      participants.map((id) => ({
        personId: id,
        managerId: managerOf(id),
        rating: finalRating(id),
        shortfalls: diagnosed
          .filter((d) => d.subjectId === id)
          .map((d) => {
            const factor = dominantFactor(d.split);
            const title = measuredGoals.find((g) => g.id === d.goalId)?.title ?? d.goalId;
            return factor === null ? { goalId: d.goalId, title } : { goalId: d.goalId, title, factor };
          }),
      })),
      policy,
      { startsOn: '2026-08-03' },
    ),
  );
  const gaps: SkillGapInput[] = [];
  for (const s of scores) {
    for (const g of s.trace.goals) {
      if (g.score === null) continue;
      const shortfall = g.achievement !== null && g.achievement < 1;
      const lowCompetency = g.kind === 'competency' && g.score < policy.ratingScale.meets;
      if (!shortfall && !lowCompetency) continue;
      const split = splitOf(attributionsOf(g.goalId));
      const factors = (
        ['skills', 'external_environment', 'internal_conditions', 'motivation'] as const
      ).filter((f) => split[f] > 0);
      gaps.push({
        personId: s.subjectId,
        goalId: g.goalId,
        title: g.title,
        kind: g.kind,
        score: g.score,
        factors,
      });
    }
  }
  const development = developmentItems(gaps, policy);
  for (const id of participants) facts.applied.add(id);
  facts.improvementGaps = [
    ...improvement.plans.map((p) => p.personId),
    ...improvement.targetReviews.map((t) => t.personId),
  ];
  move('improve', '2026-08-07T09:00:00Z', HR);

  // --- Improve: draft the next cycle from the gaps ---------------------------------------------
  const achievementOf = new Map<string, number>();
  for (const s of scores)
    for (const g of s.trace.goals) if (g.achievement !== null) achievementOf.set(g.goalId, g.achievement);
  const draft = unwrap(
    draftNextCycle(
      {
        fromCycleId: CYCLE_ID,
        toCycleId: NEXT_CYCLE_ID,
        goals: measuredGoals.map((g) => ({ goal: g, achievement: achievementOf.get(g.id) ?? null })),
        attributions: ATTRIBUTIONS,
        developmentItems: development,
      },
      { developmentWeight: 10 },
    ),
  );
  for (const d of draft.drafts) if (d.goal.ownerId !== null) facts.draftOwners.add(d.goal.ownerId);
  move('closed', '2026-08-14T09:00:00Z', HR);

  return {
    organisation: {
      name: 'Acme',
      departments: org.departments().map((d) => ({ id: d.id, name: d.name, head: d.headId })),
      people: org.people().map((p) => ({
        id: p.id,
        name: p.name,
        jobTitle: p.jobTitle,
        department: org.department(p.departmentId)?.name ?? p.departmentId,
        manager: p.managerId === null ? null : nameOf(p.managerId),
        roles: [...p.roles],
      })),
    },
    participants,
    policy: {
      name: policy.name,
      theme: policy.theme,
      cycleLength: policy.cycleLength,
      summary: policySummary(policy),
      warnings: policyWarnings(policy),
      forcedRankingWarnings: policyWarnings({
        ...policy,
        distribution: { ...policy.distribution, forced: true },
      }),
    },
    plan: {
      templates: templateRows,
      upperGoals: UPPER_GOALS,
      personGoals,
      coverage,
      agreements: participants.map((id) => {
        const p = facts.plans.get(id) ?? draftPlan(id, CYCLE_ID);
        return {
          personId: id,
          status: p.status,
          employeeAgreedAt: p.employeeAgreedAt,
          managerAgreedAt: p.managerAgreedAt,
        };
      }),
      agreementWarnings,
    },
    coach: {
      checkIns: {
        total: facts.checkIns.length,
        byKind,
        withGoalUpdates: facts.checkIns.filter((c) => c.goalUpdates.some((u) => u.actual !== null)).length,
      },
      timelinessAsOf,
      timeliness,
      actuals: measuredGoals
        .filter((g): g is KpiGoal => g.kind === 'kpi' && g.actual !== null)
        .map((g) => ({ goalId: g.id, title: g.title, unit: g.unit, actual: g.actual ?? 0 })),
      agreementsStillValid,
      rollUp,
    },
    appraise: {
      reviews: { total: reviewInputs.length, byComponent },
      scores,
      explainedPersonId,
      explained: explainedScore ? explainScore(explainedScore) : '',
    },
    calibrate: {
      distributionBefore,
      distributionAfter,
      raters,
      evidenceBefore,
      evidenceAfter,
      nineBox: boxes,
      calibrated,
      summary: calibrationSummary(calibrated),
    },
    feedback: {
      meetings,
      formality,
      acknowledgements: participants.map((id) => ({
        personId: id,
        state: facts.acknowledgements.get(id) ?? { status: 'pending' },
      })),
    },
    apply: { finalRatings, bonus, merit, promotions, improvement, development },
    diagnosis: { shortfalls: diagnosed, report: diagnosisReport },
    improve: draft,
    transitions,
    cycle,
  };
}

/** Manager review summaries; Erin's for Dev and Fay are one text with the name swapped (copy-paste). */
const MANAGER_SUMMARIES: Record<string, string> = {
  ana: 'Ana had an outstanding half: every quarter above stretch on bookings while holding discounts at 7%. She is ready for a team-lead role.',
  ben: 'Ben beat his bookings target and held the discount line. Customer follow-up is consistent; next half he should open two new logos.',
  cara: 'Great half, keep it up!',
  sam: 'Sam carried his own quota while coaching three account executives through a hard market. Rating discipline needs work: too many 5s.',
  dev: 'Dev delivered the roadmap items on time this half and kept escaped defects low. Dev is a reliable teammate who reviews code carefully and helps others. Next half Dev should own one larger feature end to end.',
  fay: 'Fay delivered the roadmap items on time this half and kept escaped defects low. Fay is a reliable teammate who reviews code carefully and helps others. Next half Fay should own one larger feature end to end.',
  gus: 'Gus fell short on roadmap delivery and let too many defects escape. He needs structured support on testing and clearer priorities, which we will set together.',
  erin: 'Erin kept quality high while the team absorbed a three-week staging outage. Coaching cadence slipped for one report; otherwise a strong half.',
};

/** Plain-words highlights of a policy. */
function policySummary(p: Policy): string[] {
  const cw = p.componentWeights;
  const guideline = Object.entries(p.distribution.guideline)
    .map(([k, v]) => `${k}:${v}%`)
    .join(' ');
  const mult = Object.entries(p.bonusPool.multipliers)
    .map(([k, v]) => `${k}→${v}×`)
    .join(' ');
  return [
    `theme ${p.theme} · cycle length ${p.cycleLength} · scale ${p.ratingScale.levels
      .map((l) => l.value)
      .join('–')
      .replace(/–.*–/, '–')} (meets ${p.ratingScale.meets})`,
    `goal mix KPI ${p.goalMix.kpi}% / competency ${p.goalMix.competency}% (±${p.goalMix.tolerance})`,
    `component weights self ${cw.self} · manager ${cw.manager} · peer ${cw.peer} · upward ${cw.upward}`,
    `flexible targets ${p.flexibleTargets.enabled ? 'on' : 'off'}: threshold earns ${p.flexibleTargets.thresholdAchievement}, stretch earns ${p.flexibleTargets.stretchAchievement}`,
    `distribution guideline ${guideline} (${p.distribution.forced ? 'FORCED' : 'guideline only'}, tolerance ±${p.distribution.tolerance} pts)`,
    `coaching ${p.coaching.cadence} (+${p.coaching.graceDays} days grace) · feedback meeting ${p.feedback.meetingRequired ? 'required' : 'optional'} · appeal window ${p.feedback.appealWindowDays} days`,
    `bonus multipliers ${mult} (cap ${p.bonusPool.capMultiple}× target) · calibration shrinkage ${p.calibration.shrinkage}`,
  ];
}

// ---------------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------------

const WIDTH = 100;
const num = (n: number, digits = 2): string => String(round(n, digits));
const pct = (n: number | null, digits = 1): string => (n === null ? '—' : `${num(n, digits)}%`);
/** Integer cents as "€1,234.56" (deterministic, no locale). */
export function money(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  const euros = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${sign}€${euros}.${String(abs % 100).padStart(2, '0')}`;
}
const date = (iso: string | null): string => (iso === null ? '—' : iso.slice(0, 10));

/** A plain-text table with a header rule; numbers (and cells starting with € or a digit) align right. */
function table(headers: string[], rows: (string | number)[][], indent = '  '): string[] {
  const cells = rows.map((r) => r.map((c) => String(c)));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
  const numeric = /^(—|[-+]?€?[\d,.]+(%|×| ×\d+)?|\d+\/\d+)$/;
  const right = headers.map(
    (_, i) =>
      cells.some((r) => (r[i] ?? '') !== '') &&
      cells.every((r) => (r[i] ?? '') === '' || numeric.test(r[i] ?? '')),
  );
  const line = (r: string[]) =>
    indent +
    r
      .map((c, i) => (right[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return [line(headers), indent + widths.map((w) => '─'.repeat(w)).join('  '), ...cells.map(line)];
}

function section(n: number | null, title: string, subtitle = ''): string[] {
  const head = n === null ? title : `${n}. ${title}`;
  const text = subtitle ? `${head} — ${subtitle}` : head;
  return ['', `━━ ${text} ${'━'.repeat(Math.max(3, WIDTH - text.length - 4))}`];
}

/** Wrap a long line at word boundaries with a hanging indent. */
function wrap(text: string, indent = '  ', width = WIDTH): string[] {
  const words = text.split(' ');
  const out: string[] = [];
  let line = indent;
  for (const w of words) {
    if (line.trim().length > 0 && line.length + w.length + 1 > width) {
      out.push(line.trimEnd());
      line = `${indent}  ${w}`;
    } else line += line.trim().length > 0 ? ` ${w}` : w;
  }
  if (line.trim().length > 0) out.push(line.trimEnd());
  return out;
}

/** The report as a readable console text: headline, policy, then one section per phase. */
export function formatReport(r: SampleCycleReport): string {
  const name = (id: string | null): string => {
    if (id === null) return '—';
    return r.organisation.people.find((p) => p.id === id)?.name.split(' ')[0] ?? id;
  };
  const score = (id: string) => r.appraise.scores.find((s) => s.subjectId === id);
  const rating = (id: string) => r.apply.finalRatings.find((x) => x.personId === id)?.rating ?? 0;
  const out: string[] = [];

  // Headline
  const phases = r.cycle.history.map((h) => h.to);
  out.push('═'.repeat(WIDTH));
  out.push(`  PERFLOOP · sample cycle "${r.cycle.name}" at ${r.organisation.name}`);
  out.push(
    `  ${r.cycle.startsOn} → ${r.cycle.endsOn} · ${r.participants.length} people appraised in ${r.organisation.departments.length - 1} departments · policy "${r.policy.name}"`,
  );
  out.push(`  plan → ${phases.join(' → ')}`);
  const nominated = r.apply.promotions.nominated.map((d) => name(d.personId));
  const adjusted = r.calibrate.summary.changed;
  out.push(
    `  Outcome: ${r.appraise.scores.length} explained scores · ${adjusted} calibration change · bonus pool ${money(r.apply.bonus.allocatedCents)} shared to the cent`,
    `           ${nominated.length} promotion nomination (${nominated.join(', ')}) · ${r.apply.improvement.plans.length} improvement plan · ` +
      `${r.apply.improvement.targetReviews.length} target review · ${NEXT_CYCLE_ID} drafted`,
  );
  out.push('═'.repeat(WIDTH));

  // Organisation
  out.push(
    ...section(null, 'Organisation', `${r.organisation.name}, ${r.organisation.people.length} people`),
  );
  out.push(
    ...table(
      ['id', 'name', 'job title', 'department', 'manager', 'roles'],
      r.organisation.people.map((p) => [
        p.id,
        p.name,
        p.jobTitle,
        p.department,
        p.manager ?? '—',
        p.roles.join(', '),
      ]),
    ),
  );

  // Policy
  out.push(...section(null, 'Policy', `${r.policy.name} (preset: ${r.policy.theme})`));
  for (const s of r.policy.summary) out.push(`  · ${s}`);
  out.push(
    r.policy.warnings.length === 0
      ? '  policyWarnings: none — the settings fit an incentive-oriented, growth-stage company.'
      : '  policyWarnings:',
  );
  for (const w of r.policy.warnings) out.push(...wrap(`! [${w.code}] ${w.message}`, '    '));
  out.push('  What-if, not adopted: switching on forced ranking would warn');
  for (const w of r.policy.forcedRankingWarnings) out.push(...wrap(`! [${w.code}] ${w.message}`, '    '));

  // 1. Plan
  out.push(...section(1, 'PLAN', 'goals cascade organisation → department → person; plans agreed'));
  out.push('  Organisation and department goals:');
  out.push(
    ...table(
      ['goal', 'level', 'title', 'aligned to'],
      r.plan.upperGoals.map((g) => [g.id, g.level, g.title, g.alignedTo ?? '—']),
      '    ',
    ),
  );
  for (const t of r.plan.templates) {
    out.push('', `  Template "${t.name}" → ${t.assignedTo.map(name).join(', ')}`);
    out.push(
      ...table(
        ['goal', 'kind', 'weight', 'direction · threshold / target / stretch · curve'],
        t.goals.map((g) => [g.title, g.kind, g.weight, g.detail]),
        '    ',
      ),
    );
  }
  const cov = r.plan.coverage;
  out.push('');
  out.push(
    ...wrap(
      `Alignment coverage: ${cov.overall.alignedGoals}/${cov.overall.goals} person goals (${pct(cov.overall.countPct)}), ` +
        `${pct(cov.overall.weightPct)} of plan weight, aligned to a department goal; the ${cov.unaligned.length} competency ` +
        `goals are ${[...new Set(cov.unaligned.map((u) => u.reason))].join(', ')}.`,
    ),
  );
  out.push('  Agreement (agreePlan by employee, then manager):');
  out.push(
    ...table(
      ['person', 'employee agreed', 'manager agreed', 'status'],
      r.plan.agreements.map((a) => [
        name(a.personId),
        date(a.employeeAgreedAt),
        date(a.managerAgreedAt),
        a.status,
      ]),
      '    ',
    ),
  );
  if (r.plan.agreementWarnings.length > 0) for (const w of r.plan.agreementWarnings) out.push(`    ! ${w}`);
  out.push(...transitionLines(r, 'plan'));

  // 2. Coach
  const c = r.coach;
  out.push(...section(2, 'COACH', 'check-ins, cadence timeliness, actuals, progress roll-up'));
  out.push(
    ...wrap(
      `${c.checkIns.total} check-ins: ${c.checkIns.byKind.guidance_note} guidance notes, ${c.checkIns.byKind.performance_meeting} ` +
        `performance meetings, ${c.checkIns.byKind.feedback_form} feedback forms (${c.checkIns.withGoalUpdates} with goal actuals).`,
    ),
  );
  const t = c.timeliness;
  out.push(
    ...wrap(
      `Timeliness as of ${c.timelinessAsOf} (${t.cadenceDays}-day cadence + ${t.graceDays} days grace, ${t.completeWindows} ` +
        `complete windows): ${pct(t.totals.onTimePercent)} of windows covered; ${t.totals.overdue} overdue.`,
    ),
  );
  out.push(
    ...table(
      ['person', 'manager', 'check-ins', 'windows', 'on time', 'last check-in', 'days since', 'status'],
      t.people.map((p) => [
        name(p.personId),
        name(p.managerId),
        p.checkIns,
        `${p.windowsCovered}/${p.windowsElapsed}`,
        pct(p.onTimePercent),
        date(p.lastCheckInAt),
        p.daysSinceLast,
        p.overdue ? `OVERDUE by ${p.overdueByDays} days` : 'ok',
      ]),
      '    ',
    ),
  );
  for (const o of t.overdue) {
    out.push(
      `    ! ${name(o.personId)} has not been coached for ${o.overdueByDays + t.cadenceDays} days: alert sent to ${name(o.managerId)}.`,
    );
  }
  out.push('', '  Final actuals (latestActuals over the check-ins), fed into the KPI goals:');
  const actualRows: string[][] = [];
  for (const id of r.participants) {
    const mine = c.actuals.filter((a) => a.goalId.startsWith(`${id}.`));
    actualRows.push([name(id), ...mine.map((a) => `${a.title}: ${a.actual} ${a.unit}`)]);
  }
  out.push(...table(['person', 'KPI 1', 'KPI 2'], actualRows, '    '));
  out.push(
    c.agreementsStillValid
      ? '    Recording actuals kept every plan agreement valid (planChanged: no reset).'
      : '    ! Recording actuals reset a plan agreement.',
  );
  out.push('', '  Progress rolled up the cascade (own measure and supporting goals, 50/50 where measured):');
  out.push(
    ...table(
      ['goal', 'level', 'progress'],
      c.rollUp.map((g) => [g.title, g.level, pct(g.progress * 100)]),
      '    ',
    ),
  );
  out.push(...transitionLines(r, 'coach'));

  // 3. Appraise
  const a = r.appraise;
  out.push(...section(3, 'APPRAISE', 'self, manager, peer and upward reviews; explained scores'));
  out.push(
    ...wrap(
      `${a.reviews.total} reviews: ${a.reviews.byComponent.self} self, ${a.reviews.byComponent.manager} manager, ` +
        `${a.reviews.byComponent.peer} peer, ${a.reviews.byComponent.upward} upward (for the two department heads). ` +
        'KPI goals score from their actuals; competency goals from the ratings. Goal scores on the 1–5 scale:',
    ),
  );
  for (const dept of r.organisation.departments.filter((d) => d.id !== 'acme')) {
    const rows = a.scores.filter(
      (s) => r.organisation.people.find((p) => p.id === s.subjectId)?.department === dept.name,
    );
    const first = rows[0];
    const titles =
      first?.trace.goals.map((g) => `${g.goalId.slice(first.subjectId.length + 1)} ×${g.weight}`) ?? [];
    out.push(
      '',
      ...table(
        [dept.name, ...titles, 'score', 'rating'],
        rows.map((s) => [
          name(s.subjectId),
          ...s.trace.goals.map((g) => (g.score === null ? '—' : num(g.score, 4))),
          num(s.score, 4),
          `${s.rating.value} ${s.rating.label}`,
        ]),
        '    ',
      ),
    );
  }
  out.push('', `  The full explained score of ${name(a.explainedPersonId)} (explainScore):`);
  for (const line of a.explained.split('\n')) out.push(...wrap(line, '    '));
  const explained = score(a.explainedPersonId);
  if (explained) {
    out.push('', '  The same trace as a table:');
    const rows: string[][] = explained.trace.goals.map((g) => [
      g.title,
      g.actual === null ? '—' : String(g.actual),
      g.achievement === null ? '—' : num(g.achievement, 4),
      g.curve === null ? g.components.map((x) => `${x.component} ${num(x.mean)}`).join(' · ') : curveText(g),
      String(g.weight),
      g.score === null ? '—' : num(g.score, 4),
      num(g.contribution, 4),
    ]);
    rows.push([
      'total',
      '',
      '',
      '',
      String(explained.trace.goals.reduce((s, g) => s + g.weight, 0)),
      '',
      num(explained.score, 4),
    ]);
    out.push(
      ...table(
        ['goal', 'actual', 'achievement', 'curve / ratings', 'weight', 'score', 'contribution'],
        rows,
        '    ',
      ),
    );
  }
  out.push(...transitionLines(r, 'appraise'));

  // 4. Calibrate
  const cal = r.calibrate;
  out.push(...section(4, 'CALIBRATE', 'fairness pass: distribution, rater bias, evidence, 9-box'));
  out.push('  Rating distribution against the guideline (flag when more than ±10 points off):');
  out.push(
    ...table(
      ['rating', 'before', 'after calibration', 'guideline', 'delta after', 'flag'],
      cal.distributionAfter.levels.map((l, i) => {
        const b = cal.distributionBefore.levels[i];
        return [
          `${l.value} ${l.label}`,
          `${b?.count ?? 0} (${pct(b?.percent ?? 0)})`,
          `${l.count} (${pct(l.percent)})`,
          pct(l.guideline, 0),
          `${l.delta > 0 ? '+' : ''}${num(l.delta, 1)}`,
          l.flagged ? 'off guideline' : '',
        ];
      }),
      '    ',
    ),
  );
  out.push(
    '',
    `  Rater statistics on manager ratings (population mean ${num(cal.raters.population.mean, 3)}, sd ${num(cal.raters.population.sd, 3)}; shrunk toward it):`,
  );
  out.push(
    ...table(
      ['rater', 'ratings', 'mean', 'shrunk mean', 'leniency', 'spread ratio', 'flags'],
      cal.raters.raters.map((x) => [
        name(x.raterId),
        x.n,
        num(x.mean, 3),
        num(x.shrunkMean, 3),
        `${x.leniency > 0 ? '+' : ''}${num(x.leniency, 3)}`,
        num(x.spreadRatio, 3),
        x.flags.join(', ') || '—',
      ]),
      '    ',
    ),
  );
  out.push(
    '',
    `  Evidence for extreme ratings: ${cal.evidenceBefore.length} found without enough written evidence:`,
  );
  for (const e of cal.evidenceBefore) {
    out.push(
      `    ! ${name(e.reviewerId)} rated ${name(e.subjectId)} ${e.rating} with ${e.chars} of ${e.required} characters of evidence (${e.reviewId})`,
    );
  }
  out.push(
    `    → ${name(cal.evidenceBefore[0]?.reviewerId ?? null)} resubmitted them with evidence; ${cal.evidenceAfter.length} left.`,
  );
  out.push('', '  9-box (calibrated rating × potential):');
  out.push(
    ...table(
      ['person', 'rating', 'potential', 'box', 'label'],
      cal.nineBox.map((b) => [name(b.personId), rating(b.personId), b.potential, b.box, b.label]),
      '    ',
    ),
  );
  out.push('', '  Calibration adjustments (the original is always kept):');
  for (const x of cal.calibrated) {
    for (const adj of x.adjustments) {
      out.push(
        `    ${name(x.subjectId)}: ${adj.from} → ${adj.to} by ${name(adj.actorId)} on ${date(adj.at)} ` +
          `(original score ${num(x.original.score, 4)}, rating ${x.original.rating} kept)`,
      );
      out.push(...wrap(`“${adj.justification}”`, '      '));
    }
  }
  out.push(
    `    Summary: ${cal.summary.changed} of ${cal.summary.total} changed (${cal.summary.up} up, ${cal.summary.down} down).`,
  );
  out.push(...transitionLines(r, 'calibrate'));

  // 5. Feedback
  const fb = r.feedback;
  out.push(...section(5, 'FEEDBACK', 'meetings, mere-formality checks, acknowledgement and appeal'));
  out.push(
    ...table(
      ['meeting', 'person', 'held', 'quality', 'failed checks'],
      fb.meetings.map((m) => [
        m.meetingId,
        name(m.subjectId),
        date(m.heldAt),
        m.quality.passed ? 'passed' : 'MERE FORMALITY',
        m.quality.failed.join(', ') || '—',
      ]),
      '    ',
    ),
  );
  out.push('', '  detectFormality over the manager review summaries:');
  for (const f of fb.formality) {
    const d = f.details as { matches?: { id: string; similarity: number }[] };
    const match = d.matches?.[0];
    out.push(
      ...wrap(
        `! ${f.id} [${f.code}] ${f.message}${match ? ` Matches ${match.id} at ${pct(match.similarity * 100)} once the name is masked.` : ''}`,
        '    ',
      ),
    );
  }
  out.push('', '  Acknowledgement:');
  for (const x of fb.acknowledgements) {
    const s = x.state;
    const text =
      s.status === 'acknowledged'
        ? `acknowledged on ${date(s.at)}`
        : s.status === 'appeal_resolved'
          ? `appealed, resolved on ${date(s.at)} by ${name(s.by)}: ${s.outcome} — “${s.note}”`
          : s.status === 'appealed'
            ? `appealed on ${date(s.at)}`
            : 'pending';
    out.push(...wrap(`${name(x.personId).padEnd(6)} ${text}`, '    '));
  }
  out.push(...transitionLines(r, 'feedback'));

  // 6. Apply
  const ap = r.apply;
  out.push(
    ...section(6, 'APPLY', 'incentive and restraint: bonus, merit, promotion, improvement, development'),
  );
  out.push(...ap.bonus.trace.split('\n').flatMap((l) => wrap(l, '  ')));
  out.push(
    ...table(
      ['person', 'rating', 'multiplier', 'target', 'raw', 'bonus'],
      [
        ...ap.bonus.people.map((p) => [
          name(p.personId),
          String(p.rating),
          `${p.multiplier}×`,
          money(p.targetCents),
          money(p.rawCents),
          money(p.amountCents),
        ]),
        [
          'total',
          '—',
          '—',
          money(ap.bonus.people.reduce((s, p) => s + p.targetCents, 0)),
          money(ap.bonus.people.reduce((s, p) => s + p.rawCents, 0)),
          money(ap.bonus.people.reduce((s, p) => s + p.amountCents, 0)),
        ],
      ],
      '    ',
    ),
  );
  out.push('');
  out.push(...ap.merit.trace.split('\n').flatMap((l) => wrap(l, '  ')));
  out.push(
    ...table(
      ['person', 'rating', 'compa-ratio', 'band', 'matrix', 'increase', 'effective'],
      ap.merit.people.map((p) => [
        name(p.personId),
        p.rating,
        num(p.compaRatio, 3),
        p.band,
        `${p.matrixPercent}%`,
        money(p.amountCents),
        `${num(p.effectivePercent, 2)}%`,
      ]),
      '    ',
    ),
  );
  out.push('', '  Promotion:');
  for (const d of ap.promotions.nominated)
    out.push(...wrap(`✓ ${name(d.personId)} nominated: ${d.reasons.join(' ')}`, '    '));
  for (const d of ap.promotions.notYet.filter((x) => x.rating >= 4 || x.potential >= 3)) {
    out.push(...wrap(`· ${name(d.personId)} not yet: ${d.reasons.join(' ')}`, '    '));
  }
  out.push('', '  Improvement plans (rating ≤ 2) — the external environment is never penalised:');
  for (const p of ap.improvement.plans) {
    out.push(...wrap(`▸ ${name(p.personId)}: ${p.startsOn} → ${p.endsOn}. ${p.reason}`, '    '));
    for (const g of p.focusGoals)
      out.push(`        focus ${g.title}: ${g.factor ?? 'undiagnosed'} → ${g.response}`);
  }
  for (const tr of ap.improvement.targetReviews)
    out.push(...wrap(`▸ ${name(tr.personId)}: TARGET REVIEW instead. ${tr.reason}`, '    '));
  out.push('', '  Development items:');
  for (const d of ap.development)
    out.push(...wrap(`· ${name(d.personId)}: ${d.title} (${d.type}) — ${d.reason}`, '    '));
  out.push(...transitionLines(r, 'apply'));

  // 7. Improve (diagnosis + next cycle)
  out.push(...section(7, 'IMPROVE', 'gap diagnosis by the four factors; the next cycle drafted'));
  out.push('  Shortfalls and their attributed causes:');
  out.push(
    ...table(
      ['person', 'goal', 'achievement', 'weighted gap', 'skills', 'external', 'internal', 'motivation'],
      r.diagnosis.shortfalls.map((s) => [
        name(s.subjectId),
        s.goalId,
        num(s.achievement, 3),
        num(s.weightedGap, 3),
        pct(s.split.skills * 100, 0),
        pct(s.split.external_environment * 100, 0),
        pct(s.split.internal_conditions * 100, 0),
        pct(s.split.motivation * 100, 0),
      ]),
      '    ',
    ),
  );
  const deptName = (id: string | null) =>
    r.organisation.departments.find((d) => d.id === id)?.name ?? '(none)';
  for (const d of r.diagnosis.report.departments) {
    out.push(
      '',
      `  ${deptName(d.departmentId)}: ${d.shortfalls} shortfalls, weighted gap ${num(d.weightedGap, 3)}; dominant factor: ${d.dominant ?? '—'}`,
    );
    for (const f of d.factors.filter((x) => x.weightedGap > 0)) {
      out.push(`    ${f.factor.padEnd(21)} ${pct(f.share * 100, 1).padStart(6)}  (${f.nature})`);
    }
    out.push(...wrap(`recommended: ${d.recommendations.map((x) => x.response).join(' → ')}`, '    '));
  }
  const draft = r.improve;
  out.push('');
  out.push(
    ...wrap(
      `Next cycle ${NEXT_CYCLE_ID} drafted (draftNextCycle): ${draft.drafts.length} draft goals, ` +
        `${draft.developmentItems.length} development items, ${draft.managerActions.length} manager actions; ` +
        `${draft.skipped.length} goals not carried (${summariseSkips(draft)}).`,
    ),
  );
  out.push(
    ...table(
      ['draft goal', 'weight', 'reason', 'factor', 'notes'],
      draft.drafts.map((d) => [
        d.goal.id,
        d.goal.weight,
        d.reason.code === 'unfinished_goal'
          ? 'carried'
          : d.reason.code === 'skills_gap'
            ? 'skill goal'
            : d.reason.code,
        d.reason.factor ?? '—',
        d.notes.map((n) => n.code).join(', ') || '—',
      ]),
      '    ',
    ),
  );
  for (const m of draft.managerActions)
    out.push(...wrap(`▸ ${m.kind} for ${name(m.subjectId)}: ${m.title}`, '    '));
  out.push(...transitionLines(r, 'improve'));

  // Audit trail
  out.push(...section(null, 'Cycle audit trail', `${r.cycle.name} is ${r.cycle.phase}`));
  out.push(
    ...table(
      ['from', 'to', 'at', 'actor', 'override'],
      r.cycle.history.map((h) => [
        h.from,
        h.to,
        h.at.replace('T', ' ').slice(0, 16),
        name(h.actorId),
        h.override ? `yes: ${h.override.refusals.map((x) => x.message).join('; ')}` : '—',
      ]),
      '    ',
    ),
  );
  for (const h of r.cycle.history)
    if (h.override) out.push(...wrap(`override reason (${name(h.actorId)}): “${h.override.reason}”`, '    '));

  out.push('', '─'.repeat(WIDTH));
  out.push(
    '  Every number above came from @perfloop/core: pure functions, no I/O, same output on every run.',
  );
  out.push('  API: see packages/core/README.md (one section per capability, with runnable examples).');
  out.push('  Source of this walk-through: packages/core/examples/sample-cycle.ts');
  out.push('─'.repeat(WIDTH));
  return out.join('\n');
}

function curveText(g: { curve: { type: string; cap?: number } | null; direction: string | null }): string {
  if (!g.curve) return '';
  const c = g.curve.type === 'capped' ? `capped ${g.curve.cap}` : g.curve.type;
  return `${c}, ${g.direction === 'lower_is_better' ? 'lower' : 'higher'}`;
}

function summariseSkips(d: NextCycleDraft): string {
  const counts = new Map<string, number>();
  for (const s of d.skipped) counts.set(s.reason, (counts.get(s.reason) ?? 0) + 1);
  return [...counts].map(([k, v]) => `${v} ${k.replace('_', ' ')}`).join(', ');
}

/** The transition attempts made while leaving `phase`, as report lines. */
function transitionLines(r: SampleCycleReport, phase: Phase): string[] {
  const out: string[] = [];
  for (const t of r.transitions.filter((x) => x.from === phase)) {
    const when = t.at.replace('T', ' ').slice(0, 16);
    if (t.outcome === 'refused') {
      const why = t.reasons.map((x) => `${x.message} (${x.code}: ${x.ids.join(', ')})`).join('; ');
      out.push(...wrap(`✗ ${t.from} → ${t.to} refused at ${when}: ${why}`));
    } else if (t.override !== null) {
      const past = t.reasons.map((x) => x.message).join('; ');
      out.push(
        ...wrap(
          `⚑ ${t.from} → ${t.to} at ${when} by override of ${t.actorId} (past: ${past}): “${t.override}”`,
        ),
      );
    } else out.push(`  ✓ ${t.from} → ${t.to} at ${when}: every guard passed.`);
  }
  return out.length > 0 ? ['', ...out] : out;
}
