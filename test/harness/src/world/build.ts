// The fuzzing world: the demo organisation Acme (a closed cycle, one in coach) plus cycles in plan, appraise
// and calibrate, another tenant Globex, API keys (live, revoked, expired) and linked Entra identities.
import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { bootstrapOrganisation } from '@perfloop/api/bootstrap';
import { seedDemo } from '@perfloop/api/demo';
import { openStore, RESOURCE_KINDS, type Store } from '@perfloop/store';
import BetterSqlite3 from 'better-sqlite3';
import { sql } from 'kysely';
import { fuzzApp } from './app.ts';
import { items, ok, str, type Target } from './client.ts';
import {
  type Caller,
  ENTRA,
  FINAL_TEMPLATE,
  type OrgFacts,
  type RecordedCall,
  type Worlds,
} from './manifest.ts';

const dev = (email: string) => `dev:${email}`;

/** `pl_<prefix>_<secret>` and the sha-256 the store keeps (the API's key format, see apps/api/README.md). */
function apiKeyMaterial(): { key: string; prefix: string; hash: string } {
  const prefix = randomBytes(6).toString('hex');
  const key = `pl_${prefix}_${randomBytes(32).toString('hex')}`;
  return { key, prefix, hash: createHash('sha256').update(key, 'utf8').digest('hex') };
}

async function version(api: Target, path: string, token: string): Promise<number> {
  const body = await ok(api, 'GET', path, { token });
  const v = body.version;
  if (typeof v !== 'number') throw new Error(`${path} has no version`);
  return v;
}

/** HR moves a cycle on with an override (the fuzzing world does not need every guard met). */
async function forceTo(api: Target, hr: string, cycleId: string, phases: readonly string[]): Promise<void> {
  for (const to of phases) {
    await ok(api, 'POST', `/v1/cycles/${cycleId}/transitions`, {
      token: hr,
      json: { to, override: { reason: 'Fuzzing world: move on without every guard met.' } },
    });
  }
}

async function personGoal(api: Target, token: string, cycleId: string, ownerId: string, title: string) {
  return ok(api, 'POST', '/v1/goals', {
    token,
    json: {
      cycleId,
      kind: 'kpi',
      level: 'person',
      ownerId,
      title,
      unit: 'deals',
      direction: 'higher_is_better',
      baseline: 0,
      target: 10,
      weight: 100,
    },
  });
}

