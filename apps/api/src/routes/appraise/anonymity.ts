// Peer and upward reviewers stay anonymous to the person reviewed in score warnings and explanations too, live or kept (redacted as they are read), and reviews under the anonymity threshold stay withheld there.
import {
  ANONYMOUS_COMPONENTS,
  anonymousExplanation,
  anonymousWarnings,
  type ComponentCount,
  type EvidenceIssue,
  expandedFormula,
  isAnonymousComponent,
  namesWithheldReview,
  type Review,
  reviewerCounts,
  type ScoreTrace,
  type WithheldComponent,
  withheldComponents,
} from '@perfloop/core';
import { seesReviewers, type Viewer } from './reviewRules.ts';
import type { PersonScoreBody } from './scoreSchemas.ts';

/**
 * A score body as this reader may see it. Unchanged for a reader who sees every reviewer of the person
 * (`seesReviewers`, the reviews route's rule: the manager chain, department heads, HR). For anyone else — the
 * person themselves — no warning names a peer or upward reviewer, and the plain-text explanation is said again
 * from the redacted warnings and the trace (core `anonymousExplanation`), exactly as it was first said but for
 * those warnings. The same for a live score and for an explanation kept with a result or a draft, whenever and
 * by whichever version it was kept: nothing kept is trusted to be anonymous already.
 *
 * The anonymity threshold too: a peer or upward component with fewer reviewers than `minReviews` (the cycle policy's
 * `feedback.anonymousMinReviews`) is withheld from such a reader — listed in `withheld`, warnings about its reviews
 * left out, and the trace, text and formula as core `withheldTrace` shows them (competency goals pooled when it
 * weighs in the score), so no rating of a withheld review can be read or worked out. How many reviewed is read from
 * `counts` (the live score's component summary: a cycle score builds its trace on first read) or else the body's trace; a body with neither (nothing writes one
 * so) hides the warnings about every peer and upward review and says nothing of `withheld`. A body with nothing to
 * hide is returned as it is (the same object), without `withheld`.
 */
export function scoreForReader<B extends PersonScoreBody>(
  reader: Viewer,
  body: B,
  minReviews: number,
  /** How many reviewed, per component; a function so that a reader who sees every reviewer never has it worked out. */
  counts?: () => readonly ComponentCount[],
): B {
  if (seesReviewers(reader, body.subjectId)) return body;
  const summary = counts ? counts() : body.trace?.components;
  const withheld = summary === undefined ? null : withheldComponents(summary, minReviews);
  const { explanation, formula, ...rest } = body;
  const told = withheld === null || withheld.length === 0 ? {} : { withheld };
  if (body.trace === undefined) {
    // Without a trace nothing can be said again: warnings are left out or made anonymous, a kept text with them.
    const hideFor: readonly WithheldComponent[] =
      withheld ?? ANONYMOUS_COMPONENTS.map((component) => ({ component, reviewers: 0, minReviews }));
    const named = anonymousWarnings(body.warnings);
    const warnings = named.filter((w) => !namesWithheldReview(w, hideFor));
    const changed = warnings.length !== body.warnings.length || named !== body.warnings;
    if (!changed && !('withheld' in told)) return body;
    return { ...rest, warnings: [...warnings], ...told } as B;
  }
  const shown = anonymousExplanation(
    {
      subjectId: body.subjectId,
      score: body.score,
      // The text names the rating as scored (calibration moves are in `adjustments`).
      rating: body.original.rating,
      // The API schema is core's trace, typed looser (a curve's cap optional): it was written from one.
      trace: body.trace as ScoreTrace,
      warnings: body.warnings,
    },
    withheld ?? [],
  );
  if (!shown.hidden) return body;
  return {
    ...rest,
    warnings: [...(shown.score.warnings as B['warnings'])],
    trace: shown.score.trace as B['trace'],
    ...(explanation === undefined ? {} : { explanation: shown.text }),
    ...(formula === undefined ? {} : { formula: expandedFormula(shown.score) }),
    ...told,
  } as B;
}

/** `scoreForReader` for an optional kept explanation (a result's or a draft's). */
export function explanationForReader<B extends PersonScoreBody>(
  reader: Viewer,
  body: B | null | undefined,
  minReviews: number,
): B | null | undefined {
  return body === null || body === undefined ? body : scoreForReader(reader, body, minReviews);
}

/** An evidence issue as a reader is shown it: its reviewer null when hidden from them. */
export type ShownEvidenceIssue = Omit<EvidenceIssue, 'reviewerId'> & { reviewerId: string | null };

/**
 * Calibration's evidence issues as the reader may see them: the reviewer of a peer or upward review is null
 * unless the reader sees every reviewer of its subject (a department head whose session covers themselves
 * reads their own issues so), and an issue in a review withheld from the reader (its component under the
 * threshold `minReviews` for its subject) is left out — it gives a rating of that review. `reviews` are the
 * submitted reviews the issues were found in (every review of each subject, so the threshold counts them all).
 */
export function evidenceForReader(
  reader: Viewer,
  issues: readonly EvidenceIssue[],
  reviews: readonly Review[],
  minReviews: number,
): ShownEvidenceIssue[] {
  const component = new Map(reviews.map((r) => [r.id, r.component]));
  const withheld = new Map<string, ReadonlySet<string>>();
  const withheldFor = (subjectId: string): ReadonlySet<string> => {
    let set = withheld.get(subjectId);
    if (set === undefined) {
      const counts = reviewerCounts(reviews.filter((r) => r.subjectId === subjectId));
      set = new Set(withheldComponents(counts, minReviews).map((w) => w.component));
      withheld.set(subjectId, set);
    }
    return set;
  };
  return issues.flatMap((issue): ShownEvidenceIssue[] => {
    if (seesReviewers(reader, issue.subjectId)) return [issue];
    const of = component.get(issue.reviewId);
    // A review not found among them is never trusted to be named.
    if (of === undefined) return [{ ...issue, reviewerId: null }];
    if (!isAnonymousComponent(of)) return [issue];
    if (withheldFor(issue.subjectId).has(of)) return [];
    return [{ ...issue, reviewerId: null }];
  });
}
