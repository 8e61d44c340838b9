// Roles-matrix expectations: per operation, the README rule it follows (rules.ts) and any documented exception.
import { INTEGRATION_OPERATIONS } from './integrationOperations.ts';
import { LOOP_OPERATIONS } from './loopOperations.ts';
import { ORGANISATION_OPERATIONS } from './organisationOperations.ts';
import { PERSON_OPERATIONS } from './personOperations.ts';
import {
  changedByHr,
  creatorOrHr,
  type Expectation,
  everyPerson,
  except,
  FOREIGN_IN_BODY,
  hrChangesOrg,
  hrOnlyInOrg,
  integrationKeyOnly,
  managedBy,
  reviewerOnly,
  runsCalibration,
  seenBy,
  selfAndHr,
  subjectOnly,
  untargeted,
} from './rules.ts';
import { TARGET_ADJUSTMENT_OPERATIONS } from './targetAdjustmentOperations.ts';

export const OPERATIONS = {
  ...PERSON_OPERATIONS,
  ...LOOP_OPERATIONS,
  ...TARGET_ADJUSTMENT_OPERATIONS,
  ...INTEGRATION_OPERATIONS,
  ...ORGANISATION_OPERATIONS,
};
export type OperationName = keyof typeof OPERATIONS;

/** sync:notion "reads goals, check-ins and the change feed": those of its organisation, another's 404. */
const READS = [200, 200, 404] as const;
/** A route with no target: every person of the organisation, API keys 403. */
const PEOPLE_READ = untargeted({ employee: 200, manager: 200, head: 200, hr: 200, service: 403 });
const HR_ONLY = (ok: number) => untargeted({ employee: 403, manager: 403, head: 403, hr: ok, service: 403 });
/** A cycle of the caller's organisation (no someone else's) or another organisation's: every person reads it. */
const CYCLE_READ: Expectation = {
  employee: [200, null, 404],
  manager: [200, null, 404],
  head: [200, null, 404],
  hr: [200, null, 404],
  service: [403, null, 403],
};
/** HR creates it, naming the organisation's own department / policy, or another organisation's in the body. */
const HR_CREATES: Expectation = {
  employee: [403, null, 403],
  manager: [403, null, 403],
  head: [403, null, 403],
  hr: [201, null, FOREIGN_IN_BODY],
  service: [403, null, 403],
};

