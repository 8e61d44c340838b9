// Stored next-cycle drafts: core draftNextCycle output split per person, with its state (open → accepted).
import { z } from '@hono/zod-openapi';
import { GoalSchema, IdSchema, IsoDateTimeSchema } from '@perfloop/core';
import type { JsonObject, ResourceRecord } from '@perfloop/store';
import type { Access } from '../../authz/index.ts';
import { ResourceMeta } from '../../kit/index.ts';
import { explanationForReader } from '../appraise/anonymity.ts';
import { PersonScoreSchema } from '../appraise/scoreSchemas.ts';
import type { MinReviewsOf } from '../appraise/withholding.ts';

export const DRAFT_KIND = 'next_cycle_drafts';
export const DRAFT_ID_PREFIX = 'ncd';

const Factor = z.enum(['skills', 'external_environment', 'internal_conditions', 'motivation']);
/**
 * Why a draft exists. `message` is English; the structured fields say the same for clients in other languages
 * (`achievement` for unfinished_goal; `score` / `meets` for ongoing_competency, null when it was not scored). Drafts stored before these
 * fields existed lack them.
 */
const DraftReason = z.object({
  code: z.string(),
  sourceGoalId: z.string(),
  factor: Factor.nullable(),
  share: z.number().nullable(),
  achievement: z.number().optional(),
  score: z.number().nullable().optional(),
  meets: z.number().nullable().optional(),
  message: z.string(),
});
/** A point to settle when the plan is agreed: English `message`, and the facts it names (by `code`, see core DraftNote). */
const DraftNote = z.object({
  code: z.string(),
  share: z.number().optional(),
  score: z.number().optional(),
  meets: z.number().optional(),
  parentGoalId: z.string().optional(),
  parentTitle: z.string().optional(),
  missing: z.enum(['kpi', 'competency']).optional(),
  mix: z.object({ kpi: z.number(), competency: z.number() }).optional(),
  message: z.string(),
});

/** core DraftGoal: a next-cycle goal (status draft), the goal it continues and why. */
export const DraftGoalSchema = z.object({
  goal: GoalSchema,
  carriedFrom: z.string().nullable(),
  reason: DraftReason,
  notes: z.array(DraftNote),
});
/** core NextCycleDevelopmentItem. */
export const NextDevelopmentItemSchema = z.object({
  id: z.string(),
  personId: z.string(),
  cycleId: z.string(),
  title: z.string(),
  sourceGoalId: z.string(),
  sourceItemId: z.string().nullable(),
  developmentGoalId: z.string().nullable(),
  /** An item continuing an apply-phase item: that item's type and goal title, what its English `title` says. */
  sourceType: z.enum(['training', 'mentoring', 'stretch_assignment']).optional(),
  goalTitle: z.string().optional(),
  reason: DraftReason,
});
/** core ManagerAction. */
export const ManagerActionSchema = z.object({
  id: z.string(),
  kind: z.enum(['resource_fix', 'incentive_review']),
  subjectId: z.string().nullable(),
  departmentId: z.string().nullable(),
  sourceGoalId: z.string(),
  draftGoalId: z.string(),
  title: z.string(),
  reason: DraftReason,
});

/**
 * One person's share of core's NextCycleDraft (drafts, development items, manager actions, skipped
 * goals), or the organisation's (`personId` null: department and organisation goals). Accepting it
 * creates the draft goals in the next cycle.
 */
export const StoredDraftSchema = z.object({
  id: IdSchema,
  fromCycleId: IdSchema,
  toCycleId: IdSchema,
  personId: IdSchema.nullable(),
  status: z.enum(['open', 'accepted']),
  createdBy: IdSchema,
  drafts: z.array(DraftGoalSchema),
  developmentItems: z.array(NextDevelopmentItemSchema),
  managerActions: z.array(ManagerActionSchema),
  /** Goals not carried forward and why (`title` absent on drafts stored before it was added). */
  skipped: z.array(z.object({ goalId: z.string(), title: z.string().optional(), reason: z.string() })),
  acceptedAt: IsoDateTimeSchema.nullable(),
  acceptedBy: IdSchema.nullable(),
  /** Goals created in the next cycle on acceptance. */
  createdGoalIds: z.array(z.string()),
  /**
   * The person's score explained as drafting read it (the `score` of its reasons and notes are its goal scores);
   * absent on the organisation's draft and on drafts stored before it was kept.
   */
  explanation: PersonScoreSchema.optional(),
});
export type StoredDraft = z.infer<typeof StoredDraftSchema>;

export const DraftResource = StoredDraftSchema.extend({
  explanation: PersonScoreSchema.nullable().optional().openapi({
    description:
      'With explain=true: the person’s score explained as drafting read it, kept with the draft (the `score` of its reasons and notes are that trace’s goal scores). Null on the organisation’s draft and on drafts made before it was kept.',
  }),
  ...ResourceMeta,
}).openapi('NextCycleDraft');
export type DraftBody = z.infer<typeof DraftResource>;

export function parseDraft(record: ResourceRecord): StoredDraft {
  return StoredDraftSchema.parse(record.data);
}

export function draftData(draft: StoredDraft): JsonObject {
  return { ...draft };
}

/**
 * The API body of a draft; with `explain`, the explanation kept with it (null when there is none), as the reader
 * may see it (no peer or upward reviewer named to the person themselves, nothing withheld by the anonymity threshold:
 * `explanationForReader`).
 */
export function draftBody(
  record: ResourceRecord,
  reader: Access,
  /** With `explain`: the anonymity threshold of the cycle the explanation is of (`fromCycleId`); null leaves it out. */
  explainWith: MinReviewsOf | null = null,
): DraftBody {
  const { explanation, ...draft } = parseDraft(record);
  return {
    ...draft,
    ...(explainWith
      ? { explanation: explanationForReader(reader, explanation, explainWith(draft.fromCycleId)) ?? null }
      : {}),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

/** A person's draft: whoever may see the person; the organisation's draft (no person): HR only. */
export function mayReadDraft(access: Access, record: ResourceRecord): boolean {
  if (access.isService) return false;
  return record.subjectId === null ? access.isHr : access.canSee(record.subjectId);
}

/** Who may create and accept a person's draft: HR, or their manager chain; the organisation's: HR only. */
export function mayWriteDraft(access: Access, personId: string | null): boolean {
  if (access.isHr) return true;
  return personId !== null && access.canManage(personId);
}
