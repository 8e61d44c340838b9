// Test helpers for the plan/coach suites: a policy, a cycle, goals, agreements and forced phase moves over the API.
import type { Phase } from '@perfloop/core';
import type { ApiHarness, Fixture } from '../../testing/apiHarness.ts';

export type Json = Record<string, unknown>;
export type ProblemJson = {
  code: string;
  detail: string;
  errors?: { path: string; code: string; message: string; params?: Record<string, unknown> }[];
  details?: Record<string, unknown>;
};
export type CycleJson = {
  id: string;
  name: string;
  phase: Phase;
  participants: string[];
  policyId: string;
  policy: { name: string; theme: string };
  history: { from: Phase; to: Phase; override: { reason: string; refusals: { code: string }[] } | null }[];
  version: number;
};
export type GoalJson = {
  id: string;
  kind: 'kpi' | 'competency';
  level: string;
  ownerId: string | null;
  departmentId: string | null;
  title: string;
  weight: number;
  actual?: number | null;
  alignedTo: string | null;
  status: string;
  version: number;
};

const must = <T>(res: { status: number; body: T }, status: number, what: string): T => {
  if (res.status !== status)
    throw new Error(`${what}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
};

/** An incentive-preset policy created by HR; returns its id. */
export async function createPolicy(h: ApiHarness, f: Fixture, name = 'Growth'): Promise<string> {
  const res = await h.call<{ id: string }>('POST', '/v1/policies', {
    as: f.email.hal,
    json: { preset: 'incentive', overrides: { name } },
  });
  return must(res, 201, 'policy').id;
}

/** A cycle created by HR (participants: `personIds`, or everyone active). */
export async function createCycle(
  h: ApiHarness,
  f: Fixture,
  options: {
    policyId?: string;
    personIds?: string[];
    departmentIds?: string[];
    name?: string;
    startsOn?: string;
    endsOn?: string;
  } = {},
): Promise<CycleJson> {
  const policyId = options.policyId ?? (await createPolicy(h, f));
  const res = await h.call<CycleJson>('POST', '/v1/cycles', {
    as: f.email.hal,
    json: {
      name: options.name ?? 'H1 2026',
      policyId,
      startsOn: options.startsOn ?? '2026-01-01',
      endsOn: options.endsOn ?? '2026-06-30',
      ...(options.personIds ? { personIds: options.personIds } : {}),
      ...(options.departmentIds ? { departmentIds: options.departmentIds } : {}),
    },
  });
  return must(res, 201, 'cycle');
}

/** A KPI person goal for `ownerId` (created as `as`, default HR). */
export function kpiGoal(cycleId: string, ownerId: string, weight: number, extra: Json = {}): Json {
  return {
    cycleId,
    kind: 'kpi',
    level: 'person',
    ownerId,
    title: `Revenue ${weight}`,
    weight,
    direction: 'higher_is_better',
    baseline: 0,
    target: 100,
    ...extra,
  };
}

export function competencyGoal(cycleId: string, ownerId: string, weight: number, extra: Json = {}): Json {
  return {
    cycleId,
    kind: 'competency',
    level: 'person',
    ownerId,
    title: `Coaching ${weight}`,
    weight,
    ...extra,
  };
}

export async function createGoal(h: ApiHarness, as: string, json: Json): Promise<GoalJson> {
  return must(await h.call<GoalJson>('POST', '/v1/goals', { as, json }), 201, 'goal');
}

/** The ETag of `personId`'s plan as `as` reads it now (what an agreement sends as If-Match). */
export async function planETagOf(
  h: ApiHarness,
  cycleId: string,
  personId: string,
  as: string,
): Promise<string> {
  const res = await h.call('GET', `/v1/cycles/${cycleId}/plans/${personId}`, { as });
  must(res, 200, 'plan read');
  const tag = res.headers.get('etag');
  if (tag === null) throw new Error('plan read: no ETag');
  return tag;
}

/** `as` reads `personId`'s plan and agrees to it as read (If-Match: its ETag). */
export async function agreeAsRead<T = unknown>(
  h: ApiHarness,
  cycleId: string,
  personId: string,
  as: string,
  json: Json = {},
  headers: Record<string, string> = {},
) {
  const ifMatch = await planETagOf(h, cycleId, personId, as);
  return h.call<T>('POST', `/v1/cycles/${cycleId}/plans/${personId}/agree`, {
    as,
    json,
    headers: { 'If-Match': ifMatch, ...headers },
  });
}

/** Both sides agree to `personId`'s plan as each reads it (employee = themselves, manager = `managerEmail`). */
export async function agreeBoth(
  h: ApiHarness,
  cycleId: string,
  personEmail: string,
  personId: string,
  managerEmail: string,
): Promise<void> {
  const employee = { side: 'employee' };
  must(await agreeAsRead(h, cycleId, personId, personEmail, employee), 200, 'employee agrees');
  must(await agreeAsRead(h, cycleId, personId, managerEmail, { side: 'manager' }), 200, 'manager agrees');
}

/** HR moves the cycle to `to`, overriding whatever holds it back. */
export async function forcePhase(h: ApiHarness, f: Fixture, cycleId: string, to: Phase): Promise<CycleJson> {
  const res = await h.call<CycleJson>('POST', `/v1/cycles/${cycleId}/transitions`, {
    as: f.email.hal,
    json: { to, override: { reason: 'test setup: moving the cycle along' } },
  });
  return must(res, 200, `move to ${to}`);
}
