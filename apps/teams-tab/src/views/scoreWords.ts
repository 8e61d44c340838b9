// A score's explanation in the tab's language, line by line from its trace (goals, pooled goals and withheld reviews,
// components, renormalisation notes, warnings, the rating's moves in calibration and on appeal); the API's English for a note or warning the tab does not know, and for the whole text without a trace.
import type {
  Explanation,
  GoalCorrectionStep,
  GoalTargetAdjustmentTrace,
  GoalTrace,
  RatingChangeStep,
  RenormalisationNote,
  ScoreTrace,
} from '../api/types.ts';
import { counted, type Locale, type MessageKey, type Translate } from '../i18n/index.tsx';
import { changeText, factorWords } from './targetWords.ts';

export interface ScoreWords {
  t: Translate;
  /** The trace's numbers: up to 4 decimals, as the API's, and no grouping (it is arithmetic written out). */
  number: (n: number) => string;
  /** A rating's level name in the locale (the cycle policy's label for it); the label the API wrote when not given. */
  ratingLabel?: (rating: { value: number; label: string }) => string;
  /** Who corrected a goal (HR, or the manager chain for a cancellation), by name or as "an HR administrator" when the reader may not see them; the id when not given. */
  correctorName?: (personId: string) => string;
}

/** The wording in a locale. */
export function scoreWords(t: Translate, locale: Locale): ScoreWords {
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: 4, useGrouping: false });
  return { t, number: (n) => format.format(n) };
}

const KINDS: Record<string, MessageKey> = { kpi: 'score.kind.kpi', competency: 'score.kind.competency' };
const EXCLUDED: Record<string, MessageKey> = {
  missing_actual: 'score.goal.why.missing_actual',
  unrated_goal: 'score.goal.why.unrated_goal',
};
const DIRECTIONS: Record<string, MessageKey> = {
  higher_is_better: 'score.direction.higher_is_better',
  lower_is_better: 'score.direction.lower_is_better',
};
const CURVES: Record<string, MessageKey> = {
  linear: 'score.curve.linear',
  stepped: 'score.curve.stepped',
  capped: 'score.curve.capped',
};
const REACHED: Record<string, MessageKey> = {
  below_threshold: 'score.reached.below_threshold',
  threshold: 'score.reached.threshold',
  target: 'score.reached.target',
  stretch: 'score.reached.stretch',
};
const COMPONENTS: Record<string, MessageKey> = {
  self: 'score.component.self',
  manager: 'score.component.manager',
  peer: 'score.component.peer',
  upward: 'score.component.upward',
};

/** Thrown inside the wording when the trace holds something the tab does not know: the API's English is used. */
class Unknown extends Error {}

const known = (table: Record<string, MessageKey>, code: string | null | undefined): MessageKey => {
  const key = code == null ? undefined : table[code];
  if (!key) throw new Unknown(String(code));
  return key;
};

/**
 * The explanation's lines in the tab's language: the same lines, in the same order, as the API's English
 * `explanation`; that English when the trace is missing or holds a kind, curve or component the tab does not know.
 */
export function explanationText(
  w: ScoreWords,
  e: Explanation,
  /** Who the score is about, by name (the id otherwise: never shown to a person in the tab). */
  subject: string = e.subjectId,
): string | null {
  if (!e.trace) return e.explanation ?? null;
  try {
    return explanationLines(w, e, e.trace, subject).join('\n');
  } catch (error) {
    if (error instanceof Unknown) return e.explanation ?? null;
    throw error;
  }
}

