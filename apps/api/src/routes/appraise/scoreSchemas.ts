// OpenAPI shapes of scores: core's PersonScore trace (interfaces there), calibration state, and the API score item.
import { z } from '@hono/zod-openapi';
import {
  ComponentSchema,
  expandedFormula,
  explainScore,
  isAppealMove,
  PhaseSchema,
  type Policy,
  SCORING_FIELDS,
  type ScoreTrace,
  withGoalCorrections,
  withRatingChanges,
  withTargetAdjustments,
} from '@perfloop/core';
import type { CalibratedScore } from './cycleScores.ts';

const nullableNumber = z.number().nullable();

export const ComponentTraceSchema = z.object({
  component: ComponentSchema,
  raters: z.number().int(),
  mean: z.number(),
  weight: z.number(),
  effectiveWeight: z.number(),
});

const AnchorsSchema = z.object({
  threshold: nullableNumber,
  target: z.number(),
  stretch: nullableNumber,
});
const FactorEnum = z.enum(['skills', 'external_environment', 'internal_conditions', 'motivation']);

export const GoalTargetAdjustmentTraceSchema = z
  .object({
    original: AnchorsSchema.openapi({ description: 'The anchors before the first approved adjustment.' }),
    adjusted: AnchorsSchema.openapi({ description: 'The anchors the goal was scored against.' }),
    factor: FactorEnum,
    reason: z.string(),
    steps: z.array(
      z.object({
        id: z.string(),
        factor: FactorEnum,
        reason: z.string(),
        evidence: z.string(),
        from: AnchorsSchema,
        to: AnchorsSchema,
        requestedBy: z.string(),
        decidedBy: z.string().nullable(),
        decidedAt: z.string().nullable(),
        decisionNote: z.string(),
      }),
    ),
    originalReached: z.enum(['below_threshold', 'threshold', 'target', 'stretch']).nullable(),
    originalAchievement: nullableNumber,
    originalScore: nullableNumber.openapi({
      description:
        'The goal score the original anchors would have given (null when the goal is not counted).',
    }),
  })
  .openapi('GoalTargetAdjustmentTrace');

const ScoringValue = z.union([
  z.number(),
  z.string(),
  z.null(),
  z.object({ type: z.enum(['linear', 'stepped', 'capped']), cap: z.number().optional() }),
]);
const ScoringValues = z.partialRecord(z.enum(SCORING_FIELDS), ScoringValue);

export const GoalCorrectionStepSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['changed', 'added']).optional().openapi({
      description:
        "`changed`: a goal of the agreed plan was changed (or cancelled, or restored); `added`: the goal was added to the plan after it was agreed (`fields` the goal's scoring fields, `before` null, with its `title`). Absent in explanations kept before additions were corrections: a change.",
    }),
    title: z.string().optional().openapi({ description: "An added goal's title as it was added." }),
    phase: z
      .enum(PhaseSchema.options)
      .openapi({ description: 'The cycle phase the correction was made in (never `plan`).' }),
    fields: z.array(z.enum(SCORING_FIELDS)),
    before: ScoringValues.openapi({ description: 'Each corrected field as agreed (or as last corrected).' }),
    after: ScoringValues.openapi({ description: 'Each corrected field as it was set.' }),
    reason: z.string(),
    correctedBy: z.string(),
    correctedAt: z.string(),
  })
  .openapi('GoalCorrectionStep');

