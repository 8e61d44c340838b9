// The organisation snapshot: every person and department record of one org, parsed and indexed by core's buildOrg.
import {
  buildOrg,
  type Department,
  DepartmentSchema,
  type Org,
  type Person,
  PersonSchema,
} from '@perfloop/core';
import type { ResourceKind, ResourceRecord, ResourceRepository } from '@perfloop/store';

/** Anything that hands out resource repositories: the store or a transaction. */
export interface ResourceSource {
  resources(kind: ResourceKind): ResourceRepository;
}

export interface Entry<T> {
  record: ResourceRecord;
  entity: T;
}

export interface OrgSnapshot {
  orgId: string;
  /** core's indexed view (reporting lines, department tree). */
  org: Org;
  people: ReadonlyMap<string, Entry<Person>>;
  departments: ReadonlyMap<string, Entry<Department>>;
}

const PAGE = 1000;

/** Every live record of a kind, page by page (ordered by id). */
export async function listAll(
  source: ResourceSource,
  kind: ResourceKind,
  orgId: string,
): Promise<ResourceRecord[]> {
  const out: ResourceRecord[] = [];
  let after: string | undefined;
  for (;;) {
    const page = await source.resources(kind).list(orgId, { limit: PAGE, ...(after ? { after } : {}) });
    out.push(...page.records);
    if (page.nextCursor === null) return out;
    after = page.nextCursor;
  }
}

/** Thrown when stored people/departments no longer form a valid organisation (never expected). */
export class CorruptOrganisation extends Error {
  constructor(orgId: string, codes: readonly string[]) {
    super(`organisation ${orgId} holds an invalid structure: ${codes.join(', ')}`);
    this.name = 'CorruptOrganisation';
  }
}

/**
 * Loads and indexes the organisation (O(n); fine for thousands of people). Pass a transaction as the
 * source to validate structural writes against the state being committed.
 */
export async function loadOrgSnapshot(source: ResourceSource, orgId: string): Promise<OrgSnapshot> {
  const [peopleRecords, departmentRecords] = await Promise.all([
    listAll(source, 'people', orgId),
    listAll(source, 'departments', orgId),
  ]);
  const people = new Map<string, Entry<Person>>();
  for (const record of peopleRecords)
    people.set(record.id, { record, entity: PersonSchema.parse(record.data) });
  const departments = new Map<string, Entry<Department>>();
  for (const record of departmentRecords) {
    departments.set(record.id, { record, entity: DepartmentSchema.parse(record.data) });
  }
  const built = buildOrg({
    people: [...people.values()].map((e) => e.entity),
    departments: [...departments.values()].map((e) => e.entity),
  });
  if (!built.ok)
    throw new CorruptOrganisation(
      orgId,
      built.error.map((e) => e.code),
    );
  return { orgId, org: built.value, people, departments };
}
