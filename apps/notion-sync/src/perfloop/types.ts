// What the worker reads from the Perfloop API: core's goal and check-in schemas plus the resource metadata, the feed and the directory.
import { CheckInSchema, type Goal, GoalSchema, PhaseSchema } from '@perfloop/core';
import { z } from 'zod';

export interface ApiGoal {
  goal: Goal;
  version: number;
  updatedAt: string;
}

const Meta = z.object({ version: z.number().int().min(1), createdAt: z.string(), updatedAt: z.string() });

/** A goal as the API answers it (the core goal plus version and timestamps). */
export function parseApiGoal(raw: unknown): ApiGoal {
  const { version, createdAt: _c, updatedAt, ...rest } = raw as Record<string, unknown>;
  const meta = Meta.parse({ version, createdAt: _c, updatedAt });
  return { goal: GoalSchema.parse(rest), version: meta.version, updatedAt: meta.updatedAt };
}

export const ChangeEventSchema = z.object({
  seq: z.number().int(),
  at: z.string(),
  kind: z.string(),
  resourceId: z.string(),
  op: z.enum(['create', 'update', 'delete']),
  version: z.number().int(),
  data: z.unknown(),
});
export type ChangeEvent = z.infer<typeof ChangeEventSchema>;
export const ChangesPageSchema = z.object({
  events: z.array(ChangeEventSchema),
  nextCursor: z.number().int(),
});

export type { CheckIn } from '@perfloop/core';
export { CheckInSchema };

export const DirectorySchema = z.object({
  organisation: z.object({ id: z.string(), name: z.string() }),
  cycles: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      phase: PhaseSchema,
      startsOn: z.string(),
      endsOn: z.string(),
      version: z.number().int(),
    }),
  ),
  departments: z.array(z.object({ id: z.string(), name: z.string(), parentId: z.string().nullable() })),
  people: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      email: z.string(),
      departmentId: z.string(),
      active: z.boolean(),
    }),
  ),
});
export type Directory = z.infer<typeof DirectorySchema>;

export const StateEntrySchema = z.object({
  key: z.string(),
  value: z.record(z.string(), z.unknown()),
  version: z.number().int(),
});
export type StateEntry = z.infer<typeof StateEntrySchema>;

export const LeaseSchema = z.object({
  name: z.string(),
  holder: z.string(),
  token: z.number().int(),
  acquiredAt: z.string(),
  expiresAt: z.string(),
  acquired: z.boolean(),
  version: z.number().int(),
});
export type Lease = z.infer<typeof LeaseSchema>;
