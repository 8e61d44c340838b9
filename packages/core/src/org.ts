// Organisation: people, departments and the reporting tree as an immutable, indexed view.
import { z } from 'zod';
import { compareIds, type Id, IdSchema } from './common.ts';
import { type DomainError, err, fail, ok, type Result } from './result.ts';

export const RoleSchema = z.enum(['employee', 'manager', 'department_head', 'hr_admin', 'service']);
export type Role = z.infer<typeof RoleSchema>;

export const DepartmentSchema = z.strictObject({
  id: IdSchema,
  name: z.string().trim().min(1).max(200),
  /** The parent department (null for a top-level department). */
  parentId: IdSchema.nullable(),
  /** The person who heads the department, when there is one. */
  headId: IdSchema.nullable(),
});
export type Department = z.infer<typeof DepartmentSchema>;
export type DepartmentInput = z.input<typeof DepartmentSchema>;

export const PersonSchema = z.strictObject({
  id: IdSchema,
  name: z.string().trim().min(1).max(200),
  /** Trimmed and lower-cased, so uniqueness is case-insensitive. */
  email: z.string().trim().toLowerCase().pipe(z.email().max(254)),
  departmentId: IdSchema,
  /** The direct manager (null at the top of the reporting tree). */
  managerId: IdSchema.nullable(),
  roles: z
    .array(RoleSchema)
    .min(1)
    .refine((r) => new Set(r).size === r.length, { message: 'roles must not repeat' })
    .default(['employee']),
  jobTitle: z.string().trim().max(200).default(''),
  /** People who left stay in the org (history) with `active: false`. */
  active: z.boolean().default(true),
  /** Ids of this person in other systems (HRIS, SSO, payroll), by system name. */
  externalIds: z.record(z.string().min(1).max(64), z.string().min(1).max(256)).optional(),
});
export type Person = z.infer<typeof PersonSchema>;
export type PersonInput = z.input<typeof PersonSchema>;

export const OrgInputSchema = z.strictObject({
  people: z.array(PersonSchema),
  departments: z.array(DepartmentSchema),
});
export type OrgInput = z.infer<typeof OrgInputSchema>;
/** What buildOrg indexes: already-parsed people and departments (read-only arrays welcome). */
type OrgLists = { readonly people: readonly Person[]; readonly departments: readonly Department[] };

export type OrgErrorCode =
  | 'duplicate_id'
  | 'duplicate_email'
  | 'unknown_department'
  | 'unknown_manager'
  | 'unknown_person'
  | 'self_manager'
  | 'manager_cycle'
  | 'unknown_department_head'
  | 'department_cycle';
export type OrgError = DomainError<OrgErrorCode>;

/**
 * An immutable, indexed view of one organisation. Id lists are sorted by id (BFS results are
 * level by level, siblings by id); unknown ids give `undefined` or an empty list, never a throw.
 * Inactive people are included everywhere: filter on `person(id).active` when needed.
 */
export interface Org {
  /** Number of people. */
  readonly size: number;
  person(id: Id): Person | undefined;
  personByEmail(email: string): Person | undefined;
  department(id: Id): Department | undefined;
  /** Everyone, sorted by id. */
  people(): readonly Person[];
  /** Every department, sorted by id. */
  departments(): readonly Department[];
  /** Ids of the people whose manager is `id`. */
  directReports(id: Id): readonly Id[];
  /** Ids of everyone below `id` (direct and indirect), breadth first. */
  allReports(id: Id): readonly Id[];
  /** Ids from the direct manager of `id` up to the root (excludes `id` itself). */
  managerChain(id: Id): readonly Id[];
  /** Whether `managerId` manages `personId` directly (or, with `indirect`, anywhere above them). */
  isManagerOf(managerId: Id, personId: Id, options?: { indirect?: boolean }): boolean;
  /** Ids of the department's members; with `includeSubdepartments`, then each subdepartment's, breadth first. */
  departmentMembers(departmentId: Id, options?: { includeSubdepartments?: boolean }): readonly Id[];
  /** Ids of the departments whose parent is `departmentId`. */
  childDepartments(departmentId: Id): readonly Id[];
  /** Ids of everyone with at least one direct report. */
  peopleWithReports(): readonly Id[];
  /** Ids of the people with no manager. */
  roots(): readonly Id[];
}

