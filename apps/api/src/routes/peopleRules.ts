// People write rules shared by the people routes and the CSV import: structure, e-mail ownership, last HR admin.
import { type OrgError, type Person, withPerson } from '@perfloop/core';
import type { OrgSnapshot } from '../authz/index.ts';
import { Conflict } from '../errors.ts';
import { domainProblem } from '../kit/index.ts';

const isActiveHr = (p: Person): boolean => p.active && p.roles.includes('hr_admin');

/** Structural problems of adding or replacing `person` (duplicate e-mail, unknown ids, manager cycle). */
export function personStructureErrors(snapshot: OrgSnapshot, person: Person): OrgError[] {
  const result = withPerson(snapshot.org, person);
  return result.ok ? [] : result.error;
}

/** True when replacing `before` by `after` would leave no active HR administrator. */
export function removesLastHr(snapshot: OrgSnapshot, before: Person, after: Person): boolean {
  if (!isActiveHr(before) || isActiveHr(after)) return false;
  for (const { entity } of snapshot.people.values())
    if (entity.id !== before.id && isActiveHr(entity)) return false;
  return true;
}

/** Throws the problem for a person write that breaks a rule: 409 duplicate_email / last_hr_admin, else 422. */
export function assertPersonWrite(snapshot: OrgSnapshot, person: Person, before?: Person): void {
  const errors = personStructureErrors(snapshot, person);
  if (errors.length > 0) {
    throw domainProblem(errors, (code) => (code === 'duplicate_email' ? 409 : 422));
  }
  if (before && removesLastHr(snapshot, before, person)) {
    throw new Conflict('This change would leave the organisation without an active HR administrator.', {
      code: 'last_hr_admin',
    });
  }
}

export function emailTaken(): Conflict {
  return new Conflict('This e-mail address is already used to sign in to another organisation.', {
    code: 'email_taken',
  });
}
