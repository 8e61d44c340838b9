// OpenAPI shapes of calibration sessions, their adjustments and analytics (core returns interfaces for these).
import { z } from '@hono/zod-openapi';
import {
  AppealAdjustmentSchema,
  CalibrationSessionSchema,
  IdSchema,
  StoredAdjustmentSchema,
  TEXT_LIMITS,
} from '@perfloop/core';
import { ResourceMeta } from '../../kit/index.ts';
import { PersonScoreSchema, ScoreFailureSchema } from '../appraise/scoreSchemas.ts';

export const SessionResource = CalibrationSessionSchema.extend({
  mayRun: z.boolean().openapi({
    description:
      'Whether you run this session (HR, or the head of every department in it): move ratings and finalise. False for a head who reads it because it covers a department she heads: she sees only the people of the departments she heads, and `summary` (over everyone in it) is null.',
  }),
})
  .extend(ResourceMeta)
  .openapi('CalibrationSession');
export const AdjustmentResource = StoredAdjustmentSchema.extend(ResourceMeta).openapi(
  'StoredCalibrationAdjustment',
);
/** A rating move from an appeal resolved as changed (after the session), listed with the session's own moves. */
export const AppealMoveResource = AppealAdjustmentSchema.extend(ResourceMeta).openapi('AppealRatingMove', {
  description:
    'A rating move made when an appeal was resolved as `changed` (`kind: appeal`): the feedback meeting (`meetingId`) in place of a session, HR’s note as the justification.',
});
/** What a session's adjustment list holds: its own moves, then appeal moves of its people. */
export const SessionMoveResource = z.union([AdjustmentResource, AppealMoveResource]);

export const SessionCreate = z
  .strictObject({
    cycleId: IdSchema,
    departmentIds: z
      .array(IdSchema)
      .min(1)
      .max(200)
      .openapi({ description: 'The departments calibrated together (with their sub-departments).' }),
    name: z.string().trim().min(1).max(TEXT_LIMITS.name),
  })
  .openapi('CalibrationSessionCreate');

export const AdjustmentCreate = z
  .strictObject({
    personId: IdSchema,
    fromRating: z.number().int().openapi({
      description:
        'The person’s current (calibrated) rating as the caller saw it when deciding the move; when it has changed since (someone moved the person meanwhile) the move is refused with 409 `rating_changed`.',
    }),
    toRating: z.number().int(),
    justification: z.string().max(TEXT_LIMITS.justification).openapi({
      description:
        'At least 20 characters; moving to the lowest or highest rating needs the policy’s evidence length.',
    }),
  })
  .openapi('CalibrationAdjustmentCreate');

const ScoreAndRating = z.object({ score: z.number(), rating: z.number().int() });
export const CalibratedRatingSchema = z
  .object({
    subjectId: z.string(),
    original: ScoreAndRating,
    current: ScoreAndRating,
    adjustments: z.array(
      z.object({
        from: z.number().int(),
        to: z.number().int(),
        actorId: z.string(),
        justification: z.string(),
        at: z.string(),
      }),
    ),
  })
  .openapi('CalibratedRating');

export const AdjustmentCreated = z
  .object({
    adjustment: AdjustmentResource,
    rating: CalibratedRatingSchema,
    explanation: PersonScoreSchema.optional().openapi({
      description:
        'With explain=true: the person’s score explained as it stands after this move (core’s trace, text, formula and every calibration move, this one included).',
    }),
  })
  .openapi('CalibrationAdjustmentCreated');

const RatingDistributionSchema = z.object({
  levels: z.array(
    z.object({
      value: z.number(),
      label: z.string(),
      count: z.number().int(),
      percent: z.number(),
      guideline: z.number(),
      delta: z.number(),
      flagged: z.boolean(),
    }),
  ),
  total: z.number().int(),
  offScale: z.number().int(),
  withinGuideline: z.boolean(),
});

/** Marks the caller's own entry: nobody moves their own rating (403 `own_rating`). */
const IsCaller = z.boolean().openapi({
  description:
    'True for the caller’s own entry: nobody moves their own rating (403 `own_rating`), so clients offer no move for it.',
});

/**
 * What a rating rests on: the score's warnings about missing inputs (core scoring), so calibration never takes a
 * rating built on a missing appraisal for a verdict.
 */
