// Stored gap attributions: core Attribution (why a goal fell short, by factor) with its id, cycle and author.
import { z } from '@hono/zod-openapi';
import { type Attribution, AttributionSchema, IdSchema } from '@perfloop/core';
import type { JsonObject, ResourceRecord } from '@perfloop/store';
import { ResourceMeta } from '../../kit/index.ts';
import { describedId } from '../loop/schemas.ts';

export const ATTRIBUTION_KIND = 'gap_attributions';

/**
 * The record data: core's Attribution exactly, plus `id`, `cycleId` and `authorId` (core's entity
 * has no identity; each author attributes a goal once, so the employee's and the manager's views
 * are kept side by side and averaged by core `splitOf`).
 */
export interface StoredAttribution extends Attribution {
  id: string;
  cycleId: string;
  authorId: string;
}

export const ATTRIBUTION_ID_PREFIX = 'gat';

const Meta = z.object({ id: z.string(), cycleId: IdSchema, authorId: IdSchema });

export function parseAttribution(record: ResourceRecord): StoredAttribution {
  const { id, cycleId, authorId, ...rest } = record.data;
  const meta = Meta.parse({ id, cycleId, authorId });
  return { ...meta, ...AttributionSchema.parse(rest) };
}

export function attributionData(a: StoredAttribution): JsonObject {
  return { ...a };
}

export const GapAttributionResource = z
  .object({
    id: z.string(),
    cycleId: IdSchema,
    authorId: describedId('Who attributed the shortfall (the subject or someone in their manager chain).'),
    subjectId: IdSchema,
    goalId: IdSchema,
    factors: z.array(
      z.object({
        factor: z.enum(['skills', 'external_environment', 'internal_conditions', 'motivation']),
        share: z.number(),
      }),
    ),
    note: z.string(),
    ...ResourceMeta,
  })
  .openapi('GapAttribution');
export type GapAttributionBody = z.infer<typeof GapAttributionResource>;

export function attributionBody(record: ResourceRecord): GapAttributionBody {
  return {
    ...parseAttribution(record),
    version: record.version,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}
