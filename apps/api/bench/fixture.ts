// Bench fixture: ~50 people in three departments, a policy and a cycle in coach with agreed plans — all through the API.
import type { Store } from '@perfloop/store';
import { bootstrapOrganisation } from '../src/bootstrap.ts';
import { demoClient, num, type RequestTarget, str } from '../src/demo/client.ts';
import { agreePlanAsRead } from '../src/demo/seedPlan.ts';

export interface BenchFixture {
  cycleId: string;
  /** E-mails of the participants (each owns three goals in the cycle). */
  employees: string[];
  /** Who may write a check-in about whom: a manager's e-mail and a direct report's id. */
  pairs: { manager: string; subjectId: string }[];
}

const HR = 'hr@bench.test';
const DEPARTMENTS = ['Sales', 'Engineering', 'Operations'];
const MANAGERS_PER_DEPARTMENT = 3;
const REPORTS_PER_MANAGER = 4;

interface Member {
  id: string;
  email: string;
  managerEmail: string;
}

/** HR, then per department a head, three managers and twelve employees (49 people; 48 take part in the cycle). */
export async function seedBenchFixture(store: Store, app: RequestTarget): Promise<BenchFixture> {
  const api = demoClient(app);
  const boot = await bootstrapOrganisation(store, {
    name: 'Bench',
    slug: 'bench',
    hrEmail: HR,
    hrName: 'Bench HR',
  });
  const members: Member[] = [];
  const departmentIds: string[] = [];
  const person = async (
    name: string,
    email: string,
    departmentId: string,
    manager: Member | null,
    roles: string[],
  ) => {
    const created = await api.post('/v1/people', HR, {
      name,
      email,
      departmentId,
      managerId: manager?.id ?? null,
      roles,
    });
    const m = { id: str(created, 'id'), email, managerEmail: manager?.email ?? HR };
    members.push(m);
    return m;
  };
  for (const [d, name] of DEPARTMENTS.entries()) {
    const dept = await api.post('/v1/departments', HR, { name, parentId: boot.department.id });
    const departmentId = str(dept, 'id');
    departmentIds.push(departmentId);
    const head = await person(`${name} Head`, `head${d}@bench.test`, departmentId, null, [
      'employee',
      'manager',
      'department_head',
    ]);
    await api.patch(`/v1/departments/${departmentId}`, HR, { headId: head.id }, num(dept, 'version'));
    for (let m = 0; m < MANAGERS_PER_DEPARTMENT; m++) {
      const manager = await person(`Manager ${d}.${m}`, `m${d}${m}@bench.test`, departmentId, head, [
        'employee',
        'manager',
      ]);
      for (let e = 0; e < REPORTS_PER_MANAGER; e++) {
        await person(`Employee ${d}.${m}.${e}`, `e${d}${m}${e}@bench.test`, departmentId, manager, [
          'employee',
        ]);
      }
    }
  }
  const policy = await api.post('/v1/policies', HR, { preset: 'incentive' });
  const cycle = await api.post('/v1/cycles', HR, {
    name: 'Bench cycle',
    policyId: str(policy, 'id'),
    startsOn: '2026-07-01',
    endsOn: '2026-12-31',
    departmentIds,
  });
  const cycleId = str(cycle, 'id');
  for (const m of members) {
    const goal = { cycleId, level: 'person', ownerId: m.id };
    await api.post('/v1/goals', m.managerEmail, {
      ...goal,
      kind: 'kpi',
      title: 'Revenue',
      unit: 'k€',
      direction: 'higher_is_better',
      baseline: 0,
      threshold: 80,
      target: 100,
      stretch: 130,
      weight: 40,
    });
    await api.post('/v1/goals', m.managerEmail, {
      ...goal,
      kind: 'kpi',
      title: 'Cycle time',
      unit: 'days',
      direction: 'lower_is_better',
      baseline: 20,
      threshold: 15,
      target: 10,
      stretch: 7,
      weight: 30,
    });
    await api.post('/v1/goals', m.managerEmail, {
      ...goal,
      kind: 'competency',
      title: 'Collaboration',
      expectations: 'Shares context early.',
      weight: 30,
    });
    await agreePlanAsRead(api, cycleId, m.id, m.email, 'employee');
    await agreePlanAsRead(api, cycleId, m.id, m.managerEmail, 'manager');
  }
  await api.post(`/v1/cycles/${cycleId}/transitions`, HR, { to: 'coach' });
  return {
    cycleId,
    employees: members.map((m) => m.email),
    pairs: members
      .filter((m) => m.managerEmail !== HR)
      .map((m) => ({ manager: m.managerEmail, subjectId: m.id })),
  };
}
