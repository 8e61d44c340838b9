// Domain failures (core DomainErrors, possibly several) as one ApiError with every problem listed.
import {
  ApiError,
  type DomainErrorLike,
  type DomainErrorStatus,
  type FieldError,
  joinPath,
} from '../errors.ts';

/**
 * One problem for a list of domain errors: the first error gives `code` and `detail`, all of them
 * are listed in `errors` (location `input`) and the first one's details are kept. `pathOf` rewrites
 * paths (e.g. `['departments', 3, 'parentId']` → `['parentId']`).
 */
export function domainProblem(
  errors: readonly DomainErrorLike[],
  status: DomainErrorStatus | ((code: string) => DomainErrorStatus) = 422,
  pathOf: (e: DomainErrorLike) => readonly (string | number)[] | undefined = (e) => e.path,
): ApiError {
  const first = errors[0];
  if (!first) return new ApiError(422, 'unprocessable_entity', 'The request cannot be processed.');
  const fieldErrors: FieldError[] = errors.map((e) => ({
    path: joinPath(pathOf(e) ?? []),
    message: e.message,
    code: e.code,
    location: 'input',
  }));
  const code = typeof status === 'function' ? status(first.code) : status;
  return new ApiError(code, first.code, first.message, { errors: fieldErrors, details: first.details });
}
