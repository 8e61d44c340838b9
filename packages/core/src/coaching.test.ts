// Tests for coaching: check-in schema, cadence timeliness worked examples and invariants, latest actuals.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CHECK_IN_CLOCK_SKEW_MS,
  type CheckIn,
  CheckInSchema,
  type CoachingTimeliness,
  type CoachingTimelinessInput,
  checkInEarliestDay,
  checkInTimeIssues,
  coachingAsOf,
  coachingEndedOn,
  coachingTimeliness,
  instantMs,
  latestActuals,
} from './coaching.ts';
import type { TransitionRecord } from './cycle.ts';
import { POLICY_PRESETS, type Policy } from './policy.ts';
import { unwrap } from './result.ts';

const biweekly: Pick<Policy, 'coaching'> = {
  coaching: { cadence: 'biweekly', graceDays: 3, recordingGraceDays: 7 },
};

/** A stored check-in with the server's recording time (by default, when it happened). */
type RecordedCheckIn = CheckIn & { recordedAt: string };

let seq = 0;
function checkIn(
  subjectId: string,
  authorId: string,
  at: string,
  extra: Partial<RecordedCheckIn> = {},
): RecordedCheckIn {
  seq++;
  return {
    recordedAt: at,
    id: `c${String(seq).padStart(4, '0')}`,
    cycleId: 'cy1',
    subjectId,
    authorId,
    kind: 'guidance_note',
    at,
    notes: 'Talked through the week.',
    goalUpdates: [],
    form: null,
    ...extra,
  };
}

describe('CheckInSchema', () => {
  const base = {
    id: 'c1',
    cycleId: 'cy1',
    subjectId: 'p1',
    authorId: 'm1',
    at: '2024-01-03T10:00:00Z',
  };

  it('accepts each of the three coaching ways and fills defaults', () => {
    const note = CheckInSchema.parse({ ...base, kind: 'guidance_note', notes: 'Good call with the client.' });
    expect(note.goalUpdates).toEqual([]);
    expect(note.form).toBeNull();
    const meeting = CheckInSchema.parse({
      ...base,
      kind: 'performance_meeting',
      notes: 'Biweekly 1:1',
      goalUpdates: [{ goalId: 'g1', actual: 42, progressNote: 'on track' }],
    });
    expect(meeting.goalUpdates[0]?.actual).toBe(42);
    const form = CheckInSchema.parse({
      ...base,
      kind: 'feedback_form',
      form: { strengths: 'Clear writing', improvements: 'Estimate better', nextSteps: 'Pair on planning' },
    });
    expect(form.form?.supportNeeded).toBe('');
    expect(form.notes).toBe('');
  });

  it('requires notes for guidance notes and meetings', () => {
    for (const kind of ['guidance_note', 'performance_meeting'] as const) {
      const r = CheckInSchema.safeParse({ ...base, kind, notes: '   ' });
      expect(r.success).toBe(false);
      expect(r.error?.issues.map((i) => i.path)).toEqual([['notes']]);
    }
  });

  it('requires the form for feedback_form and forbids it otherwise', () => {
    const missing = CheckInSchema.safeParse({ ...base, kind: 'feedback_form' });
    expect(missing.error?.issues.map((i) => i.path)).toEqual([['form']]);
    const extra = CheckInSchema.safeParse({
      ...base,
      kind: 'guidance_note',
      notes: 'x',
      form: { strengths: 'a', improvements: 'b', nextSteps: 'c' },
    });
    expect(extra.error?.issues.map((i) => i.path)).toEqual([['form']]);
  });

  it('rejects unknown keys and over-long notes', () => {
    expect(CheckInSchema.safeParse({ ...base, kind: 'guidance_note', notes: 'x', mood: 5 }).success).toBe(
      false,
    );
    expect(
      CheckInSchema.safeParse({ ...base, kind: 'guidance_note', notes: 'x'.repeat(10_001) }).success,
    ).toBe(false);
  });
});

