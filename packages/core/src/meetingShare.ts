// When a feedback meeting shares the result: only a meeting that passes the checklist counts, so only it can be acknowledged and starts the appeal window.
import { toEpochMs } from './common.ts';
import { type FeedbackMeeting, type FeedbackQuality, feedbackQuality } from './feedback.ts';
import type { Policy } from './policy.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';

const DAY_MS = 86_400_000;

type MeetingFacts = Pick<
  FeedbackMeeting,
  'id' | 'heldAt' | 'summary' | 'strengths' | 'improvements' | 'agreedActions'
>;

/**
 * The instant the result counts as shared with the employee: null while the meeting fails the checklist (a mere
 * formality shares nothing yet), else the later of the meeting (`heldAt`) and the last correction of its record
 * (`correctedAt`: a manager who corrects the record changes what the employee reads, so the window starts again).
 */
export function resultSharedAt(
  meeting: MeetingFacts,
  policy: { feedback: Pick<Policy['feedback'], 'minChars'> },
  correctedAt?: string | null,
): string | null {
  if (!feedbackQuality(meeting, policy).passed) return null;
  if (correctedAt == null || toEpochMs(correctedAt) <= toEpochMs(meeting.heldAt)) return meeting.heldAt;
  return correctedAt;
}

/** The end of the appeal window from `sharedAt` (policy.feedback.appealWindowDays × 24 h); null when nothing is shared yet. */
export function appealDeadlineFrom(
  sharedAt: string | null,
  policy: { feedback: Pick<Policy['feedback'], 'appealWindowDays'> },
): string | null {
  if (sharedAt === null) return null;
  return new Date(toEpochMs(sharedAt) + policy.feedback.appealWindowDays * DAY_MS).toISOString();
}

/**
 * Whether the employee may acknowledge the result of this meeting: only when it passes the checklist. Otherwise
 * `meeting_not_counted`, naming the failed items (`details.failed`, checklist order, and each failed check): the
 * employee waits for the meeting to be held properly (the manager's to-do asks for it), and may appeal meanwhile.
 */
export function requireCountingMeeting(
  meeting: MeetingFacts,
  policy: { feedback: Pick<Policy['feedback'], 'minChars'> },
): Result<FeedbackQuality, DomainError<'meeting_not_counted'>> {
  const quality = feedbackQuality(meeting, policy);
  if (quality.passed) return ok(quality);
  const failed = quality.checks.filter((c) => !c.passed);
  return fail(
    'meeting_not_counted',
    `This meeting does not pass the feedback checklist, so it is not yet the feedback meeting and its result cannot be acknowledged: ${failed.map((c) => c.message).join(' ')} Ask your manager to hold the meeting properly; you may still appeal the result.`,
    { details: { failed: quality.failed, checks: failed } },
  );
}
