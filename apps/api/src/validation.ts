// Request validation failures → 400 `validation_failed` with one entry per field problem.
import type { Hook } from '@hono/zod-openapi';
import { ruleOf } from '@perfloop/core';
import type { z } from 'zod';
import type { AppEnv } from './context.ts';
import {
  BadRequest,
  type FieldError,
  type FieldErrorParams,
  type FieldLocation,
  joinPath,
} from './errors.ts';

const LOCATIONS: Record<string, FieldLocation> = {
  json: 'body',
  form: 'body',
  query: 'query',
  param: 'params',
  header: 'headers',
  cookie: 'cookies',
};

/** A bound as JSON can carry it (zod reports bigints and dates for those origins; never an infinite number). */
const bound = (value: unknown): number | string | undefined =>
  typeof value === 'number'
    ? Number.isFinite(value)
      ? value
      : undefined
    : typeof value === 'bigint'
      ? Number(value)
      : value instanceof Date
        ? value.toISOString()
        : undefined;

/** The JSON-safe primitives of an enum / literal's allowed values. */
const allowed = (values: readonly unknown[]): (string | number | boolean | null)[] =>
  values.flatMap((v) =>
    typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' || v === null
      ? [v]
      : typeof v === 'bigint'
        ? [Number(v)]
        : [],
  );

/** The facts of an issue a client needs to say it in its own language (zod's own fields, JSON-safe). */
function paramsOf(issue: z.core.$ZodIssue): FieldErrorParams | undefined {
  switch (issue.code) {
    case 'too_small': {
      const minimum = bound(issue.minimum);
      return {
        origin: issue.origin,
        ...(minimum === undefined ? {} : { minimum }),
        inclusive: issue.inclusive ?? true,
        ...(issue.exact ? { exact: true } : {}),
      };
    }
    case 'too_big': {
      const maximum = bound(issue.maximum);
      return {
        origin: issue.origin,
        ...(maximum === undefined ? {} : { maximum }),
        inclusive: issue.inclusive ?? true,
        ...(issue.exact ? { exact: true } : {}),
      };
    }
    case 'invalid_type':
      return { expected: issue.expected };
    case 'invalid_format':
      return { format: issue.format };
    case 'invalid_value':
      return { values: allowed(issue.values) };
    case 'not_multiple_of': {
      const divisor = bound(issue.divisor);
      return divisor === undefined ? undefined : { divisor };
    }
    case 'custom': {
      // A core rule: the facts its code names (which anchor, the check-in's kind, the total…).
      const rule = ruleOf(issue);
      return rule && Object.keys(rule.facts).length > 0 ? { ...rule.facts } : undefined;
    }
    default:
      return undefined;
  }
}

/** The value at `path` inside `input`, or undefined when any step is missing. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * zod issues as field errors; each unknown key of a strict object becomes its own entry. Each keeps zod's issue
 * code and its facts (`params`), except a value that is missing altogether from `input` (when given): `required`,
 * and a core rule's `custom` issue, which takes the rule's code (`kpi_anchors_invalid`, `ends_before_start`, …).
 */
export function fieldErrors(error: z.ZodError, location: FieldLocation, input?: unknown): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({
        path: joinPath([...issue.path, key]),
        message: `Unknown field "${key}".`,
        code: 'unrecognized_key',
        location,
        params: { key },
      }));
    }
    const path = joinPath(issue.path);
    if (
      issue.code === 'invalid_type' &&
      input !== undefined &&
      issue.path.length > 0 &&
      valueAt(input, issue.path) === undefined
    ) {
      return [
        { path, message: 'Required.', code: 'required', location, params: { expected: issue.expected } },
      ];
    }
    const params = paramsOf(issue);
    const code = ruleOf(issue)?.rule ?? issue.code;
    return [{ path, message: issue.message, code, location, ...(params ? { params } : {}) }];
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
  const input = 'data' in result ? (result as { data?: unknown }).data : undefined;
  const errors = fieldErrors(result.error, location, input);
  throw new BadRequest(
    `The request ${location} is invalid (${errors.length} problem${errors.length === 1 ? '' : 's'}).`,
    { code: 'validation_failed', errors },
  );
};