export const GoalTraceSchema = z
  .object({
    goalId: z.string(),
    title: z.string(),
    kind: z.enum(['kpi', 'competency']),
    weight: z.number(),
    effectiveWeight: z.number().openapi({ description: 'Percent of the final score after renormalising.' }),
    counted: z.boolean(),
    excluded: z.enum(['missing_actual', 'unrated_goal']).nullable(),
    actual: nullableNumber,
    baseline: nullableNumber,
    threshold: nullableNumber,
    target: nullableNumber,
    stretch: nullableNumber,
    direction: z.enum(['higher_is_better', 'lower_is_better']).nullable(),
    curve: z.object({ type: z.enum(['linear', 'stepped', 'capped']), cap: z.number().optional() }).nullable(),
    reached: z.enum(['below_threshold', 'threshold', 'target', 'stretch']).nullable(),
    achievement: nullableNumber,
    score: nullableNumber,
    contribution: z.number(),
    components: z.array(ComponentTraceSchema),
    targetAdjustment: GoalTargetAdjustmentTraceSchema.optional().openapi({
      description:
        'A KPI target relieved by an approved target adjustment: original and adjusted anchors, why, and the original score.',
    }),
    corrections: z.array(GoalCorrectionStepSchema).optional().openapi({
      description:
        'Changes made to what the goal is scored from after its plan was agreed (oldest first; by HR, or a cancellation taken back by the manager chain or HR): fields, before and after, reason, who and when.',
    }),
    pooled: z.boolean().optional().openapi({
      description:
        'Only in the view of the person scored while a peer or upward component that weighs in their score is withheld (`withheld.pooled` of the trace): this counted competency goal is scored with the others together — its `score` null, `contribution` 0 and `components` empty, as they would give the withheld ratings away.',
    }),
  })
  .openapi('GoalTrace');

const NoteText = z.string().openapi({ description: 'The note in English (the same as in `renormalised`).' });

export const RenormalisationNoteSchema = z
  .discriminatedUnion('code', [
    z.object({
      code: z.literal('components_missing'),
      text: NoteText,
      missing: z.array(z.object({ component: ComponentSchema, weight: z.number() })).openapi({
        description: 'Positive-weight components that rated nothing, with their policy weights.',
      }),
      present: z
        .array(ComponentSchema)
        .openapi({ description: 'The components the weights renormalise over.' }),
    }),
    z.object({
      code: z.literal('goal_components_partial'),
      text: NoteText,
      goalId: z.string(),
      title: z.string(),
      components: z
        .array(ComponentSchema)
        .openapi({ description: 'The only components that rated the goal.' }),
    }),
    z.object({
      code: z.literal('goal_not_counted'),
      text: NoteText,
      goalId: z.string(),
      title: z.string(),
      kind: z.enum(['kpi', 'competency']),
      weight: z.number(),
      countedWeight: z.number().openapi({ description: 'The counted goals’ total weight that shares it.' }),
    }),
  ])
  .openapi('RenormalisationNote');

/** A peer or upward component whose reviews the person scored is not shown (core WithheldComponent). */
export const WithheldComponentSchema = z
  .object({
    component: z.enum(['peer', 'upward']),
    reviewers: z.number().int().openapi({
      description:
        'How many people submitted a review of this component about the person in the cycle (at least 1, fewer than `minReviews`).',
    }),
    minReviews: z.number().int().openapi({
      description:
        'The cycle policy’s `feedback.anonymousMinReviews`: reviews of the component are shown to the person once at least this many people gave one.',
    }),
  })
  .openapi('WithheldComponent');

const RatingLevelSchema = z.object({ value: z.number().int(), label: z.string() });

/** One move of the rating after scoring (core RatingChangeStep). */
export const RatingChangeStepSchema = z
  .object({
    kind: z.enum(['calibration', 'appeal']).openapi({
      description:
        '`calibration`: moved in a calibration session; `appeal`: corrected when HR resolved an appeal as changed.',
    }),
    from: RatingLevelSchema,
    to: RatingLevelSchema,
    by: z.string().openapi({ description: 'Who moved it (a session member, or the HR administrator).' }),
    at: z.string(),
    reason: z
      .string()
      .openapi({ description: 'The justification; for an appeal, HR’s note to the employee.' }),
    sessionId: z.string().optional().openapi({ description: '`calibration`: the session.' }),
    meetingId: z
      .string()
      .optional()
      .openapi({ description: '`appeal`: the feedback meeting whose appeal it resolved.' }),
  })
  .openapi('RatingChangeStep');

