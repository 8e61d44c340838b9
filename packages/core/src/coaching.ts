// Coaching: check-ins in three ways (guidance notes, performance meetings, feedback forms) and cadence timeliness.
import { z } from 'zod';
import { recordingDelayDays } from './checkInRecording.ts';
import {
  addDays,
  daysBetween,
  IdSchema,
  IsoDateSchema,
  IsoDateTimeSchema,
  round,
  toEpochMs,
} from './common.ts';
import { type Cycle, phaseIndex } from './cycle.ts';
import { TEXT_LIMITS } from './limits.ts';
import { CADENCE_DAYS, type Policy } from './policy.ts';
import { type DomainError, fail, ok, type Result } from './result.ts';
import { addRuleIssue } from './ruleIssue.ts';

const DAY_MS = 86_400_000;

/**
 * The three ways of coaching: daily guidance from the superior (`guidance_note`), the regular
 * performance meeting (`performance_meeting`) and the performance guidance and feedback form
 * (`feedback_form`).
 */
export const CheckInKindSchema = z.enum(['guidance_note', 'performance_meeting', 'feedback_form']);
export type CheckInKind = z.infer<typeof CheckInKindSchema>;

/** A progress report on one goal made during a check-in; `actual` is null for a note without a number. */
export const GoalUpdateSchema = z.strictObject({
  goalId: IdSchema,
  actual: z.number().finite().nullable(),
  progressNote: z.string().trim().max(TEXT_LIMITS.progressNote).default(''),
});
export type GoalUpdate = z.infer<typeof GoalUpdateSchema>;

/** The performance guidance and feedback form; `supportNeeded` may be empty when none is needed. */
export const CoachingFormSchema = z.strictObject({
  strengths: z.string().trim().min(1).max(TEXT_LIMITS.coachingForm),
  improvements: z.string().trim().min(1).max(TEXT_LIMITS.coachingForm),
  supportNeeded: z.string().trim().max(TEXT_LIMITS.coachingForm).default(''),
  nextSteps: z.string().trim().min(1).max(TEXT_LIMITS.coachingForm),
});
export type CoachingForm = z.infer<typeof CoachingFormSchema>;

/** A rule across a check-in's fields that it breaks: its stable `rule` code and the check-in's `kind`. */
export interface CheckInIssue {
  path: 'notes' | 'form';
  message: string;
  rule: 'notes_required' | 'form_required' | 'form_not_allowed';
  facts: { kind: CheckInKind };
}

/**
 * The rules across a check-in's fields (CheckInSchema's refinement): notes are required for guidance
 * notes and meetings, the form for `feedback_form`, and only it carries one. For a check-in built from
 * fields each already valid, this is all that parsing it again would check.
 */
export function checkInIssues(c: {
  kind: CheckInKind;
  notes: string;
  form: CoachingForm | null;
}): CheckInIssue[] {
  const issues: CheckInIssue[] = [];
  if (c.kind !== 'feedback_form' && c.notes.length === 0) {
    issues.push({
      path: 'notes',
      message: `notes are required for a ${c.kind}`,
      rule: 'notes_required',
      facts: { kind: c.kind },
    });
  }
  if (c.kind === 'feedback_form' && c.form === null) {
    issues.push({
      path: 'form',
      message: 'a feedback_form check-in needs its form',
      rule: 'form_required',
      facts: { kind: c.kind },
    });
  }
  if (c.kind !== 'feedback_form' && c.form !== null) {
    issues.push({
      path: 'form',
      message: `a ${c.kind} cannot carry a form`,
      rule: 'form_not_allowed',
      facts: { kind: c.kind },
    });
  }
  return issues;
}

/** How far ahead of the server's clock a check-in's time may be (clients' clocks drift). */
export const CHECK_IN_CLOCK_SKEW_MS = 5 * 60_000;

/** A check-in's time that cannot be accepted: ahead of the clock it is recorded by, or before its cycle opened. */
export type CheckInTimeIssue =
  | {
      path: 'at';
      message: string;
      rule: 'at_in_future';
      /** The latest time accepted. */
      facts: { maximum: string };
    }
  | {
      path: 'at';
      message: string;
      rule: 'at_before_cycle';
      /** The earliest day accepted (YYYY-MM-DD): the day the cycle opened (checkInEarliestDay). */
      facts: { minimum: string };
    };

