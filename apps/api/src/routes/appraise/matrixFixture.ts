// Roles-matrix fixture for the appraise/calibrate routes: cycles, goals, reviews, potential and sessions, seeded once per harness.
import { randomUUID } from 'node:crypto';
import type { ApiHarness, Fixture } from '../../testing/apiHarness.ts';
import { potentialId } from '../potential.ts';
import { kpiGoal, put, seedCycle, seedGoal, seedReview } from './testAppraisal.ts';

/** A cycle in `appraise` (reviews are written) and one in `calibrate` (scores, potential, sessions). */
export const MATRIX_APPRAISE_CYCLE = 'cyc_matrix_appraise';
export const MATRIX_CALIBRATE_CYCLE = 'cyc_matrix_calibrate';
/**
 * Another `appraise` cycle holding draft manager reviews, kept apart from MATRIX_APPRAISE_CYCLE so that
 * no POST /v1/reviews row meets one of them (one review per reviewer, subject and component).
 */
export const MATRIX_REVIEW_CYCLE = 'cyc_matrix_review';
/** Each Acme person's submitted self review in the appraise cycle. */
export const matrixReviewId = (personId: string) => `rev_matrix_${personId}`;
/**
 * A pending peer feedback request about a person, asked by that person of their organisation's HR
 * administrator (who sees it anyway; Acme: Hal, Globex: Gwen): seeded for Sam, Pia and Paul in Acme
 * and Gus in Globex. No POST /v1/feedback-requests row asks Hal, so none collides with these.
 */
export const matrixFeedbackRequestId = (personId: string) => `frq_matrix_${personId}`;
/** A calibration session over one department (every Acme one, and Globex's root) in the calibrate cycle. */
export const matrixSessionId = (departmentId: string) => `cal_matrix_${departmentId}`;
/** The draft manager review of a target person (Sam, Pia, Paul; Gus in Globex) by their manager, in the review cycle. */
export const matrixDraftReviewId = (personId: string) => `rev_matrix_draft_${personId}`;
export { potentialId };

/** The manager of each person the matrix targets (Sam, Pia, Paul in Acme; Gus in Globex). */
export function matrixManagerOf(f: Fixture, personId: string): string {
  const managers: Record<string, string> = {
    [f.id.sam]: f.id.hana,
    [f.id.pia]: f.id.mo,
    [f.id.paul]: f.id.pia,
    [f.id.gus]: f.id.gwen,
  };
  const manager = managers[personId];
  if (manager === undefined) throw new Error(`no matrix manager for ${personId}`);
  return manager;
}

/** A new id for a record one matrix case writes to (and may use up). */
export const freshId = (prefix: string) =>
  `${prefix}_matrix_${randomUUID().replaceAll('-', '').slice(0, 16)}`;

/** A new draft manager review of `subjectId` by their manager in the review cycle; its id. */
export async function freshDraftReview(h: ApiHarness, f: Fixture, orgId: string, subjectId: string) {
  const id = freshId('rev');
  await seedReview(h, orgId, {
    id,
    cycleId: MATRIX_REVIEW_CYCLE,
    subjectId,
    reviewerId: matrixManagerOf(f, subjectId),
    component: 'manager',
    ratings: [],
    submittedAt: null,
  });
  return id;
}

/** A new pending peer feedback request `subjectId` asked of their organisation's HR administrator; its id. */
export async function freshFeedbackRequest(h: ApiHarness, f: Fixture, orgId: string, subjectId: string) {
  const id = freshId('frq');
  await seedRequest(h, f, orgId, id, subjectId);
  return id;
}

/** A new open calibration session over one department in its organisation's calibrate cycle; its id. */
export async function freshSession(h: ApiHarness, f: Fixture, orgId: string, departmentId: string) {
  const id = freshId('cal');
  await seedSession(h, f, orgId, id, departmentId);
  return id;
}

async function seedRequest(h: ApiHarness, f: Fixture, orgId: string, id: string, subjectId: string) {
  const reviewerId = orgId === f.globex.organisation.id ? f.id.gwen : f.id.hal;
  await put(h, orgId, 'feedback_requests', {
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

async function seedSession(h: ApiHarness, f: Fixture, orgId: string, id: string, departmentId: string) {
  await put(h, orgId, 'calibration_sessions', {
    id,
    cycleId: MATRIX_CALIBRATE_CYCLE,
    data: {
      id,
      cycleId: MATRIX_CALIBRATE_CYCLE,
      name: `Session ${departmentId}`,
      departmentIds: [departmentId],
      state: 'open',
      createdBy: orgId === f.globex.organisation.id ? f.id.gwen : f.id.hal,
      finalisedAt: null,
      finalisedBy: null,
      summary: null,
    },
  });
}

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
  const globexId = f.globex.organisation.id;
  const globexPeople = [f.id.gwen, f.id.gus];
  await seedCycle(h, globexId, MATRIX_APPRAISE_CYCLE, 'appraise', globexPeople);
  await seedCycle(h, globexId, MATRIX_CALIBRATE_CYCLE, 'calibrate', globexPeople);
  await seedCycle(h, orgId, MATRIX_REVIEW_CYCLE, 'appraise', people);
  await seedCycle(h, globexId, MATRIX_REVIEW_CYCLE, 'appraise', globexPeople);
  const targets = [
    [orgId, f.id.sam],
    [orgId, f.id.pia],
    [orgId, f.id.paul],
    [globexId, f.id.gus],
  ] as const;
  for (const [org, subjectId] of targets) {
    await seedRequest(h, f, org, matrixFeedbackRequestId(subjectId), subjectId);
    await seedReview(h, org, {
      id: matrixDraftReviewId(subjectId),
      cycleId: MATRIX_REVIEW_CYCLE,
      subjectId,
      reviewerId: matrixManagerOf(f, subjectId),
      component: 'manager',
      ratings: [],
      submittedAt: null,
    });
  }
  for (const departmentId of Object.values(f.dept)) {
    await seedSession(h, f, orgId, matrixSessionId(departmentId), departmentId);
  }
  await seedSession(h, f, globexId, matrixSessionId(f.globexRoot), f.globexRoot);
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