/**
 * The indexes behind an Org. Bucket arrays are never empty; they are sorted by id and frozen on
 * first read (see `bucket`), so building stays O(n) and only the buckets a caller reads get sorted.
 */
interface OrgIndex {
  readonly people: ReadonlyMap<Id, Person>;
  readonly departments: ReadonlyMap<Id, Department>;
  readonly byEmail: ReadonlyMap<string, Id>;
  readonly reports: ReadonlyMap<Id, readonly Id[]>;
  readonly members: ReadonlyMap<Id, readonly Id[]>;
  readonly deptChildren: ReadonlyMap<Id, readonly Id[]>;
  readonly roots: readonly Id[];
}

const EMPTY: readonly Id[] = Object.freeze([]);

/**
 * The bucket `key`, sorted by id and frozen on first read: frozen means sorted. Sorting in place a
 * bucket that several org versions share is harmless because its contents never change.
 */
function bucket(map: ReadonlyMap<Id, readonly Id[]>, key: Id): readonly Id[] {
  const b = map.get(key);
  if (!b) return EMPTY;
  if (!Object.isFrozen(b)) Object.freeze((b as Id[]).sort(compareIds));
  return b;
}

const INDEXES = new WeakMap<Org, OrgIndex>();

class OrgView implements Org {
  readonly size: number;
  readonly #ix: OrgIndex;
  readonly #cache: {
    people?: readonly Person[];
    departments?: readonly Department[];
    withReports?: readonly Id[];
  } = {};

  constructor(ix: OrgIndex) {
    this.#ix = ix;
    this.size = ix.people.size;
    INDEXES.set(this, ix);
    Object.freeze(this);
  }

  person(id: Id): Person | undefined {
    return this.#ix.people.get(id);
  }

  personByEmail(email: string): Person | undefined {
    const id = this.#ix.byEmail.get(normaliseEmail(email));
    return id === undefined ? undefined : this.#ix.people.get(id);
  }

  department(id: Id): Department | undefined {
    return this.#ix.departments.get(id);
  }

  people(): readonly Person[] {
    this.#cache.people ??= Object.freeze(
      [...this.#ix.people.values()].sort((a, b) => compareIds(a.id, b.id)),
    );
    return this.#cache.people;
  }

  departments(): readonly Department[] {
    this.#cache.departments ??= Object.freeze(
      [...this.#ix.departments.values()].sort((a, b) => compareIds(a.id, b.id)),
    );
    return this.#cache.departments;
  }

  directReports(id: Id): readonly Id[] {
    return bucket(this.#ix.reports, id);
  }

  allReports(id: Id): readonly Id[] {
    const out: Id[] = [];
    for (const r of bucket(this.#ix.reports, id)) out.push(r);
    // `out` doubles as the BFS queue: the tree is acyclic by construction, so every id appears once.
    for (let head = 0; head < out.length; head++) {
      for (const r of bucket(this.#ix.reports, out[head] as Id)) out.push(r);
    }
    return out;
  }

  managerChain(id: Id): readonly Id[] {
    const chain: Id[] = [];
    let cur = this.#ix.people.get(id)?.managerId ?? null;
    // The bound is defensive: the tree is acyclic by construction.
    while (cur !== null && chain.length <= this.size) {
      chain.push(cur);
      cur = this.#ix.people.get(cur)?.managerId ?? null;
    }
    return chain;
  }

  isManagerOf(managerId: Id, personId: Id, options: { indirect?: boolean } = {}): boolean {
    const direct = this.#ix.people.get(personId)?.managerId ?? null;
    if (direct === null || managerId === personId) return false;
    if (direct === managerId) return true;
    if (!options.indirect) return false;
    let cur: Id | null = direct;
    for (let steps = 0; cur !== null && steps <= this.size; steps++) {
      if (cur === managerId) return true;
      cur = this.#ix.people.get(cur)?.managerId ?? null;
    }
    return false;
  }

  departmentMembers(departmentId: Id, options: { includeSubdepartments?: boolean } = {}): readonly Id[] {
    if (!this.#ix.departments.has(departmentId)) return EMPTY;
    if (!options.includeSubdepartments) return bucket(this.#ix.members, departmentId);
    const out: Id[] = [];
    const queue: Id[] = [departmentId];
    for (let head = 0; head < queue.length; head++) {
      const dept = queue[head] as Id;
      for (const m of bucket(this.#ix.members, dept)) out.push(m);
      for (const c of bucket(this.#ix.deptChildren, dept)) queue.push(c);
    }
    return out;
  }

  childDepartments(departmentId: Id): readonly Id[] {
    return bucket(this.#ix.deptChildren, departmentId);
  }

  peopleWithReports(): readonly Id[] {
    this.#cache.withReports ??= Object.freeze([...this.#ix.reports.keys()].sort(compareIds));
    return this.#cache.withReports;
  }

  roots(): readonly Id[] {
    return this.#ix.roots;
  }
}

/** Append `id` to the bucket `key` of a map being built. */
function push(map: Map<Id, Id[]>, key: Id, id: Id): void {
  const bucket = map.get(key);
  if (bucket) bucket.push(id);
  else map.set(key, [id]);
}

/** How many nodes hang below `roots` in a tree of buckets (children by parent id). */
function countReachable(roots: readonly Id[], reports: ReadonlyMap<Id, readonly Id[]>): number {
  const queue = [...roots];
  for (let head = 0; head < queue.length; head++) {
    const below = reports.get(queue[head] as Id);
    if (below) for (const r of below) queue.push(r);
  }
  return queue.length;
}

/**
 * Cycles of a functional graph (each node has at most one parent), each rotated to start at its
 * smallest id and listed child → parent; O(n). Cycles come out sorted by their first id.
 */
function findCycles(ids: Iterable<Id>, parentOf: (id: Id) => Id | null): Id[][] {
  const stamp = new Map<Id, number>();
  const cycles: Id[][] = [];
  let run = 0;
  for (const start of ids) {
    if (stamp.has(start)) continue;
    run++;
    const path: Id[] = [];
    let cur: Id | null = start;
    while (cur !== null && !stamp.has(cur)) {
      stamp.set(cur, run);
      path.push(cur);
      cur = parentOf(cur);
    }
    if (cur === null || stamp.get(cur) !== run) continue;
    const cycle = path.slice(path.indexOf(cur));
    let min = 0;
    for (let i = 1; i < cycle.length; i++) if ((cycle[i] as Id) < (cycle[min] as Id)) min = i;
    cycles.push([...cycle.slice(min), ...cycle.slice(0, min)]);
  }
  return cycles.sort((a, b) => compareIds(a[0] as Id, b[0] as Id));
}

/** Emails compare trimmed and lower-cased. */
const normaliseEmail = (email: string): string => email.trim().toLowerCase();

/** `a → b → c → a`: a cycle written back to its start. */
function cycleText(cycle: readonly Id[]): string {
  return [...cycle, cycle[0]].join(' → ');
}

/**
 * Index people and departments into an Org in O(n) (id lists are sorted lazily, on first read), or
 * collect every problem: duplicate ids and emails, unknown departments / managers / department heads,
 * self-management, and manager or department-parent cycles (details.ids lists a cycle in order).
 * Valid input takes one pass plus cheap set-size checks; only invalid input pays for the full
 * diagnosis. People and departments are kept by reference: do not mutate them afterwards.
 */
export function buildOrg(input: OrgLists): Result<Org, OrgError[]> {
  const departments = new Map<Id, Department>();
  const deptChildren = new Map<Id, Id[]>();
  for (const d of input.departments) departments.set(d.id, d);
  let clean = departments.size === input.departments.length;

  const people = new Map<Id, Person>();
  const byEmail = new Map<string, Id>();
  const reports = new Map<Id, Id[]>();
  const members = new Map<Id, Id[]>();
  const roots: Id[] = [];
  for (const p of input.people) {
    people.set(p.id, p);
    byEmail.set(normaliseEmail(p.email), p.id);
    push(members, p.departmentId, p.id);
    if (p.managerId === null) roots.push(p.id);
    else if (p.managerId === p.id) clean = false;
    else push(reports, p.managerId, p.id);
  }
  // Equal sizes mean no repeated id or email; then every bucket key must name a known entity.
  clean &&= people.size === input.people.length && byEmail.size === people.size;
  if (clean) for (const deptId of members.keys()) if (!departments.has(deptId)) clean = false;
  if (clean) for (const managerId of reports.keys()) if (!people.has(managerId)) clean = false;
  if (clean) {
    for (const d of input.departments) {
      if (d.headId !== null && !people.has(d.headId)) clean = false;
      if (d.parentId === null) continue;
      if (!departments.has(d.parentId) || d.parentId === d.id) clean = false;
      else push(deptChildren, d.parentId, d.id);
    }
  }
  // With every manager known, everyone hangs below a root exactly when there is no cycle.
  clean &&= countReachable(roots, reports) === people.size;
  clean &&=
    countReachable(
      input.departments.filter((d) => d.parentId === null).map((d) => d.id),
      deptChildren,
    ) === departments.size;
  // Every failed check above corresponds to at least one problem orgProblems reports.
  if (!clean) return err(orgProblems(input));
  return ok(
    new OrgView({
      people,
      departments,
      byEmail,
      reports,
      members,
      deptChildren,
      roots: Object.freeze(roots.sort(compareIds)),
    }),
  );
}

/** Every problem in an organisation, in input order, then cycles (the slow, thorough path of buildOrg). */
function orgProblems(input: OrgLists): OrgError[] {
  const errors: OrgError[] = [];
  const departments = new Map<Id, Department>();
  for (let i = 0; i < input.departments.length; i++) {
    const d = input.departments[i] as Department;
    if (departments.has(d.id)) {
      errors.push({
        code: 'duplicate_id',
        message: `Department id ${d.id} is used more than once.`,
        path: ['departments', i, 'id'],
        details: { id: d.id },
      });
    } else departments.set(d.id, d);
  }

  const people = new Map<Id, Person>();
  const byEmail = new Map<string, Id>();
  for (let i = 0; i < input.people.length; i++) {
    const p = input.people[i] as Person;
    if (people.has(p.id)) {
      errors.push({
        code: 'duplicate_id',
        message: `Person id ${p.id} is used more than once.`,
        path: ['people', i, 'id'],
        details: { id: p.id },
      });
      continue;
    }
    people.set(p.id, p);
    const email = normaliseEmail(p.email);
    const owner = byEmail.get(email);
    if (owner !== undefined) {
      errors.push({
        code: 'duplicate_email',
        message: `Email ${email} belongs to both ${owner} and ${p.id}.`,
        path: ['people', i, 'email'],
        details: { email, ids: [owner, p.id] },
      });
    } else byEmail.set(email, p.id);
  }

  for (let i = 0; i < input.people.length; i++) {
    const p = input.people[i] as Person;
    if (people.get(p.id) !== p) continue; // a duplicate, already reported
    if (!departments.has(p.departmentId)) {
      errors.push({
        code: 'unknown_department',
        message: `${p.id} is in department ${p.departmentId}, which does not exist.`,
        path: ['people', i, 'departmentId'],
        details: { id: p.id, departmentId: p.departmentId },
      });
    }
    if (p.managerId === null) continue;
    if (p.managerId === p.id) {
      errors.push({
        code: 'self_manager',
        message: `${p.id} cannot be their own manager.`,
        path: ['people', i, 'managerId'],
        details: { id: p.id },
      });
    } else if (!people.has(p.managerId)) {
      errors.push({
        code: 'unknown_manager',
        message: `${p.id} reports to ${p.managerId}, who does not exist.`,
        path: ['people', i, 'managerId'],
        details: { id: p.id, managerId: p.managerId },
      });
    }
  }

  for (let i = 0; i < input.departments.length; i++) {
    const d = input.departments[i] as Department;
    if (departments.get(d.id) !== d) continue;
    if (d.parentId !== null && !departments.has(d.parentId)) {
      errors.push({
        code: 'unknown_department',
        message: `Department ${d.id} has parent ${d.parentId}, which does not exist.`,
        path: ['departments', i, 'parentId'],
        details: { id: d.id, parentId: d.parentId },
      });
    }
    if (d.headId !== null && !people.has(d.headId)) {
      errors.push({
        code: 'unknown_department_head',
        message: `Department ${d.id} is headed by ${d.headId}, who does not exist.`,
        path: ['departments', i, 'headId'],
        details: { id: d.id, headId: d.headId },
      });
    }
  }

  const managerOf = (id: Id): Id | null => {
    const m = people.get(id)?.managerId ?? null;
    return m !== null && m !== id && people.has(m) ? m : null;
  };
  for (const cycle of findCycles(people.keys(), managerOf)) {
    errors.push({
      code: 'manager_cycle',
      message: `Reporting lines form a cycle (each reports to the next): ${cycleText(cycle)}.`,
      details: { ids: cycle },
    });
  }
  const parentOf = (id: Id): Id | null => {
    const p = departments.get(id)?.parentId ?? null;
    return p !== null && departments.has(p) ? p : null;
  };
  for (const cycle of findCycles(departments.keys(), parentOf)) {
    errors.push({
      code: 'department_cycle',
      message: `Departments form a parent cycle (each sits inside the next): ${cycleText(cycle)}.`,
      details: { ids: cycle },
    });
  }

  return errors;
}

/** The indexes of an org (rebuilt when the org was not made by this module). */
function indexOf(org: Org): OrgIndex {
  const ix = INDEXES.get(org);
  if (ix) return ix;
  const rebuilt = buildOrg({ people: org.people(), departments: org.departments() });
  if (!rebuilt.ok) throw new Error('Org implementation holds an invalid organisation');
  return INDEXES.get(rebuilt.value) as OrgIndex;
}

/** A sorted frozen copy of `list` with `id` inserted (binary search). */
function inserted(list: readonly Id[], id: Id): readonly Id[] {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((list[mid] as Id) < id) lo = mid + 1;
    else hi = mid;
  }
  return Object.freeze([...list.slice(0, lo), id, ...list.slice(lo)]);
}

/** A copy of `buckets` with `id` moved from bucket `from` to bucket `to` (null = none). */
function moved(buckets: ReadonlyMap<Id, readonly Id[]>, id: Id, from: Id | null, to: Id | null) {
  if (from === to) return buckets;
  const next = new Map(buckets);
  if (from !== null) {
    const rest = bucket(next, from).filter((x) => x !== id);
    if (rest.length > 0) next.set(from, Object.freeze(rest));
    else next.delete(from);
  }
  if (to !== null) next.set(to, inserted(bucket(next, to), id));
  return next;
}

/** A new org with `person` added or replaced; the caller has validated it. O(n) copy of the maps touched. */
function applyPerson(ix: OrgIndex, person: Person): Org {
  const before = ix.people.get(person.id);
  const people = new Map(ix.people);
  people.set(person.id, person);
  let byEmail = ix.byEmail;
  const email = normaliseEmail(person.email);
  const oldEmail = before ? normaliseEmail(before.email) : undefined;
  if (email !== oldEmail) {
    const next = new Map(ix.byEmail);
    if (oldEmail !== undefined) next.delete(oldEmail);
    next.set(email, person.id);
    byEmail = next;
  }
  const wasRoot = before?.managerId === null;
  const isRoot = person.managerId === null;
  let roots = ix.roots;
  if (wasRoot && !isRoot) roots = Object.freeze(roots.filter((x) => x !== person.id));
  if (!wasRoot && isRoot) roots = inserted(roots, person.id);
  return new OrgView({
    people,
    departments: ix.departments,
    byEmail,
    reports: moved(ix.reports, person.id, before?.managerId ?? null, person.managerId),
    members: moved(ix.members, person.id, before?.departmentId ?? null, person.departmentId),
    deptChildren: ix.deptChildren,
    roots,
  });
}

/** The cycle `personId → managerId → … → personId` would make, or null when it makes none. */
function cycleThrough(ix: OrgIndex, personId: Id, managerId: Id): Id[] | null {
  const chain: Id[] = [personId];
  let cur: Id | null = managerId;
  while (cur !== null && chain.length <= ix.people.size) {
    if (cur === personId) return chain;
    chain.push(cur);
    cur = ix.people.get(cur)?.managerId ?? null;
  }
  return null;
}

/**
 * Move `personId` under `newManagerId` (null makes them a root). Refuses unknown ids, self-management
 * and a move under one of their own reports (manager_cycle, details.ids = the cycle it would make).
 */
export function changeManager(org: Org, personId: Id, newManagerId: Id | null): Result<Org, OrgError> {
  const ix = indexOf(org);
  const person = ix.people.get(personId);
  if (!person) return fail('unknown_person', `${personId} does not exist.`, { details: { id: personId } });
  if (person.managerId === newManagerId) return ok(org);
  if (newManagerId !== null) {
    if (newManagerId === personId) {
      return fail('self_manager', `${personId} cannot be their own manager.`, { details: { id: personId } });
    }
    if (!ix.people.has(newManagerId)) {
      return fail('unknown_manager', `${newManagerId} does not exist.`, {
        details: { id: personId, managerId: newManagerId },
      });
    }
    const cycle = cycleThrough(ix, personId, newManagerId);
    if (cycle) {
      return fail(
        'manager_cycle',
        `${newManagerId} reports (directly or indirectly) to ${personId}, so the move would form a cycle: ${cycleText(cycle)}.`,
        { details: { ids: cycle } },
      );
    }
  }
  return ok(applyPerson(ix, { ...person, managerId: newManagerId }));
}

/**
 * Add a person, or replace the one with the same id, checking the same rules as buildOrg
 * (email unique, known department and manager, no self-management, no cycle).
 */
export function withPerson(org: Org, person: Person): Result<Org, OrgError[]> {
  const ix = indexOf(org);
  const errors: OrgError[] = [];
  const email = normaliseEmail(person.email);
  const owner = ix.byEmail.get(email);
  if (owner !== undefined && owner !== person.id) {
    errors.push({
      code: 'duplicate_email',
      message: `Email ${email} belongs to both ${owner} and ${person.id}.`,
      path: ['email'],
      details: { email, ids: [owner, person.id] },
    });
  }
  if (!ix.departments.has(person.departmentId)) {
    errors.push({
      code: 'unknown_department',
      message: `${person.id} is in department ${person.departmentId}, which does not exist.`,
      path: ['departmentId'],
      details: { id: person.id, departmentId: person.departmentId },
    });
  }
  const m = person.managerId;
  if (m === person.id) {
    errors.push({
      code: 'self_manager',
      message: `${person.id} cannot be their own manager.`,
      path: ['managerId'],
      details: { id: person.id },
    });
  } else if (m !== null && !ix.people.has(m)) {
    errors.push({
      code: 'unknown_manager',
      message: `${person.id} reports to ${m}, who does not exist.`,
      path: ['managerId'],
      details: { id: person.id, managerId: m },
    });
  } else if (m !== null) {
    const cycle = cycleThrough(ix, person.id, m);
    if (cycle) {
      errors.push({
        code: 'manager_cycle',
        message: `Reporting lines would form a cycle (each reports to the next): ${cycleText(cycle)}.`,
        path: ['managerId'],
        details: { ids: cycle },
      });
    }
  }
  if (errors.length > 0) return err(errors);
  return ok(applyPerson(ix, person));
}
