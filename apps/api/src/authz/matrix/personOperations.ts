// Roles-matrix operations: people, departments, reviews, feedback requests, scores, potential and calibration.
import { randomUUID } from 'node:crypto';
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
} from '../../routes/appraise/matrixFixture.ts';
import { MATRIX_TENANT, type Operation, sessionMember, sessionView } from './context.ts';

export const PERSON_OPERATIONS = {
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
      // A different reviewer per actor, so no row repeats another's (subject, reviewer) request; never the subject's
      // own manager (not a peer: 422 manager_not_peer).
      const reviewer = (
        { employee: 'erin', manager: 'cat', head: 'cat', hr: 'mo', service: 'erin' } as const
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
} satisfies Record<string, Operation>;
