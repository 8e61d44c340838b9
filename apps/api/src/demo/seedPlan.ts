// Demo seed, plan phase: a cycle, the goal cascade (organisation → department → person) and both sides agreeing every plan.
import { type DemoClient, items, type Json, num, str } from './client.ts';
import { anchorsFor, departmentContent, ORGANISATION_GOAL, type PersonGoalSpec } from './content.ts';
import { DEMO_DEPARTMENTS, DEMO_HR, DEMO_PARTICIPANTS, type DemoPerson, demoPerson } from './roster.ts';
import { type DemoOrg, personId } from './seedOrg.ts';

/** A goal the seed created, with the version it is at now (check-ins need it). */
export interface SeededGoal {
  id: string;
  version: number;
  title: string;
  spec: PersonGoalSpec;
  /** KPI anchors for this owner (null for competency goals). */
  anchors: ReturnType<typeof anchorsFor> | null;
}

export interface SeededCycle {
  id: string;
  name: string;
  organisationGoal: SeededGoal['id'];
  departmentGoals: Record<string, string>;
  /** Each participant's goals by roster key, in plan order (KPI, KPI, competency). */
  goals: Map<string, SeededGoal[]>;
}

export interface CycleDates {
  name: string;
  startsOn: string;
  endsOn: string;
  /** Due date of the person goals. */
  dueDate: string;
  /** The cycle's stage due dates (`schedule` on POST /v1/cycles), when it has them. */
  schedule?: Record<string, string>;
}

export const HR = DEMO_HR.email;

/** The e-mail of a person's direct manager (every participant has one). */
export function managerOf(person: DemoPerson): string {
  if (person.manager === null) throw new Error(`${person.key} has no manager`);
  return demoPerson(person.manager).email;
}

export function goalsOf(cycle: SeededCycle, key: string): SeededGoal[] {
  const goals = cycle.goals.get(key);
  if (!goals) throw new Error(`no demo goals for ${key}`);
  return goals;
}

/** Moves the cycle one phase on as HR; `override` only where a guard cannot be met (its reason is recorded). */
export async function transition(
  api: DemoClient,
  cycleId: string,
  to: string,
  override?: string,
): Promise<void> {
  await api.post(`/v1/cycles/${cycleId}/transitions`, HR, {
    to,
    ...(override ? { override: { reason: override } } : {}),
  });
}

/** Creates the cycle (plan phase) with the organisation goal and each department head's goal aligned to it. */
export async function createCycle(api: DemoClient, org: DemoOrg, dates: CycleDates): Promise<SeededCycle> {
  const cycle = await api.post('/v1/cycles', HR, {
    name: dates.name,
    policyId: org.policyId,
    startsOn: dates.startsOn,
    endsOn: dates.endsOn,
    ...(dates.schedule ? { schedule: dates.schedule } : {}),
    departmentIds: DEMO_DEPARTMENTS.map((d) => org.dept[d.key]),
  });
  const cycleId = str(cycle, 'id');
  const orgGoal = await api.post('/v1/goals', HR, {
    cycleId,
    kind: 'kpi',
    level: 'organisation',
    title: ORGANISATION_GOAL.title,
    description: ORGANISATION_GOAL.description,
    unit: ORGANISATION_GOAL.unit,
    direction: 'higher_is_better',
    baseline: ORGANISATION_GOAL.baseline,
    target: ORGANISATION_GOAL.target,
    weight: 100,
    dueDate: dates.endsOn,
  });
  const organisationGoal = str(orgGoal, 'id');
  const departmentGoals: Record<string, string> = {};
  for (const d of DEMO_DEPARTMENTS) {
    const g = departmentContent(d.key).goal;
    const created = await api.post('/v1/goals', demoPerson(d.head).email, {
      cycleId,
      kind: 'kpi',
      level: 'department',
      departmentId: org.dept[d.key],
      title: g.title,
      description: g.description,
      unit: g.unit,
      direction: 'higher_is_better',
      baseline: g.baseline,
      target: g.target,
      weight: Math.round(100 / DEMO_DEPARTMENTS.length),
      alignedTo: organisationGoal,
      dueDate: dates.endsOn,
    });
    departmentGoals[d.key] = str(created, 'id');
  }
  return { id: cycleId, name: dates.name, organisationGoal, departmentGoals, goals: new Map() };
}

