// Roles matrix: route × role × target (own / someone else's / another organisation's) → status. Append rows.

import { randomUUID } from 'node:crypto';
import type { ResourceKind } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  MATRIX_APPRAISE_CYCLE,
  MATRIX_CALIBRATE_CYCLE,
  matrixFeedbackRequestId,
  matrixReviewId,
  matrixSessionId,
  potentialId,
  seedAppraiseMatrix,
} from '../routes/appraise/matrixFixture.ts';
import {
  MATRIX_COACH_CYCLE,
  MATRIX_PLAN_CYCLE,
  matrixGoalId,
  seedLoopMatrix,
} from '../routes/cycles/matrixFixture.ts';
import {
  MATRIX_APPLY_CYCLE,
  MATRIX_FEEDBACK_CYCLE,
  matrixApplyGoalId,
  matrixCompensationId,
  matrixMeetingId,
  seedResultsMatrix,
} from '../routes/loop/matrixFixture.ts';
import {
  type ApiHarness,
  type CallInit,
  createApiHarness,
  ENGINES,
  type Fixture,
  seedFixture,
} from '../testing/apiHarness.ts';

/** Who calls: employee Sam, manager Mo, department head Hana, HR Hal, or a `sync:notion` API key. */
type Actor = 'employee' | 'manager' | 'head' | 'hr' | 'service';
/** What they act on: something in their own scope, someone else's in their organisation, another organisation's. */
type Target = 'own' | 'other' | 'foreign';
type Name = keyof Fixture['id'];

const CALLER: Record<Exclude<Actor, 'service'>, Name> = {
  employee: 'sam',
  manager: 'mo',
  head: 'hana',
  hr: 'hal',
};

/** People targets: own = in the actor's scope (themselves, a report, a department member), other = outside it. */
const PERSON: Record<Actor, Record<'own' | 'other', Name>> = {
  employee: { own: 'sam', other: 'pia' },
  manager: { own: 'pia', other: 'sam' },
  head: { own: 'sam', other: 'paul' },
  hr: { own: 'sam', other: 'paul' },
  service: { own: 'sam', other: 'pia' },
};
/** Department targets: own = the actor's department, other = another one of the organisation. */
const DEPARTMENT: Record<Actor, Record<'own' | 'other', keyof Fixture['dept']>> = {
  employee: { own: 'sales', other: 'eng' },
  manager: { own: 'platform', other: 'sales' },
  head: { own: 'sales', other: 'platform' },
  hr: { own: 'root', other: 'sales' },
  service: { own: 'sales', other: 'eng' },
};

interface Ctx {
  h: ApiHarness;
  f: Fixture;
  actor: Actor;
  target: Target;
  /** The id of the target person / department. */
  personId: string;
  departmentId: string;
  /** A login subject unique to this case. */
  subject: string;
  /** `If-Match` with the target's current version (`"1"` for another organisation's). */
  ifMatch(kind: ResourceKind, id: string): Promise<Record<string, string>>;
}

interface Operation {
  method: string;
  path: (ctx: Ctx) => string;
  init?: (ctx: Ctx) => Promise<CallInit> | CallInit;
}

/** The Entra tenant of the logins the matrix links (any GUID: linking does not check tenants). */
const MATRIX_TENANT = 'aaaaaaaa-0000-4000-8000-00000000000a';

