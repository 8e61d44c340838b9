// Corrections of an agreed plan in a score's explanation: per goal what changed after agreement, from what to what, why, who and when.

import { round } from './common.ts';
import type { GoalCorrection, ScoringField, ScoringValue } from './goalCorrection.ts';
import type { Curve } from './goals.ts';
import type { GoalTrace, PersonScore } from './scoring.ts';

/** One correction of a goal, as the explanation shows it. */
export interface GoalCorrectionStep {
  id: string;
  phase: GoalCorrection['phase'];
  fields: readonly ScoringField[];
  before: Partial<Record<ScoringField, ScoringValue>>;
  after: Partial<Record<ScoringField, ScoringValue>>;
  reason: string;
  correctedBy: string;
  correctedAt: string;
}

const byTime = (a: GoalCorrection, b: GoalCorrection): number =>
  a.correctedAt < b.correctedAt
    ? -1
    : a.correctedAt > b.correctedAt
      ? 1
      : a.id < b.id
        ? -1
        : a.id > b.id
          ? 1
          : 0;

/**
 * `ps` with the corrections shown: each goal of the trace corrected after its plan was agreed gets `corrections`
 * (oldest first). Corrections of other people, or of goals not in the trace (e.g. cancelled), are ignored;
 * without any, `ps` is returned unchanged. The score itself is untouched: it was computed from the corrected goal.
 */
export function withGoalCorrections(ps: PersonScore, corrections: readonly GoalCorrection[]): PersonScore {
  const byGoal = new Map<string, GoalCorrection[]>();
  for (const c of corrections) {
    if (c.subjectId !== ps.subjectId) continue;
    const list = byGoal.get(c.goalId);
    if (list) list.push(c);
    else byGoal.set(c.goalId, [c]);
  }
  if (byGoal.size === 0) return ps;
  let shown = false;
  const goals = ps.trace.goals.map((g): GoalTrace => {
    const list = byGoal.get(g.goalId);
    if (!list) return g;
    shown = true;
    return {
      ...g,
      corrections: [...list].sort(byTime).map((c) => ({
        id: c.id,
        phase: c.phase,
        fields: c.fields,
        before: c.before,
        after: c.after,
        reason: c.reason,
        correctedBy: c.correctedBy,
        correctedAt: c.correctedAt,
      })),
    };
  });
  if (!shown) return ps;
  return { ...ps, trace: { ...ps.trace, goals } };
}

function valueText(value: ScoringValue | undefined): string {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'number') return String(round(value, 4));
  if (typeof value === 'string') return value.replaceAll('_', ' ');
  const curve = value as Curve;
  return curve.type === 'capped' ? `capped at ${curve.cap}` : curve.type;
}

/** One line on a correction: when, by whom, each field's before → after, and the reason. */
export function correctionText(step: GoalCorrectionStep): string {
  const changes = step.fields
    .map((f) => `${f} ${valueText(step.before[f])} → ${valueText(step.after[f])}`)
    .join(', ');
  return `Corrected after the plan was agreed (${step.phase}, ${step.correctedAt.slice(0, 10)}, by ${step.correctedBy}): ${changes} — ${step.reason}`;
}