export const EXPECTED: Record<OperationName, Expectation> = {
  // Reads of a person's data: 404 (never 403) when you may not see them.
  'GET /v1/people/{id}': seenBy(200),
  // Person records are HR's to change: visible but not yours → 403.
  'PATCH /v1/people/{id}': changedByHr(200),
  // A person's sign-in logins: HR and the person themselves read them (anyone else 404); only HR changes them.
  'GET /v1/people/{id}/identities': selfAndHr(200),
  'DELETE /v1/people/{id}/identities/{provider}/{subject}': changedByHr(204),
  'PUT /v1/people/{id}/identities/{provider}/{subject}': changedByHr(200),
  // Departments are visible to the whole organisation; HR changes them.
  'GET /v1/departments/{id}': everyPerson(200),
  'PATCH /v1/departments/{id}': hrChangesOrg(200),
  // Deleting: HR is refused only because these departments are not empty.
  'DELETE /v1/departments/{id}': hrChangesOrg(409),
  // Reviews: your own, and submitted reviews of people you manage; the subject's others only from feedback on.
  'GET /v1/reviews/{id}': seenBy(200),
  // Manager reviews come from the manager chain: HR and the subject see them but may not write one (403).
  'POST /v1/reviews': except(managedBy(201), { hr: [403, 403, 404] }),
  // Peer feedback is requested by the subject's managers, heads, HR, or the subject about themselves.
  'POST /v1/feedback-requests': seenBy(201),
  // Whom to ask: the same people as who may ask (the subject for peers; managers, heads, HR).
  'GET /v1/cycles/{id}/feedback-reviewers': seenBy(200),
  // A feedback request (here one the subject asked a colleague for): its requester, its reviewer, the
  // subject's managers and heads, HR. The subject only sees requests they made.
  'GET /v1/feedback-requests/{id}': seenBy(200),
  'GET /v1/feedback-requests/{id}/subject': seenBy(200),
  // Scores: managers, heads, HR; the employee's own only from feedback on (the cycle calibrates: 403).
  'GET /v1/cycles/{id}/scores/{personId}': managedBy(200),
  'PUT /v1/cycles/{id}/potential/{personId}': managedBy(200),
  // Calibration sessions: HR, or the head of every department in them.
  'GET /v1/calibration-sessions/{id}': runsCalibration(200),
  // Goals: person goals follow who may see their owner; sync:notion reads them all (of its organisation).
  'GET /v1/goals/{id}': seenBy(200, READS),
  // In plan the owner, their manager chain, heads and HR edit everything; sync:notion only actual/status/description.
  'PATCH /v1/goals/{id}': seenBy(200, [403, 403, 404]),
  // Bulk actuals (the Sheets add-on) follow the goal rules; API keys never (the add-on acts as its user).
  'POST /v1/cycles/{id}/people/{personId}/score-entries': seenBy(200),
  // The same for many people at once: a person you may not see makes the whole request 404.
  'POST /v1/cycles/{id}/score-entries': seenBy(200),
  'GET /v1/cycles/{id}/plans/{personId}': seenBy(200),
  // Check-ins: managers about their people, anyone a progress note about themselves, sync:notion notes.
  'POST /v1/check-ins': seenBy(201, [201, 201, 404]),
  // Feedback meetings follow who may see the subject; the manager chain and HR record them.
  'GET /v1/feedback-meetings/{id}': seenBy(200),
  'POST /v1/feedback-meetings': managedBy(201),
  // Only the subject acknowledges their result.
  'POST /v1/feedback-meetings/{id}/acknowledge': subjectOnly(200),
  // Compensation: HR and the person themselves only — never managers or heads.
  'GET /v1/cycles/{id}/compensation/{personId}': selfAndHr(200),
  'PUT /v1/cycles/{id}/compensation/{personId}': changedByHr(200),
  // Gap attributions: the subject or their manager chain (HR as such is not in it).
  'POST /v1/gap-attributions': except(seenBy(201), { hr: [403, 403, 404] }),
  // Target adjustments are requested by the goal's owner or their manager chain (HR as such is not in it);
  // a goal of someone the caller may not see, or of another organisation, is an unknown goal in the body.
  'POST /v1/target-adjustments': {
    employee: [201, FOREIGN_IN_BODY, FOREIGN_IN_BODY],
    manager: [201, FOREIGN_IN_BODY, FOREIGN_IN_BODY],
    head: [201, FOREIGN_IN_BODY, FOREIGN_IN_BODY],
    hr: [403, 403, FOREIGN_IN_BODY],
    service: [403, 403, 403],
  },
  // A request (here the target's own) follows who may see its subject; only its requester withdraws it;
  // HR or the head of the owner's department decides (a manager who is not the head 403; the owner: SELF).
  'GET /v1/target-adjustments/{id}': seenBy(200),
  'POST /v1/target-adjustments/{id}/withdraw': subjectOnly(200),
  'POST /v1/target-adjustments/{id}/decision': except(changedByHr(200), { head: [200, 404, 404] }),
  // A person's KPI shortfalls: whoever may see the person (attributing is the person's and their manager chain's).
  'GET /v1/cycles/{id}/shortfalls': seenBy(200),
  // The diagnosis report: HR, and heads for the departments they head (by department: 403, not 404).
  'GET /v1/cycles/{id}/reports/diagnosis': except(hrChangesOrg(200), {
    employee: [403, 403, 403],
    manager: [403, 403, 403],
    head: [200, 403, 404],
  }),
  // Integration state: the integration's API key only (people 403), shared by the organisation's keys.
  'GET /v1/integrations/{integration}/state/{key}': integrationKeyOnly([200, 200, 404]),
  'PUT /v1/integrations/{integration}/state/{key}': integrationKeyOnly([201, 201, 404]),
  'DELETE /v1/integrations/{integration}/state/{key}': integrationKeyOnly([204, null, 404]),
  'GET /v1/integrations/{integration}/state': integrationKeyOnly([200, null, null]),
  // Batches, new leases and the directory live in the key's own organisation (no foreign target to name).
  'POST /v1/integrations/{integration}/state': integrationKeyOnly([200, null, null]),
  'POST /v1/integrations/{integration}/leases/{name}': integrationKeyOnly([200, null, null]),
  'GET /v1/integrations/{integration}/leases/{name}': integrationKeyOnly([200, null, 404]),
  'DELETE /v1/integrations/{integration}/leases/{name}': integrationKeyOnly([204, null, 404]),
  'GET /v1/integrations/{integration}/directory': integrationKeyOnly([200, null, null]),
  // Goals proposed from Notion by Hana (head of Sales): Sam's yes, Pia's not hers (403), Globex's Gus unknown (422).
  'POST /v1/integrations/{integration}/goals': integrationKeyOnly([201, 403, FOREIGN_IN_BODY]),
  // A session's adjustments and views: whoever may run it (HR, the head of all its departments), as the session itself.
  'GET /v1/calibration-sessions/{id}/adjustments': runsCalibration(200),
  'GET /v1/calibration-sessions/{id}/distribution': runsCalibration(200),
  'GET /v1/calibration-sessions/{id}/evidence': runsCalibration(200),
  'GET /v1/calibration-sessions/{id}/forced-distribution': runsCalibration(200),
  'GET /v1/calibration-sessions/{id}/nine-box': runsCalibration(200),
  'GET /v1/calibration-sessions/{id}/rater-bias': runsCalibration(200),
  // Moving a rating and finalising: the same people, in an open session of a cycle in calibrate.
  'POST /v1/calibration-sessions/{id}/adjustments': runsCalibration(201),
  'POST /v1/calibration-sessions/{id}/finalise': runsCalibration(200),
  // A person's potential: their managers, heads and HR; never the person themselves (selfTargets.ts).
  'GET /v1/cycles/{id}/potential/{personId}': seenBy(200),
  // A draft review (here the target's manager's) is its reviewer's alone: everyone else, HR included, 404.
  'PATCH /v1/reviews/{id}': reviewerOnly(200),
  'POST /v1/reviews/{id}/submit': reviewerOnly(200),
  // A request the subject asked of HR: its requester, the subject's managers and heads, HR cancel it; only the reviewer (HR) declines.
  'POST /v1/feedback-requests/{id}/cancel': seenBy(200),
  'POST /v1/feedback-requests/{id}/decline': changedByHr(200),
  // Person goals in plan: the owner, their manager chain, heads and HR; API keys never (sync:notion proposes instead).
  'POST /v1/goals': seenBy(201),
  // Deleting (plan phase): the same people; sync:notion may read the goal but not delete it.
  'DELETE /v1/goals/{id}': seenBy(204, [403, 403, 404]),
  // The person agrees as the employee; their manager chain (here heads are in it) or HR as the manager.
  'POST /v1/cycles/{id}/plans/{personId}/agree': seenBy(200),
  // Templates: read by every person; changed or deleted by HR or the person who made them.
  'GET /v1/goal-templates/{id}': everyPerson(200),
  'PATCH /v1/goal-templates/{id}': creatorOrHr(200),
  'DELETE /v1/goal-templates/{id}': creatorOrHr(204),
  // Assigning a template: only to people you manage (yourself: 403), HR anyone.
  'POST /v1/goal-templates/{id}/assign': managedBy(200),
  // A check-in follows who may see its subject; sync:notion reads them all (of its organisation).
  'GET /v1/check-ins/{id}': seenBy(200, READS),
  // Only its author corrects a check-in (here the subject's manager): not the subject, not HR, not a key.
  'PATCH /v1/check-ins/{id}': except(managedBy(200, [403, 403, 404]), { hr: [403, 403, 404] }),
  // A meeting is changed by the manager who held it, or HR.
  'PATCH /v1/feedback-meetings/{id}': managedBy(200),
  // Only the subject appeals; only HR resolves (never about themselves).
  'POST /v1/feedback-meetings/{id}/appeal': subjectOnly(200),
  'POST /v1/feedback-meetings/{id}/resolve-appeal': changedByHr(200),
  // An attribution (here the subject's own) follows who may see the subject; only its author changes it; its author or HR withdraws it.
  'GET /v1/gap-attributions/{id}': seenBy(200),
  'PATCH /v1/gap-attributions/{id}': subjectOnly(200),
  'DELETE /v1/gap-attributions/{id}': except(subjectOnly(204), { hr: [204, 204, 404] }),
  // A person's next-cycle draft: whoever may see them reads it; HR or their manager chain drafts and accepts it.
  'GET /v1/next-cycle-drafts/{id}': seenBy(200),
  'POST /v1/next-cycle-drafts/{id}/accept': managedBy(200),
  'POST /v1/cycles/{id}/next-cycle-drafts': managedBy(201),

  // Probes answer everyone, signed in or not.
  'GET /healthz': untargeted({ employee: 200, manager: 200, head: 200, hr: 200, service: 200 }),
  'GET /readyz': untargeted({ employee: 200, manager: 200, head: 200, hr: 200, service: 200 }),
  // Lists filtered to what the caller may see (what each holds: its route suite); "me" routes.
  'GET /v1/people': PEOPLE_READ,
  'GET /v1/people/me': PEOPLE_READ,
  'GET /v1/departments': PEOPLE_READ,
  'GET /v1/cycles': PEOPLE_READ,
  'GET /v1/calibration-sessions': PEOPLE_READ,
  'GET /v1/check-ins': untargeted({ employee: 200, manager: 200, head: 200, hr: 200, service: 200 }),
  'GET /v1/feedback-meetings': PEOPLE_READ,
  'GET /v1/feedback-requests': PEOPLE_READ,
  'GET /v1/gap-attributions': PEOPLE_READ,
  'GET /v1/target-adjustments': PEOPLE_READ,
  'GET /v1/goal-templates': PEOPLE_READ,
  'GET /v1/goals': untargeted({ employee: 200, manager: 200, head: 200, hr: 200, service: 200 }),
  'GET /v1/policies': PEOPLE_READ,
  'GET /v1/policies/presets': PEOPLE_READ,
  'GET /v1/reviews': PEOPLE_READ,
  'GET /v1/me/feedback-requests': PEOPLE_READ,
  'GET /v1/me/goals': PEOPLE_READ,
  'GET /v1/me/results': PEOPLE_READ,
  'GET /v1/me/to-do': PEOPLE_READ,
  'GET /v1/organisation': PEOPLE_READ,
  // HR's administration: API keys, the audit log, organisation settings, policies, people import.
  'GET /v1/api-keys': HR_ONLY(200),
  'POST /v1/api-keys': HR_ONLY(201),
  'POST /v1/api-keys/{id}/revoke': hrOnlyInOrg(200, [403, null, 403], true),
  'GET /v1/audit': HR_ONLY(200),
  'GET /v1/audit/verify': HR_ONLY(200),
  'GET /v1/alerts/deliveries': HR_ONLY(200),
  'GET /v1/alerts/unreachable': HR_ONLY(200),
  'GET /v1/alerts/status': HR_ONLY(200),
  'GET /v1/changes': untargeted({ employee: 403, manager: 403, head: 403, hr: 200, service: 200 }),
  'PATCH /v1/organisation': HR_ONLY(200),
  'POST /v1/policies': HR_ONLY(201),
  'POST /v1/people/import': HR_ONLY(200),
  // Goal templates are made by HR and managers (heads manage too).
  'POST /v1/goal-templates': untargeted({ employee: 403, manager: 201, head: 201, hr: 201, service: 403 }),
  'POST /v1/people': HR_CREATES,
  'POST /v1/departments': HR_CREATES,
  'POST /v1/cycles': HR_CREATES,
  // A session over the target department: HR, or its head; another organisation's department is unknown.
  'POST /v1/calibration-sessions': {
    employee: [403, 403, FOREIGN_IN_BODY],
    manager: [403, 403, FOREIGN_IN_BODY],
    head: [201, 403, FOREIGN_IN_BODY],
    hr: [201, 201, FOREIGN_IN_BODY],
    service: [403, 403, 403],
  },
  // Cycles and policies: every person reads them; HR changes, moves, previews and applies.
  'GET /v1/cycles/{id}': CYCLE_READ,
  'GET /v1/policies/{id}': CYCLE_READ,
  'PATCH /v1/cycles/{id}': hrOnlyInOrg(200),
  'PATCH /v1/policies/{id}': hrOnlyInOrg(200, [403, null, 403], true),
  'POST /v1/cycles/{id}/transitions': hrOnlyInOrg(200),
  // Who takes part in a cycle: HR only (never about themselves: `own_participation`, the recusal matrix).
  'POST /v1/cycles/{id}/participants': hrOnlyInOrg(200),
  'POST /v1/cycles/{id}/withdrawals': hrOnlyInOrg(200),
  // Who takes part, with each person's withdrawals: every person reads it, filtered to the people they may see.
  'GET /v1/cycles/{id}/participants': CYCLE_READ,
  'POST /v1/cycles/{id}/results/apply': hrOnlyInOrg(200),
  'POST /v1/cycles/{id}/results/preview': hrOnlyInOrg(200, [403, null, 404]),
  // Compensation inputs in bulk: HR only (anyone else 403 before any person is looked at).
  'PUT /v1/cycles/{id}/compensation': {
    employee: [403, 403, 403],
    manager: [403, 403, 403],
    head: [403, 403, 403],
    hr: [200, 200, FOREIGN_IN_BODY],
    service: [403, 403, 403],
  },
  // A cycle's lists and reports, filtered to the caller's scope by their route suites.
  'GET /v1/cycles/{id}/readiness': CYCLE_READ,
  'GET /v1/cycles/{id}/plans': CYCLE_READ,
  'GET /v1/cycles/{id}/scores': CYCLE_READ,
  'GET /v1/cycles/{id}/results': CYCLE_READ,
  'GET /v1/cycles/{id}/compensation': CYCLE_READ,
  'GET /v1/cycles/{id}/next-cycle-drafts': CYCLE_READ,
  'GET /v1/cycles/{id}/alignment': CYCLE_READ,
  'GET /v1/cycles/{id}/reports/alignment': CYCLE_READ,
  'GET /v1/cycles/{id}/reports/coaching': CYCLE_READ,
  'GET /v1/cycles/{id}/reports/review-formality': CYCLE_READ,
};
