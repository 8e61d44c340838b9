// Roles-matrix operations: cycles, policies, results, bulk compensation, API keys and other organisation-wide routes.
import { MATRIX_PLAN_CYCLE, seedLoopMatrix } from '../../routes/cycles/matrixFixture.ts';
import {
  MATRIX_APPLY_CYCLE,
  MATRIX_IMPROVE_CYCLE,
  seedResultsMatrix,
} from '../../routes/loop/matrixFixture.ts';
import type { Ctx, Operation } from './context.ts';
import {
  freshCycle,
  GLOBEX_APPLY_CYCLE,
  ORG_CYCLE,
  ORG_POLICY,
  seedOrganisationMatrix,
} from './organisationFixture.ts';

/** The organisation's plan cycle, or Globex's for another organisation's. */
const cycleOf = (x: Ctx) => (x.target === 'foreign' ? ORG_CYCLE.globex : ORG_CYCLE.acme);
const policyOf = (x: Ctx) => (x.target === 'foreign' ? ORG_POLICY.globex : ORG_POLICY.acme);
const applyCycleOf = (x: Ctx) => (x.target === 'foreign' ? GLOBEX_APPLY_CYCLE : MATRIX_APPLY_CYCLE);

/** A read of one of the cycle's lists or reports (filtered to the caller's scope by its route suite). */
function cycleView(view: string): Operation {
  return {
    method: 'GET',
    path: (x) => `/v1/cycles/${cycleOf(x)}/${view}`,
    init: async (x) => {
      await seedOrganisationMatrix(x.h, x.f);
      return {};
    },
  };
}

/** A plain GET of a path with no target (a list of the caller's organisation, "me", a probe). */
const read = (path: string): Operation => ({ method: 'GET', path: () => path });

