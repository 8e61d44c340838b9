// Router factory: every OpenAPIHono in the API shares the validation hook and the app's context type.
import { OpenAPIHono } from '@hono/zod-openapi';
import type { AppEnv } from './context.ts';
import { validationHook } from './validation.ts';

/** A router for a route module; mount it under /v1 through `createApp({ routes })`. */
export function createRouter(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ defaultHook: validationHook });
}