/** One `matrix` state entry in Acme and one `matrix-globex` entry in Globex, seeded once per harness. */
const integrationSeeded = new WeakMap<ApiHarness, Promise<void>>();
function seedIntegrationMatrix(h: ApiHarness, f: Fixture): Promise<void> {
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

const OPERATIONS = {
  'GET /v1/people/{id}': { method: 'GET', path: (x) => `/v1/people/${x.personId}` },
  'PATCH /v1/people/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/people/${x.personId}`,
    init: async (x) => ({
      json: { jobTitle: `set by ${x.actor}` },
      headers: await x.ifMatch('people', x.personId),
    }),
  },
  'GET /v1/people/{id}/identities': { method: 'GET', path: (x) => `/v1/people/${x.personId}/identities` },
  // A fresh Google login linked to the target (in its organisation) for every case: unlink it.
  'DELETE /v1/people/{id}/identities/{provider}/{subject}': {
    method: 'DELETE',
    path: (x) => `/v1/people/${x.personId}/identities/google/${x.subject}`,
    init: async (x) => {
      const orgId = x.target === 'foreign' ? x.f.globex.organisation.id : x.f.acme.organisation.id;
      const linked = await x.h.store.identities.link({
        orgId,
        provider: 'google',
        subject: x.subject,
        personId: x.personId,
      });
      if (!linked.ok) throw new Error(`seeding google:${x.subject}: ${linked.reason}`);
      return { headers: await x.ifMatch('people', x.personId) };
    },
  },
  'PUT /v1/people/{id}/identities/{provider}/{subject}': {
    method: 'PUT',
    path: (x) => `/v1/people/${x.personId}/identities/entra/${MATRIX_TENANT}:${randomUUID()}`,
    init: async (x) => ({ headers: await x.ifMatch('people', x.personId) }),
  },
  'GET /v1/departments/{id}': { method: 'GET', path: (x) => `/v1/departments/${x.departmentId}` },
  'PATCH /v1/departments/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/departments/${x.departmentId}`,
    init: async (x) => ({
      json: { name: `Renamed by ${x.actor}` },
      headers: await x.ifMatch('departments', x.departmentId),
    }),
  },
  'DELETE /v1/departments/{id}': {
    method: 'DELETE',
    path: (x) => `/v1/departments/${x.departmentId}`,
    init: async (x) => ({ headers: await x.ifMatch('departments', x.departmentId) }),
  },
  // Appraise / calibrate (data seeded once by seedAppraiseMatrix).
  'GET /v1/reviews/{id}': {
    method: 'GET',
    path: (x) => `/v1/reviews/${matrixReviewId(x.personId)}`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {};
    },
  },
  'POST /v1/reviews': {
    method: 'POST',
    path: () => '/v1/reviews',
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return { json: { cycleId: MATRIX_APPRAISE_CYCLE, subjectId: x.personId, component: 'manager' } };
    },
  },
  'GET /v1/cycles/{id}/feedback-reviewers': {
    method: 'GET',
    path: (x) => `/v1/cycles/${MATRIX_APPRAISE_CYCLE}/feedback-reviewers?subjectId=${x.personId}`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {};
    },
  },
  'POST /v1/feedback-requests': {
    method: 'POST',
    path: () => '/v1/feedback-requests',
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      // A different reviewer per actor, so no row repeats another's (subject, reviewer) request.
      const reviewer = (
        { employee: 'erin', manager: 'cat', head: 'cat', hr: 'hana', service: 'erin' } as const
      )[x.actor];
      return {
        json: {
          cycleId: MATRIX_APPRAISE_CYCLE,
          subjectId: x.personId,
          reviewerId: x.f.id[reviewer],
          component: 'peer',
        },
      };
    },
  },
  'GET /v1/feedback-requests/{id}': {
    method: 'GET',
    path: (x) => `/v1/feedback-requests/${matrixFeedbackRequestId(x.personId)}`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {};
    },
  },
  'GET /v1/feedback-requests/{id}/subject': {
    method: 'GET',
    path: (x) => `/v1/feedback-requests/${matrixFeedbackRequestId(x.personId)}/subject`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {};
    },
  },
  'GET /v1/cycles/{id}/scores/{personId}': {
    method: 'GET',
    path: (x) => `/v1/cycles/${MATRIX_CALIBRATE_CYCLE}/scores/${x.personId}`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {};
    },
  },
  'PUT /v1/cycles/{id}/potential/{personId}': {
    method: 'PUT',
    path: (x) => `/v1/cycles/${MATRIX_CALIBRATE_CYCLE}/potential/${x.personId}`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {
        json: { potential: 3 },
        headers: await x.ifMatch('potential_assessments', potentialId(MATRIX_CALIBRATE_CYCLE, x.personId)),
      };
    },
  },
  'GET /v1/calibration-sessions/{id}': {
    method: 'GET',
    path: (x) => `/v1/calibration-sessions/${matrixSessionId(x.departmentId)}`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {};
    },
  },
  // Plan / coach (data seeded once by seedLoopMatrix).
  'GET /v1/goals/{id}': {
    method: 'GET',
    path: (x) => `/v1/goals/${matrixGoalId(x.personId)}`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {};
    },
  },
  'PATCH /v1/goals/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/goals/${matrixGoalId(x.personId)}`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {
        json: { title: `Set by ${x.actor}` },
        headers: await x.ifMatch('goals', matrixGoalId(x.personId)),
      };
    },
  },
  'POST /v1/cycles/{id}/people/{personId}/score-entries': {
    method: 'POST',
    path: (x) => `/v1/cycles/${MATRIX_PLAN_CYCLE}/people/${x.personId}/score-entries`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      const goalId = matrixGoalId(x.personId);
      const version = Number((await x.ifMatch('goals', goalId))['If-Match']?.replaceAll('"', ''));
      const actual = ['employee', 'manager', 'head', 'hr', 'service'].indexOf(x.actor) + 1;
      return { json: { goals: [{ goalId, version, actual }] } };
    },
  },
  'POST /v1/cycles/{id}/score-entries': {
    method: 'POST',
    path: () => `/v1/cycles/${MATRIX_PLAN_CYCLE}/score-entries`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      const goalId = matrixGoalId(x.personId);
      const version = Number((await x.ifMatch('goals', goalId))['If-Match']?.replaceAll('"', ''));
      const actual = ['employee', 'manager', 'head', 'hr', 'service'].indexOf(x.actor) + 11;
      return { json: { people: [{ personId: x.personId, goals: [{ goalId, version, actual }] }] } };
    },
  },
  'GET /v1/cycles/{id}/plans/{personId}': {
    method: 'GET',
    path: (x) => `/v1/cycles/${MATRIX_PLAN_CYCLE}/plans/${x.personId}`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {};
    },
  },
  'POST /v1/check-ins': {
    method: 'POST',
    path: () => '/v1/check-ins',
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {
        json: {
          cycleId: MATRIX_COACH_CYCLE,
          subjectId: x.personId,
          kind: 'guidance_note',
          notes: 'Matrix note',
        },
      };
    },
  },
  // Feedback / apply / improve (data seeded once by seedResultsMatrix).
  'GET /v1/feedback-meetings/{id}': {
    method: 'GET',
    path: (x) => `/v1/feedback-meetings/${matrixMeetingId(x.personId)}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {};
    },
  },
  'POST /v1/feedback-meetings': {
    method: 'POST',
    path: () => '/v1/feedback-meetings',
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {
        json: {
          cycleId: MATRIX_FEEDBACK_CYCLE,
          subjectId: x.personId,
          heldAt: '2026-07-20T10:00:00Z',
          summary: `Matrix meeting by ${x.actor}.`,
        },
      };
    },
  },
  'POST /v1/feedback-meetings/{id}/acknowledge': {
    method: 'POST',
    path: (x) => `/v1/feedback-meetings/${matrixMeetingId(x.personId)}/acknowledge`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return { json: {} };
    },
  },
  'GET /v1/cycles/{id}/compensation/{personId}': {
    method: 'GET',
    path: (x) => `/v1/cycles/${MATRIX_APPLY_CYCLE}/compensation/${x.personId}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {};
    },
  },
  'PUT /v1/cycles/{id}/compensation/{personId}': {
    method: 'PUT',
    path: (x) => `/v1/cycles/${MATRIX_APPLY_CYCLE}/compensation/${x.personId}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {
        json: { salaryCents: 5_100_000, bandMidpointCents: 5_000_000, targetBonusCents: 500_000 },
        headers: await x.ifMatch('compensation', matrixCompensationId(x.personId)),
      };
    },
  },
  'POST /v1/gap-attributions': {
    method: 'POST',
    path: () => '/v1/gap-attributions',
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {
        json: {
          cycleId: MATRIX_APPLY_CYCLE,
          subjectId: x.personId,
          goalId: matrixApplyGoalId(x.personId),
          factors: [{ factor: 'skills', share: 1 }],
        },
      };
    },
  },
  'GET /v1/cycles/{id}/shortfalls': {
    method: 'GET',
    path: (x) => `/v1/cycles/${MATRIX_APPLY_CYCLE}/shortfalls?subjectId=${x.personId}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {};
    },
  },
  'GET /v1/cycles/{id}/reports/diagnosis': {
    method: 'GET',
    path: (x) => `/v1/cycles/${MATRIX_APPLY_CYCLE}/reports/diagnosis?departmentId=${x.departmentId}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {};
    },
  },
  // Integration state and proposals (/v1/integrations/notion): only the integration's key, in its organisation.
  'GET /v1/integrations/{integration}/state/{key}': {
    method: 'GET',
    path: (x) => `/v1/integrations/notion/state/${x.target === 'foreign' ? 'matrix-globex' : 'matrix'}`,
    init: async (x) => {
      await seedIntegrationMatrix(x.h, x.f);
      return {};
    },
  },
  'PUT /v1/integrations/{integration}/state/{key}': {
    method: 'PUT',
    path: (x) =>
      `/v1/integrations/notion/state/${x.target === 'foreign' ? 'matrix-globex' : `put-${x.actor}-${x.target}`}`,
    init: async (x) => {
      await seedIntegrationMatrix(x.h, x.f);
      const headers: Record<string, string> =
        x.target === 'foreign' ? { 'If-Match': '"1"' } : { 'If-None-Match': '*' };
      return { json: { value: { by: x.actor } }, headers };
    },
  },
  'POST /v1/integrations/{integration}/state': {
    method: 'POST',
    path: () => '/v1/integrations/notion/state',
    init: () => ({
      json: { writes: [{ key: `batch-${Math.random().toString(36).slice(2)}`, ifVersion: null, value: {} }] },
    }),
  },
  'POST /v1/integrations/{integration}/leases/{name}': {
    method: 'POST',
    path: (x) => `/v1/integrations/notion/leases/matrix-${x.actor}-${x.target}`,
    init: (x) => ({ json: { holder: `matrix-${x.actor}`, ttlSeconds: 60 } }),
  },
  'GET /v1/integrations/{integration}/directory': {
    method: 'GET',
    path: () => '/v1/integrations/notion/directory',
  },
  'POST /v1/integrations/{integration}/goals': {
    method: 'POST',
    path: () => '/v1/integrations/notion/goals',
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {
        json: {
          requestedBy: x.f.id.hana,
          ref: `matrix-${x.actor}-${x.target}`,
          goal: {
            cycleId: MATRIX_PLAN_CYCLE,
            title: 'Proposed from Notion',
            level: 'person',
            ownerId: x.personId,
            weight: 10,
            kind: 'competency',
          },
        },
      };
    },
  },
} satisfies Record<string, Operation>;
type OperationName = keyof typeof OPERATIONS;

/** [operation, actor, own, other, foreign] → expected statuses. Add your resource's rows here. */
const MATRIX: [OperationName, Actor, number, number, number][] = [
  // Reads of a person's data: 404 (never 403) when you may not see them.
  ['GET /v1/people/{id}', 'employee', 200, 404, 404],
  ['GET /v1/people/{id}', 'manager', 200, 404, 404],
  ['GET /v1/people/{id}', 'head', 200, 404, 404],
  ['GET /v1/people/{id}', 'hr', 200, 200, 404],
  ['GET /v1/people/{id}', 'service', 403, 403, 403],
  // Person records are HR's to change: visible but not yours → 403.
  ['PATCH /v1/people/{id}', 'employee', 403, 404, 404],
  ['PATCH /v1/people/{id}', 'manager', 403, 404, 404],
  ['PATCH /v1/people/{id}', 'head', 403, 404, 404],
  ['PATCH /v1/people/{id}', 'hr', 200, 200, 404],
  ['PATCH /v1/people/{id}', 'service', 403, 403, 403],
  // A person's sign-in logins: HR and the person themselves read them (anyone else 404); only HR changes them.
  ['GET /v1/people/{id}/identities', 'employee', 200, 404, 404],
  ['GET /v1/people/{id}/identities', 'manager', 404, 404, 404],
  ['GET /v1/people/{id}/identities', 'head', 404, 404, 404],
  ['GET /v1/people/{id}/identities', 'hr', 200, 200, 404],
  ['GET /v1/people/{id}/identities', 'service', 403, 403, 403],
  ['DELETE /v1/people/{id}/identities/{provider}/{subject}', 'employee', 403, 404, 404],
  ['DELETE /v1/people/{id}/identities/{provider}/{subject}', 'manager', 403, 404, 404],
  ['DELETE /v1/people/{id}/identities/{provider}/{subject}', 'head', 403, 404, 404],
  ['DELETE /v1/people/{id}/identities/{provider}/{subject}', 'hr', 204, 204, 404],
  ['DELETE /v1/people/{id}/identities/{provider}/{subject}', 'service', 403, 403, 403],
  ['PUT /v1/people/{id}/identities/{provider}/{subject}', 'employee', 403, 404, 404],
  ['PUT /v1/people/{id}/identities/{provider}/{subject}', 'manager', 403, 404, 404],
  ['PUT /v1/people/{id}/identities/{provider}/{subject}', 'head', 403, 404, 404],
  ['PUT /v1/people/{id}/identities/{provider}/{subject}', 'hr', 200, 200, 404],
  ['PUT /v1/people/{id}/identities/{provider}/{subject}', 'service', 403, 403, 403],
  // Departments are visible to the whole organisation; HR changes them.
  ['GET /v1/departments/{id}', 'employee', 200, 200, 404],
  ['GET /v1/departments/{id}', 'manager', 200, 200, 404],
  ['GET /v1/departments/{id}', 'head', 200, 200, 404],
  ['GET /v1/departments/{id}', 'hr', 200, 200, 404],
  ['GET /v1/departments/{id}', 'service', 403, 403, 403],
  ['PATCH /v1/departments/{id}', 'employee', 403, 403, 404],
  ['PATCH /v1/departments/{id}', 'manager', 403, 403, 404],
  ['PATCH /v1/departments/{id}', 'head', 403, 403, 404],
  ['PATCH /v1/departments/{id}', 'hr', 200, 200, 404],
  ['PATCH /v1/departments/{id}', 'service', 403, 403, 403],
  // Deleting: HR is refused only because these departments are not empty.
  ['DELETE /v1/departments/{id}', 'employee', 403, 403, 404],
  ['DELETE /v1/departments/{id}', 'manager', 403, 403, 404],
  ['DELETE /v1/departments/{id}', 'head', 403, 403, 404],
  ['DELETE /v1/departments/{id}', 'hr', 409, 409, 404],
  ['DELETE /v1/departments/{id}', 'service', 403, 403, 403],
  // Reviews: your own, and submitted reviews of people you manage; the subject's others only from feedback on.
  ['GET /v1/reviews/{id}', 'employee', 200, 404, 404],
  ['GET /v1/reviews/{id}', 'manager', 200, 404, 404],
  ['GET /v1/reviews/{id}', 'head', 200, 404, 404],
  ['GET /v1/reviews/{id}', 'hr', 200, 200, 404],
  ['GET /v1/reviews/{id}', 'service', 403, 403, 403],
  // Manager reviews come from the manager chain: HR and the subject see them but may not write one (403).
  ['POST /v1/reviews', 'employee', 403, 404, 404],
  ['POST /v1/reviews', 'manager', 201, 404, 404],
  ['POST /v1/reviews', 'head', 201, 404, 404],
  ['POST /v1/reviews', 'hr', 403, 403, 404],
  ['POST /v1/reviews', 'service', 403, 403, 403],
  // Peer feedback is requested by the subject's managers, heads, HR, or the subject about themselves.
  ['POST /v1/feedback-requests', 'employee', 201, 404, 404],
  ['POST /v1/feedback-requests', 'manager', 201, 404, 404],
  ['POST /v1/feedback-requests', 'head', 201, 404, 404],
  ['POST /v1/feedback-requests', 'hr', 201, 201, 404],
  ['POST /v1/feedback-requests', 'service', 403, 403, 403],
  // Whom to ask: the same people as who may ask (the subject for peers; managers, heads, HR).
  ['GET /v1/cycles/{id}/feedback-reviewers', 'employee', 200, 404, 404],
  ['GET /v1/cycles/{id}/feedback-reviewers', 'manager', 200, 404, 404],
  ['GET /v1/cycles/{id}/feedback-reviewers', 'head', 200, 404, 404],
  ['GET /v1/cycles/{id}/feedback-reviewers', 'hr', 200, 200, 404],
  ['GET /v1/cycles/{id}/feedback-reviewers', 'service', 403, 403, 403],
  // A feedback request (here one the subject asked a colleague for): its requester, its reviewer, the
  // subject's managers and heads, HR. The subject only sees requests they made.
  ['GET /v1/feedback-requests/{id}', 'employee', 200, 404, 404],
  ['GET /v1/feedback-requests/{id}', 'manager', 200, 404, 404],
  ['GET /v1/feedback-requests/{id}', 'head', 200, 404, 404],
  ['GET /v1/feedback-requests/{id}', 'hr', 200, 200, 404],
  ['GET /v1/feedback-requests/{id}', 'service', 403, 403, 403],
  ['GET /v1/feedback-requests/{id}/subject', 'employee', 200, 404, 404],
  ['GET /v1/feedback-requests/{id}/subject', 'manager', 200, 404, 404],
  ['GET /v1/feedback-requests/{id}/subject', 'head', 200, 404, 404],
  ['GET /v1/feedback-requests/{id}/subject', 'hr', 200, 200, 404],
  ['GET /v1/feedback-requests/{id}/subject', 'service', 403, 403, 403],
  // Scores: managers, heads, HR; the employee's own only from feedback on (the cycle calibrates: 403).
  ['GET /v1/cycles/{id}/scores/{personId}', 'employee', 403, 404, 404],
  ['GET /v1/cycles/{id}/scores/{personId}', 'manager', 200, 404, 404],
  ['GET /v1/cycles/{id}/scores/{personId}', 'head', 200, 404, 404],
  ['GET /v1/cycles/{id}/scores/{personId}', 'hr', 200, 200, 404],
  ['GET /v1/cycles/{id}/scores/{personId}', 'service', 403, 403, 403],
  ['PUT /v1/cycles/{id}/potential/{personId}', 'employee', 403, 404, 404],
  ['PUT /v1/cycles/{id}/potential/{personId}', 'manager', 200, 404, 404],
  ['PUT /v1/cycles/{id}/potential/{personId}', 'head', 200, 404, 404],
  ['PUT /v1/cycles/{id}/potential/{personId}', 'hr', 200, 200, 404],
  ['PUT /v1/cycles/{id}/potential/{personId}', 'service', 403, 403, 403],
  // Calibration sessions: HR, or the head of every department in them.
  ['GET /v1/calibration-sessions/{id}', 'employee', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}', 'manager', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}', 'head', 200, 404, 404],
  ['GET /v1/calibration-sessions/{id}', 'hr', 200, 200, 404],
  ['GET /v1/calibration-sessions/{id}', 'service', 403, 403, 403],
  // Goals: person goals follow who may see their owner; sync:notion reads them all (of its organisation).
  ['GET /v1/goals/{id}', 'employee', 200, 404, 404],
  ['GET /v1/goals/{id}', 'manager', 200, 404, 404],
  ['GET /v1/goals/{id}', 'head', 200, 404, 404],
  ['GET /v1/goals/{id}', 'hr', 200, 200, 404],
  ['GET /v1/goals/{id}', 'service', 200, 200, 404],
  // In plan the owner, their manager chain, heads and HR edit everything; sync:notion only actual/status/description.
  ['PATCH /v1/goals/{id}', 'employee', 200, 404, 404],
  ['PATCH /v1/goals/{id}', 'manager', 200, 404, 404],
  ['PATCH /v1/goals/{id}', 'head', 200, 404, 404],
  ['PATCH /v1/goals/{id}', 'hr', 200, 200, 404],
  ['PATCH /v1/goals/{id}', 'service', 403, 403, 404],
  // Bulk actuals (the Sheets add-on) follow the goal rules; API keys never (the add-on acts as its user).
  ['POST /v1/cycles/{id}/people/{personId}/score-entries', 'employee', 200, 404, 404],
  ['POST /v1/cycles/{id}/people/{personId}/score-entries', 'manager', 200, 404, 404],
  ['POST /v1/cycles/{id}/people/{personId}/score-entries', 'head', 200, 404, 404],
  ['POST /v1/cycles/{id}/people/{personId}/score-entries', 'hr', 200, 200, 404],
  ['POST /v1/cycles/{id}/people/{personId}/score-entries', 'service', 403, 403, 403],
  // The same for many people at once: a person you may not see makes the whole request 404.
  ['POST /v1/cycles/{id}/score-entries', 'employee', 200, 404, 404],
  ['POST /v1/cycles/{id}/score-entries', 'manager', 200, 404, 404],
  ['POST /v1/cycles/{id}/score-entries', 'head', 200, 404, 404],
  ['POST /v1/cycles/{id}/score-entries', 'hr', 200, 200, 404],
  ['POST /v1/cycles/{id}/score-entries', 'service', 403, 403, 403],
  ['GET /v1/cycles/{id}/plans/{personId}', 'employee', 200, 404, 404],
  ['GET /v1/cycles/{id}/plans/{personId}', 'manager', 200, 404, 404],
  ['GET /v1/cycles/{id}/plans/{personId}', 'head', 200, 404, 404],
  ['GET /v1/cycles/{id}/plans/{personId}', 'hr', 200, 200, 404],
  ['GET /v1/cycles/{id}/plans/{personId}', 'service', 403, 403, 403],
  // Check-ins: managers about their people, anyone a progress note about themselves, sync:notion notes.
  ['POST /v1/check-ins', 'employee', 201, 404, 404],
  ['POST /v1/check-ins', 'manager', 201, 404, 404],
  ['POST /v1/check-ins', 'head', 201, 404, 404],
  ['POST /v1/check-ins', 'hr', 201, 201, 404],
  ['POST /v1/check-ins', 'service', 201, 201, 404],
  // Feedback meetings follow who may see the subject; the manager chain and HR record them.
  ['GET /v1/feedback-meetings/{id}', 'employee', 200, 404, 404],
  ['GET /v1/feedback-meetings/{id}', 'manager', 200, 404, 404],
  ['GET /v1/feedback-meetings/{id}', 'head', 200, 404, 404],
  ['GET /v1/feedback-meetings/{id}', 'hr', 200, 200, 404],
  ['GET /v1/feedback-meetings/{id}', 'service', 403, 403, 403],
  ['POST /v1/feedback-meetings', 'employee', 403, 404, 404],
  ['POST /v1/feedback-meetings', 'manager', 201, 404, 404],
  ['POST /v1/feedback-meetings', 'head', 201, 404, 404],
  ['POST /v1/feedback-meetings', 'hr', 201, 201, 404],
  ['POST /v1/feedback-meetings', 'service', 403, 403, 403],
  // Only the subject acknowledges their result.
  ['POST /v1/feedback-meetings/{id}/acknowledge', 'employee', 200, 404, 404],
  ['POST /v1/feedback-meetings/{id}/acknowledge', 'manager', 403, 404, 404],
  ['POST /v1/feedback-meetings/{id}/acknowledge', 'head', 403, 404, 404],
  ['POST /v1/feedback-meetings/{id}/acknowledge', 'hr', 403, 403, 404],
  ['POST /v1/feedback-meetings/{id}/acknowledge', 'service', 403, 403, 403],
  // Compensation: HR and the person themselves only — never managers or heads.
  ['GET /v1/cycles/{id}/compensation/{personId}', 'employee', 200, 404, 404],
  ['GET /v1/cycles/{id}/compensation/{personId}', 'manager', 404, 404, 404],
  ['GET /v1/cycles/{id}/compensation/{personId}', 'head', 404, 404, 404],
  ['GET /v1/cycles/{id}/compensation/{personId}', 'hr', 200, 200, 404],
  ['GET /v1/cycles/{id}/compensation/{personId}', 'service', 403, 403, 403],
  ['PUT /v1/cycles/{id}/compensation/{personId}', 'employee', 403, 404, 404],
  ['PUT /v1/cycles/{id}/compensation/{personId}', 'manager', 403, 404, 404],
  ['PUT /v1/cycles/{id}/compensation/{personId}', 'head', 403, 404, 404],
  ['PUT /v1/cycles/{id}/compensation/{personId}', 'hr', 200, 200, 404],
  ['PUT /v1/cycles/{id}/compensation/{personId}', 'service', 403, 403, 403],
  // Gap attributions: the subject or their manager chain (HR as such is not in it).
  ['POST /v1/gap-attributions', 'employee', 201, 404, 404],
  ['POST /v1/gap-attributions', 'manager', 201, 404, 404],
  ['POST /v1/gap-attributions', 'head', 201, 404, 404],
  ['POST /v1/gap-attributions', 'hr', 403, 403, 404],
  ['POST /v1/gap-attributions', 'service', 403, 403, 403],
  // The diagnosis report: HR, and heads for the departments they head.
  // A person's KPI shortfalls: whoever may see the person (attributing is the person's and their manager chain's).
  ['GET /v1/cycles/{id}/shortfalls', 'employee', 200, 404, 404],
  ['GET /v1/cycles/{id}/shortfalls', 'manager', 200, 404, 404],
  ['GET /v1/cycles/{id}/shortfalls', 'head', 200, 404, 404],
  ['GET /v1/cycles/{id}/shortfalls', 'hr', 200, 200, 404],
  ['GET /v1/cycles/{id}/shortfalls', 'service', 403, 403, 403],
  ['GET /v1/cycles/{id}/reports/diagnosis', 'employee', 403, 403, 403],
  ['GET /v1/cycles/{id}/reports/diagnosis', 'manager', 403, 403, 403],
  ['GET /v1/cycles/{id}/reports/diagnosis', 'head', 200, 403, 404],
  ['GET /v1/cycles/{id}/reports/diagnosis', 'hr', 200, 200, 404],
  ['GET /v1/cycles/{id}/reports/diagnosis', 'service', 403, 403, 403],
  // Integration state: the integration's API key only (people 403), shared by the organisation's keys.
  ['GET /v1/integrations/{integration}/state/{key}', 'employee', 403, 403, 403],
  ['GET /v1/integrations/{integration}/state/{key}', 'manager', 403, 403, 403],
  ['GET /v1/integrations/{integration}/state/{key}', 'head', 403, 403, 403],
  ['GET /v1/integrations/{integration}/state/{key}', 'hr', 403, 403, 403],
  ['GET /v1/integrations/{integration}/state/{key}', 'service', 200, 200, 404],
  ['PUT /v1/integrations/{integration}/state/{key}', 'employee', 403, 403, 403],
  ['PUT /v1/integrations/{integration}/state/{key}', 'manager', 403, 403, 403],
  ['PUT /v1/integrations/{integration}/state/{key}', 'head', 403, 403, 403],
  ['PUT /v1/integrations/{integration}/state/{key}', 'hr', 403, 403, 403],
  ['PUT /v1/integrations/{integration}/state/{key}', 'service', 201, 201, 404],
  // Batches and leases live in the key's own organisation (no foreign target to name).
  ['POST /v1/integrations/{integration}/state', 'employee', 403, 403, 403],
  ['POST /v1/integrations/{integration}/state', 'manager', 403, 403, 403],
  ['POST /v1/integrations/{integration}/state', 'head', 403, 403, 403],
  ['POST /v1/integrations/{integration}/state', 'hr', 403, 403, 403],
  ['POST /v1/integrations/{integration}/state', 'service', 200, 200, 200],
  ['POST /v1/integrations/{integration}/leases/{name}', 'employee', 403, 403, 403],
  ['POST /v1/integrations/{integration}/leases/{name}', 'manager', 403, 403, 403],
  ['POST /v1/integrations/{integration}/leases/{name}', 'head', 403, 403, 403],
  ['POST /v1/integrations/{integration}/leases/{name}', 'hr', 403, 403, 403],
  ['POST /v1/integrations/{integration}/leases/{name}', 'service', 200, 200, 200],
  ['GET /v1/integrations/{integration}/directory', 'employee', 403, 403, 403],
  ['GET /v1/integrations/{integration}/directory', 'manager', 403, 403, 403],
  ['GET /v1/integrations/{integration}/directory', 'head', 403, 403, 403],
  ['GET /v1/integrations/{integration}/directory', 'hr', 403, 403, 403],
  ['GET /v1/integrations/{integration}/directory', 'service', 200, 200, 200],
  // Goals proposed from Notion by Hana (head of Sales): Sam's yes, Pia's not hers (403), Globex's unknown (422).
  ['POST /v1/integrations/{integration}/goals', 'employee', 403, 403, 403],
  ['POST /v1/integrations/{integration}/goals', 'manager', 403, 403, 403],
  ['POST /v1/integrations/{integration}/goals', 'head', 403, 403, 403],
  ['POST /v1/integrations/{integration}/goals', 'hr', 403, 403, 403],
  ['POST /v1/integrations/{integration}/goals', 'service', 201, 403, 422],
];

/** Why an operation of the OpenAPI document has no matrix rows (the coverage check below needs one or the other). */
const PROBE = 'an unauthenticated probe';
const SCOPED = "a list or report filtered to the caller's scope, no single target (scoping: its route suite)";
const ME = "the caller's own data, no target";
const ORGANISATION = 'organisation-wide (HR or an integration key), no per-person target (its route suite)';
const INTEGRATION = "the integration key's own state and leases: the scope rule is the state rows above";
const NOT_YET = 'one person’s or session’s record, not in the matrix yet (roles: its route suite)';

const NOT_IN_MATRIX: Record<string, string> = {
  'GET /healthz': PROBE,
  'GET /readyz': PROBE,
  'GET /v1/people': SCOPED,
  'GET /v1/departments': SCOPED,
  'GET /v1/cycles': SCOPED,
  'GET /v1/cycles/{}/plans': SCOPED,
  'GET /v1/cycles/{}/compensation': SCOPED,
  'GET /v1/cycles/{}/scores': SCOPED,
  'GET /v1/cycles/{}/results': SCOPED,
  'GET /v1/cycles/{}/next-cycle-drafts': SCOPED,
  'GET /v1/cycles/{}/alignment': SCOPED,
  'GET /v1/cycles/{}/readiness': SCOPED,
  'GET /v1/cycles/{}/reports/alignment': SCOPED,
  'GET /v1/cycles/{}/reports/coaching': SCOPED,
  'GET /v1/calibration-sessions': SCOPED,
  'GET /v1/check-ins': SCOPED,
  'GET /v1/feedback-meetings': SCOPED,
  'GET /v1/feedback-requests': SCOPED,
  'GET /v1/gap-attributions': SCOPED,
  'GET /v1/goal-templates': SCOPED,
  'GET /v1/goals': SCOPED,
  'GET /v1/policies': SCOPED,
  'GET /v1/policies/presets': SCOPED,
  'GET /v1/reviews': SCOPED,
  'GET /v1/people/me': ME,
  'GET /v1/me/feedback-requests': ME,
  'GET /v1/me/goals': ME,
  'GET /v1/me/results': ME,
  'GET /v1/api-keys': ORGANISATION,
  'POST /v1/api-keys': ORGANISATION,
  'POST /v1/api-keys/{}/revoke': ORGANISATION,
  'GET /v1/audit': ORGANISATION,
  'GET /v1/audit/verify': ORGANISATION,
  'GET /v1/changes': ORGANISATION,
  'GET /v1/organisation': ORGANISATION,
  'PATCH /v1/organisation': ORGANISATION,
  'POST /v1/people': ORGANISATION,
  'POST /v1/people/import': ORGANISATION,
  'POST /v1/departments': ORGANISATION,
  'POST /v1/cycles': ORGANISATION,
  'GET /v1/cycles/{}': ORGANISATION,
  'PATCH /v1/cycles/{}': ORGANISATION,
  'POST /v1/cycles/{}/transitions': ORGANISATION,
  'POST /v1/cycles/{}/next-cycle-drafts': ORGANISATION,
  'POST /v1/cycles/{}/results/apply': ORGANISATION,
  'POST /v1/cycles/{}/results/preview': ORGANISATION,
  'PUT /v1/cycles/{}/compensation': ORGANISATION,
  'POST /v1/policies': ORGANISATION,
  'GET /v1/policies/{}': ORGANISATION,
  'PATCH /v1/policies/{}': ORGANISATION,
  'POST /v1/goal-templates': ORGANISATION,
  'GET /v1/goal-templates/{}': ORGANISATION,
  'PATCH /v1/goal-templates/{}': ORGANISATION,
  'DELETE /v1/goal-templates/{}': ORGANISATION,
  'POST /v1/calibration-sessions': ORGANISATION,
  'GET /v1/integrations/{}/state': INTEGRATION,
  'DELETE /v1/integrations/{}/state/{}': INTEGRATION,
  'GET /v1/integrations/{}/leases/{}': INTEGRATION,
  'DELETE /v1/integrations/{}/leases/{}': INTEGRATION,
  'GET /v1/calibration-sessions/{}/adjustments': NOT_YET,
  'POST /v1/calibration-sessions/{}/adjustments': NOT_YET,
  'GET /v1/calibration-sessions/{}/distribution': NOT_YET,
  'GET /v1/calibration-sessions/{}/evidence': NOT_YET,
  'GET /v1/calibration-sessions/{}/forced-distribution': NOT_YET,
  'GET /v1/calibration-sessions/{}/nine-box': NOT_YET,
  'GET /v1/calibration-sessions/{}/rater-bias': NOT_YET,
  'POST /v1/calibration-sessions/{}/finalise': NOT_YET,
  'GET /v1/check-ins/{}': NOT_YET,
  'PATCH /v1/check-ins/{}': NOT_YET,
  'GET /v1/cycles/{}/potential/{}': NOT_YET,
  'POST /v1/cycles/{}/plans/{}/agree': NOT_YET,
  'PATCH /v1/feedback-meetings/{}': NOT_YET,
  'POST /v1/feedback-meetings/{}/appeal': NOT_YET,
  'POST /v1/feedback-meetings/{}/resolve-appeal': NOT_YET,
  'POST /v1/feedback-requests/{}/cancel': NOT_YET,
  'POST /v1/feedback-requests/{}/decline': NOT_YET,
  'GET /v1/gap-attributions/{}': NOT_YET,
  'PATCH /v1/gap-attributions/{}': NOT_YET,
  'DELETE /v1/gap-attributions/{}': NOT_YET,
  'POST /v1/goal-templates/{}/assign': NOT_YET,
  'POST /v1/goals': NOT_YET,
  'DELETE /v1/goals/{}': NOT_YET,
  'GET /v1/next-cycle-drafts/{}': NOT_YET,
  'POST /v1/next-cycle-drafts/{}/accept': NOT_YET,
  'PATCH /v1/reviews/{}': NOT_YET,
  'POST /v1/reviews/{}/submit': NOT_YET,
};

/** `GET /v1/cycles/{cycleId}/plans` → `GET /v1/cycles/{}/plans`: path parameter names do not matter. */
const shape = (operation: string) => operation.replace(/\{[^}]+\}/g, '{}');

describe.each(ENGINES)('roles matrix on %s', (engine) => {
  let h: ApiHarness;
  let f: Fixture;
  let serviceKey: string;
  beforeAll(async () => {
    h = await createApiHarness({ engine });
    f = await seedFixture(h);
    serviceKey = await h.apiKey(f.acme.organisation.id, ['sync:notion']);
  });
  afterAll(async () => {
    await h.close();
  });

  function context(actor: Actor, target: Target): Ctx {
    const foreign = target === 'foreign';
    return {
      h,
      f,
      actor,
      target,
      personId: foreign ? f.id.gus : f.id[PERSON[actor][target === 'own' ? 'own' : 'other']],
      departmentId: foreign ? f.globexRoot : f.dept[DEPARTMENT[actor][target === 'own' ? 'own' : 'other']],
      subject: `matrix-${actor}-${target}-${randomUUID()}`,
      async ifMatch(kind, id) {
        const orgId = foreign ? f.globex.organisation.id : f.acme.organisation.id;
        const record = await h.store.resources(kind).get(orgId, id);
        return { 'If-Match': `"${record?.version ?? 1}"` };
      },
    };
  }

  const cases = MATRIX.flatMap(([operation, actor, own, other, foreign]) =>
    (
      [
        ['own', own],
        ['other', other],
        ['foreign', foreign],
      ] as const
    ).map(([target, status]) => ({ operation, actor, target, status })),
  );

  it('covers every operation of the OpenAPI document: matrix rows, or a stated reason why not', async () => {
    const doc = (await (await h.app.request('/openapi.json')).json()) as {
      paths: Record<string, Record<string, unknown>>;
    };
    const documented = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((method) => shape(`${method.toUpperCase()} ${path}`)),
    );
    const inMatrix = new Set(MATRIX.map(([operation]) => shape(operation)));
    const missing = documented.filter((op) => !inMatrix.has(op) && NOT_IN_MATRIX[op] === undefined);
    expect(missing, 'operations with neither matrix rows nor a NOT_IN_MATRIX reason').toEqual([]);
    // No stale entries: every operation and exemption names a documented route, and none is both.
    const known = new Set(documented);
    expect(Object.keys(OPERATIONS).filter((op) => !known.has(shape(op)))).toEqual([]);
    expect(Object.keys(NOT_IN_MATRIX).filter((op) => !known.has(op))).toEqual([]);
    expect(Object.keys(NOT_IN_MATRIX).filter((op) => inMatrix.has(op))).toEqual([]);
    // Every operation with rows has one per actor.
    for (const operation of Object.keys(OPERATIONS)) {
      const actors = MATRIX.filter(([op]) => op === operation).map(([, actor]) => actor);
      expect([operation, [...actors].sort()]).toEqual([
        operation,
        ['employee', 'head', 'hr', 'manager', 'service'],
      ]);
    }
  });

  describe('roles matrix', () => {
    it.each(cases)(
      '$operation as $actor on $target → $status',
      async ({ operation, actor, target, status }) => {
        const op: Operation = OPERATIONS[operation];
        const ctx = context(actor, target);
        const init = (await op.init?.(ctx)) ?? {};
        const who = actor === 'service' ? { key: serviceKey } : { as: f.email[CALLER[actor]] };
        const res = await h.call<{ code?: string }>(op.method, op.path(ctx), { ...init, ...who });
        expect(res.status).toBe(status);
        if (status === 403) expect(res.body.code).toBe('forbidden');
      },
    );
  });
});
