// Roles-matrix fixture for the appraise/calibrate routes: cycles, goals, reviews, potential and sessions, seeded once per harness.
import type { ApiHarness, Fixture } from '../../testing/apiHarness.ts';
import { potentialId } from '../potential.ts';
import { kpiGoal, put, seedCycle, seedGoal, seedReview } from './testAppraisal.ts';

/** A cycle in `appraise` (reviews are written) and one in `calibrate` (scores, potential, sessions). */
export const MATRIX_APPRAISE_CYCLE = 'cyc_matrix_appraise';
export const MATRIX_CALIBRATE_CYCLE = 'cyc_matrix_calibrate';
/** Each Acme person's submitted self review in the appraise cycle. */
export const matrixReviewId = (personId: string) => `rev_matrix_${personId}`;
/**
 * A pending peer feedback request about a person, asked by that person of their organisation's HR
 * administrator (who sees it anyway; Acme: Hal, Globex: Gwen): seeded for Sam, Pia and Paul in Acme
 * and Gus in Globex. No POST /v1/feedback-requests row asks Hal, so none collides with these.
 */
export const matrixFeedbackRequestId = (personId: string) => `frq_matrix_${personId}`;
/** A calibration session over one Acme department in the calibrate cycle. */
export const matrixSessionId = (departmentId: string) => `cal_matrix_${departmentId}`;
export { potentialId };

const seeded = new WeakMap<ApiHarness, Promise<void>>();

async function seed(h: ApiHarness, f: Fixture): Promise<void> {
  const orgId = f.acme.organisation.id;
  const people = (['hal', 'cat', 'hana', 'sam', 'erin', 'mo', 'pia', 'paul'] as const).map((n) => f.id[n]);
  await seedCycle(h, orgId, MATRIX_APPRAISE_CYCLE, 'appraise', people);
  await seedCycle(h, orgId, MATRIX_CALIBRATE_CYCLE, 'calibrate', people);
  for (const person of people) {
    await seedGoal(h, orgId, kpiGoal(`gol_matrix_${person}`, MATRIX_CALIBRATE_CYCLE, person, 100, 100));
    await seedReview(h, orgId, {
      id: matrixReviewId(person),
      cycleId: MATRIX_APPRAISE_CYCLE,
      subjectId: person,
      reviewerId: person,
      component: 'self',
      ratings: [],
    });
    const id = potentialId(MATRIX_CALIBRATE_CYCLE, person);
    await put(h, orgId, 'potential_assessments', {
      id,
      cycleId: MATRIX_CALIBRATE_CYCLE,
      subjectId: person,
      data: {
        id,
        cycleId: MATRIX_CALIBRATE_CYCLE,
        subjectId: person,
        potential: 2,
        note: '',
        assessedBy: f.id.hal,
        assessedAt: '2026-07-01T09:00:00Z',
      },
    });
  }
  const requests = [
    [orgId, f.id.sam, f.id.hal],
    [orgId, f.id.pia, f.id.hal],
    [orgId, f.id.paul, f.id.hal],
    [f.globex.organisation.id, f.id.gus, f.id.gwen],
  ] as const;
  for (const [org, subjectId, reviewerId] of requests) {
    const id = matrixFeedbackRequestId(subjectId);
    await put(h, org, 'feedback_requests', {
      id,
      cycleId: MATRIX_APPRAISE_CYCLE,
      subjectId,
      data: {
        id,
        cycleId: MATRIX_APPRAISE_CYCLE,
        subjectId,
        reviewerId,
        component: 'peer',
        message: 'Matrix request',
        requestedBy: subjectId,
        state: 'pending',
        reviewId: null,
        reason: null,
        closedAt: null,
        closedBy: null,
      },
    });
  }
  for (const departmentId of Object.values(f.dept)) {
    const id = matrixSessionId(departmentId);
    await put(h, orgId, 'calibration_sessions', {
      id,
      cycleId: MATRIX_CALIBRATE_CYCLE,
      data: {
        id,
        cycleId: MATRIX_CALIBRATE_CYCLE,
        name: `Session ${departmentId}`,
        departmentIds: [departmentId],
        state: 'open',
        createdBy: f.id.hal,
        finalisedAt: null,
        finalisedBy: null,
        summary: null,
      },
    });
  }
}

/** Seeds the matrix data once per harness (safe to call from every operation's init). */
export function seedAppraiseMatrix(h: ApiHarness, f: Fixture): Promise<void> {
  let done = seeded.get(h);
  if (!done) {
    done = seed(h, f);
    seeded.set(h, done);
  }
  return done;
}