function explanationLines(w: ScoreWords, e: Explanation, trace: ScoreTrace, subject: string): string[] {
  const { t } = w;
  const n = w.number;
  // What the trace explains: the score as scored, before calibration.
  const score = e.original?.score ?? e.score;
  const rating = e.original?.rating ?? e.rating;
  if (score === null || rating === null) throw new Unknown('score');
  const label = w.ratingLabel ? w.ratingLabel(rating) : rating.label;
  const lines = [t('score.head', { subject, score: n(score), value: n(rating.value), label })];
  let total = 0;
  const terms: string[] = [];
  for (const g of trace.goals) {
    if (g.score === null) continue;
    total += g.weight;
    terms.push(t('score.term', { weight: n(g.weight), score: n(g.score) }));
  }
  // My competency goals shown together (reviews withheld from me): one term, as the API writes it.
  const pooled = trace.withheld?.pooled ?? null;
  if (pooled) {
    total += pooled.weight;
    terms.push(t('score.term', { weight: n(pooled.weight), score: n(pooled.score) }));
  }
  lines.push(
    t('score.how', {
      formula: t('score.formula', {
        terms: terms.join(t('score.termSep')),
        total: n(total),
        score: n(score),
      }),
    }),
  );
  lines.push(t('score.goals'));
  for (const g of trace.goals) {
    lines.push(goalLine(w, g));
    if (g.counted && g.score !== null && g.targetAdjustment)
      lines.push(adjustmentLine(w, g.targetAdjustment));
    for (const c of g.corrections ?? []) lines.push(correctionLine(w, c));
  }
  if (pooled) {
    lines.push(
      t('score.pooled', {
        weight: n(pooled.weight),
        share: n(pooled.effectiveWeight),
        score: n(pooled.score),
        contribution: n(pooled.contribution),
      }),
    );
  }
  // Goals cancelled after the plan was agreed: not scored, listed with the cancellation and its reason.
  if (trace.cancelledGoals && trace.cancelledGoals.length > 0) {
    lines.push(t('score.cancelledGoals'));
    for (const g of trace.cancelledGoals) {
      lines.push(
        t('score.cancelledGoal', { title: g.title, kind: t(known(KINDS, g.kind)), weight: n(g.weight) }),
      );
      for (const c of g.corrections) lines.push(correctionLine(w, c));
    }
  }
  if (trace.unadjustedScore !== undefined) {
    lines.push(t('score.unadjusted', { score: n(trace.unadjustedScore) }));
  }
  lines.push(
    t('score.components', {
      list: trace.components
        .map((c) => {
          const vars = {
            component: t(known(COMPONENTS, c.component)),
            weight: n(c.policyWeight),
            count: n(c.reviewers),
          };
          if (!c.present) return t('score.summary.none', vars);
          return t(c.reviewers === 1 ? 'score.summary.one' : 'score.summary.other', vars);
        })
        .join(t('score.listSep')),
    }),
  );
  const withheld = trace.withheld?.components ?? [];
  if (withheld.length > 0) {
    lines.push(t('score.withheldHead'));
    for (const c of withheld) {
      const line = t(counted('score.withheld', c.reviewers), {
        count: n(c.reviewers),
        component: t(known(COMPONENTS, c.component)),
        min: n(c.minReviews),
      });
      lines.push(pooled ? `${line}${t('score.withheld.pooled')}` : line);
    }
  }
  if (trace.renormalised.length > 0) {
    lines.push(t('score.renormalised'));
    const notes = trace.renormalisation;
    // An older API without the coded notes: its English ones.
    const texts =
      notes && notes.length === trace.renormalised.length
        ? notes.map((note) => noteText(w, note))
        : trace.renormalised;
    for (const text of texts) lines.push(t('score.item', { text }));
  }
  if (e.warnings.length > 0) {
    lines.push(t('score.warnings'));
    for (const warning of e.warnings) {
      lines.push(t('score.warning', { message: warningText(w, trace, warning) }));
    }
  }
  const moves = trace.ratingChanges ?? [];
  if (moves.length > 0) {
    lines.push(t('score.ratingChanges'));
    for (const m of moves) lines.push(ratingChangeLine(w, m));
  }
  return lines;
}

const RATING_CHANGES: Record<string, MessageKey> = {
  calibration: 'score.ratingChange.calibration',
  appeal: 'score.ratingChange.appeal',
};

/** A move of the rating after scoring: in calibration or on appeal, when, by whom, from and to, and why. */
function ratingChangeLine(w: ScoreWords, m: RatingChangeStep): string {
  const label = (r: RatingChangeStep['from']) => (w.ratingLabel ? w.ratingLabel(r) : r.label);
  return w.t(known(RATING_CHANGES, m.kind), {
    date: m.at.slice(0, 10),
    who: w.correctorName ? w.correctorName(m.by) : m.by,
    from: label(m.from),
    to: label(m.to),
    reason: m.reason,
  });
}