async function acmeExtras(store: Store, api: Target, orgId: string): Promise<void> {
  const hr = dev('hr@acme.test');
  const people = items(await ok(api, 'GET', '/v1/people?limit=100', { token: hr }));
  const idOf = (email: string) => str(people.find((p) => p.email === email) ?? {}, 'id');
  const policies = items(await ok(api, 'GET', '/v1/policies', { token: hr }));
  const policyId = str(policies[0] ?? {}, 'id');
  const departments = items(await ok(api, 'GET', '/v1/departments?limit=100', { token: hr }));
  const deptId = (name: string) => str(departments.find((d) => d.name === name) ?? {}, 'id');

  // Entra: Acme is bound to the tenant; Ava and Hannah (HR) have linked Entra object ids.
  await ok(api, 'PATCH', '/v1/organisation', {
    token: hr,
    json: { settings: { entraTenantId: ENTRA.tenantId } },
    ifMatch: await version(api, '/v1/organisation', hr),
  });
  for (const [email, oid] of [
    ['ava@acme.test', ENTRA.avaOid],
    ['hr@acme.test', ENTRA.hrOid],
  ] as const) {
    const linked = await store.identities.link({
      orgId,
      provider: 'entra',
      subject: `${ENTRA.tenantId}:${oid}`,
      personId: idOf(email),
    });
    if (!linked.ok) throw new Error(`could not link ${email} to Entra`);
  }

  // A cycle in plan (Sales), one in appraise (Engineering) and one in calibrate (People + Sales heads).
  const plan = await ok(api, 'POST', '/v1/cycles', {
    token: hr,
    json: {
      name: '2027 H1',
      policyId,
      startsOn: '2027-01-01',
      endsOn: '2027-06-30',
      departmentIds: [deptId('Sales')],
    },
  });
  const avaGoal = await personGoal(
    api,
    dev('marcus@acme.test'),
    str(plan, 'id'),
    idOf('ava@acme.test'),
    'Close ten deals',
  );

  const appraise = await ok(api, 'POST', '/v1/cycles', {
    token: hr,
    json: {
      name: 'Engineering review 2026',
      policyId,
      startsOn: '2026-03-01',
      endsOn: '2026-08-31',
      departmentIds: [deptId('Engineering')],
    },
  });
  const liamGoal = await personGoal(
    api,
    dev('raj@acme.test'),
    str(appraise, 'id'),
    idOf('liam@acme.test'),
    'Ship ten fixes',
  );
  await forceTo(api, hr, str(appraise, 'id'), ['coach', 'appraise']);

  const calibrate = await ok(api, 'POST', '/v1/cycles', {
    token: hr,
    json: {
      name: 'People review 2026',
      policyId,
      startsOn: '2026-02-01',
      endsOn: '2026-07-31',
      departmentIds: [deptId('People')],
    },
  });
  await personGoal(
    api,
    dev('grace@acme.test'),
    str(calibrate, 'id'),
    idOf('tom@acme.test'),
    'Hire ten people',
  );
  await forceTo(api, hr, str(calibrate, 'id'), ['coach', 'appraise', 'calibrate']);
  await ok(api, 'POST', '/v1/calibration-sessions', {
    token: hr,
    json: { cycleId: str(calibrate, 'id'), name: 'People calibration', departmentIds: [deptId('People')] },
  });
  await ok(api, 'POST', '/v1/feedback-requests', {
    token: dev('raj@acme.test'),
    json: {
      cycleId: str(appraise, 'id'),
      subjectId: idOf('liam@acme.test'),
      reviewerId: idOf('mia@acme.test'),
      component: 'peer',
      message: 'How did Liam do on the release train?',
    },
  });
  await ok(api, 'POST', '/v1/goal-templates', {
    token: hr,
    json: {
      name: 'Sales starter',
      goals: [
        {
          kind: 'kpi',
          level: 'person',
          title: 'New logos',
          unit: 'logos',
          direction: 'higher_is_better',
          baseline: 0,
          target: 5,
          weight: 100,
        },
      ],
    },
  });

  // Bulk score entries (the Sheets add-on's import), recorded so the fuzzer replays accepted requests:
  // an actual in plan; ratings in appraise, one person applied and one refused (a goal not in their plan).
  await ok(api, 'POST', `/v1/cycles/${str(plan, 'id')}/score-entries`, {
    token: dev('marcus@acme.test'),
    json: {
      people: [
        { personId: idOf('ava@acme.test'), goals: [{ goalId: str(avaGoal, 'id'), version: 1, actual: 3 }] },
      ],
    },
  });
  await ok(api, 'POST', `/v1/cycles/${str(appraise, 'id')}/score-entries`, {
    token: dev('raj@acme.test'),
    json: {
      people: [
        {
          personId: idOf('liam@acme.test'),
          managerReview: { version: null, ratings: [{ goalId: str(liamGoal, 'id'), rating: 4 }] },
        },
        {
          personId: idOf('mia@acme.test'),
          managerReview: { version: null, ratings: [{ goalId: str(liamGoal, 'id'), rating: 3 }] },
        },
      ],
    },
  });

  // API keys: a live sync:notion key (made through the API), a revoked one and an expired one.
  await ok(api, 'POST', '/v1/api-keys', {
    token: hr,
    json: { name: 'Notion sync', scopes: ['sync:notion'] },
  });
}

async function seedGlobex(store: Store, api: Target): Promise<string> {
  const boot = await bootstrapOrganisation(store, {
    name: 'Globex',
    slug: 'globex',
    hrEmail: 'gwen@globex.test',
    hrName: 'Gwen Stacy',
  });
  const hr = dev('gwen@globex.test');
  const ops = await ok(api, 'POST', '/v1/departments', {
    token: hr,
    json: { name: 'Operations', parentId: boot.department.id },
  });
  const gary = await ok(api, 'POST', '/v1/people', {
    token: hr,
    json: {
      name: 'Gary Globex',
      email: 'gary@globex.test',
      departmentId: str(ops, 'id'),
      managerId: boot.hr.id,
      roles: ['employee', 'manager', 'department_head'],
    },
  });
  await ok(api, 'PATCH', `/v1/departments/${str(ops, 'id')}`, {
    token: hr,
    json: { headId: str(gary, 'id') },
    ifMatch: 1,
  });
  const people = [];
  for (const [name, email] of [
    ['Gus Globex', 'gus@globex.test'],
    ['Gina Globex', 'gina@globex.test'],
  ] as const) {
    people.push(
      await ok(api, 'POST', '/v1/people', {
        token: hr,
        json: { name, email, departmentId: str(ops, 'id'), managerId: str(gary, 'id'), roles: ['employee'] },
      }),
    );
  }
  const policy = await ok(api, 'POST', '/v1/policies', {
    token: hr,
    json: { preset: 'incentive', overrides: { name: 'Globex policy' } },
  });
  const cycle = await ok(api, 'POST', '/v1/cycles', {
    token: hr,
    json: {
      name: 'Globex 2026',
      policyId: str(policy, 'id'),
      startsOn: '2026-01-01',
      endsOn: '2026-12-31',
      departmentIds: [str(ops, 'id')],
    },
  });
  for (const p of people) {
    await personGoal(api, dev('gary@globex.test'), str(cycle, 'id'), str(p, 'id'), 'Globex throughput');
  }
  await forceTo(api, hr, str(cycle, 'id'), ['coach']);
  const gus = str(people[0] ?? {}, 'id');
  await ok(api, 'POST', '/v1/check-ins', {
    token: dev('gary@globex.test'),
    json: { cycleId: str(cycle, 'id'), subjectId: gus, kind: 'guidance_note', notes: 'Globex check-in.' },
  });
  await ok(api, 'POST', '/v1/api-keys', {
    token: hr,
    json: { name: 'Globex sync', scopes: ['sync:notion'] },
  });
  return boot.organisation.id;
}

