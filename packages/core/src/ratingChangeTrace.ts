// Moves of a rating after scoring in a score's explanation: each calibration or appeal change, from what to what, who, when and why.
// Type imports only: scoring imports this module, and appealCorrection reaches scoring through calibration.
import type { AppealAdjustment, RatingMove } from './appealCorrection.ts';
import type { Policy } from './policy.ts';
import type { PersonScore } from './scoring.ts';

/** A rating level as the explanation names it. */
export interface RatingChangeLevel {
  value: number;
  label: string;
}

/** One move of the rating after scoring, as the explanation shows it (oldest first). */
export interface RatingChangeStep {
  /** `calibration`: moved in a calibration session; `appeal`: corrected when an appeal was resolved as changed. */
  kind: 'calibration' | 'appeal';
  from: RatingChangeLevel;
  to: RatingChangeLevel;
  /** Who moved it (a session member, or the HR administrator who resolved the appeal). */
  by: string;
  at: string;
  /** The justification (for an appeal: HR's note to the employee). */
  reason: string;
  /** `calibration`: the session it was made in. */
  sessionId?: string;
  /** `appeal`: the feedback meeting whose appeal it resolved. */
  meetingId?: string;
}

const isAppeal = (m: RatingMove): m is AppealAdjustment => 'kind' in m && m.kind === 'appeal';

const byTime = (a: RatingMove, b: RatingMove): number =>
  a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;

/** The moves of one person, oldest first, as explanation steps (labels from the policy's scale). */
export function ratingChangeSteps(moves: readonly RatingMove[], policy: Policy): RatingChangeStep[] {
  const level = (value: number): RatingChangeLevel => ({
    value,
    label: policy.ratingScale.levels.find((l) => l.value === value)?.label ?? String(value),
  });
  return moves
    .slice()
    .sort(byTime)
    .map((m) => ({
      kind: isAppeal(m) ? 'appeal' : 'calibration',
      from: level(m.from),
      to: level(m.to),
      by: m.actorId,
      at: m.at,
      reason: m.justification,
      ...(isAppeal(m) ? { meetingId: m.meetingId } : { sessionId: m.sessionId }),
    }));
}

/**
 * The score with its rating's moves after scoring in its trace (`ratingChanges`): the trace still explains the score
 * and rating as scored; these say how the rating was moved from there. Moves of other people are ignored; without
 * any, `ps` is returned unchanged.
 */
export function withRatingChanges(
  ps: PersonScore,
  moves: readonly RatingMove[],
  policy: Policy,
): PersonScore {
  const own = moves.filter((m) => m.subjectId === ps.subjectId);
  if (own.length === 0) return ps;
  return { ...ps, trace: { ...ps.trace, ratingChanges: ratingChangeSteps(own, policy) } };
}

/** One line on a move: "Changed on appeal (2026-12-14, by per_hal): Meets → Exceeds — <note>". */
export function ratingChangeText(step: RatingChangeStep): string {
  const how = step.kind === 'appeal' ? 'Changed on appeal' : 'Changed in calibration';
  return `${how} (${step.at.slice(0, 10)}, by ${step.by}): ${step.from.label} → ${step.to.label} — ${step.reason}`;
}