/**
 * The first day a check-in of a cycle may carry: the day its period starts or, when the cycle was opened (created)
 * before that, the day it was opened — coaching may begin before the period (plans agreed early), never before the
 * cycle existed. `createdAt` is the cycle record's creation time; ISO dates compare as strings.
 */
export function checkInEarliestDay(cycle: Pick<Cycle, 'startsOn'>, createdAt: string): string {
  const openedOn = new Date(toEpochMs(createdAt)).toISOString().slice(0, 10);
  if (openedOn < cycle.startsOn) return openedOn;
  return cycle.startsOn;
}

/** The first instant of a day anywhere (UTC+14): a day picked in any time zone is on or after it. */
const firstInstantOf = (day: string): number => toEpochMs(`${day}T00:00:00+14:00`);

/**
 * The rules on when a check-in happened, against the time it is recorded (`now`) and, with `earliestDay`
 * (checkInEarliestDay), the day its cycle opened:
 * - not in the future (beyond `CHECK_IN_CLOCK_SKEW_MS`) — a check-in dated ahead would count as coaching that has not
 *   happened yet and keep its author off the overdue list in advance (obstacle 2);
 * - not before the cycle opened, on that day in any time zone — a conversation held before the cycle existed is not
 *   coaching in it.
 * Between them the past is open: a meeting is recorded after it is held, and coaching may begin before the period
 * does (plans agreed early, the cycle in `coach` before `startsOn`) — but one recorded long after its `at` counts at
 * its recording time (checkInCounting), so dating it back hides nothing.
 */
export function checkInTimeIssues(
  at: string,
  context: { now: string; earliestDay?: string },
): CheckInTimeIssue[] {
  const latest = new Date(toEpochMs(context.now) + CHECK_IN_CLOCK_SKEW_MS).toISOString();
  const atMs = toEpochMs(at);
  if (atMs > toEpochMs(latest)) {
    return [
      {
        path: 'at',
        message: `a check-in cannot be dated in the future (latest ${latest})`,
        rule: 'at_in_future',
        facts: { maximum: latest },
      },
    ];
  }
  const earliest = context.earliestDay;
  if (earliest !== undefined && atMs < firstInstantOf(earliest)) {
    return [
      {
        path: 'at',
        message: `a check-in cannot be dated before its cycle opened (earliest ${earliest})`,
        rule: 'at_before_cycle',
        facts: { minimum: earliest },
      },
    ];
  }
  return [];
}

/**
 * One coaching touchpoint about `subjectId`. Notes are required for guidance notes and meetings;
 * the form is required for `feedback_form` and forbidden for the other kinds.
 */
export const CheckInSchema = z
  .strictObject({
    id: IdSchema,
    cycleId: IdSchema,
    subjectId: IdSchema,
    authorId: IdSchema,
    kind: CheckInKindSchema,
    at: IsoDateTimeSchema,
    notes: z.string().trim().max(TEXT_LIMITS.checkInNotes).default(''),
    goalUpdates: z.array(GoalUpdateSchema).max(200).default([]),
    form: CoachingFormSchema.nullable().default(null),
  })
  .superRefine((c, ctx) => {
    for (const issue of checkInIssues(c)) addRuleIssue(ctx, { ...issue, path: [issue.path] });
  });
export type CheckIn = z.infer<typeof CheckInSchema>;
export type CheckInInput = z.input<typeof CheckInSchema>;

/** A person whose coaching is tracked, with their direct manager (null at the top of the organisation). */
export const CoachedPersonSchema = z.strictObject({ id: IdSchema, managerId: IdSchema.nullable() });
export type CoachedPerson = z.infer<typeof CoachedPersonSchema>;

/**
 * A check-in as coaching timeliness reads it: about whom, by whom, when it happened (`at`) and when the server
 * recorded it (`recordedAt`: the stored record's creation time), which decides when it counts (checkInCounting).
 */
export type TimelinessCheckIn = Pick<CheckIn, 'id' | 'subjectId' | 'authorId' | 'at'> & {
  recordedAt: string;
};