export const RATING_BASIS_WARNINGS = ['manager_review_missing', 'unrated_goal', 'missing_actual'] as const;
const RatingBasisWarning = z
  .object({
    code: z.enum(RATING_BASIS_WARNINGS),
    message: z.string(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('RatingBasisWarning', {
    description:
      '`manager_review_missing` (details `weight`, `goalIds`, `ratedBy`: no manager rated the competency goals — they rest on `ratedBy` alone, or are left out when it is empty), `unrated_goal` (`goalId`, `title`, `rated`) and `missing_actual` (`goalId`, `title`): a goal left out of the score, its weight renormalised.',
  });

const Coverage = {
  people: z.array(z.string()).openapi({ description: 'The participants the session covers.' }),
  unscored: z.array(ScoreFailureSchema).openapi({
    description:
      'The people the session covers who have no score, so they are not calibrated (nor in `ratings`), each with why: `all_goals_cancelled` or `no_scorable_goals`.',
  }),
};

export const DistributionResponse = z
  .object({
    ...Coverage,
    current: RatingDistributionSchema.openapi({
      description: 'Current (calibrated) ratings vs the guideline.',
    }),
    original: RatingDistributionSchema.openapi({ description: 'Ratings as scored, before calibration.' }),
    ratings: z
      .array(
        z.object({
          personId: z.string(),
          original: z.number().int(),
          current: z.number().int(),
          isCaller: IsCaller,
          warnings: z.array(RatingBasisWarning).openapi({
            description:
              'What the rating rests on, when an input is missing: the score’s `manager_review_missing`, `unrated_goal` and `missing_actual` warnings, in the score’s order (empty when nothing is missing).',
          }),
        }),
      )
      .openapi({
        description:
          'Each scored person’s rating as scored and as calibrated now, by person id (`current` is the `fromRating` of a move), with what it rests on (`warnings`).',
      }),
  })
  .openapi('CalibrationDistribution');

export const NormalisationTraceSchema = z
  .object({
    subjectId: z.string(),
    raterId: z.string(),
    score: z.number(),
    population: z.object({ n: z.number().int(), mean: z.number(), sd: z.number() }),
    shrinkage: z
      .number()
      .openapi({ description: 'k: the population counts as this many of the rater’s scores.' }),
    rater: z
      .object({
        n: z.number().int(),
        mean: z.number(),
        sd: z.number(),
        pull: z
          .number()
          .openapi({ description: 'k / (n + k): how far the rater’s figures move toward the population.' }),
        shrunkMean: z.number(),
        shrunkSd: z.number(),
      })
      .nullable()
      .openapi({ description: 'Null when the rater has no statistics (the score passes through).' }),
    factor: z.number().openapi({ description: 'population sd / shrunk sd (1: only shifted).' }),
    unclamped: z.number(),
    scale: z.object({ min: z.number(), max: z.number() }),
    clamped: z.boolean(),
    normalised: z.number(),
    delta: z.number(),
    lines: z.array(z.string()).openapi({ description: 'The same steps in plain English, one a line.' }),
  })
  .openapi('NormalisationTrace');

const explanationOf = (what: string) =>
  PersonScoreSchema.optional().openapi({
    description: `With explain=true: how ${what} was made — core’s trace, its plain text and formula, and the calibration moves.`,
  });

export const RaterBiasResponse = z
  .object({
    ...Coverage,
    raters: z.array(
      z.object({
        raterId: z.string(),
        n: z.number().int(),
        mean: z.number(),
        sd: z.number(),
        shrunkMean: z.number(),
        shrunkSd: z.number(),
        leniency: z.number(),
        spreadRatio: z.number(),
        flags: z.array(z.enum(['lenient', 'severe', 'central_tendency'])),
      }),
    ),
    population: z.object({ n: z.number().int(), mean: z.number(), sd: z.number() }),
    normalised: z
      .array(
        z.object({
          subjectId: z.string(),
          raterId: z.string(),
          score: z.number(),
          normalised: z.number(),
          delta: z.number(),
          adjusted: z.boolean(),
          explanation: NormalisationTraceSchema.optional().openapi({
            description:
              'With explain=true: core’s normalisation trace of this entry (the rater’s mean and spread, their shrinkage toward the population, the mapping, any clamping).',
          }),
        }),
      )
      .openapi({
        description: 'What each manager score would be with the population’s mean and spread (a view only).',
      }),
  })
  .openapi('CalibrationRaterBias');

export const NineBoxResponse = z
  .object({
    ...Coverage,
    items: z.array(
      z.object({
        personId: z.string(),
        rating: z.number().int(),
        potential: z.number().int(),
        performance: z.enum(['low', 'moderate', 'high']),
        box: z.number().int(),
        label: z.string(),
        isCaller: IsCaller,
      }),
    ),
    missingPotential: z
      .array(z.string())
      .openapi({ description: 'Scored people without a potential assessment.' }),
  })
  .openapi('CalibrationNineBox');

export const EvidenceResponse = z
  .object({
    ...Coverage,
    required: z.number().int(),
    issues: z.array(
      z.object({
        reviewId: z.string(),
        subjectId: z.string(),
        reviewerId: z.string().nullable().openapi({
          description: 'Null for a peer or upward review of yourself: its reviewer stays anonymous to you.',
        }),
        goalId: z.string(),
        rating: z.number(),
        chars: z.number().int(),
        required: z.number().int(),
      }),
    ),
  })
  .openapi('CalibrationEvidence');

export const ForcedDistributionResponse = z
  .object({
    ...Coverage,
    enabled: z.boolean(),
    targets: z.array(
      z.object({ value: z.number(), label: z.string(), target: z.number().int(), current: z.number().int() }),
    ),
    suggestions: z.array(
      z.object({
        subjectId: z.string(),
        score: z.number(),
        rank: z.number().int(),
        from: z.number(),
        to: z.number(),
        change: z.enum(['up', 'down']),
        isCaller: IsCaller,
        explanation: explanationOf('the score ranked here').openapi({
          description:
            'With explain=true: how the score ranked here was made (as the scores routes would show it to you: never your own before the feedback phase).',
        }),
      }),
    ),
    warnings: z.array(
      z.object({
        code: z.string(),
        message: z.string(),
        details: z.record(z.string(), z.unknown()).optional(),
      }),
    ),
  })
  .openapi('CalibrationForcedDistribution');
