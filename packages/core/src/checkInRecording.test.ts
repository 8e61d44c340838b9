// Tests for when a check-in counts: at its date when recorded within the policy's recording grace, else at its recording.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkInCounting, DEFAULT_RECORDING_GRACE_DAYS, recordingDelayDays } from './checkInRecording.ts';
import { POLICY_PRESETS, type Policy, PolicySchema } from './policy.ts';

const policy = (recordingGraceDays: number): Pick<Policy, 'coaching'> => ({
  coaching: { cadence: 'biweekly', graceDays: 3, recordingGraceDays },
});
const week = policy(7);

describe('checkInCounting', () => {
  it('counts a check-in recorded promptly at its date', () => {
    expect(
      checkInCounting({ at: '2026-10-05T09:00:00Z', recordedAt: '2026-10-05T09:40:12.345Z' }, week),
    ).toEqual({
      countsAt: '2026-10-05T09:00:00Z',
      recordedLate: false,
      recordedLateByDays: 0,
    });
  });

  it('counts a check-in recorded weeks later at its recording, flagged with the days it came after', () => {
    // A meeting dated in October, written up in December.
    expect(checkInCounting({ at: '2026-10-15T10:00:00Z', recordedAt: '2026-12-07T13:00:00Z' }, week)).toEqual(
      {
        countsAt: '2026-12-07T13:00:00Z',
        recordedLate: true,
        recordedLateByDays: 53,
      },
    );
  });

  it('the boundary is whole days of elapsed time: 7 days 23:59:59.999 is in time, 8 days is late', () => {
    const at = '2026-03-01T10:00:00Z';
    expect(checkInCounting({ at, recordedAt: '2026-03-08T10:00:00Z' }, week).recordedLate).toBe(false);
    expect(checkInCounting({ at, recordedAt: '2026-03-09T09:59:59.999Z' }, week)).toMatchObject({
      countsAt: at,
      recordedLate: false,
    });
    expect(checkInCounting({ at, recordedAt: '2026-03-09T10:00:00Z' }, week)).toEqual({
      countsAt: '2026-03-09T10:00:00Z',
      recordedLate: true,
      recordedLateByDays: 8,
    });
  });

  it('does not depend on the offset the times are written with (UTC+8, UTC−5, Z)', () => {
    // 09:00 in Shanghai on Oct 5 is 01:00Z; recorded 00:59:59Z eight days later → 7 whole days: in time,
    // though the Shanghai calendar says Oct 13 − Oct 5 = 8 days.
    const shanghai = '2026-10-05T09:00:00+08:00';
    expect(checkInCounting({ at: shanghai, recordedAt: '2026-10-13T00:59:59Z' }, week)).toMatchObject({
      countsAt: shanghai,
      recordedLate: false,
    });
    expect(checkInCounting({ at: shanghai, recordedAt: '2026-10-13T01:00:00Z' }, week)).toMatchObject({
      recordedLate: true,
      recordedLateByDays: 8,
    });
    // The same instants written in New York time decide the same way.
    expect(
      checkInCounting({ at: '2026-10-04T20:00:00-05:00', recordedAt: '2026-10-12T19:59:59-05:00' }, week),
    ).toMatchObject({ recordedLate: false });
    expect(
      checkInCounting({ at: '2026-10-04T20:00:00-05:00', recordedAt: '2026-10-12T20:00:00-05:00' }, week),
    ).toMatchObject({ recordedLate: true, recordedLateByDays: 8 });
  });

  it('a time a little ahead of the recording (a client clock running fast) counts at its date', () => {
    expect(checkInCounting({ at: '2026-03-01T10:04:00Z', recordedAt: '2026-03-01T10:00:00Z' }, week)).toEqual(
      {
        countsAt: '2026-03-01T10:04:00Z',
        recordedLate: false,
        recordedLateByDays: 0,
      },
    );
  });

  it("follows the policy's recording grace: 0 days asks for the same 24 hours, the control preset 3 days", () => {
    const at = '2026-03-01T10:00:00Z';
    expect(checkInCounting({ at, recordedAt: '2026-03-02T09:59:00Z' }, policy(0)).recordedLate).toBe(false);
    expect(checkInCounting({ at, recordedAt: '2026-03-02T10:00:00Z' }, policy(0))).toMatchObject({
      recordedLate: true,
      recordedLateByDays: 1,
    });
    expect(
      checkInCounting({ at, recordedAt: '2026-03-05T09:00:00Z' }, POLICY_PRESETS.control).recordedLate,
    ).toBe(false);
    expect(checkInCounting({ at, recordedAt: '2026-03-05T10:00:00Z' }, POLICY_PRESETS.control)).toMatchObject(
      {
        recordedLate: true,
        recordedLateByDays: 4,
      },
    );
  });

  it('is late exactly when the whole days after exceed the grace, and then counts at the recording', () => {
    const base = Date.parse('2026-01-01T00:00:00Z');
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 400 * 86_400_000 }),
        fc.integer({ min: -300_000, max: 90 * 86_400_000 }),
        fc.integer({ min: 0, max: 30 }),
        (offset, delay, grace) => {
          const at = new Date(base + offset).toISOString();
          const recordedAt = new Date(base + offset + delay).toISOString();
          const r = checkInCounting({ at, recordedAt }, policy(grace));
          const days = delay > 0 ? Math.floor(delay / 86_400_000) : 0;
          expect(r.recordedLate).toBe(days > grace);
          expect(r.countsAt).toBe(r.recordedLate ? recordedAt : at);
          expect(r.recordedLateByDays).toBe(r.recordedLate ? days : 0);
          expect(recordingDelayDays(Date.parse(at), Date.parse(recordedAt))).toBe(days);
        },
      ),
    );
  });
});

describe('coaching.recordingGraceDays in the policy', () => {
  const stored = { ...POLICY_PRESETS.incentive, coaching: { cadence: 'biweekly', graceDays: 3 } };

  it('defaults to 7 days for a policy stored before the setting existed', () => {
    const parsed = PolicySchema.parse(stored);
    expect(parsed.coaching.recordingGraceDays).toBe(DEFAULT_RECORDING_GRACE_DAYS);
    expect(DEFAULT_RECORDING_GRACE_DAYS).toBe(7);
    expect(POLICY_PRESETS.incentive.coaching.recordingGraceDays).toBe(7);
    expect(POLICY_PRESETS.control.coaching.recordingGraceDays).toBe(3);
  });

  it('accepts whole days from 0 to 30 and refuses anything else', () => {
    const withGrace = (recordingGraceDays: unknown) =>
      PolicySchema.safeParse({ ...stored, coaching: { ...stored.coaching, recordingGraceDays } });
    for (const ok of [0, 7, 30]) expect(withGrace(ok).success).toBe(true);
    for (const bad of [-1, 31, 2.5, '7', null]) {
      const r = withGrace(bad);
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.path).toEqual(['coaching', 'recordingGraceDays']);
    }
  });
});
