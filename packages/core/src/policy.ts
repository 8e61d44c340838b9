// Policy: management theme presets (incentive / control) and the organisation's culture settings.
import { z } from 'zod';
import { DEFAULT_RECORDING_GRACE_DAYS } from './checkInRecording.ts';
import { DEFAULT_ANONYMOUS_MIN_REVIEWS } from './feedbackAnonymity.ts';
import { RATING_LABEL_MAX_CHARS } from './ratingLabels.ts';
import type { DomainError } from './result.ts';
import { addRuleIssue } from './ruleIssue.ts';

export const ManagementThemeSchema = z.enum(['incentive', 'control']);
export type ManagementTheme = z.infer<typeof ManagementThemeSchema>;

export const CycleLengthSchema = z.enum(['quarter', 'half', 'year']);
export type CycleLength = z.infer<typeof CycleLengthSchema>;

export const ComponentSchema = z.enum(['self', 'manager', 'peer', 'upward']);
export type Component = z.infer<typeof ComponentSchema>;

export const CadenceSchema = z.enum(['weekly', 'biweekly', 'monthly']);
export type Cadence = z.infer<typeof CadenceSchema>;
export const CADENCE_DAYS: Record<Cadence, number> = { weekly: 7, biweekly: 14, monthly: 30 };

const RatingLabelText = z.string().trim().min(1).max(RATING_LABEL_MAX_CHARS);

/**
 * One level of the rating scale; a continuous score at or above `minScore` earns this level. `label` is the level's
 * name as the organisation wrote it (the default, used wherever no other language is given); `labels` optionally
 * says it in the tab's languages (`{ "zh-CN": "达到预期" }`; `RATING_LABEL_LOCALES`): `ratingLabel` picks one.
 */
export const RatingLevelSchema = z.strictObject({
  value: z.number().int().min(0).max(100),
  label: RatingLabelText,
  labels: z.strictObject({ en: RatingLabelText.optional(), 'zh-CN': RatingLabelText.optional() }).optional(),
  minScore: z.number(),
});
export type RatingLevel = z.infer<typeof RatingLevelSchema>;

/**
 * The rating scale. Scores are continuous on [min value, max value]; `meets` is the level that
 * means "target met" (a KPI at exactly its target scores `meets`).
 */
export const RatingScaleSchema = z
  .strictObject({
    levels: z.array(RatingLevelSchema).min(2).max(10),
    meets: z.number().int(),
  })
  .superRefine((scale, ctx) => {
    const values = scale.levels.map((l) => l.value);
    for (let i = 1; i < scale.levels.length; i++) {
      const prev = scale.levels[i - 1];
      const cur = scale.levels[i];
      if (!prev || !cur) continue;
      if (cur.value <= prev.value) {
        addRuleIssue(ctx, {
          path: ['levels', i, 'value'],
          message: 'level values must increase',
          rule: 'levels_not_increasing',
        });
      }
      if (cur.minScore <= prev.minScore) {
        addRuleIssue(ctx, {
          path: ['levels', i, 'minScore'],
          message: 'level minScores must increase',
          rule: 'levels_not_increasing',
        });
      }
    }
    if (!values.includes(scale.meets)) {
      addRuleIssue(ctx, {
        path: ['meets'],
        message: `meets (${scale.meets}) is not a level value`,
        rule: 'meets_not_a_level',
        facts: { meets: scale.meets },
      });
    }
    const first = scale.levels[0];
    const last = scale.levels[scale.levels.length - 1];
    if (first && last && (scale.meets === first.value || scale.meets === last.value)) {
      addRuleIssue(ctx, {
        path: ['meets'],
        message: 'meets must lie strictly inside the scale',
        rule: 'meets_at_scale_end',
      });
    }
  });
export type RatingScale = z.infer<typeof RatingScaleSchema>;

/**
 * The presets' five-level scale: each level named in English (`label`, the default) and in Simplified Chinese
 * (`labels['zh-CN']`), so an organisation starting from a preset sees its levels in either language of the tab.
 */
export const DEFAULT_RATING_SCALE: RatingScale = {
  levels: [
    { value: 1, label: 'Unsatisfactory', labels: { 'zh-CN': '不合格' }, minScore: 1 },
    { value: 2, label: 'Needs improvement', labels: { 'zh-CN': '需改进' }, minScore: 1.5 },
    { value: 3, label: 'Meets expectations', labels: { 'zh-CN': '达到预期' }, minScore: 2.5 },
    { value: 4, label: 'Exceeds expectations', labels: { 'zh-CN': '超出预期' }, minScore: 3.5 },
    { value: 5, label: 'Outstanding', labels: { 'zh-CN': '卓越' }, minScore: 4.5 },
  ],
  meets: 3,
};

