// Who the signed-in user is to each person (from the API's people and departments): which cells they may edit.
import type { Phase } from '@perfloop/core';
import type { DepartmentBody, PersonBody } from '../perfloop/schemas.ts';

export type Scope = { kind: 'all' } | { kind: 'team' } | { kind: 'department'; departmentId: string };

export function parseScope(value: string | undefined): Scope {
  if (value === undefined || value === '' || value === 'all') return { kind: 'all' };
  if (value === 'team') return { kind: 'team' };
  return { kind: 'department', departmentId: value };
}
export const scopeValue = (scope: Scope) => (scope.kind === 'department' ? scope.departmentId : scope.kind);

export interface Relations {
  me: PersonBody;
  isHr: boolean;
  person(id: string): PersonBody | undefined;
  department(id: string): DepartmentBody | undefined;
  /** `me` is somewhere above `personId` in the manager chain. */
  inChain(personId: string): boolean;
  /** `personId` is in a department `me` heads (sub-departments included). */
  inHeadedDepartment(personId: string): boolean;
  /** The ids of `departmentId` and every department below it. */
  subtree(departmentId: string): ReadonlySet<string>;
  /** The API's goal rule for `actual`: HR until closed; owner, manager chain and heads in plan and coach. */
  mayEditActual(personId: string, phase: Phase): boolean;
  /** The API's manager-review rule: the person's manager chain, in appraise. */
  mayRate(personId: string, phase: Phase): boolean;
  inScope(personId: string, scope: Scope): boolean;
}

export function relationsOf(
  me: PersonBody,
  people: readonly PersonBody[],
  departments: readonly DepartmentBody[],
): Relations {
  const byId = new Map(people.map((p) => [p.id, p]));
  byId.set(me.id, me);
  const departmentsById = new Map(departments.map((d) => [d.id, d]));
  const children = new Map<string, string[]>();
  for (const d of departments) {
    if (d.parentId === null) continue;
    children.set(d.parentId, [...(children.get(d.parentId) ?? []), d.id]);
  }
  const subtrees = new Map<string, Set<string>>();
  const subtree = (id: string): Set<string> => {
    const cached = subtrees.get(id);
    if (cached) return cached;
    const out = new Set<string>();
    const queue = [id];
    for (let i = 0; i < queue.length; i++) {
      const d = queue[i] as string;
      if (out.has(d)) continue;
      out.add(d);
      queue.push(...(children.get(d) ?? []));
    }
    subtrees.set(id, out);
    return out;
  };
  const headed = new Set<string>();
  for (const d of departments) if (d.headId === me.id) for (const s of subtree(d.id)) headed.add(s);
  const chainCache = new Map<string, boolean>();
  const inChain = (personId: string): boolean => {
    const cached = chainCache.get(personId);
    if (cached !== undefined) return cached;
    let result = false;
    const seen = new Set<string>();
    for (
      let at = byId.get(personId)?.managerId ?? null;
      at !== null && !seen.has(at);
      at = byId.get(at)?.managerId ?? null
    ) {
      seen.add(at);
      if (at === me.id) {
        result = true;
        break;
      }
    }
    chainCache.set(personId, result);
    return result;
  };
  const isHr = me.roles.includes('hr_admin');
  const inHeadedDepartment = (personId: string) => {
    const p = byId.get(personId);
    return p !== undefined && headed.has(p.departmentId);
  };
  return {
    me,
    isHr,
    person: (id) => byId.get(id),
    department: (id) => departmentsById.get(id),
    inChain,
    inHeadedDepartment,
    subtree,
    mayEditActual(personId, phase) {
      if (phase === 'closed') return false;
      if (isHr) return true;
      if (phase !== 'plan' && phase !== 'coach') return false;
      return personId === me.id || inChain(personId) || inHeadedDepartment(personId);
    },
    mayRate: (personId, phase) => phase === 'appraise' && inChain(personId),
    inScope(personId, scope) {
      const p = byId.get(personId);
      if (!p) return false;
      if (scope.kind === 'all') return true;
      if (scope.kind === 'team')
        return personId !== me.id && (inChain(personId) || inHeadedDepartment(personId));
      return subtree(scope.departmentId).has(p.departmentId);
    },
  };
}
