// When a check-in counts for coaching timeliness: at its `at` when recorded promptly, at its recording time when recorded late (backdating cannot hide late coaching).
import { toEpochMs } from './common.ts';
import type { Policy } from './policy.ts';

const DAY_MS = 86_400_000;

/** The policy's `coaching.recordingGraceDays` when a stored policy has none (policies older than the setting). */
export const DEFAULT_RECORDING_GRACE_DAYS = 7;

/** A check-in's two times: when the coaching happened (`at`, said by its author) and when the server recorded it. */
export interface CheckInTimes {
  at: string;
  /** The server's time of recording (the stored record's creation time), never set by a client. */
  recordedAt: string;
}

/** How a check-in counts for coaching timeliness. */
export interface CheckInCounting {
  /** The instant it counts at: its `at` when recorded in time, else its `recordedAt`. */
  countsAt: string;
  /** Recorded more than the policy's `recordingGraceDays` after its `at`. */
  recordedLate: boolean;
  /** When recorded late, the whole days from its `at` to its recording (> recordingGraceDays); else 0. */
  recordedLateByDays: number;
}

/**
 * Whole days (24-hour periods) from `atMs` to `recordedMs`; 0 when recorded before a day had passed, or ahead of
 * `at` (a client clock a little ahead, see CHECK_IN_CLOCK_SKEW_MS). Elapsed time, not calendar days: the author's
 * time zone and the offset `at` was written with never move the boundary.
 */
export function recordingDelayDays(atMs: number, recordedMs: number): number {
  return recordedMs > atMs ? Math.floor((recordedMs - atMs) / DAY_MS) : 0;
}

/**
 * The rule on when a check-in counts (obstacle 2: late coaching must not be hidden by dating it back). One recorded
 * within `coaching.recordingGraceDays` whole days of its `at` counts at its `at` (a meeting written up the next
 * week); one recorded later counts at its recording time, and is flagged `recordedLate` with the days it came after.
 * With a grace of 7: recorded 7 days 23 hours after → on time; 8 days after → late by 8.
 */
export function checkInCounting(
  checkIn: CheckInTimes,
  policy: { coaching: Pick<Policy['coaching'], 'recordingGraceDays'> },
): CheckInCounting {
  const after = recordingDelayDays(toEpochMs(checkIn.at), toEpochMs(checkIn.recordedAt));
  const late = after > policy.coaching.recordingGraceDays;
  return {
    countsAt: late ? checkIn.recordedAt : checkIn.at,
    recordedLate: late,
    recordedLateByDays: late ? after : 0,
  };
}