/** Keys made straight in the store so their plaintext is known: live, revoked and expired. */
async function keysFor(store: Store, orgId: string): Promise<OrgKeys> {
  const make = async (name: string, extra: { expiresAt?: string } = {}) => {
    const m = apiKeyMaterial();
    const id = `key_${randomBytes(6).toString('hex')}`;
    await store.apiKeys.create({
      id,
      orgId,
      name,
      prefix: m.prefix,
      hash: m.hash,
      scopes: ['sync:notion'],
      ...extra,
    });
    return { id, key: m.key };
  };
  const live = await make('Fuzz live key');
  const revoked = await make('Fuzz revoked key');
  await store.apiKeys.revoke(orgId, revoked.id);
  const expired = await make('Fuzz expired key', { expiresAt: '2020-01-01T00:00:00.000Z' });
  return { live: live.key, revoked: revoked.key, expired: expired.key };
}

interface OrgKeys {
  live: string;
  revoked: string;
  expired: string;
}

/** Every id of every kind in a template file, per organisation (read straight from the file). */
function idsIn(file: string): Map<string, Record<string, string[]>> {
  const db = new BetterSqlite3(file, { readonly: true });
  try {
    const out = new Map<string, Record<string, string[]>>();
    const add = (org: string, kind: string, id: string) => {
      const ids = out.get(org) ?? { organisations: [org] };
      out.set(org, ids);
      const list = ids[kind] ?? [];
      ids[kind] = list;
      list.push(id);
    };
    for (const { id } of db.prepare('select id from organisations').all() as { id: string }[])
      add(id, 'organisations', id);
    for (const kind of RESOURCE_KINDS) {
      const rows = db
        .prepare(`select org_id, id from "r_${kind}" where deleted_at is null order by id`)
        .all() as {
        org_id: string;
        id: string;
      }[];
      for (const r of rows) add(r.org_id, kind, r.id);
    }
    for (const r of db.prepare('select org_id, id from api_keys').all() as { org_id: string; id: string }[]) {
      add(r.org_id, 'api_keys', r.id);
    }
    return out;
  } finally {
    db.close();
  }
}

/** The strongest role a person holds, for labels and for picking HR. */
function roleOf(roles: unknown): Caller['role'] {
  const list = Array.isArray(roles) ? roles : [];
  if (list.includes('hr_admin')) return 'hr';
  if (list.includes('department_head')) return 'head';
  if (list.includes('manager')) return 'manager';
  return 'employee';
}

/** Every person of the organisation signs in (demo sign-in), plus its live API key; ids filled in per template. */
async function callersOf(
  api: Target,
  slug: 'acme' | 'globex',
  hrEmail: string,
  keys: OrgKeys,
): Promise<OrgFacts> {
  const hr = dev(hrEmail);
  const org = await ok(api, 'GET', '/v1/organisation', { token: hr });
  const people = items(await ok(api, 'GET', '/v1/people?limit=100', { token: hr }));
  const list: Caller[] = people.map((p) => {
    const role = roleOf(p.roles);
    const email = str(p, 'email');
    return {
      label: `${slug}:${role}:${email.split('@')[0]}`,
      org: slug,
      role,
      token: dev(email),
      personId: str(p, 'id'),
    };
  });
  // HR first: the fuzzer reads current versions as the organisation's first HR caller.
  list.sort((a, b) => Number(b.token === hr) - Number(a.token === hr));
  list.push({ label: `${slug}:service:sync`, org: slug, role: 'service', token: keys.live });
  return {
    slug,
    id: str(org, 'id'),
    callers: list,
    revokedKey: keys.revoked,
    expiredKey: keys.expired,
    ids: {},
  };
}