function goalLine(w: ScoreWords, g: GoalTrace): string {
  const { t } = w;
  const n = w.number;
  const kind = t(known(KINDS, g.kind));
  if (g.pooled) {
    return t('score.goal.pooled', { title: g.title, kind, weight: n(g.weight), share: n(g.effectiveWeight) });
  }
  if (!g.counted || g.score === null) {
    return t('score.goal.notCounted', {
      title: g.title,
      kind,
      weight: n(g.weight),
      why: t(known(EXCLUDED, g.excluded)),
    });
  }
  let how: string;
  if (g.kind === 'kpi') {
    const anchors: string[] = [];
    if (g.threshold !== null) anchors.push(t('score.anchor.threshold', { value: n(g.threshold) }));
    if (g.target !== null) anchors.push(t('score.anchor.target', { value: n(g.target) }));
    if (g.stretch !== null) anchors.push(t('score.anchor.stretch', { value: n(g.stretch) }));
    how = t('score.kpi', {
      actual: n(g.actual ?? 0),
      baseline: n(g.baseline ?? 0),
      anchors: anchors.join(t('score.listSep')),
      direction: t(known(DIRECTIONS, g.direction ?? 'higher_is_better')),
      curve: t(known(CURVES, g.curve?.type ?? 'linear'), { cap: n(g.curve?.cap ?? 0) }),
      reached: t(known(REACHED, g.reached ?? 'below_threshold')),
      achievement: n(g.achievement ?? 0),
    });
  } else {
    how = g.components
      .map((c) =>
        t(c.raters === 1 ? 'score.rating.one' : 'score.rating.other', {
          component: t(known(COMPONENTS, c.component)),
          mean: n(c.mean),
          raters: n(c.raters),
          share: n(c.effectiveWeight),
        }),
      )
      .join(t('score.termSep'));
  }
  return t('score.goal.counted', {
    title: g.title,
    kind,
    weight: n(g.weight),
    share: n(g.effectiveWeight),
    how,
    score: n(g.score),
    contribution: n(g.contribution),
  });
}

/** The relief an approved target adjustment gave a goal, and what the original target would have given. */
function adjustmentLine(w: ScoreWords, a: GoalTargetAdjustmentTrace): string {
  const { t } = w;
  const n = w.number;
  const factor = factorWords(t, a.factor);
  if (factor === null) throw new Unknown(a.factor);
  const vars = { factor, change: changeText(t, n, a.original, a.adjusted), reason: a.reason };
  if (a.originalScore === null) return t('score.adjustedNoScore', vars);
  return t('score.adjusted', {
    ...vars,
    achievement: n(a.originalAchievement ?? 0),
    score: n(a.originalScore),
  });
}

const PHASES: Record<string, MessageKey> = {
  coach: 'score.correction.phase.coach',
  appraise: 'score.correction.phase.appraise',
  calibrate: 'score.correction.phase.calibrate',
  feedback: 'score.correction.phase.feedback',
  apply: 'score.correction.phase.apply',
  improve: 'score.correction.phase.improve',
  closed: 'score.correction.phase.closed',
};
const SCORING_FIELDS: Record<string, MessageKey> = {
  weight: 'score.correction.field.weight',
  kind: 'score.correction.field.kind',
  direction: 'score.correction.field.direction',
  baseline: 'score.correction.field.baseline',
  threshold: 'score.correction.field.threshold',
  target: 'score.correction.field.target',
  stretch: 'score.correction.field.stretch',
  curve: 'score.correction.field.curve',
  status: 'score.correction.field.status',
};
const STATUSES: Record<string, MessageKey> = {
  draft: 'score.correction.status.draft',
  active: 'score.correction.status.active',
  done: 'score.correction.status.done',
  cancelled: 'score.correction.status.cancelled',
};
const CORRECTED_CURVES: Record<string, MessageKey> = {
  linear: 'score.correction.curve.linear',
  stepped: 'score.correction.curve.stepped',
  capped: 'score.correction.curve.capped',
};

/** A corrected field's value in words: numbers, a direction, a kind, a status, a curve, or none (an anchor dropped). */
function correctedValue(w: ScoreWords, field: string, value: GoalCorrectionStep['before'][string]): string {
  const { t } = w;
  if (value === undefined || value === null) return t('score.correction.none');
  if (typeof value === 'number') return w.number(value);
  if (typeof value === 'string')
    return t(known(field === 'status' ? STATUSES : value in KINDS ? KINDS : DIRECTIONS, value));
  return t(known(CORRECTED_CURVES, value.type), { cap: w.number(value.cap ?? 0) });
}

/**
 * A change made to what the goal is scored from after its plan was agreed: when, by whom, each field and why; a goal
 * added to the plan then: its title and weight, and why.
 */