const PooledGoalsSchema = z
  .object({
    goalIds: z.array(z.string()),
    weight: z.number().openapi({ description: 'Their plan weights together.' }),
    effectiveWeight: z.number().openapi({ description: 'Their percent of the final score together.' }),
    score: z.number().openapi({ description: 'Σ weight × goal score / Σ weight (4 decimals).' }),
    contribution: z.number().openapi({ description: 'Their part of the final score together.' }),
  })
  .openapi('PooledGoals');

export const ScoreTraceSchema = z
  .object({
    goals: z.array(GoalTraceSchema),
    components: z.array(
      z.object({
        component: ComponentSchema,
        policyWeight: z.number(),
        present: z.boolean(),
        reviewers: z.number().int(),
      }),
    ),
    renormalised: z.array(z.string()),
    renormalisation: z
      .array(RenormalisationNoteSchema)
      .openapi({ description: 'The renormalisation notes in the same order, each with its code and facts.' }),
    formula: z.string(),
    unadjustedScore: z.number().optional().openapi({
      description: 'With an approved target adjustment: the score the original targets would have given.',
    }),
    cancelledGoals: z
      .array(
        z
          .object({
            goalId: z.string(),
            title: z.string(),
            kind: z.enum(['kpi', 'competency']),
            weight: z.number().openapi({ description: 'Its plan weight (not counted).' }),
            corrections: z.array(GoalCorrectionStepSchema),
          })
          .openapi('CancelledGoalTrace'),
      )
      .optional()
      .openapi({
        description:
          'Goals cancelled after the plan was agreed (not scored), each with its corrections: the cancellation, who, when and why.',
      }),
    withheld: z
      .object({
        components: z.array(WithheldComponentSchema),
        pooled: PooledGoalsSchema.nullable().openapi({
          description:
            'When a withheld component weighs in the score: the counted competency goals together (each `pooled`), so no per-goal score gives a withheld rating away; null otherwise (the goals only lose the withheld components’ entries).',
        }),
      })
      .optional()
      .openapi({
        description:
          'Only in the view of the person scored when reviews of theirs are withheld (fewer reviewers of a peer or upward component than the policy’s `feedback.anonymousMinReviews`): which, and how their competency goals are shown instead. The score counts the withheld reviews all the same.',
      }),
    ratingChanges: z.array(RatingChangeStepSchema).optional().openapi({
      description:
        'How the rating was moved after scoring, oldest first: calibration moves and corrections on appeal (who, when, from and to, why). The rest of the trace explains the score and rating as scored; absent when nobody moved it.',
    }),
  })
  .openapi('ScoreTrace');

const Warning = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()).optional(),
});
const RatingValue = z.object({ value: z.number(), label: z.string() });

export const AdjustmentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['calibration', 'appeal']).optional().openapi({
      description:
        '`calibration`: a calibration session’s move; `appeal`: the correction of an appeal resolved as changed. Absent only in explanations kept (with results, drafts) before appeals could move a rating: a calibration move.',
    }),
    sessionId: z.string().nullable().openapi({ description: 'The calibration session; null for an appeal.' }),
    meetingId: z.string().nullable().optional().openapi({
      description:
        'The feedback meeting whose appeal it resolved; null for calibration (absent where `kind` is).',
    }),
    from: z.number().int(),
    to: z.number().int(),
    actorId: z.string(),
    justification: z.string(),
    at: z.string(),
  })
  .openapi('CalibrationAdjustment');

