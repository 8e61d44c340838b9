// Recusal at the HTTP edge: a decision about the caller themselves is 403 with core's code (`own_rating`, …).
import { type RecusalAct, recusal } from '@perfloop/core';
import { Forbidden } from '../errors.ts';
import type { Access } from './access.ts';

/** A request field that holds the subject, or that would carry the decision about them. */
export interface RecusalField {
  path: string;
  location: 'body' | 'params';
}

/**
 * Throws 403 problem+json with the act's code (`own_rating`, `own_appeal`, …) when the caller is the
 * subject of the decision; `field` (with `location`) names the request field that holds the subject, or
 * a list of them names every field of the request that would decide about them (one field error each).
 */
export function recuse(
  access: Pick<Access, 'personId'>,
  act: RecusalAct,
  subjectId: string,
  field?: RecusalField | readonly RecusalField[],
): void {
  const refused = recusal(act, access.personId, subjectId);
  if (refused.ok) return;
  const { code, message, details } = refused.error;
  const fields = field === undefined ? [] : 'path' in field ? [field] : field;
  throw new Forbidden(message, {
    code,
    details,
    ...(fields.length > 0
      ? { errors: fields.map((f) => ({ path: f.path, message, code, location: f.location })) }
      : {}),
  });
}