/** `POST /v1/goals/{}`: the method and the path with every id segment (it holds an underscore) blanked. */
export function shapeOf(method: string, url: string): string {
  const path = url.split('?')[0] ?? url;
  return `${method} ${path
    .split('/')
    .map((segment) => (segment.includes('_') ? '{}' : segment))
    .join('/')}`;
}

const TRANSITION = /^\/v1\/cycles\/[^/]+\/transitions$/;

/**
 * Builds the templates in `dir`. Globex first; then the demo seed for Acme, with Acme's extras
 * (more cycles, Entra links, keys) made just before the seed's first cycle. From then on, before the
 * first write of each shape after every cycle transition, the database is snapshotted (VACUUM INTO):
 * that snapshot is the template on which the seed's requests of that shape replay. Every accepted
 * request is kept as an example, tagged with its template.
 */
export async function buildWorlds(dir: string): Promise<Worlds> {
  const examples: RecordedCall[] = [];
  const finalFile = join(dir, `${FINAL_TEMPLATE}.sqlite`);
  const files = new Map<string, string>([[FINAL_TEMPLATE, finalFile]]);
  const store = await openStore({ kind: 'sqlite', file: finalFile });
  let acmeKeys: OrgKeys | undefined;
  let globexKeys: OrgKeys;
  try {
    const app = fuzzApp(store);
    const globexId = await seedGlobex(store, app);
    globexKeys = await keysFor(store, globexId);

    const templateOfShape = new Map<string, string>();
    const api: Target = {
      async request(input, init = {}) {
        const method = (init.method ?? 'GET').toUpperCase();
        const shape = shapeOf(method, input);
        if (method !== 'GET') {
          if (!acmeKeys && shape === 'POST /v1/cycles') {
            // Before the seed's first cycle: keys, then the extras, themselves recorded and snapshotted.
            const acmeId = (await store.organisations.list({ limit: 10 })).organisations.find(
              (o) => o.slug === 'acme',
            )?.id;
            if (!acmeId) throw new Error('the demo organisation is missing');
            acmeKeys = await keysFor(store, acmeId);
            await acmeExtras(store, api, acmeId);
            templateOfShape.clear();
          }
          if (acmeKeys && !templateOfShape.has(shape)) {
            const id = `at-${files.size}`;
            const file = join(dir, `${id}.sqlite`);
            await sql`vacuum into ${file}`.execute(store.db);
            files.set(id, file);
            templateOfShape.set(shape, id);
          }
        }
        const res = await app.request(input, init);
        if (res.status >= 200 && res.status < 300) {
          const token = (new Headers(init.headers).get('authorization') ?? '').replace(/^Bearer /, '');
          const call: RecordedCall = {
            template: templateOfShape.get(shape) ?? FINAL_TEMPLATE,
            method,
            url: input,
            token,
          };
          if (typeof init.body === 'string') {
            try {
              call.body = JSON.parse(init.body);
            } catch {
              // not JSON: not an example
            }
          }
          examples.push(call);
          // A transition starts a new phase: the next write of each shape is snapshotted afresh.
          if (method === 'POST' && TRANSITION.test(input)) templateOfShape.clear();
        }
        return res;
      },
    };
    await seedDemo(store, api);
    if (!acmeKeys) throw new Error('the demo seed made no cycle');
    const acme = await callersOf(app, 'acme', 'hr@acme.test', acmeKeys);
    const globex = await callersOf(app, 'globex', 'gwen@globex.test', globexKeys);
    acme.callers.push({
      label: 'acme:employee:ava(entra)',
      org: 'acme',
      role: 'employee',
      entra: ENTRA.avaOid,
      token: '',
      personId: acme.callers.find((c) => c.token === dev('ava@acme.test'))?.personId ?? '',
    });
    await store.close();
    const templates: Worlds['templates'] = new Map();
    for (const [id, file] of files) {
      const ids = idsIn(file);
      templates.set(id, {
        file,
        manifest: {
          acme: { ...acme, ids: ids.get(acme.id) ?? {} },
          globex: { ...globex, ids: ids.get(globex.id) ?? {} },
        },
      });
    }
    return { templates, examples };
  } catch (error) {
    await store.close().catch(() => undefined);
    throw error;
  }
}