export const PersonScoreSchema = z
  .object({
    subjectId: z.string(),
    score: z.number().openapi({ description: 'Continuous score on the rating scale (4 decimals).' }),
    rating: RatingValue.openapi({
      description:
        'The current (final) rating: the one calibration or a changed appeal moved it to, else the scored one.',
    }),
    original: z.object({ score: z.number(), rating: RatingValue }).openapi({
      description: 'The score and rating as scored, before calibration and appeals.',
    }),
    calibrated: z
      .boolean()
      .openapi({ description: 'The rating was moved from the scored one (in calibration, or on appeal).' }),
    adjustments: z.array(AdjustmentSchema),
    warnings: z.array(Warning),
    trace: ScoreTraceSchema.optional().openapi({ description: 'With explain=true: how the score was made.' }),
    explanation: z
      .string()
      .optional()
      .openapi({ description: 'With explain=true: the trace in plain text.' }),
    formula: z.string().optional().openapi({ description: 'With explain=true: the arithmetic written out.' }),
    withheld: z.array(WithheldComponentSchema).optional().openapi({
      description:
        'Present only for a reader who does not see who reviewed the person (the person themselves), and only when reviews are withheld from them: the peer and upward components whose reviews they are not shown — fewer people gave one than the cycle policy’s `feedback.anonymousMinReviews`, so they could tell who wrote what. Those reviews still count in `score`; `warnings` leave out those about them, and `trace`, `explanation` and `formula` give no rating of theirs (see `trace.withheld`).',
    }),
  })
  .openapi('PersonScore');
export type PersonScoreBody = z.infer<typeof PersonScoreSchema>;

export const ScoreFailureSchema = z
  .object({
    subjectId: z.string(),
    code: z.enum(['all_goals_cancelled', 'no_scorable_goals', 'duplicate_subject']).openapi({
      description:
        'Why there is no score: `all_goals_cancelled` (every goal of their plan is cancelled), `no_scorable_goals` (no goal in the plan, or none with an actual or a usable rating yet, or only weight-0 ones) or `duplicate_subject` (listed twice).',
    }),
    message: z.string().openapi({ description: 'The same in English, naming the person by id.' }),
  })
  .openapi('ScoreFailure', { description: 'A person who has no score, and why.' });

function rating(value: number, policy: Policy): { value: number; label: string } {
  const level = policy.ratingScale.levels.find((l) => l.value === value);
  return { value, label: level?.label ?? String(value) };
}

/** The API score item; with `explain`, the trace, its plain-text explanation and the expanded formula. */
export function scoreBody(s: CalibratedScore, policy: Policy, explain: boolean): PersonScoreBody {
  const { score, calibrated } = s;
  const body: PersonScoreBody = {
    subjectId: s.subjectId,
    score: score.score,
    rating: rating(calibrated.current.rating, policy),
    original: { score: calibrated.original.score, rating: score.rating },
    calibrated: calibrated.current.rating !== calibrated.original.rating,
    adjustments: s.adjustments.map((m) => ({
      id: m.id,
      kind: isAppealMove(m) ? 'appeal' : 'calibration',
      sessionId: isAppealMove(m) ? null : m.sessionId,
      meetingId: isAppealMove(m) ? m.meetingId : null,
      from: m.from,
      to: m.to,
      actorId: m.actorId,
      justification: m.justification,
      at: m.at,
    })),
    warnings: score.warnings.map((w) => ({
      code: w.code,
      message: w.message,
      ...(w.details ? { details: w.details } : {}),
    })),
  };
  if (!explain) return body;
  // The relief of approved target adjustments shows beside the anchors scored (nobody can hide a change).
  // So do corrections of the agreed plan: what changed after agreement, why, who and when.
  // And the moves of the rating after scoring: calibration, and corrections on appeal.
  const shown = withRatingChanges(
    withGoalCorrections(
      withTargetAdjustments(score, s.targetAdjustments, policy),
      s.goalCorrections,
      s.cancelledGoals,
    ),
    s.adjustments,
    policy,
  );
  // core's trace is frozen and shares read-only parts between people: hand out a plain copy.
  const trace: ScoreTrace = shown.trace;
  return {
    ...body,
    trace: JSON.parse(JSON.stringify(trace)) as z.infer<typeof ScoreTraceSchema>,
    explanation: explainScore(shown),
    formula: expandedFormula(shown),
  };
}
