// Planning a people CSV import: per-row validation (every error of a row at once), then whole-organisation checks until the valid rows agree.
import { buildOrg, type OrgError, type Person, PersonSchema, recusal } from '@perfloop/core';
import type { ResourceRecord } from '@perfloop/store';
import type { OrgSnapshot } from '../authz/index.ts';
import type { CsvRecord } from '../kit/index.ts';
import { removesLastHr, sameRoles } from './peopleRules.ts';
import { PersonRoleSchema } from './peopleSchemas.ts';

export const IMPORT_COLUMNS = ['email', 'name', 'department', 'manager_email', 'roles', 'job_title'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
const REQUIRED: readonly ImportColumn[] = ['email', 'name', 'department'];

/** Stable codes of row errors (the message is English for people; clients branch on the code). */
export const ROW_ERROR_CODES = [
  'too_many_fields',
  'invalid_email',
  'duplicate_email',
  'email_in_other_organisation',
  'name_required',
  'department_required',
  'unknown_department',
  'ambiguous_department',
  'invalid_manager_email',
  'unknown_manager',
  'manager_row_invalid',
  'unknown_role',
  'duplicate_role',
  'job_title_too_long',
  'last_hr_admin',
  'organisation_invalid',
  'own_person_record',
] as const;
export type RowErrorCode = (typeof ROW_ERROR_CODES)[number];

export interface RowError {
  column: string;
  /** A RowErrorCode, or for organisation-level rules the core's code (e.g. `manager_cycle`). */
  code: string;
  message: string;
}

/** Header problems (whole-file, reported as a 400 with field errors). */
export interface HeaderError {
  column: string;
  message: string;
}

export type RowStatus = 'created' | 'updated' | 'unchanged' | 'error';

export interface RowResult {
  /** The CSV line the record starts on (the header is line 1). */
  row: number;
  email: string | null;
  personId: string | null;
  status: RowStatus;
  errors: RowError[];
}

export interface ImportPlan {
  rows: RowResult[];
  creates: Person[];
  updates: { person: Person; record: ResourceRecord }[];
}

export type HeaderCheck =
  | { ok: true; columns: Map<ImportColumn, number> }
  | { ok: false; errors: HeaderError[] };

const S = PersonSchema.shape;

/** Maps header names (trimmed, case-insensitive) to columns; unknown, repeated and missing columns are errors. */
export function checkHeader(fields: readonly string[]): HeaderCheck {
  const columns = new Map<ImportColumn, number>();
  const errors: HeaderError[] = [];
  fields.forEach((raw, index) => {
    const name = raw.trim().toLowerCase();
    const column = IMPORT_COLUMNS.find((c) => c === name);
    if (column === undefined) {
      errors.push({ column: raw, message: `Unknown column "${raw}"; use ${IMPORT_COLUMNS.join(', ')}.` });
    } else if (columns.has(column)) {
      errors.push({ column, message: `Column "${column}" appears more than once.` });
    } else columns.set(column, index);
  });
  for (const column of REQUIRED) {
    if (!columns.has(column)) errors.push({ column, message: `Column "${column}" is required.` });
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, columns };
}

/** One data row while planning. */
interface RowState {
  result: RowResult;
  /** Parsed values (undefined: column absent, so keep the current value). */
  email: string;
  name: string;
  departmentId: string;
  managerEmail: string | null | undefined;
  roles: Person['roles'] | undefined;
  jobTitle: string | undefined;
  existing: { record: ResourceRecord; entity: Person } | undefined;
  /** The id the row's person has (existing or newly assigned). */
  id: string;
  person?: Person;
}

const fail = (row: RowState, column: string, code: string, message: string) => {
  row.result.errors.push({ column, code, message });
  row.result.status = 'error';
};
const failed = (row: RowState) => row.result.status === 'error';

function issueMessage(error: { issues: readonly { message: string }[] }): string {
  return error.issues.map((i) => i.message).join('; ');
}

export interface PlanInput {
  snapshot: OrgSnapshot;
  columns: Map<ImportColumn, number>;
  /** Data records (without the header). */
  records: readonly CsvRecord[];
  /** Lower-cased e-mails that sign in to another organisation. */
  foreignEmails: ReadonlySet<string>;
  newId: () => string;
  /** The importing person (null for a caller that is not a person): their own row never changes their department, manager or roles. */
  actorId: string | null;
}

/** Parses each record on its own: values, department, duplicates within the file. */
function parseRows(input: PlanInput): RowState[] {
  const { snapshot, columns } = input;
  const byName = new Map<string, string[]>();
  for (const { entity } of snapshot.departments.values()) {
    const key = entity.name.trim().toLowerCase();
    byName.set(key, [...(byName.get(key) ?? []), entity.id]);
  }
  const cellOf = (record: CsvRecord, column: ImportColumn): string | undefined => {
    const index = columns.get(column);
    return index === undefined ? undefined : (record.fields[index] ?? '').trim();
  };
  // A manager is known when they are a person of the organisation or have a row in the file (even one
  // with errors: that is `manager_row_invalid`, decided once the file is planned).
  const records = input.records.map((record) => ({
    record,
    email: S.email.safeParse(cellOf(record, 'email') ?? ''),
  }));
  const knownEmails = new Set<string>();
  for (const { entity } of snapshot.people.values()) knownEmails.add(entity.email);
  for (const { email } of records) if (email.success) knownEmails.add(email.data);
  const seen = new Map<string, number>();
  return records.map(({ record, email }) => {
    const cell = (column: ImportColumn) => cellOf(record, column);
    const row: RowState = {
      result: { row: record.line, email: null, personId: null, status: 'created', errors: [] },
      email: '',
      name: '',
      departmentId: '',
      managerEmail: undefined,
      roles: undefined,
      jobTitle: undefined,
      existing: undefined,
      id: '',
    };
    if (record.fields.length > columns.size) {
      fail(
        row,
        '',
        'too_many_fields',
        `The row has ${record.fields.length} fields but the header names ${columns.size} columns.`,
      );
    }
    if (email.success) {
      row.email = email.data;
      row.result.email = email.data;
      const first = seen.get(email.data);
      if (first !== undefined)
        fail(row, 'email', 'duplicate_email', `The same e-mail is already on row ${first}.`);
      else seen.set(email.data, record.line);
      const known = snapshot.org.personByEmail(row.email);
      row.existing = known ? snapshot.people.get(known.id) : undefined;
      if (!row.existing && input.foreignEmails.has(row.email)) {
        fail(
          row,
          'email',
          'email_in_other_organisation',
          'This e-mail address is already used to sign in to another organisation.',
        );
      }
    } else fail(row, 'email', 'invalid_email', `Not a valid e-mail address: ${issueMessage(email.error)}.`);

    const name = S.name.safeParse(cell('name') ?? '');
    if (name.success) row.name = name.data;
    else fail(row, 'name', 'name_required', 'A name is required (up to 200 characters).');

    const department = cell('department') ?? '';
    const matches = snapshot.departments.has(department)
      ? [department]
      : (byName.get(department.toLowerCase()) ?? []);
    if (department === '') fail(row, 'department', 'department_required', 'A department is required.');
    else if (matches.length === 0)
      fail(row, 'department', 'unknown_department', `No department is named "${department}".`);
    else if (matches.length > 1) {
      fail(
        row,
        'department',
        'ambiguous_department',
        `Several departments are named "${department}"; use the department id.`,
      );
    } else row.departmentId = matches[0] ?? '';

    const managerEmail = cell('manager_email');
    if (managerEmail === '') row.managerEmail = null;
    else if (managerEmail !== undefined) {
      const parsed = S.email.safeParse(managerEmail);
      if (!parsed.success) fail(row, 'manager_email', 'invalid_manager_email', 'Not a valid e-mail address.');
      else if (!knownEmails.has(parsed.data))
        fail(row, 'manager_email', 'unknown_manager', `No person has the e-mail ${parsed.data}.`);
      else row.managerEmail = parsed.data;
    }

    const roles = cell('roles');
    if (roles !== undefined) {
      const names = roles.split(/[\s;|,]+/).filter((r) => r !== '');
      const parsed = names.map((r) => PersonRoleSchema.safeParse(r.toLowerCase()));
      const bad = names.filter((_, i) => !parsed[i]?.success);
      const values = parsed.flatMap((p) => (p.success ? [p.data] : []));
      if (bad.length > 0) {
        fail(
          row,
          'roles',
          'unknown_role',
          `Unknown role ${bad.join(', ')}; use ${PersonRoleSchema.options.join(', ')}.`,
        );
      } else if (new Set(values).size !== values.length)
        fail(row, 'roles', 'duplicate_role', 'Roles must not repeat.');
      else row.roles = values.length > 0 ? values : ['employee'];
    }

    const jobTitle = cell('job_title');
    if (jobTitle !== undefined) {
      if (jobTitle.length > 200)
        fail(row, 'job_title', 'job_title_too_long', 'The job title is longer than 200 characters.');
      else row.jobTitle = jobTitle;
    }

    ownRowErrors(input, row);
    if (!failed(row)) row.id = row.existing?.entity.id ?? input.newId();
    return row;
  });
}

/**
 * Recusal on the importer's own row (core `change_own_record`): a department, manager or roles other
 * than their current ones is a row error on each such column (`own_person_record`), so the row is
 * skipped whole like any invalid row. Cells already in error are reported by their own code instead.
 */
function ownRowErrors(input: PlanInput, row: RowState): void {
  const current = row.existing?.entity;
  if (!current) return;
  const refused = recusal('change_own_record', input.actorId, current.id);
  if (refused.ok) return;
  const { code, message } = refused.error;
  // The manager is named by e-mail here (possibly a row of this file): compare with the current one's.
  const managerEmail =
    current.managerId === null ? null : (input.snapshot.people.get(current.managerId)?.entity.email ?? null);
  if (row.departmentId !== '' && row.departmentId !== current.departmentId)
    fail(row, 'department', code, message);
  if (row.managerEmail !== undefined && row.managerEmail !== managerEmail)
    fail(row, 'manager_email', code, message);
  if (row.roles !== undefined && !sameRoles(row.roles, current.roles)) fail(row, 'roles', code, message);
}

const COLUMN_OF_FIELD: Record<string, ImportColumn> = {
  email: 'email',
  id: 'email',
  departmentId: 'department',
  managerId: 'manager_email',
};

/**
 * Plans the import against the organisation: rows with errors are reported and left out, and the
 * remaining rows are re-checked as a whole (reporting cycles, duplicate e-mails, the last HR
 * administrator) until they form a valid organisation together. Nothing is written here.
 */
export function planImport(input: PlanInput): ImportPlan {
  const { snapshot } = input;
  const rows = parseRows(input);
  const existingByEmail = new Map<string, Person>();
  for (const { entity } of snapshot.people.values()) existingByEmail.set(entity.email, entity);

  for (let round = 0; round <= rows.length; round++) {
    const live = rows.filter((r) => !failed(r));
    const liveByEmail = new Map(live.map((r) => [r.email, r]));
    const errorByEmail = new Map(rows.filter(failed).map((r) => [r.email, r]));
    let dropped = false;
    for (const row of live) {
      let managerId: string | null | undefined;
      if (row.managerEmail === undefined) managerId = undefined;
      else if (row.managerEmail === null) managerId = null;
      else {
        const viaRow = liveByEmail.get(row.managerEmail);
        const existing = existingByEmail.get(row.managerEmail);
        if (viaRow) managerId = viaRow.id;
        else if (existing) managerId = existing.id;
        else {
          // parseRows refused unknown managers, so this one's row is in the file, with errors.
          const erroredRow = errorByEmail.get(row.managerEmail);
          const where = erroredRow ? ` (row ${erroredRow.result.row})` : '';
          fail(row, 'manager_email', 'manager_row_invalid', `The manager's row${where} has errors.`);
          dropped = true;
          continue;
        }
      }
      const base = row.existing?.entity;
      row.person = PersonSchema.parse({
        ...(base ?? { id: row.id, email: row.email, managerId: null }),
        name: row.name,
        departmentId: row.departmentId,
        ...(managerId !== undefined ? { managerId } : {}),
        ...(row.roles !== undefined ? { roles: row.roles } : {}),
        ...(row.jobTitle !== undefined ? { jobTitle: row.jobTitle } : {}),
      });
    }
    if (dropped) continue;

    // The organisation as it would be: existing people replaced by their rows, plus the new ones.
    const rowById = new Map(live.map((r) => [r.id, r]));
    const people: Person[] = [];
    const rowAt: (RowState | undefined)[] = [];
    for (const { entity } of snapshot.people.values()) {
      const row = rowById.get(entity.id);
      people.push(row?.person ?? entity);
      rowAt.push(row);
    }
    for (const row of live) {
      if (!row.existing && row.person) {
        people.push(row.person);
        rowAt.push(row);
      }
    }
    const built = buildOrg({ people, departments: [...snapshot.departments.values()].map((d) => d.entity) });
    if (!built.ok) {
      attribute(built.error, live, rowAt, rowById);
      continue;
    }
    const demoting = live.filter(
      (r) => r.existing && r.person && removesLastHr(snapshot, r.existing.entity, r.person),
    );
    const hrLeft = people.some((p) => p.active && p.roles.includes('hr_admin'));
    if (!hrLeft && demoting.length > 0) {
      for (const row of demoting) {
        fail(
          row,
          'roles',
          'last_hr_admin',
          'This would leave the organisation without an active HR administrator.',
        );
      }
      continue;
    }
    return finish(rows);
  }
  throw new Error('people import planning did not settle');
}

/** Marks the rows behind organisation-level errors; unattributable errors fail every live row. */
function attribute(
  errors: readonly OrgError[],
  live: readonly RowState[],
  rowAt: readonly (RowState | undefined)[],
  rowById: ReadonlyMap<string, RowState>,
): void {
  for (const error of errors) {
    const index = error.path?.[0] === 'people' ? error.path[1] : undefined;
    const field = typeof error.path?.[2] === 'string' ? error.path[2] : undefined;
    const column = error.code === 'manager_cycle' ? 'manager_email' : (COLUMN_OF_FIELD[field ?? ''] ?? '');
    const ids = Array.isArray(error.details?.ids) ? error.details.ids : [];
    const targets =
      typeof index === 'number'
        ? [rowAt[index]]
        : ids.map((id) => (typeof id === 'string' ? rowById.get(id) : undefined));
    const rows = targets.filter((r): r is RowState => r !== undefined && !failed(r));
    for (const row of rows) fail(row, column, error.code, error.message);
  }
  // Guarantee progress even when nothing could be attributed.
  if (!live.some(failed))
    for (const row of live) fail(row, '', 'organisation_invalid', 'The organisation would be invalid.');
}

function finish(rows: RowState[]): ImportPlan {
  const creates: Person[] = [];
  const updates: { person: Person; record: ResourceRecord }[] = [];
  for (const row of rows) {
    if (failed(row) || !row.person) {
      row.result.status = 'error';
      continue;
    }
    row.result.personId = row.id;
    if (!row.existing) {
      row.result.status = 'created';
      creates.push(row.person);
    } else if (JSON.stringify(row.person) === JSON.stringify(PersonSchema.parse(row.existing.entity))) {
      row.result.status = 'unchanged';
    } else {
      row.result.status = 'updated';
      updates.push({ person: row.person, record: row.existing.record });
    }
  }
  return { rows: rows.map((r) => r.result), creates, updates };
}
