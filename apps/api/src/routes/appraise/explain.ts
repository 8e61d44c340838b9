// The `explain` query option every response carrying a score offers, and the explained score it adds.
import { z } from '@hono/zod-openapi';
import type { Policy } from '@perfloop/core';
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
