// Goal request and response schemas, derived from core's KPI and competency goal schemas.
import { z } from '@hono/zod-openapi';
import {
  CompetencyGoalSchema,
  type Goal,
  GoalLevelSchema,
  GoalSchema,
  GoalStatusSchema,
  IdSchema,
  KpiGoalSchema,
  MAX_CORRECTION_REASON_CHARS,
  MIN_JUSTIFICATION_CHARS,
} from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import { PageQuery, pageSchema, ResourceMeta } from '../../kit/index.ts';

export const GOAL_ID_PREFIX = 'gol';

const K = KpiGoalSchema.shape;
const C = CompetencyGoalSchema.shape;

export const GoalResource = z
  .discriminatedUnion('kind', [
    KpiGoalSchema.safeExtend(ResourceMeta),
    CompetencyGoalSchema.safeExtend(ResourceMeta),
  ])
  .openapi('Goal');
export type GoalBody = z.infer<typeof GoalResource>;
export const GoalPage = pageSchema(GoalResource, 'GoalPage');

const { id: _kId, ownerId: _kOwner, departmentId: _kDept, alignedTo: _kAligned, ...kpiCreate } = K;
const { id: _cId, ownerId: _cOwner, departmentId: _cDept, alignedTo: _cAligned, ...competencyCreate } = C;
const placement = {
  ownerId: IdSchema.nullable().optional().openapi({ description: 'Required for person goals.' }),
  departmentId: IdSchema.nullable().optional().openapi({
    description: "Required for department goals; person goals take their owner's department.",
  }),
  alignedTo: IdSchema.nullable().default(null).openapi({
    description: 'The department or organisation goal this goal supports (same cycle).',
  }),
};

const addReason = {
  correctionReason: z
    .string()
    .max(MAX_CORRECTION_REASON_CHARS)
    .optional()
    .openapi({
      description:
        "Why, when HR adds a person goal after `plan`: the goal changes what its owner's result is scored from, a " +
        `correction of the agreed plan. Required then (at least ${MIN_JUSTIFICATION_CHARS} characters; 422 ` +
        '`correction_reason_required` otherwise, nothing created), ignored for department and organisation goals ' +
        'and in `plan`. Not stored in the goal: it is kept with the correction and shown in the score explanation.',
    }),
};

/**
 * A new goal: the core goal without `id`; `ownerId`/`departmentId` only where the level needs them; the
 * `correctionReason` a person goal added after `plan` needs (never a goal field).
 */
export const GoalCreate = z
  .discriminatedUnion('kind', [
    z.strictObject({ ...kpiCreate, ...placement, ...addReason }),
    z.strictObject({ ...competencyCreate, ...placement, ...addReason }),
  ])
  .openapi('GoalCreate');
export type GoalCreateInput = z.infer<typeof GoalCreate>;

/**
 * The fields a PATCH may change (each optional, no defaults). Level, owner, department, cycle and
 * kind are fixed once created; KPI-only fields on a competency goal (and the reverse) are refused.
 * `correctionReason` is not a goal field: it is why a change to a person goal's scoring fields is made
 * after `plan` (kept in the correction record and the audit, never in the goal).
 */
export const GoalPatch = z
  .strictObject({
    title: K.title.optional(),
    description: K.description.unwrap().optional(),
    weight: K.weight.optional(),
    alignedTo: K.alignedTo.optional(),
    status: GoalStatusSchema.optional(),
    dueDate: K.dueDate.unwrap().optional(),
    unit: K.unit.unwrap().optional(),
    direction: K.direction.optional(),
    baseline: K.baseline.optional(),
    threshold: K.threshold.unwrap().optional(),
    target: K.target.optional(),
    stretch: K.stretch.unwrap().optional(),
    curve: K.curve.unwrap().optional(),
    actual: K.actual.unwrap().optional(),
    expectations: C.expectations.unwrap().optional(),
    correctionReason: z
      .string()
      .max(MAX_CORRECTION_REASON_CHARS)
      .optional()
      .openapi({
        description:
          'Why, when the change corrects what a person goal is scored from (weight, direction, baseline, threshold, ' +
          `target, stretch, curve, or a status into or out of \`cancelled\`) after \`plan\`: required then (at least ${MIN_JUSTIFICATION_CHARS} characters; ` +
          '422 `correction_reason_required` otherwise, nothing changed), ignored for any other change. Not stored in ' +
          'the goal: it is kept with the correction and shown in the score explanation. Relief for the external ' +
          'environment is a target adjustment instead.',
      }),
  })
  .refine((p) => Object.keys(p).some((k) => k !== 'correctionReason'), {
    message: 'send at least one field to change',
  })
  .openapi('GoalPatch');
export type GoalPatchInput = z.infer<typeof GoalPatch>;

export const GoalQuery = PageQuery.extend({
  cycleId: IdSchema.optional().openapi({ param: { name: 'cycleId', in: 'query' } }),
  ownerId: IdSchema.optional().openapi({ param: { name: 'ownerId', in: 'query' } }),
  departmentId: IdSchema.optional().openapi({ param: { name: 'departmentId', in: 'query' } }),
  level: GoalLevelSchema.optional().openapi({ param: { name: 'level', in: 'query' } }),
});

export function parseGoal(record: ResourceRecord): Goal {
  return GoalSchema.parse(record.data);
}

export function goalBody(record: ResourceRecord, goal: Goal): GoalBody {
  return { ...goal, version: record.version, createdAt: record.createdAt, updatedAt: record.updatedAt };
}

/** The indexed columns of a goal record: its cycle, owner (subject) and the goal it aligns to (parent). */
export function goalColumns(goal: Goal): {
  cycleId: string;
  subjectId: string | null;
  parentId: string | null;
} {
  return { cycleId: goal.cycleId, subjectId: goal.ownerId, parentId: goal.alignedTo };
}
