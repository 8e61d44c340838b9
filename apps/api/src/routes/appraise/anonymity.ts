// Peer and upward reviewers stay anonymous to the person reviewed in score warnings and explanations too, live or kept (redacted as they are read).
import {
  anonymousExplanation,
  anonymousWarnings,
  type EvidenceIssue,
  isAnonymousComponent,
  type Review,
  type ScoreTrace,
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
 */
export function scoreForReader<B extends PersonScoreBody>(reader: Viewer, body: B): B {
  if (seesReviewers(reader, body.subjectId)) return body;
  const warnings = anonymousWarnings(body.warnings);
  if (warnings === body.warnings) return body;
  const { explanation, ...rest } = body;
  const redacted = { ...rest, warnings: [...warnings] } as B;
  if (explanation === undefined) return redacted;
  // The text is said from the trace; without one (never written so) it is left out rather than cut.
  if (body.trace === undefined) return redacted;
  const { text } = anonymousExplanation({
    subjectId: body.subjectId,
    score: body.score,
    // The text names the rating as scored (calibration moves are in `adjustments`).
    rating: body.original.rating,
    // The API schema is core's trace, typed looser (a curve's cap optional): it was written from one.
    trace: body.trace as ScoreTrace,
    warnings,
  });
  return { ...redacted, explanation: text };
}

/** `scoreForReader` for an optional kept explanation (a result's or a draft's). */
export function explanationForReader<B extends PersonScoreBody>(
  reader: Viewer,
  body: B | null | undefined,
): B | null | undefined {
  return body === null || body === undefined ? body : scoreForReader(reader, body);
}

/**
 * Calibration's evidence issues as the reader may see them: the reviewer of a peer or upward review is null
 * unless the reader sees every reviewer of its subject (a department head whose session covers themselves
 * reads their own issues so). `reviews` are the reviews the issues were found in.
 */
export function evidenceForReader(
  reader: Viewer,
  issues: readonly EvidenceIssue[],
  reviews: readonly Review[],
): (Omit<EvidenceIssue, 'reviewerId'> & { reviewerId: string | null })[] {
  const component = new Map(reviews.map((r) => [r.id, r.component]));
  return issues.map((issue) => {
    if (seesReviewers(reader, issue.subjectId)) return issue;
    const of = component.get(issue.reviewId);
    // A review not found among them is never trusted to be named.
    return of !== undefined && !isAnonymousComponent(of) ? issue : { ...issue, reviewerId: null };
  });
}
