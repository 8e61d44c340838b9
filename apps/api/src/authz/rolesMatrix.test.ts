// Roles matrix: route × role × target (own / someone else's / another organisation's) → status. Append rows.

import { randomUUID } from 'node:crypto';
import type { ResourceKind } from '@perfloop/store';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  freshDraftReview,
  freshFeedbackRequest,
  freshSession,
  MATRIX_APPRAISE_CYCLE,
  MATRIX_CALIBRATE_CYCLE,
  matrixDraftReviewId,
  matrixFeedbackRequestId,
  matrixReviewId,
  matrixSessionId,
  potentialId,
  seedAppraiseMatrix,
} from '../routes/appraise/matrixFixture.ts';
import {
  freshPlanGoal,
  freshTemplate,
  MATRIX_AGREE_CYCLE,
  MATRIX_COACH_CYCLE,
  MATRIX_PLAN_CYCLE,
  MATRIX_TEMPLATE,
  matrixCheckInId,
  matrixGoalId,
  matrixTemplateId,
  seedLoopMatrix,
} from '../routes/cycles/matrixFixture.ts';
import {
  freshAttribution,
  freshDraft,
  freshMeeting,
  MATRIX_APPLY_CYCLE,
  MATRIX_FEEDBACK_CYCLE,
  matrixApplyGoalId,
  matrixAttributionId,
  matrixCompensationId,
  matrixDraftId,
  matrixMeetingId,
  seedResultsMatrix,
} from '../routes/loop/matrixFixture.ts';
import { loadPlan, planETag, planGoals } from '../routes/plans/planRecord.ts';
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
  /** The id of the target person / department, and of their organisation. */
  personId: string;
  departmentId: string;
  orgId: string;
  /** A login subject unique to this case. */
  subject: string;
  /** `If-Match` with the target's current version (`"1"` for another organisation's). */
  ifMatch(kind: ResourceKind, id: string): Promise<Record<string, string>>;
  /** The id of a record `init` made for this case alone (one the request may use up). */
  fresh: string;
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

