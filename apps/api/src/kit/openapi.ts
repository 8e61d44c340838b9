// Shared OpenAPI pieces for route definitions: problem responses, JSON/resource responses and headers.
import { z } from '@hono/zod-openapi';
import { IdSchema } from '@perfloop/core';
import { PROBLEM_CONTENT_TYPE, ProblemSchema } from '../problem.ts';

const PROBLEM_DESCRIPTIONS = {
  400: 'Invalid request: `validation_failed` with one entry per field in `errors`',
  401: 'Not authenticated',
  403: 'Not allowed: `forbidden` (e.g. not HR, or visible but not yours to change), `insufficient_scope`',
  404: 'Not found; also for ids you may not see and for ids of another organisation',
  409: 'Conflicts with the current state',
  412: 'If-Match is stale: `stale_version` with `details.currentVersion`',
  415: 'Unsupported Content-Type',
  422: 'A domain rule is broken (stable `code`, e.g. `manager_cycle`) or `idempotency_key_reused`',
  428: 'If-Match is required: `precondition_required`',
} as const;
export type ProblemStatus = keyof typeof PROBLEM_DESCRIPTIONS;

export interface ProblemResponseConfig {
  description: string;
  content: { [PROBLEM_CONTENT_TYPE]: { schema: typeof ProblemSchema } };
}

/** Problem responses for a route: `responses: { 200: …, ...problems(400, 404) }` (401 is always added). */
export function problems<const S extends ProblemStatus>(
  ...statuses: S[]
): Record<S | 401, ProblemResponseConfig> {
  const out: Partial<Record<ProblemStatus, ProblemResponseConfig>> = {};
  for (const status of [401, ...statuses] as ProblemStatus[]) {
    out[status] = {
      description: PROBLEM_DESCRIPTIONS[status],
      content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } },
    };
  }
  return out as Record<S | 401, ProblemResponseConfig>;
}

/** Response headers of a single resource. */
export const EtagHeaders = z.object({
  ETag: z.string().openapi({
    description: 'Strong ETag of the version: `"<version>"`; send it back in If-Match.',
    example: '"3"',
  }),
});

/** Response headers of a created resource: its ETag and where to read it. */
export function createdHeaders(location = 'Where to read the new resource (`/v1/…/{id}`).') {
  return EtagHeaders.extend({
    Location: z.string().openapi({ description: location, example: '/v1/goals/gol_0abc123def456ghi' }),
  });
}

/** A 201 answer holding the new resource, its ETag and its Location. */
export function createdResponse<S extends z.ZodType>(schema: S, description: string, location?: string) {
  return { description, headers: createdHeaders(location), content: { 'application/json': { schema } } };
}

/** A JSON response. */
export function jsonResponse<S extends z.ZodType>(schema: S, description: string) {
  return { description, content: { 'application/json': { schema } } };
}

/** A single-resource JSON response carrying its ETag. */
export function resourceResponse<S extends z.ZodType>(schema: S, description: string) {
  return { description, headers: EtagHeaders, content: { 'application/json': { schema } } };
}

/** `Idempotency-Key`: 1–255 visible ASCII characters. */
export const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** Request headers of a POST that honours Idempotency-Key. */
export const IdempotencyHeaders = z.object({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY, 'must be 1–255 visible ASCII characters')
    .optional()
    .openapi({
      description:
        'Optional. Retrying with the same key and body replays the stored response (header `Idempotent-Replayed: true`); the same key with another body is refused (422 `idempotency_key_reused`).',
      example: 'b7a1c9e2-5f0d-4f3b-9a53-1d2e3f4a5b6c',
    }),
});

/** Request headers of a conditional write (PATCH/PUT/DELETE). */
export const IfMatchHeaders = z.object({
  'if-match': z.string().optional().openapi({
    description: 'Required (428 without it): the ETag you read. `*` is not accepted.',
    example: '"3"',
  }),
});

/**
 * A path parameter holding an id (the core's IdSchema): text no id can be (NUL, controls, lone
 * surrogates) is a 400 before it reaches the database (PostgreSQL refuses NUL in text).
 */
export function pathId(name: string, example = 'per_0abc123def456ghi') {
  return IdSchema.describe(name).openapi({ param: { name, in: 'path' }, example });
}

/** `{id}` path parameter. */
export const IdParams = z.strictObject({ id: pathId('id') });

/** Server-maintained fields added to every resource representation. */
export const ResourceMeta = {
  version: z.number().int().min(1).openapi({ description: 'Increases by one on every change (the ETag).' }),
  createdAt: z.string().openapi({ format: 'date-time' }),
  updatedAt: z.string().openapi({ format: 'date-time' }),
};