/** Input of `coachingTimeliness` (validate at the edge; the function itself does not parse). */
export const CoachingTimelinessInputSchema = z.strictObject({
  people: z.array(CoachedPersonSchema),
  checkIns: z.array(CheckInSchema.safeExtend({ recordedAt: IsoDateTimeSchema })),
  periodStart: IsoDateSchema,
  /** First day not yet observed: the tracked range is [periodStart, asOf). */
  asOf: IsoDateSchema,
});
export type CoachingTimelinessInput = {
  people: readonly CoachedPerson[];
  checkIns: readonly TimelinessCheckIn[];
  periodStart: string;
  asOf: string;
};

/** Coaching timeliness of one person. */
export interface PersonTimeliness {
  personId: string;
  managerId: string | null;
  /** Coaching check-ins that count in the range (authored by someone other than the person; see checkInCounting). */
  checkIns: number;
  /** When the last of them counts: its `at`, or its recording time when it was recorded late. */
  lastCheckInAt: string | null;
  /** Of `checkIns`, those recorded late (more than the policy's recordingGraceDays after their `at`). */
  recordedLate: number;
  /** The longest delay among them, in whole days from `at` to the recording; 0 when none was recorded late. */
  recordedLateByDays: number;
  /**
   * Whole UTC days from the last check-in's day (or periodStart when none) to the last observed day (the day before
   * asOf): 0 on the day of a check-in, `cadence` on the day the next one is due.
   */
  daysSinceLast: number;
  /** Complete windows, plus the current partial window when it is already covered. */
  windowsElapsed: number;
  windowsCovered: number;
  /** windowsCovered / windowsElapsed in percent (2 decimals); 100 when no window has elapsed. */
  onTimePercent: number;
  /** daysSinceLast > cadence + grace. */
  overdue: boolean;
  /** Days past the cadence due date (daysSinceLast − cadence) when overdue, else 0: 1 on the day after it. */
  overdueByDays: number;
}

/** Coaching timeliness over one manager's direct reports. */
export interface ManagerTimeliness {
  managerId: string;
  reports: number;
  /** Pooled: sum of windows covered / sum of windows elapsed over the reports, in percent. */
  onTimePercent: number;
  /** Overdue report ids, most overdue first (ties by id). */
  overdue: string[];
  /** Check-ins about the reports that were recorded late (by whoever wrote them). */
  recordedLate: number;
  /** The longest of those delays in whole days; 0 when none. */
  recordedLateByDays: number;
}

export interface OverdueEntry {
  personId: string;
  managerId: string | null;
  overdueByDays: number;
}

export interface CoachingTimeliness {
  cadenceDays: number;
  graceDays: number;
  /** The policy's recordingGraceDays: a check-in recorded later than this after its `at` counts at its recording. */
  recordingGraceDays: number;
  daysElapsed: number;
  completeWindows: number;
  /** People in input order. */
  people: PersonTimeliness[];
  /** Managers sorted by id. */
  managers: ManagerTimeliness[];
  totals: {
    people: number;
    checkIns: number;
    windowsElapsed: number;
    windowsCovered: number;
    onTimePercent: number;
    overdue: number;
    /** Check-ins recorded late among `checkIns`. */
    recordedLate: number;
  };
  /** Most overdue first, ties by person id. */
  overdue: OverdueEntry[];
}

export type CoachingErrorCode = 'invalid_period' | 'duplicate_person';

/** Percent with 2 decimals; 100 when nothing was due. */
function percent(covered: number, elapsed: number): number {
  return elapsed === 0 ? 100 : round((100 * covered) / elapsed, 2);
}

const DIGIT_POSITIONS = [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18] as const;
const digit = (s: string, i: number): number => s.charCodeAt(i) - 48;
const two = (s: string, i: number): number => digit(s, i) * 10 + digit(s, i + 1);
const isDigit = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c >= 48 && c <= 57;
};

