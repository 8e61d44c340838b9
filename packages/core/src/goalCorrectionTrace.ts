// Corrections of an agreed plan in a score's explanation: per goal what changed after agreement, from what to what, why, who and when.

import { round } from './common.ts';
import type { GoalCorrection, ScoringField, ScoringValue } from './goalCorrection.ts';
import type { Curve, Goal } from './goals.ts';
import type { CancelledGoalTrace, GoalTrace, PersonScore } from './scoring.ts';

/** One correction of a goal, as the explanation shows it. */
export interface GoalCorrectionStep {
  id: string;
  /**
   * `changed` a goal of the agreed plan, or `added` it to the plan (its fields from null, with its title). Absent
   * in explanations kept before additions were corrections: a change.
   */
  kind?: GoalCorrection['kind'];
  /** An added goal's title as it was added. */
  title?: string;
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

/** A goal's corrections as the explanation shows them, oldest first. */
export const correctionSteps = (list: readonly GoalCorrection[]): GoalCorrectionStep[] =>
  [...list].sort(byTime).map((c) => ({
    id: c.id,
    kind: c.kind,
    ...(c.title !== undefined ? { title: c.title } : {}),
    phase: c.phase,
    fields: c.fields,
    before: c.before,
    after: c.after,
    reason: c.reason,
    correctedBy: c.correctedBy,
    correctedAt: c.correctedAt,
  }));

/**
 * `ps` with the corrections shown: each goal of the trace corrected after its plan was agreed gets `corrections`
 * (oldest first). A goal cancelled after agreement is no longer in the trace (it is not scored): when `goals` (the
 * person's goals) holds it cancelled, it is listed in the trace's `cancelledGoals` with its corrections, the
 * cancellation and its reason among them. Corrections of other people, or of goals in neither, are ignored;
 * without any, `ps` is returned unchanged. The score itself is untouched: it was computed from the corrected goals.
 */
export function withGoalCorrections(
  ps: PersonScore,
  corrections: readonly GoalCorrection[],
  goals: readonly Pick<Goal, 'id' | 'title' | 'kind' | 'weight' | 'status' | 'ownerId'>[] = [],
): PersonScore {
  const byGoal = new Map<string, GoalCorrection[]>();
  for (const c of corrections) {
    if (c.subjectId !== ps.subjectId) continue;
    const list = byGoal.get(c.goalId);
    if (list) list.push(c);
    else byGoal.set(c.goalId, [c]);
  }
  if (byGoal.size === 0) return ps;
  let shown = false;
  const traced = ps.trace.goals.map((g): GoalTrace => {
    const list = byGoal.get(g.goalId);
    if (!list) return g;
    shown = true;
    return { ...g, corrections: correctionSteps(list) };
  });
  const cancelledGoals: CancelledGoalTrace[] = [];
  for (const goal of goals) {
    const list = byGoal.get(goal.id);
    if (!list || goal.status !== 'cancelled' || goal.ownerId !== ps.subjectId) continue;
    if (traced.some((g) => g.goalId === goal.id)) continue;
    cancelledGoals.push({
      goalId: goal.id,
      title: goal.title,
      kind: goal.kind,
      weight: goal.weight,
      corrections: correctionSteps(list),
    });
  }
  if (!shown && cancelledGoals.length === 0) return ps;
  return {
    ...ps,
    trace: { ...ps.trace, goals: traced, ...(cancelledGoals.length > 0 ? { cancelledGoals } : {}) },
  };
}

function valueText(value: ScoringValue | undefined): string {
  if (value === undefined || value === null) return 'none';
  if (typeof value === 'number') return String(round(value, 4));
  if (typeof value === 'string') return value.replaceAll('_', ' ');
  const curve = value as Curve;
  return curve.type === 'capped' ? `capped at ${curve.cap}` : curve.type;
}

/**
 * One line on a correction: when, by whom, each field's before → after (an added goal: its title and weight), and
 * the reason.
 */
export function correctionText(step: GoalCorrectionStep): string {
  const when = `(${step.phase}, ${step.correctedAt.slice(0, 10)}, by ${step.correctedBy})`;
  if (step.kind === 'added') {
    return `Added after the plan was agreed ${when}: ${step.title ?? ''}, weight ${valueText(step.after.weight)} — ${step.reason}`;
  }
  const changes = step.fields
    .map((f) => `${f} ${valueText(step.before[f])} → ${valueText(step.after[f])}`)
    .join(', ');
  return `Corrected after the plan was agreed ${when}: ${changes} — ${step.reason}`;
}
