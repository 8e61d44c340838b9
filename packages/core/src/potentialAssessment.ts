// Potential assessments: a person's potential (1–3) in a cycle, assessed for the 9-box.
import { z } from 'zod';
import { IdSchema, IsoDateTimeSchema } from './common.ts';
import type { Phase } from './cycle.ts';

/** The potential levels: 1 low, 2 moderate, 3 high (the 9-box's rows). */
export const PotentialSchema = z.number().int().min(1).max(3);

/** The potential levels' names, as the 9-box's rows and the promotion reasons say them. */
export const POTENTIAL_LEVELS: Readonly<Record<number, string>> = Object.freeze({
  1: 'low',
  2: 'moderate',
  3: 'high',
});

/** A potential level by its name ("high"); the number itself for one outside the scale. */
export function potentialName(potential: number): string {
  return POTENTIAL_LEVELS[potential] ?? String(potential);
}

/** A manager's (or HR's) assessment of a person's potential in a cycle, for the 9-box. */
export const PotentialAssessmentSchema = z.strictObject({
  id: IdSchema,
  cycleId: IdSchema,
  subjectId: IdSchema,
  potential: PotentialSchema,
  note: z.string().max(2_000),
  assessedBy: IdSchema,
  assessedAt: IsoDateTimeSchema,
});
export type PotentialAssessment = z.infer<typeof PotentialAssessmentSchema>;

/** Potential is assessed while appraising and revisited in calibration. */
export const POTENTIAL_PHASES: readonly Phase[] = Object.freeze(['appraise', 'calibrate']);