function correctionLine(w: ScoreWords, c: GoalCorrectionStep): string {
  const { t } = w;
  const when = {
    phase: t(known(PHASES, c.phase)),
    date: c.correctedAt.slice(0, 10),
    who: w.correctorName ? w.correctorName(c.correctedBy) : c.correctedBy,
  };
  if (c.kind === 'added') {
    const weight = c.after.weight;
    if (c.title === undefined || typeof weight !== 'number') throw new Unknown('added');
    return t('score.added', { ...when, title: c.title, weight: w.number(weight), reason: c.reason });
  }
  if (c.kind !== undefined && c.kind !== 'changed') throw new Unknown(c.kind);
  const changes = c.fields.map((field) =>
    t('score.correction.change', {
      field: t(known(SCORING_FIELDS, field)),
      from: correctedValue(w, field, c.before[field]),
      to: correctedValue(w, field, c.after[field]),
    }),
  );
  return t('score.corrected', {
    ...when,
    changes: changes.join(t('score.listSep')),
    reason: c.reason,
  });
}

/** Components by name in the language, listed; null when one is unknown. */
function componentList(w: ScoreWords, components: readonly string[] | undefined): string | null {
  if (!components) return null;
  const names: string[] = [];
  for (const c of components) {
    const key = COMPONENTS[c];
    if (!key) return null;
    names.push(w.t(key));
  }
  return names.join(w.t('score.nameSep'));
}

/** A renormalisation note from its code and facts; its English text for an unknown code or missing facts. */
export function noteText(w: ScoreWords, note: RenormalisationNote): string {
  const { t } = w;
  const n = w.number;
  if (note.code === 'components_missing') {
    const present = componentList(w, note.present);
    const missing = note.missing?.map((m) => {
      const key = COMPONENTS[m.component];
      return key ? t('score.note.missing', { component: t(key), weight: n(m.weight) }) : null;
    });
    if (present === null || !missing || missing.some((m) => m === null)) return note.text;
    return t('score.note.components_missing', { missing: missing.join(t('score.nameSep')), present });
  }
  if (note.code === 'goal_components_partial') {
    const components = componentList(w, note.components);
    if (components === null || note.title === undefined) return note.text;
    return t('score.note.goal_components_partial', { title: note.title, components });
  }
  if (note.code === 'goal_not_counted') {
    const { title, weight, countedWeight, kind } = note;
    if (title === undefined || weight === undefined || countedWeight === undefined) return note.text;
    if (kind !== 'kpi' && kind !== 'competency') return note.text;
    return t(`score.note.goal_not_counted.${kind}`, { title, weight: n(weight), total: n(countedWeight) });
  }
  return note.text;
}

type Warning = Explanation['warnings'][number];

/** A scoring warning from its code and details (goal titles from the trace); the API's message otherwise. */
export function warningText(w: ScoreWords, trace: ScoreTrace, warning: Warning): string {
  const { t } = w;
  const d = warning.details ?? {};
  const str = (name: string): string | null => (typeof d[name] === 'string' ? (d[name] as string) : null);
  const goal = str('goalId');
  const title = goal === null ? undefined : trace.goals.find((g) => g.goalId === goal)?.title;
  switch (warning.code) {
    case 'missing_actual':
      if (title !== undefined) return t('score.warn.missing_actual', { title });
      break;
    // No manager rated the competency goals: what they rest on instead (the self-appraisal alone, others, nothing).
    case 'manager_review_missing': {
      const ratedBy = Array.isArray(d.ratedBy) ? d.ratedBy : null;
      if (ratedBy === null || typeof d.weight !== 'number') break;
      const weight = w.number(d.weight);
      if (ratedBy.length === 0) return t('score.warn.manager_review_missing.none', { weight });
      if (ratedBy.length === 1 && ratedBy[0] === 'self') {
        return t('score.warn.manager_review_missing.self', { weight });
      }
      const components = componentList(
        w,
        ratedBy.filter((c): c is string => typeof c === 'string'),
      );
      if (components === null || ratedBy.some((c) => typeof c !== 'string')) break;
      return t('score.warn.manager_review_missing.others', { weight, components });
    }
    case 'unrated_goal':
      if (title !== undefined && typeof d.rated === 'boolean') {
        return t(d.rated ? 'score.warn.unrated_goal.weighted' : 'score.warn.unrated_goal', { title });
      }
      break;
    // Review, reviewer and goal ids mean nothing to the reader (and a peer reviewer's id would name them): said
    // without them, from the facts that matter.
    case 'superseded_review': {
      const component = COMPONENTS[str('component') ?? ''];
      if (component) return t('score.warn.superseded_review', { component: t(component) });
      break;
    }
    case 'other_subject_review':
    case 'unknown_goal':
    case 'cycle_mismatch':
    case 'duplicate_goal_rating':
      return t(`score.warn.${warning.code}`);
    case 'invalid_rating':
      if (typeof d.rating === 'number') return t('score.warn.invalid_rating', { rating: w.number(d.rating) });
      break;
  }
  return warning.message;
}
