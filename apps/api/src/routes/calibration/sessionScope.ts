// Pure helpers of calibration sessions: who a session covers, who may run it, and the rater entries for bias statistics.
import {
  currentReviews,
  expandDepartments,
  type Org,
  type RaterEntry,
  type Review,
  round,
} from '@perfloop/core';

/** The cycle's participants whose (current) department is one of the session's, with sub-departments; sorted. */
export function sessionPeople(
  org: Org,
  departmentIds: readonly string[],
  participants: readonly string[],
): string[] {
  const departments = expandDepartments(org, departmentIds);
  return [...new Set(participants)]
    .filter((id) => {
      const person = org.person(id);
      return person !== undefined && departments.has(person.departmentId);
    })
    .sort();
}

/**
 * Who reads a session without running it: a department head whose departments (with sub-departments) meet the
 * session's (with theirs) — a session over Sales, Engineering and People is read by the head of Sales, limited to
 * the people of the departments she heads (`readablePeople`). Whoever runs it reads it whole.
 */
export function readsSession(
  caller: { isHr: boolean; headedDepartments(): ReadonlySet<string> },
  org: Org,
  departmentIds: readonly string[],
): boolean {
  if (mayRunSession(caller, departmentIds)) return true;
  const headed = caller.headedDepartments();
  if (headed.size === 0) return false;
  for (const id of expandDepartments(org, departmentIds)) if (headed.has(id)) return true;
  return false;
}

/** The session's people a reader who does not run it sees: those whose (current) department they head. */
export function readablePeople(
  caller: { headedDepartments(): ReadonlySet<string> },
  org: Org,
  people: readonly string[],
): string[] {
  const headed = caller.headedDepartments();
  return people.filter((id) => {
    const person = org.person(id);
    return person !== undefined && headed.has(person.departmentId);
  });
}

/** HR runs any session; a department head one whose departments they all head (directly or above). */
export function mayRunSession(
  caller: { isHr: boolean; headedDepartments(): ReadonlySet<string> },
  departmentIds: readonly string[],
): boolean {
  if (caller.isHr) return true;
  const headed = caller.headedDepartments();
  return departmentIds.length > 0 && departmentIds.every((id) => headed.has(id));
}

/**
 * One entry per counted manager review (a resubmission replaces the earlier one): the manager as
 * rater, the mean of the ratings they gave as the score. Reviews without ratings are left out.
 */
export function managerRaterEntries(reviews: readonly Review[]): RaterEntry[] {
  const out: RaterEntry[] = [];
  for (const r of currentReviews(reviews)) {
    if (r.component !== 'manager' || r.ratings.length === 0) continue;
    const mean = r.ratings.reduce((a, x) => a + x.rating, 0) / r.ratings.length;
    out.push({ raterId: r.reviewerId, subjectId: r.subjectId, score: round(mean, 6) });
  }
  return out;
}
