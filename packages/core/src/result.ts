// Typed results for domain functions: the core never throws for expected failures.

/** A machine-readable domain failure: `code` is stable, `message` is plain words for people. */
export interface DomainError<C extends string = string> {
  code: C;
  message: string;
  /** Where in the input the problem is (zod-style path), when it concerns one field. */
  path?: (string | number)[];
  /** Extra structured facts (counts, ids, actual values) for clients to render. */
  details?: Record<string, unknown>;
}

export type Ok<T> = { ok: true; value: T };
export type Err<E> = { ok: false; error: E };
export type Result<T, E = DomainError> = Ok<T> | Err<E>;

export const ok = <T>(value: T): Ok<T> => ({ ok: true, value });
export const err = <E>(error: E): Err<E> => ({ ok: false, error });

/** Shorthand for a failed result carrying one DomainError. */
export function fail<C extends string>(
  code: C,
  message: string,
  extra: { path?: (string | number)[]; details?: Record<string, unknown> } = {},
): Err<DomainError<C>> {
  return err({ code, message, ...extra });
}

/** Unwraps a result or throws (for tests, examples and demos only). */
export function unwrap<T, E>(result: Result<T, E>): T {
  if (result.ok) return result.value;
  const e = result.error as unknown;
  const message =
    typeof e === 'object' && e !== null && 'message' in e
      ? String((e as { message: unknown }).message)
      : String(e);
  throw new Error(`unwrap on a failed result: ${message}`);
}