/** Days in a month of the proleptic Gregorian calendar. */
function daysInMonth(y: number, m: number): number {
  if (m === 2) return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/**
 * Epoch milliseconds of an ISO date-time, with a fast path for `YYYY-MM-DDTHH:mm:ss(.fff…)(Z|±HH:mm)`
 * (several times faster than Date.parse on large batches); anything else falls back to `toEpochMs`.
 * Same result as `toEpochMs` for every `IsoDateTimeSchema` value.
 */
export function instantMs(s: string): number {
  const n = s.length;
  if (n < 20 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84)
    return toEpochMs(s);
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return toEpochMs(s);
  for (const p of DIGIT_POSITIONS) if (!isDigit(s, p)) return toEpochMs(s);
  const y = digit(s, 0) * 1000 + digit(s, 1) * 100 + two(s, 2);
  const m = two(s, 5);
  const d = two(s, 8);
  const hh = two(s, 11);
  const mi = two(s, 14);
  const ss = two(s, 17);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m) || hh > 23 || mi > 59 || ss > 59) return toEpochMs(s);
  let i = 19;
  let ms = 0;
  if (s.charCodeAt(i) === 46) {
    // Fraction: whole milliseconds from the first three digits (further digits are truncated).
    i++;
    const from = i;
    while (i < n && isDigit(s, i)) i++;
    if (i === from) return toEpochMs(s);
    for (let k = from; k < from + 3; k++) ms = ms * 10 + (k < i ? digit(s, k) : 0);
  }
  let offsetMin = 0;
  const tz = s.charCodeAt(i);
  if (tz === 90 && i === n - 1) offsetMin = 0;
  else if (
    (tz === 43 || tz === 45) &&
    i + 6 === n &&
    s.charCodeAt(i + 3) === 58 &&
    isDigit(s, i + 1) &&
    isDigit(s, i + 2) &&
    isDigit(s, i + 4) &&
    isDigit(s, i + 5)
  ) {
    offsetMin = (two(s, i + 1) * 60 + two(s, i + 4)) * (tz === 43 ? 1 : -1);
  } else return toEpochMs(s);
  // Days from civil (proleptic Gregorian), Howard Hinnant's algorithm.
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  const days = era * 146_097 + doe - 719_468;
  return days * DAY_MS + ((hh * 60 + mi - offsetMin) * 60 + ss) * 1000 + ms;
}

/**
 * Coaching timeliness against the policy cadence (obstacle 2: coaching missing or late).
 * [periodStart, asOf) is split into consecutive windows of N = CADENCE_DAYS[cadence] days; a window
 * is covered when the person has at least one check-in in it by someone other than themselves.
 * A check-in counts at its `at` when recorded within the policy's recordingGraceDays of it, else at its recording
 * time, flagged as recorded late (checkInCounting): coaching dated back cannot fill a window it missed.
 * Check-ins counting outside the range, about unknown people, or authored by the subject (progress notes, also those
 * imported from Notion) are ignored — never counted, never flagged.
 * O(people × windows + checkIns); no parsing of the input.
 */