/** Lowest and highest level values of a scale. */
export function scaleBounds(scale: { readonly levels: readonly { value: number }[] }): {
  min: number;
  max: number;
} {
  const first = scale.levels[0];
  const last = scale.levels[scale.levels.length - 1];
  if (!first || !last) throw new Error('rating scale without levels');
  return { min: first.value, max: last.value };
}

/** The level a continuous score falls in (scores below the first minScore get the first level). */
export function ratingFor(score: number, scale: RatingScale): RatingLevel {
  let found = scale.levels[0] as RatingLevel;
  // Rounded to 6 decimals so float noise (2.4999999999) never changes a band.
  const s = Math.round(score * 1e6) / 1e6;
  for (const level of scale.levels) if (s >= level.minScore) found = level;
  return found;
}

/** Share (percent, summing to 100) of people expected at each rating value. */
export const DistributionSchema = z
  .record(z.string().regex(/^\d+$/), z.number().min(0).max(100))
  .refine((d) => Math.abs(Object.values(d).reduce((a, b) => a + b, 0) - 100) < 1e-9, {
    message: 'distribution percentages must total 100',
  });
export type Distribution = z.infer<typeof DistributionSchema>;

const percent = z.number().min(0).max(100);

export const PolicySchema = z.strictObject({
  name: z.string().trim().min(1).max(120),
  theme: ManagementThemeSchema,
  cycleLength: CycleLengthSchema,
  ratingScale: RatingScaleSchema,
  /** Relative weight of each appraisal component; a missing component is renormalised away. */
  componentWeights: z
    .strictObject({ self: percent, manager: percent, peer: percent, upward: percent })
    .refine((w) => w.self + w.manager + w.peer + w.upward > 0, {
      message: 'component weights cannot all be 0',
    }),
  /** Guideline share of plan weight on KPI (results) goals vs competency/behaviour goals. */
  goalMix: z
    .strictObject({ kpi: percent, competency: percent, tolerance: percent.default(10) })
    .refine((m) => m.kpi + m.competency === 100, { message: 'goal mix kpi + competency must total 100' }),
  /** Flexible targets: threshold / target / stretch and the achievement each anchor earns. */
  flexibleTargets: z.strictObject({
    enabled: z.boolean(),
    thresholdAchievement: z.number().min(0).max(1),
    stretchAchievement: z.number().min(1).max(5),
  }),
  /** Guideline distribution always used for calibration; forcing it is off by default. */
  distribution: z.strictObject({
    guideline: DistributionSchema,
    forced: z.boolean(),
    /** Allowed deviation (percentage points) before a level is flagged. */
    tolerance: percent,
  }),
  calibration: z.strictObject({
    /** Prior strength (in ratings) for shrinking a small team's rater statistics toward the population. */
    shrinkage: z.number().min(0).max(1000),
    /** Extreme ratings (lowest and highest level) need written evidence of at least this many characters. */
    evidenceMinChars: z.number().int().min(0).max(5000),
    /** Absolute shrunk mean difference (in rating points) beyond which a rater is flagged lenient/severe. */
    biasThreshold: z.number().min(0),
    /** Spread ratio (rater sd / population sd) below which a rater is flagged for central tendency. */
    centralTendencyRatio: z.number().min(0).max(1),
  }),
  coaching: z.strictObject({
    cadence: CadenceSchema,
    /** Days past the cadence before a check-in counts as overdue. */
    graceDays: z.number().int().min(0).max(60),
    /**
     * Whole days after a check-in's `at` within which recording it still counts it at its `at`; one recorded later
     * counts at its recording time and is flagged as recorded late (core checkInCounting). Policies stored before
     * the setting read as the default (7).
     */
    recordingGraceDays: z.number().int().min(0).max(30).default(DEFAULT_RECORDING_GRACE_DAYS),
  }),
  feedback: z.strictObject({
    meetingRequired: z.boolean(),
    acknowledgementRequired: z.boolean(),
    minChars: z.number().int().min(0).max(5000),
    /** Word-shingle similarity (0–1) at or above which two texts by one author count as copy-paste. */
    similarityThreshold: z.number().min(0).max(1),
    appealWindowDays: z.number().int().min(0).max(365),
    /**
     * The anonymity threshold of peer and upward feedback: the person reviewed is shown the submitted reviews of an
     * anonymous component (peer, upward) in a cycle only once at least this many people gave one — fewer, and they
     * could tell who wrote what. Withheld reviews still count in the score. 1 shows every review (no threshold).
     * Policies stored before the setting read as the default (3).
     */
    anonymousMinReviews: z.number().int().min(1).max(50).default(DEFAULT_ANONYMOUS_MIN_REVIEWS),
  }),
  bonusPool: z.strictObject({
    enabled: z.boolean(),
    /** Performance multiplier per rating value (e.g. {"1":0,"3":1,"5":1.5}). */
    multipliers: z.record(z.string().regex(/^\d+$/), z.number().min(0).max(10)),
    /** Cap per person as a multiple of their target bonus. */
    capMultiple: z.number().min(0).max(10),
  }),
  merit: z.strictObject({
    /** Compa-ratio band upper bounds (exclusive), ascending; one more band above the last. */
    compaBands: z.array(z.number().positive()).min(1).max(6),
    /** Increase percent by rating value, one entry per compa band (bands.length + 1). */
    matrix: z.record(z.string().regex(/^\d+$/), z.array(z.number().min(0).max(100))),
  }),
  promotion: z.strictObject({ minRating: z.number().int(), minPotential: z.number().int().min(1).max(3) }),
  improvementPlan: z.strictObject({
    atOrBelowRating: z.number().int(),
    durationDays: z.number().int().min(1),
  }),
});
export type Policy = z.infer<typeof PolicySchema>;
export type PolicyInput = z.input<typeof PolicySchema>;

