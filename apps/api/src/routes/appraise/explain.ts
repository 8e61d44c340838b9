// The `explain` query option every response carrying a score offers, and the explained score it adds.
import { z } from '@hono/zod-openapi';
import type { Phase, Policy } from '@perfloop/core';
import type { Access } from '../../authz/index.ts';
import { reached } from './cycleContext.ts';
import type { CalibratedScore } from './cycleScores.ts';
import { type PersonScoreBody, scoreBody } from './scoreSchemas.ts';

/** `?explain=true`: add each score's explanation trace (the responses that carry a score all offer it). */
export const ExplainParam = z
  .enum(['true', 'false'])
  .default('false')
  .openapi({
    param: { name: 'explain', in: 'query' },
    description:
      'true: add the explanation trace core computed for each score in the answer (`explanation`); false (the default) leaves it out.',
  });
export const ExplainQuery = z.strictObject({ explain: ExplainParam });

/** Whether the validated query asks for explanations. */
export function wantsExplain(query: { explain?: 'true' | 'false' | undefined }): boolean {
  return query.explain === 'true';
}

/** A score with its explanation: core's trace, the plain text and the formula (scoreBody with explain). */
export function explainedScore(s: CalibratedScore, policy: Policy): PersonScoreBody {
  return scoreBody(s, policy, true);
}

/**
 * Whether the caller may read this person's score explanation where a view shows the score among others (calibration):
 * the scores routes' rule — the people they manage, and themselves from the feedback phase on.
 */
export function mayExplain(access: Access, cycle: { phase: Phase }, personId: string): boolean {
  return access.canManage(personId) || (reached(cycle, 'feedback') && access.isSelf(personId));
}