/** A read of one calibration session (the one over the target department; Globex's root for another organisation). */
function sessionView(view: string): Operation {
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
function sessionMember(x: Ctx): string {
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
function templateOf(x: Ctx): string {
  if (x.target === 'foreign') return MATRIX_TEMPLATE.globex;
  if (x.target === 'own' && x.actor !== 'service') return matrixTemplateId(x.f.id[CALLER[x.actor]]);
  return MATRIX_TEMPLATE.acme;
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
  // Calibration session sub-routes (sessions seeded by seedAppraiseMatrix; finalise gets a fresh one).
  'GET /v1/calibration-sessions/{id}/adjustments': sessionView('adjustments'),
  'GET /v1/calibration-sessions/{id}/distribution': sessionView('distribution'),
  'GET /v1/calibration-sessions/{id}/evidence': sessionView('evidence'),
  'GET /v1/calibration-sessions/{id}/forced-distribution': sessionView('forced-distribution'),
  'GET /v1/calibration-sessions/{id}/nine-box': sessionView('nine-box'),
  'GET /v1/calibration-sessions/{id}/rater-bias': sessionView('rater-bias'),
  // Moves a member of the session's department away from their current rating (2 ↔ 4: never an extreme).
  'POST /v1/calibration-sessions/{id}/adjustments': {
    method: 'POST',
    path: (x) => `/v1/calibration-sessions/${matrixSessionId(x.departmentId)}/adjustments`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      const personId = sessionMember(x);
      let fromRating = 3;
      let toRating = 2;
      if (x.target !== 'foreign') {
        const score = await x.h.call<{ rating?: { value: number } }>(
          'GET',
          `/v1/cycles/${MATRIX_CALIBRATE_CYCLE}/scores/${personId}`,
          { as: x.f.email.hal },
        );
        if (score.body.rating === undefined) throw new Error(`no score for ${personId}: ${score.status}`);
        fromRating = score.body.rating.value;
        toRating = fromRating === 2 ? 4 : 2;
      }
      return {
        json: {
          personId,
          fromRating,
          toRating,
          justification: `Calibrated by ${x.actor} against the team's evidence.`,
        },
      };
    },
  },
  'POST /v1/calibration-sessions/{id}/finalise': {
    method: 'POST',
    path: (x) => `/v1/calibration-sessions/${x.fresh}/finalise`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      x.fresh = await freshSession(x.h, x.f, x.orgId, x.departmentId);
      return { headers: await x.ifMatch('calibration_sessions', x.fresh) };
    },
  },
  'GET /v1/cycles/{id}/potential/{personId}': {
    method: 'GET',
    path: (x) => `/v1/cycles/${MATRIX_CALIBRATE_CYCLE}/potential/${x.personId}`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {};
    },
  },
  // Draft manager reviews (by the target's manager) in their own appraise cycle; submit gets a fresh one.
  'PATCH /v1/reviews/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/reviews/${matrixDraftReviewId(x.personId)}`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      return {
        json: { summary: `Drafted further by ${x.actor}.` },
        headers: await x.ifMatch('reviews', matrixDraftReviewId(x.personId)),
      };
    },
  },
  'POST /v1/reviews/{id}/submit': {
    method: 'POST',
    path: (x) => `/v1/reviews/${x.fresh}/submit`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      x.fresh = await freshDraftReview(x.h, x.f, x.orgId, x.personId);
      return {};
    },
  },
  // A fresh pending request the target asked of their HR administrator, per case (closing it uses it up).
  'POST /v1/feedback-requests/{id}/cancel': {
    method: 'POST',
    path: (x) => `/v1/feedback-requests/${x.fresh}/cancel`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      x.fresh = await freshFeedbackRequest(x.h, x.f, x.orgId, x.personId);
      return { json: { reason: `Cancelled by ${x.actor}` } };
    },
  },
  'POST /v1/feedback-requests/{id}/decline': {
    method: 'POST',
    path: (x) => `/v1/feedback-requests/${x.fresh}/decline`,
    init: async (x) => {
      await seedAppraiseMatrix(x.h, x.f);
      x.fresh = await freshFeedbackRequest(x.h, x.f, x.orgId, x.personId);
      return { json: { reason: `Declined by ${x.actor}` } };
    },
  },
  'POST /v1/goals': {
    method: 'POST',
    path: () => '/v1/goals',
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {
        json: {
          cycleId: MATRIX_PLAN_CYCLE,
          title: `Set by ${x.actor}`,
          level: 'person',
          ownerId: x.personId,
          weight: 10,
          kind: 'competency',
        },
      };
    },
  },
  // A fresh goal of the target in the plan cycle, per case.
  'DELETE /v1/goals/{id}': {
    method: 'DELETE',
    path: (x) => `/v1/goals/${x.fresh}`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      x.fresh = await freshPlanGoal(x.h, x.orgId, x.personId);
      return { headers: await x.ifMatch('goals', x.fresh) };
    },
  },
  // Agreeing is idempotent (each side's first agreement stands); the agree cycle's plans are 100 % one goal.
  'POST /v1/cycles/{id}/plans/{personId}/agree': {
    method: 'POST',
    path: (x) => `/v1/cycles/${MATRIX_AGREE_CYCLE}/plans/${x.personId}/agree`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      // The plan's ETag as it stands (read from the store: a caller who may not see the plan cannot read it).
      const plan = await loadPlan(x.h.store, x.orgId, MATRIX_AGREE_CYCLE, x.personId);
      const goals = await planGoals(x.h.store, x.orgId, MATRIX_AGREE_CYCLE, x.personId);
      return { json: {}, headers: { 'If-Match': planETag(plan?.record ?? null, goals) } };
    },
  },
  // Templates: any person reads them; HR or the template's creator changes or deletes it. Own = one the
  // caller made (Sam's kept from when he managed, say), other = Cat's, foreign = Globex's (Gwen's).
  'GET /v1/goal-templates/{id}': {
    method: 'GET',
    path: (x) => `/v1/goal-templates/${templateOf(x)}`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {};
    },
  },
  'PATCH /v1/goal-templates/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/goal-templates/${templateOf(x)}`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {
        json: { name: `Renamed by ${x.actor}` },
        headers: await x.ifMatch('goal_templates', templateOf(x)),
      };
    },
  },
  'DELETE /v1/goal-templates/{id}': {
    method: 'DELETE',
    path: (x) => `/v1/goal-templates/${x.fresh}`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      const { id } = x.f;
      const creator =
        x.target === 'foreign'
          ? id.gwen
          : x.target === 'own' && x.actor !== 'service'
            ? id[CALLER[x.actor]]
            : id.cat;
      x.fresh = await freshTemplate(x.h, x.orgId, creator);
      return { headers: await x.ifMatch('goal_templates', x.fresh) };
    },
  },
  // Assigning again creates nothing (`already_assigned`); another organisation's template for Gus.
  'POST /v1/goal-templates/{id}/assign': {
    method: 'POST',
    path: (x) =>
      `/v1/goal-templates/${x.target === 'foreign' ? MATRIX_TEMPLATE.globex : MATRIX_TEMPLATE.acme}/assign`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return { json: { cycleId: MATRIX_PLAN_CYCLE, personIds: [x.personId] } };
    },
  },
  // A guidance note about the target by their manager, in the coach cycle (recorded today: still correctable).
  'GET /v1/check-ins/{id}': {
    method: 'GET',
    path: (x) => `/v1/check-ins/${matrixCheckInId(x.personId)}`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {};
    },
  },
  'PATCH /v1/check-ins/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/check-ins/${matrixCheckInId(x.personId)}`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      return {
        json: { notes: `Corrected by ${x.actor}` },
        headers: await x.ifMatch('check_ins', matrixCheckInId(x.personId)),
      };
    },
  },
  // Fresh meetings about the target held by their manager a day ago: pending, or appealed to resolve.
  'PATCH /v1/feedback-meetings/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/feedback-meetings/${x.fresh}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      x.fresh = await freshMeeting(x.h, x.f, x.orgId, x.personId, { status: 'pending' });
      return {
        json: { summary: `Matrix meeting, summary changed by ${x.actor}.` },
        headers: await x.ifMatch('feedback_meetings', x.fresh),
      };
    },
  },
  'POST /v1/feedback-meetings/{id}/appeal': {
    method: 'POST',
    path: (x) => `/v1/feedback-meetings/${x.fresh}/appeal`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      x.fresh = await freshMeeting(x.h, x.f, x.orgId, x.personId, { status: 'pending' });
      return { json: { reason: 'The result leaves out the March outage entirely.' } };
    },
  },
  'POST /v1/feedback-meetings/{id}/resolve-appeal': {
    method: 'POST',
    path: (x) => `/v1/feedback-meetings/${x.fresh}/resolve-appeal`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      x.fresh = await freshMeeting(x.h, x.f, x.orgId, x.personId, {
        status: 'appealed',
        at: new Date().toISOString(),
        reason: 'The result leaves out the March outage entirely.',
      });
      return { json: { outcome: 'upheld', note: `Reviewed by ${x.actor} with the manager.` } };
    },
  },
  // The target's own attribution of their gap goal; withdrawing gets a fresh one per case.
  'GET /v1/gap-attributions/{id}': {
    method: 'GET',
    path: (x) => `/v1/gap-attributions/${matrixAttributionId(x.personId)}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {};
    },
  },
  'PATCH /v1/gap-attributions/{id}': {
    method: 'PATCH',
    path: (x) => `/v1/gap-attributions/${matrixAttributionId(x.personId)}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {
        json: { note: `Noted by ${x.actor}` },
        headers: await x.ifMatch('gap_attributions', matrixAttributionId(x.personId)),
      };
    },
  },
  'DELETE /v1/gap-attributions/{id}': {
    method: 'DELETE',
    path: (x) => `/v1/gap-attributions/${x.fresh}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      x.fresh = await freshAttribution(x.h, x.orgId, x.personId);
      return { headers: await x.ifMatch('gap_attributions', x.fresh) };
    },
  },
  // The target's open draft from the improve cycle into the plan cycle; accepting gets a fresh one per case.
  'GET /v1/next-cycle-drafts/{id}': {
    method: 'GET',
    path: (x) => `/v1/next-cycle-drafts/${matrixDraftId(x.personId)}`,
    init: async (x) => {
      await seedResultsMatrix(x.h, x.f);
      return {};
    },
  },
  'POST /v1/next-cycle-drafts/{id}/accept': {
    method: 'POST',
    path: (x) => `/v1/next-cycle-drafts/${x.fresh}/accept`,
    init: async (x) => {
      await seedLoopMatrix(x.h, x.f);
      await seedResultsMatrix(x.h, x.f);
      x.fresh = await freshDraft(x.h, x.f, x.orgId, x.personId);
      return {};
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
  // A session's adjustments and views: whoever may run it (HR, the head of all its departments), as the session itself.
  ['GET /v1/calibration-sessions/{id}/adjustments', 'employee', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/adjustments', 'manager', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/adjustments', 'head', 200, 404, 404],
  ['GET /v1/calibration-sessions/{id}/adjustments', 'hr', 200, 200, 404],
  ['GET /v1/calibration-sessions/{id}/adjustments', 'service', 403, 403, 403],
  ['GET /v1/calibration-sessions/{id}/distribution', 'employee', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/distribution', 'manager', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/distribution', 'head', 200, 404, 404],
  ['GET /v1/calibration-sessions/{id}/distribution', 'hr', 200, 200, 404],
  ['GET /v1/calibration-sessions/{id}/distribution', 'service', 403, 403, 403],
  ['GET /v1/calibration-sessions/{id}/evidence', 'employee', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/evidence', 'manager', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/evidence', 'head', 200, 404, 404],
  ['GET /v1/calibration-sessions/{id}/evidence', 'hr', 200, 200, 404],
  ['GET /v1/calibration-sessions/{id}/evidence', 'service', 403, 403, 403],
  ['GET /v1/calibration-sessions/{id}/forced-distribution', 'employee', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/forced-distribution', 'manager', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/forced-distribution', 'head', 200, 404, 404],
  ['GET /v1/calibration-sessions/{id}/forced-distribution', 'hr', 200, 200, 404],
  ['GET /v1/calibration-sessions/{id}/forced-distribution', 'service', 403, 403, 403],
  ['GET /v1/calibration-sessions/{id}/nine-box', 'employee', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/nine-box', 'manager', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/nine-box', 'head', 200, 404, 404],
  ['GET /v1/calibration-sessions/{id}/nine-box', 'hr', 200, 200, 404],
  ['GET /v1/calibration-sessions/{id}/nine-box', 'service', 403, 403, 403],
  ['GET /v1/calibration-sessions/{id}/rater-bias', 'employee', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/rater-bias', 'manager', 404, 404, 404],
  ['GET /v1/calibration-sessions/{id}/rater-bias', 'head', 200, 404, 404],
  ['GET /v1/calibration-sessions/{id}/rater-bias', 'hr', 200, 200, 404],
  ['GET /v1/calibration-sessions/{id}/rater-bias', 'service', 403, 403, 403],
  // Moving a rating and finalising: the same people, in an open session of a cycle in calibrate.
  ['POST /v1/calibration-sessions/{id}/adjustments', 'employee', 404, 404, 404],
  ['POST /v1/calibration-sessions/{id}/adjustments', 'manager', 404, 404, 404],
  ['POST /v1/calibration-sessions/{id}/adjustments', 'head', 201, 404, 404],
  ['POST /v1/calibration-sessions/{id}/adjustments', 'hr', 201, 201, 404],
  ['POST /v1/calibration-sessions/{id}/adjustments', 'service', 403, 403, 403],
  ['POST /v1/calibration-sessions/{id}/finalise', 'employee', 404, 404, 404],
  ['POST /v1/calibration-sessions/{id}/finalise', 'manager', 404, 404, 404],
  ['POST /v1/calibration-sessions/{id}/finalise', 'head', 200, 404, 404],
  ['POST /v1/calibration-sessions/{id}/finalise', 'hr', 200, 200, 404],
  ['POST /v1/calibration-sessions/{id}/finalise', 'service', 403, 403, 403],
  // A person's potential: their managers, heads and HR; never the person themselves (404).
  ['GET /v1/cycles/{id}/potential/{personId}', 'employee', 404, 404, 404],
  ['GET /v1/cycles/{id}/potential/{personId}', 'manager', 200, 404, 404],
  ['GET /v1/cycles/{id}/potential/{personId}', 'head', 200, 404, 404],
  ['GET /v1/cycles/{id}/potential/{personId}', 'hr', 200, 200, 404],
  ['GET /v1/cycles/{id}/potential/{personId}', 'service', 403, 403, 403],
  // A draft review (here the target's manager's) is its reviewer's alone: everyone else, HR included, 404.
  ['PATCH /v1/reviews/{id}', 'employee', 404, 404, 404],
  ['PATCH /v1/reviews/{id}', 'manager', 200, 404, 404],
  ['PATCH /v1/reviews/{id}', 'head', 200, 404, 404],
  ['PATCH /v1/reviews/{id}', 'hr', 404, 404, 404],
  ['PATCH /v1/reviews/{id}', 'service', 403, 403, 403],
  ['POST /v1/reviews/{id}/submit', 'employee', 404, 404, 404],
  ['POST /v1/reviews/{id}/submit', 'manager', 200, 404, 404],
  ['POST /v1/reviews/{id}/submit', 'head', 200, 404, 404],
  ['POST /v1/reviews/{id}/submit', 'hr', 404, 404, 404],
  ['POST /v1/reviews/{id}/submit', 'service', 403, 403, 403],
  // A request the subject asked of HR: its requester, the subject's managers and heads, HR cancel it; only the reviewer (HR) declines.
  ['POST /v1/feedback-requests/{id}/cancel', 'employee', 200, 404, 404],
  ['POST /v1/feedback-requests/{id}/cancel', 'manager', 200, 404, 404],
  ['POST /v1/feedback-requests/{id}/cancel', 'head', 200, 404, 404],
  ['POST /v1/feedback-requests/{id}/cancel', 'hr', 200, 200, 404],
  ['POST /v1/feedback-requests/{id}/cancel', 'service', 403, 403, 403],
  ['POST /v1/feedback-requests/{id}/decline', 'employee', 403, 404, 404],
  ['POST /v1/feedback-requests/{id}/decline', 'manager', 403, 404, 404],
  ['POST /v1/feedback-requests/{id}/decline', 'head', 403, 404, 404],
  ['POST /v1/feedback-requests/{id}/decline', 'hr', 200, 200, 404],
  ['POST /v1/feedback-requests/{id}/decline', 'service', 403, 403, 403],
  // Person goals in plan: the owner, their manager chain, heads and HR; API keys never (sync:notion proposes instead).
  ['POST /v1/goals', 'employee', 201, 404, 404],
  ['POST /v1/goals', 'manager', 201, 404, 404],
  ['POST /v1/goals', 'head', 201, 404, 404],
  ['POST /v1/goals', 'hr', 201, 201, 404],
  ['POST /v1/goals', 'service', 403, 403, 403],
  // Deleting (plan phase): the same people; sync:notion may read the goal but not delete it.
  ['DELETE /v1/goals/{id}', 'employee', 204, 404, 404],
  ['DELETE /v1/goals/{id}', 'manager', 204, 404, 404],
  ['DELETE /v1/goals/{id}', 'head', 204, 404, 404],
  ['DELETE /v1/goals/{id}', 'hr', 204, 204, 404],
  ['DELETE /v1/goals/{id}', 'service', 403, 403, 404],
  // The person agrees as the employee; their manager chain (here heads are in it) or HR as the manager.
  ['POST /v1/cycles/{id}/plans/{personId}/agree', 'employee', 200, 404, 404],
  ['POST /v1/cycles/{id}/plans/{personId}/agree', 'manager', 200, 404, 404],
  ['POST /v1/cycles/{id}/plans/{personId}/agree', 'head', 200, 404, 404],
  ['POST /v1/cycles/{id}/plans/{personId}/agree', 'hr', 200, 200, 404],
  ['POST /v1/cycles/{id}/plans/{personId}/agree', 'service', 403, 403, 403],
  // Templates: read by every person; changed or deleted by HR or the person who made them.
  ['GET /v1/goal-templates/{id}', 'employee', 200, 200, 404],
  ['GET /v1/goal-templates/{id}', 'manager', 200, 200, 404],
  ['GET /v1/goal-templates/{id}', 'head', 200, 200, 404],
  ['GET /v1/goal-templates/{id}', 'hr', 200, 200, 404],
  ['GET /v1/goal-templates/{id}', 'service', 403, 403, 403],
  ['PATCH /v1/goal-templates/{id}', 'employee', 200, 403, 404],
  ['PATCH /v1/goal-templates/{id}', 'manager', 200, 403, 404],
  ['PATCH /v1/goal-templates/{id}', 'head', 200, 403, 404],
  ['PATCH /v1/goal-templates/{id}', 'hr', 200, 200, 404],
  ['PATCH /v1/goal-templates/{id}', 'service', 403, 403, 403],
  ['DELETE /v1/goal-templates/{id}', 'employee', 204, 403, 404],
  ['DELETE /v1/goal-templates/{id}', 'manager', 204, 403, 404],
  ['DELETE /v1/goal-templates/{id}', 'head', 204, 403, 404],
  ['DELETE /v1/goal-templates/{id}', 'hr', 204, 204, 404],
  ['DELETE /v1/goal-templates/{id}', 'service', 403, 403, 403],
  // Assigning a template: only to people you manage (yourself: 403), HR anyone.
  ['POST /v1/goal-templates/{id}/assign', 'employee', 403, 404, 404],
  ['POST /v1/goal-templates/{id}/assign', 'manager', 200, 404, 404],
  ['POST /v1/goal-templates/{id}/assign', 'head', 200, 404, 404],
  ['POST /v1/goal-templates/{id}/assign', 'hr', 200, 200, 404],
  ['POST /v1/goal-templates/{id}/assign', 'service', 403, 403, 403],
  // A check-in follows who may see its subject; sync:notion reads them all (of its organisation).
  ['GET /v1/check-ins/{id}', 'employee', 200, 404, 404],
  ['GET /v1/check-ins/{id}', 'manager', 200, 404, 404],
  ['GET /v1/check-ins/{id}', 'head', 200, 404, 404],
  ['GET /v1/check-ins/{id}', 'hr', 200, 200, 404],
  ['GET /v1/check-ins/{id}', 'service', 200, 200, 404],
  // Only its author corrects a check-in (here the subject's manager): not the subject, not HR, not a key.
  ['PATCH /v1/check-ins/{id}', 'employee', 403, 404, 404],
  ['PATCH /v1/check-ins/{id}', 'manager', 200, 404, 404],
  ['PATCH /v1/check-ins/{id}', 'head', 200, 404, 404],
  ['PATCH /v1/check-ins/{id}', 'hr', 403, 403, 404],
  ['PATCH /v1/check-ins/{id}', 'service', 403, 403, 404],
  // A meeting is changed by the manager who held it, or HR.
  ['PATCH /v1/feedback-meetings/{id}', 'employee', 403, 404, 404],
  ['PATCH /v1/feedback-meetings/{id}', 'manager', 200, 404, 404],
  ['PATCH /v1/feedback-meetings/{id}', 'head', 200, 404, 404],
  ['PATCH /v1/feedback-meetings/{id}', 'hr', 200, 200, 404],
  ['PATCH /v1/feedback-meetings/{id}', 'service', 403, 403, 403],
  // Only the subject appeals; only HR resolves (never about themselves).
  ['POST /v1/feedback-meetings/{id}/appeal', 'employee', 200, 404, 404],
  ['POST /v1/feedback-meetings/{id}/appeal', 'manager', 403, 404, 404],
  ['POST /v1/feedback-meetings/{id}/appeal', 'head', 403, 404, 404],
  ['POST /v1/feedback-meetings/{id}/appeal', 'hr', 403, 403, 404],
  ['POST /v1/feedback-meetings/{id}/appeal', 'service', 403, 403, 403],
  ['POST /v1/feedback-meetings/{id}/resolve-appeal', 'employee', 403, 404, 404],
  ['POST /v1/feedback-meetings/{id}/resolve-appeal', 'manager', 403, 404, 404],
  ['POST /v1/feedback-meetings/{id}/resolve-appeal', 'head', 403, 404, 404],
  ['POST /v1/feedback-meetings/{id}/resolve-appeal', 'hr', 200, 200, 404],
  ['POST /v1/feedback-meetings/{id}/resolve-appeal', 'service', 403, 403, 403],
  // An attribution (here the subject's own) follows who may see the subject; only its author changes it; its author or HR withdraws it.
  ['GET /v1/gap-attributions/{id}', 'employee', 200, 404, 404],
  ['GET /v1/gap-attributions/{id}', 'manager', 200, 404, 404],
  ['GET /v1/gap-attributions/{id}', 'head', 200, 404, 404],
  ['GET /v1/gap-attributions/{id}', 'hr', 200, 200, 404],
  ['GET /v1/gap-attributions/{id}', 'service', 403, 403, 403],
  ['PATCH /v1/gap-attributions/{id}', 'employee', 200, 404, 404],
  ['PATCH /v1/gap-attributions/{id}', 'manager', 403, 404, 404],
  ['PATCH /v1/gap-attributions/{id}', 'head', 403, 404, 404],
  ['PATCH /v1/gap-attributions/{id}', 'hr', 403, 403, 404],
  ['PATCH /v1/gap-attributions/{id}', 'service', 403, 403, 403],
  ['DELETE /v1/gap-attributions/{id}', 'employee', 204, 404, 404],
  ['DELETE /v1/gap-attributions/{id}', 'manager', 403, 404, 404],
  ['DELETE /v1/gap-attributions/{id}', 'head', 403, 404, 404],
  ['DELETE /v1/gap-attributions/{id}', 'hr', 204, 204, 404],
  ['DELETE /v1/gap-attributions/{id}', 'service', 403, 403, 403],
  // A person's next-cycle draft: whoever may see them reads it; HR or their manager chain accepts it.
  ['GET /v1/next-cycle-drafts/{id}', 'employee', 200, 404, 404],
  ['GET /v1/next-cycle-drafts/{id}', 'manager', 200, 404, 404],
  ['GET /v1/next-cycle-drafts/{id}', 'head', 200, 404, 404],
  ['GET /v1/next-cycle-drafts/{id}', 'hr', 200, 200, 404],
  ['GET /v1/next-cycle-drafts/{id}', 'service', 403, 403, 403],
  ['POST /v1/next-cycle-drafts/{id}/accept', 'employee', 403, 404, 404],
  ['POST /v1/next-cycle-drafts/{id}/accept', 'manager', 200, 404, 404],
  ['POST /v1/next-cycle-drafts/{id}/accept', 'head', 200, 404, 404],
  ['POST /v1/next-cycle-drafts/{id}/accept', 'hr', 200, 200, 404],
  ['POST /v1/next-cycle-drafts/{id}/accept', 'service', 403, 403, 403],
];

/** Why an operation of the OpenAPI document has no matrix rows (the coverage check below needs one or the other). */
const PROBE = 'an unauthenticated probe';
const SCOPED = "a list or report filtered to the caller's scope, no single target (scoping: its route suite)";
const ME = "the caller's own data, no target";
const ORGANISATION = 'organisation-wide (HR or an integration key), no per-person target (its route suite)';
const INTEGRATION = "the integration key's own state and leases: the scope rule is the state rows above";

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
  'GET /v1/cycles/{}/reports/review-formality': SCOPED,
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
  'POST /v1/calibration-sessions': ORGANISATION,
  'GET /v1/integrations/{}/state': INTEGRATION,
  'DELETE /v1/integrations/{}/state/{}': INTEGRATION,
  'GET /v1/integrations/{}/leases/{}': INTEGRATION,
  'DELETE /v1/integrations/{}/leases/{}': INTEGRATION,
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
      orgId: foreign ? f.globex.organisation.id : f.acme.organisation.id,
      subject: `matrix-${actor}-${target}-${randomUUID()}`,
      fresh: '',
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
