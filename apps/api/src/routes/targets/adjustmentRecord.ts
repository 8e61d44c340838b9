// Stored target adjustments: core's TargetAdjustment as the record data, and its published shape.
import { z } from '@hono/zod-openapi';
import { MIN_JUSTIFICATION_CHARS, type TargetAdjustment, TargetAdjustmentSchema } from '@perfloop/core';
import type { JsonObject, ResourceRecord } from '@perfloop/store';
import { ResourceMeta } from '../../kit/index.ts';
import { describedId } from '../loop/schemas.ts';

export const ADJUSTMENT_KIND = 'target_adjustments';
export const ADJUSTMENT_ID_PREFIX = 'tad';

export function parseTargetAdjustment(record: ResourceRecord): TargetAdjustment {
  return TargetAdjustmentSchema.parse(record.data);
}

export function targetAdjustmentData(a: TargetAdjustment): JsonObject {
  return { ...a };
}

const Anchors = z.object({
  threshold: z.number().nullable(),
  target: z.number(),
  stretch: z.number().nullable(),
});

export const TargetAdjustmentResource = z
  .object({
    id: z.string(),
    cycleId: z.string(),
    goalId: z.string(),
    subjectId: describedId('The goal’s owner, whose score the relief changes.'),
    factor: z.enum(['skills', 'external_environment', 'internal_conditions', 'motivation']),
    current: Anchors.openapi({ description: 'The goal’s anchors when the request was made.' }),
    proposed: Anchors,
    reason: z.string().openapi({ description: `At least ${MIN_JUSTIFICATION_CHARS} characters.` }),
    evidence: z.string(),
    state: z.enum(['requested', 'approved', 'rejected', 'withdrawn']),
    requestedBy: z.string(),
    requestedAt: z.string(),
    decidedBy: z
      .string()
      .nullable()
      .openapi({ description: 'Who approved or rejected it (or the requester, on withdrawal).' }),
    decidedAt: z.string().nullable(),
    decisionNote: z.string(),
    ...ResourceMeta,
  })
  .openapi('TargetAdjustment');
export type TargetAdjustmentBody = z.infer<typeof TargetAdjustmentResource>;

export function targetAdjustmentBody(record: ResourceRecord): TargetAdjustmentBody {
  return {
    ...parseTargetAdjustment(record),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
