// RFC 9457 problem+json responses: the single onError handler, the 404 handler and the schema.
import { z } from '@hono/zod-openapi';
import type { Context, ErrorHandler, NotFoundHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { Logger } from 'pino';
import type { AppEnv } from './context.ts';
import {
  ApiError,
  BadRequest,
  type FieldError,
  Forbidden,
  NotFound,
  PayloadTooLarge,
  Unauthenticated,
  UnsupportedMediaType,
} from './errors.ts';

export const PROBLEM_TYPE_BASE = 'https://perfloop.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

const TITLES: Partial<Record<number, string>> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
};

const Bound = z.union([z.number(), z.string()]);

/** The facts a field error names, by code, so a client can say it in its own language. */
export const FieldErrorParamsSchema = z
  .object({
    origin: z.string().optional().openapi({
      description:
        'too_small / too_big: what is measured — `string` (length in characters), `number`, `int`, `array` (items), `set`, `date`.',
    }),
    minimum: Bound.optional().openapi({
      description: 'too_small: the lower bound.',
    }),
    maximum: Bound.optional().openapi({
      description:
        'too_big: the upper bound; at_in_future: the latest time accepted (now plus a little clock skew).',
    }),
    inclusive: z
      .boolean()
      .optional()
      .openapi({ description: 'too_small / too_big: whether the bound itself is allowed.' }),
    exact: z
      .boolean()
      .optional()
      .openapi({ description: 'too_small / too_big: exactly this size is needed.' }),
    expected: z.string().optional().openapi({
      description:
        'invalid_type / required: the type expected (`string`, `number`, `int`, `boolean`, `object`, `array`…).',
    }),
    format: z.string().optional().openapi({
      description: 'invalid_format: the format expected (`date`, `datetime`, `email`, `uuid`, `regex`…).',
    }),
    values: z
      .array(z.union([z.string(), z.number(), z.boolean(), z.null()]))
      .optional()
      .openapi({ description: 'invalid_value: the values allowed.' }),
    divisor: Bound.optional().openapi({ description: 'not_multiple_of: the step.' }),
    key: z.string().optional().openapi({ description: 'unrecognized_key: the unknown field.' }),
    anchor: z.string().optional().openapi({
      description: 'kpi_anchors_invalid: the KPI anchor out of order — `target`, `threshold` or `stretch`.',
    }),
    relation: z.string().optional().openapi({
      description:
        'kpi_anchors_invalid: where the anchor must lie for the goal’s direction — `above` or `below` `than`.',
    }),
    than: z.string().optional().openapi({
      description: 'kpi_anchors_invalid: the anchor it is compared with — `baseline` or `target`.',
    }),
    kind: z.string().optional().openapi({
      description: 'notes_required / form_required / form_not_allowed: the check-in’s kind.',
    }),
    factor: z.string().optional().openapi({ description: 'factor_repeated: the factor named twice.' }),
    totalPercent: z
      .number()
      .optional()
      .openapi({ description: 'shares_not_100: what the factor shares total, in percent.' }),
    total: z.number().optional().openapi({ description: 'weights_not_100: what the goal weights total.' }),
    meets: z.number().optional().openapi({ description: 'meets_not_a_level: the `meets` value given.' }),
    personId: z.string().optional().openapi({ description: 'person_repeated: the person listed twice.' }),
    earliest: z
      .string()
      .optional()
      .openapi({ description: 'schedule_out_of_range: the first day a stage may be due.' }),
    latest: z
      .string()
      .optional()
      .openapi({ description: 'schedule_out_of_range: the last day a stage may be due.' }),
    after: z.string().optional().openapi({
      description:
        'schedule_out_of_order: the earlier stage (schedule key, e.g. `selfAppraisalDue`) the date must not precede.',
    }),
    afterOn: z.string().optional().openapi({ description: 'schedule_out_of_order: that stage’s date.' }),
  })
  .openapi('FieldErrorParams');

