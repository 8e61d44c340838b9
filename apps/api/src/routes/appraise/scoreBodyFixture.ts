// Test fixture: a person's explained score body as the API hands it out, from core scoring (a KPI, two competency goals, a manager and some peers).
import {
  expandedFormula,
  explainScore,
  GoalSchema,
  POLICY_PRESETS,
  type Review,
  ReviewSchema,
  scorePerson,
  unwrap,
} from '@perfloop/core';
import type { PersonScoreBody } from './scoreSchemas.ts';

/** The peers' ratings of the two competency goals, in order: [Ownership, Teamwork]. */
export type PeerRatings = readonly (readonly [number, number])[];

/**
 * `subjectId` scored under the incentive preset: Bookings (KPI, weight 40, at target), Ownership and Teamwork
 * (competency, 30 each) rated by their manager `mo` (4, 3) and by peers `peer0`, `peer1`… as `peers` says; `peer0`
 * first submitted a review it later replaced (a `superseded_review` warning naming them).
 */
export function explainedBody(subjectId: string, peers: PeerRatings): PersonScoreBody {
  const base = {
    cycleId: 'c1',
    level: 'person',
    ownerId: subjectId,
    departmentId: null,
    alignedTo: null,
  } as const;
  const goals = [
    GoalSchema.parse({
      ...base,
      id: 'k1',
      title: 'Bookings',
      weight: 40,
      kind: 'kpi',
      direction: 'higher_is_better',
      baseline: 0,
      target: 100,
      actual: 100,
    }),
    GoalSchema.parse({ ...base, id: 'c1g', title: 'Ownership', weight: 30, kind: 'competency' }),
    GoalSchema.parse({ ...base, id: 'c2g', title: 'Teamwork', weight: 30, kind: 'competency' }),
  ];
  const review = (
    id: string,
    reviewerId: string,
    component: 'manager' | 'peer',
    a: number,
    b: number,
    day = 2,
  ) =>
    ReviewSchema.parse({
      id,
      cycleId: 'c1',
      subjectId,
      reviewerId,
      component,
      ratings: [
        { goalId: 'c1g', rating: a, comment: `rated ${a}` },
        { goalId: 'c2g', rating: b, comment: `rated ${b}` },
      ],
      submittedAt: `2026-05-0${day}T10:00:00Z`,
    });
  const reviews: Review[] = [review('m1', 'mo', 'manager', 4, 3)];
  peers.forEach(([a, b], i) => {
    if (i === 0) reviews.push(review('q0old', 'peer0', 'peer', 1, 1, 1));
    reviews.push(review(`q${i}`, `peer${i}`, 'peer', a, b));
  });
  const ps = unwrap(scorePerson({ subjectId, goals, reviews }, POLICY_PRESETS.incentive));
  return JSON.parse(
    JSON.stringify({
      subjectId,
      score: ps.score,
      rating: ps.rating,
      original: { score: ps.score, rating: ps.rating },
      calibrated: false,
      adjustments: [],
      warnings: ps.warnings,
      trace: ps.trace,
      explanation: explainScore(ps),
      formula: expandedFormula(ps),
    }),
  ) as PersonScoreBody;
}
