// Valid inputs for people, departments and policies (HR's organisation set-up).
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import {
  all,
  type GenContext,
  gen,
  oneOf,
  perOrg,
  pick,
  serial,
  str,
  type ValidGenerator,
} from './context.ts';

const emptyDepartments = (ctx: GenContext, org: 'acme' | 'globex') => {
  const people = ctx.facts.of(org, 'people');
  const departments = ctx.facts.of(org, 'departments');
  return departments.filter(
    (d) =>
      d.parentId !== null &&
      !people.some((p) => p.departmentId === d.id) &&
      !departments.some((c) => c.parentId === d.id),
  );
};

const FUZZ_TENANT = 'f0220000-0000-4000-8000-000000000000';
/** An Entra login `<tid>:<oid>` made from a seed (a person id, a serial): the same seed, the same login. */
function entraLogin(seed: string): string {
  const h = createHash('sha256').update(seed).digest('hex');
  return `${FUZZ_TENANT}:${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}
/** The people the identity set-up links a login to (a few per organisation). */
const loginHolders = (ctx: GenContext, org: 'acme' | 'globex') =>
  ctx.facts.of(org, 'people').slice(0, org === 'acme' ? 8 : 2);

export const organisationGenerators: Record<string, ValidGenerator> = {
  'PUT /v1/people/{id}/identities/{provider}/{subject}': gen({
    inputs: (ctx) =>
      perOrg((org) =>
        all({ id: pick(ctx.facts.of(org, 'people').map((p) => p.id)), n: serial })?.map(({ id, n }) => ({
          caller: ctx.hr(org),
          path: { id, provider: 'entra', subject: entraLogin(`put ${n}`) },
        })),
      ),
  }),

  'DELETE /v1/people/{id}/identities/{provider}/{subject}': gen({
    // HR links one Entra login to a few people of each organisation for the cases to unlink.
    async setup(ctx, api) {
      for (const org of ['acme', 'globex'] as const)
        for (const person of loginHolders(ctx, org))
          await api.call(
            ctx.hr(org),
            'PUT',
            `/v1/people/${person.id}/identities/entra/${entraLogin(person.id)}`,
            {
              ifMatch: person.version,
            },
          );
    },
    inputs: (ctx) =>
      perOrg(
        (org) =>
          pick(loginHolders(ctx, org).map((p) => p.id))?.map((id) => ({
            caller: ctx.hr(org),
            path: { id, provider: 'entra', subject: entraLogin(id) },
          })) ?? null,
      ),
  }),

  'POST /v1/people': gen({
    inputs: (ctx) =>
      perOrg((org) =>
        all({
          n: serial,
          dept: pick(ctx.facts.of(org, 'departments').map((d) => d.id)),
          manager: pick(ctx.facts.of(org, 'people').map((p) => p.id)),
          roles: fc.constantFrom(['employee'], ['employee', 'manager']),
          withManager: fc.boolean(),
        })?.map(({ n, dept, manager, roles, withManager }) => ({
          caller: ctx.hr(org),
          body: {
            name: `Fuzz Person ${n}`,
            email: `fz.person${n}@${org}.test`,
            departmentId: dept,
            ...(withManager ? { managerId: manager } : {}),
            roles,
            jobTitle: 'Analyst',
          },
        })),
      ),
  }),

  'POST /v1/people/import': gen({
    inputs: (ctx) =>
      perOrg((org) => {
        const departments = ctx.facts.of(org, 'departments').map((d) => str(d, 'name') ?? '');
        const managers = ctx.facts.of(org, 'people').map((p) => str(p, 'email') ?? '');
        return all({
          rows: fc.array(
            all({
              n: serial,
              dept: pick(departments),
              manager: pick(managers),
              roles: fc.constantFrom('employee', 'employee;manager'),
            }) as fc.Arbitrary<{ n: number; dept: string; manager: string; roles: string }>,
            { minLength: 1, maxLength: 4 },
          ),
          dryRun: fc.constantFrom<string | undefined>(undefined, 'true', 'false'),
        })?.map(({ rows, dryRun }) => ({
          caller: ctx.hr(org),
          ...(dryRun ? { query: [['dryRun', dryRun]] as [string, string][] } : {}),
          text: [
            'email,name,department,manager_email,roles,job_title',
            ...rows.map(
              (r) => `fz.import${r.n}@${org}.test,Imported ${r.n},${r.dept},${r.manager},${r.roles},Analyst`,
            ),
          ].join('\n'),
        }));
      }),
  }),

  'DELETE /v1/departments/{id}': gen({
    // Every department of the world has people: HR adds empty ones to delete.
    async setup(ctx, api) {
      for (const org of ['acme', 'globex'] as const) {
        const root = ctx.facts.of(org, 'departments').find((d) => d.parentId === null);
        for (let i = 1; i <= (org === 'acme' ? 6 : 2); i++)
          await api.call(ctx.hr(org), 'POST', '/v1/departments', {
            json: { name: `Fuzz empty ${i}`, parentId: root?.id ?? null },
          });
      }
    },
    inputs: (ctx) =>
      perOrg(
        (org) =>
          pick(emptyDepartments(ctx, org).map((d) => d.id))?.map((id) => ({
            caller: ctx.hr(org),
            path: { id },
          })) ?? null,
      ),
  }),

  'PATCH /v1/policies/{id}': gen({
    inputs: (ctx) =>
      perOrg((org) =>
        all({
          id: pick(ctx.facts.of(org, 'policies').map((p) => p.id)),
          n: serial,
          change: fc.constantFrom('name', 'coaching', 'promotion'),
          cadence: fc.constantFrom('weekly', 'biweekly', 'monthly'),
          graceDays: fc.integer({ min: 0, max: 14 }),
        })?.map(({ id, n, change, cadence, graceDays }) => ({
          caller: ctx.hr(org),
          path: { id },
          body:
            change === 'name'
              ? { name: `Fuzz policy ${n}` }
              : change === 'coaching'
                ? { coaching: { cadence, graceDays } }
                : { name: `Fuzz policy ${n}`, coaching: { cadence, graceDays } },
        })),
      ),
  }),

  'POST /v1/api-keys/{id}/revoke': gen({
    async setup(ctx, api) {
      for (const org of ['acme', 'globex'] as const)
        for (let i = 1; i <= 3; i++)
          await api.call(ctx.hr(org), 'POST', '/v1/api-keys', {
            json: { name: `Fuzz key ${i}`, scopes: ['sync:notion'] },
          });
    },
    inputs: (ctx) =>
      oneOf(
        ...(['acme', 'globex'] as const).map(
          (org) =>
            pick(
              ctx.facts
                .of(org, 'api_keys')
                .filter((k) => k.revokedAt === null)
                .map((k) => k.id),
            )?.map((id) => ({ caller: ctx.hr(org), path: { id } })) ?? null,
        ),
      ),
  }),
};
