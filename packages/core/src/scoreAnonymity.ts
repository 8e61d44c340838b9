// Anonymous reviewers in score explanations: a score's warnings, trace and text as a reader who may not know who wrote its peer and upward reviews sees them.
import type { WithheldComponent } from './feedbackAnonymity.ts';
import type { Component } from './policy.ts';
import { type ExplainableScore, explainScore } from './scoring.ts';
import { namesWithheldReview, withheldTrace } from './withheldReviews.ts';

/** Components whose reviewers are never hidden from the subject (their own and their manager chain's). */
const NAMED_COMPONENTS: ReadonlySet<unknown> = new Set<Component>(['self', 'manager']);

/** A scoring warning as a response or a stored explanation carries it. */
export interface WarningLike {
  code: string;
  message: string;
  details?: Record<string, unknown> | undefined;
}

/**
 * Whether a warning names a reviewer who is hidden from an anonymous reader: its details carry a
 * `reviewerId` and its `component` is not self or manager (a missing or unknown component counts as hidden,
 * so a warning kept by an older version is never trusted to be harmless).
 */
export function namesHiddenReviewer(warning: WarningLike): boolean {
  const d = warning.details;
  return d !== undefined && 'reviewerId' in d && !NAMED_COMPONENTS.has(d.component);
}

const text = (value: unknown): string | null => (typeof value === 'string' ? value : null);

/** The message of a warning whose reviewer is left out: said again from its facts, never cut out of the old text. */
function anonymousMessage(
  warning: WarningLike,
  details: Record<string, unknown>,
  reviewerId: unknown,
): string {
  if (warning.code === 'superseded_review') {
    const id = text(details.reviewId);
    const by = text(details.supersededBy);
    const component = text(details.component);
    const what = `${id === null ? 'A review' : `Review ${id}`}${component === null ? '' : ` (${component})`}`;
    return `${what} is replaced by its reviewer's later review${by === null ? '' : ` ${by}`}.`;
  }
  // A warning core does not write with a reviewer today: whatever it says, the reviewer's id is not in it.
  const id = text(reviewerId);
  const message = id === null || id === '' ? warning.message : warning.message.split(id).join('a reviewer');
  return message;
}

/**
 * One warning as a reader who gets the anonymous view of peer and upward reviews sees it: a warning that
 * names such a reviewer (`namesHiddenReviewer`: today `superseded_review` of a peer or upward review) loses
 * `reviewerId` and its message is said again without it; review ids and the component stay (they name
 * nobody: the subject reads those reviews anonymously). Any other warning is returned as it is.
 */
export function anonymousWarning<W extends WarningLike>(warning: W): W {
  if (!namesHiddenReviewer(warning)) return warning;
  const { reviewerId, ...details } = warning.details as Record<string, unknown>;
  return { ...warning, message: anonymousMessage(warning, details, reviewerId), details };
}

/** `anonymousWarning` over a list: the same list when nothing names a hidden reviewer. */
export function anonymousWarnings<W extends WarningLike>(warnings: readonly W[]): readonly W[] {
  if (!warnings.some(namesHiddenReviewer)) return warnings;
  return warnings.map(anonymousWarning);
}

/** A score's explanation as an anonymous reader gets it (`anonymousExplanation`). */
export interface AnonymousExplanation<S extends ExplainableScore> {
  /** The score with its warnings (and, with withheld components, its trace) made anonymous (the very same object when nothing was hidden). */
  score: S;
  /** Whether anything was hidden: when false, a kept explanation text can be handed out as it is. */
  hidden: boolean;
  /** `explainScore` of `score`: the text says exactly the warnings and trace the reader gets. */
  text: string;
}

/**
 * A person's score and its plain-text explanation for a reader who gets the anonymous view of their peer and
 * upward reviews (the subject): the warnings as `anonymousWarnings` gives them and the text said again from
 * them with `explainScore`, so neither names a peer or upward reviewer. The trace names no reviewer (only
 * counts per component) and is kept as it is — unless `withheld` names components whose reviews the reader is not
 * shown (fewer reviewers than the policy's `feedback.anonymousMinReviews`, `withheldComponents`): then warnings about
 * their reviews go (`namesWithheldReview`) and the trace is `withheldTrace`'s, which no withheld rating can be read or
 * worked out from; the score itself is unchanged. Works on a live score and on one kept with a result or draft alike
 * (whatever an older version wrote), so redaction happens where it is read.
 */
export function anonymousExplanation<S extends ExplainableScore>(
  ps: S,
  withheld: readonly WithheldComponent[] = [],
): AnonymousExplanation<S> {
  const named = anonymousWarnings(ps.warnings);
  const warnings = withheld.length === 0 ? named : named.filter((w) => !namesWithheldReview(w, withheld));
  // The trace is read explicitly: a cycle score builds it in a getter, which a spread would not copy.
  const trace = withheldTrace(ps.trace, withheld);
  const hidden = warnings !== ps.warnings || trace !== ps.trace;
  const score: S = hidden ? { ...ps, trace, warnings } : ps;
  return { score, hidden, text: explainScore(score) };
}
