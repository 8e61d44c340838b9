// POST /v1/people/import (HR): a CSV roster → per-row results; valid rows applied together in one transaction.
import { createRoute, type OpenAPIHono, z } from '@hono/zod-openapi';
import type { Identities } from '@perfloop/store';
import { loadOrgSnapshot, type OrgSnapshot } from '../authz/index.ts';
import type { AppEnv } from '../context.ts';
import { EMAIL_IDENTITY_PROVIDER, linkEmailIdentity } from '../deps.ts';
import { BadRequest, UnsupportedMediaType } from '../errors.ts';
import {
  type CsvRecord,
  ID_PREFIXES,
  IdempotencyHeaders,
  jsonResponse,
  type Kit,
  newId,
  parseCsv,
  problems,
  reply,
  send,
} from '../kit/index.ts';
import {
  checkHeader,
  IMPORT_COLUMNS,
  type ImportColumn,
  type ImportPlan,
  planImport,
  ROW_ERROR_CODES,
} from './peopleImportPlan.ts';
import { emailTaken } from './peopleRules.ts';
import { personColumns } from './peopleSchemas.ts';

const ImportRow = z
  .object({
    row: z.number().int().openapi({ description: 'CSV line the record starts on (header = 1).' }),
    email: z.string().nullable(),
    personId: z.string().nullable(),
    status: z.enum(['created', 'updated', 'unchanged', 'error']),
    errors: z.array(
      z.object({
        column: z.string().openapi({ description: 'The CSV column at fault; empty for the row as a whole.' }),
        code: z.string().openapi({
          description: `Stable: ${ROW_ERROR_CODES.map((c) => `\`${c}\``).join(', ')}, or an organisation rule's code (e.g. \`manager_cycle\`).`,
          example: 'unknown_department',
        }),
        message: z.string(),
      }),
    ),
  })
  .openapi('PeopleImportRow');

const ImportResult = z
  .object({
    dryRun: z.boolean(),
    summary: z.object({
      created: z.number().int(),
      updated: z.number().int(),
      unchanged: z.number().int(),
      errors: z.number().int(),
    }),
    rows: z.array(ImportRow),
  })
  .openapi('PeopleImportResult');
type ImportResultBody = z.infer<typeof ImportResult>;

const ImportQuery = z.strictObject({
  dryRun: z
    .enum(['true', 'false'])
    .default('false')
    .openapi({
      param: { name: 'dryRun', in: 'query' },
      description: 'true: validate and report, write nothing.',
    }),
});

const CSV_TYPE = 'text/csv';

function resultBody(plan: ImportPlan, dryRun: boolean): ImportResultBody {
  const count = (status: string) => plan.rows.filter((r) => r.status === status).length;
  return {
    dryRun,
    summary: {
      created: count('created'),
      updated: count('updated'),
      unchanged: count('unchanged'),
      errors: count('error'),
    },
    rows: plan.rows,
  };
}

/**
 * The file's e-mails that are not people of this organisation but sign in to another one. Pass the
 * transaction's `identities` when planning the write, so the check and the links see the same state.
 */
async function foreignEmailsOf(
  identities: Identities,
  snapshot: OrgSnapshot,
  emails: ReadonlySet<string>,
): Promise<Set<string>> {
  const foreign = new Set<string>();
  for (const email of emails) {
    if (email === '' || snapshot.org.personByEmail(email)) continue;
    const identity = await identities.find(EMAIL_IDENTITY_PROVIDER, email);
    if (identity && identity.orgId !== snapshot.orgId) foreign.add(email);
  }
  return foreign;
}

