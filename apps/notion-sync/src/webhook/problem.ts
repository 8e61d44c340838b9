// RFC 9457 problem+json answers of the webhook endpoint, shaped like the API's (type, title, status, detail, a stable code, instance).
import type { Context } from 'hono';

export const PROBLEM_TYPE_BASE = 'https://perfloop.dev/problems/';
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** Every error the webhook endpoint answers, by its stable code. Details never carry a token or a request body. */
export const WEBHOOK_PROBLEMS = {
  invalid_json: { status: 400, title: 'Bad Request' },
  invalid_signature: { status: 401, title: 'Unauthorized' },
  not_found: { status: 404, title: 'Not Found' },
  verification_token_kept: { status: 409, title: 'Conflict' },
  internal_error: { status: 500, title: 'Internal Server Error' },
  verification_token_not_stored: { status: 503, title: 'Service Unavailable' },
} as const;
export type WebhookProblemCode = keyof typeof WEBHOOK_PROBLEMS;

export interface WebhookProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: WebhookProblemCode;
  instance: string;
}

/** The problem+json response for `code`, about the request in `c`. */
export function problem(c: Context, code: WebhookProblemCode, detail: string): Response {
  const { status, title } = WEBHOOK_PROBLEMS[code];
  const body: WebhookProblem = {
    type: `${PROBLEM_TYPE_BASE}${code}`,
    title,
    status,
    detail,
    code,
    instance: c.req.path,
  };
  return c.body(JSON.stringify(body), status, { 'Content-Type': PROBLEM_CONTENT_TYPE });
}
