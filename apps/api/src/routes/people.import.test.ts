// POST /v1/people/import: CSV rosters with mixed valid and invalid rows, the importer's own row, dry runs and whole-file errors.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadOrgSnapshot } from '../authz/index.ts';
import { parseCsv } from '../kit/index.ts';
import {
  type ApiHarness,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';
import { checkHeader, planImport } from './peopleImportPlan.ts';

type Row = {
  row: number;
  email: string | null;
  personId: string | null;
  status: string;
  errors: { column: string; code: string; message: string }[];
};
type Result = { dryRun: boolean; summary: Record<string, number>; rows: Row[] };
type ProblemJson = { code: string; errors?: { path: string }[]; details?: Record<string, unknown> };
type PersonJson = {
  id: string;
  email: string;
  managerId: string | null;
  departmentId: string;
  roles: string[];
  jobTitle: string;
  version: number;
};

describe.each(ENGINES)('people import on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  // One store per engine for the file; a fresh fixture (two new organisations) per test keeps tests apart.
  beforeAll(async () => {
    h = await createApiHarness({ engine });
  });
  beforeEach(async () => {
    f = await seedFixture(h);
  });
  afterAll(async () => {
    await h.close();
  });

  const post = (csv: string, query = '', headers: Record<string, string> = {}, as = f.email.hal) =>
    h.call<Result & ProblemJson>('POST', `/v1/people/import${query}`, {
      as,
      body: csv,
      headers: { 'Content-Type': 'text/csv; charset=utf-8', ...headers },
    });

  const people = async () =>
    (await h.call<{ items: PersonJson[] }>('GET', '/v1/people?limit=500', { as: f.email.hal })).body.items;

  describe('POST /v1/people/import', () => {
    it('applies the valid rows together and reports each invalid row', async () => {
      const csv = [
        'email,name,department,manager_email,roles,job_title',
        `new.lead@acme.test,Lena Lead,Sales,${f.email.hana},employee;manager,Team lead`,
        'new.rep@acme.test,Rob Rep,sales,new.lead@acme.test,,"Rep, inside sales"',
        'bad-email,Bad Row,Sales,,,',
        'ghost@acme.test,Ghost,Marketing,,,',
        'orphan@acme.test,Orphan,Sales,nobody@acme.test,,',
        'follower@acme.test,Follower,Sales,ghost@acme.test,,',
        `${f.email.sam},Sam Seller,Sales,${f.email.hana},employee,Senior seller`,
        `${f.email.paul},Paul Dev,Platform,${f.email.pia},wizard,`,
      ].join('\r\n');
      const res = await post(csv);
      expect(res.status).toBe(200);
      expect(res.body.summary).toEqual({ created: 2, updated: 1, unchanged: 0, errors: 5 });
      const byLine = Object.fromEntries(res.body.rows.map((r) => [r.row, r]));
      expect(byLine[2]).toMatchObject({ status: 'created', email: 'new.lead@acme.test' });
      expect(byLine[3]).toMatchObject({ status: 'created' });
      expect(byLine[4]?.errors[0]?.column).toBe('email');
      expect(byLine[5]?.errors[0]).toMatchObject({
        column: 'department',
        message: expect.stringContaining('Marketing'),
      });
      expect(byLine[6]?.errors[0]?.column).toBe('manager_email');
      expect(byLine[7]?.errors[0]).toMatchObject({
        column: 'manager_email',
        message: expect.stringContaining('row 5'),
      });
      expect(byLine[8]).toMatchObject({ status: 'updated', personId: f.id.sam });
      expect(byLine[9]?.errors[0]?.column).toBe('roles');

      const all = await people();
      const lead = all.find((p) => p.email === 'new.lead@acme.test');
      const rep = all.find((p) => p.email === 'new.rep@acme.test');
      expect(lead).toMatchObject({
        managerId: f.id.hana,
        departmentId: f.dept.sales,
        roles: ['employee', 'manager'],
      });
      expect(rep).toMatchObject({ managerId: lead?.id, jobTitle: 'Rep, inside sales' });
      expect(all.find((p) => p.id === f.id.sam)).toMatchObject({ jobTitle: 'Senior seller', version: 2 });
      expect(all.find((p) => p.id === f.id.paul)).toMatchObject({ roles: ['employee'], version: 1 });
      expect(all.some((p) => p.email === 'ghost@acme.test' || p.email === 'follower@acme.test')).toBe(false);
      // New people can sign in.
      expect((await h.call('GET', '/v1/people/me', { as: 'new.rep@acme.test' })).status).toBe(200);
    });

    it('dry run reports the same results and writes nothing', async () => {
      const csv = `email,name,department\nnew.one@acme.test,New One,Engineering\n${f.email.sam},Sam S,Sales\n`;
      const res = await post(csv, '?dryRun=true');
      expect(res.body).toMatchObject({ dryRun: true, summary: { created: 1, updated: 1, errors: 0 } });
      expect((await people()).some((p) => p.email === 'new.one@acme.test')).toBe(false);
    });

    it('reports unchanged rows and keeps values of columns left out', async () => {
      const csv = `email,name,department\n${f.email.mo},Mo Manager,Platform\n`;
      const res = await post(csv);
      expect(res.body.rows[0]).toMatchObject({ status: 'unchanged', personId: f.id.mo });
      const mo = (await people()).find((p) => p.id === f.id.mo);
      expect(mo).toMatchObject({ managerId: f.id.erin, roles: ['employee', 'manager'], version: 1 });
    });

    it('refuses rows that would form a reporting cycle, keeping the rest', async () => {
      const csv = [
        'email,name,department,manager_email',
        `${f.email.erin},Erin Eng,Engineering,${f.email.paul}`,
        `fresh@acme.test,Fresh Face,Platform,${f.email.paul}`,
      ].join('\n');
      const res = await post(csv);
      expect(res.body.rows.map((r) => r.status)).toEqual(['error', 'created']);
      expect(res.body.rows[0]?.errors[0]).toMatchObject({
        column: 'manager_email',
        message: expect.stringMatching(/cycle/),
      });
    });

    it('refuses duplicate e-mails within the file and e-mails of another organisation', async () => {
      const csv = [
        'email,name,department',
        'twice@acme.test,One,Sales',
        'TWICE@acme.test,Two,Sales',
        `${f.email.gus},Gus,Sales`,
      ].join('\n');
      const res = await post(csv);
      expect(res.body.rows.map((r) => r.status)).toEqual(['created', 'error', 'error']);
      expect(res.body.rows[1]?.errors[0]?.message).toMatch(/row 2/);
    });

    it('gives every row error a stable code a client can branch on, whatever the wording', async () => {
      // A BOM, CRLF line ends and quoted commas are read as CSV; each failing row names its codes.
      const csv = [
        '\uFEFFemail,name,department,manager_email,roles,job_title',
        `"cyc@acme.test","Cy, Cle",Sales,${f.email.hana},employee,"Rep, ""senior"""`,
        'cyc@acme.test,Cy Again,Sales,,,',
        'not-an-email,X,Sales,,,',
        'noname@acme.test,,,,,',
        'nodept@acme.test,No Dept,Marketing,,,',
        'badmgr@acme.test,Bad Manager,Sales,not-an-email,,',
        'ghostmgr@acme.test,Ghost Manager,Sales,ghost@acme.test,,',
        'follows@acme.test,Follows,Sales,nodept@acme.test,,',
        'roles@acme.test,Roles,Sales,,wizard,',
        'tworoles@acme.test,Two Roles,Sales,,manager;manager,',
        `long@acme.test,Long,Sales,,,${'x'.repeat(201)}`,
        'wide@acme.test,Wide,Sales,,,,extra',
        `${f.email.gus},Gus,Sales,,,`,
        `${f.email.erin},Erin Eng,Engineering,${f.email.paul},,`,
        `${f.email.hal},Hal Rivers,Acme,,employee,`,
      ].join('\r\n');
      const res = await post(csv, '?dryRun=true');
      expect(res.status).toBe(200);
      const codes = res.body.rows.map((r) => [r.row, r.status, r.errors.map((e) => `${e.column}:${e.code}`)]);
      expect(codes).toEqual([
        [2, 'created', []],
        [3, 'error', ['email:duplicate_email']],
        [4, 'error', ['email:invalid_email']],
        [5, 'error', ['name:name_required', 'department:department_required']],
        [6, 'error', ['department:unknown_department']],
        [7, 'error', ['manager_email:invalid_manager_email']],
        [8, 'error', ['manager_email:unknown_manager']],
        [9, 'error', ['manager_email:manager_row_invalid']],
        [10, 'error', ['roles:unknown_role']],
        [11, 'error', ['roles:duplicate_role']],
        [12, 'error', ['job_title:job_title_too_long']],
        [13, 'error', [':too_many_fields']],
        [14, 'error', ['email:email_in_other_organisation']],
        [15, 'error', ['manager_email:manager_cycle']],
        [16, 'error', ['roles:own_person_record']],
      ]);
      expect(res.body.rows[0]).toMatchObject({ email: 'cyc@acme.test', status: 'created' });
    });

    it('reports every error of a row at once: its fields beside unknown departments and managers', async () => {
      const before = await people();
      const csv = [
        'email,name,department,manager_email,roles,job_title',
        'mixed@acme.test,,Marketing,nobody@acme.test,wizard,',
        `${f.email.gus},Gus,Sales,ghost@acme.test,,`,
        'bad-email,Bad Row,Marketing,not-an-email,manager;manager,',
        `typo@acme.test,Typo,Sales,nobody@acme.test,,${'x'.repeat(201)}`,
        'reports@acme.test,Reports,Sales,mixed@acme.test,,',
      ].join('\n');
      const res = await post(csv);
      expect(res.status).toBe(200);
      const codes = res.body.rows.map((r) => [r.row, r.status, r.errors.map((e) => `${e.column}:${e.code}`)]);
      expect(codes).toEqual([
        [
          2,
          'error',
          [
            'name:name_required',
            'department:unknown_department',
            'manager_email:unknown_manager',
            'roles:unknown_role',
          ],
        ],
        [3, 'error', ['email:email_in_other_organisation', 'manager_email:unknown_manager']],
        [
          4,
          'error',
          [
            'email:invalid_email',
            'department:unknown_department',
            'manager_email:invalid_manager_email',
            'roles:duplicate_role',
          ],
        ],
        [5, 'error', ['manager_email:unknown_manager', 'job_title:job_title_too_long']],
        // A manager whose row is in the file is known; that row's errors hold this one up.
        [6, 'error', ['manager_email:manager_row_invalid']],
      ]);
      expect(res.body.rows[0]?.errors[2]?.message).toContain('nobody@acme.test');
      expect(res.body.rows[4]?.errors[0]?.message).toContain('row 2');
      expect(res.body.summary).toEqual({ created: 0, updated: 0, unchanged: 0, errors: 5 });
      expect(await people()).toEqual(before);
    });

    it('refuses the importer’s own department, manager and roles as row errors; the rest applies', async () => {
      const before = (await people()).find((p) => p.id === f.id.hal);
      const csv = [
        'email,name,department,manager_email,roles,job_title',
        `${f.email.hal},Hal Rivers,Sales,${f.email.cat},employee,Head of nothing`,
        `${f.email.sam},Sam Seller,Sales,${f.email.hana},employee,Senior seller`,
        `new.hire@acme.test,New Hire,Sales,${f.email.hal},employee,Rep`,
      ].join('\n');
      const dry = await post(csv, '?dryRun=true');
      const res = await post(csv);
      expect(res.status).toBe(200);
      const outcome = (rows: Row[]) => rows.map(({ row, status, errors }) => ({ row, status, errors }));
      expect(outcome(dry.body.rows)).toEqual(outcome(res.body.rows));
      const codes = res.body.rows.map((r) => [r.row, r.status, r.errors.map((e) => `${e.column}:${e.code}`)]);
      expect(codes).toEqual([
        [
          2,
          'error',
          ['department:own_person_record', 'manager_email:own_person_record', 'roles:own_person_record'],
        ],
        [3, 'updated', []],
        [4, 'created', []],
      ]);
      expect(res.body.rows[0]?.errors[0]?.message).toMatch(/another HR administrator/);
      expect(res.body.summary).toEqual({ created: 1, updated: 1, unchanged: 0, errors: 1 });
      const after = await people();
      // Hal's row is skipped whole (its job title too); the valid rows are applied around it.
      expect(after.find((p) => p.id === f.id.hal)).toEqual(before);
      expect(after.find((p) => p.id === f.id.sam)).toMatchObject({ jobTitle: 'Senior seller', version: 2 });
      expect(after.find((p) => p.email === 'new.hire@acme.test')).toMatchObject({ managerId: f.id.hal });
    });

    it('lets the importer change their own name and job title, their decisive cells as they are', async () => {
      const hal = (await people()).find((p) => p.id === f.id.hal);
      const csv = [
        'email,name,department,manager_email,roles,job_title',
        `${f.email.hal},Hal Renamed,${hal?.departmentId},,hr_admin;employee,People partner`,
      ].join('\n');
      const res = await post(csv);
      expect(res.body.rows[0]).toMatchObject({ status: 'updated', personId: f.id.hal, errors: [] });
      expect((await people()).find((p) => p.id === f.id.hal)).toMatchObject({
        managerId: null,
        departmentId: hal?.departmentId,
        jobTitle: 'People partner',
        version: 2,
      });
      // Another HR administrator imports Hal's new manager and roles.
      const cat = await h.call<{ version: number }>('GET', `/v1/people/${f.id.cat}`, { as: f.email.hal });
      const promote = await h.call('PATCH', `/v1/people/${f.id.cat}`, {
        as: f.email.hal,
        json: { roles: ['employee', 'manager', 'hr_admin'] },
        headers: { 'If-Match': `"${cat.body.version}"` },
      });
      expect(promote.status).toBe(200);
      const byCat = await post(
        `email,name,department,manager_email,roles\n${f.email.hal},Hal Renamed,Acme,${f.email.cat},employee\n`,
        '',
        {},
        f.email.cat,
      );
      expect(byCat.body.rows[0]).toMatchObject({ status: 'updated', errors: [] });
      expect((await people()).find((p) => p.id === f.id.hal)).toMatchObject({
        managerId: f.id.cat,
        roles: ['employee'],
      });
    });

    it('keeps at least one HR administrator (the planner’s guard, for an importer who is not the row)', async () => {
      const csv = `email,name,department,roles\n${f.email.hal},Hal Rivers,Acme,employee\n`;
      const parsed = parseCsv(csv);
      if (!parsed.ok) throw new Error('the test CSV is malformed');
      const [header, ...records] = parsed.records;
      const check = checkHeader(header?.fields ?? []);
      if (!check.ok) throw new Error('the test CSV header is invalid');
      const snapshot = await loadOrgSnapshot(h.store, f.acme.organisation.id);
      const plan = (actorId: string | null) =>
        planImport({
          snapshot,
          columns: check.columns,
          records,
          foreignEmails: new Set(),
          newId: () => 'per_unused',
          actorId,
        });
      expect(plan(null).rows[0]).toMatchObject({
        status: 'error',
        errors: [{ column: 'roles', code: 'last_hr_admin' }],
      });
      expect(plan(f.id.hal).rows[0]).toMatchObject({
        status: 'error',
        errors: [{ column: 'roles', code: 'own_person_record' }],
      });
      const res = await post(csv);
      expect(res.body.rows[0]).toMatchObject({
        status: 'error',
        errors: [{ column: 'roles', code: 'own_person_record' }],
      });
      expect((await people()).find((p) => p.id === f.id.hal)).toMatchObject({
        roles: ['employee', 'hr_admin'],
      });
    });

    it('400 for a bad header or malformed CSV; 415 for another content type; 403 for non-HR', async () => {
      const header = await post('email,name,colour\n');
      expect(header.status).toBe(400);
      expect(header.body.code).toBe('csv_invalid_header');
      expect(header.body.errors?.map((e) => e.path).sort()).toEqual(['colour', 'department']);
      const malformed = await post('email,name,department\n"open,x,y\n');
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: 'csv_malformed', details: { line: 2 } });
      const empty = await post('');
      expect(empty.body.code).toBe('csv_invalid_header');
      const json = await h.call<ProblemJson>('POST', '/v1/people/import', {
        as: f.email.hal,
        json: { csv: 'x' },
      });
      expect(json.status).toBe(415);
      const notHr = await post('email,name,department\n', '', {}, f.email.cat);
      expect(notHr.status).toBe(403);
    });

    it('replays an import with the same Idempotency-Key', async () => {
      const csv = 'email,name,department\nonce@acme.test,Only Once,Sales\n';
      const headers = { 'Idempotency-Key': 'import-1' };
      const first = await post(csv, '', headers);
      const again = await post(csv, '', headers);
      expect(again.headers.get('idempotent-replayed')).toBe('true');
      expect(again.body).toEqual(first.body);
      expect((await people()).filter((p) => p.email === 'once@acme.test')).toHaveLength(1);
    });
  });
});
