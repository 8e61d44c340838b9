// Tests for the organisation index: validation, queries, manager changes and the no-cycle invariant.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  buildOrg,
  changeManager,
  type Department,
  DepartmentSchema,
  type Org,
  type OrgError,
  type Person,
  PersonSchema,
  withPerson,
} from './org.ts';
import { unwrap } from './result.ts';

const person = (
  id: string,
  managerId: string | null,
  departmentId = 'd-root',
  extra: Partial<Person> = {},
): Person =>
  PersonSchema.parse({
    id,
    name: id.toUpperCase(),
    email: `${id}@example.com`,
    departmentId,
    managerId,
    ...extra,
  });

const dept = (id: string, parentId: string | null, headId: string | null = null): Department =>
  DepartmentSchema.parse({ id, name: id, parentId, headId });

/*
 * The sample organisation:
 *
 *   departments                people (→ manager)
 *   d-root (head ceo)          ceo
 *   ├─ d-eng                   ├─ cto (d-eng)
 *   │  └─ d-web                │  ├─ dev2 (d-web)
 *   └─ d-ops                   │  └─ dev1 (d-web)
 *                              │     └─ intern (d-web)
 *                              └─ coo (d-ops)
 *                                 └─ op1 (d-ops)
 */
const DEPTS = [
  dept('d-root', null, 'ceo'),
  dept('d-eng', 'd-root'),
  dept('d-web', 'd-eng'),
  dept('d-ops', 'd-root'),
];
const PEOPLE = [
  person('ceo', null),
  person('cto', 'ceo', 'd-eng'),
  person('coo', 'ceo', 'd-ops'),
  person('dev2', 'cto', 'd-web'),
  person('dev1', 'cto', 'd-web'),
  person('intern', 'dev1', 'd-web'),
  person('op1', 'coo', 'd-ops'),
];
const sample = (): Org => unwrap(buildOrg({ people: PEOPLE, departments: DEPTS }));

const codes = (errors: readonly OrgError[]) => errors.map((e) => e.code);

describe('PersonSchema', () => {
  it('lower-cases and trims emails and fills defaults', () => {
    const p = PersonSchema.parse({
      id: 'p1',
      name: 'Ann',
      email: ' Ann.Lee@Example.COM ',
      departmentId: 'd1',
      managerId: null,
    });
    expect(p).toEqual({
      id: 'p1',
      name: 'Ann',
      email: 'ann.lee@example.com',
      departmentId: 'd1',
      managerId: null,
      roles: ['employee'],
      jobTitle: '',
      active: true,
    });
  });

  it('rejects bad emails, unknown keys, unknown and repeated roles', () => {
    const base = { id: 'p1', name: 'Ann', email: 'a@b.co', departmentId: 'd1', managerId: null };
    expect(PersonSchema.safeParse({ ...base, email: 'not-an-email' }).success).toBe(false);
    expect(PersonSchema.safeParse({ ...base, salary: 1 }).success).toBe(false);
    expect(PersonSchema.safeParse({ ...base, roles: ['king'] }).success).toBe(false);
    expect(PersonSchema.safeParse({ ...base, roles: ['manager', 'manager'] }).success).toBe(false);
    expect(PersonSchema.safeParse({ ...base, roles: ['manager', 'hr_admin'] }).success).toBe(true);
  });
});