/** The records of the CSV after its header, or a 400 naming the syntax or header problem. */
function readCsv(text: string): { columns: Map<ImportColumn, number>; records: CsvRecord[] } {
  const parsed = parseCsv(text);
  if (!parsed.ok) {
    const { message, line, column } = parsed.error;
    throw new BadRequest(`The CSV is malformed at line ${line}, column ${column}: ${message}.`, {
      code: 'csv_malformed',
      details: { line, column },
    });
  }
  const [header, ...records] = parsed.records;
  if (!header) {
    throw new BadRequest(`The CSV is empty; start with a header row (${IMPORT_COLUMNS.join(',')}).`, {
      code: 'csv_invalid_header',
    });
  }
  const check = checkHeader(header.fields);
  if (!check.ok) {
    throw new BadRequest('The CSV header is invalid.', {
      code: 'csv_invalid_header',
      errors: check.errors.map((e) => ({
        path: e.column,
        message: e.message,
        code: 'invalid_column',
        location: 'body',
      })),
    });
  }
  return { columns: check.columns, records };
}

export function registerPeopleImport(router: OpenAPIHono<AppEnv>, kit: Kit): void {
  const route = createRoute({
    method: 'post',
    path: '/import',
    tags: ['people'],
    summary: 'Import people from CSV (HR)',
    description: [
      'Columns (header row, any order): email, name, department (name or id) required; manager_email, roles',
      '(separated by ; or spaces), job_title optional. A person is matched by e-mail: new e-mails are created,',
      'known ones updated. A column left out keeps current values; a blank cell means none / the default.',
      'Every row is reported, an invalid one with all its errors at once (`column`, a stable `code`, `message`):',
      'its cells beside its references (an unknown department or manager, an e-mail of another organisation), so',
      'one pass over the report fixes the file. All valid rows are applied together in one transaction and',
      'invalid rows are skipped whole. Your own row may not change your department, manager or roles (a row error',
      '`own_person_record` on each such column; another HR administrator changes them); its other cells may.',
      'A UTF-8 BOM, CRLF line ends and quoted fields (RFC 4180) are accepted.',
      '`?dryRun=true` validates only.',
    ].join(' '),
    middleware: [kit.idempotent] as const,
    request: {
      query: ImportQuery,
      headers: IdempotencyHeaders,
      body: {
        required: true,
        content: {
          [CSV_TYPE]: {
            schema: z.string().openapi({ example: 'email,name,department\nann@acme.test,Ann Lee,Sales\n' }),
          },
        },
      },
    },
    responses: { 200: jsonResponse(ImportResult, 'Per-row results'), ...problems(400, 403, 409, 415) },
  });

  router.openapi(route, async (c) => {
    const access = await kit.access(c);
    access.requireHr();
    const type = (c.req.header('Content-Type') ?? '').split(';')[0]?.trim().toLowerCase();
    if (type !== CSV_TYPE) throw new UnsupportedMediaType(`Send the CSV as ${CSV_TYPE}.`);
    const dryRun = c.req.valid('query').dryRun === 'true';
    const { columns, records } = readCsv(await c.req.text());

    const emailIndex = columns.get('email') ?? 0;
    const emails = new Set(records.map((r) => (r.fields[emailIndex] ?? '').trim().toLowerCase()));
    const plan = async (snapshot: OrgSnapshot, identities: Identities) =>
      planImport({
        snapshot,
        columns,
        records,
        foreignEmails: await foreignEmailsOf(identities, snapshot, emails),
        newId: () => newId(ID_PREFIXES.people),
        actorId: access.personId,
      });

    if (dryRun) return c.json(resultBody(await plan(access.snapshot, kit.store.identities), true), 200);

    const result = await kit.writeReply(c, async (w) => {
      // Planned on the organisation and the identities as this transaction sees them.
      const p = await plan(await loadOrgSnapshot(w.tx, w.orgId), w.tx.identities);
      // Identities first: every audit entry below row-locks the organisation (lock order on PostgreSQL).
      for (const person of p.creates) {
        const linked = await linkEmailIdentity(w.tx, w.orgId, person.id, person.email);
        if (!linked.ok) throw emailTaken();
      }
      for (const person of p.creates) {
        await w.create('people', { id: person.id, ...personColumns(person), data: person });
      }
      for (const { person, record } of p.updates) {
        await w.update('people', person.id, {
          expectedVersion: record.version,
          data: person,
          ...personColumns(person),
        });
      }
      const body = resultBody(p, false);
      await w.audit({ action: 'people.import', resourceKind: 'people', data: body.summary });
      return reply(200, body);
    });
    return send(c, result);
  });
}
