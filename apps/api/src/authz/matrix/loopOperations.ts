// Roles-matrix operations: goals, plans, check-ins, templates, feedback meetings, compensation, gaps and next-cycle drafts.
import {
  freshPlanGoal,
  freshTemplate,
  MATRIX_AGREE_CYCLE,
  MATRIX_COACH_CYCLE,
  MATRIX_PLAN_CYCLE,
  MATRIX_TEMPLATE,
  matrixCheckInId,
  matrixGoalId,
  seedLoopMatrix,
} from '../../routes/cycles/matrixFixture.ts';
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
} from '../../routes/loop/matrixFixture.ts';
import { loadPlan, planETag, planGoals } from '../../routes/plans/planRecord.ts';
import { CALLER, type Operation, templateOf } from './context.ts';

export const LOOP_OPERATIONS = {
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
