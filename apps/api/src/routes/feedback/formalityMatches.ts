// Near-duplicate formality matches name other texts and their subjects: keep only the matches whose subject a caller may know of.
import type { FormalityIssue } from '@perfloop/core';

/** Each issue with only the `details.matches` whose `subjectId` passes `keep`; issues without matches as they are. */
export function keepMatches(
  issues: readonly FormalityIssue[],
  keep: (subjectId: string) => boolean,
): FormalityIssue[] {
  return issues.map((issue) => {
    const matches = issue.details.matches;
    if (!Array.isArray(matches)) return issue;
    const kept = matches.filter(
      (m: unknown) =>
        typeof m === 'object' &&
        m !== null &&
        'subjectId' in m &&
        typeof m.subjectId === 'string' &&
        keep(m.subjectId),
    );
    return { ...issue, details: { ...issue.details, matches: kept } };
  });
}
