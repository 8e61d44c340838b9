// Access: who the caller is inside their organisation and which people they may see or manage.
import type { Department, Org, Person } from '@perfloop/core';
import type { ResourceKind } from '@perfloop/store';
import { actingUser, type Principal, principalOrgId } from '../auth/principal.ts';
import { Forbidden, NotFound } from '../errors.ts';
import { grantsOf } from './scopes.ts';
import type { Entry, OrgSnapshot } from './snapshot.ts';

/** The five roles as far as authorisation is concerned (a person can hold several at once). */
export type AccessRole = 'employee' | 'manager' | 'department_head' | 'hr_admin' | 'service';

export interface Access {
  readonly principal: Principal;
  readonly orgId: string;
  /** The audit actor: the person id, `api_key:<id>` for services, `<person id>@api_key:<id>` for a key acting for a person. */
  readonly actor: string;
  /** The caller as a person; null for services. */
  readonly person: Person | null;
  readonly personId: string | null;
  readonly isHr: boolean;
  readonly isService: boolean;
  /** Roles the caller effectively holds (structural: managers have reports, heads head a department). */
  readonly roles: ReadonlySet<AccessRole>;
  /** The organisation snapshot this request decides on (loaded once per request). */
  readonly snapshot: OrgSnapshot;
  readonly org: Org;
  isSelf(personId: string): boolean;
  /** HR: everyone; else self, direct and indirect reports, people in departments they head (with sub-departments). */
  canSee(personId: string): boolean;
  /** HR: everyone; else direct and indirect reports and people in departments they head (never themselves). */
  canManage(personId: string): boolean;
  /** Ids of the departments the caller heads, with their sub-departments. */
  headedDepartments(): ReadonlySet<string>;
  /** Ids of the people the caller can see, sorted. */
  visiblePeople(): readonly string[];
  /** Services: whether a scope grants reading this kind. Users: false (use canSee). */
  serviceMayRead(kind: ResourceKind): boolean;
  /** Services: the fields a scope lets them write on this kind (empty when none). */
  serviceWritableFields(kind: ResourceKind): ReadonlySet<string>;
  serviceMayReadFeed(): boolean;

  // Guards for route handlers: they throw the right ApiError.
  /** Only people (not API keys): 403 `forbidden` for services. */
  requireUser(): Person;
  /** HR only: 403 `forbidden`. */
  requireHr(): void;
  /** The person, when visible; 404 otherwise (ids of people you may not see do not leak). */
  seePerson(personId: string): Entry<Person>;
  /** The person, when manageable; 404 when not visible, 403 when visible but not manageable. */
  managePerson(personId: string): Entry<Person>;
  /** A department of this organisation (any user may see departments); 404 otherwise. */
  department(departmentId: string): Entry<Department>;
}

/** `<person id>`, `api_key:<id>`, or `<person id>@api_key:<id>` for a person acting through an integration key. */
export function actorOf(principal: Principal): string {
  if (principal.kind === 'service') return `api_key:${principal.apiKeyId}`;
  if (principal.kind === 'addon') return `${principal.user.personId}@api_key:${principal.apiKeyId}`;
  return actingUser(principal)?.personId ?? 'unknown';
}

const notFound = (what: string) => new NotFound(`${what} was not found.`);

/** Builds the Access for one principal over a loaded snapshot (pure; see AccessLoader for caching). */
export function createAccess(principal: Principal, snapshot: OrgSnapshot): Access {
  const { org } = snapshot;
  const orgId = principalOrgId(principal);
  const user = actingUser(principal);
  const me = user ? (snapshot.people.get(user.personId)?.entity ?? null) : null;
  if (user && !me?.active) {
    throw new Forbidden('Your Perfloop account is not active in this organisation.', {
      code: 'person_inactive',
    });
  }
  const myId = me?.id ?? null;
  const isService = principal.kind === 'service';
  const scopes = principal.kind === 'service' ? principal.scopes : [];
  const grants = grantsOf(scopes);
  const isHr = me?.roles.includes('hr_admin') ?? false;

  let headed: Set<string> | undefined;
  const headedDepartments = (): ReadonlySet<string> => {
    if (headed) return headed;
    headed = new Set();
    if (myId === null) return headed;
    const queue = org
      .departments()
      .filter((d) => d.headId === myId)
      .map((d) => d.id);
    for (let i = 0; i < queue.length; i++) {
      const id = queue[i] as string;
      if (headed.has(id)) continue;
      headed.add(id);
      queue.push(...org.childDepartments(id));
    }
    return headed;
  };

  const inHeadedDepartment = (personId: string): boolean => {
    const p = org.person(personId);
    return p !== undefined && headedDepartments().has(p.departmentId);
  };
  const manages = (personId: string): boolean =>
    myId !== null &&
    personId !== myId &&
    (org.isManagerOf(myId, personId, { indirect: true }) || inHeadedDepartment(personId));

  const canSee = (personId: string): boolean => {
    if (org.person(personId) === undefined || myId === null) return false;
    return isHr || personId === myId || manages(personId);
  };
  const canManage = (personId: string): boolean => {
    if (org.person(personId) === undefined || myId === null) return false;
    return isHr || manages(personId);
  };

  let visible: readonly string[] | undefined;
  const visiblePeople = (): readonly string[] => {
    if (visible) return visible;
    if (myId === null) visible = [];
    else if (isHr) visible = org.people().map((p) => p.id);
    else {
      const ids = new Set<string>([myId, ...org.allReports(myId)]);
      for (const dept of headedDepartments()) for (const id of org.departmentMembers(dept)) ids.add(id);
      visible = [...ids].sort();
    }
    return visible;
  };

  const roles = new Set<AccessRole>();
  if (isService) roles.add('service');
  if (me) {
    roles.add('employee');
    if (org.directReports(me.id).length > 0) roles.add('manager');
    if (headedDepartments().size > 0) roles.add('department_head');
    if (isHr) roles.add('hr_admin');
  }

  const access: Access = {
    principal,
    orgId,
    actor: actorOf(principal),
    person: me,
    personId: myId,
    isHr,
    isService,
    roles,
    snapshot,
    org,
    isSelf: (personId) => myId !== null && personId === myId,
    canSee,
    canManage,
    headedDepartments,
    visiblePeople,
    serviceMayRead: (kind) => grants.some((g) => g.read.includes(kind)),
    serviceWritableFields: (kind) => new Set(grants.flatMap((g) => g.write[kind] ?? [])),
    serviceMayReadFeed: () => grants.some((g) => g.feed),
    requireUser() {
      if (!me) throw new Forbidden('This operation is only available to people, not to API keys.');
      return me;
    },
    requireHr() {
      access.requireUser();
      if (!isHr) throw new Forbidden('Only HR administrators may do this.');
    },
    seePerson(personId) {
      const entry = snapshot.people.get(personId);
      if (!entry || !canSee(personId)) throw notFound('The person');
      return entry;
    },
    managePerson(personId) {
      const entry = access.seePerson(personId);
      if (!canManage(personId)) throw new Forbidden('You may see this person but not change their data.');
      return entry;
    },
    department(departmentId) {
      const entry = snapshot.departments.get(departmentId);
      if (!entry) throw notFound('The department');
      return entry;
    },
  };
  return access;
}