export function coachingTimeliness(
  input: CoachingTimelinessInput,
  policy: Pick<Policy, 'coaching'>,
): Result<CoachingTimeliness, DomainError<CoachingErrorCode>> {
  const { people, checkIns, periodStart, asOf } = input;
  const cadenceDays = CADENCE_DAYS[policy.coaching.cadence];
  const graceDays = policy.coaching.graceDays;
  const recordingGraceDays = policy.coaching.recordingGraceDays;
  const startMs = toEpochMs(periodStart);
  const endMs = toEpochMs(asOf);
  if (!Number.isFinite(startMs) || !Number.isFinite(endMs) || endMs < startMs) {
    return fail('invalid_period', `asOf (${asOf}) must be a date on or after periodStart (${periodStart}).`, {
      path: ['asOf'],
      details: { periodStart, asOf },
    });
  }
  const daysElapsed = daysBetween(periodStart, asOf);
  const completeWindows = Math.floor(daysElapsed / cadenceDays);
  const windowCount = Math.ceil(daysElapsed / cadenceDays);
  const hasPartial = windowCount > completeWindows;
  const windowMs = cadenceDays * DAY_MS;

  const n = people.length;
  const index = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const id = (people[i] as CoachedPerson).id;
    if (index.has(id)) {
      return fail('duplicate_person', `Person ${id} is listed more than once.`, {
        path: ['people', i, 'id'],
        details: { personId: id },
      });
    }
    index.set(id, i);
  }

  const covered = new Uint8Array(n * windowCount);
  const counts = new Int32Array(n);
  const lateCounts = new Int32Array(n);
  const lateMaxDays = new Int32Array(n);
  const lastMs = new Float64Array(n).fill(Number.NEGATIVE_INFINITY);
  const lastIdx = new Int32Array(n).fill(-1);
  const lastLate = new Uint8Array(n);
  for (let k = 0; k < checkIns.length; k++) {
    const c = checkIns[k] as TimelinessCheckIn;
    if (c.authorId === c.subjectId) continue;
    const i = index.get(c.subjectId);
    if (i === undefined) continue;
    // checkInCounting, on instants already parsed.
    const atMs = instantMs(c.at);
    const recordedMs = instantMs(c.recordedAt);
    const after = recordingDelayDays(atMs, recordedMs);
    const late = after > recordingGraceDays;
    const ms = late ? recordedMs : atMs;
    if (!(ms >= startMs && ms < endMs)) continue;
    covered[i * windowCount + Math.floor((ms - startMs) / windowMs)] = 1;
    counts[i] = (counts[i] ?? 0) + 1;
    if (late) {
      lateCounts[i] = (lateCounts[i] ?? 0) + 1;
      if (after > (lateMaxDays[i] ?? 0)) lateMaxDays[i] = after;
    }
    const prev = lastMs[i] ?? Number.NEGATIVE_INFINITY;
    const prevIdx = lastIdx[i] ?? -1;
    if (ms > prev || (ms === prev && prevIdx >= 0 && c.id > (checkIns[prevIdx]?.id ?? ''))) {
      lastMs[i] = ms;
      lastIdx[i] = k;
      lastLate[i] = late ? 1 : 0;
    }
  }

  // The last observed day: "today" for a report as of tomorrow. Counting to asOf itself would count today as
  // passed, flagging a check-in due today as a day overdue.
  const lastObservedDay = Math.floor(endMs / DAY_MS) - 1;
  const limit = cadenceDays + graceDays;
  const out: PersonTimeliness[] = new Array(n);
  const overdue: OverdueEntry[] = [];
  const byManager = new Map<
    string,
    {
      reports: number;
      elapsed: number;
      covered: number;
      overdue: OverdueEntry[];
      recordedLate: number;
      recordedLateByDays: number;
    }
  >();
  let totalCheckIns = 0;
  let totalLate = 0;
  let totalElapsed = 0;
  let totalCovered = 0;
  for (let i = 0; i < n; i++) {
    const p = people[i] as CoachedPerson;
    let windowsCovered = 0;
    const base = i * windowCount;
    for (let w = 0; w < completeWindows; w++) windowsCovered += covered[base + w] ?? 0;
    let windowsElapsed = completeWindows;
    if (hasPartial && covered[base + completeWindows] === 1) {
      windowsElapsed++;
      windowsCovered++;
    }
    const li = lastIdx[i] ?? -1;
    const last = li >= 0 ? checkIns[li] : undefined;
    const daysSinceLast = Math.max(
      0,
      last ? lastObservedDay - Math.floor((lastMs[i] ?? 0) / DAY_MS) : daysElapsed - 1,
    );
    const isOverdue = daysSinceLast > limit;
    const overdueByDays = isOverdue ? daysSinceLast - cadenceDays : 0;
    const count = counts[i] ?? 0;
    const recordedLate = lateCounts[i] ?? 0;
    const recordedLateByDays = lateMaxDays[i] ?? 0;
    out[i] = {
      personId: p.id,
      managerId: p.managerId,
      checkIns: count,
      lastCheckInAt: last ? (lastLate[i] === 1 ? last.recordedAt : last.at) : null,
      recordedLate,
      recordedLateByDays,
      daysSinceLast,
      windowsElapsed,
      windowsCovered,
      onTimePercent: percent(windowsCovered, windowsElapsed),
      overdue: isOverdue,
      overdueByDays,
    };
    totalCheckIns += count;
    totalLate += recordedLate;
    totalElapsed += windowsElapsed;
    totalCovered += windowsCovered;
    const entry: OverdueEntry | null = isOverdue
      ? { personId: p.id, managerId: p.managerId, overdueByDays }
      : null;
    if (entry) overdue.push(entry);
    if (p.managerId !== null) {
      let m = byManager.get(p.managerId);
      if (!m) {
        m = { reports: 0, elapsed: 0, covered: 0, overdue: [], recordedLate: 0, recordedLateByDays: 0 };
        byManager.set(p.managerId, m);
      }
      m.reports++;
      m.elapsed += windowsElapsed;
      m.covered += windowsCovered;
      m.recordedLate += recordedLate;
      m.recordedLateByDays = Math.max(m.recordedLateByDays, recordedLateByDays);
      if (entry) m.overdue.push(entry);
    }
  }

  const mostOverdueFirst = (a: OverdueEntry, b: OverdueEntry): number =>
    b.overdueByDays - a.overdueByDays || (a.personId < b.personId ? -1 : a.personId > b.personId ? 1 : 0);
  overdue.sort(mostOverdueFirst);
  const managerIds = [...byManager.keys()].sort();
  const managers: ManagerTimeliness[] = [];
  for (const managerId of managerIds) {
    const m = byManager.get(managerId);
    if (!m) continue;
    managers.push({
      managerId,
      reports: m.reports,
      onTimePercent: percent(m.covered, m.elapsed),
      overdue: m.overdue.sort(mostOverdueFirst).map((e) => e.personId),
      recordedLate: m.recordedLate,
      recordedLateByDays: m.recordedLateByDays,
    });
  }

  return ok({
    cadenceDays,
    graceDays,
    recordingGraceDays,
    daysElapsed,
    completeWindows,
    people: out,
    managers,
    totals: {
      people: n,
      checkIns: totalCheckIns,
      windowsElapsed: totalElapsed,
      windowsCovered: totalCovered,
      onTimePercent: percent(totalCovered, totalElapsed),
      overdue: overdue.length,
      recordedLate: totalLate,
    },
    overdue,
  });
}

