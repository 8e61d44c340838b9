// API errors: `ApiError` (an HTTPException with a stable machine code) and its status subclasses.

import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';

/** Where a field error was found: the request part, or the domain input for domain errors. */
export type FieldLocation = 'body' | 'query' | 'params' | 'headers' | 'cookies' | 'input';

/** The facts of a field error, for clients that say it in their own language (see FieldErrorSchema). */
export interface FieldErrorParams {
  /** too_small / too_big: what was measured (`string` length, `number`, `array` items, `date`, …) and the bound. */
  origin?: string;
  minimum?: number | string;
  maximum?: number | string;
  inclusive?: boolean;
  exact?: boolean;
  /** invalid_type / required: the type expected (`string`, `number`, `int`, `object`, …). */
  expected?: string;
  /** invalid_format: the format (`date`, `datetime`, `email`, `regex`, …). */
  format?: string;
  /** invalid_value: the values allowed. */
  values?: (string | number | boolean | null)[];
  /** not_multiple_of: the step. */
  divisor?: number | string;
  /** unrecognized_key: the unknown field's name. */
  key?: string;
  /** kpi_anchors_invalid: the anchor out of order, where it must lie (`above` / `below`) and `than` which anchor. */
  anchor?: string;
  relation?: string;
  than?: string;
  /** notes_required / form_required / form_not_allowed: the check-in's kind. */
  kind?: string;
  /** factor_repeated: the factor named twice. */
  factor?: string;
  /** shares_not_100: what the factor shares total, in percent. */
  totalPercent?: number;
  /** weights_not_100: what the goal weights total. */
  total?: number;
  /** meets_not_a_level: the `meets` value given. */
  meets?: number;
  /** person_repeated: the person listed twice. */
  personId?: string;
  /** schedule_out_of_range: the first and last day a stage may be due. */
  earliest?: string;
  latest?: string;
  /** schedule_out_of_order: the earlier stage's key and its date. */
  after?: string;
  afterOn?: string;
}

/** One per-field problem (RFC 9457 extension member `errors`). */
export interface FieldError {
  /** Dotted path inside the location (`goals.0.weight`); '' for the whole value. */
  path: string;
  /** English. */
  message: string;
  /** Stable: zod's issue code (`too_small`, `invalid_type`, …), `required`, `unrecognized_key`, or the API's own. */
  code: string;
  location?: FieldLocation;
  params?: FieldErrorParams;
}

export interface ApiErrorOptions {
  /** Overrides the subclass's default machine code. */
  code?: string;
  errors?: readonly FieldError[];
  /** Structured facts for clients (extension member `details`); never secrets. */
  details?: Record<string, unknown>;
  /** Extra response headers (e.g. WWW-Authenticate, Retry-After). */
  headers?: Record<string, string>;
  cause?: unknown;
}

/** An error meant for the client: its `message` becomes the problem's `detail`, so keep it safe. */
export class ApiError extends HTTPException {
  readonly code: string;
  readonly errors: readonly FieldError[] | undefined;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Readonly<Record<string, string>>;

  constructor(status: ContentfulStatusCode, code: string, detail: string, options: ApiErrorOptions = {}) {
    super(status, { message: detail, cause: options.cause });
    this.name = new.target.name;
    this.code = options.code ?? code;
    this.errors = options.errors;
    this.details = options.details;
    this.headers = options.headers ?? {};
  }
}

export class BadRequest extends ApiError {
  constructor(detail = 'The request is invalid.', options: ApiErrorOptions = {}) {
    super(400, 'bad_request', detail, options);
  }
}

export class Unauthenticated extends ApiError {
  constructor(detail = 'Authentication is required.', options: ApiErrorOptions = {}) {
    super(401, 'unauthenticated', detail, {
      ...options,
      headers: { 'WWW-Authenticate': 'Bearer', ...options.headers },
    });
  }
}

export class Forbidden extends ApiError {
  constructor(detail = 'You are not allowed to do this.', options: ApiErrorOptions = {}) {
    super(403, 'forbidden', detail, options);
  }
}

export class NotFound extends ApiError {
  constructor(detail = 'The resource was not found.', options: ApiErrorOptions = {}) {
    super(404, 'not_found', detail, options);
  }
}

export class Conflict extends ApiError {
  constructor(
    detail = 'The request conflicts with the current state of the resource.',
    options: ApiErrorOptions = {},
  ) {
    super(409, 'conflict', detail, options);
  }
}

export class PreconditionFailed extends ApiError {
  constructor(
    detail = 'The resource has changed since you read it (If-Match failed).',
    options: ApiErrorOptions = {},
  ) {
    super(412, 'precondition_failed', detail, options);
  }
}

export class PayloadTooLarge extends ApiError {
  constructor(detail = 'The request body is too large.', options: ApiErrorOptions = {}) {
    super(413, 'payload_too_large', detail, options);
  }
}

export class UnsupportedMediaType extends ApiError {
  constructor(detail = 'The request body must be application/json.', options: ApiErrorOptions = {}) {
    super(415, 'unsupported_media_type', detail, options);
  }
}

export class UnprocessableEntity extends ApiError {
  constructor(detail = 'The request is well-formed but cannot be processed.', options: ApiErrorOptions = {}) {
    super(422, 'unprocessable_entity', detail, options);
  }
}

export class PreconditionRequired extends ApiError {
  constructor(detail = 'This request must be conditional (send If-Match).', options: ApiErrorOptions = {}) {
    super(428, 'precondition_required', detail, options);
  }
}

export class TooManyRequests extends ApiError {
  constructor(detail = 'Too many requests; retry later.', options: ApiErrorOptions = {}) {
    super(429, 'too_many_requests', detail, options);
  }
}

export class ServiceUnavailable extends ApiError {
  constructor(detail = 'The service is temporarily unavailable.', options: ApiErrorOptions = {}) {
    super(503, 'service_unavailable', detail, options);
  }
}

/** The shape of `@perfloop/core`'s DomainError (structural, so the API does not depend on core internals). */
export interface DomainErrorLike {
  code: string;
  message: string;
  path?: (string | number)[];
  details?: Record<string, unknown>;
}

/** Client-error statuses a domain failure may map to. */
export type DomainErrorStatus = 400 | 403 | 404 | 409 | 412 | 422 | 428;

/** Joins a zod-style path into the dotted form used in `errors[].path`. */
export function joinPath(path: readonly PropertyKey[]): string {
  return path.map((p) => String(p)).join('.');
}

/** Maps a core DomainError to an ApiError, keeping its stable code, message, path and details. */
export function fromDomainError(e: DomainErrorLike, status: DomainErrorStatus = 422): ApiError {
  const errors: FieldError[] | undefined = e.path
    ? [{ path: joinPath(e.path), message: e.message, code: e.code, location: 'input' }]
    : undefined;
  return new ApiError(status, e.code, e.message, { errors, details: e.details });
}
