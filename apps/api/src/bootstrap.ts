// bootstrapOrganisation: a new tenant with its root department and first HR administrator (tests, demo seed).
import { type Department, DepartmentSchema, type Person, PersonSchema } from '@perfloop/core';
import type { Organisation, Store } from '@perfloop/store';
import { EMAIL_IDENTITY_PROVIDER, linkEmailIdentity } from './deps.ts';
import { ID_PREFIXES, newId } from './kit/ids.ts';
import { createWrite } from './kit/write.ts';

export interface BootstrapInput {
  name: string;
  /** Unique across organisations. */
  slug: string;
  hrEmail: string;
  hrName: string;
  /** Defaults to a generated `org_…` id. */
  id?: string;
}

export interface BootstrapResult {
  organisation: Organisation;
  /** The root department (named after the organisation); the HR administrator sits in it. */
  department: Department;
  hr: Person;
}

/** The audit actor of changes made outside any request. */
export const SYSTEM_ACTOR = 'system';

/**
 * Creates the organisation, its root department and an HR administrator (roles employee + hr_admin)
 * whose e-mail identity lets them sign in; audited as `system`. The people, the identity and the
 * audit entries commit together. Throws when the slug is taken or the e-mail already belongs to someone.
 */
export async function bootstrapOrganisation(store: Store, input: BootstrapInput): Promise<BootstrapResult> {
  const email = input.hrEmail.trim().toLowerCase();
  if (await store.identities.find(EMAIL_IDENTITY_PROVIDER, email)) {
    throw new Error(`${email} already belongs to a person`);
  }
  const organisation = await store.organisations.create({
    id: input.id ?? newId(ID_PREFIXES.organisations),
    name: input.name,
    slug: input.slug,
  });
  const department = DepartmentSchema.parse({
    id: newId(ID_PREFIXES.departments),
    name: input.name,
    parentId: null,
    headId: null,
  });
  const hr = PersonSchema.parse({
    id: newId(ID_PREFIXES.people),
    name: input.hrName,
    email,
    departmentId: department.id,
    managerId: null,
    roles: ['employee', 'hr_admin'],
    jobTitle: 'HR administrator',
  });
  await store.transaction(organisation.id, async (tx) => {
    // The identity before any audit entry (which row-locks the organisation).
    const linked = await linkEmailIdentity(tx, organisation.id, hr.id, email);
    if (!linked.ok) throw new Error(`${email} already belongs to another organisation`);
    const w = createWrite(tx, SYSTEM_ACTOR);
    await w.create('departments', { id: department.id, parentId: null, data: department });
    await w.create('people', { id: hr.id, subjectId: hr.id, parentId: hr.departmentId, data: hr });
    await w.audit({
      action: 'organisation.create',
      data: { name: organisation.name, slug: organisation.slug },
    });
  });
  return { organisation, department, hr };
}