const BASE: Omit<Policy, 'name' | 'theme'> = {
  cycleLength: 'half',
  ratingScale: DEFAULT_RATING_SCALE,
  componentWeights: { self: 10, manager: 60, peer: 20, upward: 10 },
  goalMix: { kpi: 60, competency: 40, tolerance: 10 },
  flexibleTargets: { enabled: true, thresholdAchievement: 0.5, stretchAchievement: 1.5 },
  distribution: { guideline: { '1': 5, '2': 15, '3': 50, '4': 20, '5': 10 }, forced: false, tolerance: 10 },
  calibration: { shrinkage: 5, evidenceMinChars: 40, biasThreshold: 0.5, centralTendencyRatio: 0.5 },
  coaching: { cadence: 'biweekly', graceDays: 3, recordingGraceDays: DEFAULT_RECORDING_GRACE_DAYS },
  feedback: {
    meetingRequired: true,
    acknowledgementRequired: true,
    minChars: 80,
    similarityThreshold: 0.8,
    appealWindowDays: 14,
    anonymousMinReviews: DEFAULT_ANONYMOUS_MIN_REVIEWS,
  },
  bonusPool: {
    enabled: true,
    multipliers: { '1': 0, '2': 0.5, '3': 1, '4': 1.25, '5': 1.5 },
    capMultiple: 2,
  },
  merit: {
    compaBands: [0.9, 1.1],
    matrix: { '1': [0, 0, 0], '2': [1, 0.5, 0], '3': [4, 3, 2], '4': [6, 4.5, 3], '5': [8, 6, 4] },
  },
  promotion: { minRating: 4, minPotential: 3 },
  improvementPlan: { atOrBelowRating: 2, durationDays: 90 },
};

/**
 * Presets for the two management themes.
 * - `incentive` (growth stage): stimulate enthusiasm — results goals weigh more, a longer cycle,
 *   flexible targets and a generous, steep bonus pool (benefit sharing).
 * - `control` (mature): standardise behaviour — competency/behaviour goals weigh more, a steadier
 *   multiplier curve, tighter coaching cadence (and a check-in counts at its date only when recorded within 3 days).
 */
export const POLICY_PRESETS: Record<ManagementTheme, Policy> = {
  incentive: {
    ...BASE,
    name: 'Incentive-oriented (growth stage)',
    theme: 'incentive',
    cycleLength: 'half',
    goalMix: { kpi: 70, competency: 30, tolerance: 10 },
    componentWeights: { self: 10, manager: 60, peer: 20, upward: 10 },
    bonusPool: {
      enabled: true,
      multipliers: { '1': 0, '2': 0.4, '3': 1, '4': 1.4, '5': 1.8 },
      capMultiple: 2,
    },
  },
  control: {
    ...BASE,
    name: 'Control-oriented (mature)',
    theme: 'control',
    cycleLength: 'quarter',
    goalMix: { kpi: 40, competency: 60, tolerance: 10 },
    componentWeights: { self: 10, manager: 70, peer: 10, upward: 10 },
    coaching: { cadence: 'weekly', graceDays: 2, recordingGraceDays: 3 },
    bonusPool: {
      enabled: true,
      multipliers: { '1': 0, '2': 0.7, '3': 1, '4': 1.15, '5': 1.3 },
      capMultiple: 1.5,
    },
  },
};

