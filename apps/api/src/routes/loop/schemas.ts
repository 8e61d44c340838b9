// OpenAPI-ready copies of core's primitives (core's own instances may predate @hono/zod-openapi's patch).
import { CentsSchema, IdSchema } from '@perfloop/core';

/** Whole cents (core CentsSchema) with an OpenAPI description. */
export function cents(description: string, example?: number) {
  return CentsSchema.describe(description).openapi({
    description,
    ...(example !== undefined ? { example } : {}),
  });
}

/** An id path parameter `{name}` (core IdSchema). */
export function pathId(name: string, example: string) {
  return IdSchema.describe(name).openapi({ param: { name, in: 'path' }, example });
}

/** An id with an OpenAPI description (core IdSchema). */
export function describedId(description: string) {
  return IdSchema.describe(description).openapi({ description });
}