export const ORGANISATION_OPERATIONS = {
  'GET /healthz': read('/healthz'),
  'GET /readyz': read('/readyz'),
  'GET /v1/people': read('/v1/people'),
  'GET /v1/people/me': read('/v1/people/me'),
  'GET /v1/departments': read('/v1/departments'),
  'GET /v1/cycles': read('/v1/cycles'),
  'GET /v1/calibration-sessions': read('/v1/calibration-sessions'),
  'GET /v1/check-ins': read('/v1/check-ins'),
  'GET /v1/feedback-meetings': read('/v1/feedback-meetings'),
  'GET /v1/feedback-requests': read('/v1/feedback-requests'),
  'GET /v1/gap-attributions': read('/v1/gap-attributions'),
  'GET /v1/target-adjustments': read('/v1/target-adjustments'),
  'GET /v1/goal-templates': read('/v1/goal-templates'),
  'GET /v1/goals': read('/v1/goals'),
  'GET /v1/policies': read('/v1/policies'),
  'GET /v1/policies/presets': read('/v1/policies/presets'),
  'GET /v1/reviews': read('/v1/reviews'),
  'GET /v1/me/feedback-requests': read('/v1/me/feedback-requests'),
  'GET /v1/me/goals': {
    method: 'GET',
    path: () => `/v1/me/goals?cycleId=${ORG_CYCLE.acme}`,
    init: async (x) => {
      await seedOrganisationMatrix(x.h, x.f);
      return {};
    },
  },
  'GET /v1/me/results': read('/v1/me/results'),
  'GET /v1/me/to-do': read('/v1/me/to-do'),
  'GET /v1/api-keys': read('/v1/api-keys'),
  'GET /v1/audit': read('/v1/audit'),
  'GET /v1/audit/verify': read('/v1/audit/verify'),
  'GET /v1/alerts/deliveries': read('/v1/alerts/deliveries'),
  'GET /v1/alerts/unreachable': read('/v1/alerts/unreachable'),
  'GET /v1/alerts/status': read('/v1/alerts/status'),
  'GET /v1/changes': read('/v1/changes'),
  'GET /v1/organisation': read('/v1/organisation'),
  'GET /v1/integrations/{integration}/state': read('/v1/integrations/notion/state'),
  'PATCH /v1/organisation': {
    method: 'PATCH',
    path: () => '/v1/organisation',
    init: async (x) => {
      const org = await x.h.store.organisations.get(x.orgId);
      return { json: { settings: { locale: 'en-GB' } }, headers: { 'If-Match': `"${org?.version ?? 1}"` } };
    },
  },
  'POST /v1/api-keys': {
    method: 'POST',
    path: () => '/v1/api-keys',
    init: (x) => ({ json: { name: `Matrix key by ${x.actor}`, scopes: ['sync:notion'] } }),
  },
  // A fresh key of the target organisation per case.
  'POST /v1/api-keys/{id}/revoke': {
    method: 'POST',
    path: (x) => `/v1/api-keys/${x.fresh}/revoke`,
    init: async (x) => {
      const prefix = (await x.h.apiKey(x.orgId, ['sync:notion'])).split('_')[1];
      const key = (await x.h.store.apiKeys.list(x.orgId)).find((k) => k.prefix === prefix);
      if (!key) throw new Error(`no key ${prefix}`);
      x.fresh = key.id;
      return {};
    },
    state: async (x) => (await x.h.store.apiKeys.list(x.orgId)).find((k) => k.id === x.fresh)?.revokedAt,
  },
  // Creations naming a department / policy: the organisation's own, or (foreign) Globex's in the body.
  'POST /v1/people': {
    method: 'POST',
    path: () => '/v1/people',
    init: (x) => ({
      json: {
        name: 'Matrix Person',
        email: `${x.subject}@acme.test`,
        departmentId: x.target === 'foreign' ? x.f.globexRoot : x.f.dept.sales,
        managerId: null,
      },
    }),
  },
  'POST /v1/people/import': {
    method: 'POST',
    path: () => '/v1/people/import?dryRun=true',
    init: (x) => ({
      body: `email,name,department\n${x.subject}@acme.test,Matrix Import,Sales\n`,
      headers: { 'Content-Type': 'text/csv' },
    }),
  },
  'POST /v1/departments': {
    method: 'POST',
    path: () => '/v1/departments',
    init: (x) => ({
      json: {
        name: `Matrix ${x.subject}`,
        parentId: x.target === 'foreign' ? x.f.globexRoot : x.f.dept.root,
        headId: null,
      },
    }),
  },
  'POST /v1/policies': {
    method: 'POST',
    path: () => '/v1/policies',
    init: () => ({ json: { preset: 'control' } }),
  },
  'POST /v1/goal-templates': {
    method: 'POST',
    path: () => '/v1/goal-templates',
    init: (x) => ({
      json: {
        name: `Matrix template by ${x.actor}`,
        goals: [{ kind: 'competency', title: 'Matrix goal', level: 'person', weight: 100, alignedTo: null }],
      },
    }),
  },
  'POST /v1/cycles': {
    method: 'POST',
    path: () => '/v1/cycles',
    init: async (x) => {
      await seedOrganisationMatrix(x.h, x.f);
      return {
        json: {
          name: `Matrix ${x.actor}`,
          policyId: policyOf(x),
          startsOn: '2027-01-01',
          endsOn: '2027-06-30',
        },
      };
    },
  },
  // Over the target department (Globex's root for another organisation), in a fresh calibrate cycle.
  'POST /v1/calibration-sessions': {
    method: 'POST',
    path: () => '/v1/calibration-sessions',
    init: async (x) => {
      const cycleId = await freshCycle(x.h, x.f.acme.organisation.id, 'calibrate');
      return { json: { cycleId, name: `Matrix ${x.actor}`, departmentIds: [x.departmentId] } };
    },
  },
  'GET /v1/cycles/{id}': {
    method: 'GET',
    path: (x) => `/v1/cycles/${cycleOf(x)}`,
    init: async (x) => {
      await seedOrganisationMatrix(x.h, x.f);
      return {};
    },
  },
  'PATCH /v1/cycles/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/cycles/${cycleOf(x)}`,
    init: async (x) => {
      await seedOrganisationMatrix(x.h, x.f);
      return { json: { name: `Renamed by ${x.actor}` }, headers: await x.ifMatch('cycles', cycleOf(x)) };
    },
  },
  // A fresh plan cycle (no participants) per case, moved on with an override.
  'POST /v1/cycles/{id}/transitions': {
    method: 'POST',
    path: (x) => `/v1/cycles/${x.fresh}/transitions`,
    init: async (x) => {
      x.fresh = await freshCycle(x.h, x.orgId, 'plan');
      x.touched.push({ kind: 'cycles', orgId: x.orgId, id: x.fresh });
      return { json: { to: 'coach', override: { reason: `Moved on by the roles matrix (${x.actor}).` } } };
    },
  },
  // A fresh plan cycle per case: the target person is added (another organisation's: its cycle is not found).
  'POST /v1/cycles/{id}/participants': {
    method: 'POST',
    path: (x) => `/v1/cycles/${x.fresh}/participants`,
    init: async (x) => {
      x.fresh = await freshCycle(x.h, x.orgId, 'plan');
      return { json: { personIds: [x.personId] }, headers: await x.ifMatch('cycles', x.fresh) };
    },
  },
  // A fresh plan cycle of the target person per case, who is withdrawn from it.
  'POST /v1/cycles/{id}/withdrawals': {
    method: 'POST',
    path: (x) => `/v1/cycles/${x.fresh}/withdrawals`,
    init: async (x) => {
      x.fresh = await freshCycle(x.h, x.orgId, 'plan', [x.personId]);
      return {
        json: { personId: x.personId, kind: 'other', reason: `Withdrawn by the roles matrix (${x.actor}).` },
        headers: await x.ifMatch('cycles', x.fresh),
      };
    },
  },
  'GET /v1/cycles/{id}/readiness': cycleView('readiness'),
  'GET /v1/cycles/{id}/participants': cycleView('participants'),
  'GET /v1/cycles/{id}/plans': cycleView('plans'),
  'GET /v1/cycles/{id}/scores': cycleView('scores'),
  'GET /v1/cycles/{id}/results': cycleView('results'),
  'GET /v1/cycles/{id}/compensation': cycleView('compensation'),
  'GET /v1/cycles/{id}/next-cycle-drafts': cycleView('next-cycle-drafts'),
  'GET /v1/cycles/{id}/alignment': cycleView('alignment'),
  'GET /v1/cycles/{id}/reports/alignment': cycleView('reports/alignment'),
  'GET /v1/cycles/{id}/reports/coaching': cycleView('reports/coaching'),
  'GET /v1/cycles/{id}/reports/review-formality': cycleView('reports/review-formality'),
  'POST /v1/cycles/{id}/results/preview': {
    method: 'POST',
    path: (x) => `/v1/cycles/${applyCycleOf(x)}/results/preview`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      await seedOrganisationMatrix(x.h, x.f);
      return { json: { poolCents: 1_000_000, meritBudgetCents: 500_000 } };
    },
  },
  // A fresh apply cycle (no participants) per case: applying stores nothing but moves its version on.
  'POST /v1/cycles/{id}/results/apply': {
    method: 'POST',
    path: (x) => `/v1/cycles/${x.fresh}/results/apply`,
    init: async (x) => {
      x.fresh = await freshCycle(x.h, x.orgId, 'apply');
      return {
        json: { poolCents: 1_000_000, meritBudgetCents: 500_000 },
        headers: await x.ifMatch('cycles', x.fresh),
      };
    },
  },
  // The target person's inputs in the apply cycle (Gus: a person of another organisation in the body).
  'PUT /v1/cycles/{id}/compensation': {
    method: 'PUT',
    path: () => `/v1/cycles/${MATRIX_APPLY_CYCLE}/compensation`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      const pay = { salaryCents: 5_200_000, bandMidpointCents: 5_000_000, targetBonusCents: 500_000 };
      return { json: { items: [{ personId: x.personId, ...pay }] } };
    },
  },
  // Drafts for the target person from the improve cycle into the plan cycle.
  'POST /v1/cycles/{id}/next-cycle-drafts': {
    method: 'POST',
    path: () => `/v1/cycles/${MATRIX_IMPROVE_CYCLE}/next-cycle-drafts`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      await seedResultsMatrix(x.h, x.f);
      return { json: { toCycleId: MATRIX_PLAN_CYCLE, personIds: [x.personId] } };
    },
  },
  'GET /v1/policies/{id}': {
    method: 'GET',
    path: (x) => `/v1/policies/${policyOf(x)}`,
    init: async (x) => {
      await seedOrganisationMatrix(x.h, x.f);
      return {};
    },
  },
  'PATCH /v1/policies/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/policies/${policyOf(x)}`,
    init: async (x) => {
      await seedOrganisationMatrix(x.h, x.f);
      return { json: { name: `Renamed by ${x.actor}` }, headers: await x.ifMatch('policies', policyOf(x)) };
    },
  },
} satisfies Record<string, Operation>;
