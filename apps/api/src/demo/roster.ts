// The demo organisation's people: Acme's departments, heads, managers and employees (deterministic).
import type { Role } from '@perfloop/core';

/** Acme pays in euros (its sales goals are in k€). */
export const DEMO_ORG = { name: 'Acme', slug: 'acme', currency: 'EUR' } as const;
export const DEMO_DOMAIN = 'acme.test';

export type DemoDepartmentKey = 'root' | 'sales' | 'engineering' | 'people';

export interface DemoPerson {
  /** Short key used by the seed (also the e-mail's local part). */
  key: string;
  name: string;
  email: string;
  department: DemoDepartmentKey;
  /** Key of the direct manager (null at the top). */
  manager: string | null;
  roles: Role[];
  jobTitle: string;
  /** Annual base salary and target bonus, in cents (compensation inputs). */
  salaryCents: number;
  targetBonusCents: number;
}

export const DEMO_DEPARTMENTS: readonly {
  key: Exclude<DemoDepartmentKey, 'root'>;
  name: string;
  head: string;
}[] = [
  { key: 'sales', name: 'Sales', head: 'sofia' },
  { key: 'engineering', name: 'Engineering', head: 'elena' },
  { key: 'people', name: 'People', head: 'grace' },
];

const mail = (key: string) => `${key}@${DEMO_DOMAIN}`;
const EMPLOYEE: Role[] = ['employee'];
const MANAGER: Role[] = ['employee', 'manager'];
const HEAD: Role[] = ['employee', 'manager', 'department_head'];
/** The Head of People is also an HR administrator: nobody sets their own pay, so she sets Hannah's. */
const HEAD_OF_PEOPLE: Role[] = [...HEAD, 'hr_admin'];

function person(
  key: string,
  name: string,
  department: DemoDepartmentKey,
  manager: string | null,
  roles: Role[],
  jobTitle: string,
  salary: number,
): DemoPerson {
  return {
    key,
    name,
    email: mail(key),
    department,
    manager,
    roles,
    jobTitle,
    salaryCents: salary * 100,
    targetBonusCents: Math.round(salary * 0.1) * 100,
  };
}

/** The HR administrator: created by bootstrapOrganisation, then moved into People under Grace. */
export const DEMO_HR = person(
  'hr',
  'Hannah Reed',
  'people',
  'grace',
  ['employee', 'hr_admin'],
  'HR administrator',
  72_000,
);

/**
 * Everyone else, managers before their reports (the order they are created in). Olivia (CEO, in
 * the root department) manages the three department heads; she is not appraised in the cycles.
 */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  person('olivia', 'Olivia Grant', 'root', null, MANAGER, 'Chief Executive Officer', 180_000),
  person('sofia', 'Sofia Martinez', 'sales', 'olivia', HEAD, 'Head of Sales', 120_000),
  person('elena', 'Elena Petrova', 'engineering', 'olivia', HEAD, 'Head of Engineering', 130_000),
  person('grace', 'Grace Kim', 'people', 'olivia', HEAD_OF_PEOPLE, 'Head of People', 110_000),
  person('marcus', 'Marcus Lee', 'sales', 'sofia', MANAGER, 'Sales Manager', 90_000),
  person('raj', 'Raj Patel', 'engineering', 'elena', MANAGER, 'Engineering Manager', 105_000),
  person('ava', 'Ava Chen', 'sales', 'marcus', EMPLOYEE, 'Account Executive', 62_000),
  person('ben', 'Ben Carter', 'sales', 'marcus', EMPLOYEE, 'Account Executive', 58_000),
  person('chloe', 'Chloe Dubois', 'sales', 'marcus', EMPLOYEE, 'Sales Development Rep', 48_000),
  person('dan', 'Dan Evans', 'sales', 'sofia', EMPLOYEE, 'Sales Operations Analyst', 60_000),
  person('liam', 'Liam Walsh', 'engineering', 'raj', EMPLOYEE, 'Senior Engineer', 98_000),
  person('mia', 'Mia Wong', 'engineering', 'raj', EMPLOYEE, 'Engineer', 82_000),
  person('noah', 'Noah Schmidt', 'engineering', 'raj', EMPLOYEE, 'Engineer', 78_000),
  person('priya', 'Priya Nair', 'engineering', 'elena', EMPLOYEE, 'Product Designer', 85_000),
  person('tom', 'Tom Baker', 'people', 'grace', EMPLOYEE, 'Talent Partner', 64_000),
];

/** Everyone, HR first. */
export const DEMO_EVERYONE: readonly DemoPerson[] = [DEMO_HR, ...DEMO_PEOPLE];

export function demoPerson(key: string): DemoPerson {
  const p = DEMO_EVERYONE.find((x) => x.key === key);
  if (!p) throw new Error(`unknown demo person ${key}`);
  return p;
}

/** The people appraised in the demo cycles (everyone in Sales, Engineering and People). */
export const DEMO_PARTICIPANTS: readonly DemoPerson[] = DEMO_EVERYONE.filter((p) => p.department !== 'root');
