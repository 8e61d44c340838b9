// Calibration session helpers: session people, who runs a session, manager rater entries (department expansion is core's).
import { buildOrg, type Org, PersonSchema, type Review, unwrap } from '@perfloop/core';
import { describe, expect, it } from 'vitest';
import {
  managerRaterEntries,
  mayRunSession,
  readablePeople,
  readsSession,
  sessionPeople,
} from './sessionScope.ts';

const org: Org = unwrap(
  buildOrg({
    departments: [
      { id: 'root', name: 'Root', parentId: null, headId: null },
      { id: 'eng', name: 'Eng', parentId: 'root', headId: null },
      { id: 'plat', name: 'Platform', parentId: 'eng', headId: null },
      { id: 'sales', name: 'Sales', parentId: 'root', headId: null },
    ],
    people: [
      { id: 'a', name: 'A', email: 'a@x.test', departmentId: 'root', managerId: null },
      { id: 'b', name: 'B', email: 'b@x.test', departmentId: 'eng', managerId: 'a' },
      { id: 'c', name: 'C', email: 'c@x.test', departmentId: 'plat', managerId: 'b' },
      { id: 'd', name: 'D', email: 'd@x.test', departmentId: 'sales', managerId: 'a' },
    ].map((p) => PersonSchema.parse(p)),
  }),
);

const review = (
  id: string,
  subjectId: string,
  reviewerId: string,
  ratings: number[],
  at: string,
): Review => ({
  id,
  cycleId: 'cy',
  subjectId,
  reviewerId,
  component: 'manager',
  ratings: ratings.map((rating, i) => ({ goalId: `g${i}`, rating, comment: '', evidence: '' })),
  summary: '',
  submittedAt: at,
});

describe('calibration session scope', () => {
  it('covers the participants of the departments only', () => {
    expect(sessionPeople(org, ['eng'], ['a', 'b', 'c', 'd'])).toEqual(['b', 'c']);
    expect(sessionPeople(org, ['eng'], ['c'])).toEqual(['c']);
    expect(sessionPeople(org, ['sales', 'plat'], ['d', 'c', 'c'])).toEqual(['c', 'd']);
  });

  it('lets HR run any session and heads only sessions over departments they head', () => {
    const head = { isHr: false, headedDepartments: () => new Set(['eng', 'plat']) };
    expect(mayRunSession(head, ['plat'])).toBe(true);
    expect(mayRunSession(head, ['eng', 'sales'])).toBe(false);
    expect(mayRunSession({ isHr: true, headedDepartments: () => new Set() }, ['sales'])).toBe(true);
  });

  it('lets a head read a session meeting the departments she heads, with only their people', () => {
    const platHead = { isHr: false, headedDepartments: () => new Set(['plat']) };
    const salesHead = { isHr: false, headedDepartments: () => new Set(['sales']) };
    const nobody = { isHr: false, headedDepartments: () => new Set<string>() };
    // Eng covers Platform: its head reads the session without running it; Sales' head does not read it.
    expect(mayRunSession(platHead, ['eng', 'sales'])).toBe(false);
    expect(readsSession(platHead, org, ['eng', 'sales'])).toBe(true);
    expect(readsSession(platHead, org, ['root'])).toBe(true);
    expect(readsSession(salesHead, org, ['eng'])).toBe(false);
    expect(readsSession(nobody, org, ['root'])).toBe(false);
    expect(readsSession({ isHr: true, headedDepartments: () => new Set() }, org, ['eng'])).toBe(true);
    expect(readablePeople(platHead, org, ['a', 'b', 'c', 'd', 'gone'])).toEqual(['c']);
    expect(readablePeople(salesHead, org, ['b', 'c', 'd'])).toEqual(['d']);
  });

  it('takes the mean of each counted manager review, the latest resubmission winning', () => {
    const entries = managerRaterEntries([
      review('r1', 'c', 'b', [3, 4], '2026-01-01T00:00:00Z'),
      review('r2', 'c', 'b', [5, 5], '2026-01-02T00:00:00Z'),
      review('r3', 'd', 'a', [2], '2026-01-01T00:00:00Z'),
      review('r4', 'b', 'a', [], '2026-01-01T00:00:00Z'),
      { ...review('r5', 'b', 'c', [1], '2026-01-01T00:00:00Z'), component: 'upward' },
    ]);
    expect(entries).toEqual([
      { raterId: 'b', subjectId: 'c', score: 5 },
      { raterId: 'a', subjectId: 'd', score: 2 },
    ]);
  });
});
