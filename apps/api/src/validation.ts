// Request validation failures → 400 `validation_failed` with one entry per field problem.
import type { Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { AppEnv } from './context.ts';
import { BadRequest, type FieldError, type FieldLocation, joinPath } from './errors.ts';

const LOCATIONS: Record<string, FieldLocation> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'params',
  header: 'headers',
  cookie: 'cookies',
};

/** zod issues as field errors; each unknown key of a strict object becomes its own entry. */
export function fieldErrors(error: z.ZodError, location: FieldLocation): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: joinPath([...issue.path, key]),
        message: `Unknown field "${key}".`,
        code: 'unrecognized_key',
        location,
      }));
    }
    return [{ path: joinPath(issue.path), message: issue.message, code: issue.code, location }];
  });
}

/**
 * The OpenAPIHono `defaultHook`: every route's request validation failure becomes a 400
 * `validation_failed` problem. Route schemas must use `z.strictObject` for bodies and queries so
 * unknown fields are rejected rather than silently dropped (header schemas stay `z.object`: a
 * request always carries other headers).
 */
export const validationHook: Hook<unknown, AppEnv, string, undefined> = (result) => {
  if (result.success) return;
  const location = LOCATIONS[result.target] ?? 'body';
  const errors = fieldErrors(result.error, location);
  throw new BadRequest(
    `The request ${location} is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}).`,
    { code: 'validation_failed', errors },
  );
};
