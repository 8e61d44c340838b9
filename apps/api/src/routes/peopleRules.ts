// People write rules shared by the people routes and the CSV import: structure, e-mail ownership, last HR admin, one's own record.
import { type OrgError, type Person, withPerson } from '@perfloop/core';
import type { OrgSnapshot } from '../authz/index.ts';
import { Conflict } from '../errors.ts';
import { domainProblem } from '../kit/index.ts';

const isActiveHr = (p: Person): boolean => p.active && p.roles.includes('hr_admin');

/**
 * The fields of a person that decide about them (who writes their manager review, which department's
 * head and calibration they fall under, what they may decide, whether they may sign in): nobody changes
 * them on their own record (recusal `change_own_record` → 403 `own_person_record`).
 */
export const DECISIVE_PERSON_FIELDS = ['managerId', 'departmentId', 'roles', 'active'] as const;
export type DecisivePersonField = (typeof DECISIVE_PERSON_FIELDS)[number];
type Decisive = Pick<Person, DecisivePersonField>;

/** Whether two role lists hold the same roles, in any order. */
export const sameRoles = (a: readonly string[], b: readonly string[]): boolean =>
  a.length === b.length && a.every((r) => b.includes(r));

/** The decisive fields that `after` changes from `before` (roles as a set: reordering them changes nothing). */
export function decisiveChanges(before: Decisive, after: Decisive): DecisivePersonField[] {
  return DECISIVE_PERSON_FIELDS.filter((field) =>
    field === 'roles' ? !sameRoles(before.roles, after.roles) : before[field] !== after[field],
  );
}

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
