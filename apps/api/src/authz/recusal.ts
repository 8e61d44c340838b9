// Recusal at the HTTP edge: a decision about the caller themselves is 403 with core's code (`own_rating`, …).
import { type RecusalAct, recusal } from '@perfloop/core';
import { Forbidden } from '../errors.ts';
import type { Access } from './access.ts';

/**
 * Throws 403 problem+json with the act's code (`own_rating`, `own_appeal`, …) when the caller is the
 * subject of the decision; `path` (with `location`) names the request field that holds the subject.
 */
export function recuse(
  access: Pick<Access, 'personId'>,
  act: RecusalAct,
  subjectId: string,
  field?: { path: string; location: 'body' | 'params' },
): void {
  const refused = recusal(act, access.personId, subjectId);
  if (refused.ok) return;
  const { code, message, details } = refused.error;
  throw new Forbidden(message, {
    code,
    details,
    ...(field ? { errors: [{ path: field.path, message, code, location: field.location }] } : {}),
  });
}
