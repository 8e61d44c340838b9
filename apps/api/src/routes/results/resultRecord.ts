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
      .nullable()
      .openapi({ description: 'The bonus pool the apply split; null when the policy has no bonus pool.' }),
    merit: MeritAllocationSchema.pick({ budgetCents: true, allocatedCents: true, unallocatedCents: true }),
  })
  .openapi('AppliedBudget');
export type AppliedBudget = z.infer<typeof AppliedBudgetSchema>;

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