/** A preset with overrides applied and validated. */
export function policyFromPreset(theme: ManagementTheme, overrides: Partial<Policy> = {}): Policy {
  return PolicySchema.parse({ ...POLICY_PRESETS[theme], ...overrides });
}

export type PolicyWarningCode =
  | 'team_stability'
  | 'results_cycle_too_short'
  | 'results_targets_not_flexible'
  | 'results_no_benefit_sharing'
  | 'distribution_levels_mismatch'
  | 'multiplier_missing'
  | 'recording_grace_covers_cadence'
  | 'overdue_grace_covers_cadence';

/**
 * Culture-fit advice for a policy (never a refusal): e.g. forced ranking risks team stability; and coaching graces
 * as long as the cadence's interval, which would hide late coaching (obstacle 2).
 */
export function policyWarnings(policy: Policy): DomainError<PolicyWarningCode>[] {
  const warnings: DomainError<PolicyWarningCode>[] = [];
  if (policy.distribution.forced) {
    warnings.push({
      code: 'team_stability',
      message:
        'Forced distribution is on. Teams that value stability and a harmonious atmosphere should be very ' +
        'cautious with forced ranking and "eliminate the last place": use the guideline for calibration instead.',
    });
  }
  if (policy.theme === 'incentive') {
    if (policy.cycleLength === 'quarter') {
      warnings.push({
        code: 'results_cycle_too_short',
        message: 'Results-oriented organisations should lengthen the appraisal cycle (half-year or year).',
      });
    }
    if (!policy.flexibleTargets.enabled) {
      warnings.push({
        code: 'results_targets_not_flexible',
        message: 'Results-oriented organisations should set flexible targets (threshold / target / stretch).',
      });
    }
    if (!policy.bonusPool.enabled) {
      warnings.push({
        code: 'results_no_benefit_sharing',
        message: 'Results-oriented organisations should support an attractive benefit-sharing bonus pool.',
      });
    }
  }
  const levelKeys = policy.ratingScale.levels.map((l) => String(l.value));
  const distKeys = Object.keys(policy.distribution.guideline);
  if (distKeys.some((k) => !levelKeys.includes(k)) || levelKeys.some((k) => !distKeys.includes(k))) {
    warnings.push({
      code: 'distribution_levels_mismatch',
      message: 'The guideline distribution does not name exactly the rating scale levels.',
      details: { levels: levelKeys, guideline: distKeys },
    });
  }
  const missing = levelKeys.filter((k) => policy.bonusPool.multipliers[k] === undefined);
  if (policy.bonusPool.enabled && missing.length > 0) {
    warnings.push({
      code: 'multiplier_missing',
      message: `No bonus multiplier for rating ${missing.join(', ')} (treated as 0).`,
      details: { ratings: missing },
    });
  }
  warnings.push(...coachingGraceWarnings(policy.coaching));
  return warnings;
}

/**
 * Coaching graces at least as long as the cadence's interval (CADENCE_DAYS), which would hide late coaching
 * (obstacle 2): a recording grace that long lets a whole missed interval be filled afterwards by a check-in dated
 * back into it (checkInCounting counts it at its date), and an overdue grace that long lets a whole interval pass
 * without a check-in before anyone is told it is overdue.
 */
function coachingGraceWarnings(coaching: Policy['coaching']): DomainError<PolicyWarningCode>[] {
  const { cadence, graceDays, recordingGraceDays } = coaching;
  const cadenceDays = CADENCE_DAYS[cadence];
  const out: DomainError<PolicyWarningCode>[] = [];
  if (recordingGraceDays >= cadenceDays) {
    out.push({
      code: 'recording_grace_covers_cadence',
      message:
        `A check-in recorded up to ${recordingGraceDays} days after its date still counts at its date, as long as ` +
        `the ${cadence} coaching interval (${cadenceDays} days): a missed interval can be filled afterwards and late ` +
        'coaching never shows. Keep the recording grace shorter than the interval.',
      details: { cadence, cadenceDays, recordingGraceDays },
    });
  }
  if (graceDays >= cadenceDays) {
    out.push({
      code: 'overdue_grace_covers_cadence',
      message:
        `A check-in counts as overdue only ${graceDays} days after the ${cadence} coaching interval ` +
        `(${cadenceDays} days): a whole interval can pass without coaching before anyone is told. Keep the grace ` +
        'shorter than the interval.',
      details: { cadence, cadenceDays, graceDays },
    });
  }
  return out;
}
