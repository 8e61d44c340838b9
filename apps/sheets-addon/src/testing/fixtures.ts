// Small in-memory fixtures for unit tests: people, departments, goals, reviews and the assess context built on them.
import { DEFAULT_RATING_SCALE, type Phase } from '@perfloop/core';
import type { DepartmentBody, GoalBody, PersonBody, ReviewBody } from '../perfloop/schemas.ts';
import type { AssessContext } from '../scoring/assess.ts';
import { relationsOf } from '../scoring/relations.ts';
import { COL, WIDTH } from '../sheet/layout.ts';

export const person = (
  id: string,
  managerId: string | null,
  departmentId = 'dep_sales',
  roles = ['employee'],
): PersonBody => ({
  id,
  name: id.replace('per_', '').replace(/^./, (c) => c.toUpperCase()),
  email: `${id}@acme.test`,
  departmentId,
  managerId,
  roles,
  active: true,
});

export const PEOPLE: PersonBody[] = [
  person('per_hr', null, 'dep_people', ['employee', 'hr_admin']),
  person('per_sofia', null, 'dep_sales', ['employee', 'manager', 'department_head']),
  person('per_marcus', 'per_sofia', 'dep_sales', ['employee', 'manager']),
  person('per_ava', 'per_marcus'),
  person('per_ben', 'per_marcus'),
];
export const DEPARTMENTS: DepartmentBody[] = [
  { id: 'dep_sales', name: 'Sales', parentId: null, headId: 'per_sofia' },
  { id: 'dep_people', name: 'People', parentId: null, headId: null },
];

export function kpi(
  id: string,
  ownerId: string,
  actual: number | null,
  version = 1,
  extra: Partial<GoalBody> = {},
): GoalBody {
  return {
    id,
    cycleId: 'cyc_1',
    title: `Goal ${id}`,
    description: '',
    level: 'person',
    ownerId,
    departmentId: 'dep_sales',
    weight: 50,
    alignedTo: null,
    status: 'active',
    dueDate: null,
    kind: 'kpi',
    unit: 'k€',
    direction: 'higher_is_better',
    baseline: 0,
    threshold: 50,
    target: 100,
    stretch: 150,
    curve: { type: 'linear' },
    actual,
    version,
    ...extra,
  } as GoalBody;
}

export function competency(id: string, ownerId: string, version = 1): GoalBody {
  return {
    id,
    cycleId: 'cyc_1',
    title: `Competency ${id}`,
    description: '',
    level: 'person',
    ownerId,
    departmentId: 'dep_sales',
    weight: 50,
    alignedTo: null,
    status: 'active',
    dueDate: null,
    kind: 'competency',
    expectations: '',
    version,
  };
}

export function review(
  subjectId: string,
  reviewerId: string,
  ratings: [string, number][],
  version = 1,
  submittedAt: string | null = null,
): ReviewBody {
  return {
    id: `rev_${subjectId}`,
    cycleId: 'cyc_1',
    subjectId,
    reviewerId,
    component: 'manager',
    ratings: ratings.map(([goalId, rating]) => ({ goalId, rating })),
    submittedAt,
    version,
  };
}

export function context(
  meId: string,
  phase: Phase,
  goals: GoalBody[],
  reviews: ReviewBody[] = [],
): AssessContext {
  const me = PEOPLE.find((p) => p.id === meId) ?? person(meId, null);
  const relations = relationsOf(me, PEOPLE, DEPARTMENTS);
  return {
    phase,
    scale: DEFAULT_RATING_SCALE,
    relations,
    goals: new Map(goals.map((g) => [g.id, g])),
    myReviews: new Map(reviews.filter((r) => r.reviewerId === meId).map((r) => [r.subjectId, r])),
  };
}

/** A sheet row as read back (UNFORMATTED values), from a few named cells (the row key defaults to the goal id). */
export function sheetRow(cells: Partial<Record<keyof typeof COL, unknown>>): unknown[] {
  const row: unknown[] = new Array(WIDTH).fill('');
  for (const [key, value] of Object.entries(cells)) row[COL[key as keyof typeof COL]] = value;
  // The hidden row key repeats the goal id, as the sheet writes it, unless the test says otherwise.
  if (!('rowKey' in cells) && 'goalId' in cells) row[COL.rowKey] = cells.goalId;
  return row;
}
