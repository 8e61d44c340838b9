// StoreError and the mapping of driver constraint errors (SQLite and PostgreSQL codes) onto it.

export type StoreErrorCode =
  | 'duplicate'
  | 'foreign_key'
  | 'constraint'
  | 'not_found'
  | 'org_mismatch'
  | 'nested_transaction'
  | 'invalid_argument'
  | 'migration_failed'
  | 'closed'
  /** A create's `requires` record was missing or at another version; nothing was written. */
  | 'precondition_failed'
  /** SQLite aborted a batch of transactions (e.g. disk full); nothing was committed, retry. */
  | 'aborted';

/** A failure the caller can act on; `code` is stable, `message` is for people. */
export class StoreError extends Error {
  readonly code: StoreErrorCode;

  constructor(code: StoreErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
    this.code = code;
  }
}

function driverCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error;
  return typeof code === 'string' ? code : undefined;
}

/** Maps a unique/foreign-key/check violation to a StoreError; anything else is returned unchanged. */
export function translateError(error: unknown, what: string): unknown {
  const code = driverCode(error);
  if (code === undefined) return error;
  if (code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE') {
    return new StoreError('duplicate', `${what} already exists`, { cause: error });
  }
  if (code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY') {
    return new StoreError('foreign_key', `${what} refers to an organisation that does not exist`, {
      cause: error,
    });
  }
  if (code === '23514' || code === 'SQLITE_CONSTRAINT_CHECK') {
    return new StoreError('constraint', `${what} violates a check constraint`, { cause: error });
  }
  return error;
}