/** Weight given to a goal carried in from a next-cycle draft that is not one of the standard three (e.g. "Build skill: …"). */
export const EXTRA_GOAL_WEIGHT = 10;

/**
 * Each participant's plan as their manager sets it: two KPIs aligned to the department goal and a
 * competency goal. Goals already in the cycle (accepted next-cycle drafts) are reused by title
 * and activated; other carried goals keep a weight of EXTRA_GOAL_WEIGHT taken from the competency goal.
 */
export async function planPersonGoals(
  api: DemoClient,
  org: DemoOrg,
  cycle: SeededCycle,
  dates: CycleDates,
): Promise<void> {
  for (const p of DEMO_PARTICIPANTS) {
    if (p.department === 'root') continue;
    const manager = managerOf(p);
    const ownerId = personId(org, p.key);
    const existing = items(
      await api.get(`/v1/goals?cycleId=${cycle.id}&ownerId=${ownerId}&limit=100`, manager),
    );
    const specs = departmentContent(p.department).person;
    const extras = existing.filter((g) => !specs.some((s) => s.title === g.title));
    const list: SeededGoal[] = [];
    for (const spec of specs) {
      const weight =
        spec.kind === 'competency' ? spec.weight - EXTRA_GOAL_WEIGHT * extras.length : spec.weight;
      const fields =
        spec.kind === 'kpi'
          ? {
              kind: 'kpi',
              description: spec.description,
              unit: spec.unit,
              direction: spec.direction,
              ...anchorsFor(spec, p),
              alignedTo: cycle.departmentGoals[p.department] ?? null,
            }
          : { kind: 'competency', expectations: spec.expectations };
      const found = existing.find((g) => g.title === spec.title);
      let saved: Json;
      if (found) {
        const { kind: _kind, ...patch } = fields;
        saved = await api.patch(
          `/v1/goals/${str(found, 'id')}`,
          manager,
          { ...patch, weight, status: 'active', dueDate: dates.dueDate },
          num(found, 'version'),
        );
      } else {
        saved = await api.post('/v1/goals', manager, {
          cycleId: cycle.id,
          level: 'person',
          ownerId,
          title: spec.title,
          weight,
          dueDate: dates.dueDate,
          ...fields,
        });
      }
      list.push({
        id: str(saved, 'id'),
        version: num(saved, 'version'),
        title: spec.title,
        spec: { ...spec, weight },
        anchors: spec.kind === 'kpi' ? anchorsFor(spec, p) : null,
      });
    }
    for (const g of extras) {
      await api.patch(
        `/v1/goals/${str(g, 'id')}`,
        manager,
        { weight: EXTRA_GOAL_WEIGHT, status: 'active', dueDate: dates.dueDate },
        num(g, 'version'),
      );
    }
    cycle.goals.set(p.key, list);
  }
}

/** `as` reads the person's plan and agrees to it as read (If-Match: the plan's ETag). */
export async function agreePlanAsRead(
  api: DemoClient,
  cycleId: string,
  person: string,
  as: string,
  side: 'employee' | 'manager',
): Promise<Json> {
  const path = `/v1/cycles/${cycleId}/plans/${person}`;
  const plan = await api.get(path, as);
  return api.call('POST', `${path}/agree`, { as, json: { side }, ifMatch: str(plan, 'etag') });
}

/** Both sides agree every plan (the employee first, then the manager); then HR moves the cycle to coach. */
export async function agreePlansAndCoach(api: DemoClient, org: DemoOrg, cycle: SeededCycle): Promise<void> {
  for (const p of DEMO_PARTICIPANTS) {
    const person = personId(org, p.key);
    await agreePlanAsRead(api, cycle.id, person, p.email, 'employee');
    await agreePlanAsRead(api, cycle.id, person, managerOf(p), 'manager');
  }
  await transition(api, cycle.id, 'coach');
}
