// Stored apply-phase results: one `results` record per person (bonus, merit, promotion, improvement plan ref), and their API shapes.
import { z } from '@hono/zod-openapi';
import {
  BonusAllocationSchema,
  BonusLineSchema,
  type DevelopmentItem,
  DevelopmentItemSchema,
  IdSchema,
  type ImprovementPlan,
  ImprovementPlanSchema,
  IsoDateTimeSchema,
  MeritAllocationSchema,
  MeritIncreaseSchema,
  PromotionDecisionSchema,
  TargetReviewSchema,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { Access } from '../../authz/index.ts';
import { ResourceMeta } from '../../kit/index.ts';
import { explanationForReader } from '../appraise/anonymity.ts';
import { PersonScoreSchema } from '../appraise/scoreSchemas.ts';
import type { MinReviewsOf } from '../appraise/withholding.ts';
import { MoneyCurrencyField } from '../organisation/currency.ts';
import { mayReadBudget, mayReadCompensation } from './compensation.ts';

export const RESULT_ID_PREFIX = 'res';
export const PLAN_ID_PREFIX = 'imp';
export const DEVELOPMENT_ID_PREFIX = 'dev';

const Rating = z.object({ value: z.number().int(), label: z.string() });

/**
 * The bonus pool and merit budget one apply used and what it allocated of them (core's summaries): the same on every
 * result of that apply. `bonus` is null when the policy has no bonus pool.
 */
export const AppliedBudgetSchema = z
  .object({
    bonus: BonusAllocationSchema.pick({
      mode: true,
      poolCents: true,
      allocatedCents: true,
      unallocatedCents: true,
    })
      .extend({
        scale: z.number().min(0).optional().openapi({
          description:
            'The common scale the apply used (re-used when an appeal corrects one result); absent on older results.',
        }),
      })
      .nullable()
      .openapi({ description: 'The bonus pool the apply split; null when the policy has no bonus pool.' }),
    merit: MeritAllocationSchema.pick({
      budgetCents: true,
      allocatedCents: true,
      unallocatedCents: true,
    }).extend({
      scale: z.number().min(0).max(1).optional().openapi({
        description: 'The scale-down the apply used (1 when the matrix fitted); absent on older results.',
      }),
    }),
  })
  .openapi('AppliedBudget');
export type AppliedBudget = z.infer<typeof AppliedBudgetSchema>;

const ResultOutcome = z.object({
  rating: Rating,
  bonusCents: z.number().int().nullable(),
  meritCents: z.number().int().nullable(),
  promotion: z.enum(['nominated', 'not_yet']).nullable(),
  improvementPlan: z.boolean(),
});

/**
 * A correction of one applied result: an appeal resolved as `changed` after the result was applied re-applied it at
 * the corrected rating (nobody else's result is recomputed). `trace` says what moved in plain English; `payTrace` how
 * the bonus and merit were worked out (the apply's scale, any cap by what the pool or budget had left).
 */
export const ResultCorrectionSchema = z.object({
  kind: z.literal('appeal'),
  meetingId: IdSchema,
  adjustmentId: IdSchema,
  at: IsoDateTimeSchema,
  by: IdSchema,
  from: ResultOutcome,
  to: ResultOutcome,
  bonusShortCents: z.number().int().min(0),
  meritShortCents: z.number().int().min(0),
  trace: z.array(z.string()),
  payTrace: z.array(z.string()),
});
export type ResultCorrection = z.infer<typeof ResultCorrectionSchema>;

/**
 * One person's applied result (core has no entity for it): the core bonus line, merit increase and
 * promotion decision, the id of their improvement plan (`improvement_plans`) or core's target-review
 * recommendation, and the ids of their development items (`development_items`).
 */
export const PersonResultSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  personId: IdSchema,
  score: z.number(),
  rating: Rating,
  bonus: BonusLineSchema.nullable(),
  merit: MeritIncreaseSchema.nullable(),
  promotion: PromotionDecisionSchema.nullable(),
  improvementPlanId: IdSchema.nullable(),
  targetReview: TargetReviewSchema.nullable(),
  developmentItemIds: z.array(IdSchema),
  appliedAt: IsoDateTimeSchema,
  appliedBy: IdSchema,
  /** Absent on results applied before the budget was recorded. */
  budget: AppliedBudgetSchema.optional(),
  /**
   * The score's explanation as core computed it when the result was applied (trace, text, formula, calibration
   * moves): kept with the result so it never drifts from the applied number. Absent on results applied before.
   */
  explanation: PersonScoreSchema.optional(),
  /** Corrections after the apply (appeals resolved as changed), oldest first; absent when never corrected. */
  corrections: z.array(ResultCorrectionSchema).optional(),
});
export type PersonResult = z.infer<typeof PersonResultSchema>;

export function parseResult(record: ResourceRecord): PersonResult {
  return PersonResultSchema.parse(record.data);
}

const redactionNote = {
  description:
    'True when bonus and merit are hidden: compensation is visible only to HR and the person themselves.',
};

