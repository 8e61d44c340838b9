// Request and response schemas of the score-entries routes: one person's entries, and many people's in one request.
import { z } from '@hono/zod-openapi';
import { IdSchema } from '@perfloop/core';
import { FieldErrorSchema } from '../../problem.ts';

/** Most goal entries, and most ratings, in one person's entries. */
export const MAX_ENTRIES = 500;
/** Most people in one bulk request. */
export const MAX_PEOPLE = 100;
/** Most entries (goal actuals plus ratings) in one bulk request, all people together. */
export const MAX_BULK_ENTRIES = 2000;

const Version = z.number().int().min(1).max(Number.MAX_SAFE_INTEGER);

const GoalEntry = z.strictObject({
  goalId: IdSchema,
  version: Version.openapi({ description: 'The goal version the value was based on (its ETag).' }),
  actual: z.number().finite().nullable().openapi({ description: 'The KPI actual; null clears it.' }),
});
const RatingEntry = z.strictObject({
  goalId: IdSchema,
  rating: z
    .number()
    .finite()
    .nullable()
    .openapi({ description: 'A level of the cycle policy’s scale; null removes the rating.' }),
});
const ReviewEntry = z.strictObject({
  version: Version.nullable().openapi({
    description: 'Your manager review’s version the ratings were based on; null when you have none yet.',
  }),
  ratings: z.array(RatingEntry).min(1).max(MAX_ENTRIES),
});

const unique = (ids: readonly string[]) => new Set(ids).size === ids.length;

/** The fields of one person's entries (shared by both routes' bodies). */
const entryFields = {
  goals: z
    .array(GoalEntry)
    .max(MAX_ENTRIES)
    .default([])
    .refine((g) => unique(g.map((e) => e.goalId)), { message: 'a goal may appear once' }),
  managerReview: ReviewEntry.optional().refine(
    (r) => r === undefined || unique(r.ratings.map((e) => e.goalId)),
    { message: 'a goal may be rated once' },
  ),
};
const sendSomething = (b: { goals: unknown[]; managerReview?: unknown }) =>
  b.goals.length > 0 || b.managerReview !== undefined;
const SEND_SOMETHING = { message: 'send goals, managerReview or both' };

export const ScoreEntries = z
  .strictObject(entryFields)
  .refine(sendSomething, SEND_SOMETHING)
  .openapi('ScoreEntries');
export type ScoreEntriesInput = z.infer<typeof ScoreEntries>;

const PersonScoreEntries = z
  .strictObject({
    personId: IdSchema.min(1).openapi({ description: 'The person scored.' }),
    ...entryFields,
  })
  .refine(sendSomething, SEND_SOMETHING)
  .openapi('PersonScoreEntries');

const entryCount = (p: { goals: unknown[]; managerReview?: { ratings: unknown[] } | undefined }) =>
  p.goals.length + (p.managerReview?.ratings.length ?? 0);

export const BulkScoreEntries = z
  .strictObject({
    people: z
      .array(PersonScoreEntries)
      .min(1)
      .max(MAX_PEOPLE, { message: `at most ${MAX_PEOPLE} people per request: send the rest in another` })
      .refine((p) => unique(p.map((e) => e.personId)), { message: 'a person may appear once' })
      .superRefine((people, ctx) => {
        const total = people.reduce((n, p) => n + entryCount(p), 0);
        if (total > MAX_BULK_ENTRIES) {
          ctx.addIssue({
            code: 'too_big',
            origin: 'array',
            maximum: MAX_BULK_ENTRIES,
            inclusive: true,
            input: people,
            message: `at most ${MAX_BULK_ENTRIES} entries (goal actuals and ratings) per request in all, ${total} sent: send the rest in another`,
          });
        }
      }),
  })
  .openapi('BulkScoreEntries');
export type BulkScoreEntriesInput = z.infer<typeof BulkScoreEntries>;

const GoalValue = z.object({ goalId: z.string(), version: z.number().int(), actual: z.number().nullable() });
const ReviewValue = z.object({
  id: z.string(),
  version: z.number().int(),
  ratings: z.array(z.object({ goalId: z.string(), rating: z.number() })),
  submittedAt: z.string().nullable(),
});
const resultFields = {
  personId: z.string(),
  changed: z
    .boolean()
    .openapi({ description: 'False when every value was already current (nothing written).' }),
  goals: z.array(GoalValue),
  managerReview: ReviewValue.nullable(),
};

export const ScoreEntriesResult = z
  .object({ cycleId: z.string(), ...resultFields })
  .openapi('ScoreEntriesResult');
export type ScoreEntriesBody = z.infer<typeof ScoreEntriesResult>;

/** One record whose version moved on since the caller read it. */
export const StaleRecordSchema = z
  .object({
    kind: z.enum(['goal', 'review']),
    id: z.string().nullable(),
    goalId: z.string().optional(),
    currentVersion: z.number().int().nullable(),
  })
  .openapi('StaleScoreRecord');
export type StaleRecord = z.infer<typeof StaleRecordSchema>;

const Applied = z
  .object({ outcome: z.literal('applied'), ...resultFields })
  .openapi('ScoreEntriesApplied', { description: 'Written in one transaction (or already current).' });
const Conflict = z
  .object({
    outcome: z.literal('conflict'),
    personId: z.string(),
    status: z.literal(412),
    code: z.literal('stale_version'),
    detail: z.string(),
    records: z.array(StaleRecordSchema).openapi({ description: 'Each changed record, its current version.' }),
  })
  .openapi('ScoreEntriesConflict', {
    description:
      'A version was stale: nothing written for the person (what the per-person route answers 412).',
  });
const Refused = z
  .object({
    outcome: z.literal('refused'),
    personId: z.string(),
    status: z.number().int().openapi({ description: 'What the per-person route would answer.' }),
    code: z.string().openapi({ description: 'The problem’s stable code.', example: 'wrong_phase' }),
    detail: z.string(),
    errors: z.array(FieldErrorSchema).openapi({
      description: 'Per-field problems; paths point into this person’s entries (`goals.1.actual`).',
    }),
  })
  .openapi('ScoreEntriesRefused', { description: 'Refused: nothing written for the person.' });

export const PersonOutcomeSchema = z.discriminatedUnion('outcome', [Applied, Conflict, Refused]);
export type PersonOutcome = z.infer<typeof PersonOutcomeSchema>;

export const BulkScoreEntriesResult = z
  .object({
    cycleId: z.string(),
    applied: z.number().int().openapi({ description: 'People applied (changed or already current).' }),
    conflicts: z.number().int(),
    refused: z.number().int(),
    people: z
      .array(PersonOutcomeSchema)
      .openapi({ description: 'One outcome per person, in request order.' }),
  })
  .openapi('BulkScoreEntriesResult');
export type BulkScoreEntriesBody = z.infer<typeof BulkScoreEntriesResult>;
