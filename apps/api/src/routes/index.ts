// The resource route modules mounted under /v1: add yours to the list.
import type { RouteModule } from '../app.ts';
import type { TeamsAlertsConfig } from '../env.ts';
import type { Kit } from '../kit/index.ts';
import { alertDeliveriesRoutes } from './alert-deliveries.ts';
import { alertStatusRoutes } from './alert-status.ts';
import { alertUnreachableRoutes } from './alert-unreachable.ts';
import { apiKeysRoutes } from './api-keys.ts';
import { auditRoutes } from './audit.ts';
import { calibrationSessionsRoutes } from './calibration-sessions.ts';
import { changesRoutes } from './changes.ts';
import { checkInsRoutes } from './check-ins.ts';
import { compensationRoutes } from './compensation.ts';
import { cycleParticipantsRoutes } from './cycleParticipants.ts';
import { cycleReportsRoutes } from './cycleReports.ts';
import { cyclesRoutes } from './cycles.ts';
import { departmentsRoutes } from './departments.ts';
import { diagnosisRoutes } from './diagnosis.ts';
import { feedbackMeetingsRoutes } from './feedback-meetings.ts';
import { feedbackRequestSubjectRoutes, feedbackReviewersRoutes } from './feedback-request-people.ts';
import { feedbackRequestsRoutes, myFeedbackRequestsRoutes } from './feedback-requests.ts';
import { gapAttributionsRoutes } from './gap-attributions.ts';
import { goalTemplatesRoutes } from './goal-templates.ts';
import { goalsRoutes } from './goals.ts';
import { integrationsRoutes } from './integrations.ts';
import { myGoalsRoutes } from './myGoals.ts';
import { myToDoRoutes } from './myToDo.ts';
import { cycleDraftsRoutes, nextCycleDraftsRoutes } from './next-cycle-drafts.ts';
import { organisationRoutes } from './organisation.ts';
import { peopleRoutes } from './people.ts';
import { personIdentitiesRoutes } from './person-identities.ts';
import { plansRoutes } from './plans.ts';
import { policiesRoutes } from './policies.ts';
import { potentialRoutes } from './potential.ts';
import { myResultsRoutes, resultsRoutes } from './results.ts';
import { reviewFormalityReportRoutes } from './reviewFormalityReport.ts';
import { reviewsRoutes } from './reviews.ts';
import { scoreEntriesRoutes } from './score-entries.ts';
import { scoresRoutes } from './scores.ts';
import { shortfallsRoutes } from './shortfalls.ts';
import { targetAdjustmentsRoutes } from './target-adjustments.ts';

export interface RoutesOptions {
  /** The Teams alerts' configuration (env `teamsAlerts`), for `GET /v1/alerts/status`; absent or null: not configured. */
  teamsAlerts?: TeamsAlertsConfig | null;
}

export function createRoutes(kit: Kit, options: RoutesOptions = {}): RouteModule[] {
  return [
    organisationRoutes(kit),
    departmentsRoutes(kit),
    peopleRoutes(kit),
    personIdentitiesRoutes(kit),
    policiesRoutes(kit),
    apiKeysRoutes(kit),
    auditRoutes(kit),
    alertDeliveriesRoutes(kit),
    alertUnreachableRoutes(kit),
    alertStatusRoutes(kit, options.teamsAlerts ?? null),
    changesRoutes(kit),
    cyclesRoutes(kit),
    cycleParticipantsRoutes(kit),
    plansRoutes(kit),
    cycleReportsRoutes(kit),
    goalsRoutes(kit),
    goalTemplatesRoutes(kit),
    checkInsRoutes(kit),
    myGoalsRoutes(kit),
    myToDoRoutes(kit),
    feedbackMeetingsRoutes(kit),
    compensationRoutes(kit),
    resultsRoutes(kit),
    myResultsRoutes(kit),
    gapAttributionsRoutes(kit),
    targetAdjustmentsRoutes(kit),
    diagnosisRoutes(kit),
    shortfallsRoutes(kit),
    cycleDraftsRoutes(kit),
    nextCycleDraftsRoutes(kit),
    feedbackRequestsRoutes(kit),
    feedbackRequestSubjectRoutes(kit),
    feedbackReviewersRoutes(kit),
    myFeedbackRequestsRoutes(kit),
    reviewsRoutes(kit),
    reviewFormalityReportRoutes(kit),
    scoresRoutes(kit),
    scoreEntriesRoutes(kit),
    potentialRoutes(kit),
    calibrationSessionsRoutes(kit),
    integrationsRoutes(kit),
  ];
}