describe('checkInTimeIssues', () => {
  const now = '2026-09-15T12:00:00.000Z';
  const at = (ms: number) => new Date(Date.parse(now) + ms).toISOString();
  const context = { now };

  it('accepts now, the past (before the period too: coaching may start early), and a clock a few minutes ahead', () => {
    expect(checkInTimeIssues(now, context)).toEqual([]);
    expect(checkInTimeIssues('2026-07-01T00:00:00Z', context)).toEqual([]);
    expect(checkInTimeIssues('2025-12-20T09:00:00Z', context)).toEqual([]);
    expect(checkInTimeIssues(at(CHECK_IN_CLOCK_SKEW_MS), context)).toEqual([]);
  });

  it('refuses a time in the future past the skew, naming the latest accepted', () => {
    expect(checkInTimeIssues(at(CHECK_IN_CLOCK_SKEW_MS + 1), context)).toEqual([
      expect.objectContaining({
        path: 'at',
        rule: 'at_in_future',
        facts: { maximum: '2026-09-15T12:05:00.000Z' },
      }),
    ]);
    expect(checkInTimeIssues('2026-10-15T12:00:00+02:00', context)[0]?.rule).toBe('at_in_future');
  });

  it('with the day the cycle opened, refuses a time before that day in every time zone, naming the day', () => {
    const opened = { now, earliestDay: '2026-01-01' };
    // The day itself, wherever it was picked: from 00:00 at UTC+14 (10:00 UTC the day before).
    expect(checkInTimeIssues('2026-01-01T00:00:00Z', opened)).toEqual([]);
    expect(checkInTimeIssues('2026-01-01T00:00:00+14:00', opened)).toEqual([]);
    expect(checkInTimeIssues('2025-12-31T23:00:00Z', opened)).toEqual([]);
    expect(checkInTimeIssues('2025-12-31T09:59:59Z', opened)).toEqual([
      {
        path: 'at',
        message: 'a check-in cannot be dated before its cycle opened (earliest 2026-01-01)',
        rule: 'at_before_cycle',
        facts: { minimum: '2026-01-01' },
      },
    ]);
    // The future is said first: one rule at a time.
    expect(checkInTimeIssues(at(86_400_000), opened)[0]?.rule).toBe('at_in_future');
  });
});

describe('checkInEarliestDay', () => {
  it('is the period’s first day, or the day the cycle was opened when that came first', () => {
    expect(checkInEarliestDay({ startsOn: '2026-01-01' }, '2025-12-10T15:00:00Z')).toBe('2025-12-10');
    expect(checkInEarliestDay({ startsOn: '2026-01-01' }, '2026-01-20T08:00:00Z')).toBe('2026-01-01');
    // Opened late on the eve in UTC+2: its UTC day.
    expect(checkInEarliestDay({ startsOn: '2026-01-01' }, '2025-12-31T23:30:00+02:00')).toBe('2025-12-31');
  });
});