describe('buildOrg queries', () => {
  it('answers reporting-line questions in id order', () => {
    const org = sample();
    expect(org.size).toBe(7);
    expect(org.person('dev1')?.managerId).toBe('cto');
    expect(org.personByEmail('DEV1@example.com')?.id).toBe('dev1');
    expect(org.department('d-web')?.parentId).toBe('d-eng');
    expect(org.person('nobody')).toBeUndefined();
    // Input order was dev2, dev1; output is sorted by id.
    expect(org.directReports('cto')).toEqual(['dev1', 'dev2']);
    expect(org.directReports('ceo')).toEqual(['coo', 'cto']);
    expect(org.directReports('op1')).toEqual([]);
    expect(org.directReports('nobody')).toEqual([]);
    // BFS, level by level, siblings by id: level 1 coo, cto; level 2 op1 (under coo), dev1, dev2 (under cto);
    // level 3 intern.
    expect(org.allReports('ceo')).toEqual(['coo', 'cto', 'op1', 'dev1', 'dev2', 'intern']);
    expect(org.allReports('cto')).toEqual(['dev1', 'dev2', 'intern']);
    expect(org.allReports('intern')).toEqual([]);
    expect(org.managerChain('intern')).toEqual(['dev1', 'cto', 'ceo']);
    expect(org.managerChain('ceo')).toEqual([]);
    expect(org.managerChain('nobody')).toEqual([]);
    expect(org.peopleWithReports()).toEqual(['ceo', 'coo', 'cto', 'dev1']);
    expect(org.roots()).toEqual(['ceo']);
    expect(org.people().map((p) => p.id)).toEqual(['ceo', 'coo', 'cto', 'dev1', 'dev2', 'intern', 'op1']);
    expect(org.departments().map((d) => d.id)).toEqual(['d-eng', 'd-ops', 'd-root', 'd-web']);
    expect(org.childDepartments('d-root')).toEqual(['d-eng', 'd-ops']);
  });

  it('tells direct from indirect management', () => {
    const org = sample();
    expect(org.isManagerOf('dev1', 'intern')).toBe(true);
    expect(org.isManagerOf('cto', 'intern')).toBe(false);
    expect(org.isManagerOf('cto', 'intern', { indirect: true })).toBe(true);
    expect(org.isManagerOf('ceo', 'intern', { indirect: true })).toBe(true);
    expect(org.isManagerOf('coo', 'intern', { indirect: true })).toBe(false);
    expect(org.isManagerOf('intern', 'cto', { indirect: true })).toBe(false);
    expect(org.isManagerOf('ceo', 'ceo', { indirect: true })).toBe(false);
    expect(org.isManagerOf('ceo', 'nobody', { indirect: true })).toBe(false);
  });

  it('lists department members with or without subdepartments', () => {
    const org = sample();
    expect(org.departmentMembers('d-web')).toEqual(['dev1', 'dev2', 'intern']);
    expect(org.departmentMembers('d-eng')).toEqual(['cto']);
    // d-eng's own members, then d-web's (BFS over departments).
    expect(org.departmentMembers('d-eng', { includeSubdepartments: true })).toEqual([
      'cto',
      'dev1',
      'dev2',
      'intern',
    ]);
    // d-root, then d-eng and d-ops (by id), then d-web.
    expect(org.departmentMembers('d-root', { includeSubdepartments: true })).toEqual([
      'ceo',
      'cto',
      'coo',
      'op1',
      'dev1',
      'dev2',
      'intern',
    ]);
    expect(org.departmentMembers('d-none', { includeSubdepartments: true })).toEqual([]);
  });

  it('hands out lists that cannot be mutated', () => {
    const org = sample();
    expect(Object.isFrozen(org.directReports('cto'))).toBe(true);
    expect(Object.isFrozen(org.roots())).toBe(true);
    expect(Object.isFrozen(org)).toBe(true);
    // allReports builds a fresh array each call, so mutating it cannot leak back.
    (org.allReports('cto') as string[]).push('x');
    expect(org.allReports('cto')).toEqual(['dev1', 'dev2', 'intern']);
  });
});

