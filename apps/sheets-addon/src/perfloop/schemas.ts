// The parts of the Perfloop API's responses the add-on reads, as zod schemas (core's schemas where the API returns core entities).
import { type Goal, GoalSchema, PhaseSchema, PolicySchema } from '@perfloop/core';
import { z } from 'zod';

export const PersonBody = z.looseObject({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  departmentId: z.string(),
  managerId: z.string().nullable(),
  roles: z.array(z.string()),
  active: z.boolean(),
});
export type PersonBody = z.infer<typeof PersonBody>;

export const DepartmentBody = z.looseObject({
  id: z.string(),
  name: z.string(),
  parentId: z.string().nullable(),
  headId: z.string().nullable(),
});
export type DepartmentBody = z.infer<typeof DepartmentBody>;

export const CycleBody = z.looseObject({
  id: z.string(),
  name: z.string(),
  phase: PhaseSchema,
  startsOn: z.string(),
  endsOn: z.string(),
  policy: PolicySchema,
  participants: z.array(z.string()),
  version: z.number().int(),
});
export type CycleBody = z.infer<typeof CycleBody>;

/** A goal as the API returns it: core's Goal plus its record version. */
export type GoalBody = Goal & { version: number };
export const GoalBodySchema = z
  .looseObject({
    version: z.number().int(),
    createdAt: z.string().optional(),
    updatedAt: z.string().optional(),
  })
  .transform((raw, ctx): GoalBody => {
    const { version, createdAt: _c, updatedAt: _u, ...rest } = raw;
    const goal = GoalSchema.safeParse(rest);
    if (!goal.success) {
      ctx.addIssue({ code: 'custom', message: `not a goal: ${goal.error.issues[0]?.message ?? ''}` });
      return z.NEVER;
    }
    return { ...goal.data, version };
  });

export const ReviewBody = z.looseObject({
  id: z.string(),
  cycleId: z.string(),
  subjectId: z.string(),
  reviewerId: z.string().nullable(),
  component: z.enum(['self', 'manager', 'peer', 'upward']),
  ratings: z.array(z.looseObject({ goalId: z.string(), rating: z.number() })),
  submittedAt: z.string().nullable(),
  version: z.number().int(),
});
export type ReviewBody = z.infer<typeof ReviewBody>;

const RatingValue = z.object({ value: z.number(), label: z.string() });
export const ScoreBody = z.looseObject({
  subjectId: z.string(),
  score: z.number(),
  rating: RatingValue,
  original: z.object({ score: z.number(), rating: RatingValue }),
  calibrated: z.boolean(),
  warnings: z.array(z.looseObject({ code: z.string(), message: z.string() })),
});
export type ScoreBody = z.infer<typeof ScoreBody>;

export const ScoreFailureBody = z.object({ subjectId: z.string(), code: z.string(), message: z.string() });

export const ScoreEntriesResult = z.object({
  cycleId: z.string(),
  personId: z.string(),
  changed: z.boolean(),
  goals: z.array(z.object({ goalId: z.string(), version: z.number().int(), actual: z.number().nullable() })),
  managerReview: z
    .object({
      id: z.string(),
      version: z.number().int(),
      ratings: z.array(z.object({ goalId: z.string(), rating: z.number() })),
      submittedAt: z.string().nullable(),
    })
    .nullable(),
});
export type ScoreEntriesResult = z.infer<typeof ScoreEntriesResult>;

/** One person's entries: the body of /v1/cycles/{id}/people/{personId}/score-entries. */
export interface ScoreEntries {
  goals: { goalId: string; version: number; actual: number | null }[];
  managerReview?: { version: number | null; ratings: { goalId: string; rating: number | null }[] };
}

/** The body POSTed to /v1/cycles/{id}/score-entries: many people's entries, applied all or nothing per person. */
export interface BulkScoreEntries {
  people: (ScoreEntries & { personId: string })[];
}

const FieldError = z.looseObject({ path: z.string(), message: z.string(), code: z.string().optional() });

/** One person's outcome in a bulk answer. */
export const PersonOutcome = z.discriminatedUnion('outcome', [
  ScoreEntriesResult.omit({ cycleId: true }).extend({ outcome: z.literal('applied') }),
  z.looseObject({
    outcome: z.literal('conflict'),
    personId: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    records: z.array(z.unknown()),
  }),
  z.looseObject({
    outcome: z.literal('refused'),
    personId: z.string(),
    status: z.number().int(),
    code: z.string(),
    detail: z.string().optional(),
    errors: z.array(FieldError),
  }),
]);
export type PersonOutcome = z.infer<typeof PersonOutcome>;

export const BulkScoreEntriesResult = z.object({
  cycleId: z.string(),
  people: z.array(PersonOutcome),
});
export type BulkScoreEntriesResult = z.infer<typeof BulkScoreEntriesResult>;

/** RFC 9457 problem+json as the API sends it. */
export const Problem = z.looseObject({
  status: z.number().int(),
  code: z.string().optional(),
  title: z.string().optional(),
  detail: z.string().optional(),
  errors: z
    .array(z.looseObject({ path: z.string(), message: z.string(), code: z.string().optional() }))
    .optional(),
  details: z.unknown().optional(),
});
export type Problem = z.infer<typeof Problem>;

/** `details.records` of a 412 `stale_version` from score-entries. */
export const StaleRecords = z.object({
  records: z.array(
    z.object({
      kind: z.enum(['goal', 'review']),
      id: z.string().nullable(),
      goalId: z.string().optional(),
      currentVersion: z.number().int().nullable(),
    }),
  ),
});

export const page = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
