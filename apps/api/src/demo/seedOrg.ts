// Demo seed, step 1: Acme bootstrapped with its HR admin, its currency, then departments, people, heads and a policy through the API.
import type { Store } from '@perfloop/store';
import { bootstrapOrganisation } from '../bootstrap.ts';
import { type DemoClient, num, str } from './client.ts';
import {
  DEMO_DEPARTMENTS,
  DEMO_HR,
  DEMO_ORG,
  DEMO_PEOPLE,
  type DemoDepartmentKey,
  demoPerson,
} from './roster.ts';

export const DEMO_POLICY_NAME = 'Acme growth policy 2026';

export interface DemoOrg {
  orgId: string;
  /** Department ids by key. */
  dept: Record<DemoDepartmentKey, string>;
  /** Person ids by roster key. */
  person: Record<string, string>;
  policyId: string;
}

/** The person id of a roster key. */
export function personId(org: DemoOrg, key: string): string {
  const id = org.person[key];
  if (id === undefined) throw new Error(`demo person ${key} was not created`);
  return id;
}

export async function seedOrganisation(store: Store, api: DemoClient): Promise<DemoOrg> {
  // The first HR administrator cannot be created through the API (nobody may call it yet).
  const boot = await bootstrapOrganisation(store, {
    name: DEMO_ORG.name,
    slug: DEMO_ORG.slug,
    hrEmail: DEMO_HR.email,
    hrName: DEMO_HR.name,
  });
  const hr = DEMO_HR.email;
  // Every amount (compensation, bonus pool, merit budget) is in the organisation's currency.
  const org = await api.get('/v1/organisation', hr);
  await api.patch('/v1/organisation', hr, { settings: { currency: DEMO_ORG.currency } }, num(org, 'version'));
  const dept: Record<DemoDepartmentKey, string> = {
    root: boot.department.id,
    sales: '',
    engineering: '',
    people: '',
  };
  const deptVersion = new Map<string, number>();
  for (const d of DEMO_DEPARTMENTS) {
    const created = await api.post('/v1/departments', hr, { name: d.name, parentId: boot.department.id });
    dept[d.key] = str(created, 'id');
    deptVersion.set(d.key, num(created, 'version'));
  }

  const person: Record<string, string> = { [DEMO_HR.key]: boot.hr.id };
  for (const p of DEMO_PEOPLE) {
    const created = await api.post('/v1/people', hr, {
      name: p.name,
      email: p.email,
      departmentId: dept[p.department],
      managerId: p.manager === null ? null : person[p.manager],
      roles: p.roles,
      jobTitle: p.jobTitle,
    });
    person[p.key] = str(created, 'id');
  }

  for (const d of DEMO_DEPARTMENTS) {
    await api.patch(
      `/v1/departments/${dept[d.key]}`,
      hr,
      { headId: person[d.head] },
      deptVersion.get(d.key) ?? 1,
    );
  }

  // The HR administrator moves from the root department into People, reporting to its head. Nobody
  // changes their own reporting line (recusal `own_person_record`): Grace, also an HR admin, moves them.
  const grace = demoPerson('grace');
  const hrPath = `/v1/people/${boot.hr.id}`;
  const own = await api.get(hrPath, grace.email);
  await api.patch(
    hrPath,
    grace.email,
    { departmentId: dept[DEMO_HR.department], managerId: person[grace.key] },
    num(own, 'version'),
  );

  // The preset's rating levels carry their Chinese labels (core DEFAULT_RATING_SCALE), which the tab shows in zh-CN.
  const policy = await api.post('/v1/policies', hr, {
    preset: 'incentive',
    overrides: { name: DEMO_POLICY_NAME },
  });
  return { orgId: boot.organisation.id, dept, person, policyId: str(policy, 'id') };
}