describe('buildOrg validation', () => {
  it('collects every problem at once', () => {
    const result = buildOrg({
      departments: [
        dept('d1', null, 'ghost-head'),
        dept('d1', null),
        dept('d2', 'd-missing'),
        dept('dx', 'dy'),
        dept('dy', 'dz'),
        dept('dz', 'dx'),
      ],
      people: [
        person('a', null, 'd1'),
        person('a', null, 'd1', { email: 'other@example.com' }),
        person('b', 'a', 'd1', { email: 'A@example.com' }),
        person('c', 'c', 'd1'),
        person('d', 'nobody', 'd-missing'),
        person('x', 'z', 'd1'),
        person('y', 'x', 'd1'),
        person('z', 'y', 'd1'),
      ],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(codes(result.error)).toEqual([
      'duplicate_id', // department d1 again
      'duplicate_id', // person a again
      'duplicate_email', // b uses a@example.com (case-insensitive)
      'self_manager', // c
      'unknown_department', // d in d-missing
      'unknown_manager', // d → nobody
      'unknown_department_head', // d1 headed by ghost-head
      'unknown_department', // d2's parent d-missing
      'manager_cycle', // x → z → y → x
      'department_cycle', // dx → dy → dz → dx
    ]);
    const cycle = result.error.find((e) => e.code === 'manager_cycle');
    // x reports to z, z to y, y to x: starting at the smallest id, x → z → y.
    expect(cycle?.details).toEqual({ ids: ['x', 'z', 'y'] });
    expect(cycle?.message).toContain('x → z → y → x');
    expect(result.error.find((e) => e.code === 'department_cycle')?.details).toEqual({
      ids: ['dx', 'dy', 'dz'],
    });
    expect(result.error.find((e) => e.code === 'self_manager')?.path).toEqual(['people', 3, 'managerId']);
  });

  it('reports a department that is its own parent as a cycle and a two-person loop once', () => {
    const result = buildOrg({
      departments: [dept('d1', 'd1')],
      people: [person('p', 'q', 'd1'), person('q', 'p', 'd1')],
    });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(codes(result.error)).toEqual(['manager_cycle', 'department_cycle']);
    expect(result.error[0]?.details).toEqual({ ids: ['p', 'q'] });
    expect(result.error[1]?.details).toEqual({ ids: ['d1'] });
  });

  it('finds a cycle when nothing else is wrong', () => {
    // boss is a fine root; x and y report to each other, so neither hangs below a root.
    const result = buildOrg({
      departments: [dept('d-root', null)],
      people: [person('boss', null), person('y', 'x'), person('x', 'y')],
    });
    expect(result.ok ? [] : result.error).toEqual([
      {
        code: 'manager_cycle',
        message: 'Reporting lines form a cycle (each reports to the next): x → y → x.',
        details: { ids: ['x', 'y'] },
      },
    ]);
    const depts = buildOrg({
      departments: [dept('d1', 'd2'), dept('d2', 'd1'), dept('d3', null)],
      people: [],
    });
    expect(depts.ok ? [] : codes(depts.error)).toEqual(['department_cycle']);
  });

  it('accepts an empty organisation and several roots', () => {
    expect(unwrap(buildOrg({ people: [], departments: [] })).size).toBe(0);
    const org = unwrap(
      buildOrg({ people: [person('b', null), person('a', null)], departments: [dept('d-root', null)] }),
    );
    expect(org.roots()).toEqual(['a', 'b']);
  });
});

describe('changeManager', () => {
  it('moves a person and their subtree, leaving the old org untouched', () => {
    const before = sample();
    const after = unwrap(changeManager(before, 'dev1', 'coo'));
    expect(after.directReports('coo')).toEqual(['dev1', 'op1']);
    expect(after.directReports('cto')).toEqual(['dev2']);
    expect(after.managerChain('intern')).toEqual(['dev1', 'coo', 'ceo']);
    expect(after.allReports('coo')).toEqual(['dev1', 'op1', 'intern']);
    expect(after.peopleWithReports()).toEqual(['ceo', 'coo', 'cto', 'dev1']);
    expect(before.directReports('cto')).toEqual(['dev1', 'dev2']);
    expect(before.person('dev1')?.managerId).toBe('cto');
  });

  it('makes and unmakes roots', () => {
    const org = unwrap(changeManager(sample(), 'coo', null));
    expect(org.roots()).toEqual(['ceo', 'coo']);
    expect(org.directReports('ceo')).toEqual(['cto']);
    const back = unwrap(changeManager(org, 'coo', 'ceo'));
    expect(back.roots()).toEqual(['ceo']);
    expect(back.directReports('ceo')).toEqual(['coo', 'cto']);
  });

  it('refuses a move under one of their own reports, naming the cycle', () => {
    const org = sample();
    const result = changeManager(org, 'cto', 'intern');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('manager_cycle');
    // cto would report to intern, who reports to dev1, who reports to cto.
    expect(result.error.details).toEqual({ ids: ['cto', 'intern', 'dev1'] });
    expect(result.error.message).toContain('cto → intern → dev1 → cto');
  });

  it('refuses unknown ids and self-management; a no-op returns the same org', () => {
    const org = sample();
    const codeOf = (r: ReturnType<typeof changeManager>) => (r.ok ? 'ok' : r.error.code);
    expect(codeOf(changeManager(org, 'nobody', 'ceo'))).toBe('unknown_person');
    expect(codeOf(changeManager(org, 'dev1', 'nobody'))).toBe('unknown_manager');
    expect(codeOf(changeManager(org, 'dev1', 'dev1'))).toBe('self_manager');
    expect(unwrap(changeManager(org, 'dev1', 'cto'))).toBe(org);
  });
});

describe('withPerson', () => {
  it('adds a person under a manager and into a department', () => {
    const org = unwrap(withPerson(sample(), person('dev3', 'cto', 'd-web')));
    expect(org.size).toBe(8);
    expect(org.directReports('cto')).toEqual(['dev1', 'dev2', 'dev3']);
    expect(org.departmentMembers('d-web')).toEqual(['dev1', 'dev2', 'dev3', 'intern']);
    expect(org.personByEmail('dev3@example.com')?.id).toBe('dev3');
  });

  it('adds a root', () => {
    const org = unwrap(withPerson(sample(), person('board', null)));
    expect(org.roots()).toEqual(['board', 'ceo']);
  });

  it('replaces a person, moving department, manager and email indexes', () => {
    const org = unwrap(
      withPerson(sample(), person('dev2', 'coo', 'd-ops', { email: 'dee@example.com', active: false })),
    );
    expect(org.size).toBe(7);
    expect(org.directReports('cto')).toEqual(['dev1']);
    expect(org.directReports('coo')).toEqual(['dev2', 'op1']);
    expect(org.departmentMembers('d-ops')).toEqual(['coo', 'dev2', 'op1']);
    expect(org.departmentMembers('d-web')).toEqual(['dev1', 'intern']);
    expect(org.personByEmail('dev2@example.com')).toBeUndefined();
    expect(org.personByEmail('dee@example.com')?.active).toBe(false);
  });

  it('collects every problem with the new record', () => {
    const result = withPerson(sample(), person('cto', 'intern', 'd-none', { email: 'ceo@example.com' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(codes(result.error)).toEqual(['duplicate_email', 'unknown_department', 'manager_cycle']);
    expect(result.error[2]?.details).toEqual({ ids: ['cto', 'intern', 'dev1'] });
    const self = withPerson(sample(), person('zed', 'zed'));
    expect(self.ok ? [] : codes(self.error)).toEqual(['self_manager']);
    const ghost = withPerson(sample(), person('zed', 'ghost'));
    expect(ghost.ok ? [] : codes(ghost.error)).toEqual(['unknown_manager']);
  });
});

/** Test oracle, written independently of buildOrg: the problem codes a raw organisation has. */
function expectedCodes(people: readonly Person[], departments: readonly Department[]): Set<string> {
  const found = new Set<string>();
  const personIds = new Set<string>();
  const firstPeople = people.filter((p) => !personIds.has(p.id) && personIds.add(p.id));
  const deptIds = new Set<string>();
  const firstDepts = departments.filter((d) => !deptIds.has(d.id) && deptIds.add(d.id));
  if (firstPeople.length < people.length || firstDepts.length < departments.length) found.add('duplicate_id');
  if (new Set(firstPeople.map((p) => p.email)).size < firstPeople.length) found.add('duplicate_email');
  for (const p of firstPeople) {
    if (!deptIds.has(p.departmentId)) found.add('unknown_department');
    if (p.managerId === p.id) found.add('self_manager');
    else if (p.managerId !== null && !personIds.has(p.managerId)) found.add('unknown_manager');
  }
  for (const d of firstDepts) {
    if (d.parentId !== null && !deptIds.has(d.parentId)) found.add('unknown_department');
    if (d.headId !== null && !personIds.has(d.headId)) found.add('unknown_department_head');
  }
  // A walk upwards longer than the number of nodes must be going round a loop.
  const loops = <T extends { id: string }>(nodes: T[], up: (n: T) => T | undefined) =>
    nodes.some((start) => {
      let cur: T | undefined = start;
      for (let steps = 0; cur !== undefined; steps++) {
        if (steps > nodes.length) return true;
        cur = up(cur);
      }
      return false;
    });
  const byId = new Map(firstPeople.map((p) => [p.id, p]));
  const deptById = new Map(firstDepts.map((d) => [d.id, d]));
  const managerOf = (p: Person) =>
    p.managerId === p.id || p.managerId === null ? undefined : byId.get(p.managerId);
  if (loops(firstPeople, managerOf)) found.add('manager_cycle');
  if (loops(firstDepts, (d) => (d.parentId === null ? undefined : deptById.get(d.parentId)))) {
    found.add('department_cycle');
  }
  return found;
}

describe('buildOrg validation (property)', () => {
  it('fails exactly when the organisation has a problem, and names every kind of problem', () => {
    const ids = ['a', 'b', 'c', 'd', 'e'];
    // Each field is usually valid and now and then wrong, so valid organisations, single problems
    // (a lone cycle) and mixtures all come up.
    const mostly = <T>(valid: fc.Arbitrary<T>, wrong: fc.Arbitrary<T>) =>
      fc.oneof({ weight: 20, arbitrary: valid }, { weight: 1, arbitrary: wrong });
    // Person i usually reports to nobody or to someone before them (a forest); sometimes to anyone.
    const personArb = (i: number) =>
      fc.record({
        managerId: fc.oneof(
          {
            weight: 16,
            arbitrary: fc.integer({ min: -1, max: i - 1 }).map((k) => (k < 0 ? null : (ids[k] as string))),
          },
          { weight: 3, arbitrary: fc.constantFrom(...ids) },
          { weight: 1, arbitrary: fc.constant('ghost') },
        ),
        departmentId: mostly(fc.constantFrom('d1', 'd2'), fc.constant('d9')),
        email: mostly(fc.constant(`${ids[i]}@example.com`), fc.constant('shared@example.com')),
      });
    const deptArb = (id: string, other: string) =>
      fc.record({
        parentId: mostly(fc.constantFrom(null, null, other), fc.constantFrom(id, 'd9')),
        headId: mostly(fc.constantFrom(null, 'a'), fc.constant('zz')),
      });
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 5 }),
        fc.tuple(...ids.map((_, i) => personArb(i))),
        deptArb('d1', 'd2'),
        deptArb('d2', 'd1'),
        mostly(fc.constant(false), fc.constant(true)),
        mostly(fc.constant(false), fc.constant(true)),
        (n, raw, d1, d2, duplicatePerson, duplicateDept) => {
          const people = raw
            .slice(0, n)
            .map((r, i) => person(ids[i] as string, r.managerId, r.departmentId, { email: r.email }));
          if (duplicatePerson) people.push(person('a', null, 'd1', { email: 'dup@example.com' }));
          const departments = [dept('d1', d1.parentId, d1.headId), dept('d2', d2.parentId, d2.headId)];
          if (duplicateDept) departments.push(dept('d1', null));
          const want = expectedCodes(people, departments);
          const result = buildOrg({ people, departments });
          expect(result.ok).toBe(want.size === 0);
          if (result.ok) expectConsistent(result.value);
          else expect(new Set(codes(result.error))).toEqual(want);
        },
      ),
      { numRuns: 1000 },
    );
  });
});

/** Every index agrees with the people's own managerId and departmentId fields. */
function expectConsistent(org: Org): void {
  const all = org.people();
  for (const p of all) {
    const chain = org.managerChain(p.id);
    // Terminates at a root, without repeats, and never includes the person.
    expect(new Set(chain).size).toBe(chain.length);
    expect(chain).not.toContain(p.id);
    const top = chain.length === 0 ? p : org.person(chain[chain.length - 1] as string);
    expect(top?.managerId).toBeNull();
    const expected = all.filter((q) => q.managerId === p.id).map((q) => q.id);
    expect(org.directReports(p.id)).toEqual(expected);
  }
  expect(org.roots()).toEqual(all.filter((p) => p.managerId === null).map((p) => p.id));
  expect(org.peopleWithReports()).toEqual(
    all.filter((p) => org.directReports(p.id).length > 0).map((p) => p.id),
  );
}

/** Naive oracle: would `managerId` end up below `personId`? */
function isBelow(org: Org, personId: string, managerId: string): boolean {
  for (let cur: string | null = managerId; cur !== null; cur = org.person(cur)?.managerId ?? null) {
    if (cur === personId) return true;
  }
  return false;
}

describe('changeManager invariant (property)', () => {
  it('never leaves a cycle; a refused change leaves the org unchanged', () => {
    const arb = fc.integer({ min: 1, max: 12 }).chain((n) =>
      fc.record({
        n: fc.constant(n),
        // Person i reports to someone earlier (or nobody), so the starting org is a forest.
        parents: fc.array(fc.nat(), { minLength: n, maxLength: n }),
        ops: fc.array(fc.tuple(fc.nat(n - 1), fc.option(fc.nat(n), { nil: null })), { maxLength: 30 }),
      }),
    );
    fc.assert(
      fc.property(arb, ({ n, parents, ops }) => {
        const ids = Array.from({ length: n }, (_, i) => `p${String(i).padStart(2, '0')}`);
        const people = ids.map((id, i) => {
          const pick = (parents[i] ?? 0) % (i + 1); // i means "no manager"
          return person(id, pick === i ? null : (ids[pick] as string));
        });
        let org = unwrap(buildOrg({ people, departments: [dept('d-root', null)] }));
        expectConsistent(org);
        for (const [who, target] of ops) {
          const personId = ids[who] as string;
          // target === n names someone unknown.
          const managerId = target === null ? null : target === n ? 'ghost' : (ids[target] as string);
          const snapshot = org.people();
          const shouldRefuse =
            managerId !== null &&
            (managerId === 'ghost' || managerId === personId || isBelow(org, personId, managerId));
          const result = changeManager(org, personId, managerId);
          expect(result.ok).toBe(!shouldRefuse);
          if (result.ok) {
            org = result.value;
            expect(org.person(personId)?.managerId).toBe(managerId);
            expectConsistent(org);
          } else {
            expect(org.people()).toBe(snapshot);
            expect(org.people().map((p) => p.managerId)).toEqual(snapshot.map((p) => p.managerId));
            expectConsistent(org);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('scale', () => {
  it('builds a 100,000-person organisation and answers from indexes', () => {
    // A 10-ary tree: person i reports to person floor((i - 1) / 10); 100 departments by i % 100.
    const n = 100_000;
    const departments = Array.from({ length: 100 }, (_, d) => dept(`d${d}`, null));
    const people: Person[] = [];
    for (let i = 0; i < n; i++) {
      people.push({
        id: `p${i}`,
        name: `P ${i}`,
        email: `p${i}@example.com`,
        departmentId: `d${i % 100}`,
        managerId: i === 0 ? null : `p${Math.floor((i - 1) / 10)}`,
        roles: ['employee'],
        jobTitle: '',
        active: true,
      });
    }
    const org = unwrap(buildOrg({ people, departments }));
    expect(org.size).toBe(n);
    // p0 manages p1..p10; p1 manages p11..p20 (sorted as strings: p11, p12, …, p20).
    expect(org.directReports('p0')).toHaveLength(10);
    expect(org.allReports('p0')).toHaveLength(n - 1);
    // p99999 → p9999 → p999 → p99 → p9 → p0: floor((99999 - 1) / 10) = 9999, and so on.
    expect(org.managerChain('p99999')).toEqual(['p9999', 'p999', 'p99', 'p9', 'p0']);
    const moved = unwrap(changeManager(org, 'p99999', 'p1'));
    expect(moved.managerChain('p99999')).toEqual(['p1', 'p0']);
  });
});
