// Roles-matrix cases: who calls as whom, which person or department each target names, and the shared helpers.
import type { ResourceKind } from '@perfloop/store';
import { matrixSessionId, seedAppraiseMatrix } from '../../routes/appraise/matrixFixture.ts';
import { MATRIX_TEMPLATE, matrixTemplateId } from '../../routes/cycles/matrixFixture.ts';
import type { ApiHarness, CallInit, Fixture } from '../../testing/apiHarness.ts';
import type { Actor, Target } from './rules.ts';

export type Name = keyof Fixture['id'];

export const CALLER: Record<Exclude<Actor, 'service'>, Name> = {
  employee: 'sam',
  manager: 'mo',
  head: 'hana',
  hr: 'hal',
};

/** People targets: own = in the actor's scope (themselves, a report, a department member), other = outside it. */
export const PERSON: Record<Actor, Record<'own' | 'other', Name>> = {
  employee: { own: 'sam', other: 'pia' },
  manager: { own: 'pia', other: 'sam' },
  head: { own: 'sam', other: 'paul' },
  hr: { own: 'sam', other: 'paul' },
  service: { own: 'sam', other: 'pia' },
};
/** Department targets: own = the actor's department, other = another one of the organisation. */
export const DEPARTMENT: Record<Actor, Record<'own' | 'other', keyof Fixture['dept']>> = {
  employee: { own: 'sales', other: 'eng' },
  manager: { own: 'platform', other: 'sales' },
  head: { own: 'sales', other: 'platform' },
  hr: { own: 'root', other: 'sales' },
  service: { own: 'sales', other: 'eng' },
};

export interface Ctx {
  h: ApiHarness;
  f: Fixture;
  actor: Actor;
  target: Target;
  /** The id of the target person / department, and of their organisation. */
  personId: string;
  departmentId: string;
  orgId: string;
  /** A login subject unique to this case. */
  subject: string;
  /**
   * `If-Match` with the target's current version (`"1"` for another organisation's). The record is
   * remembered: a refused write must leave it as it was (read back after the call).
   */
  ifMatch(kind: ResourceKind, id: string): Promise<Record<string, string>>;
  /** Records the request targets, read back after a refused write (ifMatch adds to them; init may too). */
  touched: { kind: ResourceKind; orgId: string; id: string }[];
  /** The id of a record `init` made for this case alone (one the request may use up). */
  fresh: string;
}

export interface Operation {
  method: string;
  path: (ctx: Ctx) => string;
  init?: (ctx: Ctx) => Promise<CallInit> | CallInit;
  /** Extra state a refused call must leave as it was (besides audit heads and touched records). */
  state?: (ctx: Ctx) => Promise<unknown>;
}

/** The Entra tenant of the logins the matrix links (any GUID: linking does not check tenants). */
export const MATRIX_TENANT = 'aaaaaaaa-0000-4000-8000-00000000000a';

/** A `sync:notion` key of one organisation, made once per harness (to seed state and leases as its key would). */
const integrationKeys = new WeakMap<ApiHarness, Map<string, Promise<string>>>();
export function integrationKey(h: ApiHarness, orgId: string): Promise<string> {
  let keys = integrationKeys.get(h);
  if (!keys) {
    keys = new Map();
    integrationKeys.set(h, keys);
  }
  let key = keys.get(orgId);
  if (!key) {
    key = h.apiKey(orgId, ['sync:notion']);
    keys.set(orgId, key);
  }
  return key;
}

/** One `matrix` state entry in Acme and one `matrix-globex` entry in Globex, seeded once per harness. */
const integrationSeeded = new WeakMap<ApiHarness, Promise<void>>();
export function seedIntegrationMatrix(h: ApiHarness, f: Fixture): Promise<void> {
  let p = integrationSeeded.get(h);
  if (!p) {
    p = (async () => {
      const acmeKey = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
      const globexKey = await h.apiKey(f.globex.organisation.id, ['sync:notion']);
      for (const [key, name] of [
        [acmeKey, 'matrix'],
        [globexKey, 'matrix-globex'],
      ] as const) {
        const res = await h.call('PUT', `/v1/integrations/notion/state/${name}`, {
          key,
          json: { value: { seeded: true } },
          headers: { 'If-None-Match': '*' },
        });
        if (res.status !== 201) throw new Error(`seeding ${name}: ${res.status}`);
      }
    })();
    integrationSeeded.set(h, p);
  }
  return p;
}

/** A read of one calibration session (the one over the target department; Globex's root for another organisation). */
export function sessionView(view: string): Operation {
  return {
    method: 'GET',
    path: (x) => `/v1/calibration-sessions/${matrixSessionId(x.departmentId)}/${view}`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {};
    },
  };
}

/** A scored person the session over the target department covers. */
export function sessionMember(x: Ctx): string {
  const { f } = x;
  const members: Record<string, string> = {
    [f.dept.root]: f.id.sam,
    [f.dept.sales]: f.id.sam,
    [f.dept.eng]: f.id.mo,
    [f.dept.platform]: f.id.pia,
    [f.globexRoot]: f.id.gus,
  };
  return members[x.departmentId] ?? f.id.sam;
}

/** The template a case acts on: the caller's own, Cat's (someone else's), or Globex's. */
export function templateOf(x: Ctx): string {
  if (x.target === 'foreign') return MATRIX_TEMPLATE.globex;
  if (x.target === 'own' && x.actor !== 'service') return matrixTemplateId(x.f.id[CALLER[x.actor]]);
  return MATRIX_TEMPLATE.acme;
}
