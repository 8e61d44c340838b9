// The cycle resource as one caller sees it: withdrawals redacted by who is asking, inactive participants flagged.
import { z } from '@hono/zod-openapi';
import { IdSchema, redactWithdrawal, WithdrawalKindSchema, type WithdrawalView } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { Access } from '../../authz/index.ts';
import { ResourceMeta } from '../../kit/index.ts';
import { type StoredCycle, StoredCycleBaseSchema } from './cycleRecord.ts';

export const CycleWithdrawal = z
  .object({
    personId: IdSchema,
    kind: z.enum(WithdrawalKindSchema.options).optional().openapi({
      description: 'Why they stopped taking part. Shown to HR, those who manage the person, and the person.',
    }),
    reason: z.string().optional().openapi({
      description:
        'HR’s reason (it may be sensitive, e.g. a leave of absence). Shown only to HR and those who manage the person (manager chain, heads of their department).',
    }),
    at: z.string().optional().openapi({
      format: 'date-time',
      description: 'When they were withdrawn. Shown to HR, those who manage the person, and the person.',
    }),
    by: IdSchema.describe('Who withdrew them. Shown only to HR and those who manage the person.').optional(),
  })
  .openapi('CycleWithdrawal', {
    description:
      'A person withdrawn from the cycle: no longer appraised in it (guards, scores, calibration, results and reports leave them out), their records kept. Anyone else sees only `personId`: that the person no longer takes part.',
  });

export const CycleResource = StoredCycleBaseSchema.safeExtend(ResourceMeta)
  .safeExtend({
    participants: z.array(IdSchema).openapi({
      description: 'The people appraised in the cycle, sorted (withdrawn people are not among them).',
    }),
    withdrawn: z.array(CycleWithdrawal).openapi({
      description:
        'People withdrawn from the cycle (and not reinstated since), in the order they were withdrawn, as far as the caller may see (see CycleWithdrawal).',
    }),
    inactiveParticipants: z.array(IdSchema).openapi({
      description:
        'Participants no longer active in the organisation (deactivated after the cycle started), among the people the caller may see: HR withdraws them (`POST /v1/cycles/{id}/withdrawals`).',
    }),
  })
  .openapi('Cycle');
export type CycleBody = z.infer<typeof CycleResource>;

/** How much of `personId`'s withdrawal the caller sees. */
export function withdrawalView(access: Access, personId: string): WithdrawalView {
  if (access.canManage(personId)) return 'full';
  if (access.isSelf(personId)) return 'own';
  return 'none';
}

/** Participants whose person is no longer active, among the people the caller may see. */
export function inactiveParticipants(access: Access, cycle: StoredCycle): string[] {
  return cycle.participants.filter((id) => {
    const person = access.org.person(id);
    return person !== undefined && !person.active && access.canSee(id);
  });
}

/** Every inactive participant (no scoping), for the guards' hints. */
export function allInactiveParticipants(access: Access, cycle: StoredCycle): string[] {
  return cycle.participants.filter((id) => access.org.person(id)?.active !== true);
}

/** The cycle as `access` may read it. */
export function cycleBody(record: ResourceRecord, cycle: StoredCycle, access: Access): CycleBody {
  // The participation history is read (redacted per person) through GET /v1/cycles/{id}/participants.
  const { participationHistory: _history, ...shown } = cycle;
  return {
    ...shown,
    withdrawn: (cycle.withdrawn ?? []).map((w) => redactWithdrawal(w, withdrawalView(access, w.personId))),
    inactiveParticipants: inactiveParticipants(access, cycle),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