describe('instantMs', () => {
  it('matches Date.parse on fixed examples, offsets and fractions included', () => {
    for (const s of [
      '2024-01-14T23:30:00-05:00',
      '2024-02-29T12:00:00.5Z',
      '1999-12-31T23:59:59.999+14:00',
      '2024-03-01T00:00:00.123456Z',
      '2024-02-30T00:00:00Z', // invalid day: falls back to Date.parse → NaN
    ]) {
      expect(instantMs(s)).toBe(Date.parse(s));
    }
  });

  it('equals Date.parse for generated ISO date-times', () => {
    fc.assert(
      fc.property(
        fc.date({
          min: new Date('1900-01-01T00:00:00Z'),
          max: new Date('2199-12-31T23:59:59Z'),
          noInvalidDate: true,
        }),
        fc.integer({ min: -14 * 60, max: 14 * 60 }),
        fc.integer({ min: 0, max: 4 }),
        (date, offsetMin, fracDigits) => {
          const local = new Date(date.getTime() + offsetMin * 60_000).toISOString();
          const body = local.slice(0, 19);
          const frac = fracDigits === 0 ? '' : `.${`${local.slice(20, 23)}7`.slice(0, fracDigits)}`;
          const sign = offsetMin < 0 ? '-' : '+';
          const abs = Math.abs(offsetMin);
          const tz =
            offsetMin === 0
              ? 'Z'
              : `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
          const s = `${body}${frac}${tz}`;
          expect(instantMs(s)).toBe(Date.parse(s));
        },
      ),
    );
  });
});

describe('coachingTimeliness — worked example (biweekly, 45 days)', () => {
  // Biweekly cadence: N = 14 days, grace 3 → overdue when more than 17 days since the last check-in.
  // periodStart 2024-01-01, asOf 2024-02-15: 31 (January) + 14 = 45 days elapsed; the last observed day ("today")
  // is Feb 14, which days since the last check-in count to.
  // 45 / 14 = 3 complete windows (42 days) + a partial window of 3 days:
  //   W0 Jan 01–Jan 14, W1 Jan 15–Jan 28, W2 Jan 29–Feb 11, W3 (partial) Feb 12–Feb 14.
  const people = [
    { id: 'alice', managerId: 'm1' },
    { id: 'bob', managerId: 'm1' },
    { id: 'carol', managerId: 'm2' },
    { id: 'm1', managerId: null },
  ];
  const checkIns = [
    checkIn('alice', 'm1', '2024-01-03T09:00:00Z'), // W0
    checkIn('alice', 'm1', '2024-01-14T23:30:00-05:00'), // = Jan 15 04:30 UTC → W1, not W0
    checkIn('alice', 'alice', '2024-02-05T10:00:00Z'), // self-authored: ignored
    checkIn('alice', 'm1', '2024-02-13T16:00:00Z'), // W3, the partial window
    checkIn('alice', 'm1', '2024-02-15T09:00:00Z'), // on asOf: outside [periodStart, asOf)
    checkIn('alice', 'm1', '2023-12-31T09:00:00Z'), // before periodStart: ignored
    checkIn('bob', 'm1', '2024-01-10T11:00:00Z', { kind: 'performance_meeting' }), // W0
    checkIn('m1', 'hr', '2024-01-29T08:00:00Z'), // W2
    checkIn('m1', 'hr', '2024-02-01T08:00:00Z', { kind: 'feedback_form', notes: '' }), // W2 again
    checkIn('zed', 'm1', '2024-01-05T08:00:00Z'), // unknown person: ignored
  ];
  const input: CoachingTimelinessInput = { people, checkIns, periodStart: '2024-01-01', asOf: '2024-02-15' };
  const r = unwrap(coachingTimeliness(input, biweekly));
  const person = (id: string) => r.people.find((p) => p.personId === id);

  it('counts 3 complete windows', () => {
    expect(r.daysElapsed).toBe(45);
    expect(r.completeWindows).toBe(3);
    expect(r.cadenceDays).toBe(14);
  });

  it('alice: W0, W1 and the already-covered partial W3 → 3 of 4 windows', () => {
    // windowsElapsed = 3 complete + 1 (partial window already covered) = 4; covered W0, W1, W3 = 3
    // onTime = 3 / 4 = 75 %; last check-in Feb 13 → 14 − 13 = 1 day ≤ 17: not overdue.
    expect(person('alice')).toEqual({
      personId: 'alice',
      managerId: 'm1',
      checkIns: 3,
      lastCheckInAt: '2024-02-13T16:00:00Z',
      recordedLate: 0,
      recordedLateByDays: 0,
      daysSinceLast: 1,
      windowsElapsed: 4,
      windowsCovered: 3,
      onTimePercent: 75,
      overdue: false,
      overdueByDays: 0,
    });
  });

  it('bob: one meeting on Jan 10 → 1 of 3 windows, 21 days overdue', () => {
    // Partial W3 is not covered so it does not count: elapsed 3, covered 1 → 100/3 = 33.33 %.
    // daysSinceLast = Jan 10 → Feb 14 = 21 + 14 = 35 > 17 → overdue by 35 − 14 = 21 days (due Jan 24).
    expect(person('bob')).toMatchObject({
      checkIns: 1,
      daysSinceLast: 35,
      windowsElapsed: 3,
      windowsCovered: 1,
      onTimePercent: 33.33,
      overdue: true,
      overdueByDays: 21,
    });
  });

  it('carol: never coached → counted from periodStart, 30 days overdue', () => {
    // daysSinceLast = Jan 1 → Feb 14 = 44 (from periodStart); overdue by 44 − 14 = 30; 0 of 3 windows → 0 %.
    expect(person('carol')).toMatchObject({
      checkIns: 0,
      lastCheckInAt: null,
      daysSinceLast: 44,
      windowsElapsed: 3,
      windowsCovered: 0,
      onTimePercent: 0,
      overdue: true,
      overdueByDays: 30,
    });
  });

  it('m1: two check-ins in W2 cover one window; 13 days since is within cadence + grace', () => {
    // covered 1 of 3 → 33.33 %; Feb 1 → Feb 14 = 13 days ≤ 17 → not overdue.
    expect(person('m1')).toMatchObject({
      checkIns: 2,
      daysSinceLast: 13,
      windowsCovered: 1,
      windowsElapsed: 3,
      onTimePercent: 33.33,
      overdue: false,
    });
  });

  it('pools windows per manager and sorts managers by id', () => {
    // m1: alice 3/4 + bob 1/3 → 4 / 7 = 57.142857 → 57.14 %; m2: carol 0/3 → 0 %.
    expect(r.managers).toEqual([
      {
        managerId: 'm1',
        reports: 2,
        onTimePercent: 57.14,
        overdue: ['bob'],
        recordedLate: 0,
        recordedLateByDays: 0,
      },
      {
        managerId: 'm2',
        reports: 1,
        onTimePercent: 0,
        overdue: ['carol'],
        recordedLate: 0,
        recordedLateByDays: 0,
      },
    ]);
  });

  it('gives organisation totals and the overdue list, most overdue first', () => {
    // check-ins 3 + 1 + 0 + 2 = 6; elapsed 4 + 3 + 3 + 3 = 13; covered 3 + 1 + 0 + 1 = 5;
    // 500 / 13 = 38.4615 → 38.46 %.
    expect(r.totals).toEqual({
      people: 4,
      checkIns: 6,
      windowsElapsed: 13,
      windowsCovered: 5,
      onTimePercent: 38.46,
      overdue: 2,
      recordedLate: 0,
    });
    expect(r.overdue).toEqual([
      { personId: 'carol', managerId: 'm2', overdueByDays: 30 },
      { personId: 'bob', managerId: 'm1', overdueByDays: 21 },
    ]);
  });
});

describe('coachingTimeliness — check-ins recorded late (backdated)', () => {
  // Biweekly, grace 3, recording grace 7; observed Jan 1 – Feb 14 (asOf Feb 15): windows W0 Jan 1–14, W1 Jan 15–28,
  // W2 Jan 29 – Feb 11, partial W3 Feb 12–14.
  const people = [
    { id: 'ann', managerId: 'm1' },
    { id: 'ben', managerId: 'm1' },
    { id: 'cai', managerId: 'm2' },
  ];
  const run = (checkIns: RecordedCheckIn[], asOf = '2024-02-15') =>
    unwrap(coachingTimeliness({ people, checkIns, periodStart: '2024-01-01', asOf }, biweekly));

  it('a check-in recorded weeks after its date counts at its recording: the missed windows stay missed', () => {
    // Ann's meetings are dated Jan 10 and Jan 24 but were both written up on Feb 14 (35 and 21 days after):
    // they count on Feb 14 (the partial W3), so W0–W2 stay uncovered: 1 of 4, not 2 of 3 as dated.
    const r = run([
      checkIn('ann', 'm1', '2024-01-10T10:00:00Z', { recordedAt: '2024-02-14T17:00:00Z' }),
      checkIn('ann', 'm1', '2024-01-24T10:00:00Z', { recordedAt: '2024-02-14T17:05:00Z' }),
    ]);
    expect(r.people[0]).toEqual({
      personId: 'ann',
      managerId: 'm1',
      checkIns: 2,
      lastCheckInAt: '2024-02-14T17:05:00Z',
      recordedLate: 2,
      recordedLateByDays: 35,
      daysSinceLast: 0,
      windowsElapsed: 4,
      windowsCovered: 1,
      onTimePercent: 25,
      overdue: false,
      overdueByDays: 0,
    });
    // The day before they were recorded she was overdue (never coached as far as anyone could see), and so she stays
    // in a report as of then: a check-in counts from the time it exists.
    const before = run(
      [checkIn('ann', 'm1', '2024-01-10T10:00:00Z', { recordedAt: '2024-02-14T17:00:00Z' })],
      '2024-02-14',
    );
    expect(before.people[0]).toMatchObject({
      checkIns: 0,
      recordedLate: 0,
      lastCheckInAt: null,
      overdue: true,
      overdueByDays: 29,
    });
    expect(r.totals).toMatchObject({ checkIns: 2, recordedLate: 2 });
  });

  it('a check-in recorded within the recording grace counts at its date and is not flagged', () => {
    // Recorded 7 days 23 hours after: still within 7 whole days → W0 covered as dated.
    const r = run([checkIn('ben', 'm1', '2024-01-10T10:00:00Z', { recordedAt: '2024-01-18T09:00:00Z' })]);
    expect(r.people[1]).toMatchObject({
      checkIns: 1,
      lastCheckInAt: '2024-01-10T10:00:00Z',
      recordedLate: 0,
      recordedLateByDays: 0,
      windowsCovered: 1,
      daysSinceLast: 35,
    });
    // One hour later (8 whole days): it counts on Jan 18, in W1.
    const late = run([checkIn('ben', 'm1', '2024-01-10T10:00:00Z', { recordedAt: '2024-01-18T10:00:00Z' })]);
    expect(late.people[1]).toMatchObject({
      checkIns: 1,
      lastCheckInAt: '2024-01-18T10:00:00Z',
      recordedLate: 1,
      recordedLateByDays: 8,
      windowsCovered: 1,
      daysSinceLast: 27,
    });
  });

  it('pools late-recorded check-ins per manager (count, longest delay) and in the totals', () => {
    const r = run([
      checkIn('ann', 'm1', '2024-01-03T10:00:00Z', { recordedAt: '2024-01-20T10:00:00Z' }), // 17 days after
      checkIn('ben', 'm1', '2024-01-05T10:00:00Z', { recordedAt: '2024-02-01T12:00:00Z' }), // 27 days after
      checkIn('ben', 'm1', '2024-02-02T10:00:00Z', { recordedAt: '2024-02-02T11:00:00Z' }), // prompt
      checkIn('cai', 'm2', '2024-01-30T10:00:00Z', { recordedAt: '2024-02-05T10:00:00Z' }), // 6 days: in time
    ]);
    expect(r.managers.map((m) => [m.managerId, m.recordedLate, m.recordedLateByDays])).toEqual([
      ['m1', 2, 27],
      ['m2', 0, 0],
    ]);
    expect(r.people.map((p) => [p.personId, p.checkIns, p.recordedLate])).toEqual([
      ['ann', 1, 1],
      ['ben', 2, 1],
      ['cai', 1, 0],
    ]);
    expect(r.totals).toMatchObject({ checkIns: 4, recordedLate: 2 });
    expect(r.recordingGraceDays).toBe(7);
  });

  it('ignores progress notes by the person themselves, imported late or not (Notion notes): never counted, never flagged', () => {
    const r = run([checkIn('cai', 'cai', '2024-01-05T10:00:00Z', { recordedAt: '2024-02-10T10:00:00Z' })]);
    expect(r.people[2]).toMatchObject({ checkIns: 0, recordedLate: 0, recordedLateByDays: 0, overdue: true });
    expect(r.totals.recordedLate).toBe(0);
  });

  it('a late check-in recorded on or after asOf is not in the report yet', () => {
    const r = run([checkIn('ann', 'm1', '2024-02-01T10:00:00Z', { recordedAt: '2024-02-15T00:00:00Z' })]);
    expect(r.people[0]).toMatchObject({ checkIns: 0, recordedLate: 0, lastCheckInAt: null });
  });

  it('follows the policy: with a recording grace of 0 a check-in must be recorded within a day', () => {
    const strict: Pick<Policy, 'coaching'> = { coaching: { ...biweekly.coaching, recordingGraceDays: 0 } };
    const r = (recordedAt: string) =>
      unwrap(
        coachingTimeliness(
          {
            people,
            checkIns: [checkIn('ann', 'm1', '2024-01-10T10:00:00Z', { recordedAt })],
            periodStart: '2024-01-01',
            asOf: '2024-02-15',
          },
          strict,
        ),
      ).people[0];
    expect(r('2024-01-11T09:59:59.999Z')).toMatchObject({
      recordedLate: 0,
      lastCheckInAt: '2024-01-10T10:00:00Z',
    });
    expect(r('2024-01-11T10:00:00Z')).toMatchObject({
      recordedLate: 1,
      recordedLateByDays: 1,
      lastCheckInAt: '2024-01-11T10:00:00Z',
    });
  });
});

describe('coachingTimeliness — edges', () => {
  const weekly: Pick<Policy, 'coaching'> = {
    coaching: { cadence: 'weekly', graceDays: 0, recordingGraceDays: 7 },
  };

  it('is 100 % on time when no window has elapsed yet', () => {
    // asOf = periodStart + 5 days, weekly cadence: 0 complete windows, partial not covered → 0 elapsed.
    const r = unwrap(
      coachingTimeliness(
        {
          people: [{ id: 'p', managerId: 'm' }],
          checkIns: [],
          periodStart: '2024-03-01',
          asOf: '2024-03-06',
        },
        weekly,
      ),
    );
    expect(r.people[0]).toMatchObject({
      windowsElapsed: 0,
      windowsCovered: 0,
      onTimePercent: 100,
      // Observed Mar 1–5: 4 days since the period started.
      daysSinceLast: 4,
    });
    expect(r.managers[0]?.onTimePercent).toBe(100);
  });

  it('flags exactly one day past cadence + grace', () => {
    // weekly, grace 0, a check-in on Mar 1: on Mar 8 (observed through Mar 8: asOf Mar 9) the next one is due today,
    // not overdue; on Mar 9 it is overdue by 8 − 7 = 1 day. On the check-in's own day, 0 days have passed.
    const mk = (asOf: string) =>
      unwrap(
        coachingTimeliness(
          {
            people: [{ id: 'p', managerId: 'm' }],
            checkIns: [checkIn('p', 'm', '2024-03-01T10:00:00Z')],
            periodStart: '2024-03-01',
            asOf,
          },
          weekly,
        ),
      ).people[0];
    expect(mk('2024-03-02')).toMatchObject({ daysSinceLast: 0, overdue: false, overdueByDays: 0 });
    expect(mk('2024-03-09')).toMatchObject({ daysSinceLast: 7, overdue: false, overdueByDays: 0 });
    expect(mk('2024-03-10')).toMatchObject({ daysSinceLast: 8, overdue: true, overdueByDays: 1 });
  });

  it('uses the control preset cadence (weekly, grace 2)', () => {
    // 21 days, weekly → 3 complete windows; one check-in on day 0 → 1 / 3 = 33.33 %; observed through day 20:
    // 20 > 9 → overdue by 20 − 7 = 13.
    const r = unwrap(
      coachingTimeliness(
        {
          people: [{ id: 'p', managerId: 'm' }],
          checkIns: [checkIn('p', 'm', '2024-03-01T10:00:00Z')],
          periodStart: '2024-03-01',
          asOf: '2024-03-22',
        },
        POLICY_PRESETS.control,
      ),
    );
    expect(r.people[0]).toMatchObject({ windowsElapsed: 3, onTimePercent: 33.33, overdueByDays: 13 });
  });

  it('refuses asOf before periodStart and duplicate people', () => {
    const bad = coachingTimeliness(
      { people: [], checkIns: [], periodStart: '2024-03-02', asOf: '2024-03-01' },
      weekly,
    );
    expect(bad.ok ? null : bad.error.code).toBe('invalid_period');
    const dup = coachingTimeliness(
      {
        people: [
          { id: 'p', managerId: null },
          { id: 'p', managerId: null },
        ],
        checkIns: [],
        periodStart: '2024-03-01',
        asOf: '2024-03-02',
      },
      weekly,
    );
    expect(dup.ok ? null : dup.error).toMatchObject({ code: 'duplicate_person', path: ['people', 1, 'id'] });
  });

  it('picks the greater check-in id as the last one when two share an instant', () => {
    const a = checkIn('p', 'm', '2024-03-02T10:00:00Z', { id: 'zz' });
    const b = checkIn('p', 'm2', '2024-03-02T05:00:00-05:00', { id: 'aa' }); // same instant
    const run = (list: RecordedCheckIn[]) =>
      unwrap(
        coachingTimeliness(
          {
            people: [{ id: 'p', managerId: 'm' }],
            checkIns: list,
            periodStart: '2024-03-01',
            asOf: '2024-03-05',
          },
          weekly,
        ),
      ).people[0]?.lastCheckInAt;
    expect(run([a, b])).toBe('2024-03-02T10:00:00Z');
    expect(run([b, a])).toBe('2024-03-02T10:00:00Z');
  });
});

describe('coachingTimeliness — invariants', () => {
  const arbScenario = fc.record({
    cadence: fc.constantFrom('weekly' as const, 'biweekly' as const, 'monthly' as const),
    graceDays: fc.integer({ min: 0, max: 10 }),
    days: fc.integer({ min: 0, max: 200 }),
    people: fc.integer({ min: 1, max: 8 }),
    recordingGraceDays: fc.integer({ min: 0, max: 30 }),
    checkIns: fc.array(
      fc.record({
        subject: fc.integer({ min: 0, max: 9 }),
        author: fc.integer({ min: 0, max: 9 }),
        minute: fc.integer({ min: -20 * 1440, max: 220 * 1440 }),
        // Recorded up to 5 minutes ahead (client clock skew) to 60 days after it happened.
        delayMinutes: fc.integer({ min: -5, max: 60 * 1440 }),
      }),
      { maxLength: 40 },
    ),
  });

  type Scenario = {
    cadence: 'weekly' | 'biweekly' | 'monthly';
    graceDays: number;
    days: number;
    people: number;
    recordingGraceDays: number;
    checkIns: { subject: number; author: number; minute: number; delayMinutes: number }[];
  };
  const policyOf = (s: Scenario): Pick<Policy, 'coaching'> => ({
    coaching: { cadence: s.cadence, graceDays: s.graceDays, recordingGraceDays: s.recordingGraceDays },
  });

  function build(s: Scenario): CoachingTimelinessInput {
    const start = Date.parse('2024-01-01T00:00:00Z');
    const people = Array.from({ length: s.people }, (_, i) => ({
      id: `p${i}`,
      managerId: i === 0 ? null : `p${i % 2}`,
    }));
    const list = s.checkIns.map((c, k) => ({
      id: `c${String(k).padStart(3, '0')}`,
      subjectId: `p${c.subject}`,
      authorId: `p${c.author}`,
      at: new Date(start + c.minute * 60_000).toISOString(),
      recordedAt: new Date(start + (c.minute + c.delayMinutes) * 60_000).toISOString(),
    }));
    const asOf = new Date(start + s.days * 86_400_000).toISOString().slice(0, 10);
    return { people, checkIns: list, periodStart: '2024-01-01', asOf };
  }

  const strip = (r: CoachingTimeliness) => JSON.stringify(r);

  it('keeps windows, percentages and overdue flags consistent', () => {
    fc.assert(
      fc.property(arbScenario, (s) => {
        const r = unwrap(coachingTimeliness(build(s), policyOf(s)));
        let elapsed = 0;
        let covered = 0;
        let late = 0;
        for (const p of r.people) {
          expect(p.windowsCovered).toBeLessThanOrEqual(p.windowsElapsed);
          expect(p.windowsElapsed).toBeGreaterThanOrEqual(r.completeWindows);
          expect(p.windowsElapsed).toBeLessThanOrEqual(r.completeWindows + 1);
          expect(p.onTimePercent).toBeGreaterThanOrEqual(0);
          expect(p.onTimePercent).toBeLessThanOrEqual(100);
          expect(p.daysSinceLast).toBeLessThanOrEqual(r.daysElapsed);
          expect(p.overdue).toBe(p.daysSinceLast > r.cadenceDays + s.graceDays);
          expect(p.overdueByDays > 0).toBe(p.overdue);
          if (p.checkIns === 0) expect(p.windowsCovered).toBe(0);
          expect(p.recordedLate).toBeLessThanOrEqual(p.checkIns);
          expect(p.recordedLate > 0).toBe(p.recordedLateByDays > s.recordingGraceDays);
          if (p.recordedLate === 0) expect(p.recordedLateByDays).toBe(0);
          elapsed += p.windowsElapsed;
          covered += p.windowsCovered;
          late += p.recordedLate;
        }
        for (const m of r.managers) {
          const reports = r.people.filter((p) => p.managerId === m.managerId);
          expect(m.recordedLate).toBe(reports.reduce((sum, p) => sum + p.recordedLate, 0));
          expect(m.recordedLateByDays).toBe(Math.max(0, ...reports.map((p) => p.recordedLateByDays)));
        }
        expect(r.totals.recordedLate).toBe(late);
        expect(r.totals.windowsElapsed).toBe(elapsed);
        expect(r.totals.windowsCovered).toBe(covered);
        expect(r.totals.overdue).toBe(r.overdue.length);
        for (let i = 1; i < r.overdue.length; i++) {
          const a = r.overdue[i - 1];
          const b = r.overdue[i];
          if (!a || !b) continue;
          expect(
            a.overdueByDays > b.overdueByDays ||
              (a.overdueByDays === b.overdueByDays && a.personId < b.personId),
          ).toBe(true);
        }
      }),
    );
  });

  it('does not depend on the order of check-ins', () => {
    fc.assert(
      fc.property(arbScenario, fc.integer({ min: 0, max: 1000 }), (s, shift) => {
        const policy = policyOf(s);
        const input = build(s);
        const n = input.checkIns.length;
        const rotated = [
          ...input.checkIns.slice(shift % Math.max(n, 1)),
          ...input.checkIns.slice(0, shift % Math.max(n, 1)),
        ];
        const reversed = [...input.checkIns].reverse();
        const base = strip(unwrap(coachingTimeliness(input, policy)));
        expect(strip(unwrap(coachingTimeliness({ ...input, checkIns: reversed }, policy)))).toBe(base);
        expect(strip(unwrap(coachingTimeliness({ ...input, checkIns: rotated }, policy)))).toBe(base);
      }),
    );
  });

  it('handles 100,000 people with 4 check-ins each at full scale', () => {
    const n = 100_000;
    const people = Array.from({ length: n }, (_, i) => ({ id: `p${i}`, managerId: `m${i % 10_000}` }));
    const checkIns: { id: string; subjectId: string; authorId: string; at: string; recordedAt: string }[] =
      [];
    const start = Date.parse('2024-01-01T00:00:00Z');
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < 4; k++) {
        const at = new Date(start + ((i * 7 + k * 13) % 180) * 86_400_000 + 36_000_000).toISOString();
        checkIns.push({
          id: `c${i}-${k}`,
          subjectId: `p${i}`,
          authorId: `m${i % 10_000}`,
          at,
          recordedAt: at,
        });
      }
    }
    const r = unwrap(
      coachingTimeliness({ people, checkIns, periodStart: '2024-01-01', asOf: '2024-06-29' }, biweekly),
    );
    expect(r.totals.checkIns).toBe(4 * n);
    expect(r.managers).toHaveLength(10_000);
  });
});

describe('coaching ends when the cycle leaves coach', () => {
  const move = (
    from: TransitionRecord['from'],
    to: TransitionRecord['to'],
    at: string,
  ): TransitionRecord => ({
    from,
    to,
    at,
    actorId: 'hr',
    override: null,
    skipped: [],
  });
  const dates = { startsOn: '2024-01-01', endsOn: '2024-06-30' };
  const inCoach = { ...dates, history: [move('plan', 'coach', '2024-01-02T08:00:00Z')] };
  const leftCoach = {
    ...dates,
    history: [...inCoach.history, move('coach', 'appraise', '2024-02-14T17:30:00Z')],
  };

  it('has no end while the cycle is in plan or coach; then the day of the move out of coach (or over it)', () => {
    expect(coachingEndedOn({ ...dates, history: [] })).toBeNull();
    expect(coachingEndedOn(inCoach)).toBeNull();
    expect(coachingEndedOn(leftCoach)).toBe('2024-02-14');
    // Later moves do not move the end of coaching.
    const later = {
      ...leftCoach,
      history: [...leftCoach.history, move('appraise', 'calibrate', '2024-03-20T09:00:00Z')],
    };
    expect(coachingEndedOn(later)).toBe('2024-02-14');
    // Jumping over coach ends it too.
    expect(
      coachingEndedOn({
        ...dates,
        history: [{ ...move('plan', 'appraise', '2024-01-20T09:00:00Z'), skipped: ['coach'] }],
      }),
    ).toBe('2024-01-20');
    // Never after the cycle's last day.
    expect(
      coachingEndedOn({
        ...dates,
        history: [...inCoach.history, move('coach', 'appraise', '2024-08-01T09:00:00Z')],
      }),
    ).toBe('2024-06-30');
  });

  it('asOf runs through today during coaching and is frozen through the last day of coaching after it', () => {
    expect(coachingAsOf(inCoach, '2024-03-01')).toBe('2024-03-02');
    expect(coachingAsOf(inCoach, '2024-09-01')).toBe('2024-07-01');
    expect(coachingAsOf(leftCoach, '2024-03-01')).toBe('2024-02-15');
    expect(coachingAsOf(leftCoach, '2024-12-31')).toBe('2024-02-15');
    // An earlier asOf asked for is kept; a later one is held at the end of coaching; never before the start.
    expect(coachingAsOf(leftCoach, '2024-12-31', '2024-02-01')).toBe('2024-02-01');
    expect(coachingAsOf(leftCoach, '2024-12-31', '2024-05-01')).toBe('2024-02-15');
    expect(coachingAsOf(leftCoach, '2024-12-31', '2023-05-01')).toBe('2024-01-01');
  });

  it('an overdue figure stops growing once coaching has ended', () => {
    const people = [{ id: 'bob', managerId: 'm1' }];
    const checkIns = [checkIn('bob', 'm1', '2024-01-10T11:00:00Z')];
    const overdueBy = (today: string) =>
      unwrap(
        coachingTimeliness(
          { people, checkIns, periodStart: dates.startsOn, asOf: coachingAsOf(leftCoach, today) },
          biweekly,
        ),
      ).people[0]?.overdueByDays;
    // Jan 10 → Feb 14 (the last day of coaching) is 35 days: 21 past the 14-day cadence, whenever it is asked.
    expect(overdueBy('2024-02-20')).toBe(21);
    expect(overdueBy('2024-05-01')).toBe(21);
    // While coaching runs the figure is live.
    const live = (today: string) =>
      unwrap(
        coachingTimeliness(
          { people, checkIns, periodStart: dates.startsOn, asOf: coachingAsOf(inCoach, today) },
          biweekly,
        ),
      ).people[0]?.overdueByDays;
    expect(live('2024-02-20')).toBe(27);
  });
});

describe('latestActuals', () => {
  it('takes the latest numeric update per goal; null actuals never erase a number', () => {
    const list = [
      checkIn('p', 'm', '2024-01-10T10:00:00Z', {
        goalUpdates: [{ goalId: 'g1', actual: 10, progressNote: '' }],
      }),
      checkIn('p', 'm', '2024-01-20T10:00:00Z', {
        goalUpdates: [
          { goalId: 'g1', actual: 25, progressNote: '' },
          { goalId: 'g2', actual: 3, progressNote: '' },
        ],
      }),
      // Later in time but written with an offset: 2024-01-20T06:00-05:00 = 11:00 UTC > 10:00 UTC.
      checkIn('p', 'm', '2024-01-20T06:00:00-05:00', {
        goalUpdates: [{ goalId: 'g2', actual: 4, progressNote: '' }],
      }),
      checkIn('p', 'm', '2024-01-25T10:00:00Z', {
        goalUpdates: [{ goalId: 'g1', actual: null, progressNote: 'blocked' }],
      }),
      checkIn('p', 'm', '2024-01-05T10:00:00Z', {
        goalUpdates: [{ goalId: 'g3', actual: 0, progressNote: '' }],
      }),
    ];
    // g1: 10 (Jan 10) → 25 (Jan 20); the Jan 25 update has no number. g2: 3 at 10:00Z → 4 at 11:00Z.
    // Keys in order of first appearance.
    expect([...latestActuals(list)]).toEqual([
      ['g1', 25],
      ['g2', 4],
      ['g3', 0],
    ]);
  });

  it('breaks ties on the same instant by the greater check-in id', () => {
    const a = checkIn('p', 'm', '2024-01-10T10:00:00Z', {
      id: 'b',
      goalUpdates: [{ goalId: 'g', actual: 2, progressNote: '' }],
    });
    const b = checkIn('p', 'm', '2024-01-10T10:00:00Z', {
      id: 'a',
      goalUpdates: [{ goalId: 'g', actual: 1, progressNote: '' }],
    });
    expect(latestActuals([a, b]).get('g')).toBe(2);
    expect(latestActuals([b, a]).get('g')).toBe(2);
  });

  it('agrees with a brute-force maximum and ignores input order', () => {
    const arb = fc.array(
      fc.record({
        id: fc.constantFrom('a', 'b', 'c', 'd', 'e'),
        minute: fc.integer({ min: 0, max: 30 }),
        goal: fc.constantFrom('g1', 'g2', 'g3'),
        actual: fc.option(fc.integer({ min: -5, max: 5 }), { nil: null }),
      }),
      { maxLength: 25 },
    );
    fc.assert(
      fc.property(arb, (rows) => {
        // Distinct (id, minute) per row so the order key is total.
        const seen = new Set<string>();
        const unique = rows.filter((r) => !seen.has(`${r.id}${r.minute}`) && seen.add(`${r.id}${r.minute}`));
        const list = unique.map((r) =>
          checkIn('p', 'm', new Date(Date.UTC(2024, 0, 1, 0, r.minute)).toISOString(), {
            id: r.id,
            goalUpdates: [{ goalId: r.goal, actual: r.actual, progressNote: '' }],
          }),
        );
        const expected = new Map<string, { key: string; actual: number }>();
        for (const r of unique) {
          if (r.actual === null) continue;
          const key = `${String(r.minute).padStart(2, '0')}|${r.id}`;
          const prev = expected.get(r.goal);
          if (!prev || key > prev.key) expected.set(r.goal, { key, actual: r.actual });
        }
        const got = latestActuals(list);
        expect(got.size).toBe(expected.size);
        for (const [goal, e] of expected) expect(got.get(goal)).toBe(e.actual);
        const sorted = (m: Map<string, number>) => [...m].sort((x, y) => (x[0] < y[0] ? -1 : 1));
        expect(sorted(latestActuals([...list].reverse()))).toEqual(sorted(got));
      }),
    );
  });
});
