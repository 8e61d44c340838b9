// Why a person has no score, explained: the reason's code and, for a plan whose every goal is cancelled, those goals with the corrections that cancelled them.
import { round } from './common.ts';
import type { GoalCorrection } from './goalCorrection.ts';
import { correctionSteps, correctionText } from './goalCorrectionTrace.ts';
import type { Goal } from './goals.ts';
import type { DomainError } from './result.ts';
import type { CancelledGoalTrace, ScoreErrorCode } from './scoring.ts';

/** A person without a score, as an explanation says it (the counterpart of a score's trace). */
export interface UnscoredExplanation {
  subjectId: string;
  /** Why there is no score (core ScoreErrorCode): `all_goals_cancelled` or `no_scorable_goals`. */
  reason: ScoreErrorCode;
  /** The scoring error's English message. */
  message: string;
  /**
   * `all_goals_cancelled`: every goal of the plan, in plan order, each with its corrections — the cancellation, who
   * made it, when and why, when it was cancelled after the plan was agreed; none when it was cancelled while the
   * plan was drafted. Empty for any other reason.
   */
  cancelledGoals: readonly CancelledGoalTrace[];
}

/**
 * The explanation of `error` (from scorePerson or a cycle's failures) for `subjectId`: with `goals` (the person's
 * goals of the cycle) and `corrections` (the cycle's plan corrections; other people's are ignored), a plan whose
 * every goal is cancelled lists them with their corrections. Pure and deterministic.
 */
export function unscoredExplanation(
  subjectId: string,
  error: DomainError<ScoreErrorCode>,
  goals: readonly Pick<Goal, 'id' | 'title' | 'kind' | 'weight' | 'status' | 'ownerId'>[] = [],
  corrections: readonly GoalCorrection[] = [],
): UnscoredExplanation {
  const cancelledGoals: CancelledGoalTrace[] = [];
  if (error.code === 'all_goals_cancelled') {
    for (const goal of goals) {
      if (goal.status !== 'cancelled' || goal.ownerId !== subjectId) continue;
      const own = corrections.filter((c) => c.goalId === goal.id && c.subjectId === subjectId);
      cancelledGoals.push({
        goalId: goal.id,
        title: goal.title,
        kind: goal.kind,
        weight: goal.weight,
        corrections: correctionSteps(own),
      });
    }
  }
  return { subjectId, reason: error.code, message: error.message, cancelledGoals };
}

const REASON_TEXT: Record<ScoreErrorCode, string> = {
  all_goals_cancelled:
    'every goal of the plan is cancelled, so nothing is left to score and there is no rating. Restore a goal or ' +
    'add one (a correction of the plan, with its reason) to score them.',
  no_scorable_goals: 'nothing can be scored yet.',
};

/** A plain-text, multi-line explanation of why a person has no score (the counterpart of explainScore). */
export function explainUnscored(u: UnscoredExplanation): string {
  const lines = [`No score for ${u.subjectId}: ${REASON_TEXT[u.reason]}`];
  if (u.reason !== 'all_goals_cancelled') lines.push(`  ${u.message}`);
  if (u.cancelledGoals.length > 0) {
    lines.push('Cancelled goals (not counted):');
    for (const g of u.cancelledGoals) {
      lines.push(`  - ${g.title} [${g.kind}, weight ${round(g.weight, 4)}]`);
      for (const c of g.corrections) lines.push(`    ${correctionText(c)}`);
    }
  }
  return lines.join('\n');
}
