// Notion error objects: `{ object: "error", status, code, message, request_id }` with Notion's codes and message style.
export type NotionErrorCode =
  | 'invalid_json'
  | 'invalid_request_url'
  | 'invalid_request'
  | 'validation_error'
  | 'missing_version'
  | 'unauthorized'
  | 'restricted_resource'
  | 'object_not_found'
  | 'conflict_error'
  | 'rate_limited'
  | 'internal_server_error'
  | 'service_unavailable'
  | 'gateway_timeout'
  | 'service_overload';

export class NotionError extends Error {
  constructor(
    readonly status: number,
    readonly code: NotionErrorCode,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export const validationError = (message: string) => new NotionError(400, 'validation_error', message);

export function notFound(
  kind: 'page' | 'database' | 'data_source' | 'block' | 'user' | 'comment',
  id: string,
) {
  const what = kind === 'data_source' ? 'data source' : kind;
  return new NotionError(
    404,
    'object_not_found',
    `Could not find ${what} with ID: ${id}. Make sure the relevant pages and databases are shared with your integration.`,
  );
}

/** Notion's message style for limits: `body.children.length should be ≤ \`100\`, instead was \`101\`.` */
export function tooMany(path: string, max: number, actual: number) {
  return validationError(`${path} should be ≤ \`${max}\`, instead was \`${actual}\`.`);
}