const COACH = phaseIndex('coach');

/** An ISO date kept within [from, to] (ISO dates compare as strings). */
function clampDay(day: string, from: string, to: string): string {
  if (day < from) return from;
  if (day > to) return to;
  return day;
}

/**
 * The last day of coaching once the cycle has left `coach`: the UTC day of the transition that took it out of coach
 * (or jumped over it), at most the cycle's last day; null while the cycle is in plan or coach. No check-in is recorded
 * after it, so coaching timeliness is judged as of that day.
 */
export function coachingEndedOn(cycle: Pick<Cycle, 'startsOn' | 'endsOn' | 'history'>): string | null {
  const left = cycle.history.find((r) => phaseIndex(r.from) <= COACH && phaseIndex(r.to) > COACH);
  if (!left) return null;
  return clampDay(new Date(toEpochMs(left.at)).toISOString().slice(0, 10), cycle.startsOn, cycle.endsOn);
}

/**
 * The `asOf` (first day not observed) for `coachingTimeliness` over a cycle: through `today` while coaching runs,
 * through the day coaching ended once the cycle has left coach — frozen, so an overdue figure stops growing when no
 * check-in can be recorded any more. `wanted` (an asOf the caller asks for) is honoured up to that limit. Always within
 * [startsOn, endsOn + 1]; ISO dates compare as strings.
 */
export function coachingAsOf(
  cycle: Pick<Cycle, 'startsOn' | 'endsOn' | 'history'>,
  today: string,
  wanted?: string,
): string {
  const ended = coachingEndedOn(cycle);
  const limit = ended === null ? addDays(cycle.endsOn, 1) : addDays(ended, 1);
  return clampDay(wanted ?? addDays(today, 1), cycle.startsOn, limit);
}

/**
 * The latest reported actual per goal across check-ins: the update of the check-in with the latest
 * `at` wins (ties: the greater check-in id; within one check-in, the later update). Updates whose
 * `actual` is null are notes without a number and never erase a reported actual. Keys are in order of
 * first appearance in the input; values do not depend on the input order.
 */
export function latestActuals(
  checkIns: readonly Pick<CheckIn, 'id' | 'at' | 'goalUpdates'>[],
): Map<string, number> {
  const best = new Map<string, { ms: number; id: string; actual: number }>();
  for (const c of checkIns) {
    if (c.goalUpdates.length === 0) continue;
    const ms = instantMs(c.at);
    for (const u of c.goalUpdates) {
      if (u.actual === null) continue;
      const prev = best.get(u.goalId);
      if (!prev) best.set(u.goalId, { ms, id: c.id, actual: u.actual });
      else if (ms > prev.ms || (ms === prev.ms && c.id >= prev.id)) {
        prev.ms = ms;
        prev.id = c.id;
        prev.actual = u.actual;
      }
    }
  }
  const result = new Map<string, number>();
  for (const [goalId, b] of best) result.set(goalId, b.actual);
  return result;
}