/** A person's line in a preview or an apply: the result with its improvement plan and development items inline. */
export const ResultLineSchema = z.object({
  personId: IdSchema,
  score: z.number(),
  rating: Rating,
  bonus: BonusLineSchema.nullable(),
  merit: MeritIncreaseSchema.nullable(),
  promotion: PromotionDecisionSchema.nullable(),
  improvementPlan: ImprovementPlanSchema.nullable(),
  targetReview: TargetReviewSchema.nullable(),
  developmentItems: z.array(DevelopmentItemSchema),
  explanation: PersonScoreSchema.nullable().optional().openapi({
    description:
      'With explain=true: how the score and rating were made — core’s trace, its plain text and formula, and the calibration moves behind the rating. On a stored result it is the explanation kept when the result was applied (it never follows later edits); in a preview, the one of the scoring the preview used. Null for a result applied before explanations were kept with results.',
  }),
});

export const ResultResource = ResultLineSchema.extend({
  id: IdSchema,
  cycleId: IdSchema,
  appliedAt: z.string(),
  appliedBy: IdSchema,
  compensationRedacted: z.boolean().openapi(redactionNote),
  budget: AppliedBudgetSchema.nullable().openapi({
    description:
      'The bonus pool and merit budget the apply used and what it allocated of them (the same on every result of one apply). Shown to HR only; null to anyone else and for results applied before it was recorded.',
  }),
  corrections: z.array(ResultCorrectionSchema.openapi('ResultCorrection')).openapi({
    description:
      'How the result was corrected after it was applied, oldest first: an appeal resolved as `changed` re-applied it at the corrected rating (rating, bonus, merit, promotion, improvement plan). Empty when never corrected. Amounts (`bonusCents`, `meritCents`, `*ShortCents`, `payTrace`) are hidden (null, 0, empty) from anyone but HR and the person.',
  }),
  currency: MoneyCurrencyField,
  ...ResourceMeta,
}).openapi('PersonResult');
export type ResultBody = z.infer<typeof ResultResource>;

export const ResultsWarningSchema = z.object({
  code: z.enum([
    'not_rated',
    'all_goals_cancelled',
    'compensation_missing',
    'potential_missing',
    'months_in_role_unknown',
    'bonus_pool_disabled',
    'appeals_open',
  ]),
  message: z.string(),
  personIds: z.array(IdSchema),
});

export const ResultsComputationSchema = z
  .object({
    cycleId: IdSchema,
    policyName: z.string(),
    people: z.array(ResultLineSchema.extend({ resultId: IdSchema.nullable() })),
    bonus: BonusAllocationSchema.omit({ people: true }).nullable(),
    merit: MeritAllocationSchema.omit({ people: true }),
    promotions: z.object({ nominated: z.number().int(), notYet: z.number().int() }),
    improvementPlans: z.number().int(),
    targetReviews: z.number().int(),
    developmentItems: z.number().int(),
    warnings: z.array(ResultsWarningSchema),
    currency: MoneyCurrencyField,
    appliedAt: z.string().nullable().openapi({ description: 'Null for a preview (nothing stored).' }),
  })
  .openapi('ResultsComputation');
export type ResultsComputationBody = z.infer<typeof ResultsComputationSchema>;

/** A correction as read by someone who may not see compensation: no amounts. */
function redactCorrection(c: ResultCorrection): ResultCorrection {
  const noPay = (o: ResultCorrection['from']) => ({ ...o, bonusCents: null, meritCents: null });
  return { ...c, from: noPay(c.from), to: noPay(c.to), bonusShortCents: 0, meritShortCents: 0, payTrace: [] };
}

/**
 * The API body of a stored result (with `explain`, the explanation stored at apply, as the reader may see it); bonus and merit are hidden from anyone but HR and the person.
 * `currency`: the organisation's (the amounts carry none of their own).
 */
export function resultBody(
  record: ResourceRecord,
  access: Access,
  plans: ReadonlyMap<string, ImprovementPlan>,
  items: ReadonlyMap<string, DevelopmentItem>,
  currency: string | null,
  /** With `explain`: each cycle's anonymity threshold, to show the kept explanation as the reader may see it; null leaves it out. */
  explainWith: MinReviewsOf | null = null,
): ResultBody {
  const r = parseResult(record);
  const open = mayReadCompensation(access, r.personId);
  return {
    id: r.id,
    cycleId: r.cycleId,
    personId: r.personId,
    score: r.score,
    rating: r.rating,
    bonus: open ? r.bonus : null,
    merit: open ? r.merit : null,
    promotion: r.promotion,
    improvementPlan: r.improvementPlanId === null ? null : (plans.get(r.improvementPlanId) ?? null),
    targetReview: r.targetReview,
    developmentItems: r.developmentItemIds.flatMap((id) => {
      const item = items.get(id);
      return item ? [item] : [];
    }),
    appliedAt: r.appliedAt,
    appliedBy: r.appliedBy,
    compensationRedacted: !open,
    corrections: (r.corrections ?? []).map((c) => (open ? c : redactCorrection(c))),
    budget: mayReadBudget(access) ? (r.budget ?? null) : null,
    // Kept at apply in full; the person reads it without their peer and upward reviewers, and without what their
    // cycle's anonymity threshold withholds (however old it is).
    ...(explainWith
      ? { explanation: explanationForReader(access, r.explanation, explainWith(r.cycleId)) ?? null }
      : {}),
    currency,
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