export const FieldErrorSchema = z
  .object({
    path: z.string().openapi({ example: 'goals.0.weight' }),
    message: z.string().openapi({ description: 'English.' }),
    code: z.string().openapi({
      description:
        "Stable machine-readable code of this field's problem: `required` (missing), `unrecognized_key` (a field the endpoint does not take), zod's issue codes — `invalid_type`, `too_small`, `too_big`, `invalid_format`, `invalid_value` (not one of the allowed values), `not_multiple_of`, `invalid_union`, `custom` (a rule without a code of its own; its message says which) — a core rule's code (`kpi_anchors_invalid`, `ends_before_start`, `notes_required`, `form_required`, `form_not_allowed`, `factor_repeated`, `shares_not_100`, `weights_not_100`, `levels_not_increasing`, `meets_not_a_level`, `meets_at_scale_end`, `meeting_with_self`, `history_out_of_order`, `phase_not_history`, `schedule_out_of_range`, `schedule_out_of_order`, `person_repeated`, `at_in_future`) — or an endpoint's own code (e.g. `unknown_cycle`, or a domain error's code). `params` carries the facts the code names.",
      example: 'too_small',
    }),
    location: z.enum(['body', 'query', 'params', 'headers', 'cookies', 'input']).optional(),
    params: FieldErrorParamsSchema.optional(),
  })
  .openapi('FieldError');

export const ProblemSchema = z
  .object({
    type: z.string().openapi({ example: `${PROBLEM_TYPE_BASE}validation_failed` }),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    code: z.string().openapi({ description: 'Stable machine-readable code.', example: 'validation_failed' }),
    instance: z.string().openapi({ description: 'The request path.' }),
    requestId: z.string(),
    errors: z.array(FieldErrorSchema).optional(),
    details: z.record(z.string(), z.unknown()).optional(),
  })
  .openapi('Problem');
export type Problem = z.infer<typeof ProblemSchema>;

/** An OpenAPI response entry for a problem, for route definitions: `responses: { 404: problemResponse('...') }`. */
export function problemResponse(description: string) {
  return { description, content: { [PROBLEM_CONTENT_TYPE]: { schema: ProblemSchema } } };
}

function problemBody(
  c: Context<AppEnv>,
  status: number,
  code: string,
  detail: string,
  extra: Partial<Problem>,
): Problem {
  return {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title: TITLES[status] ?? 'Error',
    status,
    detail,
    code,
    instance: c.req.path,
    requestId: c.get('requestId') ?? '',
    ...extra,
  };
}

/** Writes a problem+json response. */
export function problemJson(
  c: Context<AppEnv>,
  status: ContentfulStatusCode,
  code: string,
  detail: string,
  extra: {
    errors?: readonly FieldError[];
    details?: Record<string, unknown>;
    headers?: Record<string, string>;
  } = {},
): Response {
  const body = problemBody(c, status, code, detail, {
    ...(extra.errors ? { errors: [...extra.errors] } : {}),
    ...(extra.details ? { details: extra.details } : {}),
  });
  return c.body(JSON.stringify(body), status, { ...extra.headers, 'Content-Type': PROBLEM_CONTENT_TYPE });
}

/** Hono's own HTTPExceptions (validator, media-type gate, body limit) as ApiErrors; null for 5xx. */
function fromHttpException(e: HTTPException): ApiError | null {
  switch (e.status) {
    case 400:
      return /malformed json/i.test(e.message)
        ? new BadRequest('The request body is not valid JSON.', { code: 'malformed_json' })
        : new BadRequest();
    case 401:
      return new Unauthenticated();
    case 403:
      return new Forbidden();
    case 404:
      return new NotFound();
    case 413:
      return new PayloadTooLarge();
    case 415:
      return new UnsupportedMediaType(
        "The request's Content-Type is not accepted here; send application/json.",
      );
    default:
      return e.status < 500
        ? new ApiError(e.status, 'client_error', 'The request could not be processed.')
        : null;
  }
}

/**
 * The one error handler: ApiErrors become their problem; anything unknown becomes a 500 `internal`
 * problem with no message or stack (those go to the log with the request id).
 */
export function createErrorHandler(logger: Logger): ErrorHandler<AppEnv> {
  return (error, c) => {
    const log = c.get('log') ?? logger;
    const apiError =
      error instanceof ApiError ? error : error instanceof HTTPException ? fromHttpException(error) : null;
    if (apiError) {
      if (apiError.status >= 500) log.warn({ code: apiError.code }, apiError.message);
      return problemJson(c, apiError.status, apiError.code, apiError.message, {
        errors: apiError.errors,
        details: apiError.details,
        headers: { ...apiError.headers },
      });
    }
    log.error({ err: error }, 'unhandled error');
    return problemJson(
      c,
      500,
      'internal',
      'An unexpected error occurred. Quote the request id when reporting it.',
    );
  };
}

export const notFoundHandler: NotFoundHandler<AppEnv> = (c) =>
  problemJson(c, 404, 'route_not_found', `No route matches ${c.req.method} ${c.req.path}.`);
